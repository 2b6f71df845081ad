//! Editing a note in place for `kith log`: add one log entry (and optionally
//! update `last_contact`), leaving every other byte as it was: line endings,
//! BOM, trailing newline, front matter formatting.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::vault::split_front_matter;

mod checked;
mod order;

pub use checked::{log_entry_checked, set_field_checked, touch_checked};

/// The text of a new entry as `kith log` writes it: one line (line breaks as
/// spaces, other control characters dropped), and when it opens a comment it
/// does not close (`%%`, `<!--`), the opener escaped (`%\%`, `<!-\-`, shown as
/// typed), so the entry cannot hide the rest of the note.
pub fn entry_text(text: &str) -> String {
    let text = crate::note::fields::one_line(text);
    let closed = |c: &str| {
        (c.len() >= 4 && c.starts_with("%%") && c.ends_with("%%")) || (c.starts_with("<!--") && c[4..].contains("-->"))
    };
    if crate::note::comments::spans(&text).iter().all(|&(s, e)| closed(&text[s..e])) {
        return text;
    }
    let mut text = text.replace("<!--", "<!-\\-");
    while text.contains("%%") {
        text = text.replace("%%", "%\\%");
    }
    text
}

/// The note's text with `entry` (e.g. `2026-11-23 Coffee #got`) added to its
/// Log section in the date order the Log already uses (see `order`), created
/// at the end when there is none.
pub fn add_log_entry(text: &str, entry: &str) -> String {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let body_start = split_front_matter(text).ok().map_or(0, |s| text.len() - s.body.len());
    // Laid out on the body as kith reads it: commented-out text (a `## Log`
    // heading or entries inside `%% %%` or `<!-- -->`) is blanked, offsets kept.
    let body = &*crate::note::comments::blank(&text[body_start..]);
    let out = match log_section(body) {
        Some(section) => {
            let date = crate::note::dates::date_prefix(entry).and_then(|(date, _)| date.ok());
            let (before, marker) = match date {
                Some(date) => order::insert_point(&body[section.heading_end..section.end], date),
                None => (None, None),
            };
            let style = match marker {
                Some(marker) => marker.to_string(),
                None => {
                    section.heading_entries.map_or_else(|| "- ".to_string(), |level| format!("{} ", "#".repeat(level)))
                }
            };
            if let Some(offset) = before {
                let insert_at = body_start + section.heading_end + offset;
                return format!("{bom}{}{style}{entry}{nl}{}", &text[..insert_at], &text[insert_at..]);
            }
            let content = &body[..section.end];
            // After the last non-blank line of the section (or the heading itself), past
            // a comment that ends on that line; before one that goes on below it.
            let last =
                content[section.heading_end..].trim_end_matches([' ', '\t', '\r', '\n']).len() + section.heading_end;
            let original = &text[body_start..];
            let line_end = last + original[last..].find(['\r', '\n']).unwrap_or(original.len() - last);
            let line_end = original[..line_end].trim_end_matches([' ', '\t']).len().max(last);
            let in_comment = crate::note::comments::spans(original).iter().any(|&(s, e)| s < line_end && line_end < e);
            let insert_at = body_start + if in_comment { last } else { line_end };
            let line = format!("{nl}{style}{entry}");
            let mut out = String::with_capacity(text.len() + line.len());
            out.push_str(&text[..insert_at]);
            out.push_str(&line);
            out.push_str(&text[insert_at..]);
            out
        }
        None => {
            // Every byte stays, trailing blank lines and spaces too: the heading
            // goes after them, on a line of its own after one blank line.
            let trimmed = text.trim_end_matches([' ', '\t', '\r', '\n']);
            let tail = &text[trimmed.len()..];
            let mut out = String::from(text);
            let mut breaks = tail.matches('\n').count();
            if !tail.is_empty() && !tail.ends_with('\n') {
                out.push_str(nl);
                breaks += 1;
            }
            if !trimmed.is_empty() {
                for _ in breaks..2 {
                    out.push_str(nl);
                }
            }
            out.push_str(&format!("## Log{nl}{nl}- {entry}"));
            if text.ends_with('\n') || trimmed.is_empty() {
                out.push_str(nl);
            }
            out
        }
    };
    format!("{bom}{out}")
}

struct Section {
    /// Offset just after the Log heading.
    heading_end: usize,
    /// Offset where the section ends (the next heading of its level or above, or the end).
    end: usize,
    /// When the entries are sub-headings: their level.
    heading_entries: Option<usize>,
}

