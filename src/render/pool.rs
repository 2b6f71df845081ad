//! The pool of people not contacted yet, most relevant first, as terminal
//! text and markdown (`kith pool`); `reminders.md` and `overdue.md` show its
//! first few as this week's plant.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::escape::md_text;
use super::{more_md, more_text, plural, wikilink};
use crate::note::Note;
use crate::path::NotePath;
use super::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report::pool::{self, Pool as PoolReport};
use crate::report::Limit;

const ALL: &str = "`kith pool --all` lists them all";

pub fn text(out: &mut dyn Write, report: &PoolReport, palette: &Palette) -> io::Result<()> {
    let title = format!(
        "The pool: {} not contacted yet (today {})",
        plural(report.rows.len(), "person", "people"),
        report.today
    );
    writeln!(out, "{}", palette.heading(&title))?;
    let (rows, hidden) = report.limit.split(&report.rows);
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::new(r.score.to_string()).right(),
                Cell::new(&r.name),
                Cell::styled(r.stage.as_str(), palette.dim(r.stage.as_str())),
                Cell::new(r.company.unwrap_or_default()),
                Cell::styled(r.reasons.join("; "), palette.dim(&r.reasons.join("; "))),
            ]
        })
        .collect();
    table::write(out, "  ", &cells)?;
    more_text(out, palette, hidden, ALL)
}

pub fn markdown(out: &mut dyn Write, report: &PoolReport) -> io::Result<()> {
    writeln!(out, "# The pool on {}: {} not contacted yet", report.today, report.rows.len())?;
    writeln!(out)?;
    let (rows, hidden) = report.limit.split(&report.rows);
    writeln!(out, "| Score | Person | Stage | Company | Why |")?;
    writeln!(out, "|---:|---|---|---|---|")?;
    for r in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.score,
            wikilink(&r.path, &r.name, true),
            r.stage.as_str(),
            md_text(r.company.unwrap_or("")),
            md_text(&r.reasons.join("; "))
        )?;
    }
    more_md(out, hidden, ALL)
}

/// `kith pool`: no file of its own; overdue and reminders plant from it.
pub struct Pool;

impl Report for Pool {
    const NAME: &'static str = "pool";
    const ABOUT: &'static str =
        "People not contacted yet, most relevant first: the pool a few are planted from each week";
    const USES_REFERRALS: bool = true;
    const FILES: &'static [OutFile<PoolReport>] = &[];
    type Part = pool::Part;
    type Data = PoolReport;
    type Args = NoArgs;

    fn part(ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Self::Part {
        pool::part(ctx.index, &ctx.settings.cadence, ctx.today, note, facts.open_referrals())
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> PoolReport {
        let mut pool = pool::combine(ctx.today, parts.map(|(_, p)| p));
        pool.limit = Limit::of(ctx.settings);
        pool
    }

    /// The changed members' rows (and those whose first referrer changed) are
    /// taken out and put back in rank; a change to someone trusted combines again.
    fn update<'a>(
        _: &Ctx<'_>,
        data: &mut PoolReport,
        _: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        pool::update(data, changes, parts)
    }

    fn text(data: &PoolReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &PoolReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }

    /// Every person in the pool, most relevant first.
    fn json(data: &PoolReport, out: &mut dyn Write) -> io::Result<()> {
        super::json_list(out, &data.rows)
    }
}
