//! `kith check`: one broken fixture per rule, its message, line and exit code,
//! and the hostile inputs that must neither hang nor panic.

mod common;
use common::TempVault;
use std::time::{Duration, Instant};

fn check_one(rel: &str, contents: impl AsRef<[u8]>) -> common::Run {
    let v = TempVault::new();
    v.file(rel, contents);
    v.kith(&["check"])
}

fn assert_reports(run: &common::Run, expected: &str, code: i32) {
    assert!(run.stdout.contains(expected), "expected {expected:?} in:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert_eq!(run.code, code, "exit code for {expected:?}\n{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn clean_vault_exits_zero() {
    let v = TempVault::new();
    v.file("people/A.md", "---\nstage: seed\n---\n## Log\n- 2026-01-01 hi\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "No problems: 1 note read (1 person, 0 goals)", 0);
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let run = check_one("people/A.md", "---\nname: A\ncompany: [x\nrole: y\n---\n");
    assert_reports(&run, "people/A.md:4:", 1);
    assert!(run.stdout.contains("error: YAML error"), "{}", run.stdout);
}

#[test]
fn wrong_types() {
    let run = check_one("people/A.md", "---\nname: A\ncompany: {x: 1}\nmet: 2025\n---\n");
    assert_reports(&run, "people/A.md:3: error: `company` should be text, not a mapping", 1);
    assert_reports(&run, "people/A.md:4: error: `met`: \"2025\" is not a date (expected YYYY-MM-DD)", 1);
}

#[test]
fn impossible_dates() {
    let run = check_one("people/A.md", "---\nfollow_up: 2026-02-29\n---\n");
    assert_reports(&run, "people/A.md:2: error: `follow_up`: \"2026-02-29\" is not a real calendar day", 1);
}

#[test]
fn unknown_stage_and_purpose() {
    let run = check_one("people/A.md", "---\nstage: vip\npurpose: money\n---\n");
    assert_reports(&run, "people/A.md:2: error: unknown stage \"vip\"", 1);
    assert_reports(&run, "hint: use one of: seed, growing, trusted, pruned", 1);
    assert_reports(&run, "people/A.md:3: error: unknown purpose \"money\"", 1);
}

#[test]
fn bad_cadence() {
    let run = check_one("people/A.md", "---\ncadence: fortnightly\n---\n");
    assert_reports(&run, "people/A.md:2: error: cadence \"fortnightly\" is not a cadence", 1);
}

#[test]
fn impossible_log_date() {
    let run = check_one("people/A.md", "---\n---\nText\n\n## Log\n- 2026-02-31 lunch\n");
    assert_reports(
        &run,
        "people/A.md:6: error: log entry date 2026-02-31 is not a real calendar day; entry skipped",
        1,
    );
}

#[test]
fn non_utf8_and_binary() {
    let run = check_one("people/A.md", b"---\nname: Ren\xe9e\n---\n".as_slice());
    assert_reports(&run, "people/A.md:2: error: not valid UTF-8", 1);
    let run = check_one("people/B.md", b"\x89PNG\r\n\x1a\n\x00\x00".as_slice());
    assert_reports(&run, "people/B.md:3: error: binary file", 1);
}

#[test]
fn duplicate_keys_point_at_the_repeat() {
    let run = check_one("people/A.md", "---\nname: A\nstage: seed\nname: B\n---\n");
    assert_reports(&run, "people/A.md:4: error: YAML error: duplicate entry with key \"name\"", 1);
}

#[test]
fn unresolved_links_are_warnings_only() {
    let v = TempVault::new();
    v.file(
        "people/A.md",
        "---\ngoals: [\"[[Nope]]\"]\nintroduced_by: \"[[Nobody]]\"\n---\n## Log\n- 2026-01-01 met [[Ghost]]\n",
    );
    let run = v.kith(&["check"]);
    assert_reports(&run, "people/A.md:2: warning: [[Nope]] links to no goal in the vault", 0);
    assert_reports(&run, "people/A.md:3: warning: [[Nobody]] links to no person in the vault", 0);
    assert_reports(&run, "people/A.md:6: warning: [[Ghost]] links to no note in the vault", 0);
    assert_reports(&run, "0 errors, 3 warnings", 0);
}

#[test]
fn broken_settings_file() {
    let v = TempVault::new();
    v.file("kith.yaml", "cadence:\n  seed: [\n");
    v.file("people/A.md", "---\n---\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "kith.yaml:", 1);
    assert_reports(&run, "settings not used", 1);
}

#[test]
fn unclosed_front_matter_and_empty_files() {
    let v = TempVault::new();
    v.file("people/Open.md", "---\nname: A\n\nSome body text\n");
    v.file("people/Empty.md", "");
    v.file("people/OnlyFence.md", "---");
    let run = v.kith(&["check"]);
    assert_reports(&run, "people/Open.md:1: error: front matter never closes", 1);
    assert_reports(&run, "people/OnlyFence.md:1: error: front matter never closes", 1);
    assert!(!run.stdout.contains("Empty.md"), "{}", run.stdout);
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let run = check_one("people/A.md", "---\n- a\n- b\n---\n");
    assert_reports(&run, "people/A.md:2: error: front matter should be `key: value` fields, not a list", 1);
}

#[test]
fn goal_rules() {
    let v = TempVault::new();
    v.file("goals/A.md", "---\ntitle: Same\ntarget: -2\nstart: 2026-05-01\ndeadline: 2026-01-01\n---\n");
    v.file("goals/B.md", "---\ntitle: same\ntarget: 3\n---\n## Log\n- 2026-01-01 #win did a thing\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "goals/A.md:3: error: `target` should be a positive whole number, not -2", 1);
    assert_reports(&run, "goals/A.md:5: error: deadline 2026-01-01 is before start 2026-05-01", 1);
    assert_reports(&run, "goals/A.md:2: warning: goal title \"Same\" is also used by goals/B.md", 1);
    assert_reports(&run, "goals/B.md:6: warning: #win links no goal, so it counts for none", 1);
}

#[test]
fn ask_while_seed_is_flagged() {
    let run = check_one("people/A.md", "---\nstage: seed\n---\n## Log\n- 2026-01-01 asked for an intro #ask\n");
    assert_reports(&run, "people/A.md:5: warning: #ask logged while the stage is still seed", 0);
}

#[test]
fn json_output_lists_problems() {
    let v = TempVault::new();
    v.file("people/A.md", "---\nstage: vip\n---\n");
    let run = v.kith(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["problems"][0]["path"], "people/A.md");
    assert_eq!(json["problems"][0]["line"], 2);
    assert_eq!(json["problems"][0]["severity"], "error");
}

fn assert_fast(run: impl FnOnce() -> common::Run, limit: Duration) -> common::Run {
    let start = Instant::now();
    let run = run();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut yaml =
        String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")]
    {
        yaml.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    yaml.push_str("---\n");
    let v = TempVault::new();
    v.file("people/Bomb.md", yaml);
    let run = assert_fast(|| v.kith(&["check"]), Duration::from_secs(10));
    assert_reports(&run, "people/Bomb.md:", 1);
}

#[test]
fn five_megabyte_single_line() {
    let v = TempVault::new();
    v.file("people/Long.md", format!("---\nname: Long\n---\n{}\n", "word ".repeat(1_000_000)));
    v.file("people/LongYaml.md", format!("---\nname: {}\n---\n", "x".repeat(5_000_000)));
    let run = assert_fast(|| v.kith(&["check"]), Duration::from_secs(20));
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn two_hundred_thousand_log_entries() {
    let mut note = String::from("---\nname: Busy\n---\n## Log\n");
    for i in 0..200_000u32 {
        note.push_str(&format!("- 2026-{:02}-{:02} entry {i} #gave\n", i % 12 + 1, i % 28 + 1));
    }
    let v = TempVault::new();
    v.file("people/Busy.md", note);
    let run = assert_fast(|| v.kith(&["overdue", "--format", "json"]), Duration::from_secs(30));
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn directory_named_like_a_note() {
    let v = TempVault::new();
    v.file("people/Folder.md/Inside.md", "---\n---\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "1 note read (1 person", 0);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_vault() {
    let v = TempVault::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("Secret.md"), "---\nname: Secret\n---\n").unwrap();
    v.file("people/A.md", "---\n---\n");
    std::os::unix::fs::symlink(v.path().join("people"), v.path().join("people/loop")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/outside")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("Secret.md"), v.path().join("people/Secret.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/Folder.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/Templates")).unwrap();
    let run = assert_fast(|| v.kith(&["check"]), Duration::from_secs(10));
    assert_reports(&run, "people/Secret.md:1: warning: symlink to a file outside the vault; not read", 0);
    assert_reports(
        &run,
        "people/outside:1: warning: symlink to a folder outside the vault; the note in it is not read",
        0,
    );
    assert!(
        !run.stdout.contains("people/loop:"),
        "a link to a folder inside the vault is not worth a word: {}",
        run.stdout
    );
    assert_reports(&run, "people/Folder.md:1: warning: symlink to a folder outside the vault", 0);
    assert!(!run.stdout.contains("people/Templates:"), "a template folder is never read anyway: {}", run.stdout);
    assert_reports(&run, "1 note read (1 person", 0);
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    assert_eq!(common::names(&people), ["A"]);
}

/// The only people folder is a symlink to a folder outside the vault (kept in a
/// synced folder, say): "not a kith vault" or "no person notes" alone would
/// hide why, so both name the link and what to do.
#[cfg(unix)]
#[test]
fn people_folder_symlinked_from_outside_is_named_when_no_people_are_found() {
    let v = TempVault::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("Ada.md"), "---\ncadence: 30d\n---\n").unwrap();
    std::fs::write(outside.path().join("Bob.md"), "---\ncadence: 30d\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("People")).unwrap();
    let unread = "People:1: warning: symlink to a folder outside the vault; the 2 notes in it are not read";
    let run = v.kith(&["overdue"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not a kith vault"), "{}", run.stderr);
    assert!(run.stderr.contains(unread), "{}", run.stderr);
    assert!(run.stderr.contains("hint: kith does not follow symlinks"), "{}", run.stderr);
    v.file("kith.yaml", "");
    let run = v.kith(&["overdue"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("No person notes found") && run.stdout.contains(unread), "{}", run.stdout);
    assert!(!run.stderr.contains("No person notes found"), "said once, on the page: {}", run.stderr);
    let again = v.kith(&["overdue"]);
    assert_eq!((again.stdout, again.stderr), (run.stdout, run.stderr), "the second run, from the cache, says the same");
}

/// `kith add` (and `import`) wrote into a people folder that is a symlink to
/// a folder outside the vault: "added People/Cara.md", and then no command
/// could find Cara. Both refuse, name the link and write nothing.
#[cfg(unix)]
#[test]
fn add_and_import_refuse_a_people_folder_symlinked_from_outside() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("Ada.md"), "---\ncadence: 30d\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("People")).unwrap();
    let csv = v.path().join("contacts.vcf");
    std::fs::write(&csv, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Vee\r\nEND:VCARD\r\n").unwrap();
    for args in [&["add", "Cara Vee"][..], &["import", "vcard", csv.to_str().unwrap()][..]] {
        let run = v.kith(args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("People is a symlink to") && run.stderr.contains("outside the vault"),
            "{}",
            run.stderr
        );
        let files: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "{args:?} wrote nothing outside");
    }
    v.file("people/Bo.md", "---\n---\n");
    v.kith(&["add", "Cara Vee"]).ok();
    assert!(v.path().join("people/Cara Vee.md").is_file(), "a people folder inside the vault is used");
}

/// A file or folder name in Latin-1 (not UTF-8): `Renée.md` saved by an old tool.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_warned_about_and_the_rest_is_read() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let v = TempVault::new();
    let person = "---\nstage: seed\n---\n## Log\n- 2026-01-01 coffee\n";
    v.file("people/Ada.md", person);
    let people = v.path().join("people");
    std::fs::write(people.join(OsStr::from_bytes(b"Ren\xe9e.md")), person).unwrap();
    let folder = people.join(OsStr::from_bytes(b"Caf\xe9"));
    std::fs::create_dir_all(folder.join("inner")).unwrap();
    std::fs::write(folder.join("Bob.md"), person).unwrap();
    std::fs::write(folder.join("inner").join(OsStr::from_bytes(b"Zo\xeb.md")), person).unwrap();
    std::fs::write(folder.join("photo.jpg"), "not a note").unwrap();
    // Not notes: a folder of attachments and a hidden folder say nothing.
    std::fs::create_dir_all(v.path().join(OsStr::from_bytes(b"Bilder \xe9t\xe9"))).unwrap();
    std::fs::create_dir_all(v.path().join(OsStr::from_bytes(b".tr\xe9sor"))).unwrap();
    std::fs::write(v.path().join(OsStr::from_bytes(b".tr\xe9sor/x.md")), person).unwrap();

    let run = v.kith(&["check"]);
    assert_reports(&run, "people/Ren\u{FFFD}e.md:1: warning: file name is not valid UTF-8; not read", 0);
    assert_reports(
        &run,
        "people/Caf\u{FFFD}:1: warning: folder name is not valid UTF-8; the 2 notes in it are not read",
        0,
    );
    assert!(run.stdout.contains("hint: rename it with a UTF-8 name"), "{}", run.stdout);
    assert!(!run.stdout.contains("No such file"), "{}", run.stdout);
    assert!(!run.stdout.contains("Bilder") && !run.stdout.contains("sor"), "{}", run.stdout);
    assert!(run.stdout.contains("2 warnings"), "one warning per note or folder:\n{}", run.stdout);
    let names = common::names(&v.kith(&["overdue", "--format", "json"]).ok().json());
    assert_eq!(names, ["Ada"], "the rest of the vault is read");
}

#[test]
fn summary_says_which_notes_hold_the_errors_and_counts_warnings_apart() {
    let v = TempVault::new();
    v.file("people/A.md", "---\nstage: [broken\n---\n");
    v.file("people/B.md", "---\nstage: [broken\n---\n");
    v.file("Clippings/C.md", "---\ntitle: [broken\n---\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "2 errors in 2 notes, 1 warning. 3 notes read (0 people, 0 goals)", 1);
    v.file("people/B.md", "---\nstage: seed\n---\n");
    let run = v.kith(&["check"]);
    assert_reports(&run, "1 error, 1 warning. 3 notes read (1 person, 0 goals)", 1);
}

#[test]
fn non_utf8_or_binary_clipping_outside_people_and_goals_is_a_warning() {
    let v = TempVault::new();
    v.file("people/A.md", "---\nstage: seed\n---\n");
    v.file("Clippings/old.md", b"caf\xe9\n".as_slice());
    v.file("Clippings/image.md", b"\x89PNG\r\n\x1a\n\x00\x00".as_slice());
    let run = v.kith(&["check"]);
    assert_reports(&run, "Clippings/old.md:1: warning: not valid UTF-8", 0);
    assert!(run.stdout.contains("Clippings/image.md:3: warning: binary file"), "{}", run.stdout);
    assert!(!run.stdout.contains(": error:"), "{}", run.stdout);
    let overdue = v.kith(&["overdue"]);
    assert_eq!(overdue.code, 0, "{}", overdue.stderr);
    assert!(!overdue.stderr.contains("error in the vault"), "{}", overdue.stderr);
    // In a goals folder it is still an error, as a front matter error is.
    v.file("goals/G.md", b"caf\xe9\n".as_slice());
    assert_reports(&v.kith(&["check"]), "goals/G.md:1: error: not valid UTF-8", 1);
}

#[test]
fn an_ambiguous_link_in_a_dated_note_warns_with_its_line() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/work/Sam.md", "---\nname: Sam Same\n---\n");
    v.file("people/home/Sam.md", "---\nname: Sam Same\n---\n");
    v.file("2026-11-20.md", "# Friday\n- coffee with [[Sam Same]] #gave\n");
    let run = v.kith(&["check"]);
    assert!(run.stdout.contains("2026-11-20.md:2: warning: [[Sam Same]] matches several notes"), "{}", run.stdout);
    assert!(!run.stdout.starts_with("No problems"), "{}", run.stdout);
    // The hint's example is a path the link could take: the first match's.
    assert!(run.stdout.contains("link by path, e.g. [[people/home/Sam]]"), "{}", run.stdout);
    // Namesake goals: the example is a goal's path, not a person's.
    v.file("goals/Host dinners.md", "---\ntype: goal\ntitle: Host dinners\n---\n");
    v.file("goals/sub/Host dinners.md", "---\ntype: goal\ntitle: Host dinners\n---\n");
    v.file("people/Ada.md", "---\nname: Ada\ngoals: [\"[[Host dinners]]\"]\n---\n");
    let run = v.kith(&["check"]);
    assert!(run.stdout.contains("link by path, e.g. [[goals/Host dinners]]"), "{}", run.stdout);
}

#[test]
fn a_link_in_inline_code_in_a_daily_note_is_no_contact() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/Ada Lovelace.md", "---\nname: Ada Lovelace\n---\n");
    v.file("2026-11-20.md", "- code `[[Ada Lovelace]]`\n");
    let run = v.kith(&["show", "Ada Lovelace"]).ok();
    assert!(!run.stdout.contains("2026-11-20"), "{}", run.stdout);
}
