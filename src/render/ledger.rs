//! The give-and-get ledger as text and markdown.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{more_md, more_text, or_dash, wikilink};
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;

const ALL: &str = "`kith ledger --all` lists them all";
use crate::report::ledger::{LedgerReport, LedgerRow};
use crate::report::place;

pub fn text(out: &mut dyn Write, report: &LedgerReport, palette: &Palette) -> io::Result<()> {
    let (rows, limit) = (&report.rows, report.limit);
    let owed = rows.iter().filter(|r| r.owe).count();
    writeln!(out, "{}", palette.heading(&format!("Give and get: {}, you owe {owed}", super::plural(rows.len(), "person", "people"))))?;
    let (rows, hidden) = limit.split(rows);
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let flag = if r.owe { "you owe" } else { "" };
            vec![
                Cell::styled(flag, palette.warn(flag)),
                Cell::new(&r.name),
                Cell::new(format!("gave {} (last {})", r.gave, or_dash(r.last_gave))),
                Cell::new(format!("got {} (last {})", r.got, or_dash(r.last_got))),
                Cell::new(format!("balance {:+}", r.balance)).right(),
            ]
        })
        .collect();
    table::write(out, "  ", &cells)?;
    more_text(out, palette, hidden, ALL)
}

pub fn markdown(out: &mut dyn Write, report: &LedgerReport) -> io::Result<()> {
    let (rows, limit) = (&report.rows, report.limit);
    let (rows, hidden) = limit.split(rows);
    writeln!(out, "| Person | Gave | Last gave | Got | Last got | Balance | You owe |")?;
    writeln!(out, "|---|---:|---|---:|---|---:|---|")?;
    for r in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:+} | {} |",
            wikilink(&r.path, &r.name, true),
            r.gave,
            or_dash(r.last_gave),
            r.got,
            or_dash(r.last_got),
            r.balance,
            if r.owe { "yes" } else { "" }
        )?;
    }
    more_md(out, hidden, ALL)
}

/// `kith ledger`; `ledger.md`.
pub struct Ledger;

impl Report for Ledger {
    const NAME: &'static str = "ledger";
    const ABOUT: &'static str = "Give and get: what you gave and got per person, and where you owe someone";
    const FILES: &'static [OutFile<LedgerReport>] =
        &[OutFile { name: "ledger.md", render: |data, _, _, out| markdown(out, data) }];
    type Part = Option<LedgerRow>;
    type Data = LedgerReport;
    type Args = NoArgs;

    fn part(ctx: &Ctx<'_>, _: &Facts, note: &Note) -> Self::Part {
        note.person().and_then(|p| report::ledger::row(note, p, ctx.today))
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> LedgerReport {
        let rows = report::ledger::combine(parts.filter_map(|(_, row)| row.clone()));
        LedgerReport { rows, limit: crate::report::Limit::of(ctx.settings) }
    }

    /// The rows stay sorted: a changed person's row is taken out and put back in place.
    fn update<'a>(
        _: &Ctx<'_>,
        data: &mut LedgerReport,
        _: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        _: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        for (old, new) in changes {
            for (row, put) in [(old, false), (new, true)] {
                if let Some(row) = row {
                    place(&mut data.rows, row, put, report::ledger::order);
                }
            }
        }
        Some(true)
    }

    fn text(data: &LedgerReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &LedgerReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }
}
