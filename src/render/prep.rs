//! The meeting brief as text and as markdown to paste into the note.

use std::io::{self, Write};

use super::escape::md_text;
use super::style::Palette;
use crate::report::prep::Brief;

pub fn text(out: &mut dyn Write, b: &Brief, palette: &Palette) -> io::Result<()> {
    writeln!(out, "{}  {}", palette.heading(&format!("Prep: {}", b.name)), palette.dim(b.path.as_str()))?;
    for (k, v) in &b.who {
        writeln!(out, "  {:<12}{v}", format!("{k}:"))?;
    }
    writeln!(out, "  {:<12}{}", "how met:", b.how_met)?;
    if !b.goals.is_empty() {
        writeln!(out, "  {:<12}{}", "goals:", b.goals.join(", "))?;
    }
    if !b.shared_interests.is_empty() {
        writeln!(out, "  {:<12}{}", "shared:", b.shared_interests.join(", "))?;
    }
    let section = |out: &mut dyn Write, title: &str, lines: &[String]| -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", palette.heading(title))?;
        if lines.is_empty() {
            writeln!(out, "  {}", palette.dim("none"))?;
        }
        for line in lines {
            writeln!(out, "  - {line}")?;
        }
        Ok(())
    };
    let last: Vec<String> =
        b.last_interactions.iter().map(|e| format!("{}  {}", e.date, super::entry_text(e))).collect();
    section(out, "Last interactions", &last)?;
    section(out, "Open threads", &b.open_threads)?;
    section(out, "Three insights to get", &b.prompts)?;
    writeln!(out)?;
    writeln!(out, "{}", palette.accent(&b.reminder))
}

pub fn markdown(out: &mut dyn Write, b: &Brief) -> io::Result<()> {
    writeln!(out, "### Prep for {}", md_text(&b.name))?;
    writeln!(out)?;
    for (k, v) in &b.who {
        writeln!(out, "- **{}**: {}", md_text(k), md_text(v))?;
    }
    writeln!(out, "- **how met**: {}", md_text(&b.how_met))?;
    if !b.goals.is_empty() {
        writeln!(out, "- **goals**: {}", b.goals.iter().map(|g| super::name_link(g)).collect::<Vec<_>>().join(", "))?;
    }
    if !b.shared_interests.is_empty() {
        writeln!(out, "- **shared interests**: {}", md_text(&b.shared_interests.join(", ")))?;
    }
    writeln!(out)?;
    writeln!(out, "**Last interactions**")?;
    for e in &b.last_interactions {
        writeln!(out, "- {} {}", e.date, md_text(&super::entry_text(e)))?;
    }
    writeln!(out)?;
    writeln!(out, "**Open threads**")?;
    for t in &b.open_threads {
        writeln!(out, "- {}", md_text(t))?;
    }
    writeln!(out)?;
    writeln!(out, "**Three insights to get**")?;
    for p in &b.prompts {
        writeln!(out, "- [ ] {}", md_text(p))?;
    }
    writeln!(out)?;
    writeln!(out, "- [ ] {}", md_text(&b.reminder))
}
