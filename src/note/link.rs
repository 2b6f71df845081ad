//! Wikilinks and tags inside note text and front matter values.

use std::borrow::Cow;

/// The note a link points at: `[[Name|shown]]`, `[[Name#heading]]`, `[[Name.md]]`
/// and a plain `Name` all give `Name`. `None` for an empty target (`[[#heading]]`).
pub fn target_of(raw: &str) -> Option<&str> {
    let mut s = trim(raw);
    if let Some(inner) = s.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        s = inner;
    }
    // Up to the first `|`, `#` or `^` (ASCII: never inside a longer UTF-8 character).
    cut_target(s.bytes().position(|b| matches!(b, b'|' | b'#' | b'^')).map_or(s, |cut| &s[..cut]))
}

/// `target_of` for a link's text already cut at its first `|`, `#` or `^`
/// (what `for_each_link` gives for it).
pub fn cut_target(s: &str) -> Option<&str> {
    // `[[Ada\|Ada L.]]`: the `|` escaped, as Obsidian writes a link inside a table.
    let s = trim(s);
    let s = trim(s.strip_suffix('\\').unwrap_or(s));
    let s = trim(strip_md_suffix(s));
    (!s.is_empty()).then_some(s)
}

/// `str::trim`, without its Unicode walk when both ends are plain ASCII.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn strip_md_suffix(s: &str) -> &str {
    let n = s.len();
    if n > 3 && s.is_char_boundary(n - 3) && s[n - 3..].eq_ignore_ascii_case(".md") {
        &s[..n - 3]
    } else {
        s
    }
}

/// A name in NFC, the one Unicode form kith compares names in: `José`
/// typed on one keyboard (or read from a macOS file name) may be `Jose` plus
/// a combining accent (NFD) on another, and both must be the one person.
/// Every name comparison goes through here, by way of `key`.
pub fn nfc(name: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(name.chars()) {
        IsNormalized::Yes => Cow::Borrowed(name),
        _ => Cow::Owned(name.nfc().collect()),
    }
}

/// The lookup key of a name: links resolve case-insensitively, in NFC.
pub fn key(name: &str) -> String {
    nfc(name.trim()).to_lowercase()
}

/// `f` of `key(name)`, lowercased on the stack when the name is short ASCII
/// (most names; ASCII is NFC already): resolving a link then allocates nothing.
pub fn with_key<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let name = name.trim();
    let mut buf = [0u8; 64];
    match buf.get_mut(..name.len()) {
        Some(lowered) if name.is_ascii() => {
            lowered.copy_from_slice(name.as_bytes());
            lowered.make_ascii_lowercase();
            // ASCII in, ASCII out.
            f(std::str::from_utf8(lowered).unwrap_or_default())
        }
        _ => f(&key(name)),
    }
}

/// Every `[[wikilink]]` target in `text`, in order of appearance.
pub fn find_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    for_each_link(text, |target| links.push(target.to_string()));
    links
}

/// Call `f` with each `[[wikilink]]` target in `text`, in order, without allocating.
pub fn for_each_link<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(open) = find_pair(bytes, from, b'[') {
        // One pass to the closing `]]`, noting the last `[[` before it (in
        // `[[a [[b]]` the link is the innermost one), a line break after that
        // (no link spans lines) and where the target ends (`|`, `#`, `^`).
        let (mut start, mut cut, mut newline) = (open + 2, None, false);
        let mut at = start;
        let close = loop {
            at = crate::text::next_of(bytes, at, &IN_LINK);
            let Some(&b) = bytes.get(at) else { break None };
            let doubled = bytes.get(at + 1) == Some(&b);
            match b {
                b']' if doubled => break Some(at),
                b'[' if doubled => (start, cut, newline) = (at + 2, None, false),
                b'\n' => newline = true,
                b'|' | b'#' | b'^' => {
                    cut.get_or_insert(at);
                }
                _ => {}
            }
            at += 1;
        };
        let Some(close) = close else { break };
        if !newline {
            if let Some(target) = cut_target(&text[start..cut.unwrap_or(close)]) {
                f(target);
            }
        }
        from = close + 2;
    }
}

/// The bytes `for_each_link` stops at inside a link.
static IN_LINK: [bool; 256] = crate::text::byte_set(b"[]\n|#^");

/// Whether `text` holds `[[` twice (`text.matches("[[").count() > 1`,
/// without building a substring searcher for every field).
pub fn opens_two_links(text: &str) -> bool {
    let bytes = text.as_bytes();
    find_pair(bytes, 0, b'[').is_some_and(|first| find_pair(bytes, first + 2, b'[').is_some())
}

/// The first `cc` at or after `from` (as `str::find("[[")` finds it).
fn find_pair(bytes: &[u8], from: usize, c: u8) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(c, bytes.get(at..)?) {
        let i = at + i;
        if bytes.get(i + 1) == Some(&c) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Every `#tag` in `text`, lowercased and without the `#`. A tag starts a word,
/// is made of letters, digits, `_`, `-` and `/`, and is not only digits (so
/// `#1` and `issue#3` are not tags), as in Obsidian.
pub fn find_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for_each_tag(text, |tag| {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    });
    tags
}

