//! The goal-progress report as terminal text and as a markdown page.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{md_cell, or_dash, plural, Linker};
use crate::note::Note;
use crate::note::Stage;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;
use crate::report::goals::{GoalRow, GoalStatus, GoalsReport, PurposeActivity, ACTIVITY_DAYS, QUIET_DAYS};

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

/// People grouped by stage, most trusted first: `growing: A, B`.
pub fn by_stage(goal: &GoalRow) -> Vec<(Stage, Vec<&str>)> {
    let mut groups: Vec<(Stage, Vec<&str>)> = Vec::new();
    for person in &goal.people {
        match groups.last_mut() {
            Some((stage, names)) if *stage == person.stage => names.push(&person.name),
            _ => groups.push((person.stage, vec![&person.name])),
        }
    }
    groups
}

pub fn purpose_label(a: &PurposeActivity) -> &'static str {
    a.purpose.map_or("no purpose", |p| p.as_str())
}

pub fn text(out: &mut dyn Write, report: &GoalsReport, palette: &Palette) -> io::Result<()> {
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
        let people: Vec<String> =
            by_stage(goal).iter().map(|(s, names)| format!("{}: {}", s.as_str(), names.join(", "))).collect();
        writeln!(
            out,
            "  people   {}",
            if people.is_empty() { "nobody linked yet".to_string() } else { people.join(" · ") }
        )?;
        if goal.wins.is_empty() {
            writeln!(out, "  wins     none yet")?;
        }
        for (i, win) in goal.wins.iter().enumerate() {
            let label = if i == 0 { "wins" } else { "" };
            writeln!(out, "  {label:<8} {}  {}: {}", palette.dim(&win.date.to_string()), win.who, tidy_win(&win.text))?;
        }
        for line in next_steps(goal) {
            writeln!(out, "  {:<8} {line}", "next")?;
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

/// A win's text for reading: without the `#win` tag, links shown as their names.
pub fn tidy_win(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let inner = &after[..close];
        out.push_str(inner.rsplit('|').next().unwrap_or(inner));
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    let words: Vec<&str> = out.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("#win")).collect();
    let tidy = words.join(" ");
    if tidy.is_empty() {
        "(no description)".to_string()
    } else {
        tidy
    }
}

/// What to do next for a goal, as plain sentences.
pub fn next_steps(goal: &GoalRow) -> Vec<String> {
    let mut steps = Vec::new();
    for name in &goal.overdue {
        let days = goal.people.iter().find(|p| &p.name == name).and_then(|p| p.days_overdue).unwrap_or(0);
        steps.push(format!("follow up with {name} ({days} days overdue)"));
    }
    if !goal.quiet.is_empty() {
        steps.push(format!("no contact in {QUIET_DAYS}+ days: {}", goal.quiet.join(", ")));
    }
    for r in &goal.open_referrals {
        steps.push(format!("follow through on {} (referred by {} on {})", r.name, r.from, r.date));
    }
    steps
}

pub fn markdown(out: &mut dyn Write, report: &GoalsReport, links: &Linker) -> io::Result<()> {
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
        writeln!(out, "## {}", goal.title)?;
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
        let groups = by_stage(goal);
        if groups.is_empty() {
            writeln!(out, "Nobody is linked to this goal yet: add it to people's `goals:`.")?;
        }
        for (stage, _) in &groups {
            let names: Vec<String> =
                goal.people.iter().filter(|p| p.stage == *stage).map(|p| links.link(&p.path, &p.name, false)).collect();
            writeln!(out, "- **{}**: {}", stage.as_str(), names.join(", "))?;
        }
        writeln!(out)?;
        writeln!(out, "### Wins")?;
        writeln!(out)?;
        if goal.wins.is_empty() {
            writeln!(out, "None yet. Log one as `- YYYY-MM-DD #win [[{}]] what happened`.", goal.title)?;
        } else {
            writeln!(out, "| Date | Where | What |")?;
            writeln!(out, "|---|---|---|")?;
            for win in &goal.wins {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    win.date,
                    links.link(&win.path, &win.who, true),
                    md_cell(&tidy_win(&win.text))
                )?;
            }
        }
        let steps = next_steps(goal);
        if !steps.is_empty() {
            writeln!(out)?;
            writeln!(out, "### Next")?;
            writeln!(out)?;
            for step in steps {
                writeln!(out, "- {step}")?;
            }
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
        OutFile { name: "goals.json", render: |data, _, _, out| Goals::json(data, out) },
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
        report::goals::combine(ctx.index, ctx.today, parts.map(|(_, p)| p))
    }

    /// Only the goals a changed share counted toward, before or after, are computed again.
    fn update<'a>(
        ctx: &Ctx<'_>,
        data: &mut GoalsReport,
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
        super::json(out, &data.goals)
    }
}
