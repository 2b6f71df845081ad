//! The goal-progress report as terminal text and as a markdown page.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::escape::md_text;
use super::{more_md, or_dash, plural, Limit, Linker};
use crate::note::Note;
use crate::note::Stage;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;
use crate::report::goals::{
    GoalPerson, GoalRow, GoalStatus, GoalsReport, PurposeActivity, Win, ACTIVITY_DAYS, QUIET_DAYS,
};

/// What a goal card shows unless everything is: names per stage, latest wins, next steps.
pub const CARD_NAMES: usize = 5;
pub const CARD_WINS: usize = 5;
pub const CARD_NEXT: usize = 10;
/// Where a goal's every person, win and step is.
pub const ALL: &str = "`kith goals --all` or goals.json has them all";

pub fn status_word(goal: &GoalRow) -> &'static str {
    goal.status.map_or("no pace", GoalStatus::as_str)
}

pub fn progress(goal: &GoalRow) -> String {
    match (goal.target, goal.percent) {
        (Some(target), Some(p)) => format!("{}/{target} ({:.0}%)", goal.done, p * 100.0),
        _ => format!("{} (no target)", goal.done),
    }
}

pub fn expected_text(goal: &GoalRow) -> String {
    goal.expected.map_or_else(|| "—".to_string(), |e| format!("{e:.1}"))
}

fn paint_status(palette: &Palette, goal: &GoalRow) -> String {
    let word = status_word(goal);
    match goal.status {
        Some(GoalStatus::Done | GoalStatus::Ahead) => palette.good(word),
        Some(GoalStatus::OnTrack) => palette.accent(word),
        Some(GoalStatus::Behind | GoalStatus::Overdue) => palette.bad(word),
        None => palette.dim(word),
    }
}

/// A goal's people of one stage: how many, and the first few.
pub struct StageGroup<'a> {
    pub stage: Stage,
    pub count: usize,
    pub people: Vec<&'a GoalPerson>,
}

impl StageGroup<'_> {
    /// `A, B, C and 12 more`.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.people.iter().map(|p| p.name.as_str()).collect();
        format!("{}{}", names.join(", "), and_more(self.count - self.people.len()))
    }
}

/// ` and 12 more`, or nothing.
pub fn and_more(hidden: usize) -> String {
    if hidden > 0 {
        format!(" and {hidden} more")
    } else {
        String::new()
    }
}

/// People grouped by stage, most trusted first (`growing (2): A, B`), at most
/// `CARD_NAMES` names a stage unless `limit` shows everything.
pub fn by_stage(goal: &GoalRow, limit: Limit) -> Vec<StageGroup<'_>> {
    let limit = limit.at_most(CARD_NAMES);
    let mut groups: Vec<StageGroup<'_>> = Vec::new();
    for person in &goal.people {
        match groups.last_mut() {
            Some(group) if group.stage == person.stage => group.count += 1,
            _ => groups.push(StageGroup { stage: person.stage, count: 1, people: Vec::new() }),
        }
        let group = groups.last_mut().expect("just pushed");
        if limit.0.is_none_or(|n| group.people.len() < n) {
            group.people.push(person);
        }
    }
    groups
}

/// The latest wins (in date order) and how many earlier ones are left out.
pub fn latest_wins(goal: &GoalRow, limit: Limit) -> (&[Win], usize) {
    limit.at_most(CARD_WINS).split_last(&goal.wins)
}

pub fn purpose_label(a: &PurposeActivity) -> &'static str {
    a.purpose.map_or("no purpose", |p| p.as_str())
}

