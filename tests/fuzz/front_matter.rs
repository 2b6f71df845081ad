//! Target 1: split front matter and parse a note into its record. Never a
//! panic; every problem names a line inside the file; the split gives back
//! the file's own text with the right body line; the YAML fast path agrees
//! with serde_norway wherever it answers.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use kith::config::Settings;
use kith::note::{parse_note_as, parse_note_with_front, simple_yaml, ParseMode};
use kith::path::NotePath;
use kith::vault::{decode, split_front_matter};

use crate::corpus::{note, text};
use crate::{fuzz, line_count};

fn is_fence(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r', ' ', '\t']);
    line == "---" || line == "..."
}

/// The split, checked against the file it came from.
fn check_split(text: &str) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match split_front_matter(text) {
        Err(_) => {
            prop_assert!(lines.first().is_some_and(|l| l.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"));
            prop_assert!(!lines.iter().skip(1).any(|l| is_fence(l)), "a closing fence was missed");
        }
        Ok(split) => {
            prop_assert!(text.ends_with(split.body));
            let before_body = &text[..text.len() - split.body.len()];
            prop_assert_eq!(split.body_line, 1 + before_body.matches('\n').count() as u32);
            match split.front {
                None => prop_assert_eq!(split.body, text),
                Some(front) => {
                    prop_assert_eq!(front.first_line, 2);
                    let after_open = &text[lines[0].len()..];
                    prop_assert!(after_open.starts_with(front.yaml));
                    prop_assert!(!front.yaml.split_inclusive('\n').any(is_fence), "the fence is not the first one");
                    prop_assert!(is_fence(&after_open[front.yaml.len()..before_body.len() - lines[0].len()]));
                }
            }
        }
    }
    Ok(())
}

fn check_note(bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = NotePath::new("people/Fuzz.md");
    let text = match decode(&path, bytes.to_vec()) {
        Ok(text) => text,
        Err(problem) => {
            let lines = bytes.split(|&b| b == b'\n').count() as u32;
            prop_assert!((1..=lines).contains(&problem.line), "{:?}", problem);
            return Ok(());
        }
    };
    check_split(&text)?;
    let folders = Settings::default().folders;
    let parsed = parse_note_with_front(path.clone(), &text, &folders, ParseMode::WithText);
    let lines = line_count(&text);
    for problem in &parsed.note.problems {
        prop_assert!((1..=lines).contains(&problem.line), "line {} of {}: {:?}", problem.line, lines, problem);
        prop_assert!(problem.source_line.is_some(), "{:?}", problem);
    }
    let index = parse_note_with_front(path.clone(), &text, &folders, ParseMode::Index);
    prop_assert_eq!(&index.note.problems, &parsed.note.problems);
    // Read without building the mapping (the fast path's fields), the note is the same.
    for (mode, with_front) in [(ParseMode::WithText, &parsed), (ParseMode::Index, &index)] {
        prop_assert_eq!(&parse_note_as(path.clone(), &text, &folders, mode), &with_front.note);
    }
    if let Ok(kith::vault::Split { front: Some(front), .. }) = split_front_matter(&text) {
        if let Some(fast) = simple_yaml::parse(front.yaml) {
            prop_assert_eq!(Some(fast), full(front.yaml), "front matter {:?}", front.yaml);
        }
        if full(front.yaml).is_none() {
            // The full parser refuses it: the note is broken, with an error inside the front matter.
            let split = split_front_matter(&text).ok().unwrap_or_else(|| unreachable!());
            let before_body = &text[..text.len() - split.body.len()];
            let fence_line = 1 + before_body.trim_end_matches('\n').matches('\n').count() as u32;
            let error = parsed.note.problems.iter().find(|p| p.is_error());
            prop_assert!(error.is_some_and(|e| e.line <= fence_line), "{:?}", parsed.note.problems);
        }
    }
    Ok(())
}

fn full(yaml: &str) -> Option<serde_norway::Mapping> {
    match serde_norway::from_str::<serde_norway::Value>(yaml).ok()? {
        serde_norway::Value::Mapping(map) => Some(map),
        serde_norway::Value::Null => Some(serde_norway::Mapping::new()),
        _ => None,
    }
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => note().prop_map(String::into_bytes),
        2 => (text(8), note()).prop_map(|(yaml, body)| format!("---\n{yaml}\n---\n{body}").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => (note(), any::<u8>(), any::<prop::sample::Index>()).prop_map(|(n, b, i)| {
            let mut bytes = n.into_bytes();
            bytes.insert(i.index(bytes.len() + 1), b | 0x80);
            bytes
        }),
    ]
}

#[test]
fn front_matter_split_and_parse() {
    fuzz(file!(), 2000, input(), |bytes| check_note(&bytes));
}
