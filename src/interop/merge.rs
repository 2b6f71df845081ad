//! Merging contacts into the vault, planned in memory first so that a dry run
//! says exactly what the real run does.
//!
//! A contact is the person of a note when they share an identity (the source's
//! `uid`, the LinkedIn URL, an email), else when the names match loosely and
//! nothing contradicts it (different LinkedIn URLs or uids), each note taken by
//! one contact of a file at most. So two people of the same name stay two notes.
//! A known person gets the fields their note lacks: the YAML mapping is edited
//! (an empty `key:` filled in, a missing key added), never a key written twice,
//! never a value overwritten.

use serde_norway::{Mapping, Value};
use std::collections::{HashMap, HashSet};

use super::fields::{fields, lacking, normal, note_items, Same};
use super::names::{link_safe_file_name, loose};
use super::{Contact, Source};
use crate::load::Vault;
use crate::new_note::{person_note, Field};
use crate::note::link;
use crate::note::recognise::{normalise as normalise_key, Recognition};
use crate::path::NotePath;
use crate::vault::split_front_matter;

/// What an import did (or would do, in a dry run).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub merged: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

/// A note to write: `before` is what it held when read (`None` for a new note).
#[derive(Debug, Clone)]
pub struct Change {
    pub path: NotePath,
    pub before: Option<String>,
    pub after: String,
    /// The contacts merged into the note (none for a new note), so the merge
    /// can be done again on the note as it is now (see `redo`).
    pub merged: Vec<Contact>,
    pub source: Source,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// One line per new note, merge and conflict, in the file's order.
    pub lines: Vec<String>,
    pub changes: Vec<Change>,
    pub summary: Summary,
}

struct NoteState {
    text: String,
    before: Option<String>,
    front: Mapping,
    /// Indices of the file's contacts merged into this note.
    merged: Vec<usize>,
}

/// The front matter as a mapping (empty when there is none or it does not
/// parse), each key as the field it means (`E-mail` → `email`, see
/// `note::recognise`), the first of two spellings winning; look keys up with `get`.
fn front_of(text: &str, recognition: &Recognition) -> Mapping {
    let text = text.trim_start_matches('\u{feff}');
    let raw: Mapping = split_front_matter(text)
        .ok()
        .and_then(|s| s.front)
        .and_then(|f| serde_norway::from_str(f.yaml).ok())
        .unwrap_or_default();
    let mut front = Mapping::new();
    for (key, value) in raw {
        let Some(key) = key.as_str().map(|k| recognition.field_of(k)) else { continue };
        if !front.contains_key(key.as_str()) {
            front.insert(Value::String(key), value);
        }
    }
    front
}

/// A field of a front matter read by `front_of`.
fn get<'a>(front: &'a Mapping, key: &str) -> Option<&'a Value> {
    front.get(normalise_key(key).as_str())
}

/// The people known so far (the vault's, then the ones this import creates).
#[derive(Default)]
struct Known {
    by_id: HashMap<String, NotePath>,
    by_name: HashMap<String, Vec<NotePath>>,
    taken_stems: HashSet<String>,
}

impl Known {
    fn add(&mut self, path: &NotePath, name: &str, front: &Mapping) {
        for id in identities(front).into_iter().chain(exported_uid(path, front)) {
            self.by_id.entry(id).or_insert_with(|| path.clone());
        }
        self.by_name.entry(loose(name)).or_default().push(path.clone());
        self.taken_stems.insert(link::key(path.without_extension()));
    }

    fn identity(&self, contact: &Contact) -> Option<&NotePath> {
        contact_identities(contact).iter().find_map(|id| self.by_id.get(id))
    }
}

/// `uid:…`, `in:…` (LinkedIn URL) and `email:…` keys of a note.
fn identities(front: &Mapping) -> Vec<String> {
    let mut ids = Vec::new();
    let items = |key: &str, same| get(front, key).map(|v| note_items(v, same)).unwrap_or_default();
    ids.extend(items("uid", Same::Text).iter().map(|u| format!("uid:{}", bare_uid(u))));
    ids.extend(items("linkedin", Same::Address).iter().map(|u| format!("in:{}", normal(u, Same::Address))));
    ids.extend(items("email", Same::Address).iter().map(|e| format!("email:{}", normal(e, Same::Address))));
    ids
}

/// The identity kith's own export gives a note without a `uid` (derived from
/// its path): its cards come back to the note they came from.
fn exported_uid(path: &NotePath, front: &Mapping) -> Option<String> {
    get(front, "uid").is_none().then(|| format!("uid:{}", super::card::derived_uid(path.as_str())))
}

