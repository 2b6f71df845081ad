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
    out.write_all(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")?;
    out.write_all(concat!("PRODID:-//kith//kith ", env!("CARGO_PKG_VERSION"), "//EN\r\n").as_bytes())?;
    out.write_all(b"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:kith reminders\r\n")?;
    let shown: Vec<&Reminder> =
        report.reminders.iter().filter(|r| settings.calendar.contains(&r.group) && r.date.is_some()).collect();
    if let Some(alarm) = settings.alarm {
        let mut by_day: BTreeMap<NaiveDate, Vec<&Reminder>> = BTreeMap::new();
        for r in &shown {
            by_day.entry(r.date.unwrap_or(report.today).max(report.today)).or_default().push(r);
        }
        for (day, reminders) in by_day {
            out.write_all(digest(day, &reminders, report.today, alarm).as_bytes())?;
        }
    }
    for r in shown {
        match cache.events.get_mut(r) {
            Some((event, used)) => {
                out.write_all(event.as_bytes())?;
                *used = rebuild;
            }
            None => {
                let event = event(r, report.today);
                out.write_all(event.as_bytes())?;
                cache.events.insert(r.clone(), (event, rebuild));
            }
        }
    }
    cache.events.retain(|_, (_, used)| *used == rebuild);
    out.write_all(b"END:VCALENDAR\r\n")
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
    // The description lists everyone due that day (thousands of names in a big
    // vault): the crate folds a line in time quadratic in its length, so the
    // event is made with a placeholder and the line folded here, the same way.
    let event = icalendar::Event::new()
        .uid(&uid)
        .timestamp(stamp)
        .summary(&ics_text(&summary))
        .description(DESCRIPTION_PLACEHOLDER)
        .starts(day)
        .ends(next_day(day))
        .add_property("TRANSP", "TRANSPARENT")
        .alarm(alarm)
        .done()
        .to_string();
    let line = format!("DESCRIPTION:{}", escape_text(&ics_text(&description.join("\n"))));
    event.replacen(&format!("DESCRIPTION:{DESCRIPTION_PLACEHOLDER}\r\n"), &(fold_line(&line) + "\r\n"), 1)
}

/// Stands for a digest's description until it is folded (no character the crate escapes).
const DESCRIPTION_PLACEHOLDER: &str = "kith-digest-description";

/// The icalendar crate's TEXT escaping (after `ics_text`).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The icalendar crate's content line folding (RFC 5545 3.1, at 75 octets),
/// byte for byte, in linear time: it looks up the character at a byte offset
/// by counting characters from the start, so is whitespace asked the same
/// way, of the character with that index.
fn fold_line(line: &str) -> String {
    const LIMIT: usize = 75;
    let len = line.len();
    let mut ret = String::with_capacity(len + (len / LIMIT * 3));
    if len <= LIMIT {
        ret.push_str(line);
        return ret;
    }
    let chars: Vec<char> = line.chars().collect();
    let whitespace_at = |index: usize| chars.get(index).is_some_and(|c| c.is_whitespace());
    let mut bytes_remaining = len;
    let mut pos = 0;
    let mut next_pos = LIMIT;
    while bytes_remaining > LIMIT {
        if whitespace_at(next_pos) {
            next_pos -= 1;
        }
        while !line.is_char_boundary(next_pos) {
            next_pos -= 1;
            if whitespace_at(next_pos) {
                next_pos -= 1;
            }
        }
        ret.push_str(&line[pos..next_pos]);
        ret.push_str("\r\n ");
        bytes_remaining -= next_pos - pos;
        pos = next_pos;
        next_pos += LIMIT - 1;
    }
    ret.push_str(&line[len - bytes_remaining..]);
    ret
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// FNV-1a: a small, stable hash (the standard library's may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the icalendar crate writes for a DESCRIPTION holding `text`.
    fn crate_description(text: &str) -> String {
        let event = icalendar::Event::new().uid("u").description(text).done().to_string();
        let start = event.find("DESCRIPTION:").expect("a description line");
        // The line ends at the first line break not followed by a fold's space.
        let rest = &event[start..];
        let end = rest.match_indices("\r\n").map(|(at, _)| at).find(|&at| !rest[at + 2..].starts_with(' '));
        rest[..end.expect("a line break")].to_string()
    }

    #[test]
    fn long_descriptions_fold_and_escape_as_the_crate_does() {
        let mut texts = vec![String::new(), "short".to_string(), "a, b; c\\d\ne".repeat(40)];
        // Multi-byte characters and spaces near the fold points, where the crate
        // mixes byte offsets and character indexes.
        for shift in 0..80 {
            texts.push(format!("{}{}", "x".repeat(shift), "Zoë Ångström,\u{3000}老虎 tiger; x\n ".repeat(30)));
            texts.push(format!("{}{}", "é".repeat(shift), " ab\tcd ".repeat(25)));
            texts.push("🦀 ".repeat(shift * 3));
        }
        for text in texts {
            let text = ics_text(&text);
            let ours = fold_line(&format!("DESCRIPTION:{}", escape_text(&text)));
            assert_eq!(ours, crate_description(&text), "for {text:?}");
        }
    }
}
