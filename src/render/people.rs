//! The people list as terminal text and markdown.

use std::io::{self, Write};

use super::escape::md_text;
use super::style::Palette;
use super::table::{self, Cell};
use super::{or_dash, plural, wikilink};
use crate::report::people::PersonRow;

fn status(row: &PersonRow) -> String {
    match row.days_overdue {
        Some(d) if d > 0 => format!("{} overdue", super::plural(d, "day", "days")),
        Some(0) => "due today".to_string(),
        Some(d) => format!("due in {}", super::plural(-d, "day", "days")),
        None if row.stage == crate::note::Stage::Pruned => "pruned".to_string(),
        None => "not yet contacted".to_string(),
    }
}

pub fn text(out: &mut dyn Write, rows: &[PersonRow], palette: &Palette) -> io::Result<()> {
    writeln!(out, "{}", palette.heading(&plural(rows.len(), "person", "people")))?;
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let status = status(r);
            let shown = if r.days_overdue.is_some_and(|d| d > 0) { palette.bad(&status) } else { palette.dim(&status) };
            vec![
                Cell::new(&r.name),
                Cell::new(r.stage.as_str()),
                Cell::new(r.company.clone().unwrap_or_default()),
                Cell::styled(status, shown),
                Cell::styled(r.goals.join(", "), palette.accent(&r.goals.join(", "))),
            ]
        })
        .collect();
    table::write(out, "  ", &cells)
}

pub fn markdown(out: &mut dyn Write, rows: &[PersonRow]) -> io::Result<()> {
    writeln!(out, "| Person | Stage | Company | Last contact | Due | Goals |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for r in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            wikilink(&r.path, &r.name, true),
            r.stage.as_str(),
            md_text(r.company.as_deref().unwrap_or("")),
            or_dash(r.last_contact),
            or_dash(r.due),
            md_text(&r.goals.join(", "))
        )?;
    }
    Ok(())
}
