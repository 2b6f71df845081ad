//! What the index keeps per slot beside the notes, for reports that follow
//! millions of links to people: read without visiting each linked note.

use chrono::{Datelike, NaiveDate};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::contact::last_contact;
use crate::note::{Note, Person};

/// Per slot, what reports read of the person there and their last contact as
/// of the day last asked. Only `of` and `set` change them, so every slot has
/// both.
#[derive(Debug, Default)]
pub(super) struct SlotFacts {
    linked: Vec<Linked>,
    /// Made when a report first asks about a day before someone's latest log
    /// entry (most commands never do).
    contacts: OnceLock<Vec<DayAnswer>>,
}

/// Whether a slot holds a person, and their contact dates in brief (12
/// bytes: reports read it for millions of links, from slots all over).
#[derive(Debug, Clone, Copy, Default)]
struct Linked {
    person: bool,
    /// The latest date in the person's log, and their `last_contact` field.
    latest_log: Option<NaiveDate>,
    last_contact: Option<NaiveDate>,
}

impl Linked {
    fn of(note: &Note) -> Linked {
        let person = note.person();
        Linked {
            person: person.is_some(),
            latest_log: person.and_then(|p| p.log.iter().map(|e| e.date).max()),
            last_contact: person.and_then(|p| p.last_contact),
        }
    }
}

impl SlotFacts {
    /// The facts of every slot (each person's log is walked: on both cores).
    pub fn of(slots: &[Option<Note>]) -> SlotFacts {
        use rayon::prelude::*;
        let linked = slots.par_iter().with_min_len(1024).map(|n| n.as_ref().map(Linked::of).unwrap_or_default());
        SlotFacts { linked: linked.collect(), contacts: OnceLock::new() }
    }

    /// `slot` now holds `note` (or nothing); the table grows to hold it.
    pub fn set(&mut self, slot: u32, note: Option<&Note>) {
        let at = slot as usize;
        if self.linked.len() <= at {
            self.linked.resize(at + 1, Linked::default());
        }
        self.linked[at] = note.map(Linked::of).unwrap_or_default();
        if let Some(contacts) = self.contacts.get_mut() {
            contacts.resize_with(self.linked.len(), DayAnswer::default);
            contacts[at] = DayAnswer::default();
        }
    }

    pub fn is_person(&self, slot: u32) -> bool {
        self.linked.get(slot as usize).is_some_and(|l| l.person)
    }

    /// `last_contact` of the person in `slot` as of `today`; `person` (their
    /// note) is read only when their log holds entries after `today`, and then
    /// once for each day asked in turn.
    pub fn last_contact<'a>(
        &self,
        slot: u32,
        today: NaiveDate,
        person: impl FnOnce() -> Option<&'a Person>,
    ) -> Option<NaiveDate> {
        let linked = self.linked.get(slot as usize)?;
        if linked.latest_log.is_none_or(|d| d <= today) {
            return linked.latest_log.max(linked.last_contact);
        }
        let contacts = self.contacts.get_or_init(|| self.linked.iter().map(|_| DayAnswer::default()).collect());
        let answer = &contacts[slot as usize];
        if let Some(known) = answer.get(today) {
            return known;
        }
        let last = last_contact(person()?, today);
        answer.set(today, last);
        last
    }
}

/// A person's last contact with the day it was worked out for, in one word:
/// a reader never takes one day's answer for another day's, whichever thread
/// wrote it last (relaxed atomics, as in `links`).
#[derive(Debug)]
struct DayAnswer(AtomicU64);

/// No date has this day number (`NaiveDate` spans about ±262,000 years).
const NO_DAY: i32 = i32::MIN;

impl Default for DayAnswer {
    fn default() -> DayAnswer {
        DayAnswer(AtomicU64::new(DayAnswer::word(NO_DAY, NO_DAY)))
    }
}

impl DayAnswer {
    /// `today` and the answer (`NO_DAY` for none) as day numbers (`NaiveDate::num_days_from_ce`).
    fn word(today: i32, last: i32) -> u64 {
        (u64::from(today as u32) << 32) | u64::from(last as u32)
    }

