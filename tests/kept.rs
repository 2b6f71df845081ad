//! Kept parts (`kith overdue --format json` after a few notes changed): every
//! run from the kept parts prints exactly what a run without any cache
//! prints, through edits of every kind, and the runs that can follow a
//! change do run from the kept parts.

mod common;

use common::{run_kith_env, TempVault};
use std::path::Path;

const HOUR: i64 = 3600;

/// People with namesakes (an ambiguous "Ada"), aliases, goals (one linked by
/// a goal's alias), dated notes that link people by name, alias and path,
/// and notes kith does not track.
fn vault() -> TempVault {
    let v = sparse_vault();
    v.file("goals/Find a mentor.md", "---\ntype: goal\ntitle: Find a mentor\naliases: [mentor]\n---\n");
    v.file("goals/Ship the book.md", "---\ntype: goal\ntitle: Ship the book\n---\n");
    v.file("people/Ada.md", "---\nname: Ada\ncadence: 2w\ngoals: [\"[[mentor]]\"]\n---\n## Log\n- 2026-10-01 coffee\n");
    v.file("people/x/Ada.md", "---\nname: Ada Byron\ncadence: 1m\n---\n## Log\n- 2026-09-01 call\n");
    v.file(
        "people/Bo Chen.md",
        "---\nname: Bo Chen\naliases: [Bo]\ncadence: 3w\ngoals: [\"[[Ship the book]]\", \"[[Find a mentor]]\"]\n---\n",
    );
    v.file("people/Cy.md", "---\nname: Cy\nstage: growing\nfollow_up: 2026-11-20\n---\n## Log\n- 2026-11-01 lunch\n");
    v.file("people/Di.md", "---\nname: Di\ncompany: Acme\n---\n");
    v.file("daily/2026-11-02.md", "- lunch with [[Ada]] and [[Bo]]\n- walked\n");
    v.file("daily/2026-11-10.md", "- call with [[people/x/Ada]]\n- note to self\n");
    v.file("meetings/2026-11-15 Review.md", "Met [[Cy]] and [[Nobody Known]]; [[Ada]] came late.\n");
    v.file("notes/Ideas.md", "Ask [[Bo]] about the book.\n");
    v.file("Inbox.md", "A note at the vault's root.\n");
    v
}

/// An empty vault but for 300 notes nobody links (enough that the segments
/// edits append to the parse cache stay under a quarter of it: past that the
/// whole way writes it again), its clock an hour ahead.
fn sparse_vault() -> TempVault {
    let v = TempVault::new();
    v.clock_ahead(HOUR);
    v.file("kith.yaml", "");
    for i in 0..300 {
        v.file(&format!("notes/archive/{i}.md"), format!("Archived note {i}.\n"));
    }
    v
}

/// The `last_contact` of the row of `path` in `overdue --format json`'s rows.
fn last_contact(rows: &serde_json::Value, path: &str) -> Option<serde_json::Value> {
    rows.as_array().unwrap().iter().find(|r| r["path"] == path).map(|r| r["last_contact"].clone())
}

fn append(v: &TempVault, rel: &str, text: &str) {
    let path = v.path().join(rel);
    let mut contents = std::fs::read_to_string(&path).unwrap();
    contents.push_str(text);
    std::fs::write(path, contents).unwrap();
}

fn replace(v: &TempVault, rel: &str, from: &str, to: &str) {
    let path = v.path().join(rel);
    let contents = std::fs::read_to_string(&path).unwrap();
    assert!(contents.contains(from), "{rel} lacks {from:?}");
    std::fs::write(path, contents.replacen(from, to, 1)).unwrap();
}

