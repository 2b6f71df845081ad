//! The in-memory index: every note by path, link resolution by name, and the
//! facts derived from them. Notes are added, replaced and removed one at a time.

mod contact;
pub mod names;

pub use contact::{contact_dates, last_contact, ContactDates, DueReason};

use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::note::{link, Goal, Kind, LogEntry, Note, NoteBody, Person};
use crate::path::NotePath;

/// What changed in the index since the reports were last brought up to date.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Anything that can change how links resolve or what a note's share says
    /// beyond its own text: a note added, removed or renamed, a goal or other
    /// note edited, the settings. Every share is computed again.
    Everything,
    /// Only these people's notes, each still a person with the same names.
    People(&'a [NotePath]),
}

/// How a name matched a note; better matches win over worse ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MatchBy {
    /// The file name without `.md`, as Obsidian resolves links.
    FileName,
    /// `aliases`, a person's `name`, a goal's `title`.
    Alias,
}

#[derive(Debug, Clone)]
struct NameEntry {
    path: NotePath,
    by: MatchBy,
}

/// What a link points at.
#[derive(Debug)]
pub enum Resolution<'a> {
    Found(&'a Note),
    /// Several notes match equally well; sorted by path.
    Ambiguous(Vec<&'a Note>),
    Missing,
}

impl<'a> Resolution<'a> {
    /// The single note, or the first of several by path (deterministic).
    pub fn first(&self) -> Option<&'a Note> {
        match self {
            Resolution::Found(note) => Some(note),
            Resolution::Ambiguous(notes) => notes.first().copied(),
            Resolution::Missing => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Index {
    notes: BTreeMap<NotePath, Note>,
    /// Lowercased file names and aliases → the notes they name.
    names: FxHashMap<Box<str>, Vec<NameEntry>>,
}

impl Index {
    pub fn new() -> Self {
        Index::default()
    }

    /// Build from many notes at once (paths are unique, as a scan gives them).
    pub fn from_notes(notes: impl IntoIterator<Item = Note>) -> Self {
        // Bulk-building the map from sorted pairs is linear; inserting one by one is not.
        let notes: BTreeMap<NotePath, Note> = notes.into_iter().map(|n| (n.path.clone(), n)).collect();
        let mut names: FxHashMap<Box<str>, Vec<NameEntry>> = FxHashMap::default();
        names.reserve(notes.len() * 2);
        for note in notes.values() {
            add_names(&mut names, note);
        }
        let mut index = Index { notes, names };
        index.link_dated_notes();
        index
    }

    /// Give each person the contacts that dated notes (daily and meeting
    /// notes) log with them: every line linking the person is an entry of
    /// their log, marked with the note it came from. Call after adding or
    /// removing notes; it replaces what an earlier call gave.
    pub fn link_dated_notes(&mut self) {
        let mut found: FxHashMap<NotePath, Vec<LogEntry>> = FxHashMap::default();
        for note in self.notes.values() {
            let NoteBody::Dated(dated) = &note.body else { continue };
            for entry in dated.log.iter() {
                let mut people: Vec<&NotePath> =
                    entry.links().iter().filter_map(|l| self.resolve_person(l)).map(|(n, _)| &n.path).collect();
                people.sort();
                people.dedup();
                for person in people {
                    found.entry(person.clone()).or_default().push(entry.from_note(&note.path));
                }
            }
        }
        for note in self.notes.values_mut() {
            let NoteBody::Person(person) = &mut note.body else { continue };
            let extra = found.remove(&note.path).unwrap_or_default();
            if extra.is_empty() && person.log.iter().all(|e| e.source().is_none()) {
                continue;
            }
            let own = person.log.iter().filter(|e| e.source().is_none()).cloned();
            person.log = own.chain(extra).collect();
        }
    }

    /// Add a note, replacing any earlier version at the same path.
    pub fn upsert(&mut self, note: Note) {
        self.remove(&note.path);
        add_names(&mut self.names, &note);
        self.notes.insert(note.path.clone(), note);
    }

    pub fn remove(&mut self, path: &NotePath) -> Option<Note> {
        let note = self.notes.remove(path)?;
        for (key, _) in name_keys(&note) {
            if let Some(entries) = self.names.get_mut(&key) {
                entries.retain(|e| &e.path != path);
                if entries.is_empty() {
                    self.names.remove(&key);
                }
            }
        }
        Some(note)
    }

    pub fn get(&self, path: &NotePath) -> Option<&Note> {
        self.notes.get(path)
    }

    pub fn len(&self) -> usize {
        self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// Every note, ordered by path.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.values()
    }

    /// Every note inside the folder `dir` (vault-relative), at any depth.
    pub fn paths_under(&self, dir: &str) -> Vec<NotePath> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.notes
            .range(NotePath::new(prefix.clone())..)
            .take_while(|(p, _)| p.as_str().starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect()
    }

    pub fn people(&self) -> impl Iterator<Item = (&Note, &Person)> {
        self.notes.values().filter_map(|n| n.person().map(|p| (n, p)))
    }

    pub fn goals(&self) -> impl Iterator<Item = (&Note, &Goal)> {
        self.notes.values().filter_map(|n| n.goal().map(|g| (n, g)))
    }

    /// Every problem found while parsing the notes, in path order.
    pub fn note_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.notes.values().flat_map(|n| n.problems.iter())
    }

    /// Resolve a link target like Obsidian: by path, file name or alias,
    /// case-insensitively; `kind` restricts the candidates.
    pub fn resolve(&self, target: &str, kind: Option<Kind>) -> Resolution<'_> {
        let Some(target) = link::target_of(target) else { return Resolution::Missing };
        if target.contains('/') {
            return self.resolve_path(target, kind);
        }
        let Some(entries) = link::with_key(target, |key| self.names.get(key)) else { return Resolution::Missing };
        if let [only] = entries.as_slice() {
            // The usual case (a unique file name): one lookup, no list.
            return match self.notes.get(&only.path) {
                Some(note) if kind.is_none() || note.kind() == kind => Resolution::Found(note),
                _ => Resolution::Missing,
            };
        }
        let candidates =
            entries.iter().filter(|e| kind.is_none() || self.notes.get(&e.path).and_then(Note::kind) == kind);
        let Some(best) = candidates.clone().map(|e| e.by).min() else { return Resolution::Missing };
        let mut notes: Vec<&Note> =
            candidates.filter(|e| e.by == best).filter_map(|e| self.notes.get(&e.path)).collect();
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        notes.dedup_by(|a, b| a.path == b.path);
        match notes.len() {
            0 => Resolution::Missing,
            1 => Resolution::Found(notes[0]),
            _ => Resolution::Ambiguous(notes),
        }
    }

    /// `[[people/Ada Lovelace]]`: a vault path without `.md`, case-insensitive
    /// and in NFC. Exact paths are a map lookup; other spellings (rare) cost a scan.
    fn resolve_path(&self, target: &str, kind: Option<Kind>) -> Resolution<'_> {
        let wanted = target.trim_start_matches('/');
        let exact = self.notes.get(&NotePath::new(format!("{wanted}.md")));
        let found = exact.or_else(|| {
            let wanted = link::key(wanted);
            self.notes.values().find(|n| link::key(n.path.without_extension()) == wanted)
        });
        match found {
            Some(note) if kind.is_none() || note.kind() == kind => Resolution::Found(note),
            _ => Resolution::Missing,
        }
    }

    pub fn resolve_goal(&self, target: &str) -> Option<(&Note, &Goal)> {
        let note = self.resolve(target, Some(Kind::Goal)).first()?;
        note.goal().map(|g| (note, g))
    }

    pub fn resolve_person(&self, target: &str) -> Option<(&Note, &Person)> {
        let note = self.resolve(target, Some(Kind::Person)).first()?;
        note.person().map(|p| (note, p))
    }
}