fn log_section(body: &str) -> Option<Section> {
    let mut found: Option<(HeadingLevel, usize)> = None;
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    let mut sub_heading_level = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, range.start, String::new())),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some((_, start, text)) = heading.take() else { continue };
                match found {
                    Some((log_level, heading_end)) if level <= log_level => {
                        return Some(Section { heading_end, end: start, heading_entries: sub_heading_level });
                    }
                    // A Log heading inside the Log starts the section again, as the parser reads it.
                    _ if text.trim().eq_ignore_ascii_case("log") => {
                        found = Some((level, body[..range.end].trim_end_matches(['\r', '\n']).len()));
                        sub_heading_level = None;
                    }
                    Some(_) if crate::note::dates::date_prefix(text.trim_start()).is_some() => {
                        sub_heading_level = Some(level as usize);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    found.map(|(_, heading_end)| Section { heading_end, end: body.len(), heading_entries: sub_heading_level })
}

/// Set `last_contact: DATE` in the front matter, changing only that line (or
/// adding it before the closing fence). `None` when there is no front matter.
pub fn touch_last_contact(text: &str, date: &str) -> Option<String> {
    set_front_field(text, &last_contact_key(text), date)
}

/// The note's own spelling of `last_contact` (`Last Contact`, `last-contact`,
/// `last_contacted`), else kith's.
pub fn last_contact_key(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let front = split_front_matter(text).ok().and_then(|s| s.front);
    front.and_then(|f| crate::note::recognise::spelling_in(f, "last_contact")).unwrap_or_else(|| "last_contact".into())
}

/// Set `key: new` in the front matter, changing only that value (a block-style
/// or multi-line value is replaced whole, an anchor `&a` kept), or adding it
/// before the closing fence. `None` when there is no front matter.
pub fn set_front_field(text: &str, key: &str, new: &str) -> Option<String> {
    let prefix = format!("{key}:");
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let split = split_front_matter(rest).ok()?;
    let front = split.front?;
    let yaml_start = front.yaml.as_ptr() as usize - rest.as_ptr() as usize;
    let yaml_end = yaml_start + front.yaml.len();
    let mut offset = yaml_start;
    let mut lines = front.yaml.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if let Some(after) = line.strip_prefix(&prefix) {
            let old = after.trim_end_matches(['\r', '\n']);
            // Keep an anchor (`&d`): other fields may alias it.
            let anchor = old.trim_start().strip_prefix('&').map(|a| a.split_whitespace().next().unwrap_or(""));
            let anchor = anchor.map_or(String::new(), |a| format!("&{a} "));
            let scalar = old.trim_start().trim_start_matches(anchor.trim_end()).trim_start();
            let block = scalar.is_empty() || scalar.starts_with(['|', '>']);
            let comment = if block { "" } else { old.find(" #").map_or("", |i| &old[i..]) };
            let mut value_end = offset + prefix.len() + old.len();
            if block || !scalar.starts_with(['"', '\'']) {
                // A block or multi-line value goes on over the indented lines below it.
                let mut end = offset + line.len();
                while let Some(next) =
                    lines.peek().filter(|l| l.starts_with([' ', '\t']) && (block || !l.trim_start().starts_with('#')))
                {
                    end += next.len();
                    value_end = end - (next.len() - next.trim_end_matches(['\r', '\n']).len());
                    lines.next();
                }
            }
            return Some(format!("{bom}{}{key}: {anchor}{new}{comment}{}", &rest[..offset], &rest[value_end..]));
        }
        offset += line.len();
    }
    let nl = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    let needs_nl = !front.yaml.is_empty() && !front.yaml.ends_with('\n');
    Some(format!("{bom}{}{}{key}: {new}{nl}{}", &rest[..yaml_end], if needs_nl { nl } else { "" }, &rest[yaml_end..]))
}

