//! Target 5: the iCalendar (`render::ics`) and vCard (`interop::card`)
//! writers, with arbitrary text in every value (control characters, bare CR,
//! LF, commas, semicolons, backslashes, non-ASCII, very long lines). The
//! output is read back twice: by the independent `ical` crate (the same
//! components and properties, nothing injected) and by a strict RFC 5545 /
//! 6350 unfolding and unescaping here (each value equal to the text it came
//! from, as one value). Every line is CRLF-terminated, at most 75 octets.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::json;

use kith::config::{ReminderGroup, Settings};
use kith::interop::card::{cards, Version};
use kith::path::NotePath;
use kith::render::ics::calendar;
use kith::report::remind::{RemindReport, Reminder};
use kith::report::Limit;

use crate::corpus::text;
use crate::fuzz;

/// Text as a calendar or card can hold it: line breaks of any kind become
/// one LF, a tab a space, other control characters are dropped.
fn normalised(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Physical lines: CRLF after each, none longer than 75 octets, no other control character.
fn check_lines(out: &str) -> Result<(), TestCaseError> {
    prop_assert!(out.ends_with("\r\n"));
    for line in out.split_terminator("\r\n") {
        prop_assert!(line.len() <= 75, "{} octets: {:?}", line.len(), line);
        prop_assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "control character in {:?}", line);
    }
    Ok(())
}

/// Strict unfolding: (name, value) of each content line.
fn content_lines(out: &str) -> Vec<(String, String)> {
    out.replace("\r\n ", "")
        .replace("\r\n\t", "")
        .split_terminator("\r\n")
        .map(|line| {
            let colon = line.find(':').unwrap_or(line.len());
            let head = &line[..colon];
            let name = head.split(';').next().unwrap_or(head);
            (name.to_string(), line.get(colon + 1..).unwrap_or("").to_string())
        })
        .collect()
}

/// RFC 5545 3.3.11 / RFC 6350 3.4 TEXT, split at unescaped `sep` when given.
fn unescape_parts(value: &str, sep: Option<char>) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().unwrap().push('\n'),
                Some(other) => parts.last_mut().unwrap().push(other),
                None => parts.last_mut().unwrap().push('\\'),
            },
            c if Some(c) == sep => parts.push(String::new()),
            c => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

fn unescape(value: &str) -> String {
    unescape_parts(value, None).remove(0)
}

fn value_of<'a>(lines: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    lines.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

fn check_calendar(today: NaiveDate, reminders: Vec<Reminder>) -> Result<(), TestCaseError> {
    let settings = Settings::default().reminders;
    let report = RemindReport { today, reminders, calendar: settings.clone(), limit: Limit::ALL, plant: None };
    let mut out = Vec::new();
    calendar(&mut out, &report, &settings).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let out = String::from_utf8(out).map_err(|e| TestCaseError::fail(e.to_string()))?;
    check_lines(&out)?;
    let shown: Vec<&Reminder> = report.reminders.iter().filter(|r| r.date.is_some()).collect();
    let mut per_day: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
    for r in &shown {
        *per_day.entry(r.date.unwrap_or(today).max(today)).or_default() += 1;
    }
    // A digest for each day with several reminders; a day's only reminder rings itself.
    let days: Vec<NaiveDate> = per_day.iter().filter(|(_, n)| **n > 1).map(|(d, _)| *d).collect();

    // The independent parser: one calendar, one event per reminder and per digest.
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.as_bytes()));
    let parsed = parser.next().expect("a calendar").map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
    prop_assert!(parser.next().is_none(), "a second calendar");
    prop_assert_eq!(parsed.events.len(), shown.len() + days.len());

    // Strictly: split into events; each property once, with the value it came from.
    let lines = content_lines(&out);
    let mut events: Vec<Vec<(String, String)>> = Vec::new();
    let mut in_alarm = false;
    for (name, value) in lines {
        match (name.as_str(), value.as_str()) {
            ("BEGIN", "VEVENT") => events.push(Vec::new()),
            ("BEGIN", "VALARM") => in_alarm = true,
            ("END", "VALARM") => in_alarm = false,
            ("BEGIN" | "END", _) => {}
            _ if !in_alarm => events.last_mut().into_iter().for_each(|e| e.push((name.clone(), value.clone()))),
            _ => {}
        }
    }
    prop_assert_eq!(events.len(), parsed.events.len());
    for (event, theirs) in events.iter().zip(&parsed.events) {
        prop_assert_eq!(event.len(), theirs.properties.len(), "{:?} vs {:?}", event, theirs.properties);
        for name in ["UID", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DTSTAMP"] {
            prop_assert_eq!(value_of(event, name).len(), 1, "{} in {:?}", name, event);
        }
    }
    let (digests, singles) = events.split_at(days.len());
    for digest in digests {
        prop_assert!(value_of(digest, "UID")[0].starts_with("kith-digest-"));
    }
    for theirs in &parsed.events[..days.len()] {
        prop_assert_eq!(theirs.alarms.len(), 1, "a digest rings");
    }
    for (theirs, r) in parsed.events[days.len()..].iter().zip(&shown) {
        let alone = per_day[&r.date.unwrap_or(today).max(today)] == 1;
        prop_assert_eq!(theirs.alarms.len(), usize::from(alone), "only a day's only reminder rings itself");
        for alarm in &theirs.alarms {
            prop_assert!(alarm.properties.iter().all(|p| p.name != "DTSTAMP"), "no DTSTAMP in a VALARM");
        }
    }
    for (event, r) in singles.iter().zip(&shown) {
        prop_assert_eq!(unescape(value_of(event, "SUMMARY")[0]), normalised(&format!("{} {}", r.action, r.name)));
        let date = r.date.unwrap_or(today);
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
        prop_assert_eq!(unescape(value_of(event, "DESCRIPTION")[0]), normalised(&description));
    }
    Ok(())
}

