//! The pool: people you have not contacted yet (after a LinkedIn import, a few
//! thousand connections). They are not a to-do list: each week the few most
//! relevant are suggested as first contacts (the "plant"), and the rest are
//! counted. The ranking is documented in the README; the same vault and day
//! always give the same order.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
    pub company: Option<&'static str>,
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
    /// What the points that depend on others were given from: kept so that
    /// `update` can tell which rows a change reaches.
    #[serde(skip)]
    ties: Ties,
}

/// Who each place's trusted person is, and who referred each person (the
/// first in path order), as `combine` finds them in every share.
#[derive(Debug, Clone, PartialEq, Default)]
struct Ties {
    near: HashMap<String, String>,
    referred: HashMap<NotePath, String>,
}

impl Ties {
    fn of<'a>(parts: impl Iterator<Item = &'a Part>) -> Ties {
        let mut ties = Ties::default();
        for part in parts {
            if let Some((name, places)) = &part.trusted {
                for place in places {
                    ties.near.entry(place.clone()).or_insert_with(|| name.clone());
                }
            }
            for (path, from) in &part.refers {
                ties.referred.entry(path.clone()).or_insert_with(|| from.clone());
            }
        }
        ties
    }

    /// A member's row with the points others give: referred, near someone trusted.
    fn row(&self, part: &Part) -> Option<PoolRow> {
        let mut row = part.member.clone()?;
        if let Some(by) = self.referred.get(&row.path) {
            add(&mut row, REFERRED, format!("referred by {by}"));
        }
        let near_by = part.places.iter().find_map(|(k, place)| {
            self.near.get(k).filter(|who| **who != row.name).map(|who| (place.clone(), who.clone()))
        });
        if let Some((place, who)) = near_by {
            add(&mut row, NEAR_TRUSTED, format!("{place}, like {who} (trusted)"));
        }
        Some(row)
    }
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
    let places = || person.company.into_iter().chain(person.circles.iter()).filter(|c| !c.trim().is_empty());
    let refers = open.iter().filter_map(|r| r.path.clone().map(|p| (p, r.from.clone()))).collect();
    let trusted = (person.stage == Stage::Trusted).then(|| (person.name.clone(), places().map(key).collect()));
    if !in_pool(person, cadences, today) {
        return Part { member: None, trusted, refers, places: Vec::new() };
    }
    let goals = goal_titles(index, person);
    let mut row = PoolRow {
        name: person.name.clone(),
        path: note.path.clone(),
        stage: person.stage,
        company: person.company,
        met: person.met,
        goals: goals.clone(),
        score: 0,
        reasons: Vec::new(),
    };
    if person.goals.iter().any(|g| index.resolve_goal(g.target).is_some()) {
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
    let places = places().map(|c| (key(c), c.to_string())).collect();
    Part { member: Some(row), trusted, refers, places }
}

fn add(row: &mut PoolRow, points: i64, reason: String) {
    row.score += points;
    row.reasons.push(reason);
}

/// The pool from every note's share, in path order: the points that depend
/// on others (referred by someone, near someone trusted) added, then ranked.
pub fn combine<'a>(today: NaiveDate, parts: impl Iterator<Item = &'a Part> + Clone) -> Pool {
    let ties = Ties::of(parts.clone());
    let mut rows: Vec<PoolRow> = parts.filter_map(|part| ties.row(part)).collect();
    rows.sort_by(rank);
    Pool { today, rows, limit: super::Limit::ALL, ties }
}

/// Most points, then the most recent connection (none last), then by name
/// (and path: a total order, each person being in the pool once).
fn rank(a: &PoolRow, b: &PoolRow) -> std::cmp::Ordering {
    (b.score, b.met.is_some(), b.met, &a.name, &a.path).cmp(&(a.score, a.met.is_some(), a.met, &b.name, &b.path))
}

/// Bring `pool` up to date after some people's shares changed (`changes`:
/// old, new), all shares being `parts` now, in path order: the rows of the
/// changed members, and of the people whose first referrer changed, are taken
/// out and put back in rank. `None` when someone trusted changed (who is near
/// whom may move for many rows): then combine again. `Some(differs)` else.
pub fn update<'a>(
    pool: &mut Pool,
    changes: &[(&Part, &Part)],
    parts: impl Iterator<Item = (&'a NotePath, &'a Part)> + Clone,
) -> Option<bool> {
    // Who is near whom comes from the trusted people only.
    if changes.iter().any(|(old, new)| old.trusted != new.trusted) {
        return None;
    }
    let mut touched: HashSet<&NotePath> = changes
        .iter()
        .flat_map(|(old, new)| [old, new])
        .filter_map(|part| part.member.as_ref().map(|m| &m.path))
        .collect();
    // The people a changed share refers (or referred): their first referrer, in path order, again.
    let referred: HashSet<&NotePath> = changes
        .iter()
        .filter(|(old, new)| old.refers != new.refers)
        .flat_map(|(old, new)| old.refers.iter().chain(&new.refers).map(|(path, _)| path))
        .collect();
    if !referred.is_empty() {
        let mut first: HashMap<&NotePath, &String> = HashMap::new();
        for (_, part) in parts.clone() {
            for (path, from) in part.refers.iter().filter(|(path, _)| referred.contains(path)) {
                first.entry(path).or_insert(from);
            }
        }
        for path in referred {
            let now = first.get(path).copied();
            if pool.ties.referred.get(path) != now {
                match now {
                    Some(from) => pool.ties.referred.insert(path.clone(), from.clone()),
                    None => pool.ties.referred.remove(path),
                };
                touched.insert(path);
            }
        }
    }
    if touched.is_empty() {
        return Some(false);
    }
    // Taken out in place: the rows keep their allocation between rebuilds.
    let mut out: Vec<PoolRow> = pool.rows.iter().filter(|row| touched.contains(&row.path)).cloned().collect();
    pool.rows.retain(|row| !touched.contains(&row.path));
    let mut back: Vec<PoolRow> = parts
        .filter(|(path, part)| part.member.is_some() && touched.contains(path))
        .filter_map(|(_, part)| pool.ties.row(part))
        .collect();
    for row in &back {
        let at = pool.rows.binary_search_by(|r| rank(r, row)).unwrap_or_else(|at| at);
        pool.rows.insert(at, row.clone());
    }
    out.sort_by(rank);
    back.sort_by(rank);
    Some(out != back)
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
