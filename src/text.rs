//! Plain text as kith reads and shows it: what counts as a line break, and
//! one line of text with no control characters. Below the parse (note fields
//! are read as one line) and the renderers (`render::escape`) alike.

use std::borrow::Cow;

/// A table of 256 flags, set for each of `bytes`: a scanner's "stop here"
/// set, looked up with one load per byte.
pub const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// `text.split('\n')`, found with the memchr crate's vector search rather
/// than `str::split`'s byte loop (every note is split into lines more than once).
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memchr(b'\n', text.as_bytes()) {
            Some(end) => {
                rest = Some(&text[end + 1..]);
                Some(&text[..end])
            }
            None => rest.take(),
        }
    })
}

/// The first position at or after `from` whose byte is in `set` (or the
/// end): eight bytes looked up at a time, without a branch per byte, where
/// text is long and the bytes sought are rare (a log line's markup). The
/// eight give a bit each, so the first found is the lowest bit set, not the
/// end of a byte-by-byte walk (most stretches between marks are short: a
/// link's name, the space between two links).
pub fn next_of(bytes: &[u8], from: usize, set: &[bool; 256]) -> usize {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let found = chunk.iter().enumerate().fold(0u32, |bits, (i, &b)| bits | u32::from(set[usize::from(b)]) << i);
        if found != 0 {
            return at + found.trailing_zeros() as usize;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|&b| !set[usize::from(b)]) {
        at += 1;
    }
    at.min(bytes.len())
}

/// A line break of any kind (LF, CR, VT, FF, NEL, line and paragraph separators).
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Bidirectional embedding, override and isolate controls: text after one
/// shows reordered (a name could display as another), so they are dropped
/// like control characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of plain text: line breaks become spaces, every other control
/// character (C0, DEL, C1, so ESC and OSC too) and bidi override is dropped.
pub fn one_line(text: &str) -> Cow<'_, str> {
    // Printable ASCII (most text) has nothing to replace: no walk by characters.
    if text.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return Cow::Borrowed(text);
    }
    if !text.chars().any(|c| c.is_control() || is_line_break(c) || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                c if is_line_break(c) || c == '\t' => Some(' '),
                c if c.is_control() || is_bidi_control(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_of_finds_the_first_byte_of_the_set() {
        let mut set = [false; 256];
        set[usize::from(b'[')] = true;
        set[0xc3] = true;
        for text in ["", "[", "abc", "abcdefgh[", "abcdefghijklmnop", "0123456789abcdef[x", "é"] {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let want = (from..bytes.len()).find(|&i| set[usize::from(bytes[i])]).unwrap_or(bytes.len());
                assert_eq!(next_of(bytes, from, &set), want, "{text:?} from {from}");
            }
        }
    }

    #[test]
    fn split_lines_is_split_on_line_feeds() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\n\nb\n\n", "\n\nx", "é\nü\r"] {
            assert!(split_lines(text).eq(text.split('\n')), "{text:?}");
        }
    }
}
