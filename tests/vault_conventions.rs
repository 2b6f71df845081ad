//! Format v1.1: vaults as people already keep them. One test per convention,
//! each with the cases that must not count.

mod common;

use common::TempVault;
use serde_json::Value;

/// `kith people --format json` as (name → record).
fn people(v: &TempVault) -> std::collections::BTreeMap<String, Value> {
    let json = v.kith(&["people", "--format", "json"]).ok().json();
    json.as_array().unwrap().iter().map(|r| (r["name"].as_str().unwrap().to_string(), r.clone())).collect()
}

fn names(v: &TempVault) -> Vec<String> {
    people(v).into_keys().collect()
}

fn last_contact(v: &TempVault, name: &str) -> Value {
    people(v).get(name).unwrap_or_else(|| panic!("{name} is not a person")).get("last_contact").cloned().unwrap()
}

#[test]
fn people_by_type_category_and_categories_including_links() {
    let v = TempVault::new();
    v.file("Ada.md", "---\ncategories: [\"[[People]]\"]\n---\n");
    v.file("Bea.md", "---\ncategory: Contact\n---\n");
    v.file("Cy.md", "---\ntype: \"[[Person]]\"\n---\n");
    v.file("Dan.md", "---\ncategories: [\"[[Meetings]]\"]\n---\n");
    v.file("Eve.md", "---\ntype: book\n---\n");
    assert_eq!(names(&v), ["Ada", "Bea", "Cy"]);
}

#[test]
fn people_by_tag_with_or_without_hash() {
    let v = TempVault::new();
    v.file("notes/Ada.md", "---\ntags: [friend, person]\n---\n");
    v.file("notes/Bea.md", "---\ntags: \"#contact\"\n---\n");
    v.file("notes/Cy.md", "---\ntags:\n  - People\n---\n");
    v.file("notes/Dan.md", "---\ntags: [personal, persons]\n---\n");
    v.file("notes/Eve.md", "Just a #person tag in the text is not enough.\n");
    assert_eq!(names(&v), ["Ada", "Bea", "Cy"]);
}

#[test]
fn people_by_folder_at_any_depth_and_case() {
    let v = TempVault::new();
    v.file("People/Ada.md", "");
    v.file("Areas/CRM/contacts/Bea.md", "");
    v.file("CONTACTS/work/Cy.md", "");
    v.file("Peoples/Dan.md", "");
    v.file("people.md", "");
    v.file("Projects/people-ops/Eve.md", "");
    assert_eq!(names(&v), ["Ada", "Bea", "Cy"]);
    // An explicit other type still wins, as in format v1.
    v.file("People/Standup.md", "---\ntype: meeting\n---\n");
    assert_eq!(names(&v), ["Ada", "Bea", "Cy"]);
}

#[test]
fn field_names_ignore_case_and_separators_and_know_synonyms() {
    let v = TempVault::new();
    v.file(
        "People/Ada.md",
        "---\nCompany: Analytical Engines\nE-mail: ada@example.com\nJob Title: CTO\nLast Contact: 2026-10-01\nNext-Follow-Up: 2026-12-24\n---\n",
    );
    v.file("People/Bea.md", "---\norganisation: Looms\nlast_contacted: 2026-09-01\n---\n");
    let all = people(&v);
    let ada = v.kith(&["show", "Ada", "--format", "json"]).ok().json();
    assert_eq!(ada["company"], "Analytical Engines");
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(ada["role"], "CTO");
    assert_eq!(ada["follow_up"], "2026-12-24");
    assert_eq!(all["Ada"]["last_contact"], "2026-10-01");
    assert_eq!(all["Ada"]["due"], "2026-12-24");
    // Export keeps the user's spelling and adds the one other tools read.
    assert_eq!(all["Ada"]["Company"], "Analytical Engines");
    assert_eq!(all["Ada"]["company"], "Analytical Engines");
    assert_eq!(all["Bea"]["company"], "Looms");
    assert_eq!(all["Bea"]["last_contact"], "2026-09-01");
    let csv = v.kith(&["export", "csv"]).ok().stdout;
    assert!(csv.contains("Ada,People/Ada.md,seed,Analytical Engines,CTO,ada@example.com"), "{csv}");
}

