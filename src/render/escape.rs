//! One escaping function per output format. Note text (names, titles,
//! companies, log text, imported data) is never trusted: every renderer puts
//! it through the function of its format, so a name cannot add a heading, a
//! task line, a link, a calendar event, a card property, a spreadsheet formula
//! or a terminal escape sequence.

use std::borrow::Cow;
use std::io::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::text::is_line_break;
pub use crate::text::one_line;

/// Text for the terminal: no control characters (ESC, OSC, CSI, BEL), one line.
pub fn terminal(text: &str) -> Cow<'_, str> {
    one_line(text)
}

/// Inline markdown text: one line, and the characters that would start
/// markup (emphasis, code, links, HTML, tags, Obsidian comments and
/// highlights) backslash-escaped, so the text reads as itself.
pub fn md_text(text: &str) -> String {
    let line = one_line(text);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '%' | '=' | '~' | '^' | '$' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside a markdown table cell: one line, `|` and `\` escaped.
pub fn md_cell(text: &str) -> Cow<'_, str> {
    let line = one_line(text);
    if !line.contains(['\\', '|']) {
        return line;
    }
    Cow::Owned(line.replace('\\', "\\\\").replace('|', "\\|"))
}

/// Characters a CommonMark reader sees before the wikilink: a backslash
/// escapes the closing `]`, `<` starts an autolink or HTML, a backtick a code
/// span that can swallow the `]]`. (`>` too: outside Obsidian a wikilink is
/// plain text, where `<` and `>` would be HTML.)
const BEFORE_WIKILINKS: [char; 4] = ['\\', '<', '>', '`'];

/// Whether `target` can be the target of an Obsidian `[[wikilink]]` as is:
/// no character that ends or splits the link or that a CommonMark reader
/// takes first, and read back as itself (a file named `Ada.md.md` or
/// ` Ada.md` would link to `Ada`).
/// No `%%` either: Obsidian, and kith reading a note, take it as a comment
/// that hides the rest of the page.
pub fn wikilink_target_ok(target: &str) -> bool {
    !target.contains(['[', ']', '|', '#', '^'])
        && !target.contains(BEFORE_WIKILINKS)
        && !target.contains("%%")
        && one_line(target) == target
        && crate::note::link::target_of(target) == Some(target)
}

/// Whether `label` can follow the `|` of a wikilink as is.
pub fn wikilink_label_ok(label: &str) -> bool {
    !label.contains(['[', ']', '|'])
        && !label.contains(BEFORE_WIKILINKS)
        && !label.contains("%%")
        && one_line(label) == label
}

/// Characters percent-encoded in a relative URL path segment: all but the
/// unreserved ones (RFC 3986), so `:` is encoded and no scheme can appear.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A vault path as a relative URL: each segment percent-encoded (spaces,
/// `:`, `<`, `>`, `#`, `?`, quotes, non-ASCII), `/` kept. Never a scheme,
/// never `//host`.
pub fn url_path(path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(|s| utf8_percent_encode(s, SEGMENT).to_string()).collect();
    let joined = encoded.join("/");
    if joined.starts_with('/') {
        format!(".{joined}")
    } else {
        joined
    }
}

/// HTML text content.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML attribute value (quoted): the same escaping as text.
pub fn html_attr(text: &str) -> String {
    html_text(text)
}

/// Text as iCalendar and vCard values hold it: line breaks of any kind
/// become one `\n` (written as the escape `\n`), every other control
/// character is dropped, so a bare CR cannot end the line.
pub fn ics_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            c if is_line_break(c) => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// An iCalendar TEXT value (RFC 5545 3.3.11), escaped as a vCard's is.
pub fn ics_value(text: &str) -> String {
    vcard_value(text)
}

/// A vCard text value (RFC 6350 3.4): `\`, `,`, `;` escaped, line breaks as
/// `\n`, other control characters dropped.
pub fn vcard_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in ics_text(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV text cell that a spreadsheet will not run (OWASP, CSV injection): a
/// cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`;
/// control characters other than line breaks are dropped (the CSV writer
/// quotes line breaks).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let clean: Cow<'_, str> = if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Cow::Owned(text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect())
    } else {
        Cow::Borrowed(text)
    };
    if clean.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