/// `overdue --format json` with the cache, then without any: the same
/// output, errors and exit code. Whether the cached run came from kept
/// parts: the line it appended to the test log (`changed recomputed`).
fn same_as_uncached(v: &TempVault, log: &Path, what: &str) -> Option<String> {
    let before = std::fs::read_to_string(log).unwrap_or_default();
    let env = [("KITH_TEST_CLOCK_AHEAD", "3600"), ("KITH_TEST_KEPT_LOG", log.to_str().unwrap())];
    let args = ["overdue", "--format", "json"];
    let cached = run_kith_env(v.path(), common::TODAY, &args, v.cache_home.path(), &env);
    let mut uncached = vec!["--no-cache"];
    uncached.extend(args);
    let plain = run_kith_env(v.path(), common::TODAY, &uncached, v.cache_home.path(), &env);
    assert_eq!(cached.stdout, plain.stdout, "{what}: output differs from a run without cache");
    assert_eq!(cached.stderr, plain.stderr, "{what}: errors differ");
    assert_eq!(cached.code, plain.code, "{what}: exit code differs");
    let after = std::fs::read_to_string(log).unwrap_or_default();
    after.strip_prefix(&before).filter(|line| !line.is_empty()).map(|line| line.trim().to_string())
}

/// The first run of a command line keeps nothing (a one-off, another day,
/// does not pay for it); the next one after an edit runs the whole way and
/// keeps the parts.
fn keep_parts(v: &TempVault, log: &Path) {
    let kept_files = || {
        let dir = std::fs::read_dir(v.cache_home.path().join("kith")).unwrap();
        dir.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "kept")).count()
    };
    assert_eq!(same_as_uncached(v, log, "first run"), None);
    assert_eq!(kept_files(), 0, "a command line's first run keeps nothing");
    v.file("notes/scratch.md", "A note that changes.\n");
    assert_eq!(same_as_uncached(v, log, "a note added"), None, "the whole way");
    assert_eq!(kept_files(), 1, "its next run keeps the parts");
}

