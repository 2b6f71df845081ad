//! The overdue report as terminal text and as markdown.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::escape::md_text;
use super::{more_md, more_text, or_dash, plural, wikilink, Shown, POOL_ALL};
use crate::codec::Reader;
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;
use crate::report::overdue::{DueRow, OverdueReport, DUE_SOON_DAYS};
use crate::report::{place, Limit};

fn why(row: &DueRow) -> String {
    super::due_reason(Some(row.due_reason), row.cadence)
}

fn planned(day: Option<chrono::NaiveDate>) -> String {
    day.map_or_else(String::new, |day| format!("planned {day}"))
}

fn when(days_overdue: i64) -> String {
    match days_overdue {
        0 => "today".to_string(),
        d if d > 0 => format!("{} late", super::plural(d, "day", "days")),
        -1 => "tomorrow".to_string(),
        d => format!("in {}", super::plural(-d, "day", "days")),
    }
}

/// Where every overdue or due person is.
const DUE_ALL: &str = "`kith overdue --all` lists them all (overdue.json holds every overdue person)";

pub fn text(out: &mut dyn Write, report: &OverdueReport, palette: &Palette) -> io::Result<()> {
    let shown = &Shown { limit: report.limit, plant: report.plant.as_deref() };
    let title = format!("Overdue: {} (today {})", plural(report.overdue.len(), "person", "people"), report.today);
    writeln!(out, "{}", palette.heading(&title))?;
    if report.overdue.is_empty() {
        writeln!(out, "  {}", palette.good("Nobody is overdue. Nice."))?;
    } else {
        let (rows, hidden) = shown.limit.split(&report.overdue);
        due_rows(out, rows, palette, true)?;
        more_text(out, palette, hidden, DUE_ALL)?;
    }
    if !report.due_soon.is_empty() {
        writeln!(out)?;
        let title = format!("Due in the next {DUE_SOON_DAYS} days: {}", report.due_soon.len());
        writeln!(out, "{}", palette.heading(&title))?;
        let (rows, hidden) = shown.limit.split(&report.due_soon);
        due_rows(out, rows, palette, false)?;
        more_text(out, palette, hidden, DUE_ALL)?;
    }
    if !report.not_yet_contacted.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", palette.heading(&format!("Not yet contacted: {}", report.not_yet_contacted.len())))?;
        let (rows, hidden) = shown.pool(&report.not_yet_contacted, |r| Some(&r.path));
        if hidden > 0 {
            writeln!(out, "  Plant this week: the {} most relevant", rows.len())?;
        }
        let rows: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| {
                vec![
                    Cell::new(&r.name),
                    Cell::styled(r.stage.as_str(), palette.dim(r.stage.as_str())),
                    Cell::new(r.company.unwrap_or_default()),
                    Cell::new(r.goals.join(", ")),
                    Cell::styled(planned(r.planned), palette.good(&planned(r.planned))),
                ]
            })
            .collect();
        table::write(out, "  ", &rows)?;
        more_text(out, palette, hidden, POOL_ALL)?;
    }
    Ok(())
}

fn due_rows(out: &mut dyn Write, rows: &[DueRow], palette: &Palette, late: bool) -> io::Result<()> {
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let when = when(r.days_overdue);
            let when = if late {
                Cell::styled(when.clone(), palette.bad(&when))
            } else {
                Cell::styled(when.clone(), palette.warn(&when))
            };
            let last = format!("last {}", or_dash(r.last_contact));
            vec![
                when.right(),
                Cell::new(&r.name),
                Cell::styled(r.stage.as_str(), palette.dim(r.stage.as_str())),
                Cell::styled(last.clone(), palette.dim(&last)),
                Cell::new(format!("due {} ({})", r.due, why(r))),
                Cell::styled(r.goals.join(", "), palette.accent(&r.goals.join(", "))),
                Cell::styled(planned(r.planned), palette.good(&planned(r.planned))),
            ]
        })
        .collect();
    table::write(out, "  ", &rows)
}

