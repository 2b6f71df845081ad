//! The in-memory index: every note by path, link resolution by name, and the
//! facts derived from them. Notes are added, replaced and removed one at a time.

mod contact;
mod facts;
mod links;
pub mod names;
mod reads;

pub use contact::{contact_dates, last_contact, ContactDates, DueReason};
pub use reads::{lent, reach, shape};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::note::names::TextId;
use crate::note::{link, Goal, Kind, LogEntry, Note, NoteBody, Person};
use crate::path::NotePath;
use facts::SlotFacts;
use links::{Known, Links};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum MatchBy {
    /// The file name without `.md`, as Obsidian resolves links.
    FileName,
    /// `aliases`, a person's `name`, a goal's `title`.
    Alias,
}

#[derive(Debug, Clone, Copy)]
struct NameEntry {
    slot: u32,
    by: MatchBy,
}

/// The notes one name matches: nearly always one, kept inline (a list per
/// name was a heap block per note).
#[derive(Debug, Clone)]
enum Named {
    One(NameEntry),
    Many(Vec<NameEntry>),
}

impl Named {
    fn as_slice(&self) -> &[NameEntry] {
        match self {
            Named::One(entry) => std::slice::from_ref(entry),
            Named::Many(entries) => entries,
        }
    }

    fn push(&mut self, entry: NameEntry) {
        match self {
            Named::One(first) => *self = Named::Many(vec![*first, entry]),
            Named::Many(entries) => entries.push(entry),
        }
    }

    /// Forget the note in `slot`; `false` when the name then matches nothing.
    fn remove(&mut self, slot: u32) -> bool {
        match self {
            Named::One(entry) => entry.slot != slot,
            Named::Many(entries) => {
                entries.retain(|e| e.slot != slot);
                !entries.is_empty()
            }
        }
    }
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
    /// Every note, in a slot that stays its own until it is removed (so a
    /// name can point at its note without a lookup by path).
    slots: Vec<Option<Note>>,
    /// Slots emptied by `remove`, for the next new note.
    free: Vec<u32>,
    /// Path → slot, in path order.
    paths: BTreeMap<NotePath, u32>,
    /// Lowercased file names and aliases → the notes they name.
    names: FxHashMap<Box<str>, Named>,
    /// What log entries' link texts resolve to, as they are asked for.
    links: Links,
    /// Per slot, what reports read of the people other notes link.
    facts: SlotFacts,
}

/// What `Index::linked_person` gives: a person note by its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonAt(u32);

/// What a link matches, as slots.
enum Slots {
    Missing,
    One(u32),
    /// Sorted by path.
    Several(Vec<u32>),
}

impl Index {
    pub fn new() -> Self {
        Index::default()
    }

    /// Build from many notes at once (paths are unique, as a scan gives them).
    pub fn from_notes(notes: impl IntoIterator<Item = Note>) -> Self {
        // In path order, so walking the notes in order walks memory in order.
        let mut notes: Vec<Note> = notes.into_iter().collect();
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        // A path given twice keeps its last note, as a map built from them would.
        notes.reverse();
        notes.dedup_by(|a, b| a.path == b.path);
        notes.reverse();
        // Bulk-building the map from sorted pairs is linear; inserting one by one is not.
        let paths: BTreeMap<NotePath, u32> = notes.iter().zip(0..).map(|(n, slot)| (n.path.clone(), slot)).collect();
        let mut names: FxHashMap<Box<str>, Named> = FxHashMap::default();
        // Most notes have one name (a person's `name` is usually the file's):
        // room for twice as many would be a table half empty.
        names.reserve(notes.len());
        // Each note's keys (lowercased, normalised copies) made on both cores, then put in the map.
        let keys: Vec<Vec<(Box<str>, MatchBy)>> = {
            use rayon::prelude::*;
            notes.par_iter().with_min_len(256).map(name_keys).collect()
        };
        for (keys, slot) in keys.into_iter().zip(0..) {
            add_keys(&mut names, keys, slot);
        }
        let slots = notes.into_iter().map(Some).collect();
        let mut index =
            Index { slots, free: Vec::new(), paths, names, links: Links::default(), facts: SlotFacts::default() };
        index.link_dated_notes();
        index
    }

    fn slot(&self, slot: u32) -> Option<&Note> {
        self.slots.get(slot as usize)?.as_ref()
    }

