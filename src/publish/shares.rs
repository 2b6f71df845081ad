//! Every note's share of every report, kept between rebuilds: `kith watch`
//! computes again the shares of the notes that changed, finds which reports'
//! shares differ (generically, by comparing them), and updates or combines
//! only those reports.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};

use crate::config::Settings;
use crate::index::{Changed, Index};
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, PartsOf, Report, Share};
use crate::render::REPORTS;

/// One note's facts and its share of each report, by slot in `REPORTS`.
#[derive(Debug)]
struct NoteShares {
    depends_on: Vec<NotePath>,
    shares: Vec<Box<dyn Share>>,
}

impl NoteShares {
    fn of(ctx: &Ctx<'_>, note: &Note) -> NoteShares {
        let facts = Facts::of(ctx, note, REPORTS.iter().any(|r| r.uses_referrals()));
        let shares = REPORTS.iter().map(|r| r.part(ctx, &facts, note)).collect();
        NoteShares { depends_on: facts.depends_on().to_vec(), shares }
    }
}

type Data = Box<dyn Any + Send + Sync>;

/// Every note's shares, for one day, and each report combined from them.
#[derive(Default)]
pub struct Shares {
    today: Option<NaiveDate>,
    notes: BTreeMap<NotePath, NoteShares>,
    /// By slot in `REPORTS`; all `Some` after the first update.
    data: Vec<Option<Data>>,
    /// For each note some shares read, the notes whose shares read it; made
    /// with the shares when `watching`, else at the first change (a one-shot
    /// `kith report` never needs it).
    dependents: Option<Dependents>,
    /// For a process that will apply changes (`kith watch`): its first edit
    /// then costs no more than any other.
    watching: bool,
}

type Dependents = FxHashMap<NotePath, FxHashSet<NotePath>>;

impl Shares {
    /// Shares for a process that will apply changes (see `watching`).
    pub fn watching() -> Shares {
        Shares { watching: true, ..Shares::default() }
    }

    /// Bring the shares and reports up to date with the index (a new day, or
    /// a change beyond people's own notes, computes everything again), and
    /// say, by slot, which reports may read differently now.
    pub fn update(&mut self, index: &Index, settings: &Settings, today: NaiveDate, changed: Changed<'_>) -> Vec<bool> {
        let ctx = Ctx { index, settings, today };
        let Changed::People(people) = changed else { return self.rebuild(&ctx) };
        // Each must have been a person before and still be one; else links may resolve differently.
        let still_people =
            people.iter().all(|p| self.notes.contains_key(p) && index.get(p).is_some_and(|n| n.person().is_some()));
        if self.today != Some(today) || !still_people || self.data.len() != REPORTS.len() {
            return self.rebuild(&ctx);
        }
        // A note's shares can read other notes (a referral stays open until the
        // referred person is contacted): those are computed again too.
        let notes = &self.notes;
        let dependents = self.dependents.get_or_insert_with(|| dependents_of(notes));
        let mut dirty: BTreeSet<NotePath> = people.iter().cloned().collect();
        for path in people {
            dirty.extend(dependents.get(path).into_iter().flatten().cloned());
        }
        let fresh: Vec<(NotePath, NoteShares)> = dirty
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter_map(|path| index.get(&path).map(|note| (path, NoteShares::of(&ctx, note))))
            .collect();
        let mut old: Vec<(NotePath, NoteShares)> = Vec::with_capacity(fresh.len());
        for (path, new) in fresh {
            add_dependent(dependents, &path, &new);
            if let Some(before) = self.notes.insert(path.clone(), new) {
                for depends_on in before.depends_on.iter().filter(|d| !self.notes[&path].depends_on.contains(d)) {
                    if let Some(of) = dependents.get_mut(depends_on) {
                        of.remove(&path);
                        if of.is_empty() {
                            dependents.remove(depends_on);
                        }
                    }
                }
                old.push((path, before));
            }
        }
        let mut stale = vec![false; REPORTS.len()];
        for (slot, report) in REPORTS.iter().enumerate() {
            let changes: Vec<(&dyn Share, &dyn Share)> = old
                .iter()
                .filter_map(|(path, before)| {
                    let (a, b) = (&*before.shares[slot], &*self.notes.get(path)?.shares[slot]);
                    (!a.same(b)).then_some((a, b))
                })
                .collect();
            let needs_moved =
                report.needs().iter().any(|n| crate::render::registry::slot_of(n).is_some_and(|s| stale[s]));
            if changes.is_empty() && !needs_moved {
                continue;
            }
            let parts = parts_of(&self.notes, slot);
            let parts = PartsOf { notes: &parts };
            // Needed reports come first: their data is all before this slot.
            let (before, here) = self.data.split_at_mut(slot);
            let updated = match here[0].as_deref_mut() {
                Some(data) => report.update(&ctx, data, &Combined { data: before }, &changes, &parts),
                None => None,
            };
            stale[slot] = match updated {
                Some(differs) => differs,
                None => {
                    here[0] = Some(report.combine(&ctx, &Combined { data: before }, &parts));
                    true
                }
            };
        }
        stale
    }

    fn rebuild(&mut self, ctx: &Ctx<'_>) -> Vec<bool> {
        let notes: Vec<&Note> = ctx.index.notes().collect();
        let shares: Vec<(NotePath, NoteShares)> =
            notes.into_par_iter().map(|note| (note.path.clone(), NoteShares::of(ctx, note))).collect();
        // Already in path order: building the map from sorted pairs is linear.
        self.notes = shares.into_iter().collect();
        self.dependents = self.watching.then(|| dependents_of(&self.notes));
        self.today = Some(ctx.today);
        self.data = Vec::with_capacity(REPORTS.len());
        for (slot, report) in REPORTS.iter().enumerate() {
            let parts = parts_of(&self.notes, slot);
            let combined = report.combine(ctx, &Combined { data: &self.data }, &PartsOf { notes: &parts });
            self.data.push(Some(combined));
        }
        vec![true; REPORTS.len()]
    }

    /// The data of the report in `slot`, once combined.
    pub fn data(&self, slot: usize) -> Option<&(dyn Any + Send + Sync)> {
        self.data.get(slot)?.as_deref()
    }

    /// A report's data by its type, once combined.
    pub fn get<R: Report>(&self) -> Option<&R::Data> {
        self.data(crate::render::registry::slot_of(R::NAME)?)?.downcast_ref::<R::Data>()
    }
}

fn dependents_of(notes: &BTreeMap<NotePath, NoteShares>) -> Dependents {
    let mut dependents = Dependents::default();
    for (path, note) in notes {
        add_dependent(&mut dependents, path, note);
    }
    dependents
}

fn add_dependent(dependents: &mut Dependents, path: &NotePath, note: &NoteShares) {
    for depends_on in &note.depends_on {
        dependents.entry(depends_on.clone()).or_default().insert(path.clone());
    }
}

fn parts_of(notes: &BTreeMap<NotePath, NoteShares>, slot: usize) -> Vec<(&NotePath, &dyn Share)> {
    notes.iter().map(|(path, note)| (path, &*note.shares[slot])).collect()
}
