//! The text of a new person note (`kith add`, import): its front matter is
//! written by the YAML serializer, never pasted together, so any value (a
//! `---` line, a leading `*` or `&`, `: `, quotes, a line break, `yes` or
//! `null` meant as text) reads back as exactly itself. Plain values stay
//! unquoted; lists are block lists; a text of several lines is a `|` block.
//! What a YAML 1.1 reader would misread (`yes`, `on`, `0o17`) is quoted too.

use serde_norway::{Mapping, Value};

use crate::interop::names::yaml_text;

/// One field of a new note, in the order it is written.
pub type Field<'a> = (&'a str, Value);

/// `key: value` as YAML, ending in a newline: one line for a plain value,
/// more for a list or a text of several lines. serde_norway quotes what YAML
/// 1.2 would read as something else; a text a YAML 1.1 reader (PyYAML, Ruby,
/// older Obsidian plugins) would take for a boolean, null, number or date
/// (`yes`, `on`, `n`, `0o17`, `1_000`, `12:30`) is double-quoted too. A date
/// in a date field stays a plain date. The serializer picks each scalar's
/// style and cannot be asked for quotes, so such a text goes through it as a
/// unique plain marker, swapped for its `yaml_text` after: the layout (block
/// lists, `|` blocks, nesting) stays the serializer's for any value.
pub fn entry(key: &str, value: &Value) -> Result<String, serde_norway::Error> {
    let mut marker = String::from("kithquoted");
    while holds(value, &marker) {
        marker.push('q');
    }
    let mut quoted = Vec::new();
    let marked = mark(value, DATE_FIELDS.contains(&key), &marker, &mut quoted);
    let mut map = Mapping::with_capacity(1);
    map.insert(Value::String(key.to_string()), marked);
    let mut yaml = serde_norway::to_string(&map)?;
    for (i, text) in quoted.iter().enumerate() {
        yaml = yaml.replacen(&format!("{marker}{i}x"), &yaml_text(text), 1);
    }
    Ok(yaml)
}

/// Fields whose values are dates, written plain.
const DATE_FIELDS: &[&str] = &["met", "birthday", "dates", "follow_up", "last_contact", "date", "start", "deadline"];

/// Whether any text in `value` contains `marker`.
fn holds(value: &Value, marker: &str) -> bool {
    match value {
        Value::String(s) => s.contains(marker),
        Value::Sequence(items) => items.iter().any(|i| holds(i, marker)),
        Value::Mapping(map) => map.iter().any(|(k, v)| holds(k, marker) || holds(v, marker)),
        _ => false,
    }
}

/// `value` with each text a YAML 1.1 reader would misread replaced by a
/// plain marker (`{marker}{n}x`), its text kept in `quoted[n]`.
fn mark(value: &Value, dates: bool, marker: &str, quoted: &mut Vec<String>) -> Value {
    match value {
        Value::String(s) if misread_by_yaml_1_1(s, dates) => {
            quoted.push(s.clone());
            Value::String(format!("{marker}{}x", quoted.len() - 1))
        }
        Value::Sequence(items) => Value::Sequence(items.iter().map(|i| mark(i, dates, marker, quoted)).collect()),
        Value::Mapping(map) => Value::Mapping(
            map.iter().map(|(k, v)| (mark(k, false, marker, quoted), mark(v, dates, marker, quoted))).collect(),
        ),
        other => other.clone(),
    }
}

/// Whether a one-line text, written plain, is a boolean, null, number,
/// timestamp, merge key or value key in YAML 1.1 (in any letter case, and
/// generously for numbers: quoting more than needed still reads back exactly).
pub fn misread_by_yaml_1_1(text: &str, date_field: bool) -> bool {
    if text.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return false; // a `|` block, never read as anything but text
    }
    let special = [
        "", "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=", ".inf", "+.inf", "-.inf",
        ".nan",
    ];
    if special.contains(&text.to_ascii_lowercase().as_str()) {
        return true;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut chars = unsigned.chars();
    let numeric_start = match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    let numeric = numeric_start && text.chars().all(|c| c.is_ascii_hexdigit() || "xXoO_:.+- tTzZ".contains(c));
    numeric && !(date_field && is_date(text))
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// A text field.
pub fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

/// A list field.
pub fn list<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Sequence(items.iter().map(|i| text(i.as_ref())).collect())
}

