//! Referrals to follow through, and meetings that produced none.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{more_md, more_text, plural, wikilink};
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;

const ALL: &str = "`kith referrals --all` lists them all";
use crate::report::referrals::ReferralsReport;

pub fn text(out: &mut dyn Write, report: &ReferralsReport, palette: &Palette) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "{}", palette.heading(&format!("Referrals to follow through: {}", report.open.len())))?;
    let (open, hidden) = limit.split(&report.open);
    let rows: Vec<Vec<Cell>> = open
        .iter()
        .map(|r| {
            let status = if r.path.is_some() { "not contacted since" } else { "no note yet" };
            vec![
                Cell::styled(r.date.to_string(), palette.dim(&r.date.to_string())),
                Cell::new(&r.name),
                Cell::new(format!("from {}", r.from)),
                Cell::new(status),
            ]
        })
        .collect();
    table::write(out, "  ", &rows)?;
    more_text(out, palette, hidden, ALL)?;
    let without: Vec<_> = report.without_referrals().collect();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        palette.heading(&format!("Meetings that produced no names: {} (ask for three next time)", without.len()))
    )?;
    let (shown, hidden) = limit.split_last(&without);
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|m| vec![Cell::styled(m.date.to_string(), palette.dim(&m.date.to_string())), Cell::new(&m.name)])
        .collect();
    table::write(out, "  ", &rows)?;
    more_text(out, palette, hidden, ALL)?;
    let given: usize = report.meetings.iter().map(|m| m.referrals).sum();
    writeln!(out)?;
    writeln!(out, "{} gave {}.", plural(report.meetings.len(), "meeting", "meetings"), plural(given, "name", "names"))
}

pub fn markdown(out: &mut dyn Write, report: &ReferralsReport) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "## Referrals to follow through")?;
    writeln!(out)?;
    // Plain items, not tasks: reminders.md holds the one task for each, so the
    // Tasks plugin does not list it twice.
    if report.open.is_empty() {
        writeln!(out, "None open.")?;
    } else {
        writeln!(out, "Their tasks are in reminders.md.")?;
        writeln!(out)?;
    }
    let (open, hidden) = limit.split(&report.open);
    for r in open {
        let who = r.path.as_ref().map_or_else(|| super::name_link(&r.name), |p| wikilink(p, &r.name, false));
        writeln!(out, "- Reach out to {who} (from {}, {})", wikilink(&r.from_path, &r.from, false), r.date)?;
    }
    more_md(out, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "## Meetings that produced no names")?;
    writeln!(out)?;
    let without: Vec<_> = report.without_referrals().collect();
    let (without, hidden) = limit.split_last(&without);
    for m in without {
        writeln!(out, "- {} {}: ask for three names next time", m.date, wikilink(&m.path, &m.name, false))?;
    }
    more_md(out, hidden, ALL)
}

/// `kith referrals`; `referrals.md`.
pub struct Referrals;

impl Report for Referrals {
    const NAME: &'static str = "referrals";
    const ABOUT: &'static str = "Names you were given and have not followed up; meetings that produced none";
    const USES_REFERRALS: bool = true;
    const FILES: &'static [OutFile<ReferralsReport>] =
        &[OutFile { name: "referrals.md", render: |data, _, _, out| markdown(out, data) }];
    type Part = Option<report::referrals::Part>;
    type Data = ReferralsReport;
    type Args = NoArgs;

    fn part(_: &Ctx<'_>, facts: &Facts, _: &Note) -> Self::Part {
        facts.referrals.as_deref().cloned()
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> ReferralsReport {
        ReferralsReport {
            limit: crate::report::Limit::of(ctx.settings),
            ..report::referrals::combine(ctx.today, parts.filter_map(|(_, p)| p.as_ref()))
        }
    }

    /// A changed person's meetings and open referrals are taken out and put back in place.
    fn update<'a>(
        _: &Ctx<'_>,
        data: &mut ReferralsReport,
        _: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        _: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        let changes: Vec<_> = changes.iter().map(|(old, new)| (old.as_ref(), new.as_ref())).collect();
        report::referrals::update(data, &changes);
        Some(true)
    }

    fn text(data: &ReferralsReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &ReferralsReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }
}