#[test]
fn two_spellings_of_a_field_kiths_wins_else_the_first_and_check_warns() {
    let v = TempVault::new();
    v.file("People/Ada.md", "---\nCompany: Upper\ncompany: lower\n---\n");
    v.file("People/Bea.md", "---\nOrganisation: First\nEmployer: Second\n---\n");
    let ada = v.kith(&["show", "Ada", "--format", "json"]).ok().json();
    let bea = v.kith(&["show", "Bea", "--format", "json"]).ok().json();
    assert_eq!(ada["company"], "lower");
    assert_eq!(bea["company"], "First");
    let check = v.kith(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check.stdout.contains("People/Ada.md:2: warning: `Company` and `company` both give company"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("People/Bea.md:3: warning: `Employer` and `Organisation`"), "{}", check.stdout);
}

#[test]
fn dataview_inline_fields_fill_what_front_matter_lacks() {
    let v = TempVault::new();
    v.file(
        "People/Ada.md",
        "---\ncompany: Front\n---\nCompany:: Body\n- Last Contact:: 2026-10-01\n```\nrole:: in code\n```\n",
    );
    let ada = v.kith(&["show", "Ada", "--format", "json"]).ok().json();
    assert_eq!(ada["company"], "Front");
    assert_eq!(ada["last_contact"], "2026-10-01");
    assert_eq!(ada["role"], Value::Null);
}

#[test]
fn daily_notes_log_contacts_except_open_tasks_code_and_future_days() {
    let v = TempVault::new();
    v.file("People/Ada.md", "---\nlast_contact: 2026-01-01\n---\n");
    v.file("People/Bob.md", "---\nlast_contact: 2026-01-01\n---\n");
    v.file("People/Cy.md", "---\nlast_contact: 2026-01-01\n---\n");
    v.file("People/Dan.md", "---\nlast_contact: 2026-01-01\n---\n");
    v.file(
        "Daily/2026-11-02.md",
        "# Monday\n- Coffee with [[Ada]] #gave book\n- [ ] call [[Bob]]\n```\n[[Cy]]\n```\n- [x] called [[Dan|Daniel]]\n",
    );
    v.file("Daily/2026-12-01.md", "Lunch with [[Bob]]\n");
    assert_eq!(last_contact(&v, "Ada"), "2026-11-02");
    assert_eq!(last_contact(&v, "Bob"), "2026-01-01", "open task and future day are plans");
    assert_eq!(last_contact(&v, "Cy"), "2026-01-01", "code block");
    assert_eq!(last_contact(&v, "Dan"), "2026-11-02", "a done task is a contact");
    // The overdue report on this mixed vault counts the daily note's contacts.
    let overdue = common::names(&v.kith(&["overdue", "--format", "json"]).ok().json());
    assert_eq!(overdue, ["Bob", "Cy"]);
    // The line's tags count like a Log entry's.
    let ledger = v.kith(&["ledger", "--format", "json"]).ok().json();
    let ada = ledger.as_array().unwrap().iter().find(|r| r["name"] == "Ada").expect("Ada in the ledger");
    assert_eq!(ada["gave"], 1);
    // show lists the contact with the note it came from.
    let show = v.kith(&["show", "Ada"]).ok().stdout;
    assert!(show.contains("2026-11-02  Coffee with [[Ada]] #gave book  (in Daily/2026-11-02.md)"), "{show}");
    // Once the planned day has come, it counts.
    let later = common::run_kith_on(v.path(), "2026-12-02", &["people", "--format", "json"]).ok().json();
    let bob = later.as_array().unwrap().iter().find(|r| r["name"] == "Bob").unwrap();
    assert_eq!(bob["last_contact"], "2026-12-01");
}

/// With "Use [[Wikilinks]]" off, Obsidian writes markdown links; a tryout found
/// they made no contact. They count like wikilinks, resolved by path.
#[test]
fn markdown_links_in_dated_notes_are_contacts_resolved_by_path() {
    let v = TempVault::new();
    for name in ["Ada Lovelace", "Bob", "Cy", "Dan", "Eve", "Fay"] {
        v.file(&format!("People/{name}.md"), "---\nlast_contact: 2026-01-01\n---\n");
    }
    // Another Bob elsewhere: a path says which one.
    v.file("Archive/People/Bob.md", "---\nlast_contact: 2026-01-01\n---\n");
    v.file(
        "Journal/2026/2026-11-02.md",
        "# Monday\n- Coffee with [Ada](../../People/Ada%20Lovelace.md) #gave book\n\
         - Call with [Bob](People/Bob.md)\n- [Cy](<../../People/Cy.md> \"Cy\") and [Dan](Dan.md#Log) #call\n\
         - [ ] write to [Eve](/People/Eve.md)\n- `[Fay](Fay.md)` ![Fay](Fay.md) [Fay](https://x.example/Fay.md)\n",
    );
    for name in ["Ada Lovelace", "Cy", "Dan"] {
        assert_eq!(last_contact(&v, name), "2026-11-02", "{name}");
    }
    let people = people(&v);
    let bobs: Vec<&Value> = people.values().filter(|p| p["name"] == "Bob").collect();
    let contacted: Vec<&str> =
        bobs.iter().filter(|b| b["last_contact"] == "2026-11-02").map(|b| b["path"].as_str().unwrap()).collect();
    assert_eq!(contacted, ["People/Bob.md"], "the path picks the Bob");
    assert_eq!(last_contact(&v, "Eve"), "2026-01-01", "an open task is a plan");
    assert_eq!(last_contact(&v, "Fay"), "2026-01-01", "inline code, an image and a URL are no contact");
    let ledger = v.kith(&["ledger", "--format", "json"]).ok().json();
    assert_eq!(ledger[0]["name"], "Ada Lovelace");
    assert_eq!(ledger[0]["gave"], 1);
}

#[test]
fn meeting_notes_are_dated_by_their_date_field() {
    let v = TempVault::new();
    v.file("People/Ada.md", "");
    v.file("People/Bob.md", "");
    v.file("People/Cy.md", "");
    v.file("Meetings/Planning.md", "---\ndate: 2026-11-10\nattendees: [\"[[Ada]]\"]\n---\nWith [[Bob]].\n");
    v.file("Meetings/Undated.md", "With [[Cy]].\n");
    // A person note with a date is still a person, not a dated note.
    v.file("People/Dan.md", "---\ndate: 2026-11-11\n---\nMet [[Cy]]\n");
    let all = people(&v);
    assert_eq!(all["Ada"]["last_contact"], "2026-11-10");
    assert_eq!(all["Bob"]["last_contact"], "2026-11-10");
    assert_eq!(all["Cy"]["last_contact"], Value::Null);
}

#[test]
fn a_win_line_in_a_dated_note_counts_once_per_line() {
    let v = TempVault::new();
    v.file("People/Ada.md", "");
    v.file("People/Bob.md", "");
    v.file("goals/Talks.md", "---\ntarget: 5\n---\n");
    v.file("2026-11-02 Conference.md", "#win [[Talks]] keynote with [[Ada]] and [[Bob]]\n- [ ] #win [[Talks]] maybe\n");
    v.file("Notes/Ideas.md", "## Log\n- 2026-11-01 #win [[Talks]] a Log in an undated note counts for nothing\n");
    let goals = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(goals[0]["done"], 1, "{goals}");
}

#[test]
fn errors_outside_people_and_goals_folders_are_warnings() {
    let v = TempVault::new();
    v.file("People/Ada.md", "");
    v.file("Clippings/Article.md", "---\ntitle: a: b\n---\nclipped\n");
    let check = v.kith(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("Clippings/Article.md:2:9: warning: YAML error"), "{}", check.stdout);
    let overdue = v.kith(&["overdue"]);
    assert!(!overdue.stderr.contains("Clippings"), "{}", overdue.stderr);
    // The same note in a people folder is an error: it was meant to be a person.
    v.file("contacts/Bea.md", "---\ntitle: a: b\n---\n");
    let check = v.kith(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("contacts/Bea.md:2:9: error: YAML error"), "{}", check.stdout);
}

#[test]
fn with_no_person_notes_reports_say_how_people_are_recognised() {
    let v = TempVault::new();
    v.file("kith.yaml", "output: kith\n");
    v.file("Daily/2026-11-02.md", "Coffee with [[Ada]]\n");
    let overdue = v.kith(&["overdue"]).ok();
    assert!(!overdue.stdout.contains("Nobody is overdue"), "{}", overdue.stdout);
    assert!(overdue.stdout.contains("No person notes found") && overdue.stdout.contains("People or Contacts"));
    assert!(!overdue.stderr.contains("No person notes found"), "said once on a terminal: {}", overdue.stderr);
    let json = v.kith(&["overdue", "--format", "json"]).ok();
    assert_eq!(json.json(), serde_json::json!([]));
    assert!(json.stderr.contains("No person notes found"));
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.trim_end().ends_with("kith.yaml can add more under `recognise:`."), "{}", check.stdout);
}

