//! Every note's share of each report `kith report` writes, kept between
//! rebuilds: `kith watch` recomputes the shares of the notes that changed and
//! combines them with everyone else's as they were.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::circles::{self, CirclesReport, Membership};
use super::garden::{self, GardenReport};
use super::goals::{self, GoalsReport};
use super::intros::{self, IntrosReport};
use super::ledger::{self, LedgerRow};
use super::overdue::{self, OverdueReport};
use super::referrals::{self, ReferralsReport};
use super::remind::{self, RemindReport, Reminder};
use crate::config::Settings;
use crate::index::Index;
use crate::note::Note;
use crate::path::NotePath;

/// One note's share of every report.
#[derive(Debug, Clone, PartialEq)]
struct NoteParts {
    goals: goals::Part,
    person: Option<PersonParts>,
}

#[derive(Debug, Clone, PartialEq)]
struct PersonParts {
    overdue: Option<overdue::Entry>,
    reminders: Vec<Reminder>,
    ledger: Option<LedgerRow>,
    referrals: referrals::Part,
    garden: garden::Part,
    circles: Option<Membership>,
    intros: intros::Part,
}

impl NoteParts {
    fn of(index: &Index, settings: &Settings, today: NaiveDate, note: &Note) -> NoteParts {
        let cadences = &settings.cadence;
        let Some(person) = note.person() else {
            return NoteParts { goals: goals::part(index, cadences, today, note, &[]), person: None };
        };
        let referrals = referrals::part(index, cadences, &settings.meeting_tags, today, note, person);
        let open = &referrals.open;
        let goals = goals::part(index, cadences, today, note, open);
        let person = PersonParts {
            overdue: overdue::entry(index, cadences, today, note, person),
            reminders: remind::reminders_for(index, settings, today, note, person, open),
            ledger: ledger::row(note, person, today),
            garden: garden::part(index, cadences, today, None, note, person),
            circles: circles::membership(person),
            intros: intros::part(index, cadences, today, note, person),
            referrals,
        };
        NoteParts { goals, person: Some(person) }
    }
}

/// What changed in the index since the parts were last brought up to date.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Anything that can change how links resolve or what a note's share says
    /// beyond its own text: a note added, removed or renamed, a goal or other
    /// note edited, the settings. Every share is computed again.
    Everything,
    /// Only these people's notes, each still a person with the same names.
    People(&'a [NotePath]),
}

/// Which reports may read differently since the last update (none, by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stale {
    pub overdue: bool,
    pub goals: bool,
    pub reminders: bool,
    pub ledger: bool,
    pub referrals: bool,
    pub intros: bool,
    pub circles: bool,
    pub garden: bool,
}

impl Stale {
    pub const ALL: Stale = Stale {
        overdue: true,
        goals: true,
        reminders: true,
        ledger: true,
        referrals: true,
        intros: true,
        circles: true,
        garden: true,
    };

    /// Mark the reports whose share differs between two versions of a note
    /// (the goals report is compared row by row by its own refresh).
    fn compare(&mut self, old: &NoteParts, new: &NoteParts) {
        match (&old.person, &new.person) {
            (Some(a), Some(b)) => {
                self.overdue |= a.overdue != b.overdue;
                self.reminders |= a.reminders != b.reminders;
                self.ledger |= a.ledger != b.ledger;
                self.referrals |= a.referrals != b.referrals;
                self.intros |= a.intros != b.intros;
                self.circles |= a.circles != b.circles;
                self.garden |= a.garden != b.garden;
            }
            (None, None) => {}
            _ => *self = Stale::ALL,
        }
    }
}

/// Every note's share, for one day, and the reports kept whole because a
/// change moves only a few of their rows.
#[derive(Debug, Default)]
pub struct Parts {
    today: Option<NaiveDate>,
    notes: BTreeMap<NotePath, NoteParts>,
    kept: Option<Kept>,
}

#[derive(Debug)]
struct Kept {
    /// A change touches only the goals it counts toward.
    goals: GoalsReport,
    /// Sorted lists: a changed person's rows are taken out and put back in place.
    overdue: OverdueReport,
    reminders: RemindReport,
    ledger: Vec<LedgerRow>,
}

impl Parts {
    /// Bring the shares up to date with the index (a new day recomputes all),
    /// and say which reports may have changed.
    pub fn update(&mut self, index: &Index, settings: &Settings, today: NaiveDate, changed: Changed<'_>) -> Stale {
        let Changed::People(people) = changed else { return self.rebuild(index, settings, today) };
        // Each must have been a person before and still be one; else links may resolve differently.
        let still_people =
            people.iter().all(|p| self.notes.contains_key(p) && index.get(p).is_some_and(|n| n.person().is_some()));
        let Some(mut kept) = self.kept.take().filter(|_| self.today == Some(today) && still_people) else {
            return self.rebuild(index, settings, today);
        };
        // A referral stays open until the referred person is contacted, so a
        // change to them changes the share of whoever referred them.
        let changed: BTreeSet<&NotePath> = people.iter().collect();
        let mut dirty: Vec<NotePath> = people.to_vec();
        for (path, parts) in &self.notes {
            let refers = parts.person.as_ref().map_or(&[][..], |p| &p.referrals.refers_to);
            if refers.iter().any(|r| changed.contains(r)) {
                dirty.push(path.clone());
            }
        }
        dirty.sort();
        dirty.dedup();
        let fresh: Vec<(NotePath, NoteParts)> = dirty
            .into_par_iter()
            .filter_map(|path| {
                let parts = index.get(&path).map(|note| NoteParts::of(index, settings, today, note))?;
                Some((path, parts))
            })
            .collect();
        let mut stale = Stale::default();
        let mut goals_changed: BTreeSet<NotePath> = BTreeSet::new();
        for (path, new) in fresh {
            let Some(old) = self.notes.get(&path) else { continue };
            stale.compare(old, &new);
            // The goals the note counted toward before and after, when its share changed.
            if old.goals != new.goals {
                goals_changed.extend(old.goals.goal_paths().chain(new.goals.goal_paths()).cloned());
            }
            if let (Some(old), Some(new)) = (&old.person, &new.person) {
                kept.move_rows(old, new);
            }
            self.notes.insert(path, new);
        }
        let changed: BTreeSet<&NotePath> = goals_changed.iter().collect();
        stale.goals = goals::refresh(&mut kept.goals, index, self.notes.values().map(|p| &p.goals), &changed);
        // Weeds name the active goals they link.
        stale.garden |= stale.goals;
        self.kept = Some(kept);
        stale
    }

