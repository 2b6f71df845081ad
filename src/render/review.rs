//! The Friday review: in the terminal, and as the week's review note.

use chrono::{Datelike, Days, NaiveDate};
use std::io::{self, Write};

use super::escape::md_text;
use super::style::Palette;
use crate::config::Slot;
use crate::report::review::ReviewReport;

pub fn text(out: &mut dyn Write, report: &ReviewReport, palette: &Palette) -> io::Result<()> {
    let title = format!(
        "Friday review, week {}: write to {}",
        report.week,
        super::plural(report.picks.len(), "person", "people")
    );
    writeln!(out, "{}", palette.heading(&title))?;
    if report.picks.is_empty() {
        writeln!(out, "  Nobody needs a note this week. Plant a seed: add someone you'd like to know.")?;
    }
    for (i, pick) in report.picks.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{}. {}  {}",
            i + 1,
            palette.heading(&pick.name),
            palette.dim(&format!("score {} · {}", pick.score, pick.path))
        )?;
        for reason in &pick.reasons {
            writeln!(out, "   - {reason}")?;
        }
        writeln!(out, "   {} {}", palette.accent("opener:"), pick.opener)?;
    }
    if !report.planned.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", palette.heading("Already planned (not picked):"))?;
        for planned in &report.planned {
            writeln!(out, "  {}  {}", planned.date, planned.name)?;
        }
    }
    Ok(())
}

/// The slots of next week (the ISO week after `today`'s), as dates.
pub fn next_week_slots(today: NaiveDate, slots: &[Slot]) -> Vec<String> {
    let monday =
        today.checked_add_days(Days::new(7 - u64::from(today.weekday().num_days_from_monday()))).unwrap_or(today);
    slots
        .iter()
        .take(3)
        .filter_map(|s| {
            let day = monday.checked_add_days(Days::new(u64::from(s.weekday.num_days_from_monday())))?;
            Some(format!("{} at {}", day.format("%A %-d %B"), s.time.format("%H:%M")))
        })
        .collect()
}

/// A pick as `picks:` holds it: `[[stem]]`, or the bare stem when a wikilink
/// cannot hold it (`]]`, `|`, `#`); both are read back as links.
fn pick_link(stem: &str) -> String {
    if super::escape::wikilink_target_ok(stem) {
        format!("[[{stem}]]")
    } else {
        stem.to_string()
    }
}

/// The week's review note: front matter kith reads back for rotation, the
/// picks as tasks with their reasons, a draft per pick, and the week in numbers.
pub fn note(out: &mut dyn Write, report: &ReviewReport, slots: &[Slot]) -> io::Result<()> {
    // Read back for rotation (`picks` are links): written by the YAML
    // serializer, so no file name can break the front matter.
    let picks: Vec<String> = report.picks.iter().map(|p| pick_link(p.path.stem())).collect();
    let picks = serde_norway::to_string(&picks).map_err(io::Error::other)?;
    writeln!(out, "---")?;
    writeln!(out, "type: review")?;
    writeln!(out, "date: {}", report.today)?;
    writeln!(out, "week: {}", report.week)?;
    write!(out, "picks:\n{picks}")?;
    writeln!(out, "---")?;
    writeln!(out, "# Review, week {}", report.week)?;
    writeln!(out)?;
    writeln!(out, "## Write to")?;
    writeln!(out)?;
    if report.picks.is_empty() {
        writeln!(out, "Nobody needs a note this week.")?;
    }
    for pick in &report.picks {
        let reasons: Vec<String> = pick.reasons.iter().map(|r| md_text(r)).collect();
        writeln!(out, "- [ ] {}: {}", super::wikilink(&pick.path, pick.path.stem(), false), reasons.join("; "))?;
    }
    let offered = next_week_slots(report.today, slots);
    if !report.picks.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Drafts")?;
        for pick in &report.picks {
            writeln!(out)?;
            let to = pick.email.as_deref().map(|e| format!(" \\<{}\\>", md_text(e))).unwrap_or_default();
            writeln!(out, "### {}{to}", md_text(&pick.name))?;
            writeln!(out)?;
            writeln!(out, "{}", md_text(&pick.opener))?;
            writeln!(out)?;
            if offered.is_empty() {
                writeln!(out, "Would you have twenty minutes for a call next week?")?;
            } else {
                writeln!(
                    out,
                    "Would you have twenty minutes next week? {} would all work for me.",
                    offered.join("; ")
                )?;
            }
        }
    }
    if !report.planned.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Already planned")?;
        writeln!(out)?;
        for planned in &report.planned {
            writeln!(out, "- {} {}", planned.date, super::wikilink(&planned.path, planned.path.stem(), false))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "## The week in numbers")?;
    writeln!(out)?;
    writeln!(out, "- Contacts logged in the last 7 days: {}", report.numbers.contacts)?;
    writeln!(out, "- Wins in the last 7 days: {}", report.numbers.wins)?;
    for goal in &report.numbers.goals {
        let target = goal.target.map_or_else(|| "?".to_string(), |t| t.to_string());
        let expected = goal.expected.map(|e| format!(", {e:.1} expected by now")).unwrap_or_default();
        writeln!(out, "- {}: {}, {} of {target}{expected}", super::name_link(&goal.title), goal.status, goal.done)?;
    }
    Ok(())
}
