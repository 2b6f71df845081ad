//! Import and export against fixtures modeled on real exports (tests/fixtures/interop).

mod common;

use common::TempVault;
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interop");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn vault() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/.keep", "");
    v
}

fn import(v: &TempVault, kind: &str, file: &str, extra: &[&str]) -> common::Run {
    let path = fixture(file);
    let mut args = vec!["import", kind, path.as_str()];
    args.extend_from_slice(extra);
    v.kith(&args)
}

fn person(v: &TempVault, name: &str) -> Value {
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name || p["path"] == name)
        .unwrap_or_else(|| panic!("{name} not in {people:#}"))
        .clone()
}

/// Every fixture: the dry run prints what the real run does, the vault stays
/// clean for `kith check`, and importing a second time changes nothing.
#[test]
fn every_fixture_dry_run_matches_and_reimport_changes_nothing() {
    for (kind, file) in [
        ("linkedin", "linkedin-2018.csv"),
        ("linkedin", "linkedin-2024.csv"),
        ("linkedin", "linkedin-2018-odd-values.csv"),
        ("vcard", "outlook-2003.vcf"),
        ("vcard", "android-2.1.vcf"),
        ("vcard", "iphone.vcf"),
        ("vcard", "google.vcf"),
        ("csv", "google-2020.csv"),
        ("csv", "google-2024.csv"),
        ("csv", "outlook.csv"),
    ] {
        let v = vault();
        let dry = import(&v, kind, file, &["--dry-run"]);
        assert!(v.path().join("people").read_dir().unwrap().count() == 1, "{file}: the dry run wrote");
        let real = import(&v, kind, file, &[]);
        assert_eq!(
            dry.stdout.replace(" (dry run: nothing written)", ""),
            real.stdout,
            "{file}: the dry run differs from the real run"
        );
        let check = v.kith(&["check"]);
        assert!(
            !check.stdout.contains("error") && !check.stderr.contains("error"),
            "{file}:\n{}{}",
            check.stdout,
            check.stderr
        );
        let before = common::snapshot_tree(v.path());
        let again = import(&v, kind, file, &[]);
        assert!(
            again.stdout.contains("0 new, 0 merged,") && again.stdout.contains(" 0 conflicts"),
            "{file}:\n{}",
            again.stdout
        );
        assert!(!again.stdout.contains("conflict "), "{file}:\n{}", again.stdout);
        assert_eq!(before, common::snapshot_tree(v.path()), "{file}: importing twice changed the vault");
    }
}

#[test]
fn two_people_with_one_name_stay_two_notes() {
    let v = vault();
    let run = import(&v, "linkedin", "linkedin-2024.csv", &[]).ok();
    assert!(
        run.stdout.contains("new       people/Sam Lee.md\nnew       people/Sam Lee (Contoso).md\n"),
        "{}",
        run.stdout
    );
    let contoso = std::fs::read_to_string(v.path().join("people/Sam Lee (Contoso).md")).unwrap();
    assert!(contoso.contains("name: Sam Lee\n") && contoso.contains("company: Contoso\n"), "{contoso}");
    // The older export (no URLs) finds each by the fields they agree on.
    let old = import(&v, "linkedin", "linkedin-2018.csv", &[]).ok();
    assert!(!old.stdout.contains("Sam Lee"), "{}", old.stdout);
    let google = vault();
    import(&google, "vcard", "google.vcf", &[]).ok();
    assert!(google.path().join("people/Maria Garcia.md").exists());
    assert!(google.path().join("people/Maria Garcia (Fabrikam).md").exists());
}

