//! A big network stays calm: with thousands of imported connections the pages
//! summarise (the top items of each section, "and N more" pointing to where all
//! of them are), people never contacted are a pool of which a few are planted
//! each week, and the JSON stays complete.

mod common;

use common::{example_vault, names, run_kith, TempVault};
use std::path::Path;

const GOALS: [&str; 5] = [
    "20 informational meetings",
    "Land a senior PR role in Singapore",
    "Publish five bylined articles",
    "Reconnect with 10 former colleagues",
    "Speak at three industry events",
];

/// The example vault (32 people, 5 goals), without outputs a README run may have left.
fn example_copy() -> TempVault {
    let v = TempVault::new();
    let from = example_vault();
    for entry in walkdir::WalkDir::new(&from).into_iter().filter_entry(|e| e.path() != from.join("kith")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            v.file(&entry.path().strip_prefix(&from).unwrap().to_string_lossy(), std::fs::read(entry.path()).unwrap());
        }
    }
    v
}

/// A note as `kith import linkedin` writes it: a seed with a connection date, never contacted.
fn imported(i: usize, extra: &str, log: &str) -> String {
    let companies = ["Acme", "Globex", "Initech", "Hooli", "Vandelay", "Stark", "Wayne", "Monzo"];
    format!(
        "---\ntype: person\nname: \"Connection {i:05}\"\ncompany: \"{}\"\nrole: \"Manager\"\n\
         linkedin: \"https://www.linkedin.com/in/c{i}\"\nmet: {}-{:02}-{:02}\nstage: seed\n{extra}---\n\n## Log\n\n{log}",
        companies[i % companies.len()],
        2012 + i % 14,
        1 + i % 12,
        1 + i % 28,
    )
}

/// The size of each page (`.md`, `.html`) `kith report` wrote.
fn page_sizes(out: &Path) -> Vec<(String, u64)> {
    let mut pages: Vec<(String, u64)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().len()))
        .filter(|(name, _)| name.ends_with(".md") || name.ends_with(".html"))
        .collect();
    pages.sort();
    pages
}

fn open_tasks(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("- [ ]")).count()
}

#[test]
fn five_thousand_imported_seeds_are_a_pool_and_every_page_stays_small() {
    let v = example_copy();
    for i in 0..5000 {
        v.file(&format!("people/linkedin/Connection {i:05}.md"), imported(i, "", ""));
    }
    // A seed added by hand, with a word about them, still gets its first-contact task.
    v.file("people/Fresh Face.md", "---\nname: Fresh Face\ncompany: Tiny Studio\ntags: [design]\nstage: seed\n---\n");
    let pool = 5000 + 5 + 1;
    v.kith(&["report"]).ok();
    let out = v.path().join("kith");

    let reminders = std::fs::read_to_string(out.join("reminders.md")).unwrap();
    let tasks = open_tasks(&reminders);
    assert!(tasks <= 200, "{tasks} open tasks in reminders.md");
    assert!(reminders.contains(&format!("## Not yet contacted ({pool})")), "{reminders}");
    let planted: Vec<&str> = reminders.lines().filter(|l| l.starts_with("- [ ] Make first contact with")).collect();
    assert_eq!(planted.len(), 5, "{reminders}");
    assert!(planted.iter().all(|l| !l.contains("[[Connection ")), "hand-made seeds first: {planted:#?}");
    assert!(reminders.contains(&format!("_…and {} more: `kith pool` lists them all, most relevant first._", pool - 5)));

    for (name, size) in page_sizes(&out) {
        assert!(size <= 150 * 1024, "{name} is {size} bytes");
    }
    let overdue = std::fs::read_to_string(out.join("overdue.md")).unwrap();
    assert!(overdue.contains(&format!("## Not yet contacted ({pool})")));
    assert!(overdue.contains(&format!("_…and {} more: `kith pool` lists them all", pool - 5)), "{overdue}");
    let garden = std::fs::read_to_string(out.join("garden.md")).unwrap();
    assert!(garden.contains("| seed | 5015 |"), "{garden}");
    // Never-contacted imports are the pool, counted, not seeds to feed.
    let feeding = garden.split("## Need feeding").nth(1).unwrap().split("\n## ").next().unwrap();
    assert!(feeding.contains("[[Yuki Sato]]") && !feeding.contains("[[Connection "), "{feeding}");
    assert!(garden.contains(&format!("## Not yet contacted ({pool})")), "{garden}");

    // The pool, complete, in the order the plant is picked from (and the same people as a filter).
    let listed = names(&v.kith(&["pool", "--format", "json"]).ok().json());
    assert_eq!(listed.len(), pool);
    assert_eq!(listed, names(&v.kith(&["people", "--uncontacted", "--format", "json"]).ok().json()));
    // The example's five seeds and the one added by hand come before every import.
    assert!(listed[..6].contains(&"Fresh Face".to_string()), "{:?}", &listed[..6]);
    assert!(listed[6].starts_with("Connection "));
    for name in &listed[..5] {
        assert!(planted.iter().any(|l| l.contains(&format!("[[{name}]]"))), "{name} first in the pool, not planted");
    }
    // JSON stays complete.
    let reminders_json = v.kith(&["remind", "--format", "json"]).ok().json();
    let first_contacts = reminders_json.as_array().unwrap().iter().filter(|r| r["group"] == "not-contacted").count();
    assert_eq!(first_contacts, pool);
    let overdue_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("overdue.json")).unwrap()).unwrap();
    let example = example_copy();
    assert_eq!(overdue_json, example.kith(&["overdue", "--format", "json"]).ok().json(), "every overdue person");
    // --all shows everything on the terminal.
    let all = v.kith(&["remind", "--format", "md", "--all"]).ok().stdout;
    assert_eq!(open_tasks(&all), open_tasks(&reminders) - 5 + pool);
    assert!(!all.contains("more: `kith"));

    // The review still picks the real, overdue relationships it picks without the imports.
    let picks = names(&v.kith(&["review", "--format", "json"]).ok().json());
    assert_eq!(picks, names(&example.kith(&["review", "--format", "json"]).ok().json()));
    assert_eq!(picks.len(), 3);
}