pub fn text(out: &mut dyn Write, report: &GoalsReport, palette: &Palette) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "{}", palette.heading(&format!("Goals: {} (today {})", report.goals.len(), report.today)))?;
    if report.goals.is_empty() {
        writeln!(out, "  No goals yet. Add a note under goals/ with a title, target, start and deadline.")?;
        return Ok(());
    }
    let rows: Vec<Vec<Cell>> = report
        .goals
        .iter()
        .map(|g| {
            vec![
                Cell::styled(status_word(g), paint_status(palette, g)),
                Cell::new(&g.title),
                Cell::new(progress(g)),
                Cell::new(format!("expected {}", expected_text(g))),
                Cell::new(format!("deadline {}", or_dash(g.deadline))),
                Cell::styled(g.purpose.map_or("", |p| p.as_str()), palette.dim(g.purpose.map_or("", |p| p.as_str()))),
            ]
        })
        .collect();
    table::write(out, "  ", &rows)?;
    for goal in &report.goals {
        writeln!(out)?;
        writeln!(out, "{}  {}", palette.heading(&goal.title), paint_status(palette, goal))?;
        let people: Vec<String> = by_stage(goal, limit)
            .iter()
            .map(|g| format!("{} ({}): {}", g.stage.as_str(), g.count, g.names()))
            .collect();
        writeln!(
            out,
            "  people   {}",
            if people.is_empty() { "nobody linked yet".to_string() } else { people.join(" · ") }
        )?;
        if goal.wins.is_empty() {
            writeln!(out, "  wins     none yet")?;
        }
        let (wins, hidden) = latest_wins(goal, limit);
        if hidden > 0 {
            writeln!(out, "  wins     {}", palette.dim(&format!("{hidden} earlier, then:")))?;
        }
        for (i, win) in wins.iter().enumerate() {
            let label = if i == 0 && hidden == 0 { "wins" } else { "" };
            writeln!(out, "  {label:<8} {}  {}: {}", palette.dim(&win.date.to_string()), win.who, tidy_win(&win.text))?;
        }
        let (steps, hidden) = next_steps(goal, limit);
        for line in steps {
            writeln!(out, "  {:<8} {line}", "next")?;
        }
        if hidden > 0 {
            writeln!(out, "  {:<8} {}", "", palette.dim(&format!("…and {hidden} more: kith goals --all")))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", palette.heading(&format!("By purpose (wins and contacts in the last {ACTIVITY_DAYS} days)")))?;
    let rows: Vec<Vec<Cell>> = report
        .by_purpose
        .iter()
        .map(|a| {
            vec![
                Cell::new(purpose_label(a)),
                Cell::new(plural(a.goals, "goal", "goals")),
                Cell::new(format!("{}/{} done", a.done, a.target)),
                Cell::new(plural(a.recent_wins, "win", "wins")),
                Cell::new(plural(a.recent_contacts, "contact", "contacts")),
            ]
        })
        .collect();
    table::write(out, "  ", &rows)
}

/// A win's text as a card shows it: the link after `#win` (the goal the card
/// is about) and every `#tag` left out, other links as their shown text.
pub fn tidy_win(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let before = &rest[..open];
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else { break };
        let inner = &after[..close];
        let own_goal = before.trim_end().to_lowercase().ends_with("#win");
        out.push_str(before);
        if !own_goal {
            out.push_str(inner.rsplit('|').next().unwrap_or(inner));
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    let words: Vec<&str> = out.split_whitespace().filter(|w| !is_tag(w)).collect();
    let tidy = words.join(" ");
    if tidy.is_empty() {
        "(no description)".to_string()
    } else {
        tidy
    }
}

/// `#got`, `#win`, `#intro`…: a word that is a tag (not `#1`).
fn is_tag(word: &str) -> bool {
    word.strip_prefix('#').is_some_and(|t| t.chars().next().is_some_and(char::is_alphabetic))
}

/// What to do next for a goal, as plain sentences, most pressing first: the
/// first `CARD_NEXT` (unless `limit` shows everything) and how many are left out.
pub fn next_steps(goal: &GoalRow, limit: Limit) -> (Vec<String>, usize) {
    let card = limit.at_most(CARD_NEXT);
    let (overdue, _) = card.split(&goal.overdue);
    let mut steps = Vec::new();
    for name in overdue {
        let days = goal.people.iter().find(|p| &p.name == name).and_then(|p| p.days_overdue).unwrap_or(0);
        steps.push(format!("follow up with {name} ({} overdue)", super::plural(days, "day", "days")));
    }
    if !goal.quiet.is_empty() {
        let (quiet, hidden) = limit.at_most(CARD_NAMES).split(&goal.quiet);
        steps.push(format!("no contact in {QUIET_DAYS}+ days: {}{}", quiet.join(", "), and_more(hidden)));
    }
    if !goal.not_contacted.is_empty() {
        let (names, hidden) = limit.at_most(CARD_NAMES).split(&goal.not_contacted);
        steps.push(format!("make first contact: {}{}", names.join(", "), and_more(hidden)));
    }
    let (referrals, _) = card.split(&goal.open_referrals);
    for r in referrals {
        steps.push(format!("follow through on {} (referred by {} on {})", r.name, r.from, r.date));
    }
    let total = goal.overdue.len()
        + usize::from(!goal.quiet.is_empty())
        + usize::from(!goal.not_contacted.is_empty())
        + goal.open_referrals.len();
    steps.truncate(card.0.unwrap_or(usize::MAX));
    let hidden = total - steps.len();
    (steps, hidden)
}

pub fn markdown(out: &mut dyn Write, report: &GoalsReport, links: &Linker) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "# Goals on {}", report.today)?;
    writeln!(out)?;
    if report.goals.is_empty() {
        writeln!(out, "No goals yet. Add a note under `goals/` with a title, target, start and deadline.")?;
        return Ok(());
    }
    writeln!(out, "| Goal | Status | Done | Target | % | Expected by today | Deadline | Purpose |")?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---|---|")?;
    for g in &report.goals {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            links.link(&g.path, &g.title, true),
            status_word(g),
            g.done,
            or_dash(g.target),
            g.percent.map_or_else(|| "—".to_string(), |p| format!("{:.0}%", p * 100.0)),
            expected_text(g),
            or_dash(g.deadline),
            g.purpose.map_or("", |p| p.as_str())
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## By purpose")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Purpose | Goals | Done | Target | Wins ({ACTIVITY_DAYS} days) | Contacts ({ACTIVITY_DAYS} days) |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for a in &report.by_purpose {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            purpose_label(a),
            a.goals,
            a.done,
            a.target,
            a.recent_wins,
            a.recent_contacts
        )?;
    }
    for goal in &report.goals {
        writeln!(out)?;
        writeln!(out, "## {}", md_text(&goal.title))?;
        writeln!(out)?;
        let pace = match (goal.expected, goal.deadline) {
            (Some(e), Some(d)) => format!(", {e:.1} expected by today, deadline {d}"),
            (None, Some(d)) => format!(", deadline {d}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "**{}**: {}{pace}. Note: {}",
            status_word(goal),
            progress(goal),
            links.link(&goal.path, &goal.title, false)
        )?;
        writeln!(out)?;
        writeln!(out, "### People")?;
        writeln!(out)?;
        let groups = by_stage(goal, limit);
        if groups.is_empty() {
            writeln!(out, "Nobody is linked to this goal yet: add it to people's `goals:`.")?;
        }
        for group in &groups {
            let names: Vec<String> = group.people.iter().map(|p| links.link(&p.path, &p.name, false)).collect();
            let more = and_more(group.count - group.people.len());
            writeln!(out, "- **{}** ({}): {}{more}", group.stage.as_str(), group.count, names.join(", "))?;
        }
        writeln!(out)?;
        writeln!(out, "### Wins")?;
        writeln!(out)?;
        if goal.wins.is_empty() {
            // The title when a link can hold it (it resolves as an alias), else the file name.
            let ok = |t: &&str| super::escape::wikilink_target_ok(t) && !t.contains('`');
            let target = [goal.title.as_str(), goal.path.stem()].into_iter().find(ok).unwrap_or("GOAL");
            writeln!(out, "None yet. Log one as `- YYYY-MM-DD #win [[{target}]] what happened`.")?;
        } else {
            let (wins, hidden) = latest_wins(goal, limit);
            writeln!(out, "| Date | Where | What |")?;
            writeln!(out, "|---|---|---|")?;
            for win in wins {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    win.date,
                    links.link(&win.path, &win.who, true),
                    md_text(&tidy_win(&win.text))
                )?;
            }
            more_md(out, hidden, ALL)?;
        }
        let (steps, hidden) = next_steps(goal, limit);
        if !steps.is_empty() {
            writeln!(out)?;
            writeln!(out, "### Next")?;
            writeln!(out)?;
            for step in steps {
                writeln!(out, "- {}", md_text(&step))?;
            }
            more_md(out, hidden, ALL)?;
        }
    }
    Ok(())
}

