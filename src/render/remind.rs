//! Reminders as a task list (Obsidian Tasks syntax) and as terminal text.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::{more_md, more_text, Linker, Shown, POOL_ALL};
use crate::config::ReminderGroup;
use crate::note::Note;
use crate::path::NotePath;
use crate::render::registry::{Combined, Ctx, Facts, NoArgs, OutFile, Page, Report};
use crate::report;
use crate::report::remind::{RemindReport, Reminder};
use crate::report::{place, Limit};

pub const GROUPS: [(ReminderGroup, &str); 6] = [
    (ReminderGroup::Overdue, "Overdue"),
    (ReminderGroup::ThisWeek, "Due this week"),
    (ReminderGroup::Next30Days, "Next 30 days"),
    (ReminderGroup::Referrals, "Referrals to follow through"),
    (ReminderGroup::NotContacted, "Not yet contacted"),
    (ReminderGroup::Dates, "Important dates"),
];

fn reason(r: &Reminder) -> String {
    if r.goals.is_empty() {
        r.why.clone()
    } else {
        format!("{} · {}", r.why, r.goals.join(", "))
    }
}

/// `- [ ] Follow up with [[Ada Lovelace]] — last talked 2026-09-10, every 6w 📅 2026-11-09`
pub fn task_line(r: &Reminder, links: &Linker) -> String {
    let who = match &r.path {
        Some(path) => links.link(path, &r.name, false),
        None => super::name_link(&r.name),
    };
    let due = r.date.map(|d| format!(" 📅 {d}")).unwrap_or_default();
    format!("- [ ] {} {who} — {}{due}", r.action, super::escape::md_text(&reason(r)))
}

/// A group's reminders to show, how many are left out, and where they all are.
fn pick<'r>(
    group: ReminderGroup,
    items: &[&'r Reminder],
    shown: &Shown<'_>,
) -> (Vec<&'r Reminder>, usize, &'static str) {
    if group == ReminderGroup::NotContacted {
        let (rows, hidden) = shown.pool(items, |r| r.path.as_ref());
        (rows.into_iter().copied().collect(), hidden, POOL_ALL)
    } else {
        let (rows, hidden) = shown.limit.split(items);
        (rows.to_vec(), hidden, "`kith remind --all` lists them all")
    }
}

pub fn markdown(out: &mut dyn Write, report: &RemindReport, links: &Linker) -> io::Result<()> {
    let shown = &Shown { limit: report.limit, plant: report.plant.as_deref() };
    writeln!(out, "# Reminders on {}", report.today)?;
    for (group, title) in GROUPS {
        let items: Vec<&Reminder> = report.group(group).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {title} ({})", items.len())?;
        writeln!(out)?;
        let (rows, hidden, all) = pick(group, &items, shown);
        if group == ReminderGroup::NotContacted && hidden > 0 {
            writeln!(
                out,
                "Plant this week: the {} most relevant of the people you have not contacted yet.",
                rows.len()
            )?;
            writeln!(out)?;
        }
        for r in rows {
            writeln!(out, "{}", task_line(r, links))?;
        }
        more_md(out, hidden, all)?;
    }
    if report.reminders.is_empty() {
        writeln!(out)?;
        writeln!(out, "Nothing to do. Enjoy the week.")?;
    }
    Ok(())
}