#[test]
fn check_ends_with_how_people_were_recognised() {
    let v = TempVault::new();
    v.file("People/Ada.md", "");
    v.file("People/Bob.md", "");
    v.file("Cy.md", "---\ntags: [person]\n---\n");
    v.file("Daily/2026-11-02.md", "[[Ada]] and [[Bob]]\n[[Cy]]\n");
    v.file("Daily/2026-11-03.md", "[[Ada]]\n");
    let check = v.kith(&["check"]).ok();
    let last = check.stdout.trim_end().lines().last().unwrap().to_string();
    assert_eq!(last, "3 people: 2 by folder People/, 1 by tag person; 4 contacts from 2 dated notes");
}

#[test]
fn kith_yaml_adds_folders_tags_types_and_field_spellings() {
    let v = TempVault::new();
    v.file(
        "kith.yaml",
        "recognise:\n  folders: [Network]\n  tags: [friend]\n  types: [human]\n  fields:\n    company: [firm]\n",
    );
    v.file("Network/Ada.md", "---\nFirm: Engines\n---\n");
    v.file("Bea.md", "---\ntags: [friend]\n---\n");
    v.file("Cy.md", "---\ntype: human\n---\n");
    v.file("People/Dan.md", "");
    let all = people(&v);
    assert_eq!(all.keys().collect::<Vec<_>>(), ["Ada", "Bea", "Cy", "Dan"]);
    assert_eq!(all["Ada"]["company"], "Engines");
}