#[test]
fn merges_fill_empty_keys_and_never_write_a_key_twice() {
    let v = vault();
    let hand = "---\nname: Lucas Ferreira\nphone: \"\"\nemail:   # fill me\ncompany: Mine\n---\nNotes.\n";
    v.file("people/Lucas Ferreira.md", hand);
    let run = import(&v, "vcard", "android-2.1.vcf", &[]).ok();
    assert!(run.stdout.contains("merge     people/Lucas Ferreira.md: adds email, phone"), "{}", run.stdout);
    let text = std::fs::read_to_string(v.path().join("people/Lucas Ferreira.md")).unwrap();
    assert_eq!(
        text,
        "---\nname: Lucas Ferreira\nphone: \"+55 11 91234-5678 (cell)\"\nemail: \"lucas@example.com.br (home)\"   # fill me\ncompany: Mine\n---\nNotes.\n"
    );
    let again = import(&v, "vcard", "android-2.1.vcf", &[]).ok();
    assert!(again.stdout.contains("0 new, 0 merged, 2 unchanged"), "{}", again.stdout);
    assert!(!again.stdout.contains("conflict  "), "{}", again.stdout);
}

#[test]
fn conflicts_compare_values_and_name_the_source() {
    let v = vault();
    v.file(
        "people/Lucas Ferreira.md",
        "---\nname: Lucas Ferreira\nphone: \"+55 (11) 91234 5678\"\nemail: other@example.org\n---\n",
    );
    let run = import(&v, "vcard", "android-2.1.vcf", &[]).ok();
    assert!(!run.stdout.contains("phone is"), "the same number written differently is no conflict:\n{}", run.stdout);
    assert!(
        run.stdout.contains("conflict  people/Lucas Ferreira.md: email is \"other@example.org\" in the note, \"lucas@example.com.br (home)\" in the vCard (kept yours)"),
        "{}",
        run.stdout
    );
}

#[test]
fn vcard_21_soft_line_breaks_and_a_broken_card() {
    let v = vault();
    let run = import(&v, "vcard", "outlook-2003.vcf", &[]);
    assert_eq!(run.code, 1, "a refused card is a problem worth an exit code");
    assert!(run.stderr.contains("outlook-2003.vcf:20: card skipped: not a property: \"this line has no colon and no property n\" (the card starts on line 16)"), "{}", run.stderr);
    assert!(run.stdout.contains("2 new,"), "{}", run.stdout);
    let jurgen = person(&v, "Jürgen Müller");
    assert_eq!(jurgen["company"], "Lindqvist & Söhne");
    assert_eq!(jurgen["phone"], json!(["+49 30 1234567 (work)", "+49 170 7654321 (cell)"]));
    assert_eq!(jurgen["notes"], "Kennengelernt auf der Messe in Köln.\nMag Kaffee, kein Tee.");
    assert_eq!(jurgen["address"], "Hauptstraße 5, Berlin, 10115, Deutschland (work)");
    assert_eq!(person(&v, "Aiko Nakamura")["birthday"], "1985-02-14");
    let android = vault();
    import(&android, "vcard", "android-2.1.vcf", &[]).ok();
    let yamada = person(&android, "山田 太郎");
    assert_eq!((yamada["family_name"].as_str(), yamada["given_name"].as_str()), (Some("山田"), Some("太郎")));
    assert_eq!(yamada["notes"], "大阪出身。ラーメンが好き。");
}

