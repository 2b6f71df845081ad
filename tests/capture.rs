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
    v.file("goals/Speak.md", "---\ntitle: Speak\ntarget: 3\n---\n");
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
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
}

#[test]
fn export_csv_and_json_with_filters() {
    let v = TempVault::new();
    v.file(
        "people/Ada.md",
        "---\nstage: trusted\ncompany: \"Engines, Ltd\"\ntags: [math, speaking]\nintroduced_by: \"[[Bob|Bobby]]\"\n---\n## Log\n- 2026-11-01 tea\n",
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
    assert_eq!(get("introduced_by"), "Bob", "a spreadsheet gets the linked name, not [[Bob|Bobby]]");
    let out = v.path().join("all.json");
    v.kith(&["export", "json", "-o", out.to_str().unwrap()]).ok();
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(common::names(&json), ["Ada", "Bob"]);
}

const LINKEDIN: &str = "\u{feff}Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing, because members can choose.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nWei,Zhang,https://www.linkedin.com/in/weizhang,,\"Lumen Communications, APAC\",Managing Director,15 Mar 2023\r\nZoë,Ça,https://www.linkedin.com/in/zoe,zoe@example.com,Acme,CTO,01 Feb 2024\r\n,,https://www.linkedin.com/in/left,,,,02 Feb 2024\r\n";

#[test]
fn linkedin_import_creates_merges_and_is_idempotent() {
    let v = TempVault::new();
    let hand = "---\nname: Wei Zhang   # written by hand\ncompany: Lumen\n---\nMy notes.\n";
    v.file("people/Wei Zhang.md", hand);
    v.file("Connections.csv", LINKEDIN);
    let csv = v.path().join("Connections.csv");
    let dry = v.kith(&["import", "linkedin", csv.to_str().unwrap(), "--dry-run"]).ok();
    assert!(
        dry.stdout.contains("1 new, 1 merged, 0 unchanged, 1 skipped (no name), 1 conflict (dry run"),
        "{}",
        dry.stdout
    );
    assert!(!v.path().join("people/Zoë Ça.md").exists());
    let run = v.kith(&["import", "linkedin", csv.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("conflict  people/Wei Zhang.md: company is \"Lumen\""), "{}", run.stdout);
    let wei = std::fs::read_to_string(v.path().join("people/Wei Zhang.md")).unwrap();
    assert_eq!(
        wei,
        "---\nname: Wei Zhang   # written by hand\ncompany: Lumen\nrole: \"Managing Director\"\nlinkedin: \"https://www.linkedin.com/in/weizhang\"\nmet: 2023-03-15\n---\nMy notes.\n",
        "only missing fields added, nothing overwritten"
    );
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    let zoe = people.as_array().unwrap().iter().find(|p| p["name"] == "Zoë Ça").unwrap();
    assert_eq!(
        (zoe["company"].as_str(), zoe["stage"].as_str(), zoe["met"].as_str()),
        (Some("Acme"), Some("seed"), Some("2024-02-01"))
    );
    let before = common::snapshot_tree(v.path());
    let again = v.kith(&["import", "linkedin", csv.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("0 new, 0 merged, 2 unchanged"), "{}", again.stdout);
    assert_eq!(before, common::snapshot_tree(v.path()), "importing twice changes nothing");
}

#[test]
fn older_linkedin_exports_without_preamble_or_url() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("c.csv", "First Name,Last Name,Email Address,Company,Position,Connected On\nAda,Lovelace,ada@example.com,Engines,CTO,12 Jun 2015\n");
    let run = v.kith(&["import", "linkedin", v.path().join("c.csv").to_str().unwrap()]).ok();
    assert!(run.stdout.contains("1 new"), "{}", run.stdout);
    v.file("bad.csv", "name,email\n");
    let err = v.kith(&["import", "linkedin", v.path().join("bad.csv").to_str().unwrap()]);
    assert_eq!(err.code, 2);
    assert!(err.stderr.contains("no header row"), "{}", err.stderr);
}

#[test]
fn vcard_export_parses_with_an_independent_parser() {
    let v = TempVault::new();
    v.file(
        "people/Zoë Ça.md",
        "---\ncompany: \"Acme; Sons, Ltd\"\nrole: CTO\nemail: zoe@example.com\ntags: [math, speaking]\nbirthday: 1990-04-12\n---\n",
    );
    v.file(
        &format!("people/{}.md", "Long Name ".repeat(10).trim()),
        "---\nrole: \"😀 emoji role that is long enough to need folding at seventy-five octets\"\n---\n",
    );
    let text = v.kith(&["export", "vcard"]).ok().stdout;
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let cards: Vec<_> =
        ical::VcardParser::new(std::io::BufReader::new(text.as_bytes())).map(|c| c.expect("valid vCard")).collect();
    assert_eq!(cards.len(), 2);
    let value = |card: &ical::parser::vcard::component::VcardContact, name: &str| {
        card.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    let zoe = cards.iter().find(|c| value(c, "FN") == "Zoë Ça").expect("Zoë");
    assert_eq!(value(zoe, "VERSION"), "3.0");
    assert_eq!(value(zoe, "N"), ";Zoë Ça;;;", "the display name is never split");
    assert_eq!(value(zoe, "ORG"), "Acme\\; Sons\\, Ltd");
    assert_eq!(value(zoe, "EMAIL"), "zoe@example.com");
    assert_eq!(value(zoe, "BDAY"), "1990-04-12");
    let long = cards.iter().find(|c| value(c, "FN").starts_with("Long")).unwrap();
    assert_eq!(value(long, "TITLE"), "😀 emoji role that is long enough to need folding at seventy-five octets");
    let v4 = v.kith(&["export", "vcard", "--vcard-version", "4"]).ok().stdout;
    assert!(v4.contains("VERSION:4.0\r\n"));
}

const GOOGLE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:priya@example.org\r\nEMAIL;TYPE=INTERNET;TYPE=HOME:priya.home@example.org\r\nTEL;TYPE=CELL:+65 1234 5678\r\nORG:Temasek Foundation\\, Singapore;Comms\r\nTITLE:Head of Communications\r\nBDAY:1988-07-03\r\nNOTE:Met at the summit\\; loves poetry.\\nFollow up in May.\r\nURL:https://www.linkedin.com/in/priyaraman\r\nEND:VCARD\r\n";
const APPLE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tan;Mei Ling;;;\r\nFN:Mei Ling Tan\r\nitem1.EMAIL;type=INTERNET;type=pref:meiling@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nBDAY;VALUE=date:--11-02\r\nORG:Grab;\r\nTITLE:Director\\, Corporate Affairs and a title long enough to be fol\r\n ded by the exporter\r\nEND:VCARD\r\n";
const OUTLOOK: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=utf-8:M=C3=BCller;J=C3=BCrgen\r\nFN;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\nEMAIL;PREF;INTERNET:jm@example.de\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:nobody@example.com\r\nEND:VCARD\r\n";

#[test]
fn vcard_import_from_each_exporter_style() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("contacts.vcf", format!("{GOOGLE}{APPLE}{OUTLOOK}"));
    let run = v.kith(&["import", "vcard", v.path().join("contacts.vcf").to_str().unwrap()]).ok();
    assert!(run.stdout.contains("3 new, 0 merged, 0 unchanged, 1 skipped (no name)"), "{}", run.stdout);
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    let find = |name: &str| {
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {people}"))
            .clone()
    };
    let priya = find("Priya Raman");
    assert_eq!(priya["company"], "Temasek Foundation, Singapore");
    assert_eq!(priya["email"], serde_json::json!(["priya@example.org (work)", "priya.home@example.org (home)"]));
    assert_eq!(priya["phone"], "+65 1234 5678 (cell)");
    assert_eq!(priya["birthday"], "1988-07-03");
    assert_eq!(priya["linkedin"], "https://www.linkedin.com/in/priyaraman");
    assert_eq!(priya["notes"], "Met at the summit; loves poetry.\nFollow up in May.");
    let mei = find("Mei Ling Tan");
    assert_eq!(mei["email"], "meiling@example.com (other)");
    assert_eq!(mei["birthday"], "--11-02");
    assert_eq!(mei["role"], "Director, Corporate Affairs and a title long enough to be folded by the exporter");
    assert_eq!(find("Jürgen Müller")["email"], "jm@example.de");
    // Importing again changes nothing.
    let before = common::snapshot_tree(v.path());
    v.kith(&["import", "vcard", v.path().join("contacts.vcf").to_str().unwrap()]).ok();
    assert_eq!(before, common::snapshot_tree(v.path()));
}

#[test]
fn vcard_export_then_import_round_trips() {
    let a = TempVault::new();
    a.file("people/Zoë Ça.md", "---\ncompany: \"Acme; Sons, Ltd\"\nrole: CTO\nemail: zoe@example.com\nbirthday: 1990-04-12\nlinkedin: https://www.linkedin.com/in/zoe\n---\n");
    let vcf = a.kith(&["export", "vcard"]).ok().stdout;
    let b = TempVault::new();
    b.file("kith.yaml", "");
    b.file("in.vcf", &vcf);
    b.kith(&["import", "vcard", b.path().join("in.vcf").to_str().unwrap()]).ok();
    let person = &b.kith(&["people", "--format", "json"]).ok().json()[0];
    for (key, value) in [
        ("name", "Zoë Ça"),
        ("company", "Acme; Sons, Ltd"),
        ("role", "CTO"),
        ("email", "zoe@example.com"),
        ("birthday", "1990-04-12"),
        ("linkedin", "https://www.linkedin.com/in/zoe"),
    ] {
        assert_eq!(person[key], value, "{key}");
    }
}

#[test]
fn log_after_a_past_follow_up_says_the_person_stays_overdue() {
    let v = TempVault::new();
    v.file("people/Mei.md", "---\nname: Mei Ling Tan\nfollow_up: 2026-11-20\n---\n## Log\n- 2026-08-30 lunch\n");
    let run = v.kith(&["log", "Mei", "coffee"]).ok();
    assert!(
        run.stderr.contains("follow_up 2026-11-20 has passed and still decides when Mei Ling Tan is due"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("kith snooze \"Mei Ling Tan\" 4w"), "{}", run.stderr);
    // A follow-up still ahead says nothing.
    v.file("people/Ada.md", "---\nfollow_up: 2026-12-20\n---\n");
    let run = v.kith(&["log", "Ada", "coffee"]).ok();
    assert_eq!(run.stderr, "");
}

#[test]
fn import_names_the_notes_it_cannot_read_before_it_adds_what_they_may_hold() {
    let v = TempVault::new();
    v.file("people/Wei.md", "---\nname: Wei Zhang\nrole: [broken\n---\n");
    v.file("Connections.csv", LINKEDIN);
    let csv = v.path().join("Connections.csv");
    let run = v.kith(&["import", "linkedin", csv.to_str().unwrap(), "--dry-run"]).ok();
    assert!(run.stderr.contains("people/Wei.md:"), "{}", run.stderr);
    assert!(run.stderr.contains("is not matched and may be added as a new note"), "{}", run.stderr);
}
