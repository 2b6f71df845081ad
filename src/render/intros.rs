//! The introduction graph as text and markdown.

use std::io::{self, Write};

use super::style::Palette;
use super::escape::md_text;
use super::{more_md, more_text, name_link, or_dash, plural, wikilink};
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, OutFile, Page, Report};
use crate::report;

const ALL: &str = "`kith intros --all` lists them all";
use crate::report::intros::IntrosReport;

/// The refusal of a `--goal` that names no goal: the close titles, or the
/// goals themselves when there are few, as `show` and `add` do for people.
fn unknown_goal(index: &crate::index::Index, goal: &str) -> String {
    use crate::index::names::{self, Found, SUGGESTIONS};
    use crate::note::Kind;
    let mut message = format!("no goal named \"{}\"", super::escape::terminal(goal));
    let close = match names::find(index, goal, Kind::Goal) {
        Found::One(note, _) => vec![note],
        Found::Several(notes) | Found::Suggest(notes) => notes,
    };
    let (label, shown) = super::goal_candidates(index, close);
    if shown.is_empty() {
        message.push_str("\nhint: the vault has no goal notes yet");
        return message;
    }
    if label == "the goals are" && shown.len() > 2 * SUGGESTIONS {
        message.push_str("\nhint: `kith goals` lists the goals");
        return message;
    }
    message.push_str(&format!("\n{label}:"));
    for note in shown {
        message.push('\n');
        message.push_str(&super::candidate_line(note));
    }
    message
}

fn via(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (via {})", names.join(", "))
    }
}

