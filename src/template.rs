//! Filling a note template (the vault's `templates/person.md`) for `kith add`:
//! the given fields replace the template's values, every other line stays.

use crate::vault::split_front_matter;

/// The template with each `(key, entry)` set in its front matter (`entry` is
/// the whole YAML of the field, `key: value\n`, as `new_note::entry` writes
/// it): a top-level `key:` line (and the indented lines of a block value
/// under it) is replaced, a missing key is added before the closing fence. `{{title}}` and
/// `{{date}}` (Obsidian's template variables) become `title` and `date`.
/// A template without front matter gets one.
pub fn fill(template: &str, fields: &[(&str, String)], title: &str, date: &str) -> String {
    let template = template.replace("{{title}}", title).replace("{{date}}", date);
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
