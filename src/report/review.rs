//! The Friday review: the few people to write to this week, each with the
//! reasons they were picked and an opener. The scoring is documented in the
//! README; the same vault and day always give the same picks.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

use super::goals::{GoalStatus, GoalsReport};
use super::referrals::open_referrals;
use crate::config::Settings;
use crate::index::{contact_dates, Index};
use crate::note::dates::days_between;
use crate::note::{Kind, NoteBody, Person, Stage};
use crate::path::NotePath;

/// Points, documented in the README ("How `kith review` picks").
pub const OVERDUE_DAY: i64 = 1;
pub const OVERDUE_CAP: i64 = 60;
pub const DUE_SOON: i64 = 5;
pub const NOT_CONTACTED: i64 = 8;
pub const SEED: i64 = 10;
pub const GROWING: i64 = 5;
pub const GOAL_BEHIND: i64 = 20;
pub const OPEN_REFERRAL: i64 = 20;
pub const FAVOUR_OWED: i64 = 15;
pub const DATE_SOON: i64 = 15;
/// Picked in the last review and still not contacted: the score is divided by this.
pub const ROTATION_DIVISOR: i64 = 4;
/// Someone you talked to this recently is never picked.
pub const RECENT_DAYS: i64 = 7;
/// A review older than this no longer affects rotation.
pub const ROTATION_WINDOW_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pick {
    pub name: String,
    pub path: NotePath,
    pub score: i64,
    pub reasons: Vec<String>,
    pub opener: String,
    #[serde(skip)]
    pub email: Option<String>,
    /// For ties: the most recently met first, as the pool ranks.
    #[serde(skip)]
    pub met: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewReport {
    pub today: NaiveDate,
    /// ISO week, like `2026-W48`.
    pub week: String,
    pub picks: Vec<Pick>,
    /// The previous review this one rotated against, if any.
    pub previous: Option<NaiveDate>,
    /// People with a contact already planned (never picked), soonest first.
    pub planned: Vec<PlannedContact>,
    pub numbers: WeekNumbers,
}

/// A contact planned after today: a log entry dated later.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedContact {
    pub name: String,
    pub path: NotePath,
    pub date: NaiveDate,
}

/// The week in numbers, for the review note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekNumbers {
    /// Log entries dated in the last 7 days, in people's notes.
    pub contacts: usize,
    /// Wins dated in the last 7 days.
    pub wins: usize,
    pub goals: Vec<GoalPace>,
}

/// One goal's standing, for the review note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalPace {
    pub title: String,
    pub status: &'static str,
    pub done: u32,
    pub target: Option<u32>,
    pub expected: Option<f64>,
}

