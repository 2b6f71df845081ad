//! The daily loop: finding people by any spelling, capture, planned contacts, snooze and cadence rules.

mod common;

use common::TempVault;

fn read(v: &TempVault, rel: &str) -> String {
    String::from_utf8(std::fs::read(v.path().join(rel)).unwrap()).unwrap()
}

fn people() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/Wei Zhang.md", "---\nname: Wei Zhang\n---\n\n## Log\n- 2026-10-01 coffee\n");
    v.file("people/Carla Méndez.md", "---\nname: Carla Méndez\n---\n\n## Log\n- 2026-10-01 call\n");
    v.file("people/Anna Schulz.md", "---\nname: Anna Schulz\n---\n\n## Log\n- 2026-10-01 lunch\n");
    v.file("people/Dmitri Ivanov.md", "---\nname: Dmitri Ivanov\n---\n");
    v
}

#[test]
fn log_resolves_accents_case_and_unique_first_names() {
    let v = people();
    let run = v.kith(&["log", "carla mendez", "tea"]).ok();
    assert_eq!(run.stdout, "people/Carla Méndez.md: 2026-11-23 tea\n");
    assert!(read(&v, "people/Carla Méndez.md").ends_with("- 2026-10-01 call\n- 2026-11-23 tea\n"));
    v.kith(&["log", "anna", "walk"]).ok();
    assert!(read(&v, "people/Anna Schulz.md").contains("- 2026-11-23 walk"));
}

/// `kith show "Anna Shulz"` said "nothing was changed", as if show could
/// change anything: only `log` and `snooze` say it.
#[test]
fn show_and_prep_of_an_unknown_name_do_not_say_nothing_was_changed() {
    let v = people();
    for command in ["show", "prep"] {
        for name in ["Anna Shulz", "a"] {
            let run = v.kith(&[command, name]);
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert!(run.stderr.starts_with("kith: "), "{}", run.stderr);
            assert!(!run.stderr.contains("nothing was changed"), "{command} {name}: {}", run.stderr);
        }
    }
    assert!(v.kith(&["snooze", "Anna Shulz", "2w"]).stderr.contains("nothing was changed"));
}