pub fn markdown(out: &mut dyn Write, report: &OverdueReport) -> io::Result<()> {
    let shown = &Shown { limit: report.limit, plant: report.plant.as_deref() };
    writeln!(out, "# Follow-ups on {}", report.today)?;
    writeln!(out)?;
    writeln!(out, "## Overdue ({})", report.overdue.len())?;
    writeln!(out)?;
    if report.overdue.is_empty() {
        writeln!(out, "Nobody is overdue.")?;
    } else {
        let (rows, hidden) = shown.limit.split(&report.overdue);
        due_table(out, rows)?;
        more_md(out, hidden, DUE_ALL)?;
    }
    writeln!(out)?;
    writeln!(out, "## Due in the next {DUE_SOON_DAYS} days ({})", report.due_soon.len())?;
    writeln!(out)?;
    if report.due_soon.is_empty() {
        writeln!(out, "Nobody is due this week.")?;
    } else {
        let (rows, hidden) = shown.limit.split(&report.due_soon);
        due_table(out, rows)?;
        more_md(out, hidden, DUE_ALL)?;
    }
    writeln!(out)?;
    writeln!(out, "## Not yet contacted ({})", report.not_yet_contacted.len())?;
    writeln!(out)?;
    if report.not_yet_contacted.is_empty() {
        writeln!(out, "Everyone has been contacted at least once.")?;
    } else {
        let (rows, hidden) = shown.pool(&report.not_yet_contacted, |r| Some(&r.path));
        if hidden > 0 {
            writeln!(out, "Plant this week: the {} most relevant.", rows.len())?;
            writeln!(out)?;
        }
        let any_planned = rows.iter().any(|r| r.planned.is_some());
        let (planned_head, planned_rule) = if any_planned { (" Planned |", "---|") } else { ("", "") };
        writeln!(out, "| Person | Stage | Company | Goals |{planned_head}")?;
        writeln!(out, "|---|---|---|---|{planned_rule}")?;
        for r in rows {
            let planned = if any_planned { format!(" {} |", or_dash(r.planned)) } else { String::new() };
            writeln!(
                out,
                "| {} | {} | {} | {} |{planned}",
                wikilink(&r.path, &r.name, true),
                r.stage.as_str(),
                md_text(r.company.unwrap_or("")),
                md_text(&r.goals.join(", "))
            )?;
        }
        more_md(out, hidden, POOL_ALL)?;
    }
    Ok(())
}

fn due_table(out: &mut dyn Write, rows: &[DueRow]) -> io::Result<()> {
    // The Planned column only when someone has a contact planned.
    let any_planned = rows.iter().any(|r| r.planned.is_some());
    let (planned_head, planned_rule) = if any_planned { (" Planned |", "---|") } else { ("", "") };
    writeln!(out, "| When | Person | Stage | Last contact | Due | Why |{planned_head} Goals |")?;
    writeln!(out, "|---|---|---|---|---|---|{planned_rule}---|")?;
    for r in rows {
        let planned = if any_planned { format!(" {} |", or_dash(r.planned)) } else { String::new() };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |{planned} {} |",
            when(r.days_overdue),
            wikilink(&r.path, &r.name, true),
            r.stage.as_str(),
            or_dash(r.last_contact),
            r.due,
            why(r),
            md_text(&r.goals.join(", "))
        )?;
    }
    Ok(())
}

/// The report as pages show it: how much, and whom the pool suggests planting
/// (not known, nor needed, for `--format json`).
fn paged(ctx: &Ctx<'_>, needs: &Combined<'_>, report: OverdueReport) -> OverdueReport {
    OverdueReport { limit: Limit::of(ctx.settings), plant: plant(ctx, needs), ..report }
}

/// Whom the pool suggests planting this week; `None` without the pool (JSON).
fn plant(ctx: &Ctx<'_>, needs: &Combined<'_>) -> Option<Vec<NotePath>> {
    needs.get_if::<super::pool::Pool>().and_then(|pool| pool.planted(ctx.settings))
}

/// The row a person's part puts in the JSON (`Overdue::json`): an overdue one.
fn json_row(part: &Option<Box<report::overdue::Entry>>) -> Option<&DueRow> {
    match part.as_deref() {
        Some(report::overdue::Entry::Due(row)) if row.is_overdue() => Some(row),
        _ => None,
    }
}

/// `kith overdue`; `overdue.md` and `overdue.json` (the contract).
pub struct Overdue;

