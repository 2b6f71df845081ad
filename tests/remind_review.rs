//! Reminder files (`reminders.md`, `reminders.ics`) and the Friday review.

mod common;
use common::TempVault;

fn read(v: &TempVault, rel: &str) -> String {
    std::fs::read_to_string(v.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

fn value(props: &[ical::property::Property], name: &str) -> String {
    prop(props, name).and_then(|p| p.value.clone()).unwrap_or_else(|| panic!("no {name}"))
}

fn unescape(text: &str) -> String {
    text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    parser.next().expect("one calendar").expect("valid iCalendar")
}

fn vault() -> TempVault {
    let v = TempVault::new();
    v.file(
        "people/Zoë Ça, Mëtàl; the 😀 Long Name Person Who Has A Very Long Name Indeed.md",
        "---\nstage: growing\nbirthday: --02-29\n---\n## Log\n- 2026-09-01 coffee\n",
    );
    v.file(
        "people/Ada.md",
        "---\nfollow_up: 2026-11-30\n---\n## Log\n- 2026-10-01 call #referral [[Grace]] [[Nobody Yet]]\n",
    );
    v.file("people/Grace.md", "---\nstage: seed\n---\n");
    v
}

#[test]
fn calendar_parses_with_an_independent_parser_and_has_what_apps_need() {
    let v = vault();
    common::run_kith_on(v.path(), "2027-02-20", &["report"]).ok();
    let text = read(&v, "kith/reminders.ics");
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    assert!(text.ends_with("\r\n"));
    let cal = parse_ics(&text);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert!(value(&cal.properties, "PRODID").contains("kith"));
    assert!(!cal.events.is_empty());
    for event in &cal.events {
        let start = prop(&event.properties, "DTSTART").unwrap();
        assert_eq!(start.params.as_ref().unwrap()[0], ("VALUE".to_string(), vec!["DATE".to_string()]));
        let (start, end) = (value(&event.properties, "DTSTART"), value(&event.properties, "DTEND"));
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y%m%d").unwrap();
        assert_eq!(day(&end), day(&start).succ_opt().unwrap(), "DTEND is the exclusive next day");
        for name in ["UID", "DTSTAMP", "SUMMARY", "DESCRIPTION"] {
            assert!(prop(&event.properties, name).is_some(), "event without {name}");
        }
        let day = value(&event.properties, "DTSTART");
        let that_day = cal.events.iter().filter(|e| value(&e.properties, "DTSTART") == day).count();
        let digest = value(&event.properties, "UID").starts_with("kith-digest-");
        assert_eq!(event.alarms.len(), usize::from(digest || that_day == 1), "a day's digest or only event rings");
        for alarm in &event.alarms {
            assert_eq!(value(&alarm.properties, "ACTION"), "DISPLAY");
            assert!(prop(&alarm.properties, "DESCRIPTION").is_some());
            assert!(prop(&alarm.properties, "TRIGGER").is_some());
            assert!(prop(&alarm.properties, "DTSTAMP").is_none(), "RFC 5545 has no DTSTAMP in a VALARM");
        }
    }
    let summaries: Vec<String> = cal.events.iter().map(|e| unescape(&value(&e.properties, "SUMMARY"))).collect();
    let long = "Zoë Ça, Mëtàl; the 😀 Long Name Person Who Has A Very Long Name Indeed";
    assert!(summaries.contains(&format!("Wish a happy birthday to {long}")), "{summaries:?}");
    assert!(
        summaries.contains(&format!("Follow up with {long}")),
        "folded and escaped text round-trips: {summaries:?}"
    );
    // Feb 29 birthdays fall on Feb 28 in common years.
    let birthday = cal.events.iter().find(|e| value(&e.properties, "SUMMARY").starts_with("Wish")).unwrap();
    assert_eq!(value(&birthday.properties, "DTSTART"), "20270228");
    // Overdue reminders sit on today with the original date in the description.
    let overdue = cal
        .events
        .iter()
        .find(|e| unescape(&value(&e.properties, "SUMMARY")) == format!("Follow up with {long}"))
        .unwrap();
    assert_eq!(value(&overdue.properties, "DTSTART"), "20270220");
    assert!(unescape(&value(&overdue.properties, "DESCRIPTION")).contains("Due 2026-10-31."));
}

#[test]
fn uids_are_stable_and_a_moved_due_date_updates_the_event() {
    let v = vault();
    v.kith(&["report"]).ok();
    let first = parse_ics(&read(&v, "kith/reminders.ics"));
    let run = v.kith(&["report"]).ok();
    assert!(run.stdout.contains("unchanged") && run.stdout.contains("reminders.ics"), "{}", run.stdout);
    let ada = |cal: &ical::parser::ical::component::IcalCalendar| {
        cal.events
            .iter()
            .find(|e| value(&e.properties, "SUMMARY") == "Follow up with Ada")
            .map(|e| (value(&e.properties, "UID"), value(&e.properties, "DTSTART")))
            .unwrap()
    };
    let (uid, start) = ada(&first);
    assert_eq!(start, "20261130");
    v.file(
        "people/Ada.md",
        "---\nfollow_up: 2026-12-10\n---\n## Log\n- 2026-10-01 call #referral [[Grace]] [[Nobody Yet]]\n",
    );
    v.kith(&["report"]).ok();
    let second = parse_ics(&read(&v, "kith/reminders.ics"));
    assert_eq!(ada(&second), (uid.clone(), "20261210".to_string()));
    assert_eq!(second.events.len(), first.events.len(), "moved, not duplicated");
    let uids: std::collections::BTreeSet<String> = second.events.iter().map(|e| value(&e.properties, "UID")).collect();
    assert_eq!(uids.len(), second.events.len(), "every UID is unique");
}

#[test]
fn reminders_markdown_is_obsidian_tasks() {
    let v = vault();
    v.kith(&["report"]).ok();
    let md = read(&v, "kith/reminders.md");
    let task = |needle: &str| {
        md.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no {needle} in\n{md}")).to_string()
    };
    let is_task = |line: &str| {
        let rest = line.strip_prefix("- [ ] ").unwrap_or_else(|| panic!("not a task: {line}"));
        rest.rsplit_once(" 📅 ").map(|(_, d)| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
    };
    let zoe = task("Follow up with [[Zoë");
    assert_eq!(is_task(&zoe), chrono::NaiveDate::from_ymd_opt(2026, 10, 31), "{zoe}");
    assert!(zoe.contains("— last talked 2026-09-01, every 60d"), "{zoe}");
    assert_eq!(is_task(&task("Follow up with [[Ada]]")), chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
    let referral = task("Reach out to [[Nobody Yet]]");
    assert!(referral.contains("referred by Ada on 2026-10-01"), "{referral}");
    assert_eq!(is_task(&referral), chrono::NaiveDate::from_ymd_opt(2026, 10, 1));
    let first = task("Make first contact with [[Grace]]");
    assert_eq!(is_task(&first), None, "not-contacted tasks have no date");
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        ["## Overdue (1)", "## Due this week (1)", "## Referrals to follow through (2)", "## Not yet contacted (1)"]
    );
}

fn review_vault() -> TempVault {
    let v = TempVault::new();
    v.file("goals/Raise.md", "---\ntitle: Raise\ntarget: 10\nstart: 2026-01-01\ndeadline: 2026-12-31\n---\n");
    // Most overdue, trusted: 60 (capped) points.
    v.file("people/Olga.md", "---\nstage: trusted\nemail: olga@example.com\n---\n## Log\n- 2026-01-01 lunch\n");
    // 20 days overdue (20) + growing (5) + behind goal (20) + favour owed (15) = 60.
    v.file(
        "people/Ben.md",
        "---\nstage: growing\ngoals: [\"[[Raise]]\"]\n---\n## Log\n- 2026-09-04 he sent me a lead #got\n",
    );
    // Not contacted (8) + seed (10) + referral (20) = 38.
    v.file("people/Cy.md", "---\nstage: seed\n---\n");
    v.file("people/Dee.md", "---\nstage: trusted\n---\n## Log\n- 2026-11-01 call #referral [[Cy]]\n");
    // Pruned: never. Talked yesterday: never.
    v.file("people/Pru.md", "---\nstage: pruned\n---\n## Log\n- 2020-01-01 x\n");
    v.file("people/Yes.md", "---\nstage: seed\nfollow_up: 2026-11-01\n---\n## Log\n- 2026-11-22 talked\n");
    v
}

#[test]
fn review_picks_follow_the_documented_scoring() {
    let v = review_vault();
    let picks = v.kith(&["review", "--format", "json", "--count", "5"]).ok().json();
    let got: Vec<(String, i64)> = picks
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["score"].as_i64().unwrap()))
        .collect();
    assert_eq!(got, [("Ben".to_string(), 60), ("Olga".to_string(), 60), ("Cy".to_string(), 38)]);
    let ben = &picks[0];
    assert_eq!(ben["path"], "people/Ben.md");
    let reasons: Vec<&str> = ben["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.contains("works for \"Raise\", which is behind pace")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("you owe them")), "{reasons:?}");
    assert!(ben["opener"].as_str().unwrap().starts_with("Hi Ben, "));
    assert!(picks[2]["opener"].as_str().unwrap().contains("Dee suggested we get in touch"), "{}", picks[2]);
    let text = v.kith(&["review"]).ok().stdout;
    assert!(text.contains("Friday review, week 2026-W48: write to 3 people"), "{text}");
}