/// A writer for terminal output that lets kith's own colours through (SGR:
/// `ESC [ digits ; m`) and drops every other escape sequence start and
/// control character (but newline and tab; a CR would let text overwrite its
/// line), so note text cannot retitle the window, clear the screen or plant a
/// hyperlink.
pub struct TerminalWriter<W: Write> {
    inner: W,
    /// Bytes of a possible SGR sequence seen so far (starts with ESC).
    pending: Vec<u8>,
    /// The previous byte was 0xC2 (a C1 control may follow in UTF-8).
    after_c2: bool,
}

/// Standard error through the terminal filter: what every message kith
/// prints there goes through (see `eprintln!` in lib.rs).
pub fn stderr() -> TerminalWriter<io::Stderr> {
    TerminalWriter::new(io::stderr())
}

impl<W: Write> TerminalWriter<W> {
    pub fn new(inner: W) -> Self {
        TerminalWriter { inner, pending: Vec::new(), after_c2: false }
    }
}

impl<W: Write> Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if !self.pending.is_empty() {
                self.pending.push(b);
                match (self.pending.len(), b) {
                    (2, b'[') => continue,
                    (n, b'0'..=b'9' | b';') if n > 2 && n < 32 => continue,
                    (n, b'm') if n > 2 => {
                        out.append(&mut self.pending);
                        continue;
                    }
                    // Not a colour: drop the sequence start and its ASCII byte;
                    // a non-ASCII byte is text (or a C1 control) and read as such.
                    _ => {
                        self.pending.clear();
                        if b < 0x80 {
                            continue;
                        }
                    }
                }
            }
            if self.after_c2 {
                self.after_c2 = false;
                if (0x80..=0x9f).contains(&b) {
                    continue; // a C1 control: drop it with its 0xC2
                }
                out.push(0xc2);
            }
            match b {
                0x1b => self.pending.push(b),
                0xc2 => self.after_c2 = true,
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1f | 0x7f => {}
                b => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.after_c2 {
            self.after_c2 = false;
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format() {
        assert_eq!(one_line("a\nb\r\u{1b}]0;x\u{7}c"), "a b ]0;xc");
        assert_eq!(md_text("Ada]] [[x\n# H\n- [ ] t"), "Ada\\]\\] \\[\\[x \\# H - \\[ \\] t");
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
        assert!(!wikilink_target_ok("a]]b") && !wikilink_target_ok("a#b") && wikilink_target_ok("José Ruiz"));
        assert_eq!(url_path("goals/javascript:alert(1).md"), "goals/javascript%3Aalert%281%29.md");
        assert_eq!(url_path("people/A B<>.md"), "people/A%20B%3C%3E.md");
        assert_eq!(html_text("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(ics_text("a\rBEGIN:VEVENT\r\nb\u{1}"), "a\nBEGIN:VEVENT\nb");
        assert_eq!(vcard_value("a\rTEL:1;x,y\\"), "a\\nTEL:1\\;x\\,y\\\\");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv_cell("Ada"), "Ada");
    }

    #[test]
    fn terminal_writer_keeps_colours_and_drops_other_sequences() {
        let mut out = TerminalWriter::new(Vec::new());
        out.write_all(b"\x1b[1;31mred\x1b[0m \x1b]0;title\x07 \x1b[2J x\xc2\x9by \xc3\xa9\n").unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "\x1b[1;31mred\x1b[0m 0;title  xy é\n");
    }

    #[test]
    fn terminal_writer_after_a_dropped_escape_keeps_utf8_and_drops_c1() {
        let mut out = TerminalWriter::new(Vec::new());
        out.write_all("a\x1b\u{9b}2Jb \x1bé \x1bc".as_bytes()).unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "a2Jb é ");
    }

    #[test]
    fn bidi_overrides_are_dropped_from_text() {
        assert_eq!(one_line("x\u{202e}gpj.exe\u{2066}y"), "xgpj.exey");
        assert_eq!(md_text("a\u{202e}b"), "ab");
    }
}