impl Report for Overdue {
    const NAME: &'static str = "overdue";
    const ABOUT: &'static str = "Who is overdue for a follow-up, who is due this week, who was never contacted";
    /// The pool picks who to plant this week, shown on pages only.
    const NEEDS: &'static [&'static str] = &["pool"];
    const JSON_NEEDS: &'static [&'static str] = &[];
    /// A person's entry reads their log (dated notes' contacts included) and their goals' titles.
    const KEPT: bool = true;
    const FILES: &'static [OutFile<OverdueReport>] = &[
        OutFile { name: "overdue.md", render: |data, _, _, out| markdown(out, data) },
        // The contract (`Overdue::json`), its rows kept between rebuilds.
        OutFile {
            name: "overdue.json",
            render: |data, _, state, out| super::json_rows::json_array(out, &data.overdue, state),
        },
    ];
    /// Boxed: every note has a share, most people a row (120 bytes), and the
    /// shares are alive while the report is combined.
    type Part = Option<Box<report::overdue::Entry>>;
    type Data = OverdueReport;
    type Args = NoArgs;

    fn put_part(part: &Self::Part, out: &mut Vec<u8>) {
        match part {
            None => out.push(0),
            Some(entry) => report::overdue::put_kept(entry, out),
        }
    }

    fn get_part(r: &mut Reader<'_>, path: &NotePath) -> Option<Self::Part> {
        if r.buf.first() == Some(&0) {
            r.byte();
            return Some(None);
        }
        report::overdue::get_kept(r, path).map(|entry| Some(Box::new(entry)))
    }

    fn json_rows(data: &OverdueReport) -> Option<Vec<&NotePath>> {
        Some(data.overdue.iter().map(|row| &row.path).collect())
    }

    fn row_text(part: &Self::Part) -> Option<io::Result<String>> {
        json_row(part).map(super::json_rows::item_text)
    }

    fn row_order(a: &Self::Part, b: &Self::Part) -> std::cmp::Ordering {
        match (json_row(a), json_row(b)) {
            (Some(a), Some(b)) => report::overdue::by_urgency(a, b),
            (a, b) => a.is_some().cmp(&b.is_some()),
        }
    }

    fn part(ctx: &Ctx<'_>, _: &Facts, note: &Note) -> Self::Part {
        note.person().and_then(|p| report::overdue::entry(ctx.index, &ctx.settings.cadence, ctx.today, note, p)).map(Box::new)
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        needs: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> OverdueReport {
        paged(ctx, needs, report::overdue::combine(ctx.today, parts.filter_map(|(_, entry)| entry.as_deref())))
    }

    /// The rows are moved out of the shares, not copied.
    fn combine_once(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        needs: &Combined<'_>,
        _: &[&NotePath],
        parts: Vec<Self::Part>,
    ) -> OverdueReport {
        let counts = report::overdue::Counts::of(parts.iter().flatten().map(|entry| &**entry));
        paged(ctx, needs, report::overdue::gather(ctx.today, counts, parts.into_iter().flatten().map(|entry| *entry)))
    }

    /// The lists stay sorted: a changed person's rows are taken out and put back in place.
    fn update<'a>(
        ctx: &Ctx<'_>,
        data: &mut OverdueReport,
        needs: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        _: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        use report::overdue::{by_name, by_urgency, Entry};
        let plant = plant(ctx, needs);
        let mut differs = plant != data.plant;
        data.plant = plant;
        for (old, new) in changes {
            for (entry, put) in [(old, false), (new, true)] {
                match entry.as_deref() {
                    Some(Entry::Due(row)) if row.is_overdue() => place(&mut data.overdue, row, put, by_urgency),
                    Some(Entry::Due(row)) => place(&mut data.due_soon, row, put, by_urgency),
                    Some(Entry::Uncontacted(row)) => place(&mut data.not_yet_contacted, row, put, by_name),
                    None => {}
                }
            }
            differs |= old != new;
        }
        Some(differs)
    }

    fn text(data: &OverdueReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &OverdueReport, _: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data)
    }

    /// The contract: an array of the overdue people only.
    fn json(data: &OverdueReport, out: &mut dyn Write) -> io::Result<()> {
        super::json_list(out, &data.overdue)
    }
}
