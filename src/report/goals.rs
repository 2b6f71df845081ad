//! Goal progress: wins counted against each goal's target and pace, the people
//! working for it, and what to do next. Computed exactly as METHOD.md's contract says.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::config::StageCadences;
use crate::index::{contact_dates, Index};
use crate::note::dates::days_between;
use crate::note::{Goal, Note, Purpose, Stage};
use crate::path::NotePath;

/// People linked to a goal with no contact for this many days are listed as quiet.
pub const QUIET_DAYS: i64 = 90;
/// The "recent activity" window of the by-purpose summary.
pub const ACTIVITY_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    Done,
    Overdue,
    Behind,
    OnTrack,
    Ahead,
}

impl GoalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Done => "done",
            GoalStatus::Overdue => "overdue",
            GoalStatus::Behind => "behind",
            GoalStatus::OnTrack => "on-track",
            GoalStatus::Ahead => "ahead",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Win {
    pub date: NaiveDate,
    /// The note the win is logged in (a person's name or a goal's title).
    pub who: String,
    pub path: NotePath,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalPerson {
    pub name: String,
    pub path: NotePath,
    pub stage: Stage,
    pub last_contact: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
}

use super::referrals::open_referrals_from;
pub use super::referrals::OpenReferral;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRow {
    pub title: String,
    pub path: NotePath,
    pub purpose: Option<Purpose>,
    pub target: Option<u32>,
    /// `#win` entries dated on or before today that link the goal.
    pub done: u32,
    /// done / target, as METHOD.md defines it (0.4 means 40%).
    pub percent: Option<f64>,
    /// target × the elapsed fraction of [start, deadline], clamped to 0..1.
    pub expected: Option<f64>,
    pub start: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    /// `None` when pace cannot be judged (no target, or no start or deadline).
    pub status: Option<GoalStatus>,
    /// Names of the people whose `goals` link this goal.
    pub contacts: Vec<String>,
    /// The same people with their stage and dates, by stage then name.
    pub people: Vec<GoalPerson>,
    pub wins: Vec<Win>,
    /// Linked people overdue for a follow-up, most overdue first.
    pub overdue: Vec<String>,
    /// Linked people (not pruned) whose last contact is more than `QUIET_DAYS`
    /// days ago, unless already in `overdue`.
    pub quiet: Vec<String>,
    /// Linked people (not pruned) never contacted yet, unless already in
    /// `overdue` or `open_referrals`.
    pub not_contacted: Vec<String>,
    pub open_referrals: Vec<OpenReferral>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurposeActivity {
    /// `None`: goals without a purpose.
    pub purpose: Option<Purpose>,
    pub goals: usize,
    pub done: u32,
    pub target: u32,
    /// Wins for these goals in the last `ACTIVITY_DAYS` days.
    pub recent_wins: usize,
    /// Contacts (log entries) in the last `ACTIVITY_DAYS` days with people of this purpose.
    pub recent_contacts: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalsReport {
    pub today: NaiveDate,
    /// By title, then path.
    pub goals: Vec<GoalRow>,
    pub by_purpose: Vec<PurposeActivity>,
    /// How much pages show (see `Limit`).
    #[serde(skip)]
    pub limit: super::Limit,
}

/// The elapsed fraction of [start, deadline] on `today`, clamped to 0..1.
pub fn elapsed_fraction(start: NaiveDate, deadline: NaiveDate, today: NaiveDate) -> Option<f64> {
    let total = days_between(start, deadline);
    if total < 0 {
        return None;
    }
    if total == 0 {
        return Some(if today >= deadline { 1.0 } else { 0.0 });
    }
    Some((days_between(start, today) as f64 / total as f64).clamp(0.0, 1.0))
}

pub fn expected(goal: &Goal, today: NaiveDate) -> Option<f64> {
    let fraction = elapsed_fraction(goal.start?, goal.deadline?, today)?;
    Some(f64::from(goal.target?) * fraction)
}

pub fn status(
    done: u32,
    target: Option<u32>,
    expected: Option<f64>,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<GoalStatus> {
    if target.is_some_and(|t| done >= t) {
        return Some(GoalStatus::Done);
    }
    if deadline.is_some_and(|d| today > d) {
        return Some(GoalStatus::Overdue);
    }
    let expected = expected?;
    let done = f64::from(done);
    Some(if done < expected.floor() {
        GoalStatus::Behind
    } else if done > expected.ceil() {
        GoalStatus::Ahead
    } else {
        GoalStatus::OnTrack
    })
}

/// One note's share of the goals report: its wins, and for a person, where
/// they stand with the goals they link.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// `#win` entries dated on or before today, under each goal they link (once per goal).
    wins: Vec<(NotePath, Win)>,
    person: Option<Linked>,
}

#[derive(Debug, Clone, PartialEq)]
struct Linked {
    /// The goals the person links, resolved, by path, each once.
    goals: Vec<NotePath>,
    person: GoalPerson,
    purpose: Option<Purpose>,
    /// Log entries in the last `ACTIVITY_DAYS` days.
    recent_contacts: usize,
    open_referrals: Vec<OpenReferral>,
}

pub fn goals(index: &Index, cadences: &StageCadences, today: NaiveDate) -> GoalsReport {
    let parts: Vec<Part> = index
        .notes()
        .map(|note| {
            let open = note.person().map(|p| open_referrals_from(index, cadences, today, note, p)).unwrap_or_default();
            part(index, cadences, today, note, &open)
        })
        .collect();
    combine(index, today, parts.iter())
}

/// `open`: the person's open referrals (see `open_referrals_from`).
pub fn part(index: &Index, cadences: &StageCadences, today: NaiveDate, note: &Note, open: &[OpenReferral]) -> Part {
    let mut wins = Vec::new();
    // A dated note's #win line counts once, as that note's, not again for each person it links.
    for entry in note.log().iter().filter(|e| e.date <= today && e.has_tag("win") && e.source().is_none()) {
        let mut goals: Vec<&NotePath> =
            entry.links().text_ids().filter_map(|l| index.goal_by_id(l)).map(|(n, _)| &n.path).collect();
        goals.sort();
        goals.dedup();
        for goal in goals {
            let win = Win {
                date: entry.date,
                who: note.display_name().to_string(),
                path: note.path.clone(),
                text: entry.text().to_string(),
            };
            wins.push((goal.clone(), win));
        }
    }
    let person = note.person().map(|person| {
        let mut goals: Vec<NotePath> =
            person.goals.iter().filter_map(|g| index.resolve_goal(g.target)).map(|(n, _)| n.path.clone()).collect();
        goals.sort();
        goals.dedup();
        let dates = contact_dates(person, cadences, today);
        let recent = |date: NaiveDate| date <= today && days_between(date, today) < ACTIVITY_DAYS;
        Linked {
            person: GoalPerson {
                name: person.name.clone(),
                path: note.path.clone(),
                stage: person.stage,
                last_contact: dates.last_contact,
                days_overdue: dates.days_overdue,
            },
            open_referrals: if goals.is_empty() { Vec::new() } else { open.to_vec() },
            goals,
            purpose: person.purpose,
            recent_contacts: person.log.iter().filter(|e| recent(e.date)).count(),
        }
    });
    Part { wins, person }
}

/// The report from every note's part, in path order.
pub fn combine<'a>(index: &Index, today: NaiveDate, parts: impl Iterator<Item = &'a Part> + Clone) -> GoalsReport {
    let mut rows = rows(index, today, parts.clone(), |_| true);
    rows.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.path.cmp(&b.path)));
    let by_purpose = by_purpose(&rows, parts, today);
    GoalsReport { today, goals: rows, by_purpose, limit: super::Limit::ALL }
}