    fn rebuild(&mut self, index: &Index, settings: &Settings, today: NaiveDate) -> Stale {
        let notes: Vec<&Note> = index.notes().collect();
        let parts: Vec<(NotePath, NoteParts)> = notes
            .into_par_iter()
            .map(|note| (note.path.clone(), NoteParts::of(index, settings, today, note)))
            .collect();
        // Already in path order: building the map from sorted pairs is linear.
        self.notes = parts.into_iter().collect();
        self.today = Some(today);
        let people = || self.people().map(|(_, p)| p);
        self.kept = Some(Kept {
            goals: goals::combine(index, today, self.notes.values().map(|p| &p.goals)),
            overdue: overdue::combine(today, people().filter_map(|p| p.overdue.clone())),
            reminders: remind::combine(today, people().flat_map(|p| p.reminders.iter().cloned())),
            ledger: ledger::combine(people().filter_map(|p| p.ledger.clone())),
        });
        Stale::ALL
    }

    fn today(&self) -> NaiveDate {
        self.today.unwrap_or_default()
    }

    fn people(&self) -> impl Iterator<Item = (&NotePath, &PersonParts)> + Clone {
        self.notes.iter().filter_map(|(path, parts)| parts.person.as_ref().map(|p| (path, p)))
    }

    pub fn overdue(&self) -> Option<&OverdueReport> {
        self.kept.as_ref().map(|k| &k.overdue)
    }

    pub fn goals(&self) -> Option<&GoalsReport> {
        self.kept.as_ref().map(|k| &k.goals)
    }

    pub fn reminders(&self) -> Option<&RemindReport> {
        self.kept.as_ref().map(|k| &k.reminders)
    }

    pub fn ledger(&self) -> Option<&[LedgerRow]> {
        self.kept.as_ref().map(|k| k.ledger.as_slice())
    }

    pub fn referrals(&self) -> ReferralsReport {
        referrals::combine(self.today(), self.people().map(|(_, p)| &p.referrals))
    }

    pub fn intros(&self, index: &Index, settings: &Settings) -> IntrosReport {
        intros::combine(index, &settings.cadence, self.today(), None, self.people().map(|(path, p)| (path, &p.intros)))
    }

    pub fn circles(&self) -> CirclesReport {
        circles::combine(self.people().filter_map(|(_, p)| p.circles.as_ref()))
    }

    pub fn garden(&self, goals: &GoalsReport) -> GardenReport {
        garden::combine(goals, self.today(), None, self.people().map(|(_, p)| &p.garden))
    }
}

impl Kept {
    /// Move one person's rows in the sorted reports from their old share to their new one.
    fn move_rows(&mut self, old: &PersonParts, new: &PersonParts) {
        if old.overdue != new.overdue {
            let report = &mut self.overdue;
            for (entry, put) in [(&old.overdue, false), (&new.overdue, true)] {
                match entry {
                    Some(overdue::Entry::Due(row)) if row.is_overdue() => {
                        place(&mut report.overdue, row, put, overdue::by_urgency);
                    }
                    Some(overdue::Entry::Due(row)) => place(&mut report.due_soon, row, put, overdue::by_urgency),
                    Some(overdue::Entry::Uncontacted(row)) => {
                        place(&mut report.not_yet_contacted, row, put, overdue::by_name);
                    }
                    None => {}
                }
            }
        }
        if old.reminders != new.reminders {
            for reminder in &old.reminders {
                place(&mut self.reminders.reminders, reminder, false, remind::order);
            }
            for reminder in &new.reminders {
                place(&mut self.reminders.reminders, reminder, true, remind::order);
            }
        }
        if old.ledger != new.ledger {
            for (row, put) in [(&old.ledger, false), (&new.ledger, true)] {
                if let Some(row) = row {
                    place(&mut self.ledger, row, put, ledger::order);
                }
            }
        }
    }
}

/// Put `row` into the list sorted by `order` (a total order), or take it out.
fn place<T: Clone>(rows: &mut Vec<T>, row: &T, put: bool, order: fn(&T, &T) -> Ordering) {
    match (rows.binary_search_by(|r| order(r, row)), put) {
        (Ok(i), false) => drop(rows.remove(i)),
        (Err(i), true) => rows.insert(i, row.clone()),
        // Already there, or already gone: nothing to do.
        (Ok(_), true) | (Err(_), false) => {}
    }
}
