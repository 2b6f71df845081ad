//! Target 2: Log parsing. Never a panic; entries and problems on lines of
//! the body; the index's parse equals the display parse but for the text;
//! line numbers shift with the body's first line; CRLF reads as LF; text
//! added after the Log section (closed by a top-level heading) changes no
//! entry.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use kith::note::log::parse_log;
use kith::note::{LogEntry, ParseMode};
use kith::path::NotePath;

use crate::corpus::{note, SNIPPETS};
use crate::{fuzz, line_count};

type Seen = (NaiveDate, u32, Option<chrono::NaiveTime>, Vec<String>, Vec<String>, String);

fn parse(body: &str, first_line: u32, mode: ParseMode) -> (Vec<LogEntry>, Vec<kith::diag::Diagnostic>) {
    let mut problems = Vec::new();
    let entries = parse_log(body, first_line, &NotePath::new("people/Fuzz.md"), mode, &mut problems);
    (entries, problems)
}

fn seen(entries: &[LogEntry]) -> Vec<Seen> {
    entries
        .iter()
        .map(|e| {
            let links = e.links().iter().map(|l| l.to_string()).collect();
            (e.date, e.line, e.time(), e.tags().map(str::to_string).collect(), links, e.text().to_string())
        })
        .collect()
}

fn dates_and_lines(entries: &[LogEntry]) -> Vec<(NaiveDate, u32)> {
    entries.iter().map(|e| (e.date, e.line)).collect()
}

fn check(body: &str, extra: &str) -> Result<(), TestCaseError> {
    let (entries, problems) = parse(body, 1, ParseMode::WithText);
    let lines = line_count(body);
    for e in &entries {
        prop_assert!((1..=lines).contains(&e.line), "entry on line {} of {}", e.line, lines);
    }
    for p in &problems {
        prop_assert!((1..=lines).contains(&p.line), "problem on line {} of {}: {:?}", p.line, lines, p);
    }
    // The index keeps no text but a win's; everything else is the same.
    let (indexed, index_problems) = parse(body, 1, ParseMode::Index);
    prop_assert_eq!(&index_problems, &problems);
    prop_assert_eq!(indexed.len(), entries.len());
    for (i, e) in indexed.iter().zip(&entries) {
        prop_assert_eq!((i.date, i.line, i.time()), (e.date, e.line, e.time()));
        prop_assert!(i.tags().eq(e.tags()) && i.links() == e.links());
        prop_assert_eq!(i.text(), if e.has_tag("win") { e.text() } else { "" });
    }
    // Lines count from where the body starts.
    let (shifted, _) = parse(body, 10, ParseMode::WithText);
    let moved: Vec<_> = seen(&entries).into_iter().map(|mut s| (s.1 += 9, s).1).collect();
    prop_assert_eq!(seen(&shifted), moved);
    // Windows line endings read the same.
    let lf = body.replace("\r\n", "\n");
    if !lf.contains('\r') {
        // pulldown-cmark puts a soft break's space in odd places differently
        // (a code span across a lazy line): the text is compared without spaces.
        let squeezed = |entries: &[LogEntry]| {
            let mut seen = seen(entries);
            seen.iter_mut().for_each(|s| s.5.retain(|c| !c.is_whitespace()));
            seen
        };
        let (unix, _) = parse(&lf, 1, ParseMode::WithText);
        let (windows, _) = parse(&lf.replace('\n', "\r\n"), 1, ParseMode::WithText);
        prop_assert_eq!(squeezed(&windows), squeezed(&unix), "CRLF and LF differ");
    }
    // Unrelated text after the Log section, behind a top-level heading, adds or changes no entry.
    let mut longer = body.to_string();
    if !longer.ends_with('\n') {
        longer.push('\n');
    }
    longer.push_str("\n# Other\n\n");
    longer.push_str(extra);
    let (after, _) = parse(&longer, 1, ParseMode::WithText);
    prop_assert_eq!(dates_and_lines(&after), dates_and_lines(&entries), "text after the Log changed its entries");
    Ok(())
}

/// Text with no Log heading, nothing that closes an open fence, comment or
/// HTML block, and no link definition (which changes how `[[…]]` reads).
fn unrelated() -> impl Strategy<Value = String> {
    let safe = SNIPPETS.iter().copied().filter(|s| {
        let lower = s.to_lowercase();
        !lower.contains("log") && !s.contains(['`', '~', '<', '>', '%', '[', '$'])
    });
    let safe: Vec<&'static str> = safe.collect();
    prop::collection::vec(prop::sample::select(safe), 0..20).prop_map(|p| p.concat())
}

#[test]
fn log_parsing() {
    fuzz(file!(), 2000, (note(), unrelated()), |(body, extra)| check(&body, &extra));
}
