//! `kith check` output: `path:line: severity: message`, the source line, the hint.

use std::io::{self, Write};

use super::escape::md_text;
use super::style::Palette;
use crate::diag::{Diagnostic, Severity};
use crate::report::check::{CheckReport, RecognitionSummary};
use crate::report::{plural, thousands};

pub fn diagnostic(out: &mut dyn Write, d: &Diagnostic, palette: &Palette) -> io::Result<()> {
    let location = match d.column {
        Some(c) => format!("{}:{}:{c}:", d.path, d.line),
        None => format!("{}:{}:", d.path, d.line),
    };
    let severity = match d.severity {
        Severity::Error => palette.bad("error:"),
        Severity::Warning => palette.warn("warning:"),
    };
    writeln!(out, "{} {severity} {}", palette.heading(&location), d.message)?;
    let gutter = " ".repeat(d.line.to_string().len());
    if let Some(source) = &d.source_line {
        writeln!(out, "{} {}", palette.dim(&format!(" {} |", d.line)), source)?;
    }
    if let Some(hint) = &d.hint {
        writeln!(out, " {gutter} {} {hint}", palette.dim("= hint:"))?;
    }
    Ok(())
}

pub fn text(out: &mut dyn Write, report: &CheckReport, palette: &Palette) -> io::Result<()> {
    for d in &report.problems {
        diagnostic(out, d, palette)?;
    }
    if !report.problems.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(report, palette))?;
    writeln!(out, "{}", recognition(&report.recognition))
}

/// "412 people: 380 by folder People/, 32 by tag person; 1,204 contacts from 890 dated notes",
/// or how kith recognises people when it found none.
pub fn recognition(r: &RecognitionSummary) -> String {
    let people: usize = r.people_by.iter().map(|(_, n)| n).sum();
    if people == 0 {
        return NO_PEOPLE.to_string();
    }
    let by: Vec<String> = r.people_by.iter().map(|(how, n)| format!("{} by {how}", thousands(*n))).collect();
    let noun = if people == 1 { "person" } else { "people" };
    let notes = if r.dated_notes == 1 { "dated note" } else { "dated notes" };
    let contacts = if r.contacts == 1 { "contact" } else { "contacts" };
    format!(
        "{} {noun}: {}; {} {contacts} from {} {notes}",
        thousands(people),
        by.join(", "),
        thousands(r.contacts),
        thousands(r.dated_notes)
    )
}

/// What every report says when the vault has no person notes.
pub const NO_PEOPLE: &str = "No person notes found. kith recognises a person by a folder named People or Contacts \
(any case, any depth), by `type`, `category` or `categories` holding person, people or contact (\"[[People]]\" too), \
or by the tag person, people or contact; kith.yaml can add more under `recognise:`.";

pub fn summary(report: &CheckReport, palette: &Palette) -> String {
    let read = format!(
        "{} read ({}, {})",
        plural(report.notes, "note", "notes"),
        plural(report.people, "person", "people"),
        plural(report.goals, "goal", "goals")
    );
    if report.problems.is_empty() {
        return format!("{} {read}", palette.good("No problems:"));
    }
    // The notes with errors, said beside the errors (warnings may be in others).
    let errors = match report.broken_notes {
        0 | 1 => plural(report.errors, "error", "errors"),
        notes => format!("{} in {}", plural(report.errors, "error", "errors"), plural(notes, "note", "notes")),
    };
    let counts = format!("{errors}, {}", plural(report.warnings, "warning", "warnings"));
    let counts = if report.errors > 0 { palette.bad(&counts) } else { palette.warn(&counts) };
    format!("{counts}. {read}")
}

pub fn markdown(out: &mut dyn Write, report: &CheckReport) -> io::Result<()> {
    writeln!(out, "# Vault check")?;
    writeln!(out)?;
    writeln!(out, "{}", summary(report, &Palette::plain()))?;
    writeln!(out)?;
    writeln!(out, "{}", recognition(&report.recognition))?;
    if !report.problems.is_empty() {
        writeln!(out)?;
        for d in &report.problems {
            // Messages quote note text (values, YAML errors): escaped like any note text.
            let hint = d.hint.as_deref().map(|h| format!(" — {}", md_text(h))).unwrap_or_default();
            let path = super::escape::one_line(d.path.as_str()).replace('`', "'");
            writeln!(out, "- `{path}:{}` **{}**: {}{hint}", d.line, d.severity.as_str(), md_text(&d.message))?;
        }
    }
    Ok(())
}