pub fn iso_week(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// The latest review before today, within the rotation window: its day and picks.
fn previous_review(index: &Index, today: NaiveDate) -> Option<(NaiveDate, BTreeSet<NotePath>)> {
    let (date, picks) = index
        .notes()
        .filter_map(|n| match &n.body {
            NoteBody::Review(r) => r.date.map(|d| (d, &r.picks)),
            _ => None,
        })
        .filter(|(d, _)| *d < today && days_between(*d, today) <= ROTATION_WINDOW_DAYS)
        .max_by_key(|(d, _)| *d)?;
    let paths = picks
        .iter()
        .filter_map(|p| index.resolve(p.target, Some(Kind::Person)).first())
        .map(|n| n.path.clone())
        .collect();
    Some((date, paths))
}

pub fn review(index: &Index, settings: &Settings, goals: &GoalsReport, today: NaiveDate, count: usize) -> ReviewReport {
    let previous = previous_review(index, today);
    let behind: Vec<(&NotePath, &str, &str)> = goals
        .goals
        .iter()
        .filter_map(|g| match g.status {
            Some(GoalStatus::Behind) => Some((&g.path, g.title.as_str(), "behind pace")),
            Some(GoalStatus::Overdue) => Some((&g.path, g.title.as_str(), "past its deadline")),
            _ => None,
        })
        .collect();
    let referred = referred_people(index, settings, today);
    let mut picks: Vec<Pick> = index
        .people()
        .filter_map(|(note, person)| {
            // `referred` is sorted by path: this person's referrals are one run of it.
            let start = referred.partition_point(|r| r.0 < note.path);
            let theirs = referred[start..].iter().take_while(|r| r.0 == note.path);
            let mut candidate = score(index, settings, today, person, &behind, theirs)?;
            if let Some((date, picked)) = &previous {
                if picked.contains(&note.path) {
                    let last = contact_dates(person, &settings.cadence, today).last_contact;
                    if last.is_some_and(|l| l >= *date) {
                        return None;
                    }
                    candidate.score /= ROTATION_DIVISOR;
                    candidate.reasons.push(format!(
                        "picked in the review of {date} and not contacted since: others get a turn first"
                    ));
                }
            }
            Some(Pick {
                name: person.name.clone(),
                path: note.path.clone(),
                score: candidate.score,
                opener: opener(person, &candidate),
                reasons: candidate.reasons,
                email: person.email().map(str::to_string),
                met: person.met,
            })
        })
        .collect();
    // Ties as the pool ranks them (`kith pool`): the most recently met first
    // (none last), then by name; so among thousands of imported connections
    // the review picks those the pool suggests, not the first in the alphabet.
    picks.sort_by(|a, b| {
        (b.score, b.met.is_some(), b.met, &a.name, &a.path).cmp(&(a.score, a.met.is_some(), a.met, &b.name, &b.path))
    });
    picks.truncate(count);
    let mut planned: Vec<PlannedContact> = index
        .people()
        .filter(|(_, person)| person.stage != Stage::Pruned)
        .filter_map(|(note, person)| {
            let date = contact_dates(person, &settings.cadence, today).planned?;
            Some(PlannedContact { name: person.name.clone(), path: note.path.clone(), date })
        })
        .collect();
    planned.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)).then_with(|| a.path.cmp(&b.path)));
    let in_week = |d: NaiveDate| d <= today && days_between(d, today) < 7;
    let numbers = WeekNumbers {
        contacts: index.people().map(|(_, p)| p.log.iter().filter(|e| in_week(e.date)).count()).sum(),
        wins: goals.goals.iter().flat_map(|g| &g.wins).filter(|w| in_week(w.date)).count(),
        goals: goals
            .goals
            .iter()
            .map(|g| GoalPace {
                title: g.title.clone(),
                status: g.status.map_or("no pace", GoalStatus::as_str),
                done: g.done,
                target: g.target,
                expected: g.expected,
            })
            .collect(),
    };
    ReviewReport { today, week: iso_week(today), picks, previous: previous.map(|(d, _)| d), planned, numbers }
}

/// What kind of reason weighs most, for the opener.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Hook {
    Overdue { last: Option<NaiveDate> },
    NotContacted,
    Goal(String),
    Referral { by: String },
    Favour { got: NaiveDate },
    Date { label: String },
}

struct Candidate {
    score: i64,
    reasons: Vec<String>,
    hook: (i64, Hook),
}

impl Candidate {
    fn add(&mut self, points: i64, reason: String, hook: Option<Hook>) {
        self.score += points;
        self.reasons.push(reason);
        if let Some(hook) = hook {
            if points > self.hook.0 {
                self.hook = (points, hook);
            }
        }
    }
}