#[test]
fn structured_fields_are_kept() {
    let v = vault();
    import(&v, "vcard", "iphone.vcf", &[]).ok();
    let john = person(&v, "Mr. John Richter James Doe Sr.");
    for (key, want) in [
        ("name_prefix", json!("Mr.")),
        ("given_name", json!("John")),
        ("middle_name", json!("Richter James")),
        ("family_name", json!("Doe")),
        ("name_suffix", json!("Sr.")),
        ("nickname", json!("Johnny")),
        ("company", json!("Example Corp.")),
        ("email", json!(["john.doe@example.com (other)", "johnny@example.org (home)"])),
        ("phone", json!(["(555) 555-0100 (cell)", "+1 555 555 0199 (work)"])),
        ("address", json!("42 Plantation St., Apt 3, Baytown, LA 30314, United States (home)")),
        ("url", json!("https://johndoe.example.com (homepage)")),
        ("linkedin", json!("https://www.linkedin.com/in/johnrdoe")),
        ("social", json!("https://twitter.com/johnrdoe (twitter)")),
        ("tags", json!(["conference", "Research Friends"])),
        ("birthday", json!("--11-27")),
        ("uid", json!("8D7F3C2A-1B2C-4D5E-9F00-ABCDEF123456")),
    ] {
        assert_eq!(john[key], want, "{key}");
    }
    let show = v.kith(&["show", "Mr. John Richter James Doe Sr."]).ok().stdout;
    assert!(show.contains("john.doe@example.com (other), johnny@example.org (home)"), "{show}");
    let google = vault();
    import(&google, "vcard", "google.vcf", &[]).ok();
    let chen = person(&google, "Chen Wei");
    assert_eq!((chen["phone"].as_str(), chen["birthday"].as_str()), (Some("+86-10-5555-0100 (cell)"), Some("--11-27")));
}

#[test]
fn imported_notes_never_become_log_entries() {
    let v = vault();
    import(&v, "vcard", "google.vcf", &[]).ok();
    let maria = person(&v, "people/Maria Garcia.md");
    assert_eq!(maria["last_contact"], Value::Null, "the NOTE's '## Log' must not count as contact");
    assert_eq!(maria["notes"], "Met at PyCon.\n## Log\n- 2020-01-01 this must not become a log entry #met");
    let fabrikam = std::fs::read_to_string(v.path().join("people/Maria Garcia (Fabrikam).md")).unwrap();
    assert!(fabrikam.contains("role: Says \"hello\", often\n"), "{fabrikam}");
    let fabrikam = person(&v, "people/Maria Garcia (Fabrikam).md");
    assert_eq!(fabrikam["role"], "Says \"hello\", often");
}

#[test]
fn linkedin_dates_of_every_vintage_and_unreadable_ones_warned() {
    let v = vault();
    let run = import(&v, "linkedin", "linkedin-2018.csv", &[]).ok();
    assert!(
        run.stderr.contains("linkedin-2018.csv:5: Amara Okafor: cannot read the date \"sometime last spring\""),
        "{}",
        run.stderr
    );
    assert_eq!(person(&v, "people/Sam Lee.md")["met"], "2018-01-08");
    assert_eq!(person(&v, "people/Sam Lee (Contoso).md")["met"], "2023-04-23");
    let tomas = person(&v, "Tomas Vidal [we're hiring]");
    assert_eq!(
        (tomas["met"].as_str(), tomas["path"].as_str()),
        (Some("2022-11-30"), Some("people/Tomas Vidal (we're hiring).md"))
    );
    assert_eq!(person(&v, "Amara Okafor")["company"], "Tailspin \"Toys\"");
}

