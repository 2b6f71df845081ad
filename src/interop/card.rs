//! People as vCards (3.0, which Android and Apple handle best, or 4.0), from
//! a person's record (every front-matter field plus kith's reading, as
//! `people --format json` gives it). Everything the import reads comes back:
//! a card exported and imported again gives the same fields.

use serde_json::Value;

use super::Labeled;
use crate::render::vcard::{escape, fold};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3,
    V4,
}

/// Types a client understands as `TYPE=`; any other label goes to Apple's
/// grouped `X-ABLabel`, which Apple, Google and the import read back.
const TEL_TYPES: [&str; 11] =
    ["home", "work", "cell", "voice", "fax", "pager", "text", "video", "msg", "main", "iphone"];
const EMAIL_TYPES: [&str; 2] = ["home", "work"];
const ADR_TYPES: [&str; 2] = ["home", "work"];

/// The card's UID: the note's own `uid` (kept from an import), else one derived
/// from the note's path, the same in every export.
pub fn uid(record: &Value, version: Version) -> String {
    if let Some(uid) = record.get("uid").and_then(Value::as_str).map(str::trim).filter(|u| !u.is_empty()) {
        return uid.to_string();
    }
    let id = derived_uid(record.get("path").and_then(Value::as_str).unwrap_or_default());
    match version {
        Version::V3 => id.to_string(),
        Version::V4 => id.urn().to_string(),
    }
}

/// The UID every export gives the note at `path` (vault-relative) that has no
/// `uid` of its own: an import of kith's own cards knows the note by it.
pub fn derived_uid(path: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("kith:{path}").as_bytes())
}

/// The items of a text-or-list field.
fn items(record: &Value, key: &str) -> Vec<String> {
    match record.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

struct Card {
    lines: Vec<String>,
    groups: usize,
}

impl Card {
    /// `NAME;TYPE=…:value`, or for a label no `TYPE` says, `itemN.NAME:value` + `itemN.X-ABLabel:label`.
    fn labeled(&mut self, name: &str, extra: &str, item: &Labeled, types: &[&str], value: String) {
        let label = item.label.as_deref().map(str::to_lowercase);
        let typed: Option<Vec<&str>> = label
            .as_deref()
            .map(|l| l.split(',').map(str::trim).collect())
            .filter(|t: &Vec<&str>| t.iter().all(|t| types.contains(t)));
        match (label.as_deref(), typed) {
            (None, _) => self.lines.push(format!("{name}{extra}:{value}")),
            (Some(_), Some(typed)) => {
                let mut all: Vec<&str> =
                    extra.trim_start_matches(";TYPE=").split(',').filter(|t| !t.is_empty()).collect();
                all.extend(typed);
                self.lines.push(format!("{name};TYPE={}:{value}", all.join(",")));
            }
            (Some(label), None) => {
                self.groups += 1;
                let group = format!("item{}", self.groups);
                self.lines.push(format!("{group}.{name}{extra}:{value}"));
                self.lines.push(format!("{group}.X-ABLabel:{}", escape(label)));
            }
        }
    }
}

/// One card for a person's record.
pub fn card(record: &Value, version: Version, out: &mut String) {
    let text = |key: &str| record.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let name = text("name").unwrap_or("Unnamed");
    let v3 = version == Version::V3;
    let mut card =
        Card { lines: vec!["BEGIN:VCARD".into(), format!("VERSION:{}", if v3 { "3.0" } else { "4.0" })], groups: 0 };
    card.lines.push(format!("UID:{}", escape(&uid(record, version))));
    card.lines.push(format!("FN:{}", escape(name)));
    // N from the parts the note holds; without them the whole name is the given
    // name (never split at a space: `山田 太郎` must not come out reversed).
    let part = |key| text(key).map(escape).unwrap_or_default();
    let parts = ["family_name", "given_name", "middle_name", "name_prefix", "name_suffix"].map(part);
    if parts.iter().all(String::is_empty) {
        card.lines.push(format!("N:;{};;;", escape(name)));
    } else {
        card.lines.push(format!("N:{}", parts.join(";")));
    }
    if let Some(nickname) = text("nickname") {
        card.lines.push(format!("NICKNAME:{}", escape(nickname)));
    }
    if let Some(org) = text("company") {
        card.lines.push(format!("ORG:{}", escape(org)));
    }
    if let Some(title) = text("role") {
        card.lines.push(format!("TITLE:{}", escape(title)));
    }
    for email in items(record, "email").iter().map(|e| Labeled::parse(e)) {
        let extra = if v3 { ";TYPE=INTERNET" } else { "" };
        let value = escape(&email.value);
        card.labeled("EMAIL", extra, &email, &EMAIL_TYPES, value);
    }
    for phone in items(record, "phone").iter().map(|p| Labeled::parse(p)) {
        let value = escape(&phone.value);
        card.labeled("TEL", "", &phone, &TEL_TYPES, value);
    }
    for address in items(record, "address").iter().map(|a| Labeled::parse(a)) {
        // The note holds the address as one line: it goes whole into the street.
        let value = format!(";;{};;;;", escape(&address.value));
        card.labeled("ADR", "", &address, &ADR_TYPES, value);
    }
    if let Some(url) = text("linkedin") {
        card.lines.push(format!("URL:{}", escape(url)));
    }
    for url in items(record, "url").iter().map(|u| Labeled::parse(u)) {
        let value = escape(&url.value);
        card.labeled("URL", "", &url, &[], value);
    }
    for social in items(record, "social").iter().map(|s| Labeled::parse(s)) {
        let value = escape(&social.value);
        match &social.label {
            Some(network) => card.lines.push(format!("X-SOCIALPROFILE;TYPE={}:{value}", escape(network))),
            None => card.lines.push(format!("X-SOCIALPROFILE:{value}")),
        }
    }
    let tags = items(record, "tags");
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| escape(t.trim_start_matches('#'))).collect();
        card.lines.push(format!("CATEGORIES:{}", tags.join(",")));
    }
    if let Some(bday) = text("birthday").and_then(|b| birthday(b, version)) {
        card.lines.push(bday);
    }
    // Other dates (and `met`) as Apple's labelled dates, which Google and Apple show.
    let mut dates: Vec<(String, String)> = Vec::new();
    if let Some(met) = text("met") {
        dates.push(("met".into(), met.into()));
    }
    if let Some(Value::Object(map)) = record.get("dates") {
        for (label, date) in map {
            if let Some(date) = date.as_str() {
                dates.push((label.clone(), date.to_string()));
            }
        }
    }
    for (label, date) in dates {
        card.groups += 1;
        let group = format!("item{}", card.groups);
        card.lines.push(format!("{group}.X-ABDATE:{}", escape(&date)));
        card.lines.push(format!("{group}.X-ABLabel:{}", escape(&label)));
    }
    if let Some(notes) = text("notes") {
        card.lines.push(format!("NOTE:{}", escape(notes)));
    }
    card.lines.push("END:VCARD".into());
    for line in card.lines {
        fold(&line, out);
    }
}

