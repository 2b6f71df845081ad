//! What each log entry's link text resolves to, remembered per index: a heavy
//! vault links a few thousand names a million times, and resolving one by its
//! text (trim, lowercase, hash, compare) costs more than everything else a
//! report does with it. Filled as reports ask, from parallel threads (relaxed
//! atomics: two threads that race store the same answer); emptied whenever a
//! change to the index can make a link resolve differently.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use crate::note::names::TextId;
use crate::note::Kind;

const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;
/// Text ids are below 2^30 (see `note::names`).
const CHUNKS: usize = 1 << (30 - CHUNK_BITS);

/// A remembered answer: the note's slot, and whether other notes match as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Known {
    Missing,
    /// The note's slot; `several` when other notes match as well (it is the first by path).
    Found {
        slot: u32,
        several: bool,
    },
}

/// The cells of `CHUNK` text ids, one for each kind.
type Chunk = Box<[[AtomicU32; 3]]>;

/// Per text id, one cell for each kind a link is resolved as (any, person, goal):
/// 0 not known yet, 1 missing, else 2 + (slot << 1 | several).
#[derive(Default)]
pub(super) struct Links {
    chunks: OnceLock<Box<[OnceLock<Chunk>]>>,
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Links")
    }
}

fn column(kind: Option<Kind>) -> Option<usize> {
    match kind {
        None => Some(0),
        Some(Kind::Person) => Some(1),
        Some(Kind::Goal) => Some(2),
        Some(Kind::Review) => None,
    }
}

