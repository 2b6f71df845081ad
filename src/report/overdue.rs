//! Who is overdue for a follow-up, who is due within a week, who was never contacted.

use chrono::NaiveDate;
use serde::Serialize;

use super::goal_titles;
use crate::config::StageCadences;
use crate::index::{contact_dates, DueReason, Index};
use crate::note::dates::Cadence;
use crate::note::Stage;
use crate::path::NotePath;

/// How far ahead "due soon" looks, in days.
pub const DUE_SOON_DAYS: i64 = 7;

/// One person with a due date. Field names and meaning follow METHOD.md's contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueRow {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub last_contact: Option<NaiveDate>,
    pub due: NaiveDate,
    pub days_overdue: i64,
    pub goals: Vec<String>,
    pub due_reason: DueReason,
    pub cadence: Option<Cadence>,
    pub company: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncontactedRow {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub goals: Vec<String>,
    pub company: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueReport {
    pub today: NaiveDate,
    /// days_overdue > 0, most overdue first, then by name.
    pub overdue: Vec<DueRow>,
    /// Due today or within the next `DUE_SOON_DAYS` days, soonest first.
    pub due_soon: Vec<DueRow>,
    pub not_yet_contacted: Vec<UncontactedRow>,
}

pub fn overdue(index: &Index, cadences: &StageCadences, today: NaiveDate) -> OverdueReport {
    let mut report = OverdueReport { today, overdue: Vec::new(), due_soon: Vec::new(), not_yet_contacted: Vec::new() };
    for (note, person) in index.people() {
        let dates = contact_dates(person, cadences, today);
        if dates.not_yet_contacted() {
            report.not_yet_contacted.push(UncontactedRow {
                name: person.name.clone(),
                path: note.path.clone(),
                stage: person.stage,
                goals: goal_titles(index, person),
                company: person.company.clone(),
            });
            continue;
        }
        let (Some(due), Some(days_overdue), Some(due_reason)) = (dates.due, dates.days_overdue, dates.due_reason)
        else {
            continue;
        };
        if days_overdue < -DUE_SOON_DAYS {
            continue;
        }
        let row = DueRow {
            name: person.name.clone(),
            path: note.path.clone(),
            stage: person.stage,
            last_contact: dates.last_contact,
            due,
            days_overdue,
            goals: goal_titles(index, person),
            due_reason,
            cadence: dates.cadence,
            company: person.company.clone(),
        };
        if days_overdue > 0 { &mut report.overdue } else { &mut report.due_soon }.push(row);
    }
    let by_urgency = |a: &DueRow, b: &DueRow| {
        b.days_overdue.cmp(&a.days_overdue).then_with(|| a.name.cmp(&b.name)).then_with(|| a.path.cmp(&b.path))
    };
    report.overdue.sort_by(by_urgency);
    report.due_soon.sort_by(by_urgency);
    report.not_yet_contacted.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    report
}
