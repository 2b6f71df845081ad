//! `kith goals` against METHOD.md's contract, and the goal pages `kith report` writes.

mod common;
use common::{example_vault, run_kith, TempVault};
use serde_json::{json, Value};

fn goal<'a>(all: &'a Value, title: &str) -> &'a Value {
    all.as_array().unwrap().iter().find(|g| g["title"] == title).unwrap_or_else(|| panic!("no goal {title}: {all}"))
}

fn vault_with_goal(front: &str) -> TempVault {
    let v = TempVault::new();
    v.file("goals/g.md", format!("---\ntitle: Book talks\naliases: [Talks]\n{front}---\n"));
    v
}

#[test]
fn wins_count_once_per_entry_from_person_and_goal_notes_by_any_name() {
    let v = vault_with_goal("target: 10\n");
    v.file(
        "people/Ada.md",
        "---\ngoals: [\"[[g]]\"]\n---\n## Log\n\
         - 2026-01-01 #win [[g]] by file name\n\
         - 2026-01-02 #win [[book TALKS]] by title, any case\n\
         - 2026-01-03 #win [[Talks|the talks]] by alias\n\
         - 2026-01-04 #win [[g#Plan]] by heading\n\
         - 2026-01-05 #win [[g]] and again [[Book talks]]: one entry, one win\n\
         - 2026-01-06 [[g]] not a win\n\
         - 2026-12-01 #win [[g]] planned, not yet\n\
         - 2026-11-23 #WIN [[g]] today counts\n",
    );
    v.file(
        "goals/other.md",
        "---\ntitle: Other\ntarget: 1\n---\n## Log\n- 2026-02-01 #win [[Book talks]] logged in another goal\n",
    );
    v.file("meetings/m.md", "---\ntype: meeting\n---\n## Log\n- 2026-02-02 #win [[g]] not a person or goal note\n");
    let all = v.kith(&["goals", "--format", "json"]).ok().json();
    let g = goal(&all, "Book talks");
    assert_eq!(g["done"], 7);
    assert_eq!(g["target"], 10);
    assert_eq!(g["percent"], 0.7);
    assert_eq!(g["contacts"], json!(["Ada"]));
    assert_eq!(g["path"], "goals/g.md");
    assert_eq!(goal(&all, "Other")["done"], 0);
}

#[test]
fn expected_and_status_on_the_edge_days() {
    let cases = [
        // (start, deadline, wins, expected, status)
        ("2026-11-23", "2026-12-23", 0, json!(0.0), "on-track"),
        ("2026-10-24", "2026-12-23", 0, json!(2.0), "behind"),
        ("2026-10-24", "2026-12-23", 2, json!(2.0), "on-track"),
        ("2026-10-24", "2026-12-23", 3, json!(2.0), "ahead"),
        ("2026-10-01", "2026-11-23", 1, json!(4.0), "behind"),
        ("2026-10-01", "2026-11-22", 1, json!(4.0), "overdue"),
        ("2026-10-01", "2026-11-22", 4, json!(4.0), "done"),
        ("2026-12-01", "2027-01-01", 0, json!(0.0), "on-track"),
    ];
    for (start, deadline, wins, expected, status) in cases {
        let v = vault_with_goal(&format!("target: 4\nstart: {start}\ndeadline: {deadline}\n"));
        let log: String = (0..wins).map(|i| format!("- 2026-0{}-01 #win [[g]]\n", i + 1)).collect();
        v.file("people/P.md", format!("---\n---\n## Log\n{log}"));
        let all = v.kith(&["goals", "--format", "json"]).ok().json();
        let g = &all[0];
        assert_eq!(g["expected"], expected, "{start}..{deadline}");
        assert_eq!(g["status"], status, "{start}..{deadline} with {wins} wins");
        assert_eq!(g["deadline"], deadline);
    }
}

