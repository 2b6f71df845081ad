//! Circles and interests as text and markdown.

use std::io::{self, Write};

use super::escape::md_text;
use super::{more_md, more_text, Limit};

const ALL: &str = "`kith circles --all` lists them all";
/// Names shown per circle or interest.
pub const NAMES: usize = 10;

/// A group's people, the first `limit` of them, with "and N more".
fn who(people: &[String], limit: Limit) -> String {
    let (names, hidden) = limit.at_most(NAMES).split(people);
    let mut who = names.join(", ");
    if hidden > 0 {
        who.push_str(&format!(" and {hidden} more"));
    }
    who
}
use super::style::Palette;
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;
use crate::report::circles::{CirclesReport, Group};

pub fn text(out: &mut dyn Write, report: &CirclesReport, palette: &Palette) -> io::Result<()> {
    let limit = report.limit;
    for (title, groups) in [("Circles", &report.circles), ("Interests", &report.interests)] {
        writeln!(out, "{}", palette.heading(&format!("{title}: {}", groups.len())))?;
        let (shown, hidden) = limit.split(groups);
        for g in shown {
            writeln!(out, "  {} ({}): {}", g.name, g.count, who(&g.people, limit))?;
        }
        more_text(out, palette, hidden, ALL)?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, report: &CirclesReport) -> io::Result<()> {
    let limit = report.limit;
    writeln!(out, "# Circles and interests")?;
    writeln!(out)?;
    let table = |out: &mut dyn Write, title: &str, groups: &[Group]| -> io::Result<()> {
        writeln!(out, "## {title} ({})", groups.len())?;
        writeln!(out)?;
        if groups.is_empty() {
            let field = title.to_lowercase();
            return writeln!(out, "None yet: list them in a person's `{field}` field.\n");
        }
        writeln!(out, "| {title} | People | Who |")?;
        writeln!(out, "|---|---:|---|")?;
        let (shown, hidden) = limit.split(groups);
        for g in shown {
            writeln!(out, "| {} | {} | {} |", md_text(&g.name), g.count, md_text(&who(&g.people, limit)))?;
        }
        more_md(out, hidden, ALL)?;
        writeln!(out)
    };
    table(out, "Circles", &report.circles)?;
    table(out, "Interests", &report.interests)
}

/// `kith circles`; `circles.md`.
pub struct Circles;

impl Report for Circles {
    const NAME: &'static str = "circles";
    const ABOUT: &'static str = "Circles and interests, with the people in each";
    const FILES: &'static [OutFile<CirclesReport>] =
        &[OutFile { name: "circles.md", render: |data, _, _, out| markdown(out, data) }];
    type Part = Option<report::circles::Membership>;
    type Data = CirclesReport;
    type Args = NoArgs;

    fn part(_: &Ctx<'_>, _: &Facts, note: &Note) -> Self::Part {
        note.person().and_then(report::circles::membership)
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> CirclesReport {
        CirclesReport {
            limit: crate::report::Limit::of(ctx.settings),
            ..report::circles::combine(parts.filter_map(|(_, m)| m.as_ref()))
        }
    }

    fn text(data: &CirclesReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &CirclesReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }
}
