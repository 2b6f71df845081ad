//! `people`, `show` and `report` end to end, and the example vault.

mod common;
use common::{example_vault, names, run_kith, snapshot_tree, TempVault};

fn vault_with_people() -> TempVault {
    let v = TempVault::new();
    v.file("goals/Raise.md", "---\ntitle: Raise seed round\naliases: [Seed]\ntarget: 3\n---\n");
    v.file(
        "people/Ada Lovelace.md",
        "---\naliases: [Ada]\nstage: trusted\ntags: [Mathematics, '#speaking']\ncircles: london\ninterests: [poetry]\ncompany: Analytical Engines\npurpose: leads\ngoals: [\"[[Seed]]\"]\ncustom_field: 42\n---\n## Log\n- 2026-11-01 tea #gave\n",
    );
    v.file("people/Ada Byron.md", "---\naliases: [Ada]\nstage: seed\n---\n");
    v.file("people/Charles.md", "---\nstage: growing\ntags: speaking, engines\ncircles: [cambridge]\n---\n");
    v
}

#[test]
fn people_filters() {
    let v = vault_with_people();
    let all = v.kith(&["people", "--format", "json"]).ok().json();
    assert_eq!(names(&all), ["Ada Byron", "Ada Lovelace", "Charles"]);
    let by = |args: &[&str]| {
        let mut full = vec!["people", "--format", "json"];
        full.extend_from_slice(args);
        names(&v.kith(&full).ok().json())
    };
    assert_eq!(by(&["--stage", "trusted"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--stage", "seed", "--stage", "growing"]), ["Ada Byron", "Charles"]);
    assert_eq!(by(&["--tag", "#Speaking"]), ["Ada Lovelace", "Charles"]);
    assert_eq!(by(&["--tag", "engines"]), ["Charles"]);
    assert_eq!(by(&["--circle", "London"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--goal", "raise seed round"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--goal", "Raise"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--purpose", "leads"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--interest", "POETRY"]), ["Ada Lovelace"]);
    assert_eq!(by(&["--company", "engines"]), ["Ada Lovelace"]);
    let bad = v.kith(&["people", "--stage", "vip"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown stage \"vip\""), "{}", bad.stderr);
}

#[test]
fn people_json_has_every_front_matter_field_and_derived_dates() {
    let v = vault_with_people();
    let all = v.kith(&["people", "--format", "json"]).ok().json();
    let ada = all.as_array().unwrap().iter().find(|p| p["name"] == "Ada Lovelace").unwrap();
    assert_eq!(ada["path"], "people/Ada Lovelace.md");
    assert_eq!(ada["custom_field"], 42);
    assert_eq!(ada["circles"], "london");
    assert_eq!(ada["goals"], serde_json::json!(["Raise seed round"]));
    assert_eq!(ada["last_contact"], "2026-11-01");
    assert_eq!(ada["due"], "2027-01-30");
    assert_eq!(ada["days_overdue"], -68);
    assert_eq!(ada["cadence"], "90d");
}

#[test]
fn show_resolves_like_a_wikilink() {
    let v = vault_with_people();
    let run = v.kith(&["show", "ada lovelace"]).ok();
    assert!(run.stdout.starts_with("Ada Lovelace  people/Ada Lovelace.md"), "{}", run.stdout);
    assert!(run.stdout.contains("2026-11-01  tea #gave"), "{}", run.stdout);
    assert!(run.stdout.contains("next due:      2027-01-30 (every 90d; in 68 days)"), "{}", run.stdout);
    let json = v.kith(&["show", "[[Charles|Babbage]]", "--format", "json"]).ok().json();
    assert_eq!(json["name"], "Charles");
    assert_eq!(json["stage"], "growing");
}

#[test]
fn show_lists_candidates_when_ambiguous_and_suggests_when_missing() {
    let v = vault_with_people();
    let run = v.kith(&["show", "Ada"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("\"Ada\" matches several people"), "{}", run.stderr);
    assert!(
        run.stderr.contains("people/Ada Byron.md") && run.stderr.contains("people/Ada Lovelace.md"),
        "{}",
        run.stderr
    );
    let run = v.kith(&["show", "Lovelace"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did you mean:\n  Ada Lovelace  (people/Ada Lovelace.md)"), "{}", run.stderr);
}

#[test]
fn report_writes_atomically_and_only_when_changed() {
    let v = vault_with_people();
    v.file("people/Late.md", "---\nfollow_up: 2026-11-01\n---\n");
    let before = snapshot_tree(v.path());
    let run = v.kith(&["report"]).ok();
    assert!(run.stdout.contains("wrote"), "{}", run.stdout);
    assert!(run.stdout.contains("1 overdue"), "{}", run.stdout);
    let out = v.path().join("kith");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("overdue.json")).unwrap()).unwrap();
    assert_eq!(names(&json), ["Late"]);
    let md = std::fs::read_to_string(out.join("overdue.md")).unwrap();
    assert!(md.contains("| 22 days late | [[Late]] | seed |"), "{md}");

    // Nothing outside the output folder changed.
    let after: Vec<_> = snapshot_tree(v.path()).into_iter().filter(|(p, _)| !p.starts_with("kith")).collect();
    assert_eq!(before, after);

    let mtime = |name: &str| std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
    let (md_time, json_time) = (mtime("overdue.md"), mtime("overdue.json"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = v.kith(&["report"]).ok();
    let outputs: usize = kith::render::REPORTS.iter().map(|r| r.file_names().len()).sum();
    assert_eq!(run.stdout.matches("unchanged").count(), outputs, "every output is unchanged: {}", run.stdout);
    assert_eq!((mtime("overdue.md"), mtime("overdue.json")), (md_time, json_time));
}

#[test]
fn report_out_folder_inside_the_vault_is_not_read_back() {
    let v = vault_with_people();
    let out = v.path().join("exports");
    v.kith(&["report", "--out", out.to_str().unwrap()]).ok();
    std::fs::write(out.join("Fake.md"), "---\ntype: person\nfollow_up: 2020-01-01\n---\n").unwrap();
    let run = v.kith(&["report", "--out", out.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("3 people"), "{}", run.stdout);
}

#[test]
fn missing_vault_is_a_clear_fatal_error() {
    let run = run_kith(std::path::Path::new("/nonexistent/kith-vault"), &["overdue"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("vault /nonexistent/kith-vault"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: pass --vault DIR"), "{}", run.stderr);
}

#[test]
fn bad_today_is_a_usage_error() {
    let v = TempVault::new();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .env("XDG_CACHE_HOME", common::cache_home())
        .args(["--vault", v.path().to_str().unwrap(), "overdue", "--today", "2026-13-01"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a date like 2026-11-23"));
}

#[test]
fn vault_from_environment_and_no_colour_in_pipes() {
    let v = vault_with_people();
    v.file("people/Late.md", "---\nfollow_up: 2026-11-01\n---\n");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .env("XDG_CACHE_HOME", common::cache_home())
        .args(["overdue", "--today", "2026-11-23"])
        .env("KITH_VAULT", v.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("Late"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no escape codes when piped");
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .env("XDG_CACHE_HOME", common::cache_home())
        .args(["overdue", "--today", "2026-11-23", "--color", "always"])
        .env("KITH_VAULT", v.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
}

#[test]
fn example_vault_is_clean_and_its_reports_are_stable() {
    let vault = example_vault();
    let check = run_kith(&vault, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("32 people, 5 goals"), "{}", check.stdout);

    let overdue = run_kith(&vault, &["overdue", "--format", "json"]).ok();
    insta::assert_snapshot!("example_overdue_json", overdue.stdout);
    let text = run_kith(&vault, &["overdue"]).ok();
    insta::assert_snapshot!("example_overdue_text", text.stdout);
    let md = run_kith(&vault, &["overdue", "--format", "md"]).ok();
    insta::assert_snapshot!("example_overdue_md", md.stdout);
    let show = run_kith(&vault, &["show", "Wei"]).ok();
    insta::assert_snapshot!("example_show_wei", show.stdout);
}

#[test]
fn example_vault_report_goes_to_out_and_leaves_the_vault_alone() {
    let vault = example_vault();
    let before = snapshot_tree(&vault);
    let out = tempfile::tempdir().unwrap();
    run_kith(&vault, &["report", "--out", out.path().to_str().unwrap()]).ok();
    assert!(out.path().join("overdue.md").exists());
    assert_eq!(before, snapshot_tree(&vault));
}

#[test]
fn ledger_of_one_person_says_1_person_and_counts_agree_everywhere() {
    let v = TempVault::new();
    v.file("people/Ada.md", "---\nfollow_up: 2026-11-22\n---\n## Log\n- 2026-11-01 tea #gave\n");
    let ledger = common::run_kith_on(v.path(), "2026-11-23", &["ledger"]).ok().stdout;
    assert!(ledger.contains("Give and get: 1 person, you owe 0"), "{ledger}");
    // One day overdue is "1 day", wherever a count of days is said.
    let people = common::run_kith_on(v.path(), "2026-11-23", &["people"]).ok().stdout;
    assert!(people.contains("1 day overdue") && !people.contains("1 days"), "{people}");
    let show = common::run_kith_on(v.path(), "2026-11-23", &["show", "Ada"]).ok().stdout;
    assert!(show.contains("1 day overdue") && !show.contains("1 days"), "{show}");
    let soon = common::run_kith_on(v.path(), "2026-11-21", &["people"]).ok().stdout;
    assert!(soon.contains("due in 1 day") && !soon.contains("1 days"), "{soon}");
}

#[test]
fn show_of_a_person_without_entries_says_no_log_entries_yet() {
    let v = TempVault::new();
    v.file("people/Grace.md", "---\nstage: seed\n---\n");
    let text = v.kith(&["show", "Grace"]).ok().stdout;
    assert!(text.contains("No log entries yet") && !text.contains("(0 of 0)"), "{text}");
    let md = v.kith(&["show", "Grace", "--format", "md"]).ok().stdout;
    assert!(md.contains("No log entries yet.") && !md.contains("### Recent log"), "{md}");
}

#[test]
fn help_names_every_export_format() {
    let help = TempVault::new().kith(&["--help"]).ok().stdout;
    let line = help.lines().find(|l| l.trim_start().starts_with("export")).unwrap_or_default();
    assert!(line.contains("CSV") && line.contains("JSON") && line.contains("vCard"), "{line}");
}

#[test]
fn overdue_json_skips_the_pool_yet_matches_the_page_that_computes_it() {
    // `overdue --format json` combines without the pool (its plant is shown on
    // pages only); the rows must be those `kith report` writes with it.
    let v = vault_with_people();
    v.file("people/Late.md", "---\nfollow_up: 2026-11-01\n---\n## Log\n- 2026-10-01 Lunch #referral [[Ann 3]]\n");
    for i in 0..8 {
        v.file(&format!("people/Ann {i}.md"), "---\nstage: seed\n---\n");
    }
    v.kith(&["report"]).ok();
    let page = std::fs::read(v.path().join("kith/overdue.json")).unwrap();
    let run = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok();
    assert_eq!(run.stdout.as_bytes(), page.as_slice());
    assert_eq!(names(&run.json()), ["Late"]);
    let text = v.kith(&["--no-cache", "overdue"]).ok();
    assert!(text.stdout.contains("Plant this week: the 5 most relevant"), "{}", text.stdout);
}

#[test]
fn json_into_a_pipe_closed_early_ends_quietly() {
    // `kith people --format json | head -c 10`: a closed pipe is not an error.
    use std::io::Read;
    let v = vault_with_people();
    for i in 0..2000 {
        v.file(&format!("people/P{i}.md"), "---\nstage: seed\ncompany: A company with a long name\n---\n");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "--vault",
            v.path().to_str().unwrap(),
            "--today",
            "2026-11-23",
            "--no-cache",
            "people",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: kith's next write fails with a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