impl Links {
    fn cell(&self, id: TextId, kind: Option<Kind>) -> Option<&AtomicU32> {
        let column = column(kind)?;
        let chunks = self.chunks.get_or_init(|| (0..CHUNKS).map(|_| OnceLock::new()).collect());
        let chunk = chunks
            .get(id.index() >> CHUNK_BITS)?
            .get_or_init(|| (0..CHUNK).map(|_| [AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0)]).collect());
        Some(&chunk[id.index() & (CHUNK - 1)][column])
    }

    /// The answer for `id` as `kind`, worked out by `resolve` the first time.
    pub(super) fn get(&self, id: TextId, kind: Option<Kind>, resolve: impl FnOnce() -> Known) -> Known {
        let Some(cell) = self.cell(id, kind) else { return resolve() };
        match cell.load(Ordering::Relaxed) {
            0 => {}
            1 => return Known::Missing,
            v => return Known::Found { slot: (v - 2) >> 1, several: (v - 2) & 1 == 1 },
        }
        let known = resolve();
        let stored = match known {
            Known::Missing => Some(1),
            Known::Found { slot, several } => slot.checked_mul(2).and_then(|s| s.checked_add(2 + several as u32)),
        };
        if let Some(v) = stored {
            cell.store(v, Ordering::Relaxed);
        }
        known
    }

    /// Forget every answer (the index changed in a way that can move a link).
    pub(super) fn clear(&mut self) {
        self.chunks = OnceLock::new();
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::index::{last_contact, Index, Resolution};
    use crate::note::names::{NameList, TextId};
    use crate::note::{parse_note, Kind, Note};
    use crate::path::NotePath;

    const TEXTS: [&str; 9] =
        ["Ada", "ada lovelace", "Countess", "people/Ada", "Goal X", "goals/goal x", "Bo", "Bo|shown", "nobody"];
    const KINDS: [Option<Kind>; 4] = [None, Some(Kind::Person), Some(Kind::Goal), Some(Kind::Review)];

    fn note(path: &str, text: &str) -> Note {
        parse_note(NotePath::new(path), text, &Settings::default().folders)
    }

    fn shown(resolution: Resolution) -> String {
        match resolution {
            Resolution::Found(n) => format!("={}", n.path.as_str()),
            Resolution::Ambiguous(ns) => {
                format!("*{}", ns.iter().map(|n| n.path.as_str()).collect::<Vec<_>>().join(","))
            }
            Resolution::Missing => "-".to_string(),
        }
    }

    /// Every text as every kind, by id (remembered) and by text in an index
    /// built afresh from the same notes: the two must agree. Returns what resolved.
    fn agree(index: &Index, ids: &[TextId]) -> Vec<String> {
        let fresh = Index::from_notes(index.notes().cloned());
        let mut seen = Vec::new();
        for &id in ids {
            for kind in KINDS {
                let want = shown(fresh.resolve(id.text(), kind));
                // Twice: the second answer comes from the table.
                for _ in 0..2 {
                    assert_eq!(shown(index.resolve_id(id, kind)), want, "{:?} as {kind:?}", id.text());
                    let first = fresh.resolve(id.text(), kind).first().map(|n| &n.path);
                    assert_eq!(index.first_by_id(id, kind).map(|n| &n.path), first, "{:?} as {kind:?}", id.text());
                }
                let person = fresh.resolve_person(id.text()).map(|(n, _)| &n.path);
                assert_eq!(index.person_by_id(id).map(|(n, _)| &n.path), person);
                let at = index.linked_person(id);
                assert_eq!(at.and_then(|at| index.path_at(at)), person);
                assert_eq!(at.and_then(|at| index.person_at(at)).map(|(n, _)| &n.path), person);
                for today in ["2026-01-01", "2026-04-01", "2026-07-01"] {
                    let today = today.parse().unwrap();
                    let want = fresh.resolve_person(id.text()).and_then(|(_, p)| last_contact(p, today));
                    assert_eq!(at.and_then(|at| index.last_contact_at(at, today)), want, "{today}");
                }
                let goal = fresh.resolve_goal(id.text()).map(|(n, _)| &n.path);
                assert_eq!(index.goal_by_id(id).map(|(n, _)| &n.path), goal);
                seen.push(format!("{} {kind:?} {want}", id.text()));
            }
        }
        seen
    }

    #[test]
    fn remembered_links_follow_renames_alias_and_kind_changes_deletes_and_new_namesakes() {
        let ids: Vec<TextId> = NameList::new(TEXTS.into_iter()).text_ids().collect();
        // Contacts before, between and after the days asked about.
        let ada =
            "---\nname: Ada Lovelace\nlast_contact: 2026-03-01\n---\n## Log\n- 2026-02-01 coffee\n- 2026-06-01 call\n";
        let mut index = Index::from_notes([
            note("people/Ada.md", ada),
            note("goals/Goal X.md", "---\ntype: goal\ntitle: Goal X\n---\n"),
            note("people/Bo.md", "---\nname: Bo\n---\n"),
        ]);
        let mut seen = vec![agree(&index, &ids)];
        // Renamed: the old file name no longer resolves.
        index.remove(&NotePath::new("people/Ada.md"));
        seen.push(agree(&index, &ids));
        index.upsert(note("people/Ada Lovelace.md", ada));
        seen.push(agree(&index, &ids));
        // An alias added, then the text edited with the same names (the table is kept).
        index.upsert(note("people/Ada Lovelace.md", "---\nname: Ada Lovelace\naliases: [Countess]\n---\n"));
        seen.push(agree(&index, &ids));
        index.upsert(note(
            "people/Ada Lovelace.md",
            "---\nname: Ada Lovelace\naliases: [Countess]\n---\n## Log\n- 2026-03-05 met\n",
        ));
        seen.push(agree(&index, &ids));
        // The goal becomes a person, then a goal again.
        index.upsert(note("goals/Goal X.md", "---\nname: Goal X\ntype: person\n---\n"));
        seen.push(agree(&index, &ids));
        index.upsert(note("goals/Goal X.md", "---\ntype: goal\ntitle: Goal X\n---\n"));
        seen.push(agree(&index, &ids));
        // A second note by the same name: ambiguous; an alias loses to a file name.
        index.upsert(note("people/old/Ada Lovelace.md", ada));
        seen.push(agree(&index, &ids));
        index.upsert(note("people/Countess.md", "---\nname: Countess\n---\n"));
        seen.push(agree(&index, &ids));
        // Deleted: its slot is reused by the next new note.
        index.remove(&NotePath::new("people/Ada Lovelace.md"));
        seen.push(agree(&index, &ids));
        index.upsert(note("people/Ada.md", "---\nname: Ada\n---\n"));
        seen.push(agree(&index, &ids));
        index.remove(&NotePath::new("people/Bo.md"));
        seen.push(agree(&index, &ids));
        // The sequence went through every kind of answer.
        let all = seen.concat().join("\n");
        for answer in [
            "ada lovelace Some(Person) =people/Ada.md",
            "ada lovelace Some(Person) =people/Ada Lovelace.md",
            "ada lovelace None *people/Ada Lovelace.md,people/old/Ada Lovelace.md",
            "Countess Some(Person) =people/Ada Lovelace.md",
            "Countess None =people/Countess.md",
            "Goal X Some(Person) =goals/Goal X.md",
            "Goal X Some(Goal) =goals/Goal X.md",
            "goals/goal x Some(Goal) =goals/Goal X.md",
            "Bo|shown Some(Person) =people/Bo.md",
            "Bo None -",
            "Ada Some(Person) =people/Ada.md",
            "Ada Some(Person) -",
        ] {
            assert!(all.contains(answer), "{answer}");
        }
    }
}
