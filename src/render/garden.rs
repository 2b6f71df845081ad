//! The garden (seed, feed, weed) as text and markdown.

use chrono::NaiveDate;
use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{more_md, more_text, or_dash, wikilink, Limit};
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, OutFile, Page, Report};
use crate::report;
use crate::report::garden::{GardenReport, GardenRow};

const ALL: &str = "`kith garden --all` lists them all";
/// Never contacted: not a relationship to feed or weed yet, but seeds to plant.
const POOL: &str = "First contacts to make, not relationships to feed yet: kith pool lists them, most relevant first.";

/// Each section's title, all its rows, and those to show with how many are left out.
type Section<'a> = (&'static str, &'a [GardenRow], Vec<&'a GardenRow>, usize);

fn sections(report: &GardenReport, limit: Limit) -> [Section<'_>; 3] {
    fn shown(rows: &[GardenRow], limit: Limit) -> (Vec<&GardenRow>, usize) {
        let (shown, hidden) = limit.split(rows);
        (shown.iter().collect(), hidden)
    }
    let (feed, hidden) = shown(&report.need_feeding, limit);
    let (promote, promote_hidden) = shown(&report.promote, limit);
    let (weed, weed_hidden) = shown(&report.weed, limit);
    [
        ("Need feeding (seeds without a second contact)", &report.need_feeding, feed, hidden),
        ("Ready to promote", &report.promote, promote, promote_hidden),
        ("Weed candidates", &report.weed, weed, weed_hidden),
    ]
}

fn suggestion(row: &GardenRow) -> String {
    row.suggest.map(|s| format!(" → {}", s.as_str())).unwrap_or_default()
}

pub fn text(out: &mut dyn Write, report: &GardenReport, palette: &Palette) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "{}", palette.heading(&format!("The garden (today {})", report.today)))?;
    for s in &report.stages {
        let since = report
            .since
            .map(|d| format!(" · since {d}: {} planted, {} contacted", s.planted_since, s.contacted_since))
            .unwrap_or_default();
        writeln!(out, "  {:<8} {:>4}{since}", s.stage.as_str(), s.people)?;
    }
    for (title, all, rows, hidden) in sections(report, limit) {
        writeln!(out)?;
        writeln!(out, "{}", palette.heading(&format!("{title}: {}", all.len())))?;
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| {
                vec![
                    Cell::new(format!("{}{}", r.name, suggestion(r))),
                    Cell::styled(r.stage.as_str(), palette.dim(r.stage.as_str())),
                    Cell::new(&r.reason),
                ]
            })
            .collect();
        table::write(out, "  ", &cells)?;
        more_text(out, palette, hidden, ALL)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", palette.heading(&format!("Not yet contacted: {}", report.not_contacted)))?;
    if report.not_contacted > 0 {
        writeln!(out, "  {POOL}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", palette.dim("kith only suggests: change a person's `stage:` in their note."))
}

pub fn markdown(out: &mut dyn Write, report: &GardenReport) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "# The garden on {}", report.today)?;
    writeln!(out)?;
    writeln!(out, "| Stage | People |")?;
    writeln!(out, "|---|---:|")?;
    for s in &report.stages {
        writeln!(out, "| {} | {} |", s.stage.as_str(), s.people)?;
    }
    for (title, _, rows, hidden) in sections(report, limit) {
        writeln!(out)?;
        writeln!(out, "## {title}")?;
        writeln!(out)?;
        if rows.is_empty() {
            writeln!(out, "Nobody.")?;
        }
        for r in rows {
            writeln!(
                out,
                "- {}{} ({}, last contact {}): {}",
                wikilink(&r.path, &r.name, false),
                suggestion(r),
                r.stage.as_str(),
                or_dash(r.last_contact),
                super::escape::md_text(&r.reason)
            )?;
        }
        more_md(out, hidden, ALL)?;
    }
    writeln!(out)?;
    writeln!(out, "## Not yet contacted ({})", report.not_contacted)?;
    writeln!(out)?;
    if report.not_contacted == 0 {
        writeln!(out, "Nobody.")?;
    } else {
        writeln!(out, "{}", POOL.replace("kith pool", "`kith pool`"))?;
    }
    Ok(())
}

/// `kith garden`; `garden.md`.
pub struct Garden;

#[derive(Debug, Default, clap::Args)]
pub struct GardenArgs {
    /// Also count who was planted (met) and contacted since this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::note::dates::parse_day_arg)]
    since: Option<NaiveDate>,
}

impl Report for Garden {
    const NAME: &'static str = "garden";
    const ABOUT: &'static str = "Seed, feed, weed: who needs feeding, who is ready to promote, what to let go";
    /// Weeds name the active goals they link.
    const NEEDS: &'static [&'static str] = &["goals"];
    const FILES: &'static [OutFile<GardenReport>] =
        &[OutFile { name: "garden.md", render: |data, _, _, out| markdown(out, data) }];
    type Part = Option<report::garden::Part>;
    type Data = GardenReport;
    type Args = GardenArgs;

    fn part(ctx: &Ctx<'_>, _: &Facts, note: &Note) -> Self::Part {
        note.person().map(|p| report::garden::part(ctx.index, &ctx.settings.cadence, ctx.today, note, p))
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        args: &GardenArgs,
        needs: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> GardenReport {
        let goals = needs.get::<super::goals::Goals>();
        let mut report = report::garden::combine(goals, ctx.today, args.since, parts.filter_map(|(_, p)| p.as_ref()));
        report.limit = crate::report::Limit::of(ctx.settings);
        report
    }

    /// In place unless a goal's title or done-ness changed.
    fn update<'a>(
        _: &Ctx<'_>,
        data: &mut GardenReport,
        needs: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        _: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        let changes: Vec<_> = changes.iter().map(|(old, new)| (old.as_ref(), new.as_ref())).collect();
        report::garden::update(data, needs.get::<super::goals::Goals>(), &changes).then_some(true)
    }

    fn text(data: &GardenReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &GardenReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }
}
