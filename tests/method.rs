//! The method's reports on crafted vaults: ledger, garden, circles.

mod common;
use common::TempVault;
use serde_json::json;

#[test]
fn ledger_balances_and_who_you_owe() {
    let v = TempVault::new();
    v.file(
        "people/Owed.md",
        "---\n---\n## Log\n- 2026-01-01 sent an article #gave\n- 2026-03-01 she introduced me #got\n",
    );
    v.file(
        "people/Even.md",
        "---\n---\n## Log\n- 2026-01-01 #got a lead\n- 2026-02-01 #gave one back\n- 2026-12-01 #got planned, not yet\n",
    );
    v.file("people/Generous.md", "---\n---\n## Log\n- 2026-01-01 #gave\n- 2026-01-02 #gave\n");
    v.file("people/Quiet.md", "---\n---\n## Log\n- 2026-01-01 coffee\n");
    let rows = v.kith(&["ledger", "--format", "json"]).ok().json();
    let summary: Vec<(String, i64, bool)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["balance"].as_i64().unwrap(), r["owe"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [("Owed".to_string(), 0, true), ("Even".to_string(), 0, false), ("Generous".to_string(), 2, false)]
    );
    assert_eq!(rows[1]["got"], 1, "a future #got does not count yet");
    assert_eq!(rows[0]["last_got"], "2026-03-01");
}

#[test]
fn garden_feeding_promotion_and_weeds() {
    let v = TempVault::new();
    v.file("goals/G.md", "---\ntitle: Big goal\ntarget: 5\n---\n");
    // A seed met in September, contacted once: needs feeding.
    v.file("people/Hungry.md", "---\nstage: seed\nmet: 2026-09-01\n---\n## Log\n- 2026-09-01 met\n");
    // A seed with three contacts in six months: ready to grow.
    v.file("people/Sprout.md", "---\nstage: seed\n---\n## Log\n- 2026-08-01 a\n- 2026-09-01 b\n- 2026-11-01 c\n");
    // Growing, give and get both ways recently: ready to be trusted.
    v.file("people/Friend.md", "---\nstage: growing\n---\n## Log\n- 2026-10-01 #gave\n- 2026-11-01 #got\n");
    // Silent for over three cadences, nothing exchanged: a weed, but linked to an active goal.
    v.file("people/Faded.md", "---\nstage: growing\ngoals: [\"[[G]]\"]\n---\n## Log\n- 2025-12-01 once\n");
    // Silent as long, but we once exchanged favours: not a weed.
    v.file("people/OldFriend.md", "---\nstage: growing\n---\n## Log\n- 2025-12-01 #got help\n");
    // Connected years ago and never contacted: the pool's, not a weed.
    v.file("people/Imported.md", "---\nstage: seed\nmet: 2019-05-01\n---\n");
    let g = v.kith(&["garden", "--format", "json", "--since", "2026-09-01"]).ok().json();
    let names = |key: &str| -> Vec<String> {
        g[key].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
    };
    // Imported, never contacted: a first contact to make (the pool), not a seed to feed.
    assert_eq!(names("need_feeding"), ["Hungry"]);
    assert_eq!(g["need_feeding"][0]["reason"], "planted 2026-09-01, one contact since (every 30d)");
    assert_eq!(g["not_contacted"], 1);
    assert_eq!(names("promote"), ["Friend", "Sprout"], "longest silent first, then by name");
    assert_eq!(g["promote"][0]["suggest"], "trusted");
    assert_eq!(g["promote"][1]["suggest"], "growing");
    assert_eq!(names("weed"), ["Faded"]);
    assert_eq!(g["weed"][0]["active_goals"], json!(["Big goal"]));
    assert!(g["weed"][0]["reason"].as_str().unwrap().contains("think twice"));
    let seeds = &g["stages"][0];
    assert_eq!(
        (seeds["stage"].as_str(), seeds["people"].as_i64(), seeds["planted_since"].as_i64()),
        (Some("seed"), Some(3), Some(1))
    );
}

