//! The goal page as one self-contained HTML file: inline CSS and SVG, no
//! network. Rendered with minijinja, whose `.html` templates escape every value.

use minijinja::Environment;
use serde::Serialize;
use std::io::{self, Write};

use super::goals::{
    by_stage, expected_text, latest_wins, next_steps, progress, purpose_label, status_word, tidy_win, ALL,
};
use super::svg;
use crate::report::goals::{GoalsReport, ACTIVITY_DAYS};

const TEMPLATE: &str = include_str!("../../templates/goals.html");

#[derive(Serialize)]
struct Page<'a> {
    today: String,
    activity_days: i64,
    goals: Vec<GoalView<'a>>,
    purposes: Vec<PurposeView>,
}

#[derive(Serialize)]
struct GoalView<'a> {
    title: &'a str,
    href: String,
    status: &'static str,
    purpose: &'static str,
    progress: String,
    expected: String,
    deadline: String,
    bar_svg: String,
    chart_svg: String,
    stages: Vec<StageView<'a>>,
    wins: Vec<WinView<'a>>,
    /// Earlier wins left out.
    wins_more: usize,
    next: Vec<String>,
    next_more: usize,
    /// Where everything left out is.
    all: String,
}

#[derive(Serialize)]
struct StageView<'a> {
    stage: &'static str,
    count: usize,
    names: Vec<&'a str>,
    more: usize,
}

#[derive(Serialize)]
struct WinView<'a> {
    date: String,
    who: &'a str,
    text: String,
}

#[derive(Serialize)]
struct PurposeView {
    purpose: &'static str,
    goals: usize,
    done: u32,
    target: u32,
    recent_wins: usize,
    recent_contacts: usize,
}

/// `note_prefix`: the way from the page to the vault root, for links to notes.
/// Each card shows the first few of each list unless `limit` shows everything.
pub fn goals_page(out: &mut dyn Write, report: &GoalsReport, note_prefix: &str) -> io::Result<()> {
    let limit = report.limit;
    let page = Page {
        today: report.today.to_string(),
        activity_days: ACTIVITY_DAYS,
        goals: report
            .goals
            .iter()
            .map(|g| {
                let (wins, wins_more) = latest_wins(g, limit);
                let (next, next_more) = next_steps(g, limit);
                GoalView {
                    title: &g.title,
                    href: super::escape::url_path(&format!("{note_prefix}{}", g.path)),
                    status: status_word(g),
                    purpose: g.purpose.map_or("", |p| p.as_str()),
                    progress: progress(g),
                    expected: expected_text(g),
                    deadline: g.deadline.map_or_else(|| "none".to_string(), |d| d.to_string()),
                    bar_svg: svg::progress_bar(g),
                    chart_svg: svg::wins_chart(g, report.today),
                    stages: by_stage(g, limit)
                        .into_iter()
                        .map(|s| StageView {
                            stage: s.stage.as_str(),
                            count: s.count,
                            more: s.count - s.people.len(),
                            names: s.people.iter().map(|p| p.name.as_str()).collect(),
                        })
                        .collect(),
                    // In date order, as the text and markdown list them.
                    wins: wins
                        .iter()
                        .map(|w| WinView { date: w.date.to_string(), who: &w.who, text: tidy_win(&w.text) })
                        .collect(),
                    wins_more,
                    next,
                    next_more,
                    all: ALL.replace('`', ""),
                }
            })
            .collect(),
        purposes: report
            .by_purpose
            .iter()
            .map(|a| PurposeView {
                purpose: purpose_label(a),
                goals: a.goals,
                done: a.done,
                target: a.target,
                recent_wins: a.recent_wins,
                recent_contacts: a.recent_contacts,
            })
            .collect(),
    };
    let mut env = Environment::new();
    env.add_template("goals.html", TEMPLATE).map_err(io::Error::other)?;
    let html = env.get_template("goals.html").and_then(|t| t.render(&page)).map_err(io::Error::other)?;
    out.write_all(html.as_bytes())
}