/// The contact's uid is the one kith's export derives for this note, which has
/// none of its own: nothing the user had, so nothing to add.
fn uid_from_our_export(path: &NotePath, front: &Mapping, field: &super::fields::Field) -> bool {
    field.key == "uid"
        && exported_uid(path, front)
            .is_some_and(|ours| field.items.iter().all(|u| format!("uid:{}", bare_uid(u)) == ours))
}

fn contact_identities(c: &Contact) -> Vec<String> {
    let mut ids = Vec::new();
    ids.extend(c.uid.iter().map(|u| format!("uid:{}", bare_uid(u))));
    ids.extend(c.linkedin.iter().map(|u| format!("in:{}", normal(u, Same::Address))));
    ids.extend(c.emails.iter().map(|e| format!("email:{}", normal(&e.value, Same::Address))));
    ids
}

/// Different LinkedIn URLs or uids: not the same person, whatever the name.
fn contradicts(front: &Mapping, c: &Contact) -> bool {
    let differs = |key: &str, theirs: &Option<String>, same| {
        let ours = get(front, key).map(|v| note_items(v, same)).unwrap_or_default();
        match (ours.first(), theirs) {
            (Some(ours), Some(theirs)) => normal(ours, same) != normal(theirs, same),
            _ => false,
        }
    };
    let uid_differs = match (get(front, "uid").map(|v| note_items(v, Same::Text)).unwrap_or_default().first(), &c.uid) {
        (Some(ours), Some(theirs)) => bare_uid(ours) != bare_uid(theirs),
        _ => false,
    };
    differs("linkedin", &c.linkedin, Same::Address) || uid_differs
}

/// A uid as vCard 3.0 and 4.0 both mean it: 4.0 writes `urn:uuid:` before the same UUID.
fn bare_uid(uid: &str) -> String {
    let uid = uid.trim();
    let bare = match uid.get(..9) {
        Some(prefix) if prefix.eq_ignore_ascii_case("urn:uuid:") => &uid[9..],
        _ => uid,
    };
    bare.to_lowercase()
}

/// How many of the contact's fields the note already says: the best of
/// several same-name notes is the one that agrees most.
fn agreement(front: &Mapping, c: &Contact) -> usize {
    fields(c)
        .iter()
        .filter(|f| get(front, f.key).is_some_and(|v| !note_items(v, f.same).is_empty() && lacking(v, f).is_empty()))
        .count()
}

/// Plan the import of `contacts` into the vault.
pub fn plan(vault: &Vault, contacts: Vec<Contact>, source: Source) -> Plan {
    let folder = vault.people_folder();
    let recognition = &vault.settings.folders.recognition;
    let mut notes: HashMap<NotePath, NoteState> = HashMap::new();
    let mut known = Known::default();
    let mut people: Vec<(NotePath, String)> =
        vault.index.people().map(|(note, person)| (note.path.clone(), person.name.clone())).collect();
    people.sort();
    for (path, name) in people {
        let Ok(text) = crate::vault::read_text(&vault.root, &path) else { continue };
        let front = front_of(&text, recognition);
        known.add(&path, &name, &front);
        notes.insert(path, NoteState { before: Some(text.clone()), text, front, merged: Vec::new() });
    }
    for note in vault.index.notes() {
        known.taken_stems.insert(link::key(note.path.without_extension()));
    }
    // Identities first, for the whole file, so a name match never takes a note
    // that a later contact is the surer owner of.
    let mut claimed: HashSet<NotePath> = HashSet::new();
    let targets: Vec<Option<NotePath>> = contacts.iter().map(|c| known.identity(c).cloned()).collect();
    claimed.extend(targets.iter().flatten().cloned());
    let mut plan = Plan::default();
    for (i, (contact, target)) in contacts.iter().zip(targets).enumerate() {
        let target = target.or_else(|| known.identity(contact).cloned()).or_else(|| {
            let candidates = known.by_name.get(&loose(&contact.name))?;
            candidates
                .iter()
                .filter(|p| !claimed.contains(*p))
                .filter(|p| notes.get(*p).is_some_and(|n| !contradicts(&n.front, contact)))
                .max_by_key(|p| (notes.get(*p).map_or(0, |n| agreement(&n.front, contact)), std::cmp::Reverse(*p)))
                .cloned()
        });
        match target {
            Some(path) => {
                claimed.insert(path.clone());
                let Some(note) = notes.get_mut(&path) else { continue };
                if merge_into(&path, note, contact, source, recognition, &mut plan) {
                    note.merged.push(i);
                }
                // Identities the note now has find it again later in the file.
                for id in identities(&note.front) {
                    known.by_id.entry(id).or_insert_with(|| path.clone());
                }
            }
            None => {
                let text = match new_note(contact) {
                    Ok(text) => text,
                    Err(err) => {
                        plan.lines.push(format!("skipped   {}: {err}", contact.name));
                        continue;
                    }
                };
                let path = new_path(&folder, contact, &known);
                let front = front_of(&text, recognition);
                plan.lines.push(format!("new       {path}"));
                plan.summary.new += 1;
                known.add(&path, &contact.name, &front);
                claimed.insert(path.clone());
                notes.insert(path, NoteState { text, before: None, front, merged: Vec::new() });
            }
        }
    }
    let mut changes: Vec<Change> = notes
        .into_iter()
        .filter(|(_, n)| n.before.as_deref() != Some(n.text.as_str()))
        .map(|(path, n)| {
            let merged = n.merged.iter().map(|&i| contacts[i].clone()).collect();
            Change { path, before: n.before, after: n.text, merged, source }
        })
        .collect();
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    plan.changes = changes;
    plan
}

