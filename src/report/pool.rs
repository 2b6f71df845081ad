//! The pool: people you have not contacted yet (after a LinkedIn import, a few
//! thousand connections). They are not a to-do list: each week the few most
//! relevant are suggested as first contacts (the "plant"), and the rest are
//! counted. The ranking is documented in the README; the same vault and day
//! always give the same order.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

use super::goal_titles;
use super::referrals::{open_referrals_from, OpenReferral};
use crate::config::{Settings, StageCadences};
use crate::index::{contact_dates, Index};
use crate::note::dates::days_between;
use crate::note::{Note, Person, Stage};
use crate::path::NotePath;

/// Points, documented in the README ("The pool").
pub const GOAL: i64 = 3;
pub const INTRODUCED: i64 = 3;
pub const REFERRED: i64 = 3;
/// Tags, circles, interests or a purpose: what you wrote about them (an import never does).
pub const DESCRIBED: i64 = 3;
pub const NEAR_TRUSTED: i64 = 2;
pub const NEW: i64 = 2;
/// Met (connected, or added with `--met`) this many days ago or less: a new connection.
pub const NEW_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolRow {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub company: Option<String>,
    pub met: Option<NaiveDate>,
    pub goals: Vec<String>,
    pub score: i64,
    pub reasons: Vec<String>,
}

/// Everyone not contacted yet, most relevant first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pool {
    pub today: NaiveDate,
    pub rows: Vec<PoolRow>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
}

impl Pool {
    /// This week's suggested first contacts: the `count` most relevant.
    pub fn plant(&self, count: usize) -> &[PoolRow] {
        &self.rows[..count.min(self.rows.len())]
    }

    /// The plant's paths when pages summarise (`None`: pages show everyone).
    pub fn planted(&self, settings: &Settings) -> Option<Vec<NotePath>> {
        settings.pages.limit.map(|_| self.plant(settings.pages.plant).iter().map(|r| r.path.clone()).collect())
    }
}

/// In the pool: not pruned, never contacted and no follow-up date (someone
/// with a `follow_up:` gets a dated reminder instead).
pub fn in_pool(person: &Person, cadences: &StageCadences, today: NaiveDate) -> bool {
    contact_dates(person, cadences, today).not_yet_contacted()
}

/// One person's share: as a member of the pool (with the points only their
/// own note gives), as a trusted person others may be near, and the people
/// their open referrals name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    member: Option<PoolRow>,
    /// Their companies and circles (lowercased), when trusted.
    trusted: Option<(String, Vec<String>)>,
    /// (referred person's note, who referred them).
    refers: Vec<(NotePath, String)>,
    /// A member's company and circles (lowercased).
    places: Vec<(String, String)>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

pub fn part(index: &Index, cadences: &StageCadences, today: NaiveDate, note: &Note, open: &[OpenReferral]) -> Part {
    let Some(person) = note.person() else { return Part::default() };
    let places = || person.company.iter().chain(&person.circles).filter(|c| !c.trim().is_empty());
    let refers = open.iter().filter_map(|r| r.path.clone().map(|p| (p, r.from.clone()))).collect();
    let trusted = (person.stage == Stage::Trusted).then(|| (person.name.clone(), places().map(|c| key(c)).collect()));
    if !in_pool(person, cadences, today) {
        return Part { member: None, trusted, refers, places: Vec::new() };
    }
    let goals = goal_titles(index, person);
    let mut row = PoolRow {
        name: person.name.clone(),
        path: note.path.clone(),
        stage: person.stage,
        company: person.company.clone(),
        met: person.met,
        goals: goals.clone(),
        score: 0,
        reasons: Vec::new(),
    };
    if person.goals.iter().any(|g| index.resolve_goal(&g.target).is_some()) {
        add(&mut row, GOAL, format!("linked to {}", goals.join(", ")));
    }
    if let Some(by) = super::introducer_names(index, person).first() {
        add(&mut row, INTRODUCED, format!("introduced by {by}"));
    }
    let described = !(person.tags.is_empty() && person.circles.is_empty() && person.interests.is_empty());
    if described || person.purpose.is_some() {
        add(&mut row, DESCRIBED, "described by you".to_string());
    }
    if let Some(met) = person.met.filter(|&m| m <= today && days_between(m, today) <= NEW_DAYS) {
        add(&mut row, NEW, format!("new connection ({met})"));
    }
    let places = places().map(|c| (key(c), c.clone())).collect();
    Part { member: Some(row), trusted, refers, places }
}

fn add(row: &mut PoolRow, points: i64, reason: String) {
    row.score += points;
    row.reasons.push(reason);
}

/// The pool from every note's share, in path order: the points that depend
/// on others (referred by someone, near someone trusted) added, then ranked.
pub fn combine<'a>(today: NaiveDate, parts: impl Iterator<Item = &'a Part> + Clone) -> Pool {
    let mut near: HashMap<&str, &str> = HashMap::new();
    let mut referred: HashMap<&NotePath, &str> = HashMap::new();
    for part in parts.clone() {
        if let Some((name, places)) = &part.trusted {
            for place in places {
                near.entry(place).or_insert(name);
            }
        }
        for (path, from) in &part.refers {
            referred.entry(path).or_insert(from);
        }
    }
    let mut rows: Vec<PoolRow> = parts
        .filter_map(|part| {
            let mut row = part.member.clone()?;
            if let Some(by) = referred.get(&row.path) {
                add(&mut row, REFERRED, format!("referred by {by}"));
            }
            let near_by = part.places.iter().find_map(|(k, place)| {
                near.get(k.as_str()).filter(|who| **who != row.name).map(|who| (place.clone(), who.to_string()))
            });
            if let Some((place, who)) = near_by {
                add(&mut row, NEAR_TRUSTED, format!("{place}, like {who} (trusted)"));
            }
            Some(row)
        })
        .collect();
    // Most points, then the most recent connection (none last), then by name.
    rows.sort_by(|a, b| {
        (b.score, b.met.is_some(), b.met, &a.name, &a.path).cmp(&(a.score, a.met.is_some(), a.met, &b.name, &b.path))
    });
    Pool { today, rows, limit: super::Limit::ALL }
}

/// The pool of a whole vault, for one command run.
pub fn pool(index: &Index, cadences: &StageCadences, today: NaiveDate) -> Pool {
    let parts: Vec<Part> = index
        .people()
        .map(|(note, person)| {
            let open = open_referrals_from(index, cadences, today, note, person);
            part(index, cadences, today, note, &open)
        })
        .collect();
    combine(today, parts.iter())
}
