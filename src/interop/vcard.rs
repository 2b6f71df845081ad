//! vCard 2.1, 3.0 and 4.0 files (Google, Apple, Outlook, Android) as contacts.
//!
//! Read here rather than with a whole-file parser so that one broken card is
//! skipped with its line number while the rest import, and so that vCard 2.1's
//! quoted-printable soft line breaks (`=` at a line's end), bare parameters
//! (`TEL;WORK;VOICE:`) and Windows-1252 charsets read as their exporters meant.

use super::{normalize_birthday, windows_1252, Contact, Labeled, NameParts, Parsed};

/// One property: `group.NAME;param=value;BARE:value`.
#[derive(Debug)]
struct Property {
    name: String,
    group: Option<String>,
    /// Parameter names upper-cased; bare 2.1 parameters are `TYPE`.
    params: Vec<(String, String)>,
    /// Decoded (quoted-printable, charset) but still vCard-escaped.
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> impl Iterator<Item = &str> {
        let name = name.to_string();
        self.params.iter().filter(move |(k, _)| *k == name).flat_map(|(_, v)| v.split(',')).map(str::trim)
    }
}

pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut cards = 0;
    while i < lines.len() {
        if !lines[i].trim().eq_ignore_ascii_case("BEGIN:VCARD") {
            i += 1;
            continue;
        }
        cards += 1;
        let start = i;
        let end = (i + 1..lines.len()).find(|&j| {
            let l = lines[j].trim();
            l.eq_ignore_ascii_case("END:VCARD") || l.eq_ignore_ascii_case("BEGIN:VCARD")
        });
        let Some(end) = end.filter(|&j| lines[j].trim().eq_ignore_ascii_case("END:VCARD")) else {
            parsed.refused.push((start + 1, "card skipped: no END:VCARD".to_string()));
            i = end.unwrap_or(lines.len());
            continue;
        };
        match card(&lines[start + 1..end], start + 2) {
            Ok(Some((mut contact, warnings))) => {
                contact.line = start + 1;
                parsed.warnings.extend(warnings.into_iter().map(|w| (start + 1, w)));
                parsed.contacts.push(contact);
            }
            Ok(None) => parsed.unnamed += 1,
            Err((line, message)) => {
                parsed.refused.push((line, format!("card skipped: {message} (the card starts on line {})", start + 1)))
            }
        }
        i = end + 1;
    }
    if cards == 0 && !text.trim().is_empty() {
        return Err("no BEGIN:VCARD; is this a vCard (.vcf) file?".to_string());
    }
    Ok(parsed)
}

/// The logical lines of a card (unfolded, soft line breaks joined) with the
/// file line each starts on.
fn logical_lines(lines: &[&str], first_line: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut soft_break = false;
    for (n, line) in lines.iter().enumerate() {
        if soft_break {
            if let Some((_, last)) = out.last_mut() {
                last.pop(); // the `=`
                last.push_str(line.trim_start_matches([' ', '\t']));
            }
        } else if line.starts_with([' ', '\t']) && !out.is_empty() {
            if let Some((_, last)) = out.last_mut() {
                last.push_str(&line[1..]);
            }
        } else if !line.trim().is_empty() {
            out.push((first_line + n, line.to_string()));
        }
        soft_break = out.last().is_some_and(|(_, l)| {
            l.ends_with('=') && l.split(':').next().is_some_and(|h| h.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
        });
    }
    out
}

fn property(line: &str) -> Option<Property> {
    // The value starts at the first `:` outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ':' && !quoted
    })?;
    let (head, raw) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = head.split(';');
    let full_name = parts.next()?.trim();
    if full_name.is_empty() {
        return None;
    }
    let (group, name) = match full_name.rsplit_once('.') {
        Some((group, name)) => (Some(group.to_ascii_lowercase()), name),
        None => (None, full_name),
    };
    let params: Vec<(String, String)> = parts
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_string()),
            None => ("TYPE".to_string(), p.trim().to_string()),
        })
        .collect();
    let has = |key: &str, value: &str| {
        params
            .iter()
            .any(|(k, v)| (k == key || k == "TYPE") && v.split(',').any(|v| v.trim().eq_ignore_ascii_case(value)))
    };
    let latin = params.iter().any(|(k, v)| {
        k == "CHARSET" && ["iso-8859-1", "windows-1252", "latin1", "cp1252"].iter().any(|c| v.eq_ignore_ascii_case(c))
    });
    let value = if has("ENCODING", "QUOTED-PRINTABLE") {
        let bytes = decode_quoted_printable(raw);
        if latin {
            bytes.iter().map(|&b| windows_1252(b)).collect()
        } else {
            String::from_utf8(bytes.clone()).unwrap_or_else(|_| bytes.iter().map(|&b| windows_1252(b)).collect())
        }
    } else {
        raw.to_string()
    };
    Some(Property { name: name.to_ascii_uppercase(), group, params, value })
}

