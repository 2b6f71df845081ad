//! Comments in a note body: Obsidian's `%% … %%` and HTML's `<!-- … -->`,
//! inline or over several lines. What the user commented out is not part of
//! the note for kith: no log entry, contact, tag or link inside one counts.
//! Both delimiters are plain text inside code (a fenced block or a `code`
//! span), as Obsidian shows them; an unclosed comment runs to the end of the
//! note, as Obsidian hides it.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// `text` with every comment blanked out: each byte of it (delimiters
/// included) a space, line breaks kept, so offsets and line numbers stay
/// those of the file. Borrowed when there is no comment to blank.
pub fn blank(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !may_have_comments(bytes) {
        return Cow::Borrowed(text);
    }
    let spans = comment_spans(text);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (start, end) in spans {
        for b in &mut out[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole UTF-8 sequences were replaced (spans start and end at ASCII delimiters).
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Whether a comment may open in `bytes`: searchers built once, not per note.
fn may_have_comments(bytes: &[u8]) -> bool {
    static OPENERS: [LazyLock<memmem::Finder<'static>>; 2] =
        [LazyLock::new(|| memmem::Finder::new("%%")), LazyLock::new(|| memmem::Finder::new("<!--"))];
    OPENERS.iter().any(|finder| finder.find(bytes).is_some())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Percent,
    Html,
}

impl Open {
    fn closer(self) -> &'static [u8] {
        match self {
            Open::Percent => b"%%",
            Open::Html => b"-->",
        }
    }
}

/// Byte ranges of the comments, in order.
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    if !may_have_comments(bytes) {
        return Vec::new();
    }
    comment_spans(text)
}

fn comment_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut open: Option<(Open, usize)> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let line = &bytes[line_start..line_end];
        if open.is_none() && fence_line(line, &mut fence) {
            line_start = line_end;
            continue;
        }
        let mut i = 0;
        while i < line.len() {
            if let Some((kind, start)) = open {
                match memmem::find(&line[i..], kind.closer()) {
                    Some(at) => {
                        let end = i + at + kind.closer().len();
                        spans.push((start, line_start + end));
                        open = None;
                        i = end;
                    }
                    None => break,
                }
                continue;
            }
            let rest = &line[i..];
            if rest[0] == b'`' {
                i += code_span_len(rest);
            } else if rest.starts_with(b"%%") {
                open = Some((Open::Percent, line_start + i));
                i += 2;
            } else if rest.starts_with(b"<!--") {
                open = Some((Open::Html, line_start + i));
                i += 4;
            } else {
                i += 1;
            }
        }
        line_start = line_end;
    }
    if let Some((_, start)) = open {
        spans.push((start, bytes.len()));
    }
    spans
}

/// Whether `line` opens or closes a fenced code block (updating `fence`), or
/// lies inside one.
fn fence_line(line: &[u8], fence: &mut Option<(u8, usize)>) -> bool {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    let trimmed = &line[indent..];
    let first = trimmed.first().copied();
    let ticks = trimmed.iter().take_while(|&&b| Some(b) == first).count();
    if indent < 4 && ticks >= 3 && matches!(first, Some(b'`' | b'~')) {
        match *fence {
            None => *fence = first.map(|f| (f, ticks)),
            Some((f, n)) if Some(f) == first && ticks >= n => *fence = None,
            Some(_) => {}
        }
        return true;
    }
    fence.is_some()
}

/// The length of the code span `rest` starts with (its backtick run, the
/// text, the closing run of the same length), or of the run alone when it is
/// not closed on this line.
pub(super) fn code_span_len(rest: &[u8]) -> usize {
    let run = rest.iter().take_while(|&&b| b == b'`').count();
    let mut i = run;
    while i < rest.len() {
        if rest[i] == b'`' {
            let close = rest[i..].iter().take_while(|&&b| b == b'`').count();
            if close == run {
                return i + close;
            }
            i += close;
        } else {
            i += 1;
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::blank;

    #[test]
    fn comments_are_blanked_offsets_kept() {
        let cases = [
            ("a %%hidden%% b", "a            b"),
            ("a <!-- x --> b", "a            b"),
            ("- one\n%%\n- two é\n%%\n- three\n", "- one\n  \n        \n  \n- three\n"),
            ("<!--\r\n- x\r\n-->\r\nkept", "    \r\n   \r\n   \r\nkept"),
            ("open %% to the end\nand more", "open              \n        "),
            ("`%%` and ``a %% b`` stay %%x%%", "`%%` and ``a %% b`` stay      "),
            ("```\n%%\n```\nafter %%x%%", "```\n%%\n```\nafter      "),
            ("no comments at all", "no comments at all"),
            ("100%% sure", "100       "),
        ];
        for (text, want) in cases {
            let got = blank(text);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.len(), text.len());
        }
    }
}