#[test]
fn log_to_a_misspelled_name_suggests_and_writes_nothing() {
    let v = people();
    let before = read(&v, "people/Wei Zhang.md");
    for typo in ["Wei Zang", "weii"] {
        let run = v.kith(&["log", typo, "coffee"]);
        assert_eq!(run.code, 1, "{typo}: {}", run.stderr);
        assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
        assert!(run.stderr.contains("Wei Zhang  (people/Wei Zhang.md)"), "{}", run.stderr);
    }
    assert_eq!(read(&v, "people/Wei Zhang.md"), before);
    let run = v.kith(&["show", "Anna Shulz"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did you mean:\n  Anna Schulz  (people/Anna Schulz.md)"), "{}", run.stderr);
}

#[test]
fn add_refuses_near_duplicates_by_the_same_matching() {
    let v = people();
    for name in ["Carla Mendez", "Dmitry Ivanov", "wei  zhang"] {
        let run = v.kith(&["add", name]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.stderr.contains("already in the vault"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_dir(v.path().join("people")).unwrap().count(), 4);
    v.kith(&["add", "Dmitry Ivanov", "--force"]).ok();
    v.kith(&["add", "Wei Chen"]).ok();
}

#[test]
fn add_fills_the_vault_template_and_sets_met_only_when_asked() {
    let v = TempVault::new();
    v.file("goals/Berlin role.md", "---\ntitle: Land a role in Berlin\ntarget: 1\n---\n");
    v.file("templates/person.md", "---\nname:\ncompany:\ntags: []\nstage: seed\nmet:\n---\n# {{title}}\n\n## Log\n");
    let args = ["add", "Léa Roux", "--alias", "Lea", "--email", "lea@example.com", "--purpose", "leads"];
    v.kith(&[&args[..], &["--goal", "land a role in berlin", "--tag", "#design"]].concat()).ok();
    assert_eq!(
        read(&v, "people/Léa Roux.md"),
        "---\nname: Léa Roux\ncompany:\ntags:\n- design\nstage: seed\nmet:\nemail: lea@example.com\n\
         aliases:\n- Lea\ngoals:\n- '[[land a role in berlin]]'\npurpose: leads\n---\n# Léa Roux\n\n## Log\n"
    );
    let show = v.kith(&["show", "lea", "--format", "json"]).ok().json();
    assert_eq!(show["met"], serde_json::Value::Null);
    assert_eq!(show["goals"], serde_json::json!(["Land a role in Berlin"]));
    v.kith(&["add", "Tom Berg", "--met", "2025-03-01"]).ok();
    assert!(read(&v, "people/Tom Berg.md").contains("\nmet: 2025-03-01\n"));
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
}

#[test]
fn add_with_a_template_typed_template_makes_a_person() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("templates/person.md", "---\ntype: template\nstage: seed\n---\nTemplates are not people.\n");
    v.kith(&["add", "Ada Smith"]).ok();
    let note = read(&v, "people/Ada Smith.md");
    assert!(note.starts_with("---\ntype: person\n"), "{note}");
    let show = v.kith(&["show", "Ada Smith", "--format", "json"]).ok().json();
    assert_eq!(show["name"], "Ada Smith");
}

#[test]
fn add_and_log_refuse_a_goal_that_does_not_exist() {
    let v = people();
    v.file("goals/Land a senior PR role.md", "---\ntarget: 1\n---\n");
    let run = v.kith(&["add", "Nora Field", "--goal", "Berlin role"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no goal named \"Berlin role\""), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean:\n  Land a senior PR role"), "{}", run.stderr);
    assert!(!v.path().join("people/Nora Field.md").exists());
    let before = read(&v, "people/Wei Zhang.md");
    let run = v.kith(&["log", "Wei Zhang", "offer", "--win", "Speak at events"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the goals are:\n  Land a senior PR role"), "{}", run.stderr);
    assert_eq!(read(&v, "people/Wei Zhang.md"), before);
    let run = v.kith(&["log", "Wei Zhang", "offer", "--win", "land a senior pr role"]).ok();
    assert!(run.stdout.ends_with("#win [[land a senior pr role]]\n"), "{}", run.stdout);
}

#[test]
fn add_help_describes_every_option_and_lists_stage_values() {
    let help = TempVault::new().kith(&["add", "--help"]).ok().stdout;
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("[possible values: seed, growing, trusted, pruned]"), "{help}");
    assert!(flat.contains("[possible values: people, leads]"), "{help}");
    let (own, global) = help.split_once("Global options:").expect("globals under their own heading");
    assert!(own.contains("--met") && !own.contains("--vault"), "{help}");
    assert!(global.contains("--vault") && global.contains("--today"), "{help}");
    for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
        let described = line.split("  ").filter(|p| !p.trim().is_empty()).count() > 1;
        assert!(described, "option without a description: {line}");
    }
}

#[test]
fn a_folder_without_kith_yaml_or_people_is_not_a_vault() {
    let v = TempVault::new();
    v.file("notes/todo.md", "# my notes\n");
    let commands: [&[&str]; 7] = [
        &["check"],
        &["overdue"],
        &["report"],
        &["add", "Ada"],
        &["log", "Ada", "hi"],
        &["review", "--write"],
        &["goals", "--format", "json"],
    ];
    for args in commands {
        let run = v.kith(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("is not a kith vault"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--vault") && run.stderr.contains("KITH_VAULT"), "{}", run.stderr);
        assert!(run.stderr.contains("kith init"), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    let entries: Vec<_> = std::fs::read_dir(v.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["notes"], "nothing written");
    // kith init makes it a vault; so does one person note without kith.yaml.
    v.kith(&["init"]).ok();
    v.kith(&["overdue"]).ok();
    let other = TempVault::new();
    other.file("people/Ada.md", "---\nstage: seed\n---\n");
    other.kith(&["check"]).ok();
}

#[test]
fn log_touch_never_moves_last_contact_back_or_into_the_future() {
    let v = TempVault::new();
    let note = "---\nname: Ada\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-09-01 lunch\n- 2026-10-01 call\n";
    v.file("people/Ada.md", note);
    let run = v.kith(&["log", "Ada", "tea", "--date", "2026-09-15", "--touch"]).ok();
    assert!(run.stderr.contains("last_contact stays 2026-10-01"), "{}", run.stderr);
    assert_eq!(
        read(&v, "people/Ada.md"),
        "---\nname: Ada\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-09-01 lunch\n- 2026-09-15 tea\n- 2026-10-01 call\n"
    );
    let run = v.kith(&["log", "Ada", "dinner", "--date", "2026-12-01", "--touch"]).ok();
    assert!(run.stderr.contains("planned contact"), "{}", run.stderr);
    assert!(read(&v, "people/Ada.md").contains("last_contact: 2026-10-01\n"));
    v.kith(&["log", "Ada", "walk", "--date", "2026-11-02", "--touch"]).ok();
    assert_eq!(
        read(&v, "people/Ada.md"),
        "---\nname: Ada\nlast_contact: 2026-11-02\n---\n## Log\n- 2026-09-01 lunch\n- 2026-09-15 tea\n- 2026-10-01 call\n\
         - 2026-11-02 walk\n- 2026-12-01 dinner\n"
    );
}

fn overdue_json(v: &TempVault) -> Vec<serde_json::Value> {
    v.kith(&["overdue", "--format", "json"]).ok().json().as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [serde_json::Value], name: &str) -> Option<&'a serde_json::Value> {
    rows.iter().find(|r| r["name"] == name)
}

#[test]
fn snooze_writes_one_field_and_postpones_the_due_date() {
    let v = TempVault::new();
    let note = "---\r\nname: Wei Zhang # mine\r\nlast_contact: 2026-09-01\r\n---\r\nBody.\r\n";
    v.file("people/Wei Zhang.md", note);
    assert_eq!(row(&overdue_json(&v), "Wei Zhang").unwrap()["due_reason"], "cadence");
    let run = v.kith(&["snooze", "wei", "2w"]).ok();
    assert_eq!(run.stdout, "people/Wei Zhang.md: snooze: 2026-12-07 (not due before then)\n");
    assert_eq!(
        read(&v, "people/Wei Zhang.md"),
        "---\r\nname: Wei Zhang # mine\r\nlast_contact: 2026-09-01\r\nsnooze: 2026-12-07\r\n---\r\nBody.\r\n"
    );
    assert!(row(&overdue_json(&v), "Wei Zhang").is_none(), "not overdue while snoozed");
    // Eight days later the snooze date is the due date, and says so.
    let later = common::run_kith_on(v.path(), "2026-12-15", &["overdue", "--format", "json"]).ok().json();
    let wei = &later[0];
    assert_eq!(
        (&wei["due"], &wei["due_reason"], &wei["days_overdue"]),
        (&"2026-12-07".into(), &"snoozed".into(), &8.into())
    );
    let text = common::run_kith_on(v.path(), "2026-12-15", &["overdue"]).ok().stdout;
    assert!(text.contains("due 2026-12-07 (snoozed)"), "{text}");
    // A date replaces the value in place; a typo or a past date changes nothing.
    v.kith(&["snooze", "Wei Zhang", "2027-01-10"]).ok();
    assert!(read(&v, "people/Wei Zhang.md").contains("\r\nsnooze: 2027-01-10\r\n---"));
    let before = read(&v, "people/Wei Zhang.md");
    assert_eq!(v.kith(&["snooze", "Wei Zang", "2w"]).code, 1);
    assert_eq!(v.kith(&["snooze", "Wei Zhang", "2026-11-01"]).code, 2);
    assert_eq!(v.kith(&["snooze", "Wei Zhang", "soon"]).code, 2);
    assert_eq!(read(&v, "people/Wei Zhang.md"), before);
}

#[test]
fn cadence_by_tag_and_circle_with_precedence() {
    let v = TempVault::new();
    v.file("kith.yaml", "cadence:\n  seed: 30d\n  tags: {investor: 2w}\n  circles: {berlin: 3w, '#london': 10d}\n");
    let last = "last_contact: 2026-11-01\n";
    v.file("people/Ida.md", format!("---\n{last}tags: [investor]\ncircles: [berlin]\n---\n"));
    v.file("people/Ben.md", format!("---\n{last}circles: [Berlin]\n---\n"));
    v.file("people/Lea.md", format!("---\n{last}circles: [london]\ntags: [investor]\n---\n"));
    v.file("people/Own.md", format!("---\n{last}tags: [investor]\ncadence: 7d\n---\n"));
    v.file("people/Sid.md", format!("---\n{last}tags: [friend]\n---\n"));
    let rows = overdue_json(&v);
    let due = |name: &str| row(&rows, name).map(|r| (r["due"].as_str().unwrap().to_string(), r["cadence"].clone()));
    assert_eq!(due("Ida"), Some(("2026-11-15".into(), "2w".into())), "shortest of tag 2w and circle 3w");
    assert_eq!(due("Lea"), Some(("2026-11-11".into(), "10d".into())), "circle 10d beats tag 2w");
    assert_eq!(due("Own"), Some(("2026-11-08".into(), "7d".into())), "their own cadence first");
    assert_eq!(due("Ben"), Some(("2026-11-22".into(), "3w".into())), "circle names match in any case");
    assert_eq!(due("Sid"), None, "no rule for the tag: the stage's 30d, due 2026-12-01");
}

#[test]
fn a_planned_contact_shows_in_overdue_show_and_review_and_is_never_picked() {
    let v = TempVault::new();
    v.file("people/Arjun.md", "---\nstage: seed\n---\n## Log\n- 2026-10-01 met\n- 2026-12-02 coffee booked\n");
    v.file("people/Bea.md", "---\nstage: seed\n---\n## Log\n- 2026-10-05 met\n");
    let text = v.kith(&["overdue"]).ok().stdout;
    let arjun = text.lines().find(|l| l.contains("Arjun")).unwrap();
    assert!(arjun.contains("planned 2026-12-02"), "{text}");
    let md = v.kith(&["overdue", "--format", "md"]).ok().stdout;
    assert!(md.contains("| Why | Planned | Goals |") && md.contains("| every 30d | 2026-12-02 |"), "{md}");
    let json = v.kith(&["overdue", "--format", "json"]).ok().stdout;
    assert!(!json.contains("planned") && json.contains("\"name\": \"Arjun\""), "the JSON contract is unchanged");
    let show = v.kith(&["show", "arjun"]).ok().stdout;
    assert!(show.contains("planned:       2026-12-02  coffee booked"), "{show}");
    let review = v.kith(&["review", "--format", "json"]).ok().json();
    let picks: Vec<&str> = review.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(picks, ["Bea"], "Arjun, more overdue, has a contact planned");
    let text = v.kith(&["review"]).ok().stdout;
    assert!(text.contains("Already planned (not picked):\n  2026-12-02  Arjun"), "{text}");
}

#[test]
fn a_planned_contact_replaces_the_follow_up_reminder_on_its_day() {
    let v = TempVault::new();
    v.file("people/Arjun.md", "---\nstage: seed\n---\n## Log\n- 2026-10-01 met\n- 2026-12-02 coffee booked\n");
    v.file("people/Far.md", "---\nstage: seed\n---\n## Log\n- 2026-10-01 met\n- 2027-04-01 lunch booked\n");
    v.file("people/Bea.md", "---\nstage: seed\n---\n## Log\n- 2026-10-05 met\n");
    let json = v.kith(&["remind", "--format", "json"]).ok().json();
    let rows = json.as_array().unwrap();
    let of = |name: &str| rows.iter().filter(|r| r["name"] == name).collect::<Vec<_>>();
    let arjun = of("Arjun");
    assert_eq!(arjun.len(), 1, "{rows:?}");
    assert_eq!(arjun[0]["action"], "Planned contact with");
    assert_eq!(arjun[0]["date"], "2026-12-02");
    assert_eq!(arjun[0]["group"], "next-30-days");
    assert_eq!(arjun[0]["key"], "follow-up:people/Arjun.md", "a calendar moves the event");
    assert!(arjun[0]["why"].as_str().unwrap().ends_with("planned 2026-12-02"), "{arjun:?}");
    assert!(of("Far").is_empty(), "a plan beyond the horizon: nothing to do yet");
    let bea = of("Bea");
    assert_eq!((bea[0]["action"].as_str(), bea[0]["group"].as_str()), (Some("Follow up with"), Some("overdue")));
    let overdue = v.kith(&["overdue", "--format", "json"]).ok().stdout;
    assert!(overdue.contains("\"Arjun\"") && overdue.contains("\"Far\""), "overdue still lists them: {overdue}");
}

#[test]
fn small_things_man_name_line_intros_and_circles_pages() {
    let v = people();
    let man = v.kith(&["man"]).ok().stdout;
    assert!(man.contains(".SH NAME\nkith \\- A networking CRM"), "{}", &man[..300]);
    let intros = v.kith(&["intros", "--format", "md"]).ok().stdout;
    assert!(intros.starts_with("# Introductions\n"), "{intros}");
    for section in ["## First degree (3)", "## Second degree", "## Known by name only", "## Introducers (0)"] {
        assert!(intros.contains(section), "{section} in {intros}");
    }
    let circles = v.kith(&["circles", "--format", "md"]).ok().stdout;
    assert!(circles.starts_with("# Circles and interests\n"), "{circles}");
    assert!(!circles.contains("|---"), "no empty tables: {circles}");
    let license = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/LICENSE")).unwrap();
    assert!(license.starts_with("MIT License") && env!("CARGO_PKG_LICENSE") == "MIT");
}

#[test]
fn report_summary_counts_behind_and_past_deadline_apart() {
    let out = tempfile::tempdir().unwrap();
    let run = common::run_kith(&common::example_vault(), &["report", "--out", out.path().to_str().unwrap()]).ok();
    let summary = run.stdout.lines().last().unwrap();
    assert!(summary.contains(", 1 goal behind pace, 1 past the deadline, "), "{summary}");
}

#[test]
fn add_quotes_yes_no_on_that_yaml_1_1_reads_as_booleans() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.kith(&["add", "Yes Man", "--company", "yes", "--alias", "no", "--tag", "on", "--role", "null"]).ok();
    let note = read(&v, "people/Yes Man.md");
    for line in ["company: \"yes\"\n", "- \"no\"\n", "- \"on\"\n", "role: \"null\"\n"] {
        assert!(note.contains(line), "{line:?} in:\n{note}");
    }
    let show = v.kith(&["show", "Yes Man", "--format", "json"]).ok().json();
    assert_eq!(show["company"], "yes", "{show}");
    assert_eq!(show["role"], "null", "{show}");
}