fn reminder(today: NaiveDate) -> impl Strategy<Value = Reminder> {
    let group = prop::sample::select(
        &[
            ReminderGroup::Overdue,
            ReminderGroup::ThisWeek,
            ReminderGroup::Next30Days,
            ReminderGroup::Referrals,
            ReminderGroup::Dates,
        ][..],
    );
    let action = prop::sample::select(&["Follow up with", "Contact", "Birthday:", ""][..]);
    let date = prop::option::of(
        (0u64..60).prop_map(move |d| today.checked_sub_days(Days::new(20)).unwrap_or(today) + Days::new(d)),
    );
    (
        group,
        action,
        long_text(),
        prop::option::of(long_text()),
        date,
        long_text(),
        prop::collection::vec(long_text(), 0..3),
        text(6),
    )
        .prop_map(|(group, action, name, path, date, why, goals, key)| Reminder {
            group,
            action,
            name,
            path: path.map(|p| NotePath::new(format!("people/{p}.md"))),
            date,
            why,
            goals,
            key,
        })
}

/// Text, sometimes very long (folding), sometimes repeated multi-byte characters.
fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => text(16),
        1 => (text(4), 20usize..200).prop_map(|(t, n)| t.repeat(n).chars().take(3000).collect()),
        1 => (prop::sample::select(&["é", "日", "🙂", ",", ";", "\\", "\r", "a"][..]), 1usize..200).prop_map(|(c, n)| c.repeat(n)),
    ]
}

fn check_cards(records: Vec<serde_json::Value>, v3: bool) -> Result<(), TestCaseError> {
    let out = cards(&records, if v3 { Version::V3 } else { Version::V4 });
    if records.is_empty() {
        prop_assert_eq!(out, "");
        return Ok(());
    }
    check_lines(&out)?;
    let parsed: Vec<_> = ical::VcardParser::new(std::io::BufReader::new(out.as_bytes())).collect();
    prop_assert_eq!(parsed.len(), records.len());
    let lines = content_lines(&out);
    let mut strict: Vec<Vec<(String, String)>> = Vec::new();
    for (name, value) in lines {
        match name.as_str() {
            "BEGIN" => strict.push(Vec::new()),
            "END" => {}
            _ => strict.last_mut().into_iter().for_each(|c| c.push((name.clone(), value.clone()))),
        }
    }
    prop_assert_eq!(strict.len(), records.len());
    let trimmed = |r: &serde_json::Value, key: &str| {
        r.get(key).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    let count = |r: &serde_json::Value, key: &str| {
        r.get(key)
            .and_then(|v| v.as_array())
            .map_or(0, |a| a.iter().filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty())).count())
    };
    for ((card, theirs), record) in strict.iter().zip(&parsed).zip(&records) {
        let theirs = theirs.as_ref().map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert_eq!(card.len(), theirs.properties.len(), "{:?}", card);
        let name = trimmed(record, "name").unwrap_or_else(|| "Unnamed".into());
        prop_assert_eq!(value_of(card, "FN").iter().map(|v| unescape(v)).collect::<Vec<_>>(), vec![normalised(&name)]);
        let n = unescape_parts(value_of(card, "N")[0], Some(';'));
        prop_assert_eq!(n, vec![String::new(), normalised(&name), String::new(), String::new(), String::new()]);
        for (key, property) in [("company", "ORG"), ("role", "TITLE"), ("notes", "NOTE"), ("nickname", "NICKNAME")] {
            let expected: Vec<String> = trimmed(record, key).iter().map(|v| normalised(v)).collect();
            prop_assert_eq!(
                value_of(card, property).iter().map(|v| unescape(v)).collect::<Vec<_>>(),
                expected,
                "{}",
                property
            );
        }
        let props =
            |suffix: &str| card.iter().filter(|(n, _)| n == suffix || n.ends_with(&format!(".{suffix}"))).count();
        prop_assert_eq!(props("EMAIL"), count(record, "email"));
        prop_assert_eq!(props("TEL"), count(record, "phone"));
        prop_assert_eq!(props("UID"), 1);
    }
    Ok(())
}

fn record() -> impl Strategy<Value = serde_json::Value> {
    let list = || prop::collection::vec(text(8), 0..3);
    (long_text(), long_text(), text(8), long_text(), text(8), list(), list(), list(), text(8)).prop_map(
        |(name, company, role, notes, nickname, email, phone, tags, path)| {
            json!({"name": name, "company": company, "role": role, "notes": notes, "nickname": nickname,
                   "email": email, "phone": phone, "tags": tags, "path": format!("people/{path}.md")})
        },
    )
}

#[test]
fn calendar_round_trip() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    fuzz(file!(), 500, prop::collection::vec(reminder(today), 0..6), |reminders| check_calendar(today, reminders));
}

#[test]
fn vcard_round_trip() {
    fuzz(file!(), 1000, (prop::collection::vec(record(), 0..4), any::<bool>()), |(records, v3)| {
        check_cards(records, v3)
    });
}