#[test]
fn linkedin_imported_contacts_csv_is_refused_not_made_into_junk_notes() {
    let v = vault();
    let before = common::snapshot_tree(v.path());
    let run = import(&v, "linkedin", "linkedin-imported-contacts.csv", &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    for part in [
        "linkedin-imported-contacts.csv: not LinkedIn's Connections.csv (line 1 has no Connected On)",
        "First Name, Last Name, Connected On and at least one of URL, Email Address, Company, Position",
        "found: First Name, Last Name, Companies, Title, Email Address, Phone Numbers, Created At,",
    ] {
        assert!(run.stderr.contains(part), "{part:?} not in {}", run.stderr);
    }
    assert_eq!(before, common::snapshot_tree(v.path()), "nothing written");
    // Not a CSV with a First Name header at all: refused the same way, naming the first line.
    let other = import(&v, "linkedin", "google.vcf", &[]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(
        other.stderr.contains("no header row starting with First Name (first line: \"BEGIN:VCARD\")"),
        "{}",
        other.stderr
    );
    // Both vintages of the real connections header are still read.
    for file in ["linkedin-2018.csv", "linkedin-2024.csv"] {
        import(&v, "linkedin", file, &["--dry-run"]).ok();
    }
}

#[test]
fn linkedin_2018_urn_email_and_multi_line_names_are_cleaned() {
    let v = vault();
    let run = import(&v, "linkedin", "linkedin-2018-odd-values.csv", &[]).ok();
    assert!(
        run.stderr.contains(
            "linkedin-2018-odd-values.csv:2: Priya Nair: \"urn:li:member:123456789\" is not an email address; left out"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Jo Anne Smith Jones: \"jo@example.org jo@example.net\" is not an email address"),
        "{}",
        run.stderr
    );
    let priya = std::fs::read_to_string(v.path().join("people/Priya Nair.md")).unwrap();
    assert!(!priya.contains("email") && !priya.contains("urn:li"), "{priya}");
    let jo = std::fs::read_to_string(v.path().join("people/Jo Anne Smith Jones.md")).unwrap();
    assert!(jo.contains("given_name: Jo Anne\n") && jo.contains("family_name: Smith Jones\n"), "{jo}");
    assert!(!jo.contains("|-") && !jo.contains("email"), "{jo}");
    assert_eq!(person(&v, "Lee Chan")["email"], "lee@example.org");
    let cards = v.kith(&["export", "vcard"]).ok().stdout;
    assert!(!cards.contains("urn:li") && cards.contains("EMAIL"), "{cards}");
}

#[test]
fn every_importer_keeps_only_email_like_values_as_emails() {
    let v = vault();
    v.file(
        "in.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL:urn:li:member:1\r\nEMAIL;TYPE=work:ada@example.org\r\nEND:VCARD\r\n",
    );
    let path = v.path().join("in.vcf");
    let run = v.kith(&["import", "vcard", path.to_str().unwrap()]).ok();
    assert!(run.stderr.contains("\"urn:li:member:1\" is not an email address"), "{}", run.stderr);
    assert_eq!(person(&v, "AdaLovelace")["email"], "ada@example.org (work)");
}

/// A person with every field kith knows, in the shapes a hand or an import writes them.
const EVERYTHING: &str = "---\nname: \"Mr. John Q. Doe Sr.\"\nname_prefix: Mr.\ngiven_name: John\nmiddle_name: Q.\nfamily_name: Doe\nname_suffix: Sr.\nnickname: Johnny\ncompany: \"Acme; Sons, Ltd\"\nrole: \"Head of \\\"R&D\\\"\"\nemail: [\"john@acme.example (work)\", john@home.example, \"jd@x.example (other)\"]\nphone: [\"+1 555 0100 (cell)\", \"(555) 555-0199 (work)\", \"+1 555 0142 (summer house)\"]\naddress: \"42 Plantation St., Baytown, LA 30314, United States (home)\"\nlinkedin: https://www.linkedin.com/in/johnqdoe\nurl: \"https://doe.example (homepage)\"\nsocial: \"https://twitter.com/jqd (twitter)\"\ntags: [conference, \"#mentor\"]\nbirthday: --02-29\ndates: {work anniversary: 2019-03-01}\nmet: 2024-05-06\nnotes: \"Line one; with, punctuation.\\nLine two \\\"quoted\\\".\"\nstage: growing\n---\n\n## Log\n\n- 2026-01-02 Coffee #meeting\n";

/// The fields kith knows, as a comparable value (one item or a list alike, tags without `#`).
fn known_fields(p: &Value) -> Vec<(String, Value)> {
    let keys = [
        "name",
        "name_prefix",
        "given_name",
        "middle_name",
        "family_name",
        "name_suffix",
        "nickname",
        "company",
        "role",
        "email",
        "phone",
        "address",
        "linkedin",
        "url",
        "social",
        "tags",
        "birthday",
        "met",
        "dates",
        "notes",
    ];
    keys.iter()
        .map(|k| {
            let v = match &p[*k] {
                Value::Array(items) if items.len() == 1 => items[0].clone(),
                Value::Array(items) if *k == "tags" => Value::Array(
                    items.iter().map(|t| json!(t.as_str().unwrap_or("").trim_start_matches('#'))).collect(),
                ),
                other => other.clone(),
            };
            (k.to_string(), v)
        })
        .collect()
}

#[test]
fn export_then_import_gives_back_every_field() {
    let a = TempVault::new();
    common::copy_dir(&common::example_vault(), a.path());
    a.file("people/John Doe.md", EVERYTHING);
    a.file("people/山田 太郎.md", "---\nname: 山田 太郎\nemail: taro@example.jp\n---\n");
    let people_a = a.kith(&["people", "--format", "json"]).ok().json();
    assert!(people_a.as_array().unwrap().len() >= 10);
    for version in ["3", "4"] {
        let vcf = a.kith(&["export", "vcard", "--vcard-version", version]).ok().stdout;
        let b = vault();
        b.file("in.vcf", &vcf);
        let run = b.kith(&["import", "vcard", b.path().join("in.vcf").to_str().unwrap()]).ok();
        assert!(run.stderr.is_empty(), "vCard {version}: {}", run.stderr);
        let people_b = b.kith(&["people", "--format", "json"]).ok().json();
        for p in people_a.as_array().unwrap() {
            let q = people_b
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["name"] == p["name"])
                .unwrap_or_else(|| panic!("vCard {version}: {} did not come back", p["name"]));
            for ((key, want), (_, got)) in known_fields(p).into_iter().zip(known_fields(q)) {
                let part = key.ends_with("_name") || key == "name_prefix" || key == "name_suffix";
                if part && want.is_null() {
                    continue; // a note without name parts comes back with its whole name as the given name
                }
                assert_eq!(got, want, "vCard {version}: {} {key}", p["name"]);
            }
        }
        // The same cards again: nothing changes.
        let before = common::snapshot_tree(b.path());
        let again = b.kith(&["import", "vcard", b.path().join("in.vcf").to_str().unwrap()]).ok();
        assert!(
            again.stdout.contains(" 0 new, 0 merged,") || again.stdout.starts_with("0 new, 0 merged,"),
            "{}",
            again.stdout
        );
        assert_eq!(before, common::snapshot_tree(b.path()));
        // And exporting the imported vault gives cards with the same UIDs.
        let uids = |text: &str| -> Vec<String> {
            let mut u: Vec<String> = text.lines().filter(|l| l.starts_with("UID:")).map(String::from).collect();
            u.sort();
            u
        };
        assert_eq!(uids(&vcf), uids(&b.kith(&["export", "vcard", "--vcard-version", version]).ok().stdout));
    }
}

#[test]
fn own_vcard_export_imported_into_the_same_vault_adds_no_uid() {
    for version in ["3", "4"] {
        let v = TempVault::new();
        common::copy_dir(&common::example_vault(), v.path());
        let vcf = v.kith(&["export", "vcard", "--vcard-version", version]).ok().stdout;
        v.file("kith-export.vcf", &vcf);
        let file = v.path().join("kith-export.vcf");
        let before = common::snapshot_tree(v.path());
        let run = v.kith(&["import", "vcard", file.to_str().unwrap()]).ok();
        assert!(run.stdout.starts_with("0 new, 0 merged, 32 unchanged,"), "vCard {version}: {}", run.stdout);
        assert_eq!(before, common::snapshot_tree(v.path()), "vCard {version}: the import changed notes");
        // Only what differs comes in: the email a note lost since the export, and no uid.
        let note = v.path().join("people/london/Ada Okafor.md");
        let text = std::fs::read_to_string(&note).unwrap();
        let without: String = text.lines().filter(|l| !l.starts_with("email:")).map(|l| format!("{l}\n")).collect();
        std::fs::write(&note, &without).unwrap();
        let run = v.kith(&["import", "vcard", file.to_str().unwrap()]).ok();
        assert!(run.stdout.contains("merge     people/london/Ada Okafor.md: adds email\n"), "{}", run.stdout);
        assert!(run.stdout.contains("0 new, 1 merged, 31 unchanged,"), "{}", run.stdout);
        assert!(!std::fs::read_to_string(&note).unwrap().contains("uid:"));
    }
}

/// LinkedIn into a vault that knows some of the people, then the same file
/// again, then kith's own vCards back: only the first import changes notes.
#[test]
fn linkedin_reimport_and_own_export_after_it_change_nothing() {
    let v = TempVault::new();
    common::copy_dir(&common::example_vault(), v.path());
    v.file(
        "in/Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Wei,Zhang,https://www.linkedin.com/in/weizhang,,Lumen Communications,\"Managing Director, APAC\",20 May 2024\n\
         Yuki,Sato,https://www.linkedin.com/in/yuki,yuki@sony.example,Sony,PR lead,05 Mar 2026\n\
         New,Person,https://www.linkedin.com/in/newperson,new@example.com,Acme,CEO,01 Nov 2026\n",
    );
    let file = v.path().join("in/Connections.csv");
    let first = v.kith(&["import", "linkedin", file.to_str().unwrap()]).ok();
    assert!(first.stdout.contains("1 new, 2 merged,"), "{}", first.stdout);
    let before = common::snapshot_tree(v.path());
    let again = v.kith(&["import", "linkedin", file.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("0 new, 0 merged, 3 unchanged"), "{}", again.stdout);
    assert_eq!(before, common::snapshot_tree(v.path()));
    v.file("in/kith.vcf", v.kith(&["export", "vcard"]).ok().stdout);
    let before = common::snapshot_tree(v.path());
    let cards = v.kith(&["import", "vcard", v.path().join("in/kith.vcf").to_str().unwrap()]).ok();
    assert!(cards.stdout.starts_with("0 new, 0 merged, 33 unchanged"), "{}", cards.stdout);
    assert_eq!(before, common::snapshot_tree(v.path()));
}

#[test]
fn own_csv_export_is_refused_with_the_way_to_move_people() {
    let v = TempVault::new();
    common::copy_dir(&common::example_vault(), v.path());
    v.file("kith-export.csv", v.kith(&["export", "csv"]).ok().stdout);
    let before = common::snapshot_tree(v.path());
    let run = v.kith(&["import", "csv", v.path().join("kith-export.csv").to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("kith's own CSV export") && run.stderr.contains("kith import vcard"), "{}", run.stderr);
    assert_eq!(before, common::snapshot_tree(v.path()));
}

#[test]
fn vcard_3_and_4_exports_of_one_vault_import_as_the_same_people() {
    let a = TempVault::new();
    common::copy_dir(&common::example_vault(), a.path());
    let b = vault();
    for version in ["3", "4"] {
        let vcf = a.kith(&["export", "vcard", "--vcard-version", version]).ok().stdout;
        b.file(&format!("in{version}.vcf"), &vcf);
        b.kith(&["import", "vcard", b.path().join(format!("in{version}.vcf")).to_str().unwrap()]).ok();
    }
    let a_people = a.kith(&["people", "--format", "json"]).ok().json();
    let b_people = b.kith(&["people", "--format", "json"]).ok().json();
    assert_eq!(
        b_people.as_array().unwrap().len(),
        a_people.as_array().unwrap().len(),
        "4.0's urn:uuid: UIDs matched 3.0's"
    );
}

#[test]
fn exported_cards_parse_with_an_independent_parser() {
    let a = TempVault::new();
    a.file("people/John Doe.md", EVERYTHING);
    let text = a.kith(&["export", "vcard"]).ok().stdout;
    let cards: Vec<_> =
        ical::VcardParser::new(std::io::BufReader::new(text.as_bytes())).map(|c| c.expect("valid vCard")).collect();
    let props = &cards[0].properties;
    let values = |name: &str| -> Vec<String> {
        props.iter().filter(|p| p.name.rsplit('.').next() == Some(name)).filter_map(|p| p.value.clone()).collect()
    };
    assert_eq!(values("N"), ["Doe;John;Q.;Mr.;Sr."]);
    assert_eq!(values("TEL"), ["+1 555 0100", "(555) 555-0199", "+1 555 0142"]);
    assert_eq!(values("EMAIL").len(), 3);
    assert_eq!(values("CATEGORIES"), ["conference,mentor"]);
    assert_eq!(values("UID").len(), 1);
    let bday = props.iter().find(|p| p.name == "BDAY").unwrap();
    assert_eq!(bday.value.as_deref(), Some("1604-02-29"));
    assert!(format!("{:?}", bday.params).contains("X-APPLE-OMIT-YEAR"), "{:?}", bday.params);
    assert!(!text.contains("kith note"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_read_only_note_is_never_merged_into() {
    use std::os::unix::fs::PermissionsExt;
    let v = vault();
    v.file("people/Lucas Ferreira.md", "---\nname: Lucas Ferreira\n---\n");
    let path = v.path().join("people/Lucas Ferreira.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = import(&v, "vcard", "android-2.1.vcf", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("people/Lucas Ferreira.md: the note is read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "---\nname: Lucas Ferreira\n---\n");
    assert!(v.path().join("people/山田 太郎.md").exists(), "the other notes are written");
    let leftovers: Vec<_> = std::fs::read_dir(v.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kith"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn google_contacts_csv_of_both_vintages() {
    let v = vault();
    let run = import(&v, "csv", "google-2020.csv", &[]).ok();
    assert!(run.stdout.contains("3 new, 0 merged, 0 unchanged, 1 skipped (no name)"), "{}", run.stdout);
    assert!(
        run.stderr.contains("google-2020.csv:9: Kwame Mensah: cannot read the birthday \"sometime in May\""),
        "{}",
        run.stderr
    );
    let olivia = person(&v, "people/Olivia Bennett.md");
    for (key, want) in [
        ("email", json!(["olivia@northwind.example (work)", "liv@example.org (home)", "olivia.b@example.org (home)"])),
        ("phone", json!(["+44 7700 900123 (mobile)", "+44 20 7946 0018 (work)"])),
        ("address", json!("10 Downing Lane, London SW1A 2AA, United Kingdom (home)")),
        ("company", json!("Northwind")),
        ("role", json!("Editor")),
        ("linkedin", json!("https://www.linkedin.com/in/oliviabennett")),
        ("tags", json!(["Book Club"])),
        ("birthday", json!("--03-14")),
        ("dates", json!({"anniversary": "2015-06-20"})),
        ("notes", json!("Introduced by Sam.\n## Log\n- 2021-02-02 not a log entry")),
    ] {
        assert_eq!(olivia[key], want, "{key}");
    }
    assert_eq!(olivia["last_contact"], Value::Null);
    assert_eq!(person(&v, "people/Olivia Bennett (Fabrikam).md")["email"], "o.bennett@fabrikam.example (other)");
    let new = vault();
    import(&new, "csv", "google-2024.csv", &[]).ok();
    let sofia = person(&new, "Dr. Sofia Isabel Rossi");
    assert_eq!(
        (sofia["nickname"].as_str(), sofia["company"].as_str(), sofia["url"].as_str(), sofia["tags"].clone()),
        (
            Some("Sofi"),
            Some("Istituto \"Galileo\", Roma"),
            Some("https://sofia.example (homepage)"),
            json!(["Colleagues"])
        )
    );
    assert_eq!(person(&new, "山田 花子")["phone"], "080-0000-1111 (mobile)");
}

#[test]
fn outlook_csv_in_windows_1252() {
    let v = vault();
    let run = import(&v, "csv", "outlook.csv", &[]).ok();
    assert!(run.stdout.contains("2 new,"), "{}", run.stdout);
    let ingrid = person(&v, "Ms. Ingrid Sørensen");
    for (key, want) in [
        ("email", json!("ingrid@fjord.example")),
        ("phone", json!(["+45 33 12 34 56 (work)", "+45 20 12 34 56 (cell)"])),
        ("address", json!("Havnegade 12, København, 1058, Danmark (work)")),
        ("role", json!("COO")),
        ("birthday", json!("1979-04-12")),
        ("tags", json!(["Suppliers", "Nordics"])),
        ("notes", json!("Prefers calls before noon.")),
    ] {
        assert_eq!(ingrid[key], want, "{key}");
    }
    let emile = person(&v, "Émile Zola");
    assert_eq!((emile["company"].as_str(), emile["birthday"].clone()), (Some("Les Éditions"), Value::Null));
    let linkedin = import(&v, "csv", "linkedin-2024.csv", &[]);
    assert_eq!(linkedin.code, 2);
    assert!(linkedin.stderr.contains("use kith import linkedin"), "{}", linkedin.stderr);
}

#[test]
fn fields_spelled_another_way_are_the_same_field() {
    let v = vault();
    v.file("people/Lucas Ferreira.md", "---\nname: Lucas Ferreira\nE-mail: lucas@example.com.br\nPhone:\n---\n");
    let run = import(&v, "vcard", "android-2.1.vcf", &[]).ok();
    assert!(run.stdout.contains("merge     people/Lucas Ferreira.md: adds phone\n"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(v.path().join("people/Lucas Ferreira.md")).unwrap(),
        "---\nname: Lucas Ferreira\nE-mail: lucas@example.com.br\nPhone: \"+55 11 91234-5678 (cell)\"\n---\n"
    );
}

/// A note edited (by an editor's save) after the import read it and before it
/// writes: the merge is done again on the new text, so the edit is kept and
/// the import's fields are added; a field the edit filled in is not overwritten.
#[test]
fn a_note_edited_during_an_import_gets_the_merge_redone_on_the_edit() {
    use kith::interop::{merge, write, Contact, Labeled, Source};
    let v = vault();
    let note = v.path().join("people/Lucas Ferreira.md");
    v.file("people/Lucas Ferreira.md", "---\nname: Lucas Ferreira\nemail:\nphone:\n---\nNotes.\n");
    let vault = kith::load::Vault::open(v.path(), &[]).unwrap();
    let labeled = |value: &str| Labeled::new(value, None);
    let contact = Contact {
        name: "Lucas Ferreira".into(),
        emails: vec![labeled("lucas@example.com")],
        phones: vec![labeled("+55 11 91234-5678")],
        ..Contact::default()
    };
    let plan = merge::plan(&vault, vec![contact], Source::Vcard);
    assert_eq!(plan.changes.len(), 1, "{:?}", plan.lines);
    // The user's editor saves meanwhile: a phone of their own and a new Log line.
    let edited =
        "---\nname: Lucas Ferreira\nemail:\nphone: \"+1 555 0100\"\n---\nNotes.\n\n## Log\n- 2026-11-20 Call. #gave\n";
    std::fs::write(&note, edited).unwrap();
    let problems = write::write_all(&vault.root, &plan.changes, &vault.settings.folders.recognition).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let text = std::fs::read_to_string(&note).unwrap();
    assert_eq!(
        text,
        "---\nname: Lucas Ferreira\nemail: \"lucas@example.com\"\nphone: \"+1 555 0100\"\n---\nNotes.\n\n## Log\n- 2026-11-20 Call. #gave\n",
        "the user's phone and Log line are kept, the email is added"
    );
    assert!(v
        .path()
        .read_dir()
        .unwrap()
        .chain(v.path().join("people").read_dir().unwrap())
        .all(|e| { !e.unwrap().file_name().to_string_lossy().ends_with(".tmp") }));
}
