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
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::ics_value;
use super::vcard::fold;
use crate::config::ReminderSettings;
use crate::report::remind::{order, RemindReport, Reminder};

/// Rendered events kept between rebuilds (`kith watch`): an unchanged reminder
/// is not rendered again, nor an unchanged day's digest. Only the last
/// rebuild's events are kept.
#[derive(Debug, Default)]
pub struct EventCache {
    day: Option<(NaiveDate, Option<NaiveTime>)>,
    /// The last calendar's events in its order (the report's): each reminder,
    /// whether its event carries the alarm, and the event.
    events: Vec<(Reminder, bool, String)>,
    /// The list before (emptied): its allocation takes the next calendar's events.
    spare: Vec<(Reminder, bool, String)>,
    /// Each day's digest: how many reminders and their lines it was made from, and the event.
    digests: BTreeMap<NaiveDate, (usize, String, String)>,
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
        let mut kept = std::mem::take(&mut cache.digests);
        for (day, reminders) in by_day.iter().filter(|(_, reminders)| reminders.len() > 1) {
            let lines = digest_lines(reminders);
            let text = match kept.remove(day) {
                Some((count, was, text)) if count == reminders.len() && was == lines => text,
                _ => digest(*day, reminders.len(), &lines, report.today, alarm),
            };
            out.write_all(text.as_bytes())?;
            cache.digests.insert(*day, (reminders.len(), lines, text));
        }
    }
    // Both lists are in the report's order (a total order): a reminder's old
    // event is the next old one, or follows old events whose reminders are gone.
    let mut last = std::mem::replace(&mut cache.events, std::mem::take(&mut cache.spare));
    cache.events.reserve(shown.len());
    let mut old = last.drain(..).peekable();
    for r in shown {
        let day = r.date.unwrap_or(report.today).max(report.today);
        // The day's only reminder rings itself: no digest repeats it.
        let alarm = settings.alarm.filter(|_| by_day.get(&day).is_some_and(|rs| rs.len() == 1));
        let same = |o: &(Reminder, bool, String)| o.1 == alarm.is_some() && o.0 == *r;
        if !old.peek().is_some_and(same) {
            while old.next_if(|(o, _, _)| order(o, r).is_lt()).is_some() {}
        }
        let event = match old.next_if(same) {
            Some(kept) => kept,
            None => (r.clone(), alarm.is_some(), event(r, report.today, alarm)),
        };
        out.write_all(event.2.as_bytes())?;
        cache.events.push(event);
    }
    drop(old);
    cache.spare = last;
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
fn digest(day: NaiveDate, count: usize, lines: &str, today: NaiveDate, alarm: NaiveTime) -> String {
    let summary = format!("kith: {count} reminders");
    let uid = format!("kith-digest-{}@kith", day.format("%Y%m%d"));
    let mut out = String::with_capacity(512 + lines.len() + lines.len() / 16);
    event_lines(&mut out, day, today, &uid, &summary, lines);
    alarm_lines(&mut out, &uid, &summary, alarm);
    out.push_str("END:VEVENT\r\n");
    out
}

/// A digest's description: each reminder's action and name, one a line.
fn digest_lines(reminders: &[&Reminder]) -> String {
    let mut lines = String::with_capacity(reminders.len() * 32);
    for (i, r) in reminders.iter().enumerate() {
        if i > 0 {
            lines.push('\n');
        }
        lines.push_str(r.action);
        lines.push(' ');
        lines.push_str(&r.name);
    }
    lines
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
