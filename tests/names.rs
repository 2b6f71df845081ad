//! Issue 12, names: NFC and NFD spellings of one name are one person for
//! every command that looks a name up or checks that a person exists.

mod common;
use common::TempVault;

const NFC: &str = "Jos\u{e9} Ruiz";
const NFD: &str = "Jose\u{301} Ruiz";

/// José, written in NFD (as a macOS file name gives it), plus someone linking him in NFC.
fn vault() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        &format!("people/{NFD}.md"),
        format!(
            "---\nname: {NFD}\nemail: jose@example.com\nlast_contact: 2026-01-01\n---\n\n## Log\n\n- 2026-01-01 Met\n"
        ),
    );
    v.file(
        "people/Ana.md",
        format!(
            "---\nname: Ana\nintroduced_by: \"[[{NFC}]]\"\n---\n\n## Log\n\n- 2026-02-01 Lunch with [[{NFC}]] #intro\n"
        ),
    );
    v
}

fn people_files(v: &TempVault) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(v.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn nfc_and_nfd_jose_show_and_log_find_the_one_note() {
    let v = vault();
    for query in [NFC, NFD, "jos\u{e9}"] {
        let run = v.kith(&["show", query]).ok();
        assert!(run.stdout.contains("2026-01-01"), "show {query:?}:\n{}", run.stdout);
    }
    v.kith(&["log", NFC, "Coffee"]).ok();
    let text = std::fs::read_to_string(v.path().join(format!("people/{NFD}.md"))).unwrap();
    assert!(text.contains("- 2026-11-23 Coffee"), "{text}");
    assert_eq!(people_files(&v).len(), 2);
}

#[test]
fn nfc_link_to_an_nfd_note_resolves() {
    let v = vault();
    v.file("daily/2026-03-01.md", format!("Coffee with [[{NFC}]]\n"));
    let run = v.kith(&["show", NFD]).ok();
    assert!(run.stdout.contains("2026-03-01"), "the daily note's link counts for him:\n{}", run.stdout);
}

#[test]
fn add_nfc_jose_when_an_nfd_jose_exists_adds_nothing() {
    let v = vault();
    let run = v.kith(&["add", NFC]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("already in the vault"), "{}", run.stderr);
    assert_eq!(people_files(&v).len(), 2);
}

#[test]
fn add_writes_the_name_and_file_name_in_nfc() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.kith(&["add", NFD]).ok();
    let text = std::fs::read_to_string(v.path().join(format!("people/{NFC}.md"))).unwrap();
    assert!(text.contains(NFC) && !text.contains(NFD), "{text}");
}

#[test]
fn import_nfc_jose_merges_into_the_nfd_note() {
    let v = vault();
    let card = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{NFC}\r\nN:Ruiz;Jos\u{e9};;;\r\nORG:Acme\r\nEND:VCARD\r\n");
    v.file("in.vcf", card);
    let run = v.kith(&["import", "vcard", v.path().join("in.vcf").to_str().unwrap()]).ok();
    assert!(!run.stdout.contains("new "), "{}", run.stdout);
    assert!(run.stdout.contains("merge"), "{}", run.stdout);
    assert_eq!(people_files(&v).len(), 2);
    let text = std::fs::read_to_string(v.path().join(format!("people/{NFD}.md"))).unwrap();
    assert!(text.contains("Acme"), "{text}");
}

/// Issue 12: a field value holding a `---` or `...` line (or YAML syntax) broke
/// the note `add` wrote; the front matter is now written by the YAML serializer.
#[test]
fn add_with_a_dashes_line_in_a_field_writes_a_note_that_reads_back() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    let company = "Acme\n---\nstage: trusted\n...";
    let role = "*boss & 'chief': \"yes\"";
    v.kith(&["add", "Eve", "--company", company, "--role", role, "--alias", "null", "--tag", "2026-01-01"]).ok();
    let show = v.kith(&["show", "Eve", "--format", "json"]).ok().json();
    // Kept whole in the note; read as one line like every text field.
    assert_eq!(show["company"], "Acme --- stage: trusted ...");
    let note = std::fs::read_to_string(v.path().join("people/Eve.md")).unwrap();
    assert!(note.contains("company: |-\n  Acme\n  ---\n  stage: trusted\n  ..."), "{note}");
    assert_eq!(show["role"], role);
    assert_eq!(show["stage"], "seed");
    assert_eq!(show["aliases"], serde_json::json!(["null"]));
    assert_eq!(show["tags"], serde_json::json!(["2026-01-01"]));
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
}

#[test]
fn add_force_nfc_jose_beside_an_nfd_file_gets_a_distinct_file_name() {
    let v = vault();
    v.kith(&["add", NFC, "--force"]).ok();
    let files = people_files(&v);
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.contains(&format!("{NFC} 2.md")), "{files:?}");
}

/// `kith add --introduced-by ']] [[x'` wrote `[[]] [[x]]`: two links, one of
/// them to someone nobody named. A name a wikilink cannot hold is written
/// plain (link fields resolve plain names too), so it stays one name.
#[test]
fn add_introduced_by_a_name_with_brackets_writes_no_extra_link() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/x.md", "---\nname: x\n---\n");
    v.kith(&["add", "Eve", "--introduced-by", "]] [[x"]).ok();
    let note = std::fs::read_to_string(v.path().join("people/Eve.md")).unwrap();
    assert!(!note.contains("[[x]]"), "{note}");
    let show = v.kith(&["show", "Eve", "--format", "json"]).ok().json();
    assert_eq!(show["introduced_by"], serde_json::json!(["]] [[x"]), "{show:#}");
    v.kith(&["add", "Fay", "--introduced-by", "Eve"]).ok();
    let fay = std::fs::read_to_string(v.path().join("people/Fay.md")).unwrap();
    assert!(fay.contains("introduced_by: '[[Eve]]'") || fay.contains("introduced_by: \"[[Eve]]\""), "{fay}");
}

/// `add --introduced-by anjula` where only Anjula Batra is called Anjula: the
/// link written is `[[Anjula Batra]]`, which resolves, not a `[[anjula]]` that
/// `check` then reports as broken. Someone with no note yet is written as typed;
/// a name several people share writes nothing.
#[test]
fn add_introduced_by_a_first_name_links_the_person_it_names() {
    let v = TempVault::new();
    v.file("people/Anjula Batra.md", "---\nstage: seed\n---\n");
    v.file("people/Aaron Born.md", "---\nstage: seed\n---\n");
    v.file("people/Aaron King.md", "---\nstage: seed\n---\n");
    v.kith(&["add", "Zara New", "--introduced-by", "anjula"]).ok();
    let read = |rel: &str| std::fs::read_to_string(v.path().join(rel)).unwrap();
    assert!(read("people/Zara New.md").contains("introduced_by: '[[Anjula Batra]]'"), "{}", read("people/Zara New.md"));
    v.kith(&["add", "Yan Other", "--introduced-by", "Somebody Unknown"]).ok();
    assert!(read("people/Yan Other.md").contains("introduced_by: '[[Somebody Unknown]]'"));
    let run = v.kith(&["add", "Xia Third", "--introduced-by", "aaron"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("Aaron Born") && run.stderr.contains("Aaron King"), "{}", run.stderr);
    assert!(!v.path().join("people/Xia Third.md").exists(), "nothing is written");
    let check = v.kith(&["check"]).stdout;
    assert!(!check.contains("Zara New.md") && check.contains("[[Somebody Unknown]] links to no"), "{check}");
}
