//! Circles and interests as text and markdown.

use std::io::{self, Write};

use super::md_cell;
use super::style::Palette;
use crate::report::circles::{CirclesReport, Group};

pub fn text(out: &mut dyn Write, report: &CirclesReport, palette: &Palette) -> io::Result<()> {
    for (title, groups) in [("Circles", &report.circles), ("Interests", &report.interests)] {
        writeln!(out, "{}", palette.heading(&format!("{title}: {}", groups.len())))?;
        for g in groups {
            writeln!(out, "  {} ({}): {}", g.name, g.count, g.people.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, report: &CirclesReport) -> io::Result<()> {
    let table = |out: &mut dyn Write, title: &str, groups: &[Group]| -> io::Result<()> {
        writeln!(out, "## {title}")?;
        writeln!(out)?;
        writeln!(out, "| {title} | People | Who |")?;
        writeln!(out, "|---|---:|---|")?;
        for g in groups {
            writeln!(out, "| {} | {} | {} |", md_cell(&g.name), g.count, md_cell(&g.people.join(", ")))?;
        }
        writeln!(out)
    };
    table(out, "Circles", &report.circles)?;
    table(out, "Interests", &report.interests)
}