#[test]
fn runs_from_kept_parts_print_what_a_run_without_cache_prints_through_every_kind_of_edit() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    // Edits kept parts can follow: only what they reach is computed again.
    type Edit = fn(&TempVault);
    let followed: [(&str, Edit); 10] = [
        ("a log entry for Ada", |v| append(v, "people/Ada.md", "- 2026-11-21 call\n")),
        ("Cy's follow_up moved", |v| replace(v, "people/Cy.md", "2026-11-20", "2026-12-20")),
        ("Di's company", |v| replace(v, "people/Di.md", "Acme", "Initech")),
        ("a dated note's line re-dated", |v| {
            replace(v, "daily/2026-11-02.md", "walked", "walked\n- 2026-11-22 [[Ada]] again")
        }),
        ("a dated note's text", |v| append(v, "daily/2026-11-10.md", "- more on [[people/x/Ada]]\n")),
        ("the untracked note", |v| append(v, "notes/Ideas.md", "And [[Cy]].\n")),
        ("the note at the root", |v| append(v, "Inbox.md", "And [[Cy]].\n")),
        ("a goal's text", |v| append(v, "goals/Ship the book.md", "Chapter one done.\n")),
        ("Bo's stage", |v| replace(v, "people/Bo Chen.md", "cadence: 3w", "stage: trusted\ncadence: 3w")),
        ("two people at once", |v| {
            append(v, "people/Bo Chen.md", "## Log\n- 2026-11-19 wrote\n");
            append(v, "people/x/Ada.md", "- 2026-11-18 wrote\n");
        }),
    ];
    for (what, edit) in followed {
        edit(&v);
        let kept = same_as_uncached(&v, &log, what);
        assert!(
            kept.as_ref().is_some_and(|k| k.ends_with(" patched")),
            "{what}: not patched from kept parts: {kept:?}"
        );
        // Unchanged since: the stored result, not the kept parts.
        assert_eq!(same_as_uncached(&v, &log, what), None, "{what}, again");
    }
    // Edits that move links or add problems: the whole way, and kept again.
    let whole: [(&str, Edit); 7] = [
        ("a new person", |v| {
            v.file("people/Eve.md", "---\nname: Eve\n---\n");
        }),
        ("an alias", |v| replace(v, "people/Di.md", "name: Di", "name: Di\naliases: [Ada]")),
        ("a dated note links someone new", |v| append(v, "daily/2026-11-10.md", "- and [[Di]]\n")),
        ("a goal renamed", |v| replace(v, "goals/Find a mentor.md", "title: Find a mentor", "title: Find mentors")),
        ("Bo's goals", |v| replace(v, "people/Bo Chen.md", "\"[[Find a mentor]]\"", "\"[[mentor]]\"")),
        ("broken front matter", |v| replace(v, "people/Cy.md", "stage: growing", "stage: [growing")),
        ("a note removed", |v| std::fs::remove_file(v.path().join("daily/2026-11-02.md")).unwrap()),
    ];
    for (what, edit) in whole {
        edit(&v);
        assert_eq!(same_as_uncached(&v, &log, what), None, "{what}: run from kept parts");
        if what == "broken front matter" {
            // A run with errors keeps nothing, and it appended to the parse
            // cache, which the parts kept before were not kept with.
            replace(&v, "people/Cy.md", "stage: [growing", "stage: growing");
            assert_eq!(same_as_uncached(&v, &log, "mended"), None, "mended: run from kept parts");
        }
    }
    // Kept again by the last run the whole way: followed again.
    append(&v, "people/Ada.md", "- 2026-11-22 tea\n");
    let line = same_as_uncached(&v, &log, "after the whole way").expect("kept again");
    assert_eq!(line, "1 1 patched", "Ada's note alone: the dated notes that name her read nothing of it");
    // A dated note's contacts changed reach the people its links name (the
    // other Ada, Di and now Cy), not the Ada its path link does not name.
    replace(&v, "daily/2026-11-10.md", "- note to self", "- 2026-11-23 [[Cy]] and [[people/x/Ada]]");
    assert_eq!(same_as_uncached(&v, &log, "links added to a dated note"), None);
    replace(&v, "daily/2026-11-10.md", "- call with", "Morning.\n- call with");
    let line = same_as_uncached(&v, &log, "a dated note's contacts moved a line down").expect("kept");
    assert_eq!(line, "1 4 patched", "the dated note and the three people it names");
    // A line without a link changes no contact: only the note's own part.
    append(&v, "daily/2026-11-10.md", "- nothing more\n");
    let line = same_as_uncached(&v, &log, "a dated note's text").expect("kept");
    assert_eq!(line, "1 1 patched", "the dated note alone");
    // A line added to a goal's log reaches no one's part (a person's part
    // reads the goal's title); a field of the goal reaches everyone who links it.
    append(&v, "goals/Find a mentor.md", "## Log\n- 2026-11-20 asked around\n");
    let line = same_as_uncached(&v, &log, "a goal's log").expect("kept");
    assert_eq!(line, "1 1 patched", "the goal alone");
    replace(&v, "goals/Find a mentor.md", "aliases: [mentor]", "aliases: [mentor]\ndeadline: 2027-03-01");
    let line = same_as_uncached(&v, &log, "a goal's deadline").expect("kept");
    assert_eq!(line, "1 3 patched", "the goal and the two people who link it");
    // The other Ada's edit reaches her dated note and the people it names;
    // Cy's meeting, which names the first Ada, must not count for her.
    append(&v, "people/x/Ada.md", "- 2026-11-01 mail\n");
    assert!(same_as_uncached(&v, &log, "the other Ada").is_some());
}

/// A same-size edit whose mtime is put back: the ctime tells the kept file,
/// as it tells the parse cache.
#[test]
fn a_same_size_edit_with_its_mtime_put_back_is_seen_by_the_kept_parts() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let path = v.path().join("people/Cy.md");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    replace(&v, "people/Cy.md", "2026-11-20", "2026-12-20");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    assert!(same_as_uncached(&v, &log, "same-size edit").is_some());
}

