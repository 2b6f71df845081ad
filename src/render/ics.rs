//! Reminders as an RFC 5545 calendar that Google, Apple and Thunderbird import:
//! one silent all-day event per reminder, with a UID that stays the same for
//! the same reminder so re-importing or subscribing updates instead of
//! duplicating, and one digest event per day that carries the day's only
//! alarm and lists who is due (a calendar rings once a day, not once a person).
//! Written with the `icalendar` crate (folding at 75 octets, escaping, CRLF).

use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Alarm, Component, EventLike, Trigger};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::ics_text;
use crate::config::ReminderSettings;
use crate::report::remind::{RemindReport, Reminder};

/// Rendered events kept between rebuilds (`kith watch`): an unchanged reminder
/// is not rendered again. Only the last rebuild's events are kept.
#[derive(Debug, Default)]
pub struct EventCache {
    day: Option<(NaiveDate, Option<NaiveTime>)>,
    /// Each event, with the rebuild that last used it.
    events: FxHashMap<Reminder, (String, u64)>,
    rebuild: u64,
    /// The last calendar's size, to allocate the next one at once.
    size: usize,
}

pub fn calendar(out: &mut dyn Write, report: &RemindReport, settings: &ReminderSettings) -> io::Result<()> {
    calendar_cached(out, report, settings, &mut EventCache::default())
}

pub fn calendar_cached(
    out: &mut dyn Write,
    report: &RemindReport,
    settings: &ReminderSettings,
    cache: &mut EventCache,
) -> io::Result<()> {
    let day = Some((report.today, settings.alarm));
    if cache.day != day {
        *cache = EventCache { day, ..EventCache::default() };
    }
    cache.rebuild += 1;
    let rebuild = cache.rebuild;
    // The calendar's own lines are fixed; each event comes from the icalendar crate.
    let mut text = String::with_capacity(cache.size);
    text.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    text.push_str(concat!("PRODID:-//kith//kith ", env!("CARGO_PKG_VERSION"), "//EN\r\n"));
    text.push_str("CALSCALE:GREGORIAN\r\nX-WR-CALNAME:kith reminders\r\n");
    let shown: Vec<&Reminder> =
        report.reminders.iter().filter(|r| settings.calendar.contains(&r.group) && r.date.is_some()).collect();
    if let Some(alarm) = settings.alarm {
        let mut by_day: BTreeMap<NaiveDate, Vec<&Reminder>> = BTreeMap::new();
        for r in &shown {
            by_day.entry(r.date.unwrap_or(report.today).max(report.today)).or_default().push(r);
        }
        for (day, reminders) in by_day {
            text.push_str(&digest(day, &reminders, report.today, alarm));
        }
    }
    for r in shown {
        match cache.events.get_mut(r) {
            Some((event, used)) => {
                text.push_str(event);
                *used = rebuild;
            }
            None => {
                let event = event(r, report.today);
                text.push_str(&event);
                cache.events.insert(r.clone(), (event, rebuild));
            }
        }
    }
    cache.events.retain(|_, (_, used)| *used == rebuild);
    cache.size = text.len() + 64;
    text.push_str("END:VCALENDAR\r\n");
    out.write_all(text.as_bytes())
}

/// One VEVENT (with its VALARM), as folded, escaped iCalendar text.
fn event(r: &Reminder, today: NaiveDate) -> String {
    // DTSTAMP is the report's day, not the clock: unchanged notes give an unchanged file.
    let stamp = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let date = r.date.unwrap_or(today);
    // Overdue reminders sit on today; the description keeps the original date.
    let day = date.max(today);
    let summary = format!("{} {}", r.action, r.name);
    let mut description = r.why.clone();
    if date < today {
        description.push_str(&format!("\nDue {date}."));
    }
    if !r.goals.is_empty() {
        description.push_str(&format!("\nGoals: {}", r.goals.join(", ")));
    }
    if let Some(path) = &r.path {
        description.push_str(&format!("\nNote: {path}"));
    }
    let uid = format!("kith-{:016x}@kith", fnv1a(r.key.as_bytes()));
    let mut event = icalendar::Event::new();
    event
        .uid(&uid)
        .timestamp(stamp)
        .summary(&ics_text(&summary))
        .description(&ics_text(&description))
        .starts(day)
        .ends(next_day(day))
        .add_property("TRANSP", "TRANSPARENT");
    event.done().to_string()
}

/// The day's digest: every reminder of `day` in one event with the day's one
/// alarm. Its UID is the day's, so it updates in place as the list changes.
fn digest(day: NaiveDate, reminders: &[&Reminder], today: NaiveDate, alarm_time: NaiveTime) -> String {
    let stamp = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let summary = match reminders {
        [one] => format!("kith: {} {}", one.action, one.name),
        many => format!("kith: {} reminders", many.len()),
    };
    let description: Vec<String> = reminders.iter().map(|r| format!("{} {}", r.action, r.name)).collect();
    let uid = format!("kith-digest-{}@kith", day.format("%Y%m%d"));
    let offset = alarm_time - NaiveTime::MIN;
    let alarm = Alarm::display(&ics_text(&summary), Trigger::from(offset))
        .uid(&uid.replace('@', "-alarm@"))
        .timestamp(stamp)
        .done();
    icalendar::Event::new()
        .uid(&uid)
        .timestamp(stamp)
        .summary(&ics_text(&summary))
        .description(&ics_text(&description.join("\n")))
        .starts(day)
        .ends(next_day(day))
        .add_property("TRANSP", "TRANSPARENT")
        .alarm(alarm)
        .done()
        .to_string()
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// FNV-1a: a small, stable hash (the standard library's may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
