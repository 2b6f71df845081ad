//! `kith overdue --format json` against METHOD.md's contract, on crafted vaults.

mod common;
use common::{names, TempVault};
use serde_json::json;

fn person(front: &str, log: &str) -> String {
    format!("---\n{front}\n---\n\n## Log\n{log}")
}

#[test]
fn contract_fields_and_values() {
    let v = TempVault::new();
    v.file(
        "people/Ada Lovelace.md",
        person("stage: growing\ngoals: [\"[[Speak]]\"]\ncadence: 6w", "- 2026-09-01 coffee\n"),
    );
    v.file("goals/Speak.md", "---\ntitle: Speak at five conferences\ntarget: 5\n---\n");
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    let ada = &out[0];
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["path"], "people/Ada Lovelace.md");
    assert_eq!(ada["stage"], "growing");
    assert_eq!(ada["last_contact"], "2026-09-01");
    assert_eq!(ada["due"], "2026-10-13");
    assert_eq!(ada["days_overdue"], 41);
    assert_eq!(ada["goals"], json!(["Speak at five conferences"]));
}

#[test]
fn most_overdue_first_then_by_name() {
    let v = TempVault::new();
    for (name, last) in [("Cleo", "2026-10-01"), ("Bea", "2026-09-01"), ("Abe", "2026-10-01"), ("Dan", "2026-11-20")] {
        v.file(&format!("people/{name}.md"), person("", &format!("- {last} hi\n")));
    }
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["Bea", "Abe", "Cleo"]);
    assert_eq!(out[0]["days_overdue"], 53);
    assert_eq!(out[1]["days_overdue"], 23);
}

#[test]
fn due_today_is_not_overdue_and_pruned_never_due() {
    let v = TempVault::new();
    v.file("people/Today.md", "---\nfollow_up: 2026-11-23\n---\n");
    v.file("people/Yesterday.md", "---\nfollow_up: 2026-11-22\n---\n");
    v.file("people/Pruned.md", "---\nstage: pruned\nfollow_up: 2020-01-01\nlast_contact: 2020-01-01\n---\n");
    v.file("people/Never.md", "---\nstage: seed\n---\n");
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["Yesterday"]);
    assert_eq!(out[0]["last_contact"], serde_json::Value::Null);
    let text = v.kith(&["overdue"]).ok().stdout;
    assert!(text.contains("Due in the next 7 days: 1"), "{text}");
    assert!(text.contains("Not yet contacted: 1"), "{text}");
    assert!(!text.contains("Pruned"), "{text}");
}

