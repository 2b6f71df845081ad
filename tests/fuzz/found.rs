//! Every failure the fuzz targets found, as a named test of the fixed behaviour.

use chrono::NaiveDate;

use kith::config::{ReminderGroup, Settings};
use kith::edit::log_entry_checked;
use kith::note::{parse_note_with_front, ParseMode};
use kith::path::NotePath;
use kith::render::escape::md_text;
use kith::render::ics::calendar;
use kith::render::wikilink;
use kith::report::remind::{RemindReport, Reminder};
use kith::report::Limit;

/// libyaml counts a bare CR as a line break; the file's lines do not. The
/// error pointed at line 4, past the front matter (the last, empty line).
#[test]
fn yaml_error_after_a_bare_cr_names_a_line_of_the_front_matter() {
    let text = "---\nname: \"\ra\n---\n";
    let parsed =
        parse_note_with_front(NotePath::new("people/X.md"), text, &Settings::default().folders, ParseMode::Index);
    let error = parsed.note.problems.iter().find(|p| p.is_error()).expect("a YAML error");
    assert_eq!((error.line, error.source_line.as_deref()), (3, Some("---")), "{error:?}");
    // Without the CR, the same error on the same line.
    let plain = parse_note_with_front(
        NotePath::new("people/X.md"),
        "---\nname: \"a\n---\n",
        &Settings::default().folders,
        ParseMode::Index,
    );
    assert_eq!(plain.note.problems.iter().find(|p| p.is_error()).map(|p| p.line), Some(3));
}

/// The icalendar crate folded a 62-comma name (escaped to 124 octets) into a
/// continuation line of 76 octets.
#[test]
fn calendar_lines_with_many_escapes_fold_within_75_octets() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let reminder = Reminder {
        group: ReminderGroup::Overdue,
        action: "Contact",
        name: ",".repeat(62),
        path: None,
        date: Some(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()),
        why: "é;".repeat(50),
        goals: Vec::new(),
        key: String::new(),
    };
    let settings = Settings::default().reminders;
    let report =
        RemindReport { today, reminders: vec![reminder], calendar: settings.clone(), limit: Limit::ALL, plant: None };
    let mut out = Vec::new();
    calendar(&mut out, &report, &settings).unwrap();
    let out = String::from_utf8(out).unwrap();
    for line in out.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(out.replace("\r\n ", "").contains(&format!("SUMMARY:Contact {}\r\n", "\\,".repeat(62))));
}

/// The icalendar crate's folding panicked (a slice out of range) on a name
/// of 141 no-break spaces: `kith report` crashed.
#[test]
fn a_name_of_many_no_break_spaces_renders_a_calendar() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let reminder = Reminder {
        group: ReminderGroup::ThisWeek,
        action: "Follow up with",
        name: "\u{a0}".repeat(141),
        path: None,
        date: Some(today),
        why: "\u{3000}".repeat(300),
        goals: Vec::new(),
        key: "k".into(),
    };
    let settings = Settings::default().reminders;
    let report =
        RemindReport { today, reminders: vec![reminder], calendar: settings.clone(), limit: Limit::ALL, plant: None };
    let mut out = Vec::new();
    calendar(&mut out, &report, &settings).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.split_terminator("\r\n").all(|l| l.len() <= 75));
    assert!(out.replace("\r\n ", "").contains(&format!("SUMMARY:Follow up with {}\r\n", "\u{a0}".repeat(141))));
}

/// `[[Ada.md]]` and `[[ Ada]]` read back as a link to `Ada`, another note.
#[test]
fn a_file_name_a_wikilink_would_read_as_another_note_gets_a_markdown_link() {
    for file in ["people/Ada.md.md", "people/ Ada.md", "people/Ada .md", "people/a\\.md"] {
        let link = wikilink(&NotePath::new(file), "Ada", false);
        assert!(link.starts_with("[Ada]("), "{file}: {link}");
    }
    assert_eq!(wikilink(&NotePath::new("people/Ada.md"), "Ada", false), "[[Ada]]");
}

/// `[[a|a\]]`: CommonMark readers took the backslash as escaping the `]`;
/// `[[Ada|<https://x>]]` read as an autolink.
#[test]
fn a_name_a_commonmark_reader_takes_before_the_wikilink_gets_a_markdown_link() {
    let link = wikilink(&NotePath::new("people/a.md"), "a\\", false);
    assert_eq!(link, "[a\\\\](people/a.md)");
    let link = wikilink(&NotePath::new("people/Ada.md"), "<https://x>", false);
    assert_eq!(link, "[\\<https://x\\>](people/Ada.md)");
}

/// A name spelling an HTML entity showed as the character (`&amp;` as `&`).
#[test]
fn an_entity_in_a_name_shows_as_written() {
    assert_eq!(md_text("AT&amp;T"), "AT\\&amp;T");
}

/// `# Log` with a `## Log` inside: the entry went after `## Notes`, where
/// the parser does not count it, and `kith log` refused the note.
#[test]
fn log_into_a_log_heading_nested_in_the_log_counts() {
    let new = log_entry_checked("# Log\n## Log\n## Notes", "2026-01-01 Coffee").expect("accepted");
    assert_eq!(new, "# Log\n## Log\n- 2026-01-01 Coffee\n## Notes");
}

/// A note with no Log and trailing blank lines or spaces: the new section
/// dropped them, so `kith log` refused the note ("without changing other text").
#[test]
fn log_into_a_note_ending_in_blank_lines_or_spaces_keeps_them() {
    for (text, expected) in [
        ("\n\n", "\n\n## Log\n\n- 2026-01-01 x\n"),
        ("Hello  \n", "Hello  \n\n## Log\n\n- 2026-01-01 x\n"),
        ("Hello\n\n\n", "Hello\n\n\n## Log\n\n- 2026-01-01 x\n"),
        ("Hello\n\t", "Hello\n\t\n## Log\n\n- 2026-01-01 x"),
        ("Hello", "Hello\n\n## Log\n\n- 2026-01-01 x"),
        ("", "## Log\n\n- 2026-01-01 x\n"),
        ("a\r\n  \r\n", "a\r\n  \r\n## Log\r\n\r\n- 2026-01-01 x\r\n"),
    ] {
        assert_eq!(log_entry_checked(text, "2026-01-01 x").as_deref(), Ok(expected), "{text:?}");
    }
}

/// A code span inside `[[…]]` made a link whose target held the code's
/// length in spaces, one longer with CRLF line ends than with LF.
#[test]
fn a_code_span_inside_a_wikilink_hides_the_link_with_either_line_end() {
    for nl in ["\n", "\r\n"] {
        let body = format!("## Log{nl}- 2026-10-20 talk to [[0`Far{nl}  ah` Aziz]] and [[Ben Tan]] #referral{nl}");
        let entries =
            kith::note::log::parse_log(&body, 1, &NotePath::new("people/X.md"), ParseMode::WithText, &mut Vec::new());
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].links().iter().collect::<Vec<_>>(), ["Ben Tan"], "{nl:?}");
        assert!(entries[0].has_tag("referral"));
    }
}

/// An entry text opening a `%%` comment hid one entry and showed another
/// (a `%%` pair below it): the count stayed right, so `kith log` wrote it.
#[test]
fn log_text_that_hides_one_entry_and_shows_another_is_refused() {
    let text = "## Log\n> - 2026-05-02 quoted entry #ask\n\n%%\n- 2026-05-03 in a comment\n%%\n";
    let result = log_entry_checked(text, "0001-01-01 %%");
    assert!(result.is_err(), "{result:?}");
    assert!(log_entry_checked(text, "0001-01-01 fine").is_ok());
}