#[test]
fn the_plant_prefers_goals_introductions_trusted_companies_and_new_connections() {
    let v = TempVault::new();
    v.file("goals/G.md", "---\ntitle: G\ntarget: 3\n---\n");
    v.file("people/Trusted.md", "---\nstage: trusted\ncompany: Monzo\nlast_contact: 2026-11-01\n---\n");
    for i in 0..40 {
        v.file(&format!("people/Old {i:02}.md"), format!("---\nstage: seed\nmet: 2019-01-{:02}\n---\n", 1 + i % 28));
    }
    v.file("people/Goal Linked.md", "---\nstage: seed\ngoals: [\"[[G]]\"]\nmet: 2018-01-01\n---\n");
    v.file("people/Same Company.md", "---\nstage: seed\ncompany: monzo\n---\n");
    v.file("people/Introduced.md", "---\nstage: seed\nintroduced_by: \"[[Trusted]]\"\n---\n");
    v.file("people/New One.md", "---\nstage: seed\nmet: 2026-11-20\n---\n");
    v.file("people/Tagged.md", "---\nstage: seed\ntags: [designer]\n---\n");
    v.file("people/Dated.md", "---\nstage: seed\nfollow_up: 2026-11-25\n---\n");
    v.file("kith.yaml", "pages:\n  plant: 4\n");
    let listed = names(&v.kith(&["people", "--uncontacted", "--format", "json"]).ok().json());
    assert_eq!(listed[..5], ["Goal Linked", "Introduced", "Tagged", "New One", "Same Company"]);
    assert_eq!(listed.len(), 45, "a follow-up date takes a person out of the pool: {listed:?}");
    // Among the rest, the most recent connection first; the same day and vault give the same order.
    assert_eq!(listed[5], "Old 27");
    assert_eq!(listed, names(&v.kith(&["pool", "--format", "json"]).ok().json()));
    let md = v.kith(&["remind", "--format", "md"]).ok().stdout;
    assert_eq!(md.lines().filter(|l| l.starts_with("- [ ] Make first contact")).count(), 4);
    assert!(md.contains("- [ ] Follow up with [[Dated]]"), "{md}");
}

