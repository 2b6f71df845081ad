//! Seed, feed, weed: the relationships to nurture, to promote and to let go.
//! kith suggests; the user edits the stage.

use chrono::NaiveDate;
use serde::Serialize;

use super::goals::GoalsReport;
use crate::config::StageCadences;
use crate::index::{contact_dates, Index};
use crate::note::dates::{days_between, Cadence};
use crate::note::{Note, Person, Stage};
use crate::path::NotePath;

/// The window for promotion rules, in days (about six months).
pub const RECENT_DAYS: i64 = 183;
/// Contacts within the window that make a seed growing.
pub const SEED_TO_GROWING_CONTACTS: usize = 3;
/// No contact for this many times the cadence makes a weed candidate.
pub const WEED_CADENCES: i64 = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GardenRow {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub last_contact: Option<NaiveDate>,
    /// Why it is listed.
    pub reason: String,
    /// For promotions: the stage suggested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggest: Option<Stage>,
    /// For weeds: the active goals the person is linked to (think twice).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub active_goals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageCount {
    pub stage: Stage,
    pub people: usize,
    /// With `--since`: met on or after that day.
    pub planted_since: usize,
    /// With `--since`: contacted on or after that day.
    pub contacted_since: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GardenReport {
    pub today: NaiveDate,
    pub since: Option<NaiveDate>,
    pub stages: Vec<StageCount>,
    pub need_feeding: Vec<GardenRow>,
    pub promote: Vec<GardenRow>,
    pub weed: Vec<GardenRow>,
    /// People never contacted (the pool, `kith pool`): seeds not planted yet,
    /// counted here and listed nowhere in the garden.
    pub not_contacted: usize,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
    /// What the weeds read of the goals report: each goal's path, title and
    /// whether it is done (see `update`).
    #[serde(skip)]
    goal_states: Vec<(NotePath, String, bool)>,
}

/// One person's share of the garden: their stage for the counts, and the rows
/// they are listed in. A weed's reason names the active goals they are linked
/// to, which only the goals report knows, so it is finished in `combine`.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    stage: Stage,
    met: Option<NaiveDate>,
    /// The latest Log entry on or before today.
    last_logged: Option<NaiveDate>,
    /// In the pool: never contacted, no follow-up date, not pruned.
    not_contacted: bool,
    need_feeding: Option<GardenRow>,
    promote: Option<GardenRow>,
    weed: Option<Weed>,
}

#[derive(Debug, Clone, PartialEq)]
struct Weed {
    row: GardenRow,
    silent_since: NaiveDate,
    cadence: Cadence,
    /// The goals the person links, resolved, in the order written.
    goals: Vec<NotePath>,
}

pub fn garden(
    index: &Index,
    cadences: &StageCadences,
    goals: &GoalsReport,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> GardenReport {
    let parts: Vec<Part> = index.people().map(|(note, person)| part(index, cadences, today, note, person)).collect();
    combine(goals, today, since, parts.iter())
}

pub fn part(index: &Index, cadences: &StageCadences, today: NaiveDate, note: &Note, person: &Person) -> Part {
    let mut part = Part {
        stage: person.stage,
        met: person.met,
        last_logged: person.log.iter().map(|e| e.date).filter(|d| *d <= today).max(),
        not_contacted: false,
        need_feeding: None,
        promote: None,
        weed: None,
    };
    if person.stage == Stage::Pruned {
        return part;
    }
    let dates = contact_dates(person, cadences, today);
    part.not_contacted = dates.not_yet_contacted();
    let Some(cadence) = dates.cadence else { return part };
    let contacts: Vec<NaiveDate> = {
        let mut days: Vec<NaiveDate> = person.log.iter().map(|e| e.date).filter(|d| *d <= today).collect();
        days.sort();
        days.dedup();
        days
    };
    let row = |reason: String| GardenRow {
        name: person.name.clone(),
        path: note.path.clone(),
        stage: person.stage,
        last_contact: dates.last_contact,
        reason,
        suggest: None,
        active_goals: Vec::new(),
    };
    let recent = |tag: &str| {
        person.log.iter().any(|e| e.has_tag(tag) && e.date <= today && days_between(e.date, today) <= RECENT_DAYS)
    };
    let planted = person.met.or(contacts.first().copied()).or(dates.last_contact);
    // Feed: a seed contacted once (a Log entry, or only `last_contact:`) and not
    // again within its cadence. A seed never contacted is not a relationship to
    // feed yet: it is in the pool, a first contact to make.
    if person.stage == Stage::Seed && contacts.len() <= 1 && dates.last_contact.is_some() {
        if let Some(planted) = planted.filter(|p| cadence.add_to(*p).is_some_and(|due| due < today)) {
            part.need_feeding = Some(row(format!("planted {planted}, one contact since (every {cadence})")));
        }
    }
    // Promote.
    let recent_contacts = contacts.iter().filter(|d| days_between(**d, today) <= RECENT_DAYS).count();
    match person.stage {
        Stage::Seed if recent_contacts >= SEED_TO_GROWING_CONTACTS => {
            part.promote = Some(GardenRow {
                suggest: Some(Stage::Growing),
                ..row(format!("{recent_contacts} contacts in the last six months"))
            });
        }
        Stage::Growing if recent("gave") && recent("got") => {
            part.promote = Some(GardenRow {
                suggest: Some(Stage::Trusted),
                ..row("give and get both ways in the last six months".to_string())
            });
        }
        _ => {}
    }
    // Weed: long silence after a contact, nothing given or got, ever. Someone
    // never contacted (a connection imported years ago) is in the pool, a
    // first contact to make, not a relationship that did not grow.
    let silent_since = dates.last_contact;
    let exchanged = person.log.iter().any(|e| e.has_tag("gave") || e.has_tag("got"));
    let limit = i64::from(cadence.approx_days()) * WEED_CADENCES;
    if let Some(silent_since) = silent_since.filter(|s| days_between(*s, today) > limit) {
        if !exchanged {
            let goals = person.goals.iter().filter_map(|g| index.resolve_goal(g.target)).map(|(n, _)| n.path.clone());
            part.weed = Some(Weed { row: row(String::new()), silent_since, cadence, goals: goals.collect() });
        }
    }
    part
}

/// The report from every person's part, in path order.
pub fn combine<'a>(
    goals: &GoalsReport,
    today: NaiveDate,
    since: Option<NaiveDate>,
    parts: impl Iterator<Item = &'a Part>,
) -> GardenReport {
    let mut report = GardenReport {
        today,
        since,
        stages: [Stage::Seed, Stage::Growing, Stage::Trusted, Stage::Pruned]
            .into_iter()
            .map(|stage| StageCount { stage, people: 0, planted_since: 0, contacted_since: 0 })
            .collect(),
        need_feeding: Vec::new(),
        promote: Vec::new(),
        weed: Vec::new(),
        not_contacted: 0,
        limit: super::Limit::ALL,
        goal_states: goal_states(goals),
    };
    for part in parts {
        count(&mut report, part, true);
        report.need_feeding.extend(part.need_feeding.clone());
        report.promote.extend(part.promote.clone());
        report.weed.extend(part.weed.as_ref().map(|weed| weed_row(goals, weed)));
    }
    for list in [&mut report.need_feeding, &mut report.promote, &mut report.weed] {
        list.sort_by(|a, b| a.last_contact.cmp(&b.last_contact).then_with(|| a.name.cmp(&b.name)));
    }
    report
}

