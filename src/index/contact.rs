//! Derived contact dates: last contact, cadence, due date and days overdue,
//! exactly as METHOD.md's contract defines them (with the v1.1 cadence rules),
//! and the next planned contact.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::StageCadences;
use crate::note::dates::{days_between, Cadence};
use crate::note::Person;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueReason {
    /// The explicit `follow_up` date.
    FollowUp,
    /// Last contact plus cadence.
    Cadence,
    /// The `snooze` date, later than the due date it postpones.
    Snoozed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContactDates {
    /// The latest of `last_contact` and every log entry dated on or before today.
    pub last_contact: Option<NaiveDate>,
    /// The person's cadence, else their stage's; `None` for pruned people.
    pub cadence: Option<Cadence>,
    /// `follow_up` if set, else last contact + cadence. `None` when never
    /// contacted without a follow-up, and always for pruned people.
    pub due: Option<NaiveDate>,
    pub due_reason: Option<DueReason>,
    /// today − due in days: > 0 overdue, 0 due today, < 0 not yet due.
    pub days_overdue: Option<i64>,
    /// The first contact planned after today (a log entry dated later), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<NaiveDate>,
}

impl ContactDates {
    pub fn is_overdue(&self) -> bool {
        self.days_overdue.is_some_and(|d| d > 0)
    }

    /// Neither contacted nor given a follow-up date (and not pruned).
    pub fn not_yet_contacted(&self) -> bool {
        self.cadence.is_some() && self.due.is_none() && self.last_contact.is_none()
    }
}

/// The dates of METHOD.md's contract with the v1.1 cadence rules: the
/// cadence from `StageCadences::for_person`, and a `snooze` date later than
/// the due date replacing it.
pub fn contact_dates(person: &Person, cadences: &StageCadences, today: NaiveDate) -> ContactDates {
    let planned = person.log.iter().map(|e| e.date).filter(|&d| d > today).min();
    let last_contact = last_contact(person, today);
    let cadence = cadences.for_person(person);
    let (due, due_reason) = match (cadence, person.follow_up, last_contact) {
        (None, _, _) => (None, None),
        (Some(_), Some(follow_up), _) => (Some(follow_up), Some(DueReason::FollowUp)),
        (Some(cadence), None, Some(last)) => (cadence.add_to(last), Some(DueReason::Cadence)),
        (Some(_), None, None) => (None, None),
    };
    let (due, due_reason) = match (due, person.snooze) {
        (Some(due), Some(snooze)) if snooze > due => (Some(snooze), Some(DueReason::Snoozed)),
        _ => (due, due_reason),
    };
    ContactDates {
        last_contact,
        cadence,
        due,
        due_reason: due.and(due_reason),
        days_overdue: due.map(|due| days_between(due, today)),
        planned,
    }
}

/// `ContactDates::last_contact` alone: the latest of `last_contact` and every
/// log entry dated on or before today (no cadence, no due date).
pub fn last_contact(person: &Person, today: NaiveDate) -> Option<NaiveDate> {
    person.log.iter().map(|e| e.date).filter(|&d| d <= today).max().max(person.last_contact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::note::{parse_note, Stage};
    use crate::path::NotePath;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(text: &str) -> Person {
        let note = parse_note(NotePath::new("people/X.md"), text, &Settings::default().folders);
        note.person().cloned().unwrap_or_else(|| panic!("not a person: {:?}", note))
    }

    fn dates(text: &str, today: &str) -> ContactDates {
        contact_dates(&person(text), &Settings::default().cadence, d(today))
    }

    #[test]
    fn last_contact_is_latest_of_field_and_past_log_entries() {
        let text = "---\nlast_contact: 2026-09-01\n---\n## Log\n- 2026-10-03 coffee\n- 2026-12-01 planned lunch\n";
        let c = dates(text, "2026-11-23");
        assert_eq!(c.last_contact, Some(d("2026-10-03")));
        assert_eq!(c.due, Some(d("2026-11-02")));
        assert_eq!(c.days_overdue, Some(21));
        assert_eq!(c.due_reason, Some(DueReason::Cadence));
    }

    #[test]
    fn entry_dated_today_counts_and_future_one_does_not() {
        let text = "---\nstage: growing\n---\n## Log\n- 2026-11-23 call\n";
        assert_eq!(dates(text, "2026-11-23").last_contact, Some(d("2026-11-23")));
        assert_eq!(dates(text, "2026-11-22").last_contact, None);
    }

    #[test]
    fn follow_up_wins_over_cadence() {
        let text = "---\nfollow_up: 2026-12-01\nlast_contact: 2026-01-01\n---\n";
        let c = dates(text, "2026-11-23");
        assert_eq!(c.due, Some(d("2026-12-01")));
        assert_eq!(c.days_overdue, Some(-8));
        assert_eq!(c.due_reason, Some(DueReason::FollowUp));
    }

    #[test]
    fn follow_up_without_any_contact_is_due() {
        let c = dates("---\nfollow_up: 2026-11-20\n---\n", "2026-11-23");
        assert_eq!(c.days_overdue, Some(3));
        assert!(!c.not_yet_contacted());
    }

    #[test]
    fn never_contacted_is_not_due() {
        let c = dates("---\nstage: seed\n---\n", "2026-11-23");
        assert_eq!(c.due, None);
        assert!(c.not_yet_contacted());
        assert!(!c.is_overdue());
    }

    #[test]
    fn pruned_is_never_due() {
        let c = dates("---\nstage: pruned\nfollow_up: 2020-01-01\nlast_contact: 2020-01-01\n---\n", "2026-11-23");
        assert_eq!(c.due, None);
        assert_eq!(c.cadence, None);
        assert!(!c.not_yet_contacted());
    }

    #[test]
    fn stage_defaults_and_personal_cadence() {
        let base = "last_contact: 2026-01-31\n";
        let c = dates(&format!("---\n{base}stage: trusted\n---\n"), "2026-11-23");
        assert_eq!(c.due, Some(d("2026-05-01")));
        let c = dates(&format!("---\n{base}stage: trusted\ncadence: 1m\n---\n"), "2026-11-23");
        assert_eq!(c.due, Some(d("2026-02-28")));
        let c = dates(&format!("---\n{base}cadence: \"10\"\n---\n"), "2026-11-23");
        assert_eq!(c.due, Some(d("2026-02-10")));
        assert_eq!(person(&format!("---\n{base}---\n")).stage, Stage::Seed);
    }

    fn with_rules(text: &str, today: &str) -> ContactDates {
        let mut cadences = Settings::default().cadence;
        cadences.tags.insert("investor".into(), Cadence::Weeks(2));
        cadences.tags.insert("friend".into(), Cadence::Days(20));
        cadences.circles.insert("berlin".into(), Cadence::Weeks(3));
        contact_dates(&person(text), &cadences, d(today))
    }

    #[test]
    fn cadence_precedence_own_then_shortest_tag_or_circle_then_stage() {
        let base = "last_contact: 2026-11-01
stage: trusted
";
        let due = |extra: &str| with_rules(&format!("---\n{base}{extra}---\n"), "2026-11-23").due;
        assert_eq!(due(""), Some(d("2027-01-30")), "stage default: 90d");
        assert_eq!(due("circles: [Berlin]\n"), Some(d("2026-11-22")), "circle rule: 3w");
        assert_eq!(due("tags: [\"#investor\", friend]\ncircles: [berlin]\n"), Some(d("2026-11-15")), "shortest: 2w");
        assert_eq!(due("tags: [friend]\ncircles: [berlin]\n"), Some(d("2026-11-21")), "shortest: 20d");
        assert_eq!(due("tags: [investor]\ncadence: 10w\n"), Some(d("2027-01-10")), "own cadence wins");
        let pruned = with_rules("---\nlast_contact: 2026-11-01\nstage: pruned\ntags: [investor]\n---\n", "2026-11-23");
        assert_eq!(pruned.due, None, "pruned is never due");
    }

    #[test]
    fn snooze_postpones_only_when_later() {
        let text = "---\nlast_contact: 2026-10-01\nsnooze: 2026-12-01\n---\n";
        let c = dates(text, "2026-11-23");
        assert_eq!((c.due, c.due_reason, c.days_overdue), (Some(d("2026-12-01")), Some(DueReason::Snoozed), Some(-8)));
        let c = dates("---\nlast_contact: 2026-10-01\nsnooze: 2026-10-15\n---\n", "2026-11-23");
        assert_eq!((c.due, c.due_reason), (Some(d("2026-10-31")), Some(DueReason::Cadence)));
        let c = dates("---\nfollow_up: 2026-11-01\nsnooze: 2026-11-20\n---\n", "2026-11-23");
        assert_eq!((c.due, c.due_reason, c.days_overdue), (Some(d("2026-11-20")), Some(DueReason::Snoozed), Some(3)));
        let c = dates("---\nsnooze: 2026-12-01\n---\n", "2026-11-23");
        assert!(c.not_yet_contacted(), "a snooze alone is not a contact");
    }

    #[test]
    fn the_first_entry_after_today_is_the_planned_contact() {
        let text = "---\n---\n## Log\n- 2026-10-01 a\n- 2026-12-09 b\n- 2026-11-30 c\n";
        assert_eq!(dates(text, "2026-11-23").planned, Some(d("2026-11-30")));
        assert_eq!(dates(text, "2026-12-10").planned, None);
    }

    #[test]
    fn bad_cadence_falls_back_to_stage_default() {
        let c = dates("---\nlast_contact: 2026-10-01\ncadence: sometimes\n---\n", "2026-11-23");
        assert_eq!(c.cadence, Some(Cadence::Days(30)));
        assert_eq!(c.due, Some(d("2026-10-31")));
    }
}
