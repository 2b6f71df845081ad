//! Who is overdue for a follow-up, who is due within a week, who was never contacted.

use chrono::NaiveDate;
use serde::Serialize;

use super::goal_names;
use crate::config::StageCadences;
use crate::index::{contact_dates, DueReason, Index};
use crate::note::dates::Cadence;
use crate::note::{Note, Person, Stage};
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
    pub goals: Vec<&'static str>,
    pub due_reason: DueReason,
    pub cadence: Option<Cadence>,
    pub company: Option<&'static str>,
    /// A contact already planned after today (shown in text and markdown;
    /// the JSON contract leaves it out).
    #[serde(skip)]
    pub planned: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncontactedRow {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub goals: Vec<&'static str>,
    pub company: Option<&'static str>,
    #[serde(skip)]
    pub planned: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueReport {
    pub today: NaiveDate,
    /// days_overdue > 0, most overdue first, then by name.
    pub overdue: Vec<DueRow>,
    /// Due today or within the next `DUE_SOON_DAYS` days, soonest first.
    pub due_soon: Vec<DueRow>,
    pub not_yet_contacted: Vec<UncontactedRow>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
    /// This week's suggested first contacts, the pool's most relevant; `None`: show everyone.
    #[serde(skip)]
    pub plant: Option<Vec<NotePath>>,
}

impl DueRow {
    /// Past its due day; else due today or within `DUE_SOON_DAYS` days.
    pub fn is_overdue(&self) -> bool {
        self.days_overdue > 0
    }
}

/// One person's share of the report: a due row, an uncontacted row, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Due(DueRow),
    Uncontacted(UncontactedRow),
}

pub fn overdue(index: &Index, cadences: &StageCadences, today: NaiveDate) -> OverdueReport {
    let entries: Vec<Entry> =
        index.people().filter_map(|(note, person)| entry(index, cadences, today, note, person)).collect();
    combine(today, entries.iter())
}

/// Where one person stands: due (overdue or within `DUE_SOON_DAYS`), never contacted, or neither.
pub fn entry(index: &Index, cadences: &StageCadences, today: NaiveDate, note: &Note, person: &Person) -> Option<Entry> {
    let dates = contact_dates(person, cadences, today);
    if dates.not_yet_contacted() {
        return Some(Entry::Uncontacted(UncontactedRow {
            name: person.name.clone(),
            path: note.path.clone(),
            stage: person.stage,
            goals: goal_names(index, person),
            company: person.company,
            planned: dates.planned,
        }));
    }
    let (Some(due), Some(days_overdue), Some(due_reason)) = (dates.due, dates.days_overdue, dates.due_reason) else {
        return None;
    };
    if days_overdue < -DUE_SOON_DAYS {
        return None;
    }
    Some(Entry::Due(DueRow {
        name: person.name.clone(),
        path: note.path.clone(),
        stage: person.stage,
        last_contact: dates.last_contact,
        due,
        days_overdue,
        goals: goal_names(index, person),
        due_reason,
        cadence: dates.cadence,
        company: person.company,
        planned: dates.planned,
    }))
}

/// The report from every person's entry, in path order.
///
/// Each list is allocated at its final size and sorted in place (both
/// orders are total, one row per path): on a 100k-person vault, growing
/// the lists by doubling and a stable sort's scratch copy were a tenth of
/// the peak memory.
pub fn combine<'a>(today: NaiveDate, entries: impl Iterator<Item = &'a Entry> + Clone) -> OverdueReport {
    gather(today, Counts::of(entries.clone()), entries.cloned())
}

/// How many rows each list of the report gets.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    overdue: usize,
    soon: usize,
    uncontacted: usize,
}

impl Counts {
    pub fn of<'a>(entries: impl Iterator<Item = &'a Entry>) -> Counts {
        let mut counts = Counts::default();
        for entry in entries {
            match entry {
                Entry::Uncontacted(_) => counts.uncontacted += 1,
                Entry::Due(row) if row.is_overdue() => counts.overdue += 1,
                Entry::Due(_) => counts.soon += 1,
            }
        }
        counts
    }
}