    /// The answer for `today`, when `today` was the day it was worked out for.
    fn get(&self, today: NaiveDate) -> Option<Option<NaiveDate>> {
        let word = self.0.load(Ordering::Relaxed);
        if (word >> 32) as u32 as i32 != today.num_days_from_ce() {
            return None;
        }
        match word as u32 as i32 {
            NO_DAY => Some(None),
            last => NaiveDate::from_num_days_from_ce_opt(last).map(Some),
        }
    }

    fn set(&self, today: NaiveDate, last: Option<NaiveDate>) {
        let last = last.map_or(NO_DAY, |d| d.num_days_from_ce());
        self.0.store(DayAnswer::word(today.num_days_from_ce(), last), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::DayAnswer;
    use crate::config::Settings;
    use crate::index::{last_contact, Index};
    use crate::note::names::intern_text;
    use crate::note::{parse_note, Note};
    use crate::path::NotePath;
    use chrono::NaiveDate;

    fn note(path: &str, text: &str) -> Note {
        parse_note(NotePath::new(path), text, &Settings::default().folders)
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// One index asked about several days in turn, each more than once, and
    /// after the person's note changed: every answer is that day's, as worked
    /// out from the note alone (the remembered answer of one day is never
    /// given for another, nor kept past an edit).
    #[test]
    fn two_days_asked_of_one_index_each_get_their_own_last_contact() {
        let ada = "---\nname: Ada\nlast_contact: 2025-12-01\n---\n## Log\n- 2026-02-01 coffee\n- 2026-06-01 call\n";
        let mut index = Index::from_notes([note("people/Ada.md", ada), note("people/Bo.md", "---\nname: Bo\n---\n")]);
        let ask = |index: &Index, today: &str| {
            let at = index.linked_person(intern_text("Ada")).unwrap();
            let want = last_contact(index.resolve_person("Ada").unwrap().1, day(today));
            (index.last_contact_at(at, day(today)), want)
        };
        let days = ["2026-01-15", "2026-04-01", "2026-01-15", "2026-04-01", "2026-04-01", "2026-05-31", "2026-01-15"];
        let answers: Vec<_> = days.iter().map(|today| ask(&index, today)).collect();
        for ((got, want), today) in answers.iter().zip(days) {
            assert_eq!(got, want, "{today}");
        }
        assert_eq!(answers[0].0, Some(day("2025-12-01")));
        assert_eq!(answers[1].0, Some(day("2026-02-01")));
        // An edit to the person's log: no day keeps the old answer.
        let edited = "---\nname: Ada\n---\n## Log\n- 2026-01-10 met\n- 2026-03-20 lunch\n- 2026-06-01 call\n";
        index.upsert(note("people/Ada.md", edited));
        for today in days {
            let (got, want) = ask(&index, today);
            assert_eq!(got, want, "{today}");
        }
        assert_eq!(ask(&index, "2026-01-15").0, Some(day("2026-01-10")));
        assert_eq!(ask(&index, "2026-04-01").0, Some(day("2026-03-20")));
    }

    /// A person added after the answers were first asked for has a place too.
    #[test]
    fn a_person_added_later_gets_their_last_contact() {
        let mut index = Index::from_notes([note("people/Bo.md", "---\nname: Bo\n---\n## Log\n- 2026-09-01 x\n")]);
        let bo = intern_text("Bo");
        assert_eq!(index.last_contact_at(index.linked_person(bo).unwrap(), day("2026-01-01")), None);
        index.upsert(note("people/Cy.md", "---\nname: Cy\n---\n## Log\n- 2026-02-01 x\n- 2026-09-01 y\n"));
        let cy = intern_text("Cy");
        let at = index.linked_person(cy).unwrap();
        for _ in 0..2 {
            assert_eq!(index.last_contact_at(at, day("2026-03-01")), Some(day("2026-02-01")));
        }
    }

    /// Day numbers before year 1 and an answer of none stay apart from the empty cell.
    #[test]
    fn a_day_answer_keeps_its_day() {
        let answer = DayAnswer::default();
        let (bc, ad) = (NaiveDate::from_ymd_opt(-5, 3, 1).unwrap(), day("2026-11-23"));
        assert_eq!(answer.get(bc), None);
        answer.set(bc, None);
        assert_eq!(answer.get(bc), Some(None));
        assert_eq!(answer.get(ad), None);
        answer.set(ad, Some(bc));
        assert_eq!(answer.get(ad), Some(Some(bc)));
        assert_eq!(answer.get(bc), None);
    }
}