#[test]
fn without_start_or_target_pace_is_not_judged() {
    let v = vault_with_goal("target: 3\ndeadline: 2027-01-01\n");
    let all = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(all[0]["expected"], Value::Null);
    assert_eq!(all[0]["status"], Value::Null);
    let v = vault_with_goal("deadline: 2026-01-01\n");
    let all = v.kith(&["goals", "--format", "json"]).ok().json();
    assert_eq!(all[0]["target"], Value::Null);
    assert_eq!(all[0]["percent"], Value::Null);
    assert_eq!(all[0]["status"], "overdue");
}

#[test]
fn report_writes_goal_pages_that_escape_note_text() {
    let v = TempVault::new();
    v.file(
        "goals/x.md",
        "---\ntitle: \"<script>alert('t')</script> Raise\"\ntarget: 2\nstart: 2026-01-01\ndeadline: 2026-12-31\n---\n",
    );
    v.file(
        "people/<b>Eve</b>.md",
        "---\nname: \"<script>alert('n')</script>\"\ngoals: [\"[[x]]\"]\n---\n## Log\n- 2026-05-01 #win [[x]] <img src=x onerror=alert(1)> & more\n",
    );
    v.kith(&["report"]).ok();
    let html = std::fs::read_to_string(v.path().join("kith/goals.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "not well-formed HTML: {:?}", doc.errors);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&select("script")).count(), 0, "note text became markup:\n{html}");
    assert_eq!(doc.select(&select("img")).count(), 0);
    assert_eq!(doc.select(&select("link, [src]")).count(), 0, "self-contained: no external resources");
    let sections: Vec<_> = doc.select(&select("section.goal h2 a")).collect();
    assert_eq!(sections[0].text().collect::<String>(), "<script>alert('t')</script> Raise");
    assert!(html.contains("&lt;script&gt;alert("), "escaped text is shown");
    assert_eq!(doc.select(&select("section.goal svg.bar")).count(), 1);
    assert_eq!(doc.select(&select("section.goal svg.chart circle.win")).count(), 1);
    assert!(html.contains("prefers-color-scheme: dark"));
    let json: Value = serde_json::from_slice(&std::fs::read(v.path().join("kith/goals.json")).unwrap()).unwrap();
    assert_eq!(json[0]["done"], 1);
}

#[test]
fn goals_markdown_is_real_tables() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let run = run_kith(&example_vault(), &["goals", "--format", "md"]).ok();
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell = String::new();
    let mut in_cell = false;
    for event in Parser::new_ext(&run.stdout, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => (in_cell, cell) = (true, String::new()),
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                rows.last_mut().unwrap().push(cell.clone());
            }
            Event::Text(t) | Event::Code(t) if in_cell => cell.push_str(&t),
            Event::End(TagEnd::Table) => tables.push(rows.clone()),
            _ => {}
        }
    }
    let summary = &tables[0];
    assert_eq!(summary[0], ["Goal", "Status", "Done", "Target", "%", "Expected by today", "Deadline", "Purpose"]);
    assert_eq!(summary.len(), 6, "a header and one row per goal");
    let statuses: Vec<&str> = summary[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(statuses, ["behind", "on-track", "overdue", "ahead", "done"]);
    assert!(summary[4][0].contains("Reconnect with 10 former colleagues"), "{:?}", summary[4]);
}

#[test]
fn example_vault_goals_show_every_status_and_snapshot() {
    let vault = example_vault();
    let all = run_kith(&vault, &["goals", "--format", "json"]).ok().json();
    let mut statuses: Vec<&str> = all.as_array().unwrap().iter().map(|g| g["status"].as_str().unwrap()).collect();
    statuses.sort();
    assert_eq!(statuses, ["ahead", "behind", "done", "on-track", "overdue"]);
    let out = tempfile::tempdir().unwrap();
    run_kith(&vault, &["report", "--out", out.path().to_str().unwrap()]).ok();
    insta::assert_snapshot!("example_goals_md", std::fs::read_to_string(out.path().join("goals.md")).unwrap());
}