/// Bring `report` up to date after some people's shares changed (old, new):
/// their counts moved and their rows taken out and put back in place. `false`
/// when a goal's title or done-ness changed (weeds name active goals): combine again.
pub fn update(report: &mut GardenReport, goals: &GoalsReport, changes: &[(Option<&Part>, Option<&Part>)]) -> bool {
    if goal_states(goals) != report.goal_states {
        return false;
    }
    // Each list holds a person once: by last contact, name, then path as `combine` orders them.
    let order =
        |a: &GardenRow, b: &GardenRow| (a.last_contact, &a.name, &a.path).cmp(&(b.last_contact, &b.name, &b.path));
    for (part, put) in changes.iter().flat_map(|(old, new)| [(*old, false), (*new, true)]) {
        let Some(part) = part else { continue };
        count(report, part, put);
        for (row, list) in [(&part.need_feeding, &mut report.need_feeding), (&part.promote, &mut report.promote)] {
            if let Some(row) = row {
                super::place(list, row, put, order);
            }
        }
        if let Some(weed) = &part.weed {
            super::place(&mut report.weed, &weed_row(goals, weed), put, order);
        }
    }
    true
}

fn goal_states(goals: &GoalsReport) -> Vec<(NotePath, String, bool)> {
    goals
        .goals
        .iter()
        .map(|g| (g.path.clone(), g.title.clone(), g.status == Some(super::goals::GoalStatus::Done)))
        .collect()
}

/// Count a person's share in (or, `put` false, out of) the stage counts.
fn count(report: &mut GardenReport, part: &Part, put: bool) {
    let since = report.since;
    if let Some(count) = report.stages.iter_mut().find(|c| c.stage == part.stage) {
        let planted = usize::from(since.is_some_and(|s| part.met.is_some_and(|m| m >= s)));
        let contacted = usize::from(since.is_some_and(|s| part.last_logged.is_some_and(|d| d >= s)));
        let pool = usize::from(part.not_contacted);
        if put {
            report.not_contacted += pool;
            count.people += 1;
            count.planted_since += planted;
            count.contacted_since += contacted;
        } else {
            report.not_contacted -= pool;
            count.people -= 1;
            count.planted_since -= planted;
            count.contacted_since -= contacted;
        }
    }
}

fn weed_row(goals: &GoalsReport, weed: &Weed) -> GardenRow {
    let active_goals: Vec<String> = weed
        .goals
        .iter()
        .filter_map(|path| goals.goals.iter().find(|g| &g.path == path))
        .filter(|g| g.status != Some(super::goals::GoalStatus::Done))
        .map(|g| g.title.clone())
        .collect();
    let (silent_since, cadence) = (weed.silent_since, weed.cadence);
    let mut reason =
        format!("no contact since {silent_since} ({WEED_CADENCES}× every {cadence}), nothing given or got");
    if !active_goals.is_empty() {
        reason.push_str(&format!("; but linked to {}: think twice", active_goals.join(", ")));
    }
    GardenRow { active_goals, reason, ..weed.row.clone() }
}