/// A person note: `fields` filled into the vault's `template` (see
/// `template::fill`), or a note of its own with a `## Log` section.
pub fn person_note(
    fields: &[Field<'_>],
    template: Option<&str>,
    title: &str,
    date: &str,
) -> Result<String, serde_norway::Error> {
    Ok(match template {
        Some(template) => {
            // The template's own `type: template` (which keeps it out of the people) must not
            // be copied: a `type` line becomes `type: person`; a template without one keeps none.
            let typed = template.lines().any(|line| line.starts_with("type:"));
            let person: Field<'_> = ("type", text("person"));
            let mut all = typed.then_some(&person).into_iter().chain(fields);
            crate::template::fill(template, &entries(&mut all)?, title, date)
        }
        None => {
            let person: Field<'_> = ("type", text("person"));
            let lines: String =
                entries(&mut std::iter::once(&person).chain(fields))?.into_iter().map(|(_, entry)| entry).collect();
            format!("---\n{lines}---\n\n## Log\n\n")
        }
    })
}

fn entries<'a>(fields: &mut dyn Iterator<Item = &'a Field<'a>>) -> Result<Vec<(&'a str, String)>, serde_norway::Error> {
    fields.map(|(key, value)| Ok((*key, entry(key, value)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::note::{parse_note, Person};
    use crate::path::NotePath;
    use proptest::prelude::*;

    fn parsed(text: &str) -> Person {
        let note = parse_note(NotePath::new("people/x.md"), text, &Settings::default().folders);
        assert!(note.problems.iter().all(|p| !p.is_error()), "{:?}\n{text}", note.problems);
        note.person().cloned().unwrap_or_else(|| panic!("not a person:\n{text}"))
    }

    /// kith reads text fields trimmed, an empty one as absent.
    /// What a text field reads back as: one trimmed line (see `note::fields::one_line`).
    fn read_as(value: &str) -> Option<String> {
        Some(crate::note::fields::one_line(value)).filter(|v| !v.is_empty())
    }

    const TEMPLATE: &str =
        "---\ntype: template\nname:\ncompany:   # where\ntags:\n  - x\nstage: seed\n---\n# {{title}}\n";

    #[test]
    fn values_that_would_break_hand_written_yaml_read_back_exactly() {
        let hostile = [
            "a\n---\nb",
            "a\n...\nb",
            "*alias",
            "&anchor",
            "!tag",
            "# not a comment",
            "%directive",
            "@at",
            "key: value",
            "\"quoted\"",
            "'single'",
            "two\nlines",
            "yes",
            "no",
            "on",
            "Off",
            "y",
            "N",
            "0o17",
            "1_000",
            "12:30",
            "0x1F",
            ".inf",
            "<<",
            "null",
            "2026-01-01",
            "~",
            "[[Ada]]",
            "- item",
            "{a: b}",
            "tab\there",
            "nel\u{85}ls\u{2028}",
        ];
        for value in hostile {
            for template in [None, Some(TEMPLATE)] {
                let fields = [
                    ("name", text(&format!("N {value}"))),
                    ("company", text(value)),
                    ("role", text(value)),
                    ("aliases", list(&[value, "other"])),
                ];
                let note = person_note(&fields, template, "N", "2026-11-23").unwrap();
                let person = parsed(&note);
                assert_eq!(Some(person.name), read_as(&format!("N {value}")), "{note}");
                assert_eq!(person.company, read_as(value).as_deref(), "{note}");
                assert_eq!(person.role, read_as(value).as_deref(), "{note}");
                assert_eq!(person.aliases.to_strings(), [read_as(value).unwrap(), "other".to_string()], "{note}");
            }
        }
    }

    /// serde_norway leaves these plain (YAML 1.2 reads them as text), but a
    /// YAML 1.1 reader takes them for booleans, numbers or times.
    #[test]
    fn yaml_1_1_booleans_and_numbers_are_quoted() {
        for value in ["yes", "No", "ON", "off", "y", "n", "0o17", "1_000", "12:30", "0x1F", ".inf", "<<", "2026-01-01"]
        {
            assert_eq!(entry("company", &text(value)).unwrap(), format!("company: \"{value}\"\n"));
            assert_eq!(entry("tags", &list(&[value, "x"])).unwrap(), format!("tags:\n- \"{value}\"\n- x\n"));
        }
        assert_eq!(entry("met", &text("2026-01-02")).unwrap(), "met: 2026-01-02\n");
        assert_eq!(entry("company", &text("kithquoted0x")).unwrap(), "company: kithquoted0x\n");
        for plain in ["Acme", "yesterday", "3M", "Nokia 3310", "seed"] {
            assert_eq!(entry("company", &text(plain)).unwrap(), format!("company: {plain}\n"));
        }
    }

    /// What YAML itself reserves (a leading `@`, `# `, `: `) is quoted by
    /// the serializer; what only YAML 1.1 misreads, by `yaml_text`; texts
    /// that merely hold `@`, `:` or `#` stay plain, as YAML 1.1 reads them.
    #[test]
    fn at_signs_colons_and_hashes_are_quoted_only_where_a_reader_would_misread_them() {
        for (value, written) in [
            ("@at", "'@at'"),
            ("key: value", "'key: value'"),
            ("# x", "'# x'"),
            ("#tag", "'#tag'"),
            ("a #b", "'a #b'"),
            ("12:30", "\"12:30\""),
            ("1:2:3", "\"1:2:3\""),
            ("a@b", "a@b"),
            ("a:b", "a:b"),
            (":x", ":x"),
            ("a#b", "a#b"),
            ("Yes please", "Yes please"),
        ] {
            assert_eq!(entry("company", &text(value)).unwrap(), format!("company: {written}\n"));
            assert_eq!(entry("tags", &list(&[value])).unwrap(), format!("tags:\n- {written}\n"));
            let note = person_note(&[("company", text(value))], None, "N", "2026-11-23").unwrap();
            assert_eq!(parsed(&note).company, Some(value), "{note}");
        }
    }

    #[test]
    fn common_values_stay_plain() {
        let fields = [
            ("name", text("Ada Lovelace")),
            ("company", text("Analytical Engines, Ltd.")),
            ("tags", list(&["math", "speaking"])),
            ("stage", text("seed")),
            ("met", text("2026-01-02")),
        ];
        assert_eq!(
            person_note(&fields, None, "Ada Lovelace", "2026-11-23").unwrap(),
            "---\ntype: person\nname: Ada Lovelace\ncompany: Analytical Engines, Ltd.\ntags:\n- math\n- speaking\n\
             stage: seed\nmet: 2026-01-02\n---\n\n## Log\n\n"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the values, the note kith writes parses back (through kith's
        /// own parse) to exactly those values.
        #[test]
        fn front_matter_round_trips(
            name in "\\PC*[a-zA-Z]\\PC*",
            company in any::<String>(),
            role in "(\\PC|\n|\r|\t)*",
            aliases in prop::collection::vec("\\PC+[a-z]", 0..3),
            tags in prop::collection::vec("[a-z][a-z0-9_/-]{0,8}", 0..3),
            templated in any::<bool>(),
        ) {
            let mut fields = vec![("name", text(&name)), ("company", text(&company)), ("role", text(&role))];
            if !aliases.is_empty() {
                fields.push(("aliases", list(&aliases)));
            }
            if !tags.is_empty() {
                fields.push(("tags", list(&tags)));
            }
            let note = person_note(&fields, templated.then_some(TEMPLATE), "t", "d").unwrap();
            let parse = parse_note(NotePath::new("people/x.md"), &note, &Settings::default().folders);
            prop_assert!(parse.problems.iter().all(|p| !p.is_error()), "{:?}\n{}", parse.problems, note);
            let person = parse.person().cloned();
            prop_assert!(person.is_some(), "not a person:\n{}", note);
            let person = person.unwrap();
            prop_assert_eq!(Some(person.name), read_as(&name));
            prop_assert_eq!(person.company.map(str::to_string), read_as(&company));
            prop_assert_eq!(person.role.map(str::to_string), read_as(&role));
            let aliases: Vec<String> = aliases.iter().filter_map(|a| read_as(a)).collect();
            prop_assert_eq!(person.aliases.to_strings(), aliases);
            // The template's own tags stay when none are given.
            let tags = if tags.is_empty() && templated { vec!["x".to_string()] } else { tags };
            prop_assert_eq!(person.tags.to_strings(), tags);
        }
    }
}
