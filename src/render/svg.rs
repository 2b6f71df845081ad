//! Inline SVG for the goal page: a progress bar with a pace marker, and a chart
//! of cumulative wins against the straight pace line. Only numbers and dates go
//! into the SVG, never note text.

use chrono::NaiveDate;
use std::fmt::Write as _;

use crate::note::dates::days_between;
use crate::report::goals::GoalRow;

const W: f64 = 320.0;
/// Win days marked with a dot, at most (the chart is `W` wide).
const MARKERS: usize = 60;

/// A bar filled to done/target, with a marker where "expected by today" is.
pub fn progress_bar(goal: &GoalRow) -> String {
    let target = f64::from(goal.target.unwrap_or(0).max(1));
    let fill = (f64::from(goal.done) / target).clamp(0.0, 1.0) * W;
    let mut svg = format!(
        r#"<svg class="bar" viewBox="0 0 {W} 16" role="img" aria-label="{} of {} done"><rect class="track" x="0" y="2" width="{W}" height="12" rx="6"/><rect class="fill" x="0" y="2" width="{fill:.1}" height="12" rx="6"/>"#,
        goal.done,
        goal.target.map_or_else(|| "?".to_string(), |t| t.to_string()),
    );
    if let Some(expected) = goal.expected {
        // A dark core in a light halo (dark mode: the reverse): at least 3:1
        // against both the filled bar and the empty track.
        let x = (expected / target).clamp(0.0, 1.0) * W;
        let _ = write!(
            svg,
            r#"<line class="pace-halo" x1="{x:.1}" x2="{x:.1}" y1="0" y2="16"/><line class="pace" x1="{x:.1}" x2="{x:.1}" y1="0" y2="16"><title>expected by today: {expected:.1}</title></line>"#
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Cumulative wins over time (a step line) against the pace line from
/// (start, 0) to (deadline, target), with today marked.
pub fn wins_chart(goal: &GoalRow, today: NaiveDate) -> String {
    let (h, pad) = (120.0, 18.0);
    let first_win = goal.wins.first().map(|w| w.date);
    let from = [goal.start, first_win, Some(today)].into_iter().flatten().min().unwrap_or(today);
    let to = [goal.deadline, Some(today)].into_iter().flatten().max().unwrap_or(today);
    let span = days_between(from, to).max(1) as f64;
    let top = top_count(goal);
    let x = |d: NaiveDate| pad + days_between(from, d) as f64 / span * (W - 2.0 * pad);
    let y = |n: f64| h - pad - n / top * (h - 2.0 * pad);
    let mut svg = format!(r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-label="wins over time">"#);
    let _ =
        write!(svg, r#"<line class="axis" x1="{pad}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#, h - pad, W - pad, h - pad);
    if let (Some(start), Some(deadline), Some(target)) = (goal.start, goal.deadline, goal.target) {
        let _ = write!(
            svg,
            r#"<line class="pace" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"><title>pace to {target} by {deadline}</title></line>"#,
            x(start),
            y(0.0),
            x(deadline),
            y(f64::from(target))
        );
    }
    // One step per day with wins (the count before and after that day): a
    // goal with hundreds of wins draws no more steps than it has win days.
    let mut days: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (i, win) in goal.wins.iter().enumerate() {
        match days.last_mut() {
            Some((day, _, after)) if *day == win.date => *after = i + 1,
            _ => days.push((win.date, i, i + 1)),
        }
    }
    let mut points = format!("{:.1},{:.1}", x(from), y(0.0));
    for &(day, before, after) in &days {
        let _ = write!(points, " {:.1},{:.1} {:.1},{:.1}", x(day), y(before as f64), x(day), y(after as f64));
    }
    let _ = write!(points, " {:.1},{:.1}", x(today), y(goal.wins.len() as f64));
    let _ = write!(svg, r#"<polyline class="wins" points="{points}"/>"#);
    // A marker per win day while they stay apart; past that the line shows the shape.
    if days.len() <= MARKERS {
        for &(day, before, after) in &days {
            let count = if after - before > 1 { format!(": {} wins", after - before) } else { String::new() };
            let _ = write!(
                svg,
                r#"<circle class="win" cx="{:.1}" cy="{:.1}" r="3"><title>{day}{count}</title></circle>"#,
                x(day),
                y(after as f64),
            );
        }
    }
    let tx = x(today);
    let _ = write!(svg, r#"<line class="today" x1="{tx:.1}" y1="{pad}" x2="{tx:.1}" y2="{:.1}"/>"#, h - pad);
    if let Some(deadline) = goal.deadline {
        let dx = x(deadline);
        let _ = write!(
            svg,
            r#"<line class="deadline" x1="{dx:.1}" y1="{pad}" x2="{dx:.1}" y2="{:.1}"><title>deadline {deadline}</title></line>"#,
            h - pad
        );
    }
    svg.push_str("</svg>");
    // Labels are HTML over the chart, so their size is fixed in CSS pixels
    // instead of scaling with the drawing (8 px on a phone, 18 on a desktop).
    let left = |px: f64| px / W * 100.0;
    let top = |py: f64| py / h * 100.0;
    let mut labels = vec![
        ("y", left(pad), top(y(top_count(goal))), top_label(goal), "start"),
        ("y", left(pad), top(y(0.0)), "0".to_string(), "start"),
        ("x", left(pad), 100.0, from.to_string(), "start"),
        ("x", left(W - pad), 100.0, to.to_string(), "end"),
        ("today", left(tx), 0.0, "today".to_string(), "middle"),
    ];
    if let Some(deadline) = goal.deadline.filter(|&d| d != to) {
        labels.push(("deadline", left(x(deadline)), 0.0, "deadline".to_string(), "middle"));
    }
    let mut html = format!(r#"<div class="chart-box">{svg}"#);
    for (class, lx, ly, text, anchor) in labels {
        let _ = write!(html, r#"<span class="lbl {class} {anchor}" style="left:{lx:.1}%;top:{ly:.1}%">{text}</span>"#);
    }
    html.push_str("</div>");
    html
}

/// The y axis's one label: the target, or the number of wins above it.
fn top_label(goal: &GoalRow) -> String {
    match goal.target {
        Some(target) if target >= goal.done => format!("target {target}"),
        _ => super::plural(goal.done, "win", "wins"),
    }
}

/// The chart's top value: the target, or the wins when there are more.
fn top_count(goal: &GoalRow) -> f64 {
    f64::from(goal.target.unwrap_or(0)).max(goal.done as f64).max(1.0)
}
