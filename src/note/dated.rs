//! Dated notes (daily and meeting notes) and Dataview inline fields: what a
//! note's body says outside a Log section, found line by line without a
//! markdown parse (a vault can hold thousands of daily notes).

use std::sync::LazyLock;

use chrono::NaiveDate;
use memchr::memmem;

use super::dates::date_prefix;
use super::link::{for_each_link, for_each_tag};
use super::log::{LogEntry, ParseMode, TagSet};
use super::md_link::for_each_md_link;
use super::names::NameList;

/// `2026-11-02.md`, `2026-11-02 Lunch with Ada.md`: the date a file name starts with.
pub fn date_of_name(stem: &str) -> Option<NaiveDate> {
    let b = stem.as_bytes();
    let shape = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && !b.get(10).is_some_and(u8::is_ascii_digit);
    if !shape {
        return None;
    }
    date_prefix(&stem[..10]).and_then(|(date, _)| date.ok())
}

/// A date written in front matter (`date: 2026-11-02`, also with a time).
pub fn date_of_value(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    date_of_name(text).or_else(|| date_prefix(text).and_then(|(date, _)| date.ok()))
}

/// Lines outside fenced code blocks, with their file line numbers.
fn prose_lines(body: &str, body_line: u32) -> impl Iterator<Item = (u32, &str)> {
    let mut fence: Option<(u8, usize)> = None;
    body.split('\n').zip(body_line..).filter_map(move |(line, number)| {
        let trimmed = line.trim_start_matches(' ');
        let ticks = trimmed.bytes().take_while(|&b| b == b'`' || b == b'~').count();
        let first = trimmed.as_bytes().first().copied();
        if line.len() - trimmed.len() < 4 && ticks >= 3 && trimmed.bytes().take(ticks).all(|b| Some(b) == first) {
            match fence {
                None => fence = first.map(|f| (f, ticks)),
                Some((f, n)) if Some(f) == first && ticks >= n => fence = None,
                Some(_) => {}
            }
            return None;
        }
        fence.is_none().then(|| (number, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// An open task (`- [ ] call [[Ada]]`) is a plan, not a contact.
fn is_open_task(line: &str) -> bool {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix(['-', '*', '+']).or_else(|| {
        trimmed
            .find(['.', ')'])
            .filter(|&i| i > 0 && trimmed[..i].bytes().all(|b| b.is_ascii_digit()))
            .map(|i| &trimmed[i + 1..])
    });
    rest.is_some_and(|r| r.trim_start().starts_with("[ ]"))
}

/// The text of a line without its list marker or checkbox.
fn line_text(line: &str) -> &str {
    let mut text = line.trim();
    if let Some(rest) = text.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with(' ')) {
        text = rest.trim_start();
    }
    for checkbox in ["[x] ", "[X] "] {
        text = text.strip_prefix(checkbox).unwrap_or(text);
    }
    // A front matter list item: `- "[[Ada]]"`.
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text)
}

/// The line with its inline code spans blanked (same length); an unclosed
/// backtick run stays as text, as in CommonMark.
fn without_code_spans(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = super::comments::code_span_len(&bytes[i..]);
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if len > run {
                out[i..i + len].fill(b' ');
            }
            i += len;
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| line.to_string())
}

/// Every line of a dated note that links something: one entry each, dated by
/// the note, with the line's tags and links. Whether a link is a person is for
/// the index to say. `front` is the note's front matter (the lines before
/// `front.0`) and the title its contacts read as: a front matter line
/// (`attendees: ["[[Ada]]"]`) is a contact, but its text is no news.
/// Markdown links to notes (`[Ada](people/Ada.md)`) count like wikilinks;
/// `folder` is the note's, which `../` paths start from.
pub fn linked_lines(
    body: &str,
    body_line: u32,
    date: NaiveDate,
    mode: ParseMode,
    front: Option<(u32, &str)>,
    folder: &str,
) -> Vec<LogEntry> {
    let has_links = |text: &[u8]| memmem::find(text, b"[[").is_some() || memmem::find(text, b"](").is_some();
    if !has_links(body.as_bytes()) {
        return Vec::new();
    }
    // Commented-out lines (`%% … %%`, `<!-- … -->`) are no contact, as in a Log.
    let body = &*super::comments::blank(body);
    let mut entries = Vec::new();
    for (number, line) in prose_lines(body, body_line) {
        if !has_links(line.as_bytes()) || is_open_task(line) {
            continue;
        }
        // A link inside inline code (`` `[[Ada]]` ``) is no link: blank code spans.
        let unspanned = if line.contains('`') { without_code_spans(line) } else { String::new() };
        let line = if line.contains('`') { unspanned.as_str() } else { line };
        let mut links: Vec<&str> = Vec::new();
        for_each_link(line, |target| links.push(target));
        let mut md_links: Vec<String> = Vec::new();
        if line.contains("](") {
            for_each_md_link(line, folder, |target| md_links.push(target.to_string()));
            links.extend(md_links.iter().map(String::as_str));
        }
        if links.is_empty() {
            continue;
        }
        let mut tags = TagSet::default();
        for_each_tag(line, |tag| tags.add(tag));
        let keep_text = mode == ParseMode::WithText || tags.has("win");
        let text = keep_text.then(|| match front {
            Some((end, title)) if number < end => title.to_string(),
            _ => line_text(line).to_string(),
        });
        entries.push(LogEntry::new(date, None, number, tags, NameList::new(links.into_iter()), text));
    }
    entries.shrink_to_fit();
    entries
}

/// What a dated note's contacts from its front matter read as: the file name
/// without its date (`2026-09-10 Coffee with Wei` → `Coffee with Wei`), else
/// the first line of the body (a heading without its `#`), else the file name.
pub fn title(stem: &str, body: &str) -> String {
    let name = if date_of_name(stem).is_some() { &stem[10..] } else { stem };
    let name = name.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '–' | '—' | ',' | '.'));
    if !name.trim().is_empty() {
        return name.trim().to_string();
    }
    let first = prose_lines(body, 1).map(|(_, line)| line.trim()).find(|line| !line.is_empty());
    match first.map(|line| line_text(line.trim_start_matches('#'))).filter(|t| !t.is_empty()) {
        Some(line) => line.to_string(),
        None => stem.to_string(),
    }
}