/// A kept file that is garbled (or cut short) is never trusted: the run
/// goes the whole way, prints the same and keeps the parts again.
#[test]
fn a_garbled_kept_file_is_not_trusted() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let kept: Vec<_> = std::fs::read_dir(v.cache_home.path().join("kith"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kept"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let bytes = std::fs::read(&kept[0]).unwrap();
    for (what, damaged) in [
        ("cut short", bytes[..bytes.len() / 2].to_vec()),
        ("garbled", {
            let mut b = bytes.clone();
            let at = b.len() - 3;
            b[at] ^= 0x55;
            b
        }),
    ] {
        std::fs::write(&kept[0], &damaged).unwrap();
        append(&v, "people/Di.md", "- 2026-11-22 mail\n");
        assert_eq!(same_as_uncached(&v, &log, what), None, "{what}");
        append(&v, "people/Di.md", "- 2026-11-22 mail\n");
        assert!(same_as_uncached(&v, &log, what).is_some(), "{what}: kept again");
    }
}

/// The people a changed person's dated notes name are in the index of a
/// run from kept parts, but not those people's own dated notes: there a
/// link to a namesake (`[[Ada]]`, by file name the first Ada, by alias
/// Ada Byron) would find only Ada Byron and give her a contact not hers.
#[test]
fn a_namesakes_contact_in_another_dated_note_does_not_move_to_the_changed_person() {
    let v = sparse_vault();
    v.file("people/Ada.md", "---\nname: Ada\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    v.file(
        "people/Ada Byron.md",
        "---\nname: Ada Byron\naliases: [Ada]\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n",
    );
    v.file("people/Cy.md", "---\nname: Cy\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    v.file("daily/2026-11-10.md", "- call with [[Ada Byron]] and [[Cy]]\n");
    v.file("meetings/2026-11-20 Review.md", "Met [[Cy]]; [[Ada]] came late.\n");
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    append(&v, "people/Ada Byron.md", "- 2026-08-01 mail\n");
    assert_eq!(same_as_uncached(&v, &log, "Ada Byron").as_deref(), Some("1 1 patched"), "her note alone");
    // Her dated note's contacts moved a line down: it and the two people it
    // names are computed again, from an index without Cy's meeting.
    replace(&v, "daily/2026-11-10.md", "- call with", "Morning.\n- call with");
    assert_eq!(same_as_uncached(&v, &log, "her dated note").as_deref(), Some("1 3 patched"), "the note and both");
    let run = v.kith(&["overdue", "--format", "json"]).ok();
    let last = |path: &str| {
        let rows = run.json();
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["path"] == path)
            .map(|r| r["last_contact"].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(last("people/Ada Byron.md"), ["\"2026-11-10\""]);
    assert_eq!(last("people/Ada.md"), ["\"2026-11-20\""]);
}

/// The people a changed dated note may name are in the index (all of an
/// ambiguous link's), but not their own dated notes: Lee (the Lee a link
/// loses to the first by path) has a meeting that names Sam, which is the
/// other Sam in the whole vault; an index without that Sam would give it to
/// the Sam the changed note names by path.
#[test]
fn a_loser_of_an_ambiguous_links_dated_note_does_not_move_a_contact_to_a_recomputed_person() {
    let v = sparse_vault();
    for person in ["people/a/Sam.md", "people/b/Sam.md", "people/a/Lee.md", "people/b/Lee.md"] {
        v.file(person, "---\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    }
    v.file("daily/2026-11-01.md", "- with [[people/b/Sam]] and [[Lee]]\n");
    v.file("daily/2026-11-20.md", "- with [[people/b/Lee]] and [[Sam]]\n");
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    replace(&v, "daily/2026-11-01.md", "- with", "Morning.\n- with");
    assert_eq!(same_as_uncached(&v, &log, "the first day's note").as_deref(), Some("1 3 patched"), "it, b/Sam, a/Lee");
    let run = v.kith(&["overdue", "--format", "json"]).ok();
    let rows = run.json();
    let last = |path: &str| last_contact(&rows, path);
    assert_eq!(last("people/b/Sam.md"), Some("2026-11-01".into()));
    assert_eq!(last("people/a/Sam.md"), Some("2026-11-20".into()));
}

/// A dated note's link by a name only one note goes by needs nothing more in
/// the index (it resolves to its note or to no one there); a link by path
/// does: Cy's lunch names `[[people/x/ADA]]`, which finds `people/x/Ada.md`
/// by its case-folded path in an index without `people/x/ADA.md`, and would
/// give Ada, computed again with Cy, a contact not hers.
#[test]
fn a_dated_notes_link_by_path_keeps_its_note_in_the_index_of_a_run_from_kept_parts() {
    let v = sparse_vault();
    v.file("people/x/Ada.md", "---\nname: Ada\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    v.file("people/x/ADA.md", "---\nname: Ada Upper\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    v.file("people/Cy.md", "---\nname: Cy\ncadence: 1d\n---\n## Log\n- 2026-09-01 call\n");
    v.file("daily/2026-11-01.md", "- call with [[people/x/Ada]] and [[Cy]]\n");
    v.file("daily/2026-11-20.md", "- lunch with [[Cy]] and [[people/x/ADA]]\n");
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    replace(&v, "daily/2026-11-01.md", "- call with", "Morning.\n- call with");
    assert_eq!(same_as_uncached(&v, &log, "the call's note").as_deref(), Some("1 3 patched"), "it, Ada and Cy");
    let run = v.kith(&["overdue", "--format", "json"]).ok();
    let rows = run.json();
    let last = |path: &str| last_contact(&rows, path);
    assert_eq!(last("people/x/Ada.md"), Some("2026-11-01".into()));
    assert_eq!(last("people/x/ADA.md"), Some("2026-11-20".into()));
}

/// The JSON printed last is patched: each changed person's row is taken out
/// and put back where a whole run puts it (first, last, between namesakes
/// of one name, out of the list and into it, an empty list and back), and
/// every patched run prints what a run without cache prints.
#[test]
fn patched_rows_land_where_a_whole_run_puts_them() {
    let v = sparse_vault();
    let person = |i: usize, name: &str, day: usize| {
        format!("---\nname: {name}\ncadence: 1w\n---\n## Log\n- 2026-10-{day:02} call (person {i})\n")
    };
    for i in 0..30 {
        // Days 1 to 10: three people share each day (ties broken by name).
        v.file(&format!("people/P{i:02}.md"), person(i, &format!("P{i:02}"), 1 + i % 10));
    }
    // Namesakes: one name, two paths, one day.
    v.file("people/a/Sam.md", person(30, "Sam", 5));
    v.file("people/b/Sam.md", person(31, "Sam", 5));
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let patched = |what: &str| {
        let line = same_as_uncached(&v, &log, what);
        assert!(line.as_deref().is_some_and(|l| l.ends_with(" patched")), "{what}: {line:?}");
    };
    let set_day = |rel: &str, day: &str| {
        let path = v.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("- 2026-").unwrap();
        std::fs::write(&path, format!("{}- {day}{}", &text[..at], &text[at + 12..])).unwrap();
    };
    set_day("people/P00.md", "2026-11-14");
    patched("the most overdue, now the least");
    set_day("people/P29.md", "2026-09-01");
    patched("the least overdue, now the most");
    set_day("people/b/Sam.md", "2026-10-06");
    patched("a namesake moved a day");
    set_day("people/b/Sam.md", "2026-10-05");
    patched("and back beside the other");
    set_day("people/P05.md", "2026-11-22");
    patched("out of the list");
    set_day("people/P05.md", "2026-10-03");
    patched("into the list again");
    for rel in ["people/P03.md", "people/P13.md", "people/P23.md"] {
        set_day(rel, "2026-10-08");
    }
    patched("three of one day moved to another");
    // Everyone contacted: an empty list, then one row again.
    let all: Vec<String> = (0..30)
        .map(|i| format!("people/P{i:02}.md"))
        .chain(["people/a/Sam.md".into(), "people/b/Sam.md".into()])
        .collect();
    for rel in &all {
        set_day(rel, "2026-11-22");
    }
    patched("everyone contacted");
    let args = ["overdue", "--format", "json"];
    let env = [("KITH_TEST_CLOCK_AHEAD", "3600")];
    assert_eq!(run_kith_env(v.path(), common::TODAY, &args, v.cache_home.path(), &env).stdout, "[]\n");
    set_day("people/P07.md", "2026-09-07");
    patched("one row in an empty list");
    set_day("people/P07.md", "2026-11-21");
    patched("the list empty again");
}

/// The JSON printed last is patched only when its stored result is the one
/// the kept rows were cut from: a result removed or damaged since leaves
/// every part combined, and the run after that patches again.
#[test]
fn a_kept_file_without_its_stored_result_combines_every_part() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let results = || -> Vec<std::path::PathBuf> {
        let dir = std::fs::read_dir(v.cache_home.path().join("kith")).unwrap();
        dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "result")).collect()
    };
    for damage in ["removed", "garbled"] {
        let result = results();
        assert_eq!(result.len(), 1, "{result:?}");
        if damage == "removed" {
            std::fs::remove_file(&result[0]).unwrap();
        } else {
            let mut bytes = std::fs::read(&result[0]).unwrap();
            let at = bytes.len() - 10;
            bytes[at] ^= 0x20;
            std::fs::write(&result[0], bytes).unwrap();
        }
        append(&v, "people/Di.md", "- 2026-11-22 mail\n");
        let line = same_as_uncached(&v, &log, damage);
        assert!(line.as_deref().is_some_and(|l| l.ends_with(" combined")), "{damage}: {line:?}");
        append(&v, "people/Cy.md", "- 2026-11-02 mail\n");
        let line = same_as_uncached(&v, &log, damage);
        assert!(line.as_deref().is_some_and(|l| l.ends_with(" patched")), "{damage}, then: {line:?}");
    }
}

/// The kept file of `v`'s one command line.
fn kept_file(v: &TempVault) -> std::path::PathBuf {
    let dir = std::fs::read_dir(v.cache_home.path().join("kith")).unwrap();
    let kept: Vec<_> = dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "kept")).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    kept[0].clone()
}

/// A run from kept parts appends what it changed; an appended change that is
/// cut short or damaged is not trusted (the whole way, which writes the file
/// whole again), and a long run of edits folds the changes back into the
/// file (it stays about its size) without a run printing anything else.
#[test]
fn changes_appended_to_the_kept_file_are_checked_and_folded() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let whole = std::fs::metadata(kept_file(&v)).unwrap().len();
    append(&v, "people/Di.md", "- 2026-11-22 mail\n");
    assert!(same_as_uncached(&v, &log, "an edit").is_some());
    let appended = std::fs::metadata(kept_file(&v)).unwrap().len();
    assert!(appended > whole && appended - whole < whole / 4, "appended {appended} to {whole}");
    for (what, damage) in [("cut short", 0usize), ("garbled", 1)] {
        let file = kept_file(&v);
        let mut bytes = std::fs::read(&file).unwrap();
        if damage == 0 {
            bytes.truncate(bytes.len() - 5);
        } else {
            let at = bytes.len() - 5;
            bytes[at] ^= 0x41;
        }
        std::fs::write(&file, bytes).unwrap();
        append(&v, "people/Cy.md", "- 2026-11-03 mail\n");
        assert_eq!(same_as_uncached(&v, &log, what), None, "{what}: the whole way");
        append(&v, "people/Cy.md", "- 2026-11-04 mail\n");
        assert!(same_as_uncached(&v, &log, what).is_some(), "{what}: kept again");
    }
    // The parse cache is written whole now and then (a run the whole way): the rest are patched.
    let (mut largest, mut patched) = (0, 0);
    for day in 1..=80 {
        let rel = ["people/Ada.md", "people/Cy.md", "daily/2026-11-02.md", "goals/Ship the book.md"][day % 4];
        append(&v, rel, &format!("- 2026-10-{:02} note {day}\n", 1 + day % 28));
        let line = same_as_uncached(&v, &log, &format!("edit {day}"));
        patched += usize::from(line.is_some_and(|l| l.ends_with(" patched")));
        largest = largest.max(std::fs::metadata(kept_file(&v)).unwrap().len());
    }
    assert!(patched >= 60, "{patched} of 80 edits patched");
    assert!(largest < whole * 2, "the kept file grew to {largest} from {whole}");
}

