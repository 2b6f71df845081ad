//! The Log section read line by line, for notes whose markdown is plain enough
//! that each log line is one list item: `- YYYY-MM-DD …` items at the margin,
//! ATX headings and blank lines, with nothing elsewhere in the body that could
//! hide or make a heading (code fences, HTML, setext underlines, quotes or
//! list items holding headings). Anything else returns `None` and the full
//! CommonMark parse runs. The same `LogWalker` records what is found, so both
//! paths give the same entries and problems (a differential test below).
//!
//! Why: the CommonMark parse was about a third of a cold scan's instructions on
//! link-heavy vaults (every `[[link]]` is a possible link label to it).

use std::sync::LazyLock;

use memchr::memmem;
use pulldown_cmark::HeadingLevel;

use super::{Gathered, LogEntry, LogWalker, ParseMode};
use crate::diag::Diagnostic;
use crate::note::dates::date_prefix;
use crate::path::NotePath;

pub(super) fn parse(
    body: &str,
    body_line: u32,
    path: &NotePath,
    mode: ParseMode,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<LogEntry>> {
    // A link reference definition (`[x]: url`) can turn text in brackets into a link.
    static DEFINITION: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("]:"));
    if DEFINITION.find(body.as_bytes()).is_some() {
        return None;
    }
    let mut walker = LogWalker::new(body, body_line, path, mode, problems);
    let mut links = Vec::new();
    for (line, raw) in (body_line..).zip(crate::text::split_lines(body)) {
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        if memchr::memchr2(b'\r', b'\t', text.as_bytes()).is_some() {
            return None;
        }
        if text.bytes().all(|b| b == b' ') {
            continue;
        }
        if let Some(heading) = atx_heading(text) {
            let (level, title) = heading?;
            if walker.log_level.is_some_and(|log| level > log) && !title.eq_ignore_ascii_case("log") {
                let dated = date_prefix(super::strip_daily_link(title)).is_some();
                if dated {
                    return None; // a heading entry, with details below it
                }
            }
            walker.heading_done(level, line, Gathered { text: title.to_string(), code: Vec::new() });
            continue;
        }
        if walker.log_level.is_none() {
            if !harmless_outside_log(text) {
                return None;
            }
            continue;
        }
        links.clear();
        let content = log_item(text, &mut links)?;
        walker.quick_item(line, content, &links);
    }
    Some(walker.finish())
}

/// `Some(Some((level, text)))` for an ATX heading at the margin whose text is
/// plain; `Some(None)` for a heading this path cannot read; `None` for no heading.
fn atx_heading(line: &str) -> Option<Option<(HeadingLevel, &str)>> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 {
        return None;
    }
    let rest = &line[hashes..];
    if hashes > 6 || !(rest.is_empty() || rest.starts_with(' ')) {
        // `#tag` or `#######`: a paragraph line, which only matters inside a Log.
        return Some(None);
    }
    let title = rest.trim_matches(' ');
    if title.contains('#') || !plain_inline(title) {
        return Some(None);
    }
    Some(HeadingLevel::try_from(hashes).ok().map(|level| (level, title)))
}

/// A top-level `- ` item starting with a date (or a daily link): its text,
/// and in `links` where its wikilinks' targets are in that text.
fn log_item<'l>(line: &'l str, links: &mut Vec<(usize, usize)>) -> Option<&'l str> {
    let rest = line.strip_prefix(['-', '*', '+'])?;
    let spaces = rest.bytes().take_while(|&b| b == b' ').count();
    if !(1..=4).contains(&spaces) {
        return None;
    }
    let content = rest[spaces..].trim_end_matches(' ');
    let date = content.strip_prefix("[[").unwrap_or(content).as_bytes();
    let dated = date.len() > 4 && date[..4].iter().all(u8::is_ascii_digit) && date[4] == b'-';
    (dated && plain_inline_links(content, |start, end| links.push((start, end)))).then_some(content)
}

/// The bytes `plain_inline` looks at; every other byte is plain text.
static SPECIAL: [bool; 256] = crate::text::byte_set(b"\\`*_<&~![]\r\t");

/// Where a wikilink's inside or its target ends.
static IN_LINK: [bool; 256] = crate::text::byte_set(b"[]|#^");

