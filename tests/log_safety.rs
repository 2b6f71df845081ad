//! Issue 12: `kith log` never breaks a note, and never adds an entry where it
//! does not count.

mod common;
use common::TempVault;

fn vault(note: &str) -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", note);
    v
}

fn note(v: &TempVault) -> String {
    std::fs::read_to_string(v.path().join("people/Ada.md")).unwrap()
}

fn clean(v: &TempVault) {
    let run = v.kith(&["--format", "json", "check"]);
    assert_eq!(
        run.json()["problems"].as_array().map(Vec::len),
        Some(0),
        "the note still parses:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn log_touch_with_an_anchor_used_by_an_alias_never_breaks_the_note() {
    let text = "---\nname: Ada\nlast_contact: &d 2026-01-01\nmet: *d\n---\n\n## Log\n\n- 2026-01-01 met\n";
    let v = vault(text);
    let run = v.kith(&["log", "Ada", "coffee", "--touch"]).ok();
    assert!(run.stderr.contains("last_contact not set") && run.stderr.contains("anchor"), "{}", run.stderr);
    let after = note(&v);
    assert!(after.starts_with("---\nname: Ada\nlast_contact: &d 2026-01-01\nmet: *d\n---\n"), "{after}");
    assert!(after.contains("- 2026-11-23 coffee"), "{after}");
    clean(&v);
    let show = v.kith(&["--format", "json", "show", "Ada"]).ok().json();
    assert_eq!(show["met"], "2026-01-01");
    assert_eq!(show["last_contact"], "2026-11-23", "the new entry still counts");
}

#[test]
fn log_touch_keeps_an_anchor_nothing_aliases() {
    let v = vault("---\nname: Ada\nlast_contact: &d 2026-01-01 # old\n---\n");
    v.kith(&["log", "Ada", "coffee", "--touch"]).ok();
    assert!(note(&v).starts_with("---\nname: Ada\nlast_contact: &d 2026-11-23 # old\n---\n"), "{}", note(&v));
    clean(&v);
}

#[test]
fn log_touch_replaces_a_block_style_value_entirely() {
    for value in ["\n  2026-01-01", " >-\n  2026-01-01", " |\n    2026-01-01\n", " \"2026-01-01\""] {
        let v = vault(&format!("---\nname: Ada\nlast_contact:{value}\nstage: seed\n---\nBody.\n"));
        v.kith(&["log", "Ada", "coffee", "--touch"]).ok();
        let after = note(&v);
        let expected_front = if value.ends_with('\n') {
            "---\nname: Ada\nlast_contact: 2026-11-23\n\nstage: seed\n---\n"
        } else {
            "---\nname: Ada\nlast_contact: 2026-11-23\nstage: seed\n---\n"
        };
        assert!(after.starts_with(expected_front), "{value:?} gave:\n{after}");
        assert!(!after.contains("2026-01-01"), "the old value is gone: {after}");
        clean(&v);
    }
}

#[test]
fn log_into_a_note_ending_inside_an_unclosed_code_fence_is_refused() {
    let text = "---\nname: Ada\n---\n## Log\n- 2026-01-01 met\n\n```\nsome code, never closed\n";
    let v = vault(text);
    let run = v.kith(&["log", "Ada", "coffee"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("code fence"), "{}", run.stderr);
    assert_eq!(note(&v), text, "unchanged");
}

#[test]
fn log_into_a_note_ending_inside_an_unclosed_details_block_counts_or_is_refused() {
    let text = "---\nname: Ada\n---\n## Log\n- 2026-01-01 met\n<details>\n<summary>older</summary>\n- 2025-01-01 x";
    let v = vault(text);
    let before = v.kith(&["--format", "json", "show", "Ada"]).ok().json()["log_entries"].as_u64().unwrap();
    let run = v.kith(&["log", "Ada", "coffee"]);
    if run.code == 0 {
        let after = v.kith(&["--format", "json", "show", "Ada"]).ok().json();
        assert_eq!(after["log_entries"].as_u64().unwrap(), before + 1, "{}", note(&v));
        assert_eq!(after["last_contact"], "2026-11-23");
    } else {
        assert_eq!(run.code, 2);
        assert_eq!(note(&v), text, "unchanged");
    }
}

#[test]
fn log_text_opening_a_comment_cannot_hide_the_rest_of_the_note() {
    // `kith log Ada "<!-- call back"` wrote an unclosed comment: every entry
    // added by hand below it was hidden, and the next `kith log` split its line.
    for (text, written) in [
        ("<!-- call back", "<!-\\- call back"),
        ("%% private", "%\\% private"),
        ("a %%%", "a %\\%\\%"),
        ("kept <!-- closed --> and %%closed%%", "kept <!-- closed --> and %%closed%%"),
        ("ring \u{1b}]0;x\u{7}bell", "ring ]0;xbell"),
    ] {
        let v = TempVault::new();
        v.file("kith.yaml", "");
        v.file("people/Ada.md", "---\nname: Ada\n---\n\n## Log\n- 2026-01-01 met\n");
        v.kith(&["log", "Ada", text]).ok();
        v.kith(&["log", "Ada", "next"]).ok();
        let note = std::fs::read_to_string(v.path().join("people/Ada.md")).unwrap();
        assert!(note.ends_with(&format!("- 2026-11-23 {written}\n- 2026-11-23 next\n")), "{text:?}: {note}");
        let show = v.kith(&["show", "Ada", "--format", "json"]).ok().json();
        assert_eq!(show["log_entries"], 3, "{text:?}: {note}");
    }
}