/// `kith goals`; `goals.md`, `goals.json` (the contract) and `goals.html`.
pub struct Goals;

impl Report for Goals {
    const NAME: &'static str = "goals";
    const ABOUT: &'static str = "Progress of each goal: wins against target and pace, its people, what to do next";
    const USES_REFERRALS: bool = true;
    const FILES: &'static [OutFile<GoalsReport>] = &[
        OutFile { name: "goals.md", render: |data, page, _, out| markdown(out, data, page.links) },
        // The contract (`Goals::json`), its rows kept between rebuilds.
        OutFile { name: "goals.json", render: |data, _, state, out| super::json_rows::json_array(out, &data.goals, state) },
        OutFile {
            name: "goals.html",
            render: |data, page, _, out| super::html::goals_page(out, data, page.note_prefix),
        },
    ];
    type Part = report::goals::Part;
    type Data = GoalsReport;
    type Args = NoArgs;

    fn part(ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Self::Part {
        report::goals::part(ctx.index, &ctx.settings.cadence, ctx.today, note, facts.open_referrals())
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> GoalsReport {
        GoalsReport {
            limit: crate::report::Limit::of(ctx.settings),
            ..report::goals::combine(ctx.index, ctx.today, parts.map(|(_, p)| p))
        }
    }

    /// Only the goals a changed share counted toward, before or after, are computed again.
    fn update<'a>(
        ctx: &Ctx<'_>,
        data: &mut GoalsReport,
        _: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        let changed: std::collections::BTreeSet<&NotePath> =
            changes.iter().flat_map(|(old, new)| old.goal_paths().chain(new.goal_paths())).collect();
        Some(report::goals::refresh(data, ctx.index, parts.map(|(_, p)| p), &changed))
    }

    fn text(data: &GoalsReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &GoalsReport, page: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data, page.links)
    }

    /// The contract: an array of goals.
    fn json(data: &GoalsReport, out: &mut dyn Write) -> io::Result<()> {
        super::json_list(out, &data.goals)
    }
}