/// Text that CommonMark reads as itself: no emphasis, code, HTML, entities,
/// escapes or strikethrough, and brackets only as whole `[[wikilinks]]` not
/// followed by a link destination or label.
fn plain_inline(text: &str) -> bool {
    plain_inline_links(text, |_, _| {})
}

/// `plain_inline`, calling `link` with where each `[[wikilink]]`'s target
/// starts and ends (its inside up to the first `|`, `#` or `^`): in plain
/// text these are every link `for_each_link` finds.
fn plain_inline_links(text: &str, mut link: impl FnMut(usize, usize)) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        i = crate::text::next_of(bytes, i, &SPECIAL);
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'\\' | b'`' | b'*' | b'_' | b'<' | b'&' | b'~' => return false,
            b'!' if bytes.get(i + 1) == Some(&b'[') => return false,
            b']' => return false,
            b'[' => {
                if bytes.get(i + 1) != Some(&b'[') {
                    return false;
                }
                // The inside runs to the next bracket; the target to the first `|`, `#` or `^`.
                let start = i + 2;
                let (mut end, mut cut) = (start, None);
                loop {
                    end = crate::text::next_of(bytes, end, &IN_LINK);
                    match bytes.get(end) {
                        Some(b'|' | b'#' | b'^') => {
                            cut.get_or_insert(end);
                            end += 1;
                        }
                        _ => break,
                    }
                }
                if end == start || bytes.get(end) != Some(&b']') || bytes.get(end + 1) != Some(&b']') {
                    return false;
                }
                link(start, cut.unwrap_or(end));
                i = end + 2;
                if matches!(bytes.get(i), Some(b'(' | b'[' | b']')) {
                    return false;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// A line outside a Log section that cannot start a code block, HTML block or
/// heading, nor hide one (in a quote or list item), nor underline the line
/// above into a heading.
fn harmless_outside_log(line: &str) -> bool {
    let mut rest = line.trim_start_matches(' ');
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            rest = after.trim_start_matches(' ');
            continue;
        }
        let marker = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after_marker = match rest.as_bytes().get(marker) {
            Some(b'-' | b'*' | b'+') if marker == 0 => &rest[1..],
            Some(b'.' | b')') if (1..=9).contains(&marker) => &rest[marker + 1..],
            _ => break,
        };
        if !(after_marker.is_empty() || after_marker.starts_with(' ')) {
            break;
        }
        rest = after_marker.trim_start_matches(' ');
    }
    if rest.starts_with(['#', '`', '~', '<']) {
        return false;
    }
    let underline = |c: u8| line.bytes().all(|b| b == c || b == b' ');
    !(underline(b'=') || underline(b'-') || underline(b'*') || underline(b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "## Log",
        "# Log",
        "### log",
        "### Older",
        "## Next",
        "# Other",
        "- 2026-10-03 Coffee #gave article",
        "- 2026-10-03 met [[Ada]] and [[Bo Li|Bo]] #intro #got",
        "* 2026-02-30 impossible date",
        "+ 2026-10-04 plus item [[C#h]]",
        "- [[2026-10-04]] daily link #got",
        "- 2026-10-05 14:30 call",
        "- 2026-10-05 25:99 odd time",
        "- 2026-10-05T09:15 tee",
        "- Lunch someday",
        "- 2026-1x-01 no date",
        "  - 2026-10-04 nested #gave",
        "    - 2026-10-04 deeper",
        "2026-03-02 plain line",
        "",
        "   ",
        "- 2026-10-06 with `#code` tag",
        "- 2026-10-07 *emph* [x](y)",
        "- 2026-10-07 snake_case __b__",
        "```",
        "~~~",
        "<!-- comment",
        "-->",
        "> quote",
        "> ## Log",
        "- ## Log",
        "1. ## Log",
        "---",
        "===",
        "***",
        "Log",
        "Some prose; with [[Links]] and #tags.",
        "[Ada]: http://example.com",
        "- 2026-10-08 [[A]](url)",
        "- 2026-10-08 [[A]][b]",
        "- 2026-10-08 [[A]]]",
        "- 2026-10-08 [A] single",
        "- 2026-10-08 [[]] empty",
        "### 2026-10-09 Heading entry",
        "## [[2026-10-09]] Daily heading",
        "- 2026-10-10 crlf\r",
        "\tindented with a tab",
        "    code line",
        "- 2026-10-11 trailing spaces  ",
        "-     2026-10-12 five spaces",
        "-    2026-10-12 four spaces",
        "1. 2026-10-13 ordered",
        "- [ ] 2026-10-14 open task",
        "- [x] 2026-10-15 done task",
        "## Log ##",
        "##Log",
        "#tag line",
        "####### seven",
        "#",
        "- 2026-10-16 #win [[Goal One]] keynote",
        "- 2026-10-17 a &amp; b",
        "- 2026-10-18 escaped \\#gave",
        "- 2026-10-19 ![[image.png]] #got",
        "- 2026-10-20 ~~struck~~",
        "- 2026-10-21 <b>html</b>",
        "- 2026-10-22 a | b | c",
        "|---|---|",
        "lazy continuation #ask",
        "-",
        "- 2026-10-23 Café — naïve #Déjà",
        "  ",
        "- 2026-10-24 [[a [[B]] c]]",
        "- 2026-10-25 #referral [[Sam Reid 4]] [[Zara Berg 77]]",
        "- 2026-10-26 [[Ada.md|A]] [[Bo Li#Log]] [[ Cy ^b]] [[#h]] [[|x]] [[ ]] #got",
        "- [[2026-10-27]] [[people/Dee.MD]] [[Ève Ünal]] [[a]b]] [[c] d]]",
        "- 2026-10-28 [[A]] [[B]]x [[C]]",
    ];

    /// A parse's entries and problems.
    type Parsed = (Vec<LogEntry>, Vec<Diagnostic>);

    /// The quick path's answer, if any, and CommonMark's.
    fn run(body: &str, mode: ParseMode) -> (Option<Parsed>, Parsed) {
        let path = NotePath::new("people/P.md");
        let mut quick_problems = Vec::new();
        let quick = parse(body, 7, &path, mode, &mut quick_problems).map(|e| (e, quick_problems));
        let mut full_problems = Vec::new();
        let full = super::super::parse_log_cmark(body, 7, &path, mode, &mut full_problems);
        (quick, (full, full_problems))
    }

    #[test]
    fn generated_notes_take_the_quick_path() {
        let body = "Met through work. Knows the market well; prefers email.\n\n## Log\n\
            - 2026-03-04 Coffee near the office. #gave [[Ada Lovelace 3]] [[Wei Zhang 9]]\n\
            - 2025-11-20 Video call about the programme. #got #intro\r\n\
            - 2024-01-02 #win [[Goal 4]] invited to keynote\n";
        for mode in [ParseMode::Index, ParseMode::WithText] {
            let (quick, full) = run(body, mode);
            assert_eq!(quick, Some(full));
        }
    }

    /// Every pair of lines after three kinds of start: the quick path, when it
    /// answers, says exactly what CommonMark says, and it answers often.
    #[test]
    fn quick_path_agrees_on_every_pair_of_lines() {
        let (mut answered, mut total) = (0, 0);
        for start in ["", "## Log\n", "Prose.\n\n# Log\n- 2026-01-01 first [[X]]\n"] {
            for a in LINES {
                for b in LINES {
                    let body = format!("{start}{a}\n{b}\n");
                    for mode in [ParseMode::Index, ParseMode::WithText] {
                        let (quick, full) = run(&body, mode);
                        total += 1;
                        if let Some(quick) = quick {
                            answered += 1;
                            assert_eq!(quick, full, "body:\n{body}");
                        }
                    }
                }
            }
        }
        assert!(answered * 5 > total, "the quick path answered {answered} of {total}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn quick_path_agrees_with_commonmark(picks in proptest::collection::vec(0..LINES.len(), 0..14), end in 0..3usize) {
            let mut body = picks.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join("\n");
            body.push_str(["", "\n", "\r\n"][end]);
            for mode in [ParseMode::Index, ParseMode::WithText] {
                let (quick, full) = run(&body, mode);
                if let Some(quick) = quick {
                    prop_assert_eq!(quick, full, "body:\n{}", body);
                }
            }
        }
    }
}
