//! Filling a note template (the vault's `templates/person.md`) for `kith add`:
//! the given fields replace the template's values, every other line stays.

use serde_norway::Value;

use crate::vault::split_front_matter;

/// The template with each `(key, entry)` set in its front matter (`entry` is
/// the whole YAML of the field, `key: value\n`, as `new_note::entry` writes
/// it): a top-level `key:` line (and the indented lines of a block value
/// under it) is replaced, a missing key is added before the closing fence. `{{title}}` and
/// `{{date}}` (Obsidian's template variables) become `title` and `date` (see
/// `variables`). A template without front matter gets one.
pub fn fill(template: &str, fields: &[(&str, String)], title: &str, date: &str) -> String {
    let template = variables(template, title, date);
    let (bom, text) = match template.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", template.as_str()),
    };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let front = split_front_matter(text).ok().and_then(|s| s.front);
    let Some(front) = front else {
        let lines: String = fields.iter().map(|(_, entry)| with_nl(entry, nl)).collect();
        return format!("{bom}---{nl}{lines}---{nl}{text}");
    };
    let yaml_start = front.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + front.yaml.len();
    let mut yaml = String::with_capacity(front.yaml.len() + 200);
    let mut done = vec![false; fields.len()];
    let mut skipping_block = false;
    for line in front.yaml.split_inclusive('\n') {
        let indented = line.starts_with([' ', '\t', '-']);
        if skipping_block && indented {
            continue;
        }
        skipping_block = false;
        let key = line.split(':').next().unwrap_or("").trim_end();
        match fields.iter().position(|(k, _)| !indented && line.contains(':') && *k == key) {
            Some(i) => {
                yaml.push_str(&with_nl(&fields[i].1, nl));
                done[i] = true;
                skipping_block = true;
            }
            None => yaml.push_str(line),
        }
    }
    if !yaml.is_empty() && !yaml.ends_with('\n') {
        yaml.push_str(nl);
    }
    for ((_, entry), _) in fields.iter().zip(&done).filter(|(_, done)| !**done) {
        yaml.push_str(&with_nl(entry, nl));
    }
    format!("{bom}{}{yaml}{}", &text[..yaml_start], &text[yaml_end..])
}

/// `{{title}}` and `{{date}}` filled in: in the body as text (on one line), in
/// the front matter so that each field reads back as the template means it.
/// A field that pasting the text would break or change (`title: {{title}}`
/// for `Ada: Lovelace`, `aliases: [{{title}}]`) is written by the YAML
/// serializer instead; one it reads right stays as the template wrote it.
fn variables(template: &str, title: &str, date: &str) -> String {
    let line_title = title.replace(['\r', '\n'], " ");
    let plain = |t: &str| t.replace("{{title}}", &line_title).replace("{{date}}", date);
    let text = template.strip_prefix('\u{feff}').unwrap_or(template);
    let bom = &template[..template.len() - text.len()];
    let Some(front) = split_front_matter(text).ok().and_then(|s| s.front) else { return plain(template) };
    let start = front.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + front.yaml.len();
    let mut yaml = String::with_capacity(front.yaml.len() + title.len());
    for block in top_level_blocks(front.yaml) {
        yaml.push_str(&field_variables(block, title, date));
    }
    format!("{bom}{}{yaml}{}", &text[..start], plain(&text[end..]))
}

/// Stand-ins for the variables while finding what the template means: plain YAML words.
const TITLE_MARK: &str = "kith0title0variable";
const DATE_MARK: &str = "kith0date0variable";

fn field_variables(block: &str, title: &str, date: &str) -> String {
    let fill = |t: &str, title: &str, date: &str| t.replace("{{title}}", title).replace("{{date}}", date);
    let pasted = fill(block, title, date);
    if pasted == block {
        return pasted;
    }
    let Ok(Value::Mapping(meant)) = serde_norway::from_str::<Value>(&fill(block, TITLE_MARK, DATE_MARK)) else {
        return pasted;
    };
    let meant = unmark(Value::Mapping(meant), title, date);
    if serde_norway::from_str::<Value>(&pasted).is_ok_and(|v| v == meant) {
        return pasted;
    }
    let Value::Mapping(map) = meant else { return pasted };
    let nl = if block.contains("\r\n") { "\r\n" } else { "\n" };
    let entries: Option<String> =
        map.iter().map(|(k, v)| Some(with_nl(&crate::new_note::entry(k.as_str()?, v).ok()?, nl))).collect();
    entries.unwrap_or(pasted)
}