fn add_names(names: &mut FxHashMap<Box<str>, Vec<NameEntry>>, note: &Note) {
    for (key, by) in name_keys(note) {
        names.entry(key).or_insert_with(|| Vec::with_capacity(1)).push(NameEntry { path: note.path.clone(), by });
    }
}

/// Two versions of a note that links resolve to alike and show by the same name.
pub fn same_names(a: &Note, b: &Note) -> bool {
    a.path == b.path && a.display_name() == b.display_name() && name_keys(a) == name_keys(b)
}

fn name_keys(note: &Note) -> Vec<(Box<str>, MatchBy)> {
    let mut keys = vec![(link::key(note.path.stem()).into_boxed_str(), MatchBy::FileName)];
    keys.extend(note.aliases().into_iter().map(|a| (link::key(a).into_boxed_str(), MatchBy::Alias)));
    keys.sort();
    keys.dedup_by(|a, b| a.0 == b.0);
    keys
}

impl Index {
    /// The settings-independent name of a goal link: the goal's title when it
    /// resolves, else the link target as written.
    pub fn goal_title(&self, target: &str) -> String {
        match self.resolve_goal(target) {
            Some((_, goal)) => goal.title.clone(),
            None => link::target_of(target).unwrap_or(target).to_string(),
        }
    }
}
