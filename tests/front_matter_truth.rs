//! One front-matter truth: `check`, `show`, `people --format json` and
//! `export` read a note's front matter through the same parse, so a note the
//! full YAML parser rejects is an error with path:line everywhere, never a
//! person whose fields are silently empty.

mod common;

use common::TempVault;

/// Front matter that the old fast path accepted while the full parser did not.
const REJECTED: [(&str, &str); 3] = [
    ("comment_in_flow_list", "---\ncompany: Engines\ntags: [friend #close]\nemail: a@b.c\n---\n"),
    ("raw_control_character", "---\ncompany: Engines\u{1}Ltd\nemail: a@b.c\n---\n"),
    ("line_separator_in_value", "---\ncompany: Engines\u{2028}Ltd\nemail: a@b.c\n---\n"),
];

fn export_names(vault: &TempVault, args: &[&str]) -> Vec<String> {
    common::names(&vault.kith(args).json())
}

#[test]
fn every_command_agrees_on_front_matter_the_full_parser_rejects() {
    for (case, front) in REJECTED {
        let vault = TempVault::new();
        vault.file("people/Ada.md", front);
        vault.file("people/Bob.md", "---\ncompany: Looms\n---\n");
        let check = vault.kith(&["check"]);
        assert_eq!(check.code, 1, "{case}: check must fail\n{}", check.stderr);
        assert!(check.stdout.contains("people/Ada.md:") || check.stderr.contains("people/Ada.md:"), "{case}");
        assert!(format!("{}{}", check.stdout, check.stderr).contains("YAML error"), "{case}");

        let show = vault.kith(&["show", "Ada"]);
        assert_ne!(show.code, 0, "{case}: show must not print a person with empty fields\n{}", show.stdout);
        assert!(
            show.stderr.contains("people/Ada.md:") && show.stderr.contains("YAML error"),
            "{case}: {}",
            show.stderr
        );

        assert_eq!(export_names(&vault, &["people", "--format", "json"]), ["Bob"], "{case}");
        assert_eq!(export_names(&vault, &["export", "json"]), ["Bob"], "{case}");
        let csv = vault.kith(&["export", "csv"]);
        assert!(!csv.stdout.contains("Ada"), "{case}: {}", csv.stdout);
        assert!(csv.stderr.contains("people/Ada.md:"), "{case}: export must say why Ada is missing");
    }
}

#[test]
fn fields_the_reports_read_are_the_fields_show_and_export_print() {
    let vault = TempVault::new();
    // Every line takes the fast path; the values are what YAML says they are.
    vault.file(
        "people/Ada.md",
        "---\ncompany: Engines, Ltd. # a comment\nrole: 0x1f\ncadence: 7d\nemail: ada@example.com\ntags: [friend, \"#close\"]\n---\n",
    );
    let check = vault.kith(&["check"]).ok();
    assert!(!check.stdout.contains("error"), "{}", check.stdout);
    let show = vault.kith(&["show", "Ada", "--format", "json"]).ok().json();
    let people = vault.kith(&["people", "--format", "json"]).ok().json();
    let export = vault.kith(&["export", "json"]).ok().json();
    for record in [&people[0], &export[0]] {
        assert_eq!(record["company"], "Engines, Ltd.");
        assert_eq!(record["email"], "ada@example.com");
        // `0x1f` is a number to YAML; every command says so alike.
        assert_eq!(record["role"], 31);
        assert_eq!(record["tags"], serde_json::json!(["friend", "#close"]));
    }
    assert_eq!(show["company"], "Engines, Ltd.");
    assert_eq!(show["fields"]["role"], 31);
    assert_eq!(show["role"], "31");
    assert_eq!(show["tags"], serde_json::json!(["friend", "close"]));
    assert_eq!(show["cadence"], export[0]["cadence"]);
}
