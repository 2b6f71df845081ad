//! Reminders: everything to act on, grouped, with a date and a reason each, for
//! task lists and calendars.

use chrono::NaiveDate;
use serde::Serialize;

use super::goal_titles;
use super::referrals::{open_referrals_from, OpenReferral};
use crate::config::{ReminderGroup, ReminderSettings, Settings};
use crate::index::{contact_dates, DueReason, Index};
use crate::note::dates::{days_between, AnnualDate};
use crate::note::{Note, Person};
use crate::path::NotePath;

/// Days ahead that count as "this week".
pub const WEEK_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Reminder {
    pub group: ReminderGroup,
    /// What to do, e.g. "Follow up with".
    pub action: &'static str,
    /// Who it is about (a person's name, or a name known only from a referral).
    pub name: String,
    /// Their note, when they have one.
    pub path: Option<NotePath>,
    /// The day the reminder is for: the due date (in the past when overdue),
    /// the referral's day, or the yearly date's next occurrence.
    pub date: Option<NaiveDate>,
    /// Why, in a few words: "last talked 2026-09-10, every 6w".
    pub why: String,
    pub goals: Vec<String>,
    /// A stable identity for calendars: the same person and kind of reminder
    /// keep the same key when dates move.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemindReport {
    pub today: NaiveDate,
    pub reminders: Vec<Reminder>,
    /// What goes into the calendar, and when it rings.
    #[serde(skip)]
    pub calendar: ReminderSettings,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
    /// This week's suggested first contacts, the pool's most relevant; `None`: show everyone.
    #[serde(skip)]
    pub plant: Option<Vec<NotePath>>,
}

impl RemindReport {
    pub fn group(&self, group: ReminderGroup) -> impl Iterator<Item = &Reminder> {
        self.reminders.iter().filter(move |r| r.group == group)
    }
}

pub fn remind(index: &Index, settings: &Settings, today: NaiveDate) -> RemindReport {
    let parts = index.people().flat_map(|(note, person)| {
        let open = open_referrals_from(index, &settings.cadence, today, note, person);
        reminders_for(index, settings, today, note, person, &open)
    });
    combine(today, &settings.reminders, parts)
}

/// The group of a reminder `days_ahead` days from today (negative: past), or
/// none beyond the horizon.
fn group_of(days_ahead: i64, horizon: i64) -> Option<ReminderGroup> {
    match days_ahead {
        ..0 => Some(ReminderGroup::Overdue),
        0..=WEEK_DAYS => Some(ReminderGroup::ThisWeek),
        d if d <= horizon => Some(ReminderGroup::Next30Days),
        _ => None,
    }
}

/// One person's reminders: following up, first contact, yearly dates, and the
/// names they referred (`open`, their open referrals) to reach out to.
pub fn reminders_for(
    index: &Index,
    settings: &Settings,
    today: NaiveDate,
    note: &Note,
    person: &Person,
    open: &[OpenReferral],
) -> Vec<Reminder> {
    let horizon = settings.reminders.horizon_days.max(WEEK_DAYS);
    let mut reminders = Vec::new();
    let dates = contact_dates(person, &settings.cadence, today);
    let goals = goal_titles(index, person);
    let last = dates.last_contact.map_or_else(|| "never talked".to_string(), |d| format!("last talked {d}"));
    let rule = match (dates.due_reason, dates.cadence) {
        (Some(DueReason::FollowUp), _) => "follow-up date".to_string(),
        (Some(DueReason::Snoozed), _) => "snoozed".to_string(),
        (_, Some(c)) => format!("every {c}"),
        _ => String::new(),
    };
    if let (Some(due), Some(days)) = (dates.due, dates.days_overdue) {
        // A follow-up that is due, when a contact is already planned (a Log
        // entry dated after today), becomes that contact: on its day, with
        // the same key, so a calendar moves the event rather than adding one.
        let reminder = group_of(-days, horizon).and_then(|group| match dates.planned {
            Some(planned) => group_of(days_between(today, planned), horizon)
                .map(|group| (group, "Planned contact with", planned, format!("{last}, {rule}, planned {planned}"))),
            None => Some((group, "Follow up with", due, format!("{last}, {rule}"))),
        });
        if let Some((group, action, date, why)) = reminder {
            reminders.push(Reminder {
                group,
                action,
                name: person.name.clone(),
                path: Some(note.path.clone()),
                date: Some(date),
                why,
                goals: goals.clone(),
                key: format!("follow-up:{}", note.path),
            });
        }
    } else if dates.not_yet_contacted() {
        reminders.push(Reminder {
            group: ReminderGroup::NotContacted,
            action: "Make first contact with",
            name: person.name.clone(),
            path: Some(note.path.clone()),
            date: None,
            why: format!("{}, not contacted yet", person.stage.as_str()),
            goals: goals.clone(),
            key: format!("first-contact:{}", note.path),
        });
    }
    if person.stage != crate::note::Stage::Pruned {
        let yearly =
            person.birthday.iter().map(|b| ("birthday", b)).chain(person.dates.iter().map(|(n, d)| (n.as_str(), d)));
        for (label, date) in yearly {
            if let Some(reminder) = yearly_reminder(label, date, &person.name, &note.path, today, horizon, &goals) {
                reminders.push(reminder);
            }
        }
    }
    for referral in open {
        reminders.push(Reminder {
            group: ReminderGroup::Referrals,
            action: "Reach out to",
            key: format!("referral:{}:{}", referral.from_path, crate::note::link::key(&referral.name)),
            why: format!("referred by {} on {}", referral.from, referral.date),
            name: referral.name.clone(),
            path: referral.path.clone(),
            date: Some(referral.date),
            goals: goals.clone(),
        });
    }
    // One reminder per key (a calendar UID must be unique): the first in report order.
    reminders.sort_by(order);
    let mut seen = std::collections::HashSet::new();
    reminders.retain(|r| seen.insert(r.key.clone()));
    reminders
}

/// The report's order: by group, then date, name and key. Keys are unique
/// and carry the person's path, so this is a total order across the vault.
pub fn order(a: &Reminder, b: &Reminder) -> std::cmp::Ordering {
    (a.group, a.date, &a.name, &a.key).cmp(&(b.group, b.date, &b.name, &b.key))
}

/// The report from every person's reminders (see `reminders_for`).
pub fn combine(
    today: NaiveDate,
    calendar: &ReminderSettings,
    reminders: impl Iterator<Item = Reminder>,
) -> RemindReport {
    let mut reminders: Vec<Reminder> = reminders.collect();
    reminders.sort_by(order);
    RemindReport { today, reminders, calendar: calendar.clone(), limit: super::Limit::ALL, plant: None }
}

fn yearly_reminder(
    label: &str,
    date: &AnnualDate,
    name: &str,
    path: &NotePath,
    today: NaiveDate,
    horizon: i64,
    goals: &[String],
) -> Option<Reminder> {
    let next = date.next_on_or_after(today)?;
    if days_between(today, next) > horizon {
        return None;
    }
    let years = date.years_on(next);
    let why = match (label, years) {
        ("birthday", Some(n)) => format!("birthday, turns {n}"),
        ("birthday", None) => "birthday".to_string(),
        (label, Some(n)) => format!("{label}, {n} years"),
        (label, None) => label.to_string(),
    };
    Some(Reminder {
        group: ReminderGroup::Dates,
        action: if label == "birthday" { "Wish a happy birthday to" } else { "Mark the day with" },
        name: name.to_string(),
        path: Some(path.clone()),
        date: Some(next),
        why,
        goals: goals.to_vec(),
        key: format!("date:{path}:{label}:{}", next.format("%Y")),
    })
}