/// Add `key: value` lines for keys the front matter does not have (or has
/// empty), before its closing fence; every other byte stays. A note without
/// front matter gets one at the top.
pub fn add_missing_fields(text: &str, fields: &[(&str, String)], present: &dyn Fn(&str) -> bool) -> String {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let nl = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: String = fields.iter().filter(|(k, _)| !present(k)).map(|(k, v)| format!("{k}: {v}{nl}")).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    match split_front_matter(rest).ok().and_then(|s| s.front) {
        Some(front) => {
            let yaml_end = front.yaml.as_ptr() as usize - rest.as_ptr() as usize + front.yaml.len();
            let needs_nl = !front.yaml.is_empty() && !front.yaml.ends_with('\n');
            format!("{bom}{}{}{lines}{}", &rest[..yaml_end], if needs_nl { nl } else { "" }, &rest[yaml_end..])
        }
        None => format!("{bom}---{nl}{lines}---{nl}{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: &str = "2026-11-23 Coffee #got";

    #[test]
    fn appends_after_the_last_entry_of_a_log_in_the_middle() {
        let text = "---\nname: A\n---\nIntro\n\n## Log\n- 2026-01-01 one\n- 2026-02-01 two\n\n## Notes\nmore\n";
        assert_eq!(
            add_log_entry(text, E),
            "---\nname: A\n---\nIntro\n\n## Log\n- 2026-01-01 one\n- 2026-02-01 two\n- 2026-11-23 Coffee #got\n\n## Notes\nmore\n"
        );
    }

    #[test]
    fn keeps_crlf_bom_and_missing_trailing_newline() {
        let text = "\u{feff}---\r\nname: A\r\n---\r\n## Log\r\n- 2026-01-01 one";
        assert_eq!(
            add_log_entry(text, E),
            "\u{feff}---\r\nname: A\r\n---\r\n## Log\r\n- 2026-01-01 one\r\n- 2026-11-23 Coffee #got"
        );
    }

    #[test]
    fn creates_the_section_when_missing() {
        assert_eq!(
            add_log_entry("---\nname: A\n---\nText.\n", E),
            "---\nname: A\n---\nText.\n\n## Log\n\n- 2026-11-23 Coffee #got\n"
        );
        assert_eq!(add_log_entry("", E), "## Log\n\n- 2026-11-23 Coffee #got\n");
        assert_eq!(add_log_entry("Text", E), "Text\n\n## Log\n\n- 2026-11-23 Coffee #got");
    }

    #[test]
    fn heading_style_logs_get_a_heading_entry() {
        let text = "# Log\n\n### 2026-01-01 Lunch\nDetails.\n\n# Other\n";
        assert_eq!(
            add_log_entry(text, E),
            "# Log\n\n### 2026-01-01 Lunch\nDetails.\n### 2026-11-23 Coffee #got\n\n# Other\n"
        );
    }

    /// Issue 12: the entry goes where it counts: not under a `## Log` that is
    /// commented out, after a comment closed on the last line, before one left open.
    #[test]
    fn comments_are_stepped_over() {
        let text = "%%\n## Log\n- 2026-01-01 old\n%%\n## Log\n- 2026-02-01 one %% aside %%\n\n## Next\n";
        assert_eq!(
            add_log_entry(text, E),
            "%%\n## Log\n- 2026-01-01 old\n%%\n## Log\n- 2026-02-01 one %% aside %%\n- 2026-11-23 Coffee #got\n\n## Next\n"
        );
        let open = "## Log\n- 2026-02-01 one\n%%\n- 2026-03-01 draft\n";
        assert_eq!(
            add_log_entry(open, E),
            "## Log\n- 2026-02-01 one\n- 2026-11-23 Coffee #got\n%%\n- 2026-03-01 draft\n"
        );
        assert!(log_entry_checked(open, E).is_ok());
        let newest_first = "## Log\n<!-- - 2026-12-01 x -->\n- 2026-05-01 five\n- 2026-01-01 one\n";
        assert_eq!(
            add_log_entry(newest_first, "2026-03-01 new"),
            "## Log\n<!-- - 2026-12-01 x -->\n- 2026-05-01 five\n- 2026-03-01 new\n- 2026-01-01 one\n"
        );
    }

    #[test]
    fn empty_log_section() {
        assert_eq!(add_log_entry("## Log\n", E), "## Log\n- 2026-11-23 Coffee #got\n");
    }

    #[test]
    fn touch_changes_only_that_line() {
        let text = "---\nname: A   # keep\nlast_contact: 2020-01-01 # old\nstage: seed\n---\nbody";
        assert_eq!(
            touch_last_contact(text, "2026-11-23").unwrap(),
            "---\nname: A   # keep\nlast_contact: 2026-11-23 # old\nstage: seed\n---\nbody"
        );
        let text = "---\r\nname: A\r\n---\r\nbody";
        assert_eq!(
            touch_last_contact(text, "2026-11-23").unwrap(),
            "---\r\nname: A\r\nlast_contact: 2026-11-23\r\n---\r\nbody"
        );
        assert_eq!(touch_last_contact("no front matter", "2026-11-23"), None);
    }

    #[test]
    fn missing_fields_are_added_before_the_fence_only() {
        let text = "---\r\nname: A # mine\r\ncompany: Mine\r\n---\r\nbody";
        let out = add_missing_fields(text, &[("company", "\"X\"".into()), ("email", "\"a@b\"".into())], &|k| {
            k == "name" || k == "company"
        });
        assert_eq!(out, "---\r\nname: A # mine\r\ncompany: Mine\r\nemail: \"a@b\"\r\n---\r\nbody");
        assert_eq!(add_missing_fields("body", &[("a", "1".into())], &|_| false), "---\na: 1\n---\nbody");
        assert_eq!(add_missing_fields(text, &[("name", "\"B\"".into())], &|_| true), text);
    }
}
