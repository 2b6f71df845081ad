//! `kith log` edits one note byte-exactly; completions and the man page print.

mod common;
use common::TempVault;

fn read(v: &TempVault, rel: &str) -> Vec<u8> {
    std::fs::read(v.path().join(rel)).unwrap()
}

#[test]
fn log_adds_exactly_one_entry_and_keeps_every_other_byte() {
    let v = TempVault::new();
    let original = "\u{feff}---\r\nname: Wei Zhang   # hand-aligned\r\naliases: [Wei]\r\n---\r\nNotes.\r\n\r\n## Log\r\n- 2026-09-10 coffee\r\n\r\n## Later\r\nkeep";
    v.file("people/Wei Zhang.md", original);
    let run = v
        .kith(&[
            "log",
            "wei",
            "Call; she'll intro me to [[Priya Raman]]",
            "--got",
            "--referral",
            "--date",
            "2026-11-20",
        ])
        .ok();
    assert!(
        run.stdout.contains("people/Wei Zhang.md: 2026-11-20 Call; she'll intro me to [[Priya Raman]] #got #referral"),
        "{}",
        run.stdout
    );
    let expected = original.replace(
        "- 2026-09-10 coffee\r\n",
        "- 2026-09-10 coffee\r\n- 2026-11-20 Call; she'll intro me to [[Priya Raman]] #got #referral\r\n",
    );
    assert_eq!(String::from_utf8(read(&v, "people/Wei Zhang.md")).unwrap(), expected);
    // kith reads it back as a contact.
    let show = v.kith(&["show", "Wei", "--format", "json"]).ok().json();
    assert_eq!(show["last_contact"], "2026-11-20");
}

#[test]
fn log_with_touch_and_win_and_no_log_section() {
    let v = TempVault::new();
    v.file("goals/G.md", "---\ntitle: Speak\n---\n");
    v.file("people/Ada.md", "---\nstage: growing\nlast_contact: 2026-01-01\n---\nFree text.");
    v.kith(&["log", "Ada", "invited to keynote", "--win", "Speak", "--touch"]).ok();
    let text = String::from_utf8(read(&v, "people/Ada.md")).unwrap();
    assert_eq!(text, "---\nstage: growing\nlast_contact: 2026-11-23\n---\nFree text.\n\n## Log\n\n- 2026-11-23 invited to keynote #win [[Speak]]");
    let goals = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(goals[0]["done"], 1);
}

#[test]
fn log_on_an_ambiguous_name_changes_nothing() {
    let v = TempVault::new();
    v.file("people/Ada Byron.md", "---\naliases: [Ada]\n---\n");
    v.file("people/Ada Lovelace.md", "---\naliases: [Ada]\n---\n");
    let run = v.kith(&["log", "Ada", "hello"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("matches several people"), "{}", run.stderr);
    assert_eq!(read(&v, "people/Ada Byron.md"), b"---\naliases: [Ada]\n---\n");
    assert_eq!(read(&v, "people/Ada Lovelace.md"), b"---\naliases: [Ada]\n---\n");
}

#[test]
fn completions_and_man_page() {
    let v = TempVault::new();
    let bash = v.kith(&["completions", "bash"]).ok().stdout;
    assert!(bash.contains("kith") && bash.contains("overdue"), "{}", &bash[..200.min(bash.len())]);
    let man = v.kith(&["man"]).ok().stdout;
    assert!(man.contains(".TH kith"), "{}", &man[..200.min(man.len())]);
}

#[test]
fn init_then_add_then_check_is_clean() {
    let v = TempVault::new();
    v.file("notes/mine.md", "my own note");
    let init = common::run_kith(v.path(), &["init"]).ok();
    assert!(init.stdout.contains("created") && init.stdout.contains("kith.yaml"), "{}", init.stdout);
    assert_eq!(read(&v, "notes/mine.md"), b"my own note", "existing files untouched");
    let again = common::run_kith(v.path(), &["init"]).ok();
    assert_eq!(again.stdout.matches("kept").count(), 6, "{}", again.stdout);
    let add = v
        .kith(&[
            "add",
            "Ada: Lovelace",
            "--company",
            "Analytical \"Engines\"",
            "--tag",
            "#math",
            "--goal",
            "Speak",
            "--stage",
            "growing",
        ])
        .ok();
    assert!(add.stdout.contains("added people/Ada- Lovelace.md"), "{}", add.stdout);
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    assert_eq!(people[0]["name"], "Ada: Lovelace");
    assert_eq!(people[0]["company"], "Analytical \"Engines\"");
    assert_eq!(people[0]["stage"], "growing");
    assert_eq!(people[0]["tags"], serde_json::json!(["math"]));
    let dup = v.kith(&["add", "ada lovelace"]);
    assert_eq!(dup.code, 1, "near-duplicate refused: {}", dup.stderr);
    v.kith(&["add", "ada lovelace", "--force"]).ok();
    let check = v.kith(&["check"]);
    assert!(check.stdout.contains("0 errors"), "{}", check.stdout);
}

#[test]
fn export_csv_and_json_with_filters() {
    let v = TempVault::new();
    v.file(
        "people/Ada.md",
        "---\nstage: trusted\ncompany: \"Engines, Ltd\"\ntags: [math, speaking]\n---\n## Log\n- 2026-11-01 tea\n",
    );
    v.file("people/Bob.md", "---\nstage: seed\n---\n");
    let csv = v.kith(&["export", "csv", "--stage", "trusted"]).ok().stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "name");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let get = |col: &str| rows[0][headers.iter().position(|h| h == col).unwrap()].to_string();
    assert_eq!(get("name"), "Ada");
    assert_eq!(get("company"), "Engines, Ltd");
    assert_eq!(get("tags"), "math; speaking");
    assert_eq!(get("last_contact"), "2026-11-01");
    let out = v.path().join("all.json");
    v.kith(&["export", "json", "-o", out.to_str().unwrap()]).ok();
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(common::names(&json), ["Ada", "Bob"]);
}