pub fn text(out: &mut dyn Write, report: &RemindReport, palette: &Palette) -> io::Result<()> {
    let shown = &Shown { limit: report.limit, plant: report.plant.as_deref() };
    writeln!(out, "{}", palette.heading(&format!("Reminders (today {})", report.today)))?;
    for (group, title) in GROUPS {
        let items: Vec<&Reminder> = report.group(group).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", palette.heading(&format!("{title}: {}", items.len())))?;
        let (items, hidden, all) = pick(group, &items, shown);
        if group == ReminderGroup::NotContacted && hidden > 0 {
            writeln!(out, "  Plant this week: the {} most relevant", items.len())?;
        }
        let rows: Vec<Vec<Cell>> = items
            .iter()
            .map(|r| {
                let date = r.date.map(|d| d.to_string()).unwrap_or_default();
                vec![
                    Cell::styled(date.clone(), palette.dim(&date)),
                    Cell::new(format!("{} {}", r.action, r.name)),
                    Cell::new(reason(r)),
                ]
            })
            .collect();
        table::write(out, "  ", &rows)?;
        more_text(out, palette, hidden, all)?;
    }
    if report.reminders.is_empty() {
        writeln!(out, "  Nothing to do. Enjoy the week.")?;
    }
    Ok(())
}

/// `kith remind`; `reminders.md` (Obsidian Tasks) and `reminders.ics`.
pub struct Remind;

impl Report for Remind {
    const NAME: &'static str = "remind";
    const ABOUT: &'static str =
        "Everything to act on: overdue, this week, next 30 days, referrals, first contacts, important dates";
    const USES_REFERRALS: bool = true;
    const NEEDS: &'static [&'static str] = &["pool"];
    const FILES: &'static [OutFile<RemindReport>] = &[
        OutFile { name: "reminders.md", render: |data, page, _, out| markdown(out, data, page.links) },
        OutFile {
            name: "reminders.ics",
            render: |data, _, state, out| {
                let cache = state.get_or_insert_with(|| Box::new(super::ics::EventCache::default()));
                match cache.downcast_mut::<super::ics::EventCache>() {
                    Some(cache) => super::ics::calendar_cached(out, data, &data.calendar, cache),
                    None => super::ics::calendar(out, data, &data.calendar),
                }
            },
        },
    ];
    type Part = Vec<Reminder>;
    type Data = RemindReport;
    type Args = NoArgs;

    fn part(ctx: &Ctx<'_>, facts: &Facts, note: &Note) -> Self::Part {
        let Some(person) = note.person() else { return Vec::new() };
        report::remind::reminders_for(ctx.index, ctx.settings, ctx.today, note, person, facts.open_referrals())
    }

    fn combine<'a>(
        ctx: &Ctx<'_>,
        _: &NoArgs,
        needs: &Combined<'_>,
        parts: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> RemindReport {
        RemindReport {
            limit: Limit::of(ctx.settings),
            plant: needs.get::<super::pool::Pool>().planted(ctx.settings),
            ..report::remind::combine(ctx.today, &ctx.settings.reminders, parts.flat_map(|(_, r)| r.iter().cloned()))
        }
    }

    /// The list stays sorted: a changed person's reminders are taken out and put back in place.
    fn update<'a>(
        ctx: &Ctx<'_>,
        data: &mut RemindReport,
        needs: &Combined<'_>,
        changes: &[(&Self::Part, &Self::Part)],
        _: impl Iterator<Item = (&'a NotePath, &'a Self::Part)> + Clone,
    ) -> Option<bool> {
        let plant = needs.get::<super::pool::Pool>().planted(ctx.settings);
        let mut differs = plant != data.plant;
        data.plant = plant;
        for (old, new) in changes {
            differs |= old != new;
            for reminder in old.iter() {
                place(&mut data.reminders, reminder, false, report::remind::order);
            }
            for reminder in new.iter() {
                place(&mut data.reminders, reminder, true, report::remind::order);
            }
        }
        Some(differs)
    }

    fn text(data: &RemindReport, palette: &Palette, out: &mut dyn Write) -> io::Result<()> {
        text(out, data, palette)
    }

    fn markdown(data: &RemindReport, page: &Page<'_>, out: &mut dyn Write) -> io::Result<()> {
        markdown(out, data, page.links)
    }

    fn json(data: &RemindReport, out: &mut dyn Write) -> io::Result<()> {
        super::json_list(out, &data.reminders)
    }
}
