//! Referrals: "ask for three more names, and follow through". Which names you
//! were given and have not followed up, and which meetings produced none.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::StageCadences;
use crate::index::{Index, PersonAt};
use crate::note::names::TextId;
use crate::note::{Note, Person};
use crate::path::NotePath;

/// A name someone gave you (`#referral [[Name]]`) not yet followed up: no note
/// for them, or no contact since the referral.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OpenReferral {
    pub name: String,
    pub path: Option<NotePath>,
    pub from: String,
    pub from_path: NotePath,
    pub date: NaiveDate,
}

/// A name one of a person's `#referral` entries (dated on or before today)
/// links, with the person note it resolves to.
struct Referred {
    date: NaiveDate,
    target: TextId,
    to: Option<PersonAt>,
}

fn referred<'a>(index: &'a Index, today: NaiveDate, person: &'a Person) -> impl Iterator<Item = Referred> + 'a {
    person.log.iter().filter(move |e| e.date <= today && e.has_tag("referral")).flat_map(move |entry| {
        entry.links().text_ids().map(move |id| Referred { date: entry.date, target: id, to: index.linked_person(id) })
    })
}

/// The referrals in one person's log not yet followed up, oldest first
/// (any contact follows one up, whatever the cadences).
pub fn open_referrals_from(
    index: &Index,
    _cadences: &StageCadences,
    today: NaiveDate,
    note: &Note,
    person: &Person,
) -> Vec<OpenReferral> {
    still_open(index, today, note, person, referred(index, today, person))
}

/// Those of `referred` nobody followed up: no note, or no contact since.
/// The referred people's notes are read only for the open ones.
fn still_open(
    index: &Index,
    today: NaiveDate,
    note: &Note,
    person: &Person,
    referred: impl Iterator<Item = Referred>,
) -> Vec<OpenReferral> {
    let mut open = Vec::new();
    for Referred { date, target, to } in referred {
        let followed = to.is_some_and(|at| index.last_contact_at(at, today).is_some_and(|last| last >= date));
        if followed || to.is_some_and(|at| index.path_at(at) == Some(&note.path)) {
            continue;
        }
        let to = to.and_then(|at| index.person_at(at));
        open.push(OpenReferral {
            name: to.map_or_else(|| target.text().to_string(), |(_, p)| p.name.clone()),
            path: to.map(|(n, _)| n.path.clone()),
            from: person.name.clone(),
            from_path: note.path.clone(),
            date,
        });
    }
    open.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    open.dedup_by(|a, b| a.name == b.name);
    open
}

/// Every open referral in the vault, oldest first.
pub fn open_referrals(index: &Index, cadences: &StageCadences, today: NaiveDate) -> Vec<OpenReferral> {
    all_open(index.people().flat_map(|(note, person)| open_referrals_from(index, cadences, today, note, person)))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    pub name: String,
    pub path: NotePath,
    pub date: NaiveDate,
    /// Names received from this person on the meeting's day or after, until their next meeting.
    pub referrals: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralsReport {
    pub today: NaiveDate,
    pub open: Vec<OpenReferral>,
    /// Every meeting-like entry, with the referrals it produced.
    pub meetings: Vec<Meeting>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
}

impl ReferralsReport {
    /// Meetings that produced no names: ask for three next time.
    pub fn without_referrals(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.iter().filter(|m| m.referrals == 0)
    }
}

/// One person's share: their meetings, their referrals still open, and every
/// person their referrals name (whose contacts decide whether one is open).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    pub meetings: Vec<Meeting>,
    pub open: Vec<OpenReferral>,
    pub refers_to: Vec<NotePath>,
}

impl Part {
    /// No meeting, no open referral, nobody referred to: as no share at all.
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty() && self.open.is_empty() && self.refers_to.is_empty()
    }
}

/// `meeting_tags`: the log tags that mark a meeting (`meeting_tags` in kith.yaml).
pub fn referrals(
    index: &Index,
    cadences: &StageCadences,
    meeting_tags: &[String],
    today: NaiveDate,
) -> ReferralsReport {
    let parts: Vec<Part> =
        index.people().map(|(note, person)| part(index, cadences, meeting_tags, today, note, person)).collect();
    combine(today, parts.iter())
}