/// `BDAY` as Apple and Google read it: a full date as is (basic format in 4.0);
/// without a year, Apple's `X-APPLE-OMIT-YEAR=1604` in 3.0 and `--MMDD` in 4.0.
fn birthday(text: &str, version: Version) -> Option<String> {
    let normal = super::normalize_birthday(text)?;
    Some(match (normal.strip_prefix("--"), version) {
        (Some(month_day), Version::V3) => format!("BDAY;X-APPLE-OMIT-YEAR=1604:1604-{month_day}"),
        (Some(month_day), Version::V4) => format!("BDAY:--{}", month_day.replace('-', "")),
        (None, Version::V3) => format!("BDAY:{normal}"),
        (None, Version::V4) => format!("BDAY:{}", normal.replace('-', "")),
    })
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
    use serde_json::json;

    #[test]
    fn year_less_birthdays_as_apple_and_google_read_them() {
        assert_eq!(birthday("--11-27", Version::V3).unwrap(), "BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-27");
        assert_eq!(birthday("--11-27", Version::V4).unwrap(), "BDAY:--1127");
        assert_eq!(birthday("1990-04-12", Version::V3).unwrap(), "BDAY:1990-04-12");
        assert_eq!(birthday("1990-04-12", Version::V4).unwrap(), "BDAY:19900412");
    }

    #[test]
    fn uid_is_stable_and_names_are_never_split() {
        let record = json!({"name": "山田 太郎", "path": "people/山田 太郎.md"});
        assert_eq!(uid(&record, Version::V3), uid(&record.clone(), Version::V3));
        assert_ne!(uid(&record, Version::V3), uid(&json!({"path": "people/other.md"}), Version::V3));
        let mut out = String::new();
        card(&record, Version::V3, &mut out);
        assert!(out.contains("\r\nN:;山田 太郎;;;\r\n"), "{out}");
        assert!(!out.contains("NOTE"), "{out}");
    }
}
