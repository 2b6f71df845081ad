//! People as vCards (3.0, which Android and Apple handle best, or 4.0):
//! escaped text, CRLF, lines folded at 75 octets without splitting a character.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3,
    V4,
}

/// Escape a text value (RFC 6350 3.4).
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Fold a content line: at most 75 octets a line, the continuation's leading
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

/// One card from a person's JSON record (as `people --format json` gives it).
pub fn card(record: &Value, version: Version, out: &mut String) {
    let text = |key: &str| record.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let list = |key: &str| -> Vec<String> {
        match record.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let name = text("name").unwrap_or("Unnamed");
    let mut lines =
        vec!["BEGIN:VCARD".to_string(), format!("VERSION:{}", if version == Version::V3 { "3.0" } else { "4.0" })];
    lines.push(format!("FN:{}", escape(name)));
    let (given, family) = match name.rsplit_once(' ') {
        Some((given, family)) => (given, family),
        None => (name, ""),
    };
    lines.push(format!("N:{};{};;;", escape(family), escape(given)));
    if let Some(org) = text("company") {
        lines.push(format!("ORG:{}", escape(org)));
    }
    if let Some(title) = text("role") {
        lines.push(format!("TITLE:{}", escape(title)));
    }
    for email in list("email") {
        lines.push(if version == Version::V3 {
            format!("EMAIL;TYPE=INTERNET:{}", escape(&email))
        } else {
            format!("EMAIL:{}", escape(&email))
        });
    }
    if let Some(url) = text("linkedin") {
        lines.push(format!("URL:{}", escape(url)));
    }
    let tags = list("tags");
    if !tags.is_empty() {
        lines.push(format!("CATEGORIES:{}", tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",")));
    }
    match (text("birthday"), version) {
        (Some(b), _) if b.len() == 10 => lines.push(format!("BDAY:{b}")),
        (Some(b), Version::V4) if b.starts_with("--") => lines.push(format!("BDAY:--{}", b[2..].replace('-', ""))),
        _ => {}
    }
    if let Some(path) = text("path") {
        lines.push(format!("NOTE:{}", escape(&format!("kith note: {path}"))));
    }
    lines.push("END:VCARD".to_string());
    for line in lines {
        fold(&line, out);
    }
}

pub fn cards(records: &[Value], version: Version) -> String {
    let mut out = String::new();
    for record in records {
        card(record, version, &mut out);
    }
    out
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
