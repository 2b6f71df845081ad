//! The text of a new person note (`kith add`, import): its front matter is
//! written by the YAML serializer, never pasted together, so any value (a
//! `---` line, a leading `*` or `&`, `: `, quotes, a line break, `yes` or
//! `null` meant as text) reads back as exactly itself. Plain values stay
//! unquoted; lists are block lists; a text of several lines is a `|` block.

use serde_norway::{Mapping, Value};

/// One field of a new note, in the order it is written.
pub type Field<'a> = (&'a str, Value);

/// `key: value` as YAML, ending in a newline: one line for a plain value,
/// more for a list or a text of several lines.
pub fn entry(key: &str, value: &Value) -> Result<String, serde_norway::Error> {
    let mut map = Mapping::with_capacity(1);
    map.insert(Value::String(key.to_string()), value.clone());
    serde_norway::to_string(&map)
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
