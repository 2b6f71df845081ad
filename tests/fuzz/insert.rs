//! Target 4: `kith log`'s insertion (`edit::log_entry_checked`, written
//! through `write::edit_note`). For any note and any entry text, the edit is
//! refused with a reason, or it keeps every original byte in order, inserts
//! the entry in one place, and the note then counts exactly one more entry,
//! on the entry's date, with its front matter untouched. On plain notes (no
//! code fence, HTML or quote to end inside) with plain entry text (no
//! comment or fence opener) it is never refused.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use kith::edit::log_entry_checked;
use kith::note::log::parse_log;
use kith::note::ParseMode;
use kith::path::NotePath;
use kith::vault::split_front_matter;

use crate::corpus::{note, text};
use crate::fuzz;

/// The note's entries as kith counts them: (date, tags).
fn counted(text: &str) -> Vec<(NaiveDate, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (body, line) = split_front_matter(text).map_or((text, 1), |s| (s.body, s.body_line));
    let entries = parse_log(body, line, &NotePath::new("people/Fuzz.md"), ParseMode::Index, &mut Vec::new());
    let mut seen: Vec<_> = entries.iter().map(|e| (e.date, e.tags().map(str::to_string).collect())).collect();
    seen.sort();
    seen
}

fn front(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    split_front_matter(text).ok().and_then(|s| s.front).map(|f| f.yaml.to_string())
}

/// Is `new` `old` with one run of bytes holding `entry` inserted somewhere?
fn one_insertion_of(old: &[u8], new: &[u8], entry: &[u8]) -> bool {
    if new.len() <= old.len() {
        return false;
    }
    let added = new.len() - old.len();
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old.iter().rev().zip(new.iter().rev()).take_while(|(a, b)| a == b).count();
    // Every split point between old.len() - suffix and prefix works; one must hold the entry.
    let lowest = old.len().saturating_sub(suffix);
    lowest <= prefix && (lowest..=prefix).any(|at| new[at..at + added].windows(entry.len()).any(|w| w == entry))
}

pub fn check(text: &str, entry: &str, must_accept: bool, via_file: bool) -> Result<(), TestCaseError> {
    let result = log_entry_checked(text, entry);
    match &result {
        Err(reason) => {
            prop_assert!(!reason.trim().is_empty());
            prop_assert!(!must_accept, "a plain note was refused: {}", reason);
        }
        Ok(new) => {
            prop_assert!(
                one_insertion_of(text.as_bytes(), new.as_bytes(), entry.as_bytes()),
                "bytes changed: {:?}",
                new
            );
            let (before, after) = (counted(text), counted(new));
            prop_assert_eq!(after.len(), before.len() + 1, "{:?}", new);
            let date = NaiveDate::parse_from_str(&entry[..10], "%Y-%m-%d").ok();
            let mut expected: Vec<NaiveDate> = before.iter().map(|e| e.0).chain(date).collect();
            expected.sort();
            prop_assert_eq!(after.iter().map(|e| e.0).collect::<Vec<_>>(), expected);
            prop_assert_eq!(front(new), front(text), "the front matter changed");
        }
    }
    if via_file {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("Fuzz.md");
        std::fs::write(&path, text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let written = kith::write::edit_note(&path, |t| log_entry_checked(t, entry));
        let on_disk = std::fs::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match result {
            Ok(new) => {
                prop_assert!(written.is_ok(), "{:?}", written.err().map(|e| e.to_string()));
                prop_assert_eq!(on_disk, new.into_bytes());
            }
            Err(_) => {
                prop_assert!(written.is_err());
                prop_assert_eq!(on_disk, text.as_bytes());
            }
        }
    }
    Ok(())
}

/// An entry as `kith log` builds it: a date, the text through
/// `edit::entry_text` (one line, no comment left open), tags.
pub fn entry() -> impl Strategy<Value = String> {
    let date =
        (1i32..10000, 1u32..13, 1u32..32).prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
    let tags = prop::sample::subsequence(&["#gave", "#got", "#ask", "#intro", "#referral", "#win [[Goal]]"][..], 0..3);
    (date, text(10), tags).prop_map(|(date, text, tags)| {
        let mut entry = format!("{date} {}", kith::edit::entry_text(&text));
        for tag in tags {
            entry.push(' ');
            entry.push_str(tag);
        }
        entry
    })
}

/// Notes with nothing an entry could end up inside: headings, paragraphs,
/// list items, blank lines, simple front matter.
fn plain_note() -> impl Strategy<Value = String> {
    let word = prop::sample::select(
        &["coffee", "Ada", "#gave", "#win", "[[Ada]]", "[[Ada|A]]", "met", "x", "2026-01-02", "é", "日本"][..],
    );
    let words = prop::collection::vec(word, 1..5).prop_map(|w| w.join(" "));
    let date = (2020i32..2028, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let block = prop_oneof![
        2 => (prop::sample::select(&["# ", "## ", "### "][..]), prop::sample::select(&["Log", "log", "Notes", "Other"][..])).prop_map(|(h, t)| format!("{h}{t}")),
        4 => (prop::sample::select(&["- ", "* ", "  - ", "1. "][..]), prop::option::of(date.clone()), words.clone())
            .prop_map(|(m, d, w)| format!("{m}{} {w}", d.unwrap_or_default())),
        1 => (date, words.clone()).prop_map(|(d, w)| format!("### {d} {w}")),
        2 => words.prop_map(|w| format!("Then {w}")),
        2 => Just(String::new()),
    ];
    let nl = prop::sample::select(&["\n", "\r\n"][..]);
    let front = prop::option::of(Just("---\nname: Ada\ntags: [a]\n---\n"));
    (front, prop::collection::vec(block, 0..10), nl, any::<bool>(), any::<bool>()).prop_map(
        |(front, blocks, nl, last_nl, bom)| {
            let mut text =
                format!("{}{}{}", if bom { "\u{feff}" } else { "" }, front.unwrap_or_default(), blocks.join("\n"));
            if last_nl {
                text.push('\n');
            }
            text.replace('\n', nl)
        },
    )
}

#[test]
fn log_insertion() {
    fuzz(file!(), 1500, (note(), entry(), prop::bool::weighted(0.05)), |(text, entry, via_file)| {
        check(&text, &entry, false, via_file)
    });
}

/// Entry text with no comment, fence or HTML opener of its own (those hide
/// what follows them, so kith refuses such an entry).
fn plain_entry() -> impl Strategy<Value = String> {
    entry().prop_filter("no opener", |e| {
        !e.contains("<!--") && !e.contains("%%") && !e.contains("```") && !e.contains('<')
    })
}

#[test]
fn log_insertion_into_plain_notes_is_never_refused() {
    fuzz(file!(), 1000, (plain_note(), plain_entry()), |(text, entry)| check(&text, &entry, true, false));
}
