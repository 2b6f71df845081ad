//! A contact as front-matter fields: the keys kith writes, their YAML text,
//! and comparing them with what a note already says by value (not by text).
//!
//! Lists are normal: `email` and `phone` are text for one value and a list for
//! several, each item `value (label)`. Imported free text goes to `notes:` in
//! the front matter, never into the body, where it could pass for a `## Log`.

use serde_norway::Value;

use super::names::yaml_text;
use super::{Contact, Labeled};
use crate::note::fields::scalar_text;

/// How two values of a field are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Same {
    /// Text, ignoring case and runs of spaces.
    Text,
    /// Addresses and URLs: case, a trailing `/`, `https://` and `www.` ignored.
    Address,
    /// Phone numbers: only the digits (and a leading `+`).
    Phone,
    /// Tags: case and a leading `#` ignored.
    Tag,
}

/// One field to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    /// The items (one for a text field).
    pub items: Vec<String>,
    /// Written as a list even with one item.
    pub list: bool,
    /// Written bare (dates), not quoted.
    pub bare: bool,
    pub same: Same,
    /// Only for new notes: never added to a note that exists.
    pub new_only: bool,
    /// A different value in the note is not worth a word (`met`, `uid`).
    pub quiet: bool,
}

impl Field {
    fn text(key: &'static str, value: &Option<String>, same: Same) -> Option<Field> {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        Some(Field {
            key,
            items: vec![value.to_string()],
            list: false,
            bare: false,
            same,
            new_only: false,
            quiet: false,
        })
    }

    fn labeled(key: &'static str, values: &[Labeled], same: Same) -> Option<Field> {
        let items: Vec<String> = values.iter().filter(|v| !v.value.is_empty()).map(Labeled::text).collect();
        (!items.is_empty()).then_some(Field {
            key,
            list: items.len() > 1,
            items,
            bare: false,
            same,
            new_only: false,
            quiet: false,
        })
    }

    /// The value, for `new_note::entry` to write.
    pub fn value(&self) -> Value {
        if self.key == "dates" {
            let pairs = self.items.iter().filter_map(|i| i.split_once(": "));
            return Value::Mapping(pairs.map(|(label, date)| (label.into(), date.into())).collect());
        }
        if self.list {
            return Value::Sequence(self.items.iter().map(|i| i.as_str().into()).collect());
        }
        Value::String(self.items.join(", "))
    }

    /// The YAML text after `key: `, for a field added to a note that exists.
    pub fn yaml(&self) -> String {
        if self.key == "dates" {
            // A mapping of label to date, items `label: date`.
            let pairs: Vec<String> = self
                .items
                .iter()
                .filter_map(|i| i.split_once(": "))
                .map(|(label, date)| format!("{}: {}", yaml_text(label), yaml_text(date)))
                .collect();
            return format!("{{{}}}", pairs.join(", "));
        }
        if self.bare {
            return self.items.join(", ");
        }
        if self.list {
            let items: Vec<String> = self.items.iter().map(|i| yaml_text(i)).collect();
            return format!("[{}]", items.join(", "));
        }
        yaml_text(&self.items[0])
    }
}

/// The fields of a contact, in the order a new note lists them (`name` and
/// `type` come first and are not here).
pub fn fields(c: &Contact) -> Vec<Field> {
    let parts = |key, value: &String| {
        Field::text(key, &Some(value.clone()), Same::Text).map(|f| Field { new_only: true, quiet: true, ..f })
    };
    let mut out: Vec<Option<Field>> = vec![
        parts("name_prefix", &c.parts.prefix),
        parts("given_name", &c.parts.given),
        parts("middle_name", &c.parts.middle),
        parts("family_name", &c.parts.family),
        parts("name_suffix", &c.parts.suffix),
        Field::text("nickname", &c.nickname, Same::Text),
        Field::text("company", &c.company, Same::Text),
        Field::text("role", &c.role, Same::Text),
        Field::labeled("email", &c.emails, Same::Address),
        Field::labeled("phone", &c.phones, Same::Phone),
        Field::labeled("address", &c.addresses, Same::Text),
        Field::text("linkedin", &c.linkedin, Same::Address),
        Field::labeled("url", &c.urls, Same::Address),
        Field::labeled("social", &c.socials, Same::Address),
    ];
    let tags: Vec<String> =
        c.tags.iter().map(|t| t.trim().trim_start_matches('#').to_string()).filter(|t| !t.is_empty()).collect();
    if !tags.is_empty() {
        out.push(Some(Field {
            key: "tags",
            items: tags,
            list: true,
            bare: false,
            same: Same::Tag,
            new_only: false,
            quiet: false,
        }));
    }
    out.push(c.birthday.as_ref().map(|b| Field {
        key: "birthday",
        items: vec![b.clone()],
        list: false,
        // `--04-12` is not a YAML date; quote it so no reader takes it for something else.
        bare: !b.starts_with("--"),
        same: Same::Text,
        new_only: false,
        quiet: false,
    }));
    let dates: Vec<String> = c.dates.iter().map(|(label, date)| format!("{label}: {date}")).collect();
    if !dates.is_empty() {
        out.push(Some(Field {
            key: "dates",
            items: dates,
            list: true,
            bare: false,
            same: Same::Text,
            new_only: false,
            quiet: false,
        }));
    }
    out.push(Some(Field {
        key: "stage",
        items: vec!["seed".into()],
        list: false,
        bare: true,
        same: Same::Text,
        new_only: true,
        quiet: true,
    }));
    out.push(c.met.map(|m| Field {
        key: "met",
        items: vec![m.to_string()],
        list: false,
        bare: true,
        same: Same::Text,
        new_only: false,
        quiet: true,
    }));
    out.push(Field::text("uid", &c.uid, Same::Text).map(|f| Field { quiet: true, ..f }));
    out.push(Field::text("notes", &c.notes, Same::Text));
    out.into_iter().flatten().collect()
}

