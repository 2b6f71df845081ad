//! Seed, feed, weed: the relationships to nurture, to promote and to let go.
//! kith suggests; the user edits the stage.

use chrono::NaiveDate;
use serde::Serialize;

use super::goals::GoalsReport;
use crate::config::StageCadences;
use crate::index::{contact_dates, Index};
use crate::note::dates::days_between;
use crate::note::{Person, Stage};
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
}

pub fn garden(
    index: &Index,
    cadences: &StageCadences,
    goals: &GoalsReport,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> GardenReport {
    let mut report = GardenReport {
        today,
        since,
        stages: Vec::new(),
        need_feeding: Vec::new(),
        promote: Vec::new(),
        weed: Vec::new(),
    };
    for stage in [Stage::Seed, Stage::Growing, Stage::Trusted, Stage::Pruned] {
        let people: Vec<&Person> = index.people().map(|(_, p)| p).filter(|p| p.stage == stage).collect();
        let count =
            |f: &dyn Fn(&Person, NaiveDate) -> bool| since.map_or(0, |s| people.iter().filter(|p| f(p, s)).count());
        report.stages.push(StageCount {
            stage,
            people: people.len(),
            planted_since: count(&|p, s| p.met.is_some_and(|m| m >= s)),
            contacted_since: count(&|p, s| p.log.iter().any(|e| e.date >= s && e.date <= today)),
        });
    }
    for (note, person) in index.people().filter(|(_, p)| p.stage != Stage::Pruned) {
        let dates = contact_dates(person, cadences, today);
        let Some(cadence) = dates.cadence else { continue };
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
        let planted = person.met.or(contacts.first().copied());
        // Feed: a seed with no second contact within its cadence.
        if person.stage == Stage::Seed && contacts.len() <= 1 {
            if let Some(planted) = planted.filter(|p| cadence.add_to(*p).is_some_and(|due| due < today)) {
                report.need_feeding.push(row(format!(
                    "planted {planted}, {} since, within {cadence}",
                    plural_contacts(contacts.len())
                )));
            }
        }
        // Promote.
        let recent_contacts = contacts.iter().filter(|d| days_between(**d, today) <= RECENT_DAYS).count();
        match person.stage {
            Stage::Seed if recent_contacts >= SEED_TO_GROWING_CONTACTS => {
                report.promote.push(GardenRow {
                    suggest: Some(Stage::Growing),
                    ..row(format!("{recent_contacts} contacts in the last six months"))
                });
            }
            Stage::Growing if recent("gave") && recent("got") => {
                report.promote.push(GardenRow {
                    suggest: Some(Stage::Trusted),
                    ..row("give and get both ways in the last six months".to_string())
                });
            }
            _ => {}
        }
        // Weed: long silence, nothing given or got, ever.
        let silent_since = dates.last_contact.or(person.met);
        let exchanged = person.log.iter().any(|e| e.has_tag("gave") || e.has_tag("got"));
        let limit = i64::from(cadence.approx_days()) * WEED_CADENCES;
        if let Some(since) = silent_since.filter(|s| days_between(*s, today) > limit) {
            if !exchanged {
                let active_goals: Vec<String> = person
                    .goals
                    .iter()
                    .filter_map(|g| index.resolve_goal(&g.target))
                    .filter_map(|(n, _)| goals.goals.iter().find(|g| g.path == n.path))
                    .filter(|g| g.status != Some(super::goals::GoalStatus::Done))
                    .map(|g| g.title.clone())
                    .collect();
                let mut reason =
                    format!("no contact since {since} ({WEED_CADENCES}× every {cadence}), nothing given or got");
                if !active_goals.is_empty() {
                    reason.push_str(&format!("; but linked to {}: think twice", active_goals.join(", ")));
                }
                report.weed.push(GardenRow { active_goals, ..row(reason) });
            }
        }
    }
    for list in [&mut report.need_feeding, &mut report.promote, &mut report.weed] {
        list.sort_by(|a, b| a.last_contact.cmp(&b.last_contact).then_with(|| a.name.cmp(&b.name)));
    }
    report
}

fn plural_contacts(n: usize) -> String {
    match n {
        0 => "no contact".to_string(),
        1 => "one contact".to_string(),
        n => format!("{n} contacts"),
    }
}