#[test]
fn writes_follow_the_vaults_folder_and_the_notes_spelling() {
    let v = TempVault::new();
    v.file("People/Ada.md", "---\nCompany: Engines\nLast Contact: 2026-01-01\n---\n## Log\n");
    v.kith(&["log", "Ada", "coffee", "--touch"]).ok();
    let ada = std::fs::read_to_string(v.path().join("People/Ada.md")).unwrap();
    assert_eq!(ada, "---\nCompany: Engines\nLast Contact: 2026-11-23\n---\n## Log\n- 2026-11-23 coffee\n");
    v.kith(&["add", "Bea Smith"]).ok();
    assert!(v.path().join("People/Bea Smith.md").is_file());
    assert!(!v.path().join("people").exists(), "no people/ beside People/");
}

/// The conventions of a public Obsidian vault organised by categories (kepano's):
/// block lists of links for `categories`, `type` and `org`, meeting notes with
/// `people:`, and templates that carry the categories of the notes made from them.
#[test]
fn a_vault_organised_by_categories_with_list_properties_and_templates() {
    let v = TempVault::new();
    v.file(
        "References/Jo Writer.md",
        "---\ncategories:\n  - \"[[People]]\"\ntype:\n  - \"[[Authors]]\"\norg:\n  - \"[[Acme]]\"\ncreated: 2023-09-12\n---\n## Meetings\n",
    );
    v.file(
        "Templates/People Template.md",
        "---\ncategories:\n  - \"[[People]]\"\nbirthday:\norg: []\ncreated: {{date}}\n---\n",
    );
    v.file(
        "Templates/Meeting Template.md",
        "---\ncategories:\n  - \"[[Meetings]]\"\ntype: []\ndate: 2023-01-01\npeople: [\"[[Jo Writer]]\"]\n---\n",
    );
    v.file(
        "Notes/2023-09-12 Meeting with Jo.md",
        "---\ncategories:\n  - \"[[Meetings]]\"\ntype: []\ndate: 2023-09-12\npeople:\n  - \"[[Jo Writer]]\"\n---\n- Discussed [[Emergence]]\n",
    );
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
    assert!(
        check.stdout.ends_with("1 person: 1 by categories People; 1 contact from 1 dated note\n"),
        "{}",
        check.stdout
    );
    let jo = v.kith(&["show", "Jo Writer", "--format", "json"]).ok().json();
    assert_eq!(jo["company"], "Acme");
    assert_eq!(jo["last_contact"], "2023-09-12");
}

/// A public vault's `Meta/Templates/Person.md` (`type: person`, `name: "{{title}}"`,
/// `met: {{date}}`) was read as a person named `{{title}}`, and `check` failed on its
/// `met`. Folders named `templates` or `template`, at any depth and in any case, are
/// never read as notes; a meeting template's `date:` and links count for nothing.
#[test]
fn templates_folder_at_any_depth_is_never_read_as_notes() {
    let v = TempVault::new();
    v.file("People/Ada.md", "---\ncompany: Engines\n---\n## Log\n- 2026-11-01 coffee\n");
    v.file("Meta/Templates/Person.md", "---\ntype: person\nname: \"{{title}}\"\nmet: {{date}}\ntags: [person]\n---\n");
    v.file("Areas/template/Meeting.md", "---\ndate: {{date}}\nattendees: [\"[[Ada]]\"]\n---\n");
    v.file("TEMPLATES/Daily.md", "---\ndate: 2026-11-20\n---\n- call with [[Ada]]\n");
    v.file("people/Templates/Contact.md", "---\ncompany: {{company}}\n---\n");
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
    assert!(
        check.stdout.ends_with("1 person: 1 by folder People/; 0 contacts from 0 dated notes\n"),
        "{}",
        check.stdout
    );
    assert_eq!(names(&v), ["Ada"]);
    assert_eq!(last_contact(&v, "Ada"), "2026-11-01");
}

