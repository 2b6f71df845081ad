//! Plain text as kith reads and shows it: what counts as a line break, and
//! one line of text with no control characters. Below the parse (note fields
//! are read as one line) and the renderers (`render::escape`) alike.

use std::borrow::Cow;

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
