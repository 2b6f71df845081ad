//! `kith check` output: `path:line: severity: message`, the source line, the hint.

use std::io::{self, Write};

use super::plural;
use super::style::Palette;
use crate::diag::{Diagnostic, Severity};
use crate::report::check::CheckReport;

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
    writeln!(out, "{}", summary(report, palette))
}

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
    let counts =
        format!("{}, {}", plural(report.errors, "error", "errors"), plural(report.warnings, "warning", "warnings"));
    let counts = if report.errors > 0 { palette.bad(&counts) } else { palette.warn(&counts) };
    let broken = if report.broken_notes > 0 {
        format!(" in {}", plural(report.broken_notes, "note", "notes"))
    } else {
        String::new()
    };
    format!("{counts}{broken}. {read}")
}

pub fn markdown(out: &mut dyn Write, report: &CheckReport) -> io::Result<()> {
    writeln!(out, "# Vault check")?;
    writeln!(out)?;
    writeln!(out, "{}", summary(report, &Palette::plain()))?;
    if !report.problems.is_empty() {
        writeln!(out)?;
        for d in &report.problems {
            let hint = d.hint.as_deref().map(|h| format!(" — {h}")).unwrap_or_default();
            writeln!(out, "- `{}:{}` **{}**: {}{hint}", d.path, d.line, d.severity.as_str(), d.message)?;
        }
    }
    Ok(())
}