/// A tryout found imported connections, never contacted, listed as seeds to feed.
#[test]
fn garden_never_contacted_imports_are_not_need_feeding() {
    let v = TempVault::new();
    for i in 0..3 {
        v.file(&format!("people/Conn {i}.md"), "---\nstage: seed\nmet: 2023-03-15\ncompany: Acme\n---\n");
    }
    // Contacted once, by the field alone: fed once, due again.
    v.file("people/Field.md", "---\nstage: seed\nlast_contact: 2026-06-01\n---\n");
    // Never contacted but given a follow-up date: a dated reminder, not the pool.
    v.file("people/Later.md", "---\nstage: seed\nfollow_up: 2026-12-01\n---\n");
    let g = v.kith(&["garden", "--format", "json"]).ok().json();
    let feeding: Vec<&str> =
        g["need_feeding"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(feeding, ["Field"]);
    assert_eq!(g["need_feeding"][0]["reason"], "planted 2026-06-01, one contact since (every 30d)");
    assert_eq!(g["not_contacted"], 3, "as many as kith pool lists");
    assert_eq!(v.kith(&["pool", "--format", "json"]).ok().json().as_array().unwrap().len(), 3);
    let text = v.kith(&["garden"]).ok().stdout;
    assert!(text.contains("Need feeding (seeds without a second contact): 1\n"), "{text}");
    assert!(text.contains("Not yet contacted: 3\n  First contacts to make"), "{text}");
    assert!(!text.contains("Conn 0"), "{text}");
    v.kith(&["report"]).ok();
    let page = std::fs::read_to_string(v.path().join("kith/garden.md")).unwrap();
    assert!(page.contains("## Not yet contacted (3)\n\nFirst contacts to make"), "{page}");
    assert!(!page.contains("[[Conn 0]]"), "{page}");
}

#[test]
fn circles_and_interests_group_people_case_insensitively() {
    let v = TempVault::new();
    v.file("people/A.md", "---\ncircles: [London-Tech]\ninterests: [poetry, Sailing]\n---\n");
    v.file("people/B.md", "---\ncircles: london-tech, berlin\ninterests: [sailing]\n---\n");
    v.file("people/C.md", "---\nstage: pruned\ncircles: [london-tech]\n---\n");
    let c = v.kith(&["circles", "--format", "json"]).ok().json();
    assert_eq!(c["circles"][0], json!({"name": "London-Tech", "count": 2, "people": ["A", "B"]}));
    assert_eq!(c["circles"][1]["name"], "berlin");
    assert_eq!(c["interests"][0], json!({"name": "Sailing", "count": 2, "people": ["A", "B"]}));
}

#[test]
fn referrals_open_oldest_first_and_meetings_without_names() {
    let v = TempVault::new();
    v.file(
        "people/Wei.md",
        "---\n---\n## Log\n- 2026-07-02 video call #call\n- 2026-09-10 coffee, she named [[Priya]] and [[Dan]] #coffee #referral\n- 2026-10-01 #referral [[Wei]] herself: ignored\n",
    );
    v.file("people/Priya.md", "---\n---\n## Log\n- 2026-09-20 first call #call\n");
    v.file(
        "people/Mo.md",
        "---\n---\n## Log\n- 2026-08-01 lunch #meeting\n- 2026-08-02 he suggested [[Zed]] #referral\n",
    );
    let r = v.kith(&["referrals", "--format", "json"]).ok().json();
    let open: Vec<(&str, &str, bool)> = r["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap(), o["from"].as_str().unwrap(), o["path"].is_null()))
        .collect();
    assert_eq!(open, [("Zed", "Mo", true), ("Dan", "Wei", true)], "Priya was contacted after the referral");
    let meetings: Vec<(&str, &str, i64)> = r["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["date"].as_str().unwrap(), m["referrals"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        meetings,
        [("Wei", "2026-07-02", 0), ("Mo", "2026-08-01", 1), ("Wei", "2026-09-10", 3), ("Priya", "2026-09-20", 0)]
    );
    let text = v.kith(&["referrals"]).ok().stdout;
    assert!(text.contains("Meetings that produced no names: 2 (ask for three next time)"), "{text}");
    v.file("kith.yaml", "meeting_tags: [\"#coffee\"]\n");
    let r = v.kith(&["referrals", "--format", "json"]).ok().json();
    assert_eq!(r["meetings"].as_array().unwrap().len(), 1, "only #coffee counts now: {r}");
}

#[test]
fn intros_degrees_paths_cycles_self_links_and_missing_notes() {
    let v = TempVault::new();
    v.file("goals/Raise.md", "---\ntitle: Raise seed round\n---\n");
    // First degree (contacted): Ann (trusted), Bo (seed), Cy (growing, you gave more).
    v.file("people/Ann.md", "---\nstage: trusted\n---\n## Log\n- 2026-09-01 lunch; she'll intro me to [[Fay]] and [[Ghost]] #intro\n- 2026-09-02 #referral [[Ann]] self-link\n");
    v.file("people/Bo.md", "---\nstage: seed\nintroduced_by: \"[[Cy]]\"\n---\n## Log\n- 2026-10-01 call #referral [[Fay]] [[Raise seed round]]\n");
    v.file("people/Cy.md", "---\nstage: growing\nintroduced_by: \"[[Bo]]\"\n---\n## Log\n- 2026-08-01 #gave\n- 2026-08-02 #referral [[Eve]]\n");
    // Second degree: never contacted, linked to the goal.
    v.file("people/Fay.md", "---\ngoals: [\"[[Raise]]\"]\n---\n");
    v.file("people/Eve.md", "---\ngoals: [\"[[Raise]]\"]\nintroduced_by: \"[[Old Friend]]\"\n---\n");
    let r = v.kith(&["intros", "--format", "json", "--goal", "raise"]).ok().json();
    assert_eq!(r["first_degree"], json!(["Ann", "Bo", "Cy"]));
    assert_eq!(
        r["second_degree"],
        json!([
            {"name": "Eve", "path": "people/Eve.md", "via": ["Cy"]},
            {"name": "Fay", "path": "people/Fay.md", "via": ["Ann", "Bo"]}
        ])
    );
    let name_only: Vec<&str> =
        r["known_by_name_only"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(name_only, ["Ghost", "Old Friend"], "a goal link is not a person");
    let paths: Vec<(&str, &str)> = r["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["via"].as_str().unwrap(), p["target"].as_str().unwrap()))
        .collect();
    assert_eq!(paths, [("Ann", "Fay"), ("Cy", "Eve"), ("Bo", "Fay")], "trusted, then growing, then seed");
    assert_eq!(r["goal"], "Raise seed round");
    let introducers: Vec<(&str, i64)> = r["introducers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["introduced"].as_i64().unwrap()))
        .collect();
    assert_eq!(introducers, [("Ann", 2), ("Bo", 2), ("Cy", 2)], "the Bo ↔ Cy cycle counts once each way");
    let missing = v.kith(&["intros", "--goal", "Nope"]);
    assert_eq!(missing.code, 1);
}

/// A bare imported connection (a name, role and company, nothing else) got
/// "Three insights to get" over two lines: the heading keeps its word.
#[test]
fn prep_of_a_bare_connection_still_has_three_insights() {
    let v = TempVault::new();
    v.file("people/Lee Moss.md", "---\nrole: Director\ncompany: Kitchen Co\nmet: 2020-01-01\n---\n");
    v.file("people/Bo.md", "---\n---\n");
    for name in ["Lee Moss", "Bo"] {
        let b = v.kith(&["prep", name, "--format", "json"]).ok().json();
        let prompts = b["prompts"].as_array().unwrap();
        assert_eq!(prompts.len(), 3, "{b:#}");
        assert!(prompts.iter().all(|p| !p.as_str().unwrap().is_empty()));
    }
    let text = v.kith(&["prep", "Bo"]).ok().stdout;
    assert!(text.contains("Three insights to get\n  - What is Bo working on"), "{text}");
}

/// A tryout's vault wrote `met_date:` and `met_context:`; prep showed neither.
#[test]
fn prep_and_show_read_met_date_and_met_context() {
    let v = TempVault::new();
    v.file(
        "people/Ana Ruiz.md",
        "---\nname: Ana Ruiz\nmet_date: 2025-04-02\nmet_context: \"Web Summit Lisbon, the AI panel\"\n---\n",
    );
    v.file(
        "people/Bo.md",
        "---\nHow we met: alumni Slack\nintroduced_by: \"[[Ana Ruiz]]\"\n---\n## Log\n- 2026-10-01 coffee\n",
    );
    let b = v.kith(&["prep", "ana", "--format", "json"]).ok().json();
    assert_eq!(b["how_met"], "met 2025-04-02 (Web Summit Lisbon, the AI panel)");
    assert_eq!(b["met_context"], "Web Summit Lisbon, the AI panel");
    assert_eq!(
        b["open_threads"][0],
        "first contact: remind them where you met (Web Summit Lisbon, the AI panel), introduce yourself in one minute, then listen"
    );
    let text = v.kith(&["prep", "Bo"]).ok().stdout;
    assert!(text.contains("  how met:    alumni Slack, introduced by Ana Ruiz\n"), "{text}");
    let md = v.kith(&["prep", "ana", "--format", "md"]).ok().stdout;
    assert!(md.contains("- **how met**: met 2025-04-02 (Web Summit Lisbon, the AI panel)\n"), "{md}");
    let show = v.kith(&["show", "ana"]).ok().stdout;
    assert!(show.contains("  met:           2025-04-02 (Web Summit Lisbon, the AI panel)\n"), "{show}");
    // `met_date` is `met` everywhere (the pool, export, people).
    let people = v.kith(&["people", "--format", "json"]).ok().json();
    assert_eq!(people[0]["met"], "2025-04-02");
}

#[test]
fn prep_brief_has_history_threads_prompts_and_the_three_names_reminder() {
    let v = TempVault::new();
    v.file("kith.yaml", "me:\n  interests: [Sailing]\n");
    v.file("goals/G.md", "---\ntitle: Find a job\n---\n");
    v.file(
        "people/Tom Reed.md",
        "---\nrole: CTO\ncompany: Acme\ninterests: [sailing, chess]\ngoals: [\"[[G]]\"]\nmet: 2025-01-01\nintroduced_by: \"[[Ann]]\"\n---\n## Log\n\
         - 2026-01-01 first coffee #coffee\n- 2026-02-01 I asked for an intro to the CEO #ask\n- 2026-03-01 he sent a report #got\n\
         - 2026-04-01 he named [[Zed]] #referral\n- 2026-05-01 call\n- 2026-06-01 lunch about hiring\n- 2026-12-01 planned dinner\n",
    );
    v.file("people/Ann.md", "---\n---\n");
    let b = v.kith(&["prep", "tom reed", "--format", "json"]).ok().json();
    assert_eq!(b["how_met"], "met 2025-01-01, introduced by Ann");
    let last: Vec<&str> =
        b["last_interactions"].as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(
        last,
        ["2026-06-01", "2026-05-01", "2026-04-01", "2026-03-01", "2026-02-01"],
        "five, newest first, none planned"
    );
    let threads: Vec<&str> = b["open_threads"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(
        threads,
        [
            "they gave you Zed on 2026-04-01: not followed up yet",
            "you asked on 2026-02-01: I asked for an intro to the CEO #ask",
            "you owe them: on 2026-03-01 he sent a report #got",
        ]
    );
    assert_eq!(b["shared_interests"], json!(["sailing"]));
    assert_eq!(b["prompts"].as_array().unwrap().len(), 3);
    assert_eq!(b["prompts"][0], "Last time (2026-06-01): \"lunch about hiring\". What happened since?");
    assert_eq!(b["prompts"][1], "What would Tom advise for \"Find a job\"?");
    assert!(b["reminder"].as_str().unwrap().contains("ask Tom for three more people"));
    let md = v.kith(&["prep", "Tom Reed", "--format", "md"]).ok().stdout;
    assert!(md.starts_with("### Prep for Tom Reed\n"), "{md}");
}