/// Read one card (and what of it could not be read); `Ok(None)` when it has no name; `Err((line, why))` when it cannot be read.
#[allow(clippy::type_complexity)]
fn card(lines: &[&str], first_line: usize) -> Result<Option<(Contact, Vec<String>)>, (usize, String)> {
    let mut props = Vec::new();
    for (line, text) in logical_lines(lines, first_line) {
        let prop = property(&text).ok_or_else(|| (line, format!("not a property: \"{}\"", short(&text))))?;
        props.push(prop);
    }
    // Apple's labels: `item1.X-ABLabel:_$!<Mobile>!$_` names `item1.TEL`.
    let group_label = |group: &Option<String>| -> Option<String> {
        let group = group.as_ref()?;
        let label = props.iter().find(|p| p.name == "X-ABLABEL" && p.group.as_ref() == Some(group))?;
        let text = unescape(&label.value);
        let text = text.trim_start_matches("_$!<").trim_end_matches(">!$_").trim().to_lowercase();
        (!text.is_empty()).then_some(text)
    };
    let first =
        |name: &str| props.iter().find(|p| p.name == name).map(|p| unescape(&p.value)).filter(|v| !v.trim().is_empty());
    let labeled = |name: &str, noise: &[&str]| -> Vec<Labeled> {
        props
            .iter()
            .filter(|p| p.name == name && !p.value.trim().is_empty())
            .map(|p| {
                let mut types: Vec<String> = p
                    .param("TYPE")
                    .map(str::to_lowercase)
                    .filter(|t| !t.is_empty() && !noise.contains(&t.as_str()) && !t.starts_with("x-"))
                    .collect();
                types.dedup();
                let label = group_label(&p.group).or_else(|| (!types.is_empty()).then(|| types.join(", ")));
                let value = unescape(&p.value);
                let value = value.strip_prefix("tel:").or_else(|| value.strip_prefix("mailto:")).unwrap_or(&value);
                Labeled::new(value, label)
            })
            .collect()
    };
    let parts = first("N")
        .map(|_| {
            let n = props.iter().find(|p| p.name == "N").map(|p| p.value.clone()).unwrap_or_default();
            let comp: Vec<String> = split_unescaped(&n, ';')
                .iter()
                .map(|c| {
                    split_unescaped(c, ',')
                        .iter()
                        .map(|v| unescape(v).trim().to_string())
                        .filter(|v| !v.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let at = |i: usize| comp.get(i).cloned().unwrap_or_default();
            NameParts { family: at(0), given: at(1), middle: at(2), prefix: at(3), suffix: at(4) }
        })
        .unwrap_or_default();
    let name = first("FN").map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| parts.display());
    if name.trim().is_empty() {
        return Ok(None);
    }
    let company = props.iter().find(|p| p.name == "ORG").map(|org| {
        split_unescaped(&org.value, ';').first().map(|c| unescape(c).trim().to_string()).unwrap_or_default()
    });
    let mut linkedin = None;
    let mut urls = Vec::new();
    for url in labeled("URL", &["pref", "internet"]) {
        if url.value.to_lowercase().contains("linkedin.com/") && linkedin.is_none() {
            linkedin = Some(url.value);
        } else {
            urls.push(url);
        }
    }
    let mut socials = Vec::new();
    for social in labeled("X-SOCIALPROFILE", &["pref"]) {
        let is_linkedin =
            social.label.as_deref() == Some("linkedin") || social.value.to_lowercase().contains("linkedin.com/");
        if is_linkedin && linkedin.is_none() {
            linkedin = Some(social.value);
        } else if !is_linkedin || linkedin.as_deref() != Some(social.value.as_str()) {
            socials.push(social);
        }
    }
    let addresses = props
        .iter()
        .filter(|p| p.name == "ADR")
        .zip(labeled("ADR", &["pref", "postal", "parcel", "intl", "dom"]))
        .map(|(p, l)| {
            // PO box; extended; street; locality; region; postal code; country.
            let comp: Vec<String> = split_unescaped(&p.value, ';')
                .iter()
                .map(|c| unescape(c).replace('\n', ", ").trim().to_string())
                .collect();
            let at = |i: usize| comp.get(i).map(String::as_str).unwrap_or("");
            let region_code = [at(4), at(5)].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            let text = [at(0), at(1), at(2), at(3), &region_code, at(6)]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            Labeled::new(text, l.label)
        })
        .filter(|l| !l.value.is_empty())
        .collect();
    let tags = props
        .iter()
        .filter(|p| p.name == "CATEGORIES")
        .flat_map(|p| split_unescaped(&p.value, ','))
        .map(|t| unescape(&t).trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let mut warnings = Vec::new();
    // Apple's and Google's labelled dates (`item2.X-ABDATE` + `item2.X-ABLabel`), 4.0's ANNIVERSARY.
    let (mut met, mut dates) = (None, Vec::new());
    for p in props.iter().filter(|p| p.name == "X-ABDATE" || p.name == "ANNIVERSARY") {
        let label = group_label(&p.group).unwrap_or_else(|| "anniversary".to_string());
        let Some(date) = normalize_birthday(&unescape(&p.value)) else {
            warnings.push(format!("{name}: cannot read the date \"{}\" ({label}); left out", p.value.trim()));
            continue;
        };
        match chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            Ok(day) if label == "met" => met = Some(day),
            _ => dates.push((label, date)),
        }
    }
    let birthday = first("BDAY").and_then(|b| {
        let date = normalize_birthday(&b);
        if date.is_none() {
            warnings.push(format!("{name}: cannot read the birthday \"{}\"; left out", b.trim()));
        }
        date
    });
    let contact = Contact {
        name,
        parts,
        nickname: first("NICKNAME"),
        company: company.filter(|c| !c.is_empty()),
        role: first("TITLE").or_else(|| first("ROLE")),
        emails: labeled("EMAIL", &["internet", "pref", "x400"]),
        phones: labeled("TEL", &["voice", "pref"]),
        addresses,
        urls,
        socials,
        linkedin,
        tags,
        birthday,
        met,
        dates,
        uid: first("UID"),
        notes: first("NOTE"),
        line: first_line,
    };
    Ok(Some((contact, warnings)))
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Undo vCard text escaping: `\\`, `\,`, `\;`, `\n`.
pub fn unescape(text: &str) -> String {
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
    out.replace("\r\n", "\n")
}

/// Split on `sep` where it is not escaped (structured values like N and ORG);
/// the parts keep their escapes.
pub fn split_unescaped(text: &str, sep: char) -> Vec<String> {
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

fn decode_quoted_printable(text: &str) -> Vec<u8> {
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_line_breaks_join_before_decoding() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=\r\n=BCrgen\r\nNOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0A=\r\nline two\r\nEND:VCARD\r\n";
        let parsed = parse(text).unwrap();
        let c = &parsed.contacts[0];
        assert_eq!(c.name, "Jürgen Müller");
        assert_eq!(c.notes.as_deref(), Some("line one\nline two"));
    }

    #[test]
    fn a_broken_card_is_skipped_alone() {
        let text = "BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nthis is not a property\nEND:VCARD\nBEGIN:VCARD\nFN:C\nEND:VCARD\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["A", "C"]);
        assert_eq!(parsed.refused.len(), 1);
        assert_eq!(parsed.refused[0].0, 6, "{:?}", parsed.refused);
    }
}