/// Hundreds of imported connections, never contacted, all score the same: the
/// review picks whom the pool ranks first (the most recently met), not the
/// first names in the alphabet.
#[test]
fn review_of_imported_connections_picks_as_the_pool_ranks() {
    let v = TempVault::new();
    for i in 0..300u32 {
        let met = format!("20{:02}-{:02}-{:02}", 10 + i % 15, i % 12 + 1, i % 28 + 1);
        v.file(&format!("people/A{i:03} Connection.md"), format!("---\nstage: seed\nmet: {met}\n---\n"));
    }
    v.file("people/Zed Recent.md", "---\nstage: seed\nmet: 2026-05-01\n---\n");
    v.file("people/Zoe Unknown.md", "---\nstage: seed\n---\n");
    let picks = common::names(&v.kith(&["review", "--format", "json"]).ok().json());
    let pool = common::names(&v.kith(&["pool", "--format", "json"]).ok().json());
    assert_eq!(picks, pool[..3], "review picks {picks:?}, the pool ranks {:?} first", &pool[..3]);
    assert_eq!(picks[0], "Zed Recent");
}

#[test]
fn rotation_across_two_weeks_and_write_never_overwrites() {
    let v = review_vault();
    let run = v.kith(&["review", "--write", "--count", "1"]).ok();
    assert!(run.stdout.ends_with("\nwrote reviews/2026-W48.md\n"), "success on stdout: {}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let note = read(&v, "reviews/2026-W48.md");
    assert!(note.contains("type: review") && note.contains("picks:\n- '[[Ben]]'\n"), "{note}");
    assert!(note.contains("- [ ] [[Ben]]:"), "{note}");
    assert!(note.contains("Tuesday 1 December at 10:00"), "three slots next week: {note}");
    assert!(note.contains("## The week in numbers"), "{note}");

    // Same week again: refuses, and leaves the note as it was.
    let again = v.kith(&["review", "--write"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(read(&v, "reviews/2026-W48.md"), note);

    // A week later Ben, still not contacted, gives others a turn first.
    let next = common::run_kith_on(v.path(), "2026-11-30", &["review", "--format", "json", "--count", "5"]).ok().json();
    let names = common::names(&next);
    assert_eq!(names[0], "Olga", "{names:?}");
    assert!(names.contains(&"Ben".to_string()), "still a candidate, lower down: {names:?}");

    // Contacted since the review: Ben drops out.
    v.file("people/Ben.md", "---\nstage: growing\ngoals: [\"[[Raise]]\"]\n---\n## Log\n- 2026-09-04 he sent me a lead #got\n- 2026-11-24 call\n");
    let later =
        common::run_kith_on(v.path(), "2026-12-02", &["review", "--format", "json", "--count", "5"]).ok().json();
    assert!(!later.to_string().contains("\"Ben\""), "{later}");
}

#[test]
fn review_alone_picks_the_rotated_person_when_nobody_else_qualifies() {
    let v = TempVault::new();
    v.file("people/Solo.md", "---\n---\n## Log\n- 2026-01-01 x\n");
    v.kith(&["review", "--write"]).ok();
    let next = common::run_kith_on(v.path(), "2026-11-30", &["review", "--format", "json"]).ok().json();
    assert_eq!(common::names(&next), ["Solo"]);
}

#[test]
fn the_calendar_rings_at_most_once_a_day_on_the_example_vault() {
    let out = tempfile::tempdir().unwrap();
    common::run_kith(&common::example_vault(), &["report", "--out", out.path().to_str().unwrap()]).ok();
    let cal = parse_ics(&std::fs::read_to_string(out.path().join("reminders.ics")).unwrap());
    let mut alarms_per_day: std::collections::BTreeMap<String, usize> = Default::default();
    let mut digests: std::collections::BTreeMap<String, String> = Default::default();
    for event in &cal.events {
        let day = value(&event.properties, "DTSTART");
        *alarms_per_day.entry(day.clone()).or_default() += event.alarms.len();
        if value(&event.properties, "UID").starts_with("kith-digest-") {
            digests.insert(day, unescape(&value(&event.properties, "DESCRIPTION")));
        }
    }
    let people_today = cal.events.iter().filter(|e| value(&e.properties, "DTSTART") == "20261123").count() - 1;
    assert!(people_today > 10, "the example vault has many reminders today: {people_today}");
    assert!(alarms_per_day.values().all(|&n| n == 1), "{alarms_per_day:?}");
    // A day with several reminders has a digest listing every one of them;
    // a day with one has no digest: its event rings.
    for event in cal.events.iter().filter(|e| !value(&e.properties, "UID").starts_with("kith-digest-")) {
        let day = value(&event.properties, "DTSTART");
        let summary = unescape(&value(&event.properties, "SUMMARY"));
        let Some(digest) = digests.get(&day) else {
            assert_eq!(event.alarms.len(), 1, "{summary} is alone on {day} and rings itself");
            continue;
        };
        // (the parser trims the space a fold may end with: compare without spaces)
        let squeeze = |s: &str| s.replace(' ', "");
        let listed = digest.lines().any(|l| squeeze(l) == squeeze(&summary));
        assert!(listed, "{summary} missing from the digest of {day}: {digest}");
    }
    assert!(alarms_per_day.len() > digests.len(), "the example vault has days with one reminder");
}

#[test]
fn duplicate_calendar_events_a_day_with_one_reminder_shows_it_once_with_the_alarm() {
    let v = TempVault::new();
    v.file("people/Ravi Patel.md", "---\nfollow_up: 2026-12-03\n---\n## Log\n- 2026-10-01 call\n");
    v.file("people/Ada.md", "---\nfollow_up: 2026-12-09\n---\n");
    v.file("people/Grace.md", "---\nfollow_up: 2026-12-09\n---\n");
    let ics = || {
        common::run_kith_on(v.path(), "2026-11-23", &["report"]).ok();
        read(&v, "kith/reminders.ics")
    };
    let text = ics();
    assert!(!text.contains("kith: Follow up"), "{text}");
    let cal = parse_ics(&text);
    let on = |day: &str| -> Vec<&ical::parser::ical::component::IcalEvent> {
        cal.events.iter().filter(|e| value(&e.properties, "DTSTART") == day).collect()
    };
    let ravi = on("20261203");
    assert_eq!(ravi.len(), 1, "one reminder, one event: {text}");
    assert_eq!(unescape(&value(&ravi[0].properties, "SUMMARY")), "Follow up with Ravi Patel");
    assert_eq!(ravi[0].alarms.len(), 1, "the day's only event carries the alarm");
    assert!(prop(&ravi[0].alarms[0].properties, "DTSTAMP").is_none());
    assert_eq!(value(&ravi[0].alarms[0].properties, "TRIGGER"), "PT32400S");
    // Two reminders on a day: two silent events and a digest that rings.
    let both = on("20261209");
    assert_eq!(both.len(), 3, "{text}");
    let rings: Vec<String> =
        both.iter().filter(|e| !e.alarms.is_empty()).map(|e| value(&e.properties, "SUMMARY")).collect();
    assert_eq!(rings, ["kith: 2 reminders"]);
    // UIDs are stable across runs.
    let uids =
        |text: &str| -> Vec<String> { text.lines().filter(|l| l.starts_with("UID:")).map(String::from).collect() };
    assert_eq!(uids(&ics()), uids(&text));
    assert!(uids(&text).iter().any(|u| u.starts_with("UID:kith-digest-20261209")));
}

#[test]
fn each_task_has_one_source_reminders_md_not_referrals_md() {
    let out = tempfile::tempdir().unwrap();
    common::run_kith(&common::example_vault(), &["report", "--out", out.path().to_str().unwrap()]).ok();
    let tasks = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        text.lines().filter(|l| l.trim_start().starts_with("- [ ]")).map(str::to_string).collect()
    };
    let reminders = tasks("reminders.md");
    assert!(reminders.iter().any(|t| t.contains("Reach out to")), "{reminders:?}");
    for file in ["referrals.md", "overdue.md", "goals.md", "ledger.md", "intros.md", "circles.md", "garden.md"] {
        assert_eq!(tasks(file), Vec::<String>::new(), "{file} repeats tasks");
    }
}