pub fn text(out: &mut dyn Write, r: &IntrosReport, palette: &Palette) -> io::Result<()> {
    let limit = r.limit;
    if let Some(goal) = &r.goal {
        writeln!(
            out,
            "{}",
            palette.heading(&format!(
                "Who could introduce you, for \"{goal}\": {}",
                plural(r.paths.len(), "path", "paths")
            ))
        )?;
        if r.paths.is_empty() {
            writeln!(out, "  No second-degree person is linked to this goal yet.")?;
        }
        let (paths, hidden) = limit.split(&r.paths);
        for p in paths {
            writeln!(
                out,
                "  {} → {}  {}",
                p.via,
                p.target,
                palette.dim(&format!(
                    "{}, last contact {}, give-get {:+}",
                    p.via_stage.as_str(),
                    or_dash(p.via_last_contact),
                    p.via_balance
                ))
            )?;
        }
        more_text(out, palette, hidden, ALL)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", palette.heading(&format!("First degree: {}", r.first_degree.len())))?;
    let (first, hidden) = limit.split(&r.first_degree);
    writeln!(out, "  {}", first.join(", "))?;
    more_text(out, palette, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "{}", palette.heading(&format!("Second degree (known through someone): {}", r.second_degree.len())))?;
    let (second, hidden) = limit.split(&r.second_degree);
    for k in second {
        writeln!(out, "  {}{}", k.name, via(&k.via))?;
    }
    more_text(out, palette, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "{}", palette.heading(&format!("Known by name only (no note yet): {}", r.known_by_name_only.len())))?;
    let (by_name, hidden) = limit.split(&r.known_by_name_only);
    for k in by_name {
        writeln!(out, "  {}{}", k.name, via(&k.via))?;
    }
    more_text(out, palette, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "{}", palette.heading("Introducers"))?;
    let (introducers, hidden) = limit.split(&r.introducers);
    for i in introducers {
        writeln!(out, "  {} introduced {}", i.name, plural(i.introduced, "person", "people"))?;
    }
    more_text(out, palette, hidden, ALL)
}

pub fn markdown(out: &mut dyn Write, r: &IntrosReport) -> io::Result<()> {
    let limit = r.limit;
    writeln!(out, "# Introductions")?;
    writeln!(out)?;
    if let Some(goal) = &r.goal {
        writeln!(out, "## Introductions for {} ({})", name_link(goal), r.paths.len())?;
        writeln!(out)?;
        if r.paths.is_empty() {
            writeln!(out, "No second-degree person is linked to this goal yet.")?;
        }
        let (paths, hidden) = limit.split(&r.paths);
        for p in paths {
            writeln!(
                out,
                "- Ask {} to introduce you to {} ({})",
                wikilink(&p.via_path, p.via_path.stem(), false),
                wikilink(&p.target_path, p.target_path.stem(), false),
                p.via_stage.as_str()
            )?;
        }
        more_md(out, hidden, ALL)?;
        writeln!(out)?;
    }
    writeln!(out, "## First degree ({})", r.first_degree.len())?;
    writeln!(out)?;
    if r.first_degree.is_empty() {
        writeln!(out, "Nobody contacted yet.")?;
    } else {
        let (first, hidden) = limit.split(&r.first_degree);
        writeln!(out, "{}", md_text(&first.join(", ")))?;
        more_md(out, hidden, ALL)?;
    }
    writeln!(out)?;
    writeln!(out, "## Second degree, known through someone ({})", r.second_degree.len())?;
    writeln!(out)?;
    if r.second_degree.is_empty() {
        writeln!(out, "Nobody yet: link who introduced whom with `introduced_by` or `#intro` entries.")?;
    }
    let (second, hidden) = limit.split(&r.second_degree);
    for k in second {
        let who = k.path.as_ref().map_or_else(|| name_link(&k.name), |p| wikilink(p, p.stem(), false));
        writeln!(out, "- {who}{}", md_text(&via(&k.via)))?;
    }
    more_md(out, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "## Known by name only, no note yet ({})", r.known_by_name_only.len())?;
    writeln!(out)?;
    if r.known_by_name_only.is_empty() {
        writeln!(out, "None.")?;
    }
    let (by_name, hidden) = limit.split(&r.known_by_name_only);
    for k in by_name {
        writeln!(out, "- {}{}", name_link(&k.name), md_text(&via(&k.via)))?;
    }
    more_md(out, hidden, ALL)?;
    writeln!(out)?;
    writeln!(out, "## Introducers ({})", r.introducers.len())?;
    writeln!(out)?;
    if r.introducers.is_empty() {
        writeln!(out, "None yet.")?;
    }
    let (introducers, hidden) = limit.split(&r.introducers);
    for i in introducers {
        let who = wikilink(&i.path, i.path.stem(), false);
        writeln!(out, "- {who} introduced {}", plural(i.introduced, "person", "people"))?;
    }
    more_md(out, hidden, ALL)
}

/// `kith intros`; `intros.md`.
pub struct Intros;

#[derive(Debug, Default, clap::Args)]
pub struct IntrosArgs {
    /// Who could introduce you to the second-degree people linked to this goal
    #[arg(long, value_name = "GOAL")]
    goal: Option<String>,
}

impl Report for Intros {
    const NAME: &'static str = "intros";
    const ABOUT: &'static str = "Introductions: first and second degree, introducers, and paths toward a goal";
    const FILES: &'static [OutFile<IntrosReport>] =
        &[OutFile { name: "intros.md", render: |data, _, _, out| markdown(out, data) }];
    type Part = Option<report::intros::Part>;
    type Data = IntrosReport;
    type Args = IntrosArgs;

    fn part(ctx: &Ctx<'_>, _: &Facts, note: &Note) -> Self::Part {
        note.person().map(|p| report::intros::part(ctx.index, &ctx.settings.cadence, ctx.today, note, p))
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        args: &IntrosArgs,
        _: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> IntrosReport {
        let parts = parts.filter_map(|(path, p)| p.as_ref().map(|p| (path, p)));
        let report = report::intros::combine(ctx.index, &ctx.settings.cadence, ctx.today, args.goal.as_deref(), parts);
        IntrosReport { limit: crate::report::Limit::of(ctx.settings), ..report }
    }

    fn check_args(ctx: &Ctx<'_>, args: &IntrosArgs) -> Result<(), String> {
        match &args.goal {
            Some(goal) if ctx.index.resolve_goal(goal).is_none() => Err(unknown_goal(ctx.index, goal)),
            _ => Ok(()),
        }
    }

    fn text(data: &IntrosReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &IntrosReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }
}
