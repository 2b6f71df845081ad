//! Reminders as an RFC 5545 calendar that Google, Apple and Thunderbird import:
//! one silent all-day event per reminder, with a UID that stays the same for
//! the same reminder so re-importing or subscribing updates instead of
//! duplicating. A calendar rings once a day, not once a person, and shows each
//! reminder once: on a day with one reminder, its event carries the alarm; on
//! a day with several, they are silent and one digest event (`kith: 3
//! reminders`) lists them and carries the day's only alarm.
//! Written here: one escaping function (`escape::ics_value`), folding at 75
//! octets without splitting a character (`vcard::fold`), CRLF.

use chrono::{Days, NaiveDate, NaiveTime};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::ics_value;
use super::vcard::fold;
use crate::config::ReminderSettings;
use crate::report::remind::{RemindReport, Reminder};

/// Rendered events kept between rebuilds (`kith watch`): an unchanged reminder
/// is not rendered again. Only the last rebuild's events are kept.
#[derive(Debug, Default)]
pub struct EventCache {
    day: Option<(NaiveDate, Option<NaiveTime>)>,
    /// Each event, whether it carries the alarm, and the rebuild that last used it.
    events: FxHashMap<Reminder, (String, bool, u64)>,
    rebuild: u64,
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
    // The calendar's own lines are fixed; each event is rendered once and cached.
    out.write_all(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")?;
    out.write_all(concat!("PRODID:-//kith//kith ", env!("CARGO_PKG_VERSION"), "//EN\r\n").as_bytes())?;
    out.write_all(b"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:kith reminders\r\n")?;
    let shown: Vec<&Reminder> =
        report.reminders.iter().filter(|r| settings.calendar.contains(&r.group) && r.date.is_some()).collect();
    let mut by_day: BTreeMap<NaiveDate, Vec<&Reminder>> = BTreeMap::new();
    for r in &shown {
        by_day.entry(r.date.unwrap_or(report.today).max(report.today)).or_default().push(r);
    }
    if let Some(alarm) = settings.alarm {
        for (day, reminders) in by_day.iter().filter(|(_, reminders)| reminders.len() > 1) {
            out.write_all(digest(*day, reminders, report.today, alarm).as_bytes())?;
        }
    }
    for r in shown {
        let day = r.date.unwrap_or(report.today).max(report.today);
        // The day's only reminder rings itself: no digest repeats it.
        let alarm = settings.alarm.filter(|_| by_day.get(&day).is_some_and(|rs| rs.len() == 1));
        match cache.events.get_mut(r) {
            Some((event, rings, used)) if *rings == alarm.is_some() => {
                out.write_all(event.as_bytes())?;
                *used = rebuild;
            }
            _ => {
                let event = event(r, report.today, alarm);
                out.write_all(event.as_bytes())?;
                cache.events.insert(r.clone(), (event, alarm.is_some(), rebuild));
            }
        }
    }
    cache.events.retain(|_, (_, _, used)| *used == rebuild);
    out.write_all(b"END:VCALENDAR\r\n")
}

/// One VEVENT, as folded, escaped iCalendar text; with `alarm`, it rings at
/// that time of its day.
fn event(r: &Reminder, today: NaiveDate, alarm: Option<NaiveTime>) -> String {
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
    let mut out = String::with_capacity(256 + summary.len() + description.len());
    event_lines(&mut out, day, today, &uid, &summary, &description);
    if let Some(alarm) = alarm {
        alarm_lines(&mut out, &uid, &summary, alarm);
    }
    out.push_str("END:VEVENT\r\n");
    out
}

/// The digest of a day with several reminders: all of them in one event with
/// the day's one alarm. Its UID is the day's, so it updates in place as the
/// list changes.
fn digest(day: NaiveDate, reminders: &[&Reminder], today: NaiveDate, alarm: NaiveTime) -> String {
    let summary = format!("kith: {} reminders", reminders.len());
    let description: Vec<String> = reminders.iter().map(|r| format!("{} {}", r.action, r.name)).collect();
    let uid = format!("kith-digest-{}@kith", day.format("%Y%m%d"));
    let mut out = String::with_capacity(512);
    event_lines(&mut out, day, today, &uid, &summary, &description.join("\n"));
    alarm_lines(&mut out, &uid, &summary, alarm);
    out.push_str("END:VEVENT\r\n");
    out
}

/// A display alarm at `alarm` on the event's day (RFC 5545 3.6.6: no DTSTAMP
/// in a VALARM; its UID, from RFC 9074, follows the event's).
fn alarm_lines(out: &mut String, uid: &str, summary: &str, alarm: NaiveTime) {
    out.push_str("BEGIN:VALARM\r\nACTION:DISPLAY\r\n");
    fold(&format!("DESCRIPTION:{}", ics_value(summary)), out);
    out.push_str(&format!("TRIGGER:PT{}S\r\n", (alarm - NaiveTime::MIN).num_seconds()));
    fold(&format!("UID:{}", ics_value(&uid.replace('@', "-alarm@"))), out);
    out.push_str("END:VALARM\r\n");
}

/// An all-day, silent event's lines up to its end (or its alarm). Written
/// here, not by the icalendar crate, whose folding panicked on long lines
/// of multi-byte spaces (it mixes byte and character positions) and let
/// continuation lines reach 76 octets. DTSTAMP is the report's day, not
/// the clock: unchanged notes give an unchanged file.
fn event_lines(out: &mut String, day: NaiveDate, today: NaiveDate, uid: &str, summary: &str, description: &str) {
    out.push_str("BEGIN:VEVENT\r\n");
    fold(&format!("DESCRIPTION:{}", ics_value(description)), out);
    out.push_str(&format!("DTEND;VALUE=DATE:{}\r\n", next_day(day).format("%Y%m%d")));
    out.push_str(&format!("DTSTAMP:{}\r\n", stamp(today)));
    out.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", day.format("%Y%m%d")));
    fold(&format!("SUMMARY:{}", ics_value(summary)), out);
    out.push_str("TRANSP:TRANSPARENT\r\n");
    fold(&format!("UID:{}", ics_value(uid)), out);
}

fn stamp(today: NaiveDate) -> String {
    format!("{}T000000Z", today.format("%Y%m%d"))
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// FNV-1a: a small, stable hash (the standard library's may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