/// In another vault `people/_template.md`, `people/README.md` and `people/_aliases.md`
/// became people (then planted and picked by the review). A note whose file name starts
/// with `_` or is `README` or `index` (any case) is not a person by its folder alone;
/// its own `type` or tags still make it one.
#[test]
fn readme_index_and_underscore_notes_in_a_people_folder_are_not_people_by_folder() {
    let v = TempVault::new();
    v.file("people/Ada.md", "---\ncompany: Engines\n---\n");
    v.file("people/_template.md", "---\nname: \"{{title}}\"\nmet: {{date}}\n---\n## Log\n");
    v.file("people/README.md", "# People\nOne note per person. See [[Ada]].\n");
    v.file("people/_aliases.md", "- Ada: [[Ada]]\n");
    v.file("people/Index.md", "---\ntitle: everyone\n---\n");
    v.file("goals/readme.md", "How I write goals.\n");
    v.file("people/_me.md", "---\ntype: person\n---\n");
    v.file("people/README notes.md", "");
    let check = v.kith(&["check"]).ok();
    assert!(check.stdout.starts_with("No problems"), "{}", check.stdout);
    assert_eq!(names(&v), ["Ada", "README notes", "_me"]);
    let review = v.kith(&["review", "--format", "json"]).ok().stdout;
    for name in ["_template", "_aliases", "README\"", "Index", "readme"] {
        assert!(!review.contains(name), "{name} in the review:\n{review}");
    }
    let goals = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(goals.as_array().map(Vec::len), Some(0), "{goals}");
}

/// `show` listed a meeting note's contact as raw YAML (`attendees: ["[[Wei Zhang]]"]`) and
/// `prep steph` asked `Last time (2023-09-12): "[[Steph Ango]]"`. A contact found on a front
/// matter line reads as the note: its file name without the date, else its first line.
/// On a day the person's own Log has an entry too, both are listed, their own first.
#[test]
fn front_matter_contacts_of_dated_notes_read_as_the_note_not_yaml() {
    let v = TempVault::new();
    v.file("People/Steph Ango.md", "---\ncompany: Obsidian\n---\n");
    v.file("People/Wei.md", "---\nstage: trusted\n---\n## Log\n- 2026-09-10 Coffee in London #coffee\n");
    v.file(
        "Meetings/2023-09-12 Meeting with Steph.md",
        "---\ndate: 2023-09-12\npeople:\n  - \"[[Steph Ango]]\"\n---\n- Talked about [[Emergence]]\n",
    );
    v.file("Meetings/Coffee.md", "---\ndate: 2026-09-10\nattendees: [\"[[Wei]]\"]\n---\nNotes: Lumen is hiring.\n");
    v.file("Daily/2026-11-18.md", "---\nwith: \"[[Wei]]\"\n---\n# Wednesday 18 November\n- call with [[Wei]] #call\n");

    let prep = v.kith(&["prep", "steph"]).ok().stdout;
    assert!(prep.contains("Last time (2023-09-12): \"Meeting with Steph\". What happened since?"), "{prep}");
    assert!(!prep.contains("[[Steph Ango]]"), "{prep}");

    let show = v.kith(&["show", "Wei"]).ok().stdout;
    let log: Vec<&str> = show.lines().skip_while(|l| !l.starts_with("Recent log")).collect();
    assert_eq!(
        log,
        [
            "Recent log (4 of 4)",
            "  2026-11-18  Wednesday 18 November  (in Daily/2026-11-18.md)",
            "  2026-11-18  call with [[Wei]] #call  (in Daily/2026-11-18.md)",
            "  2026-09-10  Coffee in London #coffee",
            "  2026-09-10  Coffee  (in Meetings/Coffee.md)",
        ],
        "{show}"
    );
    let json = v.kith(&["show", "Wei", "--format", "json"]).ok().json();
    let texts: Vec<&str> = json["recent"].as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Wednesday 18 November", "call with [[Wei]] #call", "Coffee in London #coffee", "Coffee"]);
    assert!(json["recent"][3]["links"].as_array().unwrap().iter().any(|l| l == "Wei"), "{json}");
}