/// Compute again the rows of the goals in `changed`, whose notes are the same
/// as when `report` was made (only what counts toward them changed), and the
/// summary by purpose. Says whether the report reads differently now.
pub fn refresh<'a>(
    report: &mut GoalsReport,
    index: &Index,
    parts: impl Iterator<Item = &'a Part> + Clone,
    changed: &BTreeSet<&NotePath>,
) -> bool {
    let mut differs = false;
    for row in rows(index, report.today, parts.clone(), |path| changed.contains(path)) {
        if let Some(old) = report.goals.iter_mut().find(|g| g.path == row.path).filter(|old| **old != row) {
            *old = row;
            differs = true;
        }
    }
    let by_purpose = by_purpose(&report.goals, parts, report.today);
    differs |= by_purpose != report.by_purpose;
    report.by_purpose = by_purpose;
    differs
}

impl Part {
    /// The goals this note's share counts toward: those its wins link, and
    /// for a person, those they link.
    pub fn goal_paths(&self) -> impl Iterator<Item = &NotePath> {
        self.wins.iter().map(|(goal, _)| goal).chain(self.person.iter().flat_map(|p| p.goals.iter()))
    }
}

/// The rows of the goals `wanted`, in path order.
fn rows<'a>(
    index: &Index,
    today: NaiveDate,
    parts: impl Iterator<Item = &'a Part>,
    wanted: impl Fn(&NotePath) -> bool,
) -> Vec<GoalRow> {
    let mut wins: BTreeMap<&NotePath, Vec<Win>> = BTreeMap::new();
    let mut people: BTreeMap<&NotePath, Vec<&Linked>> = BTreeMap::new();
    for part in parts {
        for (goal, win) in part.wins.iter().filter(|(goal, _)| wanted(goal)) {
            wins.entry(goal).or_default().push(win.clone());
        }
        if let Some(linked) = &part.person {
            for goal in linked.goals.iter().filter(|goal| wanted(goal)) {
                people.entry(goal).or_default().push(linked);
            }
        }
    }
    index
        .goals()
        .filter(|(note, _)| wanted(&note.path))
        .map(|(note, goal)| {
            let mut goal_wins = wins.remove(&note.path).unwrap_or_default();
            goal_wins.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
            let linked = people.get(&note.path).map(Vec::as_slice).unwrap_or(&[]);
            goal_row(today, note, goal, goal_wins, linked)
        })
        .collect()
}