fn score<'a>(
    index: &Index,
    settings: &Settings,
    today: NaiveDate,
    person: &Person,
    behind: &[(&NotePath, &str, &str)],
    referrals: impl Iterator<Item = &'a (NotePath, String, NaiveDate)>,
) -> Option<Candidate> {
    if person.stage == Stage::Pruned {
        return None;
    }
    let dates = contact_dates(person, &settings.cadence, today);
    if dates.last_contact.is_some_and(|l| days_between(l, today) < RECENT_DAYS) || dates.planned.is_some() {
        return None;
    }
    let mut c = Candidate { score: 0, reasons: Vec::new(), hook: (0, Hook::Overdue { last: dates.last_contact }) };
    let rule = dates.cadence.map(|cadence| format!("every {cadence}")).unwrap_or_default();
    match dates.days_overdue {
        Some(d) if d > 0 => c.add(
            (d * OVERDUE_DAY).min(OVERDUE_CAP),
            format!("{} overdue ({rule})", super::plural(d, "day", "days")),
            Some(Hook::Overdue { last: dates.last_contact }),
        ),
        Some(d) if d >= -7 => c.add(
            DUE_SOON,
            if d == 0 { "due today".to_string() } else { format!("due in {}", super::plural(-d, "day", "days")) },
            Some(Hook::Overdue { last: dates.last_contact }),
        ),
        _ => {}
    }
    if dates.not_yet_contacted() {
        c.add(NOT_CONTACTED, "not contacted yet".to_string(), Some(Hook::NotContacted));
    }
    for (_, by, date) in referrals {
        c.add(
            OPEN_REFERRAL,
            format!("referred by {by} on {date}; not contacted since"),
            Some(Hook::Referral { by: by.clone() }),
        );
    }
    if let Some(got) = favour_owed(person) {
        c.add(
            FAVOUR_OWED,
            format!("you owe them: they helped on {got} (#got) and nothing was given since"),
            Some(Hook::Favour { got }),
        );
    }
    let yearly = person
        .birthday
        .iter()
        .map(|b| ("birthday".to_string(), b))
        .chain(person.dates.iter().map(|(n, d)| (n.clone(), d)));
    for (label, date) in yearly {
        if let Some(next) = date.next_on_or_after(today).filter(|n| days_between(today, *n) <= 7) {
            c.add(DATE_SOON, format!("{label} on {next}: a good reason to write"), Some(Hook::Date { label }));
        }
    }
    if c.reasons.is_empty() {
        return None;
    }
    // Weights that only add to someone who already needs a note.
    match person.stage {
        Stage::Seed => c.add(SEED, "a seed: new relationships need feeding".to_string(), None),
        Stage::Growing => c.add(GROWING, "growing: keep it warm".to_string(), None),
        Stage::Trusted | Stage::Pruned => {}
    }
    let mut goal_points = 0;
    for goal in person.goals.iter() {
        let Some((note, _)) = index.resolve_goal(goal.target) else { continue };
        if let Some((_, title, state)) = behind.iter().find(|(p, _, _)| **p == note.path) {
            if goal_points < 2 * GOAL_BEHIND {
                goal_points += GOAL_BEHIND;
                c.add(
                    GOAL_BEHIND,
                    format!("works for \"{title}\", which is {state}"),
                    Some(Hook::Goal(title.to_string())),
                );
            }
        }
    }
    Some(c)
}

/// The last `#got` with no `#gave` on or after it.
fn favour_owed(person: &Person) -> Option<NaiveDate> {
    let last = |tag: &str| person.log.iter().filter(|e| e.has_tag(tag)).map(|e| e.date).max();
    let got = last("got")?;
    match last("gave") {
        Some(gave) if gave >= got => None,
        _ => Some(got),
    }
}

/// (referred person's path, who referred them, when) for referrals not followed up, sorted.
fn referred_people(index: &Index, settings: &Settings, today: NaiveDate) -> Vec<(NotePath, String, NaiveDate)> {
    let mut out: Vec<(NotePath, String, NaiveDate)> = open_referrals(index, &settings.cadence, today)
        .into_iter()
        .filter_map(|r| r.path.map(|path| (path, r.from, r.date)))
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

fn opener(person: &Person, c: &Candidate) -> String {
    let first = person.name.split_whitespace().next().unwrap_or(&person.name);
    match &c.hook.1 {
        Hook::Date { label } if label == "birthday" => format!("Hi {first}, happy early birthday! I hope the year ahead is a great one."),
        Hook::Date { label } => format!("Hi {first}, congratulations on your {label}! It made me think of you."),
        Hook::Favour { got } => format!(
            "Hi {first}, thank you again for your help in {}. I came across something I think you'd find useful and wanted to pass it on.",
            got.format("%B")
        ),
        Hook::Referral { by } => format!("Hi {first}, {by} suggested we get in touch. I'd love to hear about your work and share a little about mine."),
        Hook::Goal(goal) => format!("Hi {first}, I'm working toward \"{goal}\" and would really value your perspective on it."),
        Hook::NotContacted => format!("Hi {first}, I've wanted to reach out for a while: I'd love to introduce myself and learn about what you're working on."),
        Hook::Overdue { last: Some(last) } => format!(
            "Hi {first}, it's been a while since we last spoke in {}. I'd love to catch up and hear what you're working on.",
            last.format("%B %Y")
        ),
        Hook::Overdue { last: None } => format!("Hi {first}, I'd love to catch up and hear what you're working on."),
    }
}