    /// Give each person the contacts that dated notes (daily and meeting
    /// notes) log with them: every line linking the person is an entry of
    /// their log, marked with the note it came from. Call after adding or
    /// removing notes; it replaces what an earlier call gave.
    pub fn link_dated_notes(&mut self) {
        let mut found: FxHashMap<u32, Vec<LogEntry>> = FxHashMap::default();
        for note in self.notes() {
            let NoteBody::Dated(dated) = &note.body else { continue };
            for entry in dated.log.iter() {
                let mut people: Vec<(&NotePath, u32)> = entry
                    .links()
                    .text_ids()
                    .filter_map(|id| match self.known(id, Some(Kind::Person)) {
                        Known::Found { slot, .. } => {
                            self.slot(slot).filter(|n| n.person().is_some()).map(|n| (&n.path, slot))
                        }
                        Known::Missing => None,
                    })
                    .collect();
                people.sort();
                people.dedup();
                for (_, person) in people {
                    found.entry(person).or_default().push(entry.from_note(&note.path));
                }
            }
        }
        for (slot, note) in self.slots.iter_mut().enumerate() {
            let Some(NoteBody::Person(person)) = note.as_mut().map(|n| &mut n.body) else { continue };
            let extra = found.remove(&(slot as u32)).unwrap_or_default();
            if extra.is_empty() && person.log.iter().all(|e| e.source().is_none()) {
                continue;
            }
            let own = person.log.iter().filter(|e| e.source().is_none()).cloned();
            person.log = own.chain(extra).collect();
        }
        self.facts = SlotFacts::of(&self.slots);
    }

    fn set_linked(&mut self, slot: u32) {
        self.facts.set(slot, self.slots[slot as usize].as_ref());
    }

