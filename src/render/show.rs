//! One person's page as terminal text and markdown.

use std::io::{self, Write};

use super::escape::md_text;
use super::or_dash;
use super::style::Palette;
use crate::report::show::PersonDetail;

fn facts(d: &PersonDetail) -> Vec<(&'static str, String)> {
    let list = |v: &[String]| if v.is_empty() { String::new() } else { v.join(", ") };
    let mut facts = vec![
        ("stage", d.stage.as_str().to_string()),
        ("company", d.company.clone().unwrap_or_default()),
        ("role", d.role.clone().unwrap_or_default()),
        ("email", list(&d.emails)),
        ("phone", list(&d.phones)),
        ("purpose", d.purpose.map(|p| p.as_str().to_string()).unwrap_or_default()),
        ("aliases", list(&d.aliases)),
        ("tags", list(&d.tags)),
        ("circles", list(&d.circles)),
        ("interests", list(&d.interests)),
        ("goals", list(&d.goals)),
        ("met", met(d)),
        ("introduced by", list(&d.introduced_by)),
    ];
    facts.retain(|(_, v)| !v.is_empty());
    facts
}

/// The day you met and where or how, as far as the note says.
fn met(d: &PersonDetail) -> String {
    match (d.met, &d.met_context) {
        (Some(met), Some(context)) => format!("{met} ({context})"),
        (Some(met), None) => met.to_string(),
        (None, context) => context.clone().unwrap_or_default(),
    }
}

fn due_line(d: &PersonDetail) -> String {
    let Some(due) = d.dates.due else {
        return if d.dates.cadence.is_none() { "never (pruned)".to_string() } else { "not yet contacted".to_string() };
    };
    let why = super::due_reason(d.dates.due_reason, d.dates.cadence);
    let state = match d.dates.days_overdue {
        Some(n) if n > 0 => format!("{} overdue", super::plural(n, "day", "days")),
        Some(0) => "due today".to_string(),
        Some(n) => format!("in {}", super::plural(-n, "day", "days")),
        None => String::new(),
    };
    format!("{due} ({why}; {state})")
}

/// The next planned contact: its day and what the log says about it.
fn planned_line(d: &PersonDetail) -> Option<String> {
    let date = d.dates.planned?;
    let entry = d.recent.iter().rev().find(|e| e.date == date);
    Some(entry.map_or_else(|| date.to_string(), |e| format!("{date}  {}", e.text())))
}

pub fn text(out: &mut dyn Write, d: &PersonDetail, palette: &Palette) -> io::Result<()> {
    writeln!(out, "{}  {}", palette.heading(&d.name), palette.dim(d.path.as_str()))?;
    for (key, value) in facts(d) {
        writeln!(out, "  {:<15}{value}", format!("{key}:"))?;
    }
    writeln!(out, "  {:<15}{}", "last contact:", or_dash(d.dates.last_contact))?;
    let due = due_line(d);
    let due = if d.dates.days_overdue.is_some_and(|n| n > 0) { palette.bad(&due) } else { due };
    writeln!(out, "  {:<15}{due}", "next due:")?;
    if let Some(planned) = planned_line(d) {
        writeln!(out, "  {:<15}{}", "planned:", palette.good(&planned))?;
    }
    writeln!(out)?;
    if d.recent.is_empty() {
        writeln!(out, "{}", palette.heading("No log entries yet"))?;
        writeln!(out, "  {}", palette.dim("Add them under a \"## Log\" heading, or with kith log."))?;
    } else {
        writeln!(out, "{}", palette.heading(&format!("Recent log ({} of {})", d.recent.len(), d.log_entries)))?;
    }
    for entry in &d.recent {
        writeln!(out, "  {}  {}", palette.dim(&entry.date.to_string()), super::entry_text(entry))?;
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, d: &PersonDetail) -> io::Result<()> {
    writeln!(out, "## {}", md_text(&d.name))?;
    writeln!(out)?;
    for (key, value) in facts(d) {
        writeln!(out, "- **{key}**: {}", md_text(&value))?;
    }
    writeln!(out, "- **last contact**: {}", or_dash(d.dates.last_contact))?;
    writeln!(out, "- **next due**: {}", due_line(d))?;
    if let Some(planned) = planned_line(d) {
        writeln!(out, "- **planned**: {planned}")?;
    }
    writeln!(out)?;
    if d.recent.is_empty() {
        writeln!(out, "No log entries yet.")?;
        return Ok(());
    }
    writeln!(out, "### Recent log")?;
    writeln!(out)?;
    for entry in &d.recent {
        writeln!(out, "- {} {}", entry.date, md_text(&super::entry_text(entry)))?;
    }
    Ok(())
}