#[test]
fn future_log_entries_are_planned_not_contacts() {
    let v = TempVault::new();
    v.file("people/P.md", person("cadence: 10d", "- 2026-11-01 call\n- 2026-11-30 planned lunch\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["last_contact"], "2026-11-01");
    assert_eq!(out[0]["days_overdue"], 12);
}

#[test]
fn last_contact_field_and_log_take_the_latest() {
    let v = TempVault::new();
    v.file("people/A.md", person("last_contact: 2026-10-01", "- 2026-09-01 old\n"));
    v.file("people/B.md", person("last_contact: 2026-08-01", "- 2026-09-15 newer\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    let by_name = |n: &str| out.as_array().unwrap().iter().find(|o| o["name"] == n).unwrap().clone();
    assert_eq!(by_name("A")["last_contact"], "2026-10-01");
    assert_eq!(by_name("B")["last_contact"], "2026-09-15");
}

#[test]
fn follow_up_wins_even_before_last_contact() {
    let v = TempVault::new();
    v.file("people/F.md", person("follow_up: 2026-11-01\ncadence: 1y", "- 2026-11-10 talked\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["due"], "2026-11-01");
    assert_eq!(out[0]["days_overdue"], 22);
}

#[test]
fn stage_defaults_and_kith_yaml_override() {
    let v = TempVault::new();
    v.file("people/T.md", person("stage: trusted", "- 2026-09-01 x\n"));
    v.file("people/G.md", person("stage: Growing", "- 2026-09-01 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["G"], "growing is due after 60 days, trusted after 90");
    v.file("kith.yaml", "cadence:\n  trusted: 1m\n  growing: 3m\n");
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["T"]);
    assert_eq!(out[0]["due"], "2026-10-01");
}

#[test]
fn months_clamp_to_month_end() {
    let v = TempVault::new();
    v.file("people/M.md", person("cadence: 1m", "- 2026-08-31 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["due"], "2026-09-30");
}

#[test]
fn goal_links_resolve_by_file_title_alias_case_and_unresolved_stay_as_written() {
    let v = TempVault::new();
    v.file("goals/g1.md", "---\ntitle: Raise seed round\naliases: [Seed]\n---\n");
    v.file(
        "people/P.md",
        person(
            "goals:\n  - \"[[g1]]\"\n  - \"[[raise SEED round|the round]]\"\n  - seed\n  - \"[[G1#Plan]]\"\n  - \"[[Write a book]]\"\n  - Plain Missing",
            "- 2026-01-01 x\n",
        ),
    );
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["goals"], json!(["Raise seed round", "Write a book", "Plain Missing"]));
}

#[test]
fn unquoted_wikilinks_in_front_matter_still_resolve() {
    let v = TempVault::new();
    v.file("goals/Book.md", "---\ntarget: 1\n---\n");
    v.file("people/P.md", person("goals: [[Book]]\nintroduced_by: [[Q]]", "- 2026-01-01 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["goals"], json!(["Book"]));
}

#[test]
fn several_links_in_one_front_matter_string() {
    let v = TempVault::new();
    v.file("goals/A.md", "---\ntitle: Goal A\n---\n");
    v.file("people/P.md", person("goals: \"[[A]], [[Missing B]]\"", "- 2026-01-01 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["goals"], json!(["Goal A", "Missing B"]));
}

#[test]
fn kind_comes_from_type_then_folder() {
    let v = TempVault::new();
    v.file("elsewhere/Typed.md", person("type: person", "- 2026-01-01 x\n"));
    v.file("people/Meeting.md", person("type: meeting", "- 2026-01-01 x\n"));
    v.file("people/sub/deep/Nested.md", person("", "- 2026-01-01 x\n"));
    v.file("notes/Untyped.md", person("", "- 2026-01-01 x\n"));
    v.file("People/Capital.md", person("", "- 2026-01-01 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["Capital", "Nested", "Typed"]);
    assert_eq!(out[1]["path"], "people/sub/deep/Nested.md");
}

#[test]
fn name_defaults_to_file_name_and_empty_name_too() {
    let v = TempVault::new();
    v.file("people/Grace Hopper.md", person("name: \"\"", "- 2026-01-01 x\n"));
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["Grace Hopper"]);
}

#[test]
fn hidden_and_output_folders_are_not_read() {
    let v = TempVault::new();
    let note = person("", "- 2026-01-01 x\n");
    v.file("people/Real.md", &note);
    v.file(".obsidian/people/Hidden.md", &note);
    v.file("people/.trash/Deleted.md", &note);
    v.file("kith/people/Output.md", &note);
    v.file("people/notes.txt", "not markdown");
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(names(&out), ["Real"]);
}

#[test]
fn crlf_bom_and_quoted_dates() {
    let v = TempVault::new();
    v.file(
        "people/Win.md",
        "\u{feff}---\r\nlast_contact: \"2026-10-01\"\r\nstage: seed\r\n---\r\n## Log\r\n- 2026-10-05 call\r\n",
    );
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["last_contact"], "2026-10-05");
    assert_eq!(out[0]["days_overdue"], 19);
}

#[test]
fn heading_style_logs_count() {
    let v = TempVault::new();
    v.file("people/H.md", "---\ncadence: 7d\n---\n# log\n\n### 2026-11-01 Lunch\nnice\n\n### 2026-11-03 14:00 Call\n");
    let out = v.kith(&["overdue", "--format", "json"]).ok().json();
    assert_eq!(out[0]["last_contact"], "2026-11-03");
}

#[test]
fn broken_notes_are_reported_and_the_rest_still_counts() {
    let v = TempVault::new();
    v.file("people/Good.md", person("", "- 2026-01-01 x\n"));
    v.file("people/Bad.md", "---\nname: [oops\n---\n");
    v.file("people/Binary.md", b"\x00\x01\x02");
    v.file("people/Latin1.md", b"---\nname: Ren\xe9e\n---\n");
    let run = v.kith(&["overdue", "--format", "json"]);
    assert_eq!(run.code, 1, "errors in notes: exit 1, the report still complete");
    assert_eq!(names(&run.json()), ["Good"]);
    assert!(run.stderr.contains("people/Bad.md:"), "{}", run.stderr);
    assert!(run.stderr.contains("people/Binary.md:1: error: binary file"), "{}", run.stderr);
    assert!(run.stderr.contains("people/Latin1.md:2: error: not valid UTF-8"), "{}", run.stderr);
}

#[test]
fn a_bad_field_drops_only_that_field() {
    let v = TempVault::new();
    v.file("people/P.md", person("stage: vip\nfollow_up: 2026-02-30\ncadence: often", "- 2026-10-01 x\n"));
    let run = v.kith(&["overdue", "--format", "json"]);
    assert_eq!(run.code, 1);
    let out = run.json();
    assert_eq!(out[0]["stage"], "seed");
    assert_eq!(out[0]["due"], "2026-10-31");
    assert!(run.stderr.contains("people/P.md:2: error: unknown stage \"vip\""), "{}", run.stderr);
}

/// `report` said "1 error" and exited 0. Every command that reports on the
/// vault exits 1 when a note has an error, after doing all its work; a clean
/// vault exits 0; the stored result replays the same code.
#[test]
fn errors_in_notes_exit_1_after_the_work_is_done() {
    let v = TempVault::new();
    v.file("people/Good.md", person("", "- 2026-01-01 x\n"));
    v.file("people/Bad.md", "---\nstage: vip\n---\n");
    let report = v.kith(&["report"]);
    assert_eq!(report.code, 1, "{}{}", report.stdout, report.stderr);
    assert!(report.stdout.ends_with(", 1 error\n"), "{}", report.stdout);
    assert!(report.stderr.contains("people/Bad.md:2: error: unknown stage"), "{}", report.stderr);
    assert!(v.path().join("kith/overdue.json").is_file() && v.path().join("kith/garden.md").is_file());
    for args in [
        &["check"][..],
        &["overdue"],
        &["overdue"], // the stored result
        &["goals", "--format", "json"],
        &["people"],
        &["review"],
        &["export", "csv"],
        &["watch", "--once"],
    ] {
        let run = v.kith(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "{args:?} did its work");
    }
    // Commands about one person, or that write one note, say how that went.
    assert_eq!(v.kith(&["show", "Good"]).code, 0);
    assert_eq!(v.kith(&["prep", "Good"]).code, 0);
    std::fs::write(v.path().join("people/Bad.md"), "---\nstage: seed\n---\n").unwrap();
    for args in [&["report"][..], &["overdue"], &["check"], &["watch", "--once"]] {
        assert_eq!(v.kith(args).code, 0, "{args:?} on a clean vault");
    }
}

/// `kith overdue` moves its rows out of the notes' shares, `kith report` keeps
/// the shares and copies them: both give the same rows in the same order.
#[test]
fn the_printed_list_and_the_written_overdue_json_are_the_same_rows() {
    let v = TempVault::new();
    for (name, last) in [("Cleo", "2026-10-01"), ("Bea", "2026-09-01"), ("Abe", "2026-10-01"), ("Dan", "2026-11-20")] {
        v.file(&format!("people/{name}.md"), person("goals: [\"[[Speak]]\", Write]", &format!("- {last} hi\n")));
    }
    v.file("people/Eve.md", person("stage: seed", ""));
    v.file("goals/Speak.md", "---\ntitle: Speak at five conferences\ntarget: 5\n---\n");
    let printed = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout;
    v.kith(&["--no-cache", "report"]).ok();
    let written = std::fs::read_to_string(v.path().join("kith/overdue.json")).unwrap();
    assert_eq!(printed, written);
    let out: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(names(&out), ["Bea", "Abe", "Cleo"]);
    assert_eq!(out[0]["goals"], json!(["Speak at five conferences", "Write"]));
}