    /// Add a note, replacing any earlier version at the same path.
    pub fn upsert(&mut self, note: Note) {
        if let Some(&slot) = self.paths.get(&note.path) {
            let old = self.slots[slot as usize].as_ref();
            if old.is_some_and(|old| old.kind() == note.kind() && name_keys(old) == name_keys(&note)) {
                // The usual edit: links resolve as before, to the same slot.
                self.slots[slot as usize] = Some(note);
                self.set_linked(slot);
                return;
            }
        }
        self.remove(&note.path);
        self.links.clear();
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 notes")
            }
        };
        add_keys(&mut self.names, name_keys(&note), slot);
        self.paths.insert(note.path.clone(), slot);
        self.slots[slot as usize] = Some(note);
        self.set_linked(slot);
    }

    pub fn remove(&mut self, path: &NotePath) -> Option<Note> {
        let slot = self.paths.remove(path)?;
        let note = self.slots[slot as usize].take()?;
        self.free.push(slot);
        self.set_linked(slot);
        self.links.clear();
        for (key, _) in name_keys(&note) {
            if self.names.get_mut(&key).is_some_and(|named| !named.remove(slot)) {
                self.names.remove(&key);
            }
        }
        Some(note)
    }

    pub fn get(&self, path: &NotePath) -> Option<&Note> {
        self.slot(*self.paths.get(path)?)
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Every note, ordered by path.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.paths.values().filter_map(|&slot| self.slot(slot))
    }

    /// Every note inside the folder `dir` (vault-relative), at any depth.
    pub fn paths_under(&self, dir: &str) -> Vec<NotePath> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.paths
            .range(NotePath::new(prefix.clone())..)
            .take_while(|(p, _)| p.as_str().starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect()
    }

    pub fn people(&self) -> impl Iterator<Item = (&Note, &Person)> {
        self.notes().filter_map(|n| n.person().map(|p| (n, p)))
    }

    pub fn goals(&self) -> impl Iterator<Item = (&Note, &Goal)> {
        self.notes().filter_map(|n| n.goal().map(|g| (n, g)))
    }

    /// Every problem found while parsing the notes, in path order.
    pub fn note_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.notes().flat_map(|n| n.problems.iter())
    }

    /// Resolve a link target like Obsidian: by path, file name or alias,
    /// case-insensitively; `kind` restricts the candidates.
    pub fn resolve(&self, target: &str, kind: Option<Kind>) -> Resolution<'_> {
        match self.lookup(target, kind) {
            Slots::Missing => Resolution::Missing,
            Slots::One(slot) => self.slot(slot).map_or(Resolution::Missing, Resolution::Found),
            Slots::Several(slots) => Resolution::Ambiguous(slots.into_iter().filter_map(|s| self.slot(s)).collect()),
        }
    }

    fn lookup(&self, target: &str, kind: Option<Kind>) -> Slots {
        let Some(target) = link::target_of(target) else { return Slots::Missing };
        if target.contains('/') {
            return self.lookup_path(target, kind);
        }
        let Some(named) = link::with_key(target, |key| self.names.get(key)) else { return Slots::Missing };
        let entries = named.as_slice();
        let is_kind = |slot: u32| kind.is_none() || self.slot(slot).and_then(Note::kind) == kind;
        if let [only] = entries {
            // The usual case (a unique file name): one lookup, no list.
            return if is_kind(only.slot) { Slots::One(only.slot) } else { Slots::Missing };
        }
        let candidates = entries.iter().filter(|e| is_kind(e.slot));
        let Some(best) = candidates.clone().map(|e| e.by).min() else { return Slots::Missing };
        let mut notes: Vec<(&NotePath, u32)> =
            candidates.filter(|e| e.by == best).filter_map(|e| self.slot(e.slot).map(|n| (&n.path, e.slot))).collect();
        notes.sort();
        notes.dedup();
        match notes.as_slice() {
            [] => Slots::Missing,
            [(_, one)] => Slots::One(*one),
            _ => Slots::Several(notes.into_iter().map(|(_, slot)| slot).collect()),
        }
    }

    /// `[[people/Ada Lovelace]]`: a vault path without `.md`, case-insensitive
    /// and in NFC. Exact paths are a map lookup; other spellings (rare) cost a scan.
    fn lookup_path(&self, target: &str, kind: Option<Kind>) -> Slots {
        let wanted = target.trim_start_matches('/');
        let exact = self.paths.get(&NotePath::new(format!("{wanted}.md"))).copied();
        let found = exact.or_else(|| {
            let wanted = link::key(wanted);
            self.paths.iter().find(|(p, _)| link::key(p.without_extension()) == wanted).map(|(_, &slot)| slot)
        });
        match found {
            Some(slot) if kind.is_none() || self.slot(slot).and_then(Note::kind) == kind => Slots::One(slot),
            _ => Slots::Missing,
        }
    }

    /// What the stored link text `id` resolves to as `kind`, remembered.
    fn known(&self, id: TextId, kind: Option<Kind>) -> Known {
        self.links.get(id, kind, || match self.lookup(id.text(), kind) {
            Slots::Missing => Known::Missing,
            Slots::One(slot) => Known::Found { slot, several: false },
            Slots::Several(slots) => Known::Found { slot: slots[0], several: true },
        })
    }

    /// `resolve` for a log entry's link (see `NameList::text_ids`), without
    /// working it out again each time.
    pub fn resolve_id(&self, id: TextId, kind: Option<Kind>) -> Resolution<'_> {
        match self.known(id, kind) {
            Known::Missing => Resolution::Missing,
            Known::Found { slot, several: false } => self.slot(slot).map_or(Resolution::Missing, Resolution::Found),
            Known::Found { several: true, .. } => self.resolve(id.text(), kind),
        }
    }

    /// `resolve_id(..).first()`, without listing the notes of an ambiguous link.
    pub fn first_by_id(&self, id: TextId, kind: Option<Kind>) -> Option<&Note> {
        match self.known(id, kind) {
            Known::Missing => None,
            Known::Found { slot, .. } => self.slot(slot),
        }
    }

    pub fn person_by_id(&self, id: TextId) -> Option<(&Note, &Person)> {
        let note = self.first_by_id(id, Some(Kind::Person))?;
        note.person().map(|p| (note, p))
    }

    /// The person a log entry's link names (as `person_by_id`), by slot: what
    /// `PersonAt` reads comes from beside the slots, not from the note.
    pub fn linked_person(&self, id: TextId) -> Option<PersonAt> {
        match self.known(id, Some(Kind::Person)) {
            Known::Found { slot, .. } if self.facts.is_person(slot) => Some(PersonAt(slot)),
            _ => None,
        }
    }

    /// `last_contact` of the person at `at` as of `today`; their note is
    /// read only when their log holds entries after `today` (see `SlotFacts`).
    pub fn last_contact_at(&self, at: PersonAt, today: NaiveDate) -> Option<NaiveDate> {
        self.facts.last_contact(at.0, today, || self.person_at(at).map(|(_, p)| p))
    }

    /// The path of the person at `at` (read from their note: a copy beside
    /// the slots measured no faster on 100k fanout referrals, and cost 16
    /// bytes a slot).
    pub fn path_at(&self, at: PersonAt) -> Option<&NotePath> {
        self.slot(at.0).map(|n| &n.path)
    }

    pub fn person_at(&self, at: PersonAt) -> Option<(&Note, &Person)> {
        let note = self.slot(at.0)?;
        note.person().map(|p| (note, p))
    }

    pub fn goal_by_id(&self, id: TextId) -> Option<(&Note, &Goal)> {
        let note = self.first_by_id(id, Some(Kind::Goal))?;
        note.goal().map(|g| (note, g))
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

fn add_keys(names: &mut FxHashMap<Box<str>, Named>, keys: Vec<(Box<str>, MatchBy)>, slot: u32) {
    for (key, by) in keys {
        let entry = NameEntry { slot, by };
        match names.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut named) => named.get_mut().push(entry),
            std::collections::hash_map::Entry::Vacant(place) => {
                place.insert(Named::One(entry));
            }
        }
    }
}

/// Two versions of a note that links resolve to alike and show by the same name.
pub fn same_names(a: &Note, b: &Note) -> bool {
    a.path == b.path && a.display_name() == b.display_name() && name_keys(a) == name_keys(b)
}

/// A note's lowercased names, each once, sorted: its file name, then the
/// aliases that differ from it (a name's better match wins).
fn name_keys(note: &Note) -> Vec<(Box<str>, MatchBy)> {
    let aliases = note.aliases();
    let mut keys: Vec<(Box<str>, MatchBy)> = Vec::with_capacity(1 + aliases.len());
    keys.push((link::with_key(note.path.stem(), |key| Box::from(key)), MatchBy::FileName));
    for alias in aliases {
        // A person's `name` is most often the file's: no copy of its key then.
        link::with_key(alias, |key| {
            if !keys.iter().any(|(have, _)| **have == *key) {
                keys.push((key.into(), MatchBy::Alias));
            }
        });
    }
    keys.sort_unstable();
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