/// A note edited within the racy window is read again, but not added to the
/// parse cache, which still holds it as it was, under the stamp the kept
/// file has: the note must come from disk alone, not also from the parse
/// cache among the unchanged notes its part reads (a stale second copy of the
/// person printed their old stage).
#[test]
fn a_racy_edit_of_a_person_is_not_read_back_stale_from_the_parse_cache() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    for (rel, from, to) in
        [("people/Cy.md", "stage: growing", "stage: trusted"), ("people/Ada.md", "cadence: 2w", "cadence: 3d")]
    {
        replace(&v, rel, from, to);
        // Changed a moment before the (test clock's) walk: racy.
        let racy = std::time::SystemTime::now() + std::time::Duration::from_secs(HOUR as u64);
        std::fs::File::options().write(true).open(v.path().join(rel)).unwrap().set_modified(racy).unwrap();
        assert!(same_as_uncached(&v, &log, rel).is_some(), "{rel}: run from kept parts");
    }
}

/// A run from kept parts whose output cannot be written (stdout a full
/// disk) fails as a run without cache does, whether it patches or combines;
/// it used to wait forever for the rows its failed print never sent.
#[test]
fn a_run_from_kept_parts_that_cannot_print_fails_instead_of_hanging() {
    let v = vault();
    let log = v.cache_home.path().join("kept.log");
    keep_parts(&v, &log);
    let to_full_disk = |args: &[&str]| {
        let mut command = common::kith_command(v.path(), common::TODAY, args, v.cache_home.path());
        command.envs([("KITH_TEST_CLOCK_AHEAD", "3600"), ("KITH_TEST_KEPT_LOG", log.to_str().unwrap())]);
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let mut child = command.stdout(full).stderr(std::process::Stdio::piped()).spawn().unwrap();
        let start = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > std::time::Duration::from_secs(60) {
                child.kill().unwrap();
                panic!("kith {args:?} with stdout on a full disk still runs after 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let uncached = to_full_disk(&["--no-cache", "overdue", "--format", "json"]);
    assert_ne!(uncached.0, Some(0), "{uncached:?}");
    for how in ["patched", "combined"] {
        if how == "combined" {
            let dir = std::fs::read_dir(v.cache_home.path().join("kith")).unwrap();
            for result in dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "result")) {
                std::fs::remove_file(result).unwrap();
            }
        }
        append(&v, "people/Di.md", "- 2026-11-22 mail\n");
        let before = std::fs::read_to_string(&log).unwrap_or_default();
        assert_eq!(to_full_disk(&["overdue", "--format", "json"]), uncached, "{how}");
        let after = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(after[before.len()..].trim().ends_with(how), "{how}: {:?}", &after[before.len()..]);
        // What the failed run kept leaves the next runs right.
        same_as_uncached(&v, &log, how);
        append(&v, "people/Cy.md", "- 2026-11-03 mail\n");
        same_as_uncached(&v, &log, how);
    }
}