pub fn part(
    index: &Index,
    _cadences: &StageCadences,
    meeting_tags: &[String],
    today: NaiveDate,
    note: &Note,
    person: &Person,
) -> Part {
    let mut meetings = Vec::new();
    let mut dates: Vec<NaiveDate> = person
        .log
        .iter()
        .filter(|e| e.date <= today && meeting_tags.iter().any(|t| e.has_tag(t)))
        .map(|e| e.date)
        .collect();
    dates.sort();
    dates.dedup();
    for (i, date) in dates.iter().enumerate() {
        let until = dates.get(i + 1).copied();
        let referrals = person
            .log
            .iter()
            .filter(|e| e.has_tag("referral") && e.date >= *date && e.date <= today && until.is_none_or(|u| e.date < u))
            .map(|e| e.links().len().max(1))
            .sum();
        meetings.push(Meeting { name: person.name.clone(), path: note.path.clone(), date: *date, referrals });
    }
    let referred: Vec<Referred> = referred(index, today, person).collect();
    let mut slots: Vec<PersonAt> = referred.iter().filter_map(|r| r.to).collect();
    slots.sort_unstable();
    slots.dedup();
    let mut refers_to: Vec<NotePath> = slots.into_iter().filter_map(|at| index.path_at(at).cloned()).collect();
    refers_to.sort();
    Part { meetings, open: still_open(index, today, note, person, referred.into_iter()), refers_to }
}

/// The report from every person's part, in path order.
pub fn combine<'a>(today: NaiveDate, parts: impl Iterator<Item = &'a Part> + Clone) -> ReferralsReport {
    let mut meetings: Vec<Meeting> = parts.clone().flat_map(|p| p.meetings.iter().cloned()).collect();
    meetings.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    ReferralsReport {
        today,
        open: all_open(parts.flat_map(|p| p.open.iter().cloned())),
        meetings,
        limit: super::Limit::ALL,
    }
}

/// Every open referral in the vault, oldest first.
pub fn all_open(open: impl Iterator<Item = OpenReferral>) -> Vec<OpenReferral> {
    let mut all: Vec<OpenReferral> = open.collect();
    all.sort_by(open_order);
    all
}

/// The order of open referrals: unique, as one person's share holds a name once a day.
pub fn open_order(a: &OpenReferral, b: &OpenReferral) -> std::cmp::Ordering {
    a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)).then_with(|| a.from_path.cmp(&b.from_path))
}

/// The order `combine` gives meetings (by date and name, people in path
/// order, one person's meetings of a day as their share lists them).
fn meeting_order(a: &Meeting, b: &Meeting) -> std::cmp::Ordering {
    a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)).then_with(|| a.path.cmp(&b.path))
}

/// Bring `report` up to date after some people's shares changed (old, new):
/// their rows are taken out and put back in place, as `combine` orders them.
pub fn update(report: &mut ReferralsReport, changes: &[(Option<&Part>, Option<&Part>)]) {
    use std::cmp::Ordering;
    for (old, _) in changes {
        for meeting in old.iter().flat_map(|p| &p.meetings) {
            let from = report.meetings.partition_point(|m| meeting_order(m, meeting) == Ordering::Less);
            let run = &report.meetings[from..];
            let at = run.iter().take_while(|m| meeting_order(m, meeting) == Ordering::Equal).position(|m| m == meeting);
            if let Some(at) = at {
                report.meetings.remove(from + at);
            }
        }
        for open in old.iter().flat_map(|p| &p.open) {
            super::place(&mut report.open, open, false, open_order);
        }
    }
    for (_, new) in changes {
        for meeting in new.iter().flat_map(|p| &p.meetings) {
            let at = report.meetings.partition_point(|m| meeting_order(m, meeting) != Ordering::Greater);
            report.meetings.insert(at, meeting.clone());
        }
        for open in new.iter().flat_map(|p| &p.open) {
            super::place(&mut report.open, open, true, open_order);
        }
    }
}