#[test]
fn relative_links_setting() {
    let v = vault_with_goal("target: 1\n");
    v.file("kith.yaml", "links: relative\n");
    v.file("people/Ada Lovelace.md", "---\ngoals: [\"[[g]]\"]\n---\n");
    v.kith(&["report"]).ok();
    let md = std::fs::read_to_string(v.path().join("kith/goals.md")).unwrap();
    // Percent-encoded relative URLs (issue 12): no `<…>` destination a `>` could break out of.
    assert!(md.contains("[Ada Lovelace](../people/Ada%20Lovelace.md)"), "{md}");
    assert!(md.contains("[Book talks](../goals/g.md)"), "{md}");
}

/// "no contact in 90+ days: Farah Aziz, Nur Aisyah, Siti Rahman" named people never
/// contacted, and a person listed as "follow up with … (N days overdue)" was named again
/// there. Each linked person is one next step: overdue, quiet (last contact 90+ days ago),
/// never contacted ("make first contact"), or a referral to follow through; the same in
/// the terminal, goals.md, goals.html and goals.json.
#[test]
fn goal_next_steps_name_each_person_once_and_never_contacted_as_first_contact() {
    let v = vault_with_goal("target: 5\nstart: 2026-01-01\ndeadline: 2027-01-01\n");
    let person = |name: &str, front: &str, log: &str| {
        v.file(&format!("people/{name}.md"), format!("---\ngoals: [\"[[g]]\"]\n{front}---\n## Log\n{log}"));
    };
    person("Late", "cadence: 30d\n", "- 2026-06-01 lunch #referral [[Ref]]\n");
    person("Quiet", "cadence: 6m\n", "- 2026-07-01 coffee\n");
    person("Never", "", "");
    person("Ref", "", "");
    person("Gone", "stage: pruned\n", "");
    person("Recent", "", "- 2026-11-20 call\n");

    let json = v.kith(&["goals", "--format", "json"]).ok().json();
    let g = goal(&json, "Book talks");
    assert_eq!(g["overdue"], json!(["Late"]));
    assert_eq!(g["quiet"], json!(["Quiet"]));
    assert_eq!(g["not_contacted"], json!(["Never"]));
    assert_eq!(g["open_referrals"][0]["name"], "Ref");

    let steps = [
        "follow up with Late (145 days overdue)",
        "no contact in 90+ days: Quiet",
        "make first contact: Never",
        "follow through on Ref (referred by Late on 2026-06-01)",
    ];
    let text = v.kith(&["goals"]).ok().stdout;
    let next: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("next")).map(str::trim).collect();
    assert_eq!(next, steps, "{text}");

    v.kith(&["report"]).ok();
    let md = std::fs::read_to_string(v.path().join("kith/goals.md")).unwrap();
    let html = std::fs::read_to_string(v.path().join("kith/goals.html")).unwrap();
    for step in steps {
        assert!(md.contains(step), "{step} not in goals.md:\n{md}");
        assert!(html.contains(step), "{step} not in goals.html");
    }
    for (page, text) in [("terminal", &text), ("goals.md", &md), ("goals.html", &html)] {
        assert!(!text.contains("days: Late") && !text.contains("Never, Ref"), "{page}");
    }
    let saved: Value = serde_json::from_slice(&std::fs::read(v.path().join("kith/goals.json")).unwrap()).unwrap();
    assert_eq!(&saved[0], g);
}

#[test]
fn intros_with_a_misspelt_goal_suggests_the_close_titles() {
    let run = run_kith(&example_vault(), &["intros", "--goal", "20 informational meetng"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no goal named \"20 informational meetng\""), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean:\n  20 informational meetings  (goals/"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn intros_with_an_unrelated_goal_lists_the_goals() {
    let v = vault_with_goal("");
    v.file("people/Ada.md", "---\nname: Ada\n---\n");
    let run = v.kith(&["intros", "--goal", "Zebra farming"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no goal named \"Zebra farming\"\nthe goals are:\n  Book talks  (goals/g.md)"),
        "{}",
        run.stderr
    );
}