/// The merge of `change` done again on `text`, the note as it is now (it
/// changed on disk after the plan read it): the fields the note still lacks
/// are filled in, what the note says now is kept. `None`: nothing to add.
pub fn redo(change: &Change, text: &str, recognition: &Recognition) -> Option<String> {
    let front = front_of(text, recognition);
    let mut note = NoteState { text: text.to_string(), before: None, front, merged: Vec::new() };
    let mut plan = Plan::default();
    let mut changed = false;
    for contact in &change.merged {
        changed |= merge_into(&change.path, &mut note, contact, change.source, recognition, &mut plan);
    }
    changed.then_some(note.text)
}

/// Merge `contact` into the note; whether its text changed.
fn merge_into(
    path: &NotePath,
    note: &mut NoteState,
    contact: &Contact,
    source: Source,
    recognition: &Recognition,
    plan: &mut Plan,
) -> bool {
    let mut fill: Vec<(&'static str, String)> = Vec::new();
    for field in fields(contact).into_iter().filter(|f| !f.new_only && !uid_from_our_export(path, &note.front, f)) {
        let existing = get(&note.front, field.key);
        match existing {
            Some(value) if !note_items(value, field.same).is_empty() => {
                let missing = lacking(value, &field);
                if !missing.is_empty() && !field.quiet {
                    plan.summary.conflicts += 1;
                    plan.lines.push(format!(
                        "conflict  {path}: {} is {} in the note, {} in {} (kept yours)",
                        field.key,
                        shown(&note_items(value, field.same)),
                        shown(&field.items),
                        source.label()
                    ));
                }
            }
            _ => fill.push((field.key, field.yaml())),
        }
    }
    let Some(text) = (!fill.is_empty()).then(|| set_fields(&note.text, &fill, recognition)).flatten() else {
        plan.summary.unchanged += 1;
        return false;
    };
    let keys: Vec<&str> = fill.iter().map(|(k, _)| *k).collect();
    plan.lines.push(format!("merge     {path}: adds {}", keys.join(", ")));
    plan.summary.merged += 1;
    for (key, yaml) in &fill {
        if let Ok(value) = serde_norway::from_str::<Value>(yaml) {
            note.front.insert(Value::String(normalise_key(key)), value);
        }
    }
    note.text = text;
    true
}

fn shown(items: &[String]) -> String {
    match items {
        [one] => format!("\"{one}\""),
        many => format!("[{}]", many.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")),
    }
}

/// `people/Name.md`; when taken, `people/Name (Company).md`, then `people/Name 2.md`, …
fn new_path(folder: &str, contact: &Contact, known: &Known) -> NotePath {
    let base = link_safe_file_name(&contact.name);
    let company = contact.company.as_deref().map(link_safe_file_name).filter(|c| !c.is_empty());
    let stems = std::iter::once(base.clone())
        .chain(company.map(|company| format!("{base} ({company})")))
        .chain((2..).map(|n| format!("{base} {n}")));
    let rel = |stem: &str| if folder.is_empty() { stem.to_string() } else { format!("{folder}/{stem}") };
    let mut stems = stems.filter(|s| !known.taken_stems.contains(&link::key(&rel(s))));
    let stem = stems.next().unwrap_or(base);
    NotePath::new(format!("{}.md", rel(&stem)))
}

/// A new person note for the contact.
pub fn new_note(contact: &Contact) -> Result<String, serde_norway::Error> {
    let all = fields(contact);
    let name: Field<'_> = ("name", Value::String(link::nfc(&contact.name).into_owned()));
    let fields: Vec<Field<'_>> = std::iter::once(name).chain(all.iter().map(|f| (f.key, f.value()))).collect();
    person_note(&fields, None, "", "")
}

/// Set each `key: yaml` in the front matter: an existing empty `key:` line (or
/// one spelled another way that means the same field, like `E-mail:`)
/// gets the value, a missing key is added before the closing fence; every
/// other byte stays. `None` when nothing could be set (a key that holds an
/// empty value spread over several lines is left alone rather than doubled).
pub fn set_fields(text: &str, fields: &[(&str, String)], recognition: &Recognition) -> Option<String> {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let nl = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    let Some(front) = split_front_matter(rest).ok().and_then(|s| s.front) else {
        let lines: String = fields.iter().map(|(k, v)| format!("{k}: {v}{nl}")).collect();
        return Some(format!("{bom}---{nl}{lines}---{nl}{rest}"));
    };
    let yaml_start = front.yaml.as_ptr() as usize - rest.as_ptr() as usize;
    let mut yaml = front.yaml.to_string();
    let mut changed = false;
    for (key, value) in fields {
        let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
        let found = lines.iter().position(|l| {
            l.split_once(':').is_some_and(|(k, _)| {
                let k = k.trim_end().trim_matches(['"', '\'']);
                !l.starts_with([' ', '\t', '-', '#']) && recognition.field_of(k) == normalise_key(key)
            })
        });
        match found {
            Some(i) => {
                let continued = lines.get(i + 1).is_some_and(|next| next.starts_with([' ', '\t', '-']));
                if continued {
                    continue;
                }
                let line = lines[i];
                let colon = line.find(':').unwrap_or(line.len());
                let after = line[colon + 1..].trim_end_matches(['\r', '\n']);
                let comment = after.find(" #").map(|c| &after[after[..c].trim_end().len()..]).unwrap_or("");
                let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
                let new_line = format!("{}: {value}{comment}{ending}", &line[..colon]);
                yaml = lines[..i].concat() + &new_line + &lines[i + 1..].concat();
            }
            None => {
                if !yaml.is_empty() && !yaml.ends_with('\n') {
                    yaml.push_str(nl);
                }
                yaml.push_str(&format!("{key}: {value}{nl}"));
            }
        }
        changed = true;
    }
    changed.then(|| format!("{bom}{}{yaml}{}", &rest[..yaml_start], &rest[yaml_start + front.yaml.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_keys_are_filled_in_not_doubled() {
        let text = "---\nname: A\nphone: \"\"   # mine\nemail:\ntags:\n  - x\n---\nbody\n";
        let out = set_fields(
            text,
            &[
                ("phone", "\"1\"".into()),
                ("email", "\"a@b\"".into()),
                ("tags", "[\"y\"]".into()),
                ("role", "\"R\"".into()),
            ],
            &Recognition::default(),
        )
        .unwrap();
        assert_eq!(out, "---\nname: A\nphone: \"1\"   # mine\nemail: \"a@b\"\ntags:\n  - x\nrole: \"R\"\n---\nbody\n");
        let crlf = "\u{feff}---\r\nname: A\r\n---\r\n";
        assert_eq!(
            set_fields(crlf, &[("role", "\"R\"".into())], &Recognition::default()).unwrap(),
            "\u{feff}---\r\nname: A\r\nrole: \"R\"\r\n---\r\n"
        );
        // `E-mail:` is `email`, `Job Title:` is `role`: filled in, never doubled.
        let synonyms = "---\nname: A\nE-mail:\nJob Title: Boss\n---\n";
        assert_eq!(
            set_fields(synonyms, &[("email", "\"a@b\"".into())], &Recognition::default()).unwrap(),
            "---\nname: A\nE-mail: \"a@b\"\nJob Title: Boss\n---\n"
        );
    }

    #[test]
    fn new_notes_are_valid_yaml_with_every_field() {
        let contact = Contact {
            name: "Tomas Vidal [we're hiring]".into(),
            notes: Some("## Log\n- 2020-01-01 injected \"quote\"".into()),
            ..Contact::default()
        };
        let text = new_note(&contact).unwrap();
        let front = split_front_matter(&text).unwrap().front.unwrap();
        let map: Mapping = serde_norway::from_str(front.yaml).unwrap();
        assert_eq!(map["name"], Value::String(contact.name.clone()));
        assert_eq!(map["notes"], Value::String(contact.notes.clone().unwrap()));
        assert!(text.ends_with("---\n\n## Log\n\n"));
    }
}