/// Dataview inline fields, `Key:: value` on a line of their own (optionally a
/// list item), outside code blocks: (key, value, line).
pub fn inline_fields(body: &str, body_line: u32) -> Vec<(String, String, u32)> {
    static FIELD: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("::"));
    if FIELD.find(body.as_bytes()).is_none() {
        return Vec::new();
    }
    let body = &*super::comments::blank(body);
    let mut fields = Vec::new();
    for (number, line) in prose_lines(body, body_line) {
        let Some(at) = line.find("::") else { continue };
        let key = line[..at].trim();
        let key = key.strip_prefix(['-', '*', '+']).map_or(key, str::trim_start);
        let wordy = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_');
        if key.is_empty() || !key.chars().all(wordy) || key.starts_with(['-', '_']) {
            continue;
        }
        let value = line[at + 2..].trim();
        if !value.is_empty() {
            fields.push((key.to_string(), value.to_string(), number));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn file_names_that_start_with_a_date() {
        assert_eq!(date_of_name("2026-11-02"), Some(d("2026-11-02")));
        assert_eq!(date_of_name("2026-11-02 Lunch with Ada"), Some(d("2026-11-02")));
        assert_eq!(date_of_name("2026-11-021"), None);
        assert_eq!(date_of_name("2026-13-02"), None);
        assert_eq!(date_of_name("Week 2026-11"), None);
        assert_eq!(date_of_value("2026-11-02T10:30"), Some(d("2026-11-02")));
    }

    #[test]
    fn linked_lines_skip_open_tasks_and_code() {
        let body = "Coffee with [[Ada]] #gave\n- [ ] call [[Bob]]\n- [x] called [[Cy]]\n```\n[[Dan]]\n```\nno link\n1. [ ] [[Eve]]\n";
        let entries = linked_lines(body, 5, d("2026-11-02"), ParseMode::WithText, None, "");
        let got: Vec<(u32, Vec<&str>, bool)> =
            entries.iter().map(|e| (e.line, e.links().iter().collect(), e.has_tag("gave"))).collect();
        assert_eq!(got, [(5, vec!["Ada"], true), (7, vec!["Cy"], false)]);
        assert_eq!(entries[1].text(), "called [[Cy]]");
    }

    /// Issue 12: commented-out lines of a daily note are no contact.
    #[test]
    fn linked_lines_skip_comments() {
        let body = "Coffee with [[Ada]]\n%%\nLunch with [[Bob]]\n%%\n<!-- Call with [[Cy]] -->\nTea with [[Dan]] %%and [[Eve]]%%\n";
        let entries = linked_lines(body, 1, d("2026-11-02"), ParseMode::WithText, None, "");
        let got: Vec<(u32, Vec<&str>)> = entries.iter().map(|e| (e.line, e.links().iter().collect())).collect();
        assert_eq!(got, [(1, vec!["Ada"]), (6, vec!["Dan"])]);
        assert!(inline_fields("%%\nCompany:: Hidden\n%%\n", 1).is_empty());
    }

    /// A meeting note's `attendees:` line read as raw YAML in `show` and `prep`
    /// (`attendees: ["[[Wei Zhang]]"]`): it reads as the note.
    #[test]
    fn front_matter_contacts_read_as_the_notes_title() {
        let text = "---\ndate: 2026-09-10\nattendees: [\"[[Wei]]\"]\npeople:\n  - \"[[Ada]]\"\n---\nMet [[Bob]] too.\n";
        let entries = linked_lines(text, 1, d("2026-09-10"), ParseMode::WithText, Some((7, "Coffee with Wei")), "");
        let got: Vec<(u32, &str)> = entries.iter().map(|e| (e.line, e.text())).collect();
        assert_eq!(got, [(3, "Coffee with Wei"), (5, "Coffee with Wei"), (7, "Met [[Bob]] too.")]);
        assert_eq!(title("2026-09-10 Coffee with Wei", "x"), "Coffee with Wei");
        assert_eq!(title("2023-09-12 - Meeting", ""), "Meeting");
        assert_eq!(title("Agency lunch", ""), "Agency lunch");
        assert_eq!(title("2026-11-18", "\n# Wednesday 18 November\n- [[Tom]]\n"), "Wednesday 18 November");
        assert_eq!(title("2026-11-18", "\n\n"), "2026-11-18");
    }

    #[test]
    fn dataview_fields() {
        let body = "Company:: Analytical Engines\n- last contact:: 2026-10-01\n```\nrole:: hidden\n```\nnot:a field\n[[x]]:: no\n";
        let fields = inline_fields(body, 1);
        assert_eq!(
            fields,
            [
                ("Company".to_string(), "Analytical Engines".to_string(), 1),
                ("last contact".to_string(), "2026-10-01".to_string(), 2)
            ]
        );
    }
}
