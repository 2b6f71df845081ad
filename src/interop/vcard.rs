//! vCard 2.1, 3.0 and 4.0 files (Google, Apple, Outlook, Android) as contacts.

use super::names::yaml_text;
use super::Contact;

/// vCard 2.1, 3.0 and 4.0 with the `ical` crate (which unfolds lines); values
/// are unescaped and quoted-printable ones decoded here.
pub fn parse(text: &str) -> Result<(Vec<Contact>, usize), String> {
    let mut contacts = Vec::new();
    let mut skipped = 0;
    let text = bare_params_to_type(text);
    for card in ical::VcardParser::new(std::io::BufReader::new(text.as_bytes())) {
        let card = card.map_err(|e| format!("not a valid vCard file: {e}"))?;
        let values = |name: &str| -> Vec<String> {
            card.properties
                .iter()
                // Apple groups properties: `item1.EMAIL`.
                .filter(|p| p.name.rsplit('.').next().is_some_and(|n| n.eq_ignore_ascii_case(name)))
                .filter_map(|p| {
                    let raw = p.value.clone()?;
                    let qp = p.params.iter().flatten().any(|(k, v)| {
                        (k.eq_ignore_ascii_case("ENCODING")
                            && v.iter().any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE")))
                            || v.iter().any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
                    });
                    let value = if qp { decode_quoted_printable(&raw) } else { raw };
                    Some(value)
                })
                .filter(|v| !v.trim().is_empty())
                .collect()
        };
        let first = |name: &str| values(name).into_iter().next();
        let name = first("FN").map(|n| unescape(&n)).or_else(|| {
            first("N").map(|n| {
                let parts: Vec<String> = split_unescaped(&n, ';').iter().map(|p| unescape(p)).collect();
                [parts.get(3), parts.get(1), parts.get(2), parts.first(), parts.get(4)]
                    .into_iter()
                    .flatten()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        });
        let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else {
            skipped += 1;
            continue;
        };
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        if let Some(org) = first("ORG") {
            let company = unescape(split_unescaped(&org, ';').first().map_or("", |s| s.as_str()));
            if !company.is_empty() {
                fields.push(("company", yaml_text(&company)));
            }
        }
        if let Some(title) = first("TITLE") {
            fields.push(("role", yaml_text(&unescape(&title))));
        }
        let emails: Vec<String> = values("EMAIL").iter().map(|e| unescape(e).trim().to_string()).collect();
        if let Some(email) = emails.first() {
            fields.push(("email", yaml_text(email)));
        }
        if emails.len() > 1 {
            let rest: Vec<String> = emails[1..].iter().map(|e| yaml_text(e)).collect();
            fields.push(("emails", format!("[{}]", rest.join(", "))));
        }
        let phones: Vec<String> = values("TEL").iter().map(|t| yaml_text(unescape(t).trim())).collect();
        if !phones.is_empty() {
            fields.push(("phones", format!("[{}]", phones.join(", "))));
        }
        if let Some(bday) = first("BDAY").and_then(|b| normalize_bday(&b)) {
            fields.push(("birthday", bday));
        }
        let url = values("URL").into_iter().map(|u| unescape(&u)).find(|u| u.contains("linkedin.com"));
        if let Some(url) = &url {
            fields.push(("linkedin", yaml_text(url)));
        }
        fields.push(("stage", "seed".to_string()));
        let body = first("NOTE").map(|n| unescape(&n));
        contacts.push(Contact { name, fields, url, email: emails.first().cloned(), body });
    }
    Ok((contacts, skipped))
}

/// vCard 2.1 writes bare parameters (`EMAIL;PREF;INTERNET:`); the parser
/// wants `name=value`, so they become `TYPE=PREF`.
fn bare_params_to_type(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some((head, rest)) = line.split_once(':').filter(|_| !line.starts_with([' ', '\t'])) else {
            out.push_str(line);
            continue;
        };
        let mut parts = head.split(';');
        out.push_str(parts.next().unwrap_or(""));
        for param in parts {
            out.push(';');
            if !param.contains('=') {
                out.push_str("TYPE=");
            }
            out.push_str(param);
        }
        out.push(':');
        out.push_str(rest);
    }
    out
}

/// Undo vCard text escaping: `\\`, `\,`, `\;`, `\n`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Split on `sep` where it is not escaped (structured values like N and ORG).
fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            if let Some(p) = parts.last_mut() {
                p.push('\\');
                p.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

fn decode_quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
            if bytes.get(i + 1).is_none() {
                break; // a soft line break left at the end
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `1990-04-12`, `19900412`, `--0412`, `--04-12` → kith's `1990-04-12` / `--04-12`.
fn normalize_bday(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.split('T').next().unwrap_or(t);
    if let Some(rest) = t.strip_prefix("--") {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        return (digits.len() == 4).then(|| format!("--{}-{}", &digits[..2], &digits[2..]));
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let date = chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()?;
    Some(date.to_string())
}