fn goal_row(today: NaiveDate, note: &Note, goal: &Goal, wins: Vec<Win>, linked: &[&Linked]) -> GoalRow {
    let done = u32::try_from(wins.len()).unwrap_or(u32::MAX);
    let expected = expected(goal, today);
    let mut people: Vec<GoalPerson> = linked.iter().map(|l| l.person.clone()).collect();
    people.sort_by(|a, b| stage_order(b.stage).cmp(&stage_order(a.stage)).then_with(|| a.name.cmp(&b.name)));
    let mut contacts: Vec<String> = linked.iter().map(|l| l.person.name.clone()).collect();
    contacts.sort();
    let mut overdue: Vec<&GoalPerson> = people.iter().filter(|p| p.days_overdue.is_some_and(|d| d > 0)).collect();
    overdue.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then_with(|| a.name.cmp(&b.name)));
    let mut open_referrals: Vec<OpenReferral> = linked.iter().flat_map(|l| l.open_referrals.iter().cloned()).collect();
    open_referrals.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    // Each person is one next step: a follow-up already says "overdue", a referral "follow through".
    // (Sets of names: a goal linked by hundreds of people has hundreds of each.)
    let overdue_names: HashSet<&str> = overdue.iter().map(|o| o.name.as_str()).collect();
    let referred_names: HashSet<&str> = open_referrals.iter().map(|r| r.name.as_str()).collect();
    let waiting = |p: &&GoalPerson| p.stage != Stage::Pruned && !overdue_names.contains(p.name.as_str());
    let quiet = people
        .iter()
        .filter(waiting)
        .filter(|p| p.last_contact.is_some_and(|last| days_between(last, today) > QUIET_DAYS))
        .map(|p| p.name.clone())
        .collect();
    let not_contacted = people
        .iter()
        .filter(waiting)
        .filter(|p| p.last_contact.is_none() && !referred_names.contains(p.name.as_str()))
        .map(|p| p.name.clone())
        .collect();
    GoalRow {
        title: goal.title.clone(),
        path: note.path.clone(),
        purpose: goal.purpose,
        target: goal.target,
        done,
        percent: goal.target.map(|t| f64::from(done) / f64::from(t)),
        expected,
        start: goal.start,
        deadline: goal.deadline,
        status: status(done, goal.target, expected, goal.deadline, today),
        contacts,
        overdue: overdue.iter().map(|p| p.name.clone()).collect(),
        quiet,
        not_contacted,
        open_referrals,
        people,
        wins,
    }
}