/// A value compared the way `same` says.
pub fn normal(value: &str, same: Same) -> String {
    let value = Labeled::parse(value).value;
    match same {
        Same::Text => value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase(),
        Same::Address => value
            .trim()
            .trim_end_matches('/')
            .trim_start_matches("mailto:")
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .to_lowercase(),
        Same::Phone => {
            let plus = if value.trim_start().starts_with('+') { "+" } else { "" };
            format!("{plus}{}", value.chars().filter(char::is_ascii_digit).collect::<String>())
        }
        Same::Tag => value.trim().trim_start_matches('#').to_lowercase(),
    }
}

/// The items of a front-matter value: a text, or a list of texts (tags may also
/// be one comma-separated text).
pub fn note_items(value: &Value, same: Same) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(scalar_text).filter(|t| !t.trim().is_empty()).collect(),
        Value::Mapping(map) => {
            map.iter().filter_map(|(k, v)| Some(format!("{}: {}", scalar_text(k)?, scalar_text(v)?))).collect()
        }
        other => match scalar_text(other) {
            Some(text) if same == Same::Tag => {
                text.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
            }
            Some(text) if !text.trim().is_empty() => vec![text],
            _ => Vec::new(),
        },
    }
}

/// The contact's items the note's value lacks (compared by value); empty
/// when the note says the same or more.
pub fn lacking(note: &Value, field: &Field) -> Vec<String> {
    let have: Vec<String> = note_items(note, field.same).iter().map(|i| normal(i, field.same)).collect();
    field.items.iter().filter(|i| !have.contains(&normal(i, field.same))).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &'static str, items: &[&str], same: Same) -> Field {
        Field {
            key,
            items: items.iter().map(|s| s.to_string()).collect(),
            list: items.len() > 1,
            bare: false,
            same,
            new_only: false,
            quiet: false,
        }
    }

    #[test]
    fn values_not_text() {
        let yaml: serde_norway::Mapping = serde_norway::from_str(
            "phone: \"0123 456 789 (cell)\"\nemail: [A@X.org, b@y.org]\nrole: \"Say \\\"hi\\\"\"\ntags: \"#a, b\"",
        )
        .unwrap();
        assert!(lacking(&yaml["phone"], &field("phone", &["0123456789"], Same::Phone)).is_empty());
        assert!(lacking(&yaml["email"], &field("email", &["a@x.org (work)"], Same::Address)).is_empty());
        assert_eq!(lacking(&yaml["email"], &field("email", &["c@z.org"], Same::Address)), ["c@z.org"]);
        assert!(lacking(&yaml["role"], &field("role", &["Say \"hi\""], Same::Text)).is_empty());
        assert!(lacking(&yaml["tags"], &field("tags", &["A", "b"], Same::Tag)).is_empty());
    }

    #[test]
    fn one_email_is_text_several_a_list() {
        let c = Contact {
            name: "A".into(),
            emails: vec![Labeled::new("a@x.org", Some("work".into()))],
            phones: vec![Labeled::new("1", None), Labeled::new("2", Some("cell".into()))],
            birthday: Some("--11-27".into()),
            ..Contact::default()
        };
        let yaml: Vec<String> = fields(&c).iter().map(|f| format!("{}: {}", f.key, f.yaml())).collect();
        assert_eq!(
            yaml,
            ["email: \"a@x.org (work)\"", "phone: [\"1\", \"2 (cell)\"]", "birthday: \"--11-27\"", "stage: seed"]
        );
    }
}
