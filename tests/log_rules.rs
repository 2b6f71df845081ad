//! Issue 12, log parsing decisions (README, "Log"): nested dated items belong
//! to their entry, callouts count, comments do not; run through the binary.

mod common;
use common::TempVault;

fn show(v: &TempVault, name: &str) -> serde_json::Value {
    v.kith(&["show", name, "--format", "json"]).ok().json()
}

#[test]
fn nested_dated_sub_item_is_part_of_its_entry_not_a_contact() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/Ada.md", "---\nname: Ada\n---\n## Log\n- 2026-10-03 Coffee\n  - 2026-10-04 sent the deck #gave\n");
    let ada = show(&v, "Ada");
    assert_eq!(ada["log_entries"], 1);
    assert_eq!(ada["last_contact"], "2026-10-03");
    assert_eq!(ada["recent"][0]["tags"], serde_json::json!(["gave"]));
}

#[test]
fn callout_entries_count_commented_ones_do_not() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        "people/Bo.md",
        "---\nname: Bo\n---\n## Log\n> [!note] 2025\n> - 2025-06-01 Met at a meetup\n\n- 2026-01-10 Call %%#win [[Goal]]%%\n%%\n- 2026-11-01 draft, not sent\n%%\n<!-- - 2026-11-02 also hidden -->\n",
    );
    v.file("goals/Goal.md", "---\ntitle: Goal\ntarget: 1\nstart: 2025-01-01\n---\n");
    v.file("daily/2026-11-05.md", "%% Lunch with [[Bo]] %%\n<!-- Tea with [[Bo]] -->\n");
    let bo = show(&v, "Bo");
    assert_eq!(bo["log_entries"], 2, "{bo:#}");
    assert_eq!(bo["last_contact"], "2026-01-10");
    let goals = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(goals[0]["done"], 0, "{goals:#}");
}

#[test]
fn log_into_a_note_with_a_commented_out_log_adds_where_it_counts() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        "people/Cy.md",
        "---\nname: Cy\n---\n%%\n## Log\n- 2020-01-01 old\n%%\n\n## Log\n- 2026-01-01 one\n%% a draft\n",
    );
    v.kith(&["log", "Cy", "Coffee"]).ok();
    let text = std::fs::read_to_string(v.path().join("people/Cy.md")).unwrap();
    assert_eq!(text, "---\nname: Cy\n---\n%%\n## Log\n- 2020-01-01 old\n%%\n\n## Log\n- 2026-01-01 one\n- 2026-11-23 Coffee\n%% a draft\n");
    assert_eq!(show(&v, "Cy")["last_contact"], "2026-11-23");
}