#[test]
fn goals_linked_by_thousands_summarise_their_cards_and_keep_json_complete() {
    let v = example_copy();
    for i in 0..10_000 {
        let goal = GOALS[i % GOALS.len()];
        let extra = format!("goals: [\"[[{goal}]]\"]\n");
        let log = if i % 3 == 0 {
            format!("- 2026-{:02}-{:02} Coffee. #meeting #win [[{goal}]]\n", 1 + i % 10, 1 + i % 28)
        } else {
            String::new()
        };
        v.file(&format!("people/linked/Connection {i:05}.md"), imported(i, &extra, &log));
    }
    v.kith(&["report"]).ok();
    let out = v.path().join("kith");
    for (name, size) in page_sizes(&out) {
        let max = if name.starts_with("goals.") { 300 } else { 150 } * 1024;
        assert!(size <= max, "{name} is {size} bytes");
    }
    let md = std::fs::read_to_string(out.join("goals.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("goals.json")).unwrap()).unwrap();
    for goal in json.as_array().unwrap() {
        let title = goal["title"].as_str().unwrap();
        let card = md.split(&format!("\n## {title}\n")).nth(1).unwrap().split("\n## ").next().unwrap();
        let contacts = goal["contacts"].as_array().unwrap().len();
        assert!(contacts >= 2000, "{title}: JSON lists every contact");
        let seeds = goal["people"].as_array().unwrap().iter().filter(|p| p["stage"] == "seed").count();
        assert!(card.contains(&format!("- **seed** ({seeds}): ")), "{card}");
        assert!(card.contains(&format!(" and {} more\n", seeds - 5)), "{card}");
        let wins = goal["wins"].as_array().unwrap().len();
        assert!(wins > 600);
        assert!(card.contains(&format!("_…and {} more: `kith goals --all` or goals.json has them all._", wins - 5)));
        let steps = card.split("### Next\n\n").nth(1).unwrap();
        assert_eq!(steps.lines().filter(|l| l.starts_with("- ")).count(), 10, "{steps}");
    }
    let html = std::fs::read_to_string(out.join("goals.html")).unwrap();
    assert!(html.contains("more: kith goals --all or goals.json has them all."));
    let all = v.kith(&["goals", "--format", "md", "--all"]).ok().stdout;
    assert!(all.len() > md.len() * 10 && !all.contains(" more: `kith goals --all`"));
}

#[test]
fn pages_limit_all_in_kith_yaml_shows_everything() {
    let v = TempVault::new();
    for i in 0..40 {
        v.file(&format!("people/P{i:02}.md"), format!("---\nstage: seed\nlast_contact: 2026-0{}-01\n---\n", 1 + i % 9));
    }
    v.kith(&["report"]).ok();
    let summarised = std::fs::read_to_string(v.path().join("kith/overdue.md")).unwrap();
    assert!(summarised.contains("_…and 15 more: `kith overdue --all` lists them all"), "{summarised}");
    v.file("kith.yaml", "pages:\n  limit: all\n");
    v.kith(&["report"]).ok();
    let all = std::fs::read_to_string(v.path().join("kith/overdue.md")).unwrap();
    assert_eq!(all.lines().filter(|l| l.starts_with("| ") && l.contains("[[P")).count(), 40);
    assert!(!all.contains("more: `kith"));
    assert_eq!(all, run_kith(v.path(), &["overdue", "--format", "md", "--all"]).ok().stdout);
}

/// `kith watch` keeps the reports between rebuilds: when an edit elsewhere
/// moves the plant (a trusted person's company, a planted person contacted),
/// its pages must read exactly as a fresh report's.
#[test]
fn the_plant_kept_by_watch_matches_a_fresh_report() {
    use kith::index::Changed;
    use kith::load::Vault;
    use kith::publish::{render_all, RenderCache};
    let v = TempVault::new();
    v.file("kith.yaml", "pages:\n  plant: 2\n  limit: 3\n");
    v.file("people/Tess.md", "---\nstage: trusted\ncompany: Acme\nlast_contact: 2026-11-01\n---\n");
    for (i, company) in ["Acme", "Globex", "Globex", "Hooli", "Initech", "Initech"].iter().enumerate() {
        v.file(
            &format!("people/Seed {i}.md"),
            format!("---\nstage: seed\ncompany: {company}\nmet: 2024-0{}-01\n---\n", i + 1),
        );
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let render = |vault: &Vault, changed: Changed<'_>, cache: &mut RenderCache| -> Vec<(&'static str, Vec<u8>)> {
        let outputs = render_all(vault, today, "../", changed, cache).unwrap();
        outputs.files.iter().map(|f| (f.name, f.bytes.clone())).collect()
    };
    let mut vault = Vault::open(v.path(), &[]).unwrap();
    let mut cache = RenderCache::default();
    let first = render(&vault, Changed::Everything, &mut cache);
    let page = |files: &[(&str, Vec<u8>)], name: &str| {
        String::from_utf8(files.iter().find(|(n, _)| *n == name).unwrap().1.clone()).unwrap()
    };
    assert!(page(&first, "reminders.md").contains("[[Seed 0]]"), "Acme, like Tess");
    let edits: [(&str, &str, &str); 2] = [
        ("people/Tess.md", "company: Acme", "company: Initech"),
        ("people/Seed 5.md", "met: 2024-06-01\n", "met: 2024-06-01\n---\n## Log\n- 2026-11-20 coffee\n"),
    ];
    for (rel, from, to) in edits {
        let path = v.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let new = if from.ends_with('\n') {
            text.replacen(&format!("{from}---\n"), to, 1)
        } else {
            text.replacen(from, to, 1)
        };
        assert_ne!(new, text);
        std::fs::write(&path, new).unwrap();
        let refresh = vault.refresh(&[path]).unwrap();
        let live = render(&vault, Changed::from(&refresh), &mut cache);
        let fresh = render(&Vault::open(v.path(), &[]).unwrap(), Changed::Everything, &mut RenderCache::default());
        for ((name, kept), (_, again)) in live.iter().zip(&fresh) {
            assert_eq!(String::from_utf8_lossy(kept), String::from_utf8_lossy(again), "{name} after editing {rel}");
        }
    }
    let last = render(&vault, Changed::People(&[]), &mut cache);
    let reminders = page(&last, "reminders.md");
    assert!(reminders.contains("first contact with [[Seed 4]]"), "Initech, like Tess now: {reminders}");
    assert!(!reminders.contains("first contact with [[Seed 5]]"), "contacted: {reminders}");
}
