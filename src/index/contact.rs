//! Derived contact dates: last contact, cadence, due date and days overdue,
//! exactly as METHOD.md's contract defines them.

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

pub fn contact_dates(person: &Person, cadences: &StageCadences, today: NaiveDate) -> ContactDates {
    let logged = person.log.iter().map(|e| e.date).filter(|&d| d <= today).max();
    let last_contact = logged.max(person.last_contact);
    let cadence = cadences.for_stage(person.stage).map(|stage_default| person.cadence.unwrap_or(stage_default));
    let (due, due_reason) = match (cadence, person.follow_up, last_contact) {
        (None, _, _) => (None, None),
        (Some(_), Some(follow_up), _) => (Some(follow_up), Some(DueReason::FollowUp)),
        (Some(cadence), None, Some(last)) => (cadence.add_to(last), Some(DueReason::Cadence)),
        (Some(_), None, None) => (None, None),
    };
    ContactDates {
        last_contact,
        cadence,
        due,
        due_reason: due.and(due_reason),
        days_overdue: due.map(|due| days_between(due, today)),
    }
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

    #[test]
    fn bad_cadence_falls_back_to_stage_default() {
        let c = dates("---\nlast_contact: 2026-10-01\ncadence: sometimes\n---\n", "2026-11-23");
        assert_eq!(c.cadence, Some(Cadence::Days(30)));
        assert_eq!(c.due, Some(d("2026-10-31")));
    }
}