fn unmark(value: Value, title: &str, date: &str) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace(TITLE_MARK, title).replace(DATE_MARK, date)),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(|v| unmark(v, title, date)).collect()),
        Value::Mapping(map) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (unmark(k, title, date), unmark(v, title, date))).collect())
        }
        Value::Tagged(mut tagged) => {
            tagged.value = unmark(tagged.value, title, date);
            Value::Tagged(tagged)
        }
        other => other,
    }
}

/// The front matter cut into top-level fields: a line that starts a key, with
/// the indented lines, block list items and comments after it.
fn top_level_blocks(yaml: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if offset > start && !line.starts_with([' ', '\t', '-', '#', '\r', '\n']) {
            blocks.push(&yaml[start..offset]);
            start = offset;
        }
        offset += line.len();
    }
    if offset > start {
        blocks.push(&yaml[start..]);
    }
    blocks
}

/// An entry's lines ending the way the template's do.
fn with_nl(entry: &str, nl: &str) -> String {
    let entry = if entry.ends_with('\n') { entry.to_string() } else { format!("{entry}\n") };
    if nl == "\n" {
        entry
    } else {
        entry.replace('\n', nl)
    }
}

#[cfg(test)]
mod tests {
    use super::fill;
    use crate::vault::split_front_matter;
    use serde_norway::Value;

    #[test]
    fn replaces_values_keeps_other_lines_and_adds_missing_keys() {
        let template = "---\nname:\ncompany:   # where\ntags:\n  - person\nstage: seed\n---\n# {{title}}\n\n## Log\n";
        let fields =
            [("name", "name: Ada\n".to_string()), ("tags", "tags:\n- x\n".into()), ("met", "met: 2026-01-02\n".into())];
        assert_eq!(
            fill(template, &fields, "Ada", "2026-11-23"),
            "---\nname: Ada\ncompany:   # where\ntags:\n- x\nstage: seed\nmet: 2026-01-02\n---\n# Ada\n\n## Log\n"
        );
    }

    /// `{{title}}` pasted into `title: {{title}}` broke the note for a name like
    /// `Ada: Lovelace`; such a field is written by the serializer, others stay.
    #[test]
    fn variables_in_the_front_matter_read_back_as_meant() {
        let template = "---\ntitle: {{title}}\naliases: [{{title}}]   # me\nquoted: \"{{title}}\"\ncreated: {{date}}\n\
                        about: Notes on {{title}}\n---\n# {{title}}\n";
        for title in ["Ada Lovelace", "Ada: Lovelace", "Say \"hi\" #1", "*star", "yes", "two\nlines"] {
            let note = fill(template, &[], title, "2026-11-23");
            let yaml = split_front_matter(&note).unwrap().front.unwrap().yaml;
            let map: serde_norway::Mapping = serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{note}"));
            for key in ["title", "quoted"] {
                assert_eq!(map[key], Value::String(title.into()), "{note}");
            }
            assert_eq!(map["aliases"], Value::Sequence(vec![title.into()]), "{note}");
            assert_eq!(map["created"], Value::String("2026-11-23".into()), "{note}");
            assert_eq!(map["about"], Value::String(format!("Notes on {title}")), "{note}");
            assert!(note.ends_with(&format!("---\n# {}\n", title.replace('\n', " "))), "{note}");
        }
        assert_eq!(
            fill(template, &[], "Ada Lovelace", "2026-11-23"),
            "---\ntitle: Ada Lovelace\naliases: [Ada Lovelace]   # me\nquoted: \"Ada Lovelace\"\ncreated: 2026-11-23\n\
             about: Notes on Ada Lovelace\n---\n# Ada Lovelace\n"
        );
    }

    #[test]
    fn crlf_and_no_front_matter() {
        let fields = [("name", "name: Ada\n".to_string()), ("tags", "tags:\n- x\n".to_string())];
        assert_eq!(fill("---\r\nname:\r\n---\r\n", &fields, "Ada", ""), "---\r\nname: Ada\r\ntags:\r\n- x\r\n---\r\n");
        assert_eq!(
            fill("Notes on {{date}}\n", &fields, "Ada", "2026-11-23"),
            "---\nname: Ada\ntags:\n- x\n---\nNotes on 2026-11-23\n"
        );
    }
}