/// Call `f` with each tag of `text` (lowercased, without `#`, repeats included),
/// allocating only for tags that need lowercasing.
pub fn for_each_tag(text: &str, mut f: impl FnMut(&str)) {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'#', &text.as_bytes()[from..]) {
        let hash = from + found;
        from = hash + 1;
        let starts_word = text[..hash]
            .chars()
            .next_back()
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | ',' | ';' | '"' | '\''));
        if !starts_word {
            continue;
        }
        let rest = &text[hash + 1..];
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '/')).unwrap_or(rest.len());
        let tag = &rest[..len];
        from = hash + 1 + len;
        if !tag.is_empty() && !tag.bytes().all(|b| b.is_ascii_digit()) {
            if tag.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                f(&tag.to_lowercase());
            } else {
                f(tag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_links_are_two_openings_that_do_not_overlap() {
        for text in ["", "[[", "[[[", "[[[[", "[[a]] [[b]]", "[[a]]", "[ [[", "x[[y[[", "[[a]][", "é[[ü[["] {
            assert_eq!(opens_two_links(text), text.matches("[[").count() > 1, "{text}");
        }
    }

    #[test]
    fn link_targets() {
        assert_eq!(target_of("[[Ada Lovelace]]"), Some("Ada Lovelace"));
        assert_eq!(target_of("[[Ada Lovelace|Ada]]"), Some("Ada Lovelace"));
        assert_eq!(target_of("[[Ada Lovelace#Log]]"), Some("Ada Lovelace"));
        assert_eq!(target_of("[[Ada Lovelace#Log|x]]"), Some("Ada Lovelace"));
        assert_eq!(target_of("[[people/Ada Lovelace.md]]"), Some("people/Ada Lovelace"));
        assert_eq!(target_of("  Ada  "), Some("Ada"));
        assert_eq!(target_of("[[#heading]]"), None);
        assert_eq!(target_of("\u{a0}Ada\u{2003}|x"), Some("Ada"));
        assert_eq!(target_of("[[Ada^block|x#y]]"), Some("Ada"));
        assert_eq!(target_of("[[Ada Lovelace\\|Ada L.]]"), Some("Ada Lovelace"));
        assert_eq!(target_of("[[people/Ada.md\\|Ada]]"), Some("people/Ada"));
        assert_eq!(target_of("[[\\|x]]"), None);
        assert_eq!(target_of(" x.md "), Some("x"));
        assert_eq!(target_of(""), None);
    }

    #[test]
    fn keys_are_lowercase_on_the_stack_or_not() {
        for name in ["Ada Lovelace", "  ÉLODIE ", "ΣΟΦΊΑ", &"x".repeat(80), "", "İstanbul"] {
            assert_eq!(with_key(name, str::to_string), key(name), "{name}");
        }
    }

    /// `for_each_link` as it was written before its one-pass scan: three
    /// searches and `target_of` per link. The property test below holds the
    /// two to the same answers.
    fn links_the_long_way(text: &str) -> Vec<&str> {
        let bytes = text.as_bytes();
        let mut links = Vec::new();
        let mut from = 0;
        while let Some(open) = find_pair(bytes, from, b'[') {
            let after = open + 2;
            let Some(close) = find_pair(bytes, after, b']') else { break };
            let start = rfind_pair(&bytes[after..close], b'[').map_or(after, |i| after + i + 2);
            let inner = &text[start..close];
            if memchr::memchr(b'\n', inner.as_bytes()).is_none() {
                links.extend(target_of(inner));
            }
            from = close + 2;
        }
        links
    }

    /// The last `cc` in `bytes` (as `str::rfind("[[")` finds it).
    fn rfind_pair(bytes: &[u8], c: u8) -> Option<usize> {
        let mut end = bytes.len();
        while let Some(i) = memchr::memrchr(c, &bytes[..end]) {
            if i > 0 && bytes[i - 1] == c {
                return Some(i - 1);
            }
            end = i;
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn one_pass_links_are_the_long_way_links(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "[", "]", "[[", "]]", "|", "#", "^", "\n", " ", "a", "Bo", "é", ".md", ".MD", "\u{a0}", "\u{2003}", "x|y",
            ]), 0..24)
        ) {
            let text: String = pieces.concat();
            let mut found = Vec::new();
            for_each_link(&text, |t| found.push(t));
            proptest::prop_assert_eq!(found, links_the_long_way(&text), "text: {:?}", text);
        }
    }

    #[test]
    fn finds_links_in_text() {
        assert_eq!(
            find_links("met [[Ada]] and [[Mary Somerville|Mary]]; [[#x]] [[broken"),
            vec!["Ada", "Mary Somerville"]
        );
        assert_eq!(find_links("[[a [[B]] c"), vec!["B"]);
        assert_eq!(find_links("[[[A]]] [[x\ny]] [[B]]]] [[ [[[C|c]]"), vec!["[A", "B", "C"]);
        assert_eq!(find_links("[[]] [[ ]] [[D#h]]x[[E^b]][[F.md]] [[é]]"), vec!["D", "E", "F", "é"]);
    }

    #[test]
    fn finds_tags_like_obsidian() {
        assert_eq!(
            find_tags("#gave article #Got, (#win) x#no #1 #a/b-c_d #gave"),
            vec!["gave", "got", "win", "a/b-c_d"]
        );
        assert_eq!(find_tags("https://x.com/#frag"), Vec::<String>::new());
        assert_eq!(find_tags("#café au lait"), vec!["café"]);
    }
}
