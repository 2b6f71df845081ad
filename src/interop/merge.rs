//! Merging contacts into the vault: new people become notes, known people
//! (by LinkedIn URL, email, then loose name) get the fields they lack, never
//! overwriting what the note says.

use std::collections::HashMap;
use std::io::{self, Write};

use super::names::{loose, safe_file_name, yaml_text};
use super::Contact;
use crate::edit::add_missing_fields;
use crate::load::{reread, Vault};
use crate::note::fields::scalar_text;
use crate::output::{create_new, write_atomic};
use crate::path::NotePath;

/// What an import did (or would do, in a dry run).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub merged: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

/// Merge `contacts` into the vault, one line per change or conflict to `out`;
/// with `dry_run` nothing is written. `tick` is called once per contact.
pub fn merge(
    vault: &Vault,
    contacts: Vec<Contact>,
    dry_run: bool,
    out: &mut dyn Write,
    tick: &mut dyn FnMut(),
) -> io::Result<Summary> {
    // Known people by LinkedIn URL, email and loose name; front matter read once.
    let mut fronts: HashMap<NotePath, serde_norway::Mapping> = HashMap::new();
    let (mut by_url, mut by_email, mut by_name) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (note, person) in vault.index.people() {
        let front = reread(&vault.root, &note.path, &vault.settings.folders).map(|s| s.front).unwrap_or_default();
        if let Some(url) = front.get("linkedin").and_then(scalar_text) {
            by_url.insert(normalize_url(&url), note.path.clone());
        }
        if let Some(email) = &person.email {
            by_email.insert(email.to_lowercase(), note.path.clone());
        }
        by_name.entry(loose(&person.name)).or_insert_with(|| note.path.clone());
        fronts.insert(note.path.clone(), front);
    }
    let mut summary = Summary::default();
    for contact in contacts {
        tick();
        let known = contact
            .url
            .as_ref()
            .and_then(|u| by_url.get(&normalize_url(u)))
            .or_else(|| contact.email.as_ref().and_then(|e| by_email.get(&e.to_lowercase())))
            .or_else(|| by_name.get(&loose(&contact.name)))
            .cloned();
        match known {
            Some(path) => {
                let front = fronts.get(&path).cloned().unwrap_or_default();
                let has = |key: &str| match front.get(key) {
                    Some(serde_norway::Value::Sequence(items)) => !items.is_empty(),
                    Some(value) => scalar_text(value).is_some_and(|v| !v.trim().is_empty()),
                    None => false,
                };
                for (key, value) in &contact.fields {
                    let theirs = front.get(*key).and_then(scalar_text).unwrap_or_default();
                    if has(key)
                        && !theirs.eq_ignore_ascii_case(value.trim_matches('"'))
                        && *key != "met"
                        && *key != "stage"
                    {
                        summary.conflicts += 1;
                        writeln!(
                            out,
                            "conflict  {path}: {key} is \"{theirs}\" in the note, {value} in LinkedIn (kept yours)"
                        )?;
                    }
                }
                let missing: Vec<(&str, String)> =
                    contact.fields.iter().filter(|(k, _)| !has(k) && *k != "stage").cloned().collect();
                if missing.is_empty() {
                    summary.unchanged += 1;
                    continue;
                }
                summary.merged += 1;
                let keys: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
                writeln!(out, "merge     {path}: adds {}", keys.join(", "))?;
                if !dry_run {
                    let fs_path = path.to_fs_path(&vault.root);
                    let text = std::fs::read_to_string(&fs_path)?;
                    write_atomic(&fs_path, add_missing_fields(&text, &missing, &has).as_bytes())?;
                }
            }
            None => {
                let rel = format!("{}/{}.md", vault.settings.folders.people, safe_file_name(&contact.name));
                summary.new += 1;
                writeln!(out, "new       {rel}")?;
                if !dry_run {
                    let mut note = format!("---\ntype: person\nname: {}\n", yaml_text(&contact.name));
                    for (key, value) in &contact.fields {
                        note.push_str(&format!("{key}: {value}\n"));
                    }
                    note.push_str("---\n");
                    if let Some(body) = &contact.body {
                        note.push('\n');
                        note.push_str(body);
                        note.push('\n');
                    }
                    note.push_str("\n## Log\n\n");
                    create_new(&NotePath::new(rel.clone()).to_fs_path(&vault.root), note.as_bytes())?;
                    by_name.insert(loose(&contact.name), NotePath::new(rel));
                }
            }
        }
    }
    Ok(summary)
}

fn normalize_url(url: &str) -> String {
    url.trim()
        .trim_end_matches('/')
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .to_lowercase()
}