/// Trusted first: the people most able to help.
fn stage_order(stage: Stage) -> u8 {
    match stage {
        Stage::Trusted => 3,
        Stage::Growing => 2,
        Stage::Seed => 1,
        Stage::Pruned => 0,
    }
}

/// Goals, wins and recent contacts by purpose; contacts are counted from every person's share.
fn by_purpose<'a>(rows: &[GoalRow], parts: impl Iterator<Item = &'a Part>, today: NaiveDate) -> Vec<PurposeActivity> {
    let recent = |date: NaiveDate| date <= today && days_between(date, today) < ACTIVITY_DAYS;
    let recent_contacts: Vec<(Option<Purpose>, usize)> =
        parts.filter_map(|p| p.person.as_ref()).map(|l| (l.purpose, l.recent_contacts)).collect();
    [Some(Purpose::People), Some(Purpose::Leads), None]
        .into_iter()
        .map(|purpose| {
            let goals: Vec<&GoalRow> = rows.iter().filter(|g| g.purpose == purpose).collect();
            let recent_contacts = recent_contacts.iter().filter(|(p, _)| *p == purpose).map(|(_, n)| n).sum();
            PurposeActivity {
                purpose,
                goals: goals.len(),
                done: goals.iter().map(|g| g.done).sum(),
                target: goals.iter().filter_map(|g| g.target).sum(),
                recent_wins: goals.iter().map(|g| g.wins.iter().filter(|w| recent(w.date)).count()).sum(),
                recent_contacts,
            }
        })
        .filter(|a| a.goals > 0 || a.recent_contacts > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn elapsed_fraction_edges() {
        let (start, deadline) = (d("2026-01-01"), d("2026-01-11"));
        assert_eq!(elapsed_fraction(start, deadline, d("2025-12-01")), Some(0.0));
        assert_eq!(elapsed_fraction(start, deadline, start), Some(0.0));
        assert_eq!(elapsed_fraction(start, deadline, d("2026-01-06")), Some(0.5));
        assert_eq!(elapsed_fraction(start, deadline, deadline), Some(1.0));
        assert_eq!(elapsed_fraction(start, deadline, d("2027-01-01")), Some(1.0));
        assert_eq!(elapsed_fraction(deadline, start, deadline), None);
        assert_eq!(elapsed_fraction(start, start, start), Some(1.0));
        assert_eq!(elapsed_fraction(start, start, d("2025-12-31")), Some(0.0));
    }

    #[test]
    fn status_rules() {
        let today = d("2026-06-01");
        let deadline = Some(d("2026-12-31"));
        assert_eq!(status(5, Some(5), Some(2.0), deadline, today), Some(GoalStatus::Done));
        assert_eq!(status(6, Some(5), None, None, today), Some(GoalStatus::Done));
        assert_eq!(status(1, Some(5), Some(5.0), Some(d("2026-05-31")), today), Some(GoalStatus::Overdue));
        // On the deadline day itself the goal is not yet overdue.
        assert_eq!(status(1, Some(5), Some(5.0), Some(today), today), Some(GoalStatus::Behind));
        assert_eq!(status(1, Some(5), Some(2.5), deadline, today), Some(GoalStatus::Behind));
        assert_eq!(status(2, Some(5), Some(2.5), deadline, today), Some(GoalStatus::OnTrack));
        assert_eq!(status(3, Some(5), Some(2.5), deadline, today), Some(GoalStatus::OnTrack));
        assert_eq!(status(4, Some(5), Some(2.5), deadline, today), Some(GoalStatus::Ahead));
        assert_eq!(status(2, Some(5), Some(2.0), deadline, today), Some(GoalStatus::OnTrack));
        assert_eq!(status(3, Some(5), Some(2.0), deadline, today), Some(GoalStatus::Ahead));
        assert_eq!(status(0, Some(5), Some(0.0), deadline, today), Some(GoalStatus::OnTrack));
        assert_eq!(status(1, Some(5), None, deadline, today), None);
        assert_eq!(status(1, None, None, Some(d("2026-01-01")), today), Some(GoalStatus::Overdue));
    }
}
