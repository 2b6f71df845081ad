//! Reminders as a task list (Obsidian Tasks syntax) and as terminal text.

use std::io::{self, Write};

use super::style::Palette;
use super::table::{self, Cell};
use super::Linker;
use crate::config::ReminderGroup;
use crate::report::remind::{RemindReport, Reminder};

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
        None => format!("[[{}]]", r.name),
    };
    let due = r.date.map(|d| format!(" 📅 {d}")).unwrap_or_default();
    format!("- [ ] {} {who} — {}{due}", r.action, reason(r).replace('\n', " "))
}

pub fn markdown(out: &mut dyn Write, report: &RemindReport, links: &Linker) -> io::Result<()> {
    writeln!(out, "# Reminders on {}", report.today)?;
    for (group, title) in GROUPS {
        let items: Vec<&Reminder> = report.group(group).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {title} ({})", items.len())?;
        writeln!(out)?;
        for r in items {
            writeln!(out, "{}", task_line(r, links))?;
        }
    }
    if report.reminders.is_empty() {
        writeln!(out)?;
        writeln!(out, "Nothing to do. Enjoy the week.")?;
    }
    Ok(())
}

pub fn text(out: &mut dyn Write, report: &RemindReport, palette: &Palette) -> io::Result<()> {
    writeln!(out, "{}", palette.heading(&format!("Reminders (today {})", report.today)))?;
    for (group, title) in GROUPS {
        let items: Vec<&Reminder> = report.group(group).collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", palette.heading(&format!("{title}: {}", items.len())))?;
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
    }
    if report.reminders.is_empty() {
        writeln!(out, "  Nothing to do. Enjoy the week.")?;
    }
    Ok(())
}
