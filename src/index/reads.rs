//! What a note's part of a kept report may read besides the note itself
//! (see `Report::KEPT` and `crate::kept`), and what of a note decides it:
//! the notes a change can reach.

use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

use super::{name_keys, Index};
use crate::note::{Goal, Kind, Note, NoteBody};
use crate::path::NotePath;

impl Index {
    /// The notes a kept part of `note` may read: for a person, the dated
    /// notes that log contacts with them and every note their goal links
    /// resolve to; for a dated note, every person its links resolve to (all
    /// of an ambiguous link's), but for links by a name only one note goes
    /// by. An index holding a person, these notes and theirs gives the person
    /// the same log and goals as the whole vault's.
    pub fn reads<'a>(&'a self, note: &'a Note) -> Vec<&'a NotePath> {
        let mut read: Vec<&'a NotePath> = Vec::new();
        match &note.body {
            NoteBody::Person(person) => {
                read.extend(person.log.iter().filter_map(|e| e.source()));
                for goal in person.goals.iter() {
                    read.extend(self.resolve(goal.target, Some(Kind::Goal)).all().map(|n| &n.path));
                }
            }
            NoteBody::Dated(dated) => {
                for entry in dated.log.iter() {
                    // A name only one note goes by resolves alike in any index
                    // that holds the person reading the note: to them when it is
                    // theirs, else never to them. Any other link needs every
                    // note it resolves to, or it may resolve to someone else.
                    for id in entry.links().text_ids().filter(|id| !self.names_one(id.text())) {
                        read.extend(self.resolve(id.text(), Some(Kind::Person)).all().map(|n| &n.path));
                    }
                }
            }
            _ => {}
        }
        read.sort_unstable();
        read.dedup();
        read
    }

    /// Whether `target` is a name (not a path) that one note at most goes
    /// by (file name, name or alias, of any kind): then whether it resolves
    /// to a given note does not depend on which other notes an index holds.
    fn names_one(&self, target: &str) -> bool {
        let Some(target) = crate::note::link::target_of(target) else { return true };
        !target.contains('/')
            && crate::note::link::with_key(target, |key| self.names.get(key).is_none_or(|n| n.as_slice().len() <= 1))
    }
}

impl<'a> super::Resolution<'a> {
    /// Every note it matched.
    fn all(&self) -> impl Iterator<Item = &'a Note> + '_ {
        let (one, many): (Option<&'a Note>, &[&'a Note]) = match self {
            super::Resolution::Found(note) => (Some(*note), &[]),
            super::Resolution::Ambiguous(notes) => (None, notes),
            super::Resolution::Missing => (None, &[]),
        };
        one.into_iter().chain(many.iter().copied())
    }
}

/// What decides which notes a link resolves to: the note's kind and names.
/// Two versions with one shape resolve every link alike.
pub fn shape(note: &Note) -> u64 {
    let mut h = FxHasher::default();
    std::mem::discriminant(&note.body).hash(&mut h);
    note.kind().hash(&mut h);
    name_keys(note).hash(&mut h);
    h.finish()
}

/// What of the note itself `Index::reads` follows: a person's goal links, a
/// dated note's link texts (0 for other notes). Two versions with one shape
/// and one digest read the same notes.
pub fn reach(note: &Note) -> u64 {
    let mut texts: Vec<&str> = match &note.body {
        NoteBody::Person(person) => person.goals.iter().map(|g| g.target).collect(),
        NoteBody::Dated(dated) => dated.log.iter().flat_map(|e| e.links().text_ids().map(|id| id.text())).collect(),
        _ => return 0,
    };
    texts.sort_unstable();
    texts.dedup();
    let mut h = FxHasher::default();
    texts.hash(&mut h);
    h.finish() | 1
}

/// What other notes' kept parts read of the note itself: a dated note's
/// entries (the contacts it logs with the people its links name), a goal's
/// fields but its log (no contact comes from a goal's log: a person's part
/// reads the goal's title); 0 for other notes. A dated note or goal changed
/// with the same shape, reach and lent changes no other note's part: a line
/// added to a goal's log does not make the hundreds of people who link it
/// compute their parts again.
pub fn lent(note: &Note) -> u64 {
    let mut h = FxHasher::default();
    match &note.body {
        NoteBody::Dated(dated) => {
            (dated.date, dated.log.len()).hash(&mut h);
            dated.log.iter().for_each(|entry| entry.hash_stable(&mut h));
        }
        NoteBody::Goal(goal) => {
            // Named one by one: a field added to `Goal` must be placed here or left out on purpose.
            let Goal { title, aliases, purpose, target, start, deadline, title_line, log: _ } = &**goal;
            (title, aliases, purpose, target, start, deadline, title_line).hash(&mut h);
        }
        _ => return 0,
    }
    h.finish() | 1
}
