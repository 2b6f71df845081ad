//! Reminders as an RFC 5545 calendar that Google, Apple and Thunderbird import:
//! all-day events with a display alarm, and UIDs that stay the same for the
//! same reminder so re-importing or subscribing updates instead of duplicating.
//! Written with the `icalendar` crate (folding at 75 octets, escaping, CRLF).

use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, Property, Trigger};
use std::io::{self, Write};

use crate::config::ReminderSettings;
use crate::report::remind::RemindReport;

pub fn calendar(out: &mut dyn Write, report: &RemindReport, settings: &ReminderSettings) -> io::Result<()> {
    let today = report.today;
    // DTSTAMP is the report's day, not the clock: unchanged notes give an unchanged file.
    let stamp = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", concat!("-//kith//kith ", env!("CARGO_PKG_VERSION"), "//EN")));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("X-WR-CALNAME", "kith reminders"));
    for r in report.reminders.iter().filter(|r| settings.calendar.contains(&r.group)) {
        let Some(date) = r.date else { continue };
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
            .summary(&summary)
            .description(&description)
            .starts(day)
            .ends(next_day(day))
            .add_property("TRANSP", "TRANSPARENT");
        if let Some(alarm_time) = settings.alarm {
            let offset = alarm_time - NaiveTime::MIN;
            let alarm = Alarm::display(&summary, Trigger::from(offset))
                .uid(&uid.replace('@', "-alarm@"))
                .timestamp(stamp)
                .done();
            event.alarm(alarm);
        }
        cal.push(event.done());
    }
    out.write_all(cal.to_string().as_bytes())
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// FNV-1a: a small, stable hash (the standard library's may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