/// `combine` from the entries themselves (`counts` of them): a one-shot
/// command moves its shares' rows into the report instead of copying them.
pub fn gather(today: NaiveDate, counts: Counts, entries: impl Iterator<Item = Entry>) -> OverdueReport {
    let Counts { overdue, soon, uncontacted } = counts;
    let mut report = OverdueReport {
        today,
        overdue: Vec::with_capacity(overdue),
        due_soon: Vec::with_capacity(soon),
        not_yet_contacted: Vec::with_capacity(uncontacted),
        limit: super::Limit::ALL,
        plant: None,
    };
    for entry in entries {
        match entry {
            Entry::Uncontacted(row) => report.not_yet_contacted.push(row),
            Entry::Due(row) if row.is_overdue() => report.overdue.push(row),
            Entry::Due(row) => report.due_soon.push(row),
        }
    }
    report.overdue.sort_unstable_by(by_urgency);
    report.due_soon.sort_unstable_by(by_urgency);
    report.not_yet_contacted.sort_unstable_by(by_name);
    report
}

/// Most overdue first, then by name and path (one row per path: a total order).
pub fn by_urgency(a: &DueRow, b: &DueRow) -> std::cmp::Ordering {
    b.days_overdue.cmp(&a.days_overdue).then_with(|| a.name.cmp(&b.name)).then_with(|| a.path.cmp(&b.path))
}

pub fn by_name(a: &UncontactedRow, b: &UncontactedRow) -> std::cmp::Ordering {
    a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path))
}

/// How an entry is kept between runs (`crate::kept`): the row's fields in
/// order, its path left out (the kept note's own), interned texts as text.
mod kept {
    use super::{DueRow, Entry, UncontactedRow};
    use crate::codec::{put_str, Code, Reader};
    use crate::index::DueReason;
    use crate::note::dates::Cadence;
    use crate::note::names::intern_text;
    use crate::note::Stage;
    use crate::path::NotePath;

    fn put_texts(texts: &[&'static str], out: &mut Vec<u8>) {
        (texts.len() as u64).put(out);
        texts.iter().for_each(|t| put_str(t, out));
    }

    fn get_texts(r: &mut Reader) -> Option<Vec<&'static str>> {
        let n = usize::try_from(u64::get(r)?).ok()?;
        (0..n).map(|_| Some(intern_text(r.str()?).text())).collect()
    }

    fn put_text(text: Option<&'static str>, out: &mut Vec<u8>) {
        put_texts(text.as_slice(), out);
    }

    fn get_text(r: &mut Reader) -> Option<Option<&'static str>> {
        let mut texts = get_texts(r)?;
        (texts.len() <= 1).then(|| texts.pop())
    }

    pub fn put(entry: &Entry, out: &mut Vec<u8>) {
        match entry {
            Entry::Due(row) => {
                let DueRow {
                    name,
                    path: _,
                    stage,
                    last_contact,
                    due,
                    days_overdue,
                    goals,
                    due_reason,
                    cadence,
                    company,
                    planned,
                } = row;
                out.push(1);
                put_str(name, out);
                stage.put(out);
                last_contact.put(out);
                due.put(out);
                days_overdue.put(out);
                put_texts(goals, out);
                out.push(match due_reason {
                    DueReason::FollowUp => 0,
                    DueReason::Cadence => 1,
                    DueReason::Snoozed => 2,
                });
                cadence.put(out);
                put_text(*company, out);
                planned.put(out);
            }
            Entry::Uncontacted(row) => {
                let UncontactedRow { name, path: _, stage, goals, company, planned } = row;
                out.push(2);
                put_str(name, out);
                stage.put(out);
                put_texts(goals, out);
                put_text(*company, out);
                planned.put(out);
            }
        }
    }

    pub fn get(r: &mut Reader, path: &NotePath) -> Option<Entry> {
        let tag = r.byte()?;
        let name = r.str()?.to_string();
        let stage = Stage::get(r)?;
        Some(match tag {
            1 => Entry::Due(DueRow {
                name,
                path: path.clone(),
                stage,
                last_contact: Code::get(r)?,
                due: Code::get(r)?,
                days_overdue: Code::get(r)?,
                goals: get_texts(r)?,
                due_reason: match r.byte()? {
                    0 => DueReason::FollowUp,
                    1 => DueReason::Cadence,
                    2 => DueReason::Snoozed,
                    _ => return None,
                },
                cadence: Option::<Cadence>::get(r)?,
                company: get_text(r)?,
                planned: Code::get(r)?,
            }),
            2 => Entry::Uncontacted(UncontactedRow {
                name,
                path: path.clone(),
                stage,
                goals: get_texts(r)?,
                company: get_text(r)?,
                planned: Code::get(r)?,
            }),
            _ => return None,
        })
    }
}

pub use kept::{get as get_kept, put as put_kept};
