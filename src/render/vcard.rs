//! vCard text: escaped values, CRLF, lines folded at 75 octets without splitting a
//! character. The cards themselves are built in `interop::card`.

/// Escape a text value (RFC 6350 3.4).
pub fn escape(text: &str) -> String {
    super::escape::vcard_value(text)
}

/// Fold a content line (vCard and iCalendar alike): at most 75 octets a line, the continuation's leading
/// space included, never inside a UTF-8 character; CRLF after each.
pub fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let cut = (1..=limit).rev().find(|&i| rest.is_char_boundary(i)).unwrap_or(rest.len());
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "é".repeat(60)), &mut out);
        for line in out.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("NOTE:{}", "é".repeat(60)));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
