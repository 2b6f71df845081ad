//! Issue 12, injection through note text: hostile names, titles and
//! companies in a temp vault, checked in every output format.

mod common;
use common::TempVault;

/// A person whose name tries to break out of every format (YAML escapes
/// give the raw control characters).
const HOSTILE: &str = "Eve]] [[Mallory|x#^\\rEND:VEVENT\\rBEGIN:VEVENT\\rUID:evil\\rTEL:666\\r\\n## Pwned\\n- [ ] fake task \\e]0;title\\a\\e[2J";

/// A CR not followed by LF: vobject and others end a content line there.
fn has_bare_cr(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || text.ends_with('\r')
}

fn vault() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        "people/Eve.md",
        format!("---\nname: \"{HOSTILE}\"\ncompany: \"=HYPERLINK(\\\"http://x\\\")\"\nlast_contact: 2026-01-01\n---\n"),
    );
    v.file("people/Ada.md", "---\nname: Ada\nlast_contact: 2026-01-01\n---\n");
    v.file("people/Odd ]] name.md", "---\nname: Odd\nlast_contact: 2026-01-01\n---\n");
    v.file("goals/javascript:alert(1).md", "---\ntitle: Speak at events\ntarget: 3\nstart: 2026-01-01\n---\n");
    v
}

#[test]
fn ics_bare_cr_in_a_name_adds_no_event_and_no_property() {
    let v = vault();
    v.kith(&["report"]).ok();
    let text = std::fs::read_to_string(v.path().join("kith/reminders.ics")).unwrap();
    assert!(!has_bare_cr(&text), "a bare CR would end the line for other parsers");
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("valid iCalendar");
    assert!(parser.next().is_none());
    for event in &calendar.events {
        let uids: Vec<_> = event.properties.iter().filter(|p| p.name == "UID").collect();
        assert_eq!(uids.len(), 1, "exactly one UID per event");
        assert!(!uids[0].value.as_deref().unwrap_or("").contains("evil"));
        assert!(event.properties.iter().all(|p| p.name != "TEL"));
    }
    let eve_events = calendar
        .events
        .iter()
        .filter(|e| {
            e.properties.iter().any(|p| p.name == "SUMMARY" && p.value.as_deref().unwrap_or("").contains("Eve"))
        })
        .count();
    assert_eq!(eve_events, 1, "exactly one VEVENT for Eve:\n{text}");
}

#[test]
fn vcard_bare_cr_in_a_name_adds_no_property() {
    let v = vault();
    let run = v.kith(&["export", "vcard"]).ok();
    assert!(!has_bare_cr(&run.stdout), "a bare CR would end the line for other parsers");
    let cards: Vec<_> = ical::VcardParser::new(std::io::BufReader::new(run.stdout.as_bytes()))
        .map(|c| c.expect("valid vCard"))
        .collect();
    assert_eq!(cards.len(), 3);
    for card in &cards {
        assert!(card.properties.iter().all(|p| p.name != "TEL"), "{:?}", card.properties);
        assert_eq!(card.properties.iter().filter(|p| p.name == "FN").count(), 1);
    }
}

#[test]
fn markdown_names_make_no_heading_task_or_extra_link() {
    let v = vault();
    v.kith(&["report"]).ok();
    for page in ["reminders.md", "overdue.md", "goals.md", "garden.md"] {
        let text = std::fs::read_to_string(v.path().join("kith").join(page)).unwrap();
        assert!(!text.lines().any(|l| l.starts_with("## Pwned")), "{page}:\n{text}");
        assert!(!text.lines().any(|l| l.contains("- [ ] fake task")), "{page}:\n{text}");
        assert!(!text.contains("[[Mallory"), "{page}: a second wikilink\n{text}");
        assert!(!text.contains('\u{1b}'), "{page}");
    }
    let reminders = std::fs::read_to_string(v.path().join("kith/reminders.md")).unwrap();
    let odd = reminders.lines().find(|l| l.contains("Odd")).expect("Odd is overdue");
    assert!(odd.contains("(people/Odd%20%5D%5D%20name.md)"), "a file name a wikilink cannot hold: {odd}");
}

#[test]
fn relative_links_are_percent_encoded_and_never_a_scheme() {
    let v = vault();
    v.file("kith.yaml", "links: relative\n");
    v.kith(&["report"]).ok();
    let text = std::fs::read_to_string(v.path().join("kith/goals.md")).unwrap();
    assert!(!text.contains("](javascript:") && !text.contains("(<"), "{text}");
    assert!(text.contains("javascript%3Aalert%281%29.md"), "{text}");
}

#[test]
fn goals_html_hrefs_are_percent_encoded_never_javascript() {
    let v = vault();
    let run = v.kith(&["report", "--out", v.path().join("site").to_str().unwrap()]).ok();
    assert!(run.stdout.contains("goals.html"));
    let html = std::fs::read_to_string(v.path().join("site/goals.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let links = scraper::Selector::parse("a[href]").unwrap();
    let hrefs: Vec<&str> = doc.select(&links).filter_map(|a| a.value().attr("href")).collect();
    assert!(!hrefs.is_empty());
    for href in hrefs {
        assert!(!href.contains(' ') && !href.to_ascii_lowercase().contains("javascript:"), "{href}");
    }
}

#[test]
fn csv_export_neutralises_formulas() {
    let v = vault();
    let run = v.kith(&["export", "csv"]).ok();
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let company = headers.iter().position(|h| h == "company").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let eve = rows.iter().find(|r| r[0].contains("Eve") || r[1].contains("Eve")).expect("Eve");
    assert_eq!(&eve[company], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn terminal_output_has_no_escape_sequences_from_notes() {
    let v = vault();
    for args in [&["show", "Eve"][..], &["overdue"][..], &["prep", "Eve"][..], &["show", "Evf"][..]] {
        let run = v.kith(args);
        assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'), "{args:?}: {:?}", run.stdout);
        assert!(!run.stderr.contains('\u{1b}'), "{args:?}: {:?}", run.stderr);
    }
}

/// Note text built to fake a heading, a task, a link, raw HTML and a table cell.
const FAKE: &str = "x\\n## Pwned\\n- [ ] fake task <script>alert(1)</script> ]] [[Mallory]] | # h";

/// Every markdown line problem `FAKE` could cause, for a page.
fn faked(page: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("## Pwned") {
            found.push(format!("{page}: a heading from note text: {line}"));
        }
        if line.trim_start().starts_with("- [ ] fake task") {
            found.push(format!("{page}: a task from note text: {line}"));
        }
    }
    let unescaped = |needle: &str| text.match_indices(needle).any(|(i, _)| !text[..i].ends_with('\\'));
    if unescaped("<script") || unescaped("</script") {
        found.push(format!("{page}: raw HTML"));
    }
    if text.contains("[[Mallory") {
        found.push(format!("{page}: a link from note text"));
    }
    // A `|` from note text must not add a table cell: every row of a table has as many as its header.
    let cells = |line: &str| line.match_indices('|').filter(|(i, _)| !line[..*i].ends_with('\\')).count();
    let mut header: Option<usize> = None;
    for line in text.lines() {
        match (line.starts_with('|'), header) {
            (true, None) => header = Some(cells(line)),
            (true, Some(n)) if cells(line) != n => found.push(format!("{page}: a table cell from note text: {line}")),
            (false, _) => header = None,
            _ => {}
        }
    }
    found
}

#[test]
fn markdown_reports_escape_every_field_of_note_text() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        "people/Eve.md",
        format!(
            "---\nname: Eve\ncompany: \"{FAKE}\"\nrole: \"{FAKE}\"\ncircles: [\"{FAKE}\"]\ninterests: [\"{FAKE}\"]\n\
             introduced_by: \"[[Zed <script>alert(1)</script>]]\"\ngoals: [\"[[G]]\"]\nlast_contact: 2026-01-01\n\
             dates:\n  \"{FAKE}\": 2020-11-25\n---\n## Log\n\
             - 2026-11-01 #win [[G]] won <script>alert(1)</script> ]] [[Mallory]] | ## h `x` - [ ] y\n\
             - 2026-11-02 #referral met [[Zed <script>alert(1)</script>]]\n\
             - 2026-11-03 #intro to [[Kim <script>alert(1)</script>]]\n"
        ),
    );
    v.file("people/Kim.md", format!("---\nname: Kim\ncompany: \"{FAKE}\"\ncircles: [\"{FAKE}\"]\n---\n"));
    v.file("goals/G.md", format!("---\ntitle: \"{FAKE}\"\ntarget: 3\nstart: 2026-01-01\npurpose: leads\n---\n"));
    v.file("goals/H.md", format!("---\ntitle: \"{FAKE}`\"\ntarget: 3\nstart: 2026-01-01\n---\n"));
    v.kith(&["report", "--all"]).ok();
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in std::fs::read_dir(v.path().join("kith")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            problems.extend(faked(&path.file_name().unwrap().to_string_lossy(), &text));
            pages += 1;
        }
    }
    for args in [&["show", "Eve"][..], &["prep", "Eve"][..], &["people"][..], &["check"][..]] {
        let run = v.kith(&[&["--format", "md"][..], args].concat());
        problems.extend(faked(&args.join(" "), &run.stdout));
    }
    assert!(pages >= 8, "every markdown page written: {pages}");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn stderr_messages_have_no_escape_sequences_from_file_names_or_links() {
    let v = vault();
    // A file name and a link target carrying OSC and CSI sequences, and a broken note so
    // every report command prints the file name on stderr.
    v.file("people/Z\u{1b}]0;pwned\u{7}ed.md", "---\nname: [unclosed\n");
    v.file("people/Yan.md", "---\nname: Yan\nintroduced_by: \"[[Bo\u{1b}[2Jb]]\"\n---\n");
    for args in [&["overdue"][..], &["check"][..], &["report"][..], &["show", "Zex\u{1b}]0;q\u{7}"][..]] {
        let run = v.kith(args);
        for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(!text.contains(['\u{1b}', '\u{7}']), "{args:?} {what}: {text:?}");
        }
    }
    let run = v.kith(&["check"]);
    assert!(run.stdout.contains("people/Z0;pwneded.md") || run.stderr.contains("people/Z0;pwneded.md"));
}

#[test]
fn terminal_output_of_a_name_or_field_with_line_breaks_adds_no_line() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file(
        "people/Li.md",
        "---\nname: \"Li\\nBreak\\r\\u202Eevil\"\ncompany: \"X\\n  stage: trusted\"\nlast_contact: 2026-01-01\n---\n",
    );
    let fake =
        |text: &str| text.lines().any(|l| l.starts_with("Break") || l.trim_start().starts_with("stage: trusted"));
    for args in
        [&["overdue"][..], &["people"][..], &["show", "Li"][..], &["prep", "Li"][..], &["remind"][..], &["review"][..]]
    {
        let run = v.kith(args);
        assert!(!fake(&run.stdout) && !run.stdout.contains(['\r', '\u{202e}']), "{args:?}: {:?}", run.stdout);
    }
    let show = v.kith(&["show", "Li", "--format", "json"]).json();
    assert_eq!(show["name"], "Li Break evil");
    assert_eq!(show["company"], "X   stage: trusted");
}

#[test]
fn review_note_escapes_names_and_writes_its_front_matter_with_a_yaml_serializer() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    // A file name YAML's double quotes would read as an escape (`\b`, `\y`), a
    // name that would add a link, HTML and a heading, and a goal title with `]]`.
    v.file(
        "people/Back\\slash \\y.md",
        "---\nname: \"Mallory [[Victim]] <b>x</b>\"\nemail: \"m@x> <script>\"\ngoals: [\"[[Odd ]] goal]]\"]\nlast_contact: 2026-01-01\n---\n",
    );
    v.file("people/Victim.md", "---\nname: Victim\nlast_contact: 2026-05-01\n---\n");
    v.file("goals/Odd goal.md", "---\ntitle: \"Odd ]] goal\"\ntarget: 3\nstart: 2026-01-01\n---\n");
    v.kith(&["review", "--write"]).ok();
    let note = std::fs::read_to_string(v.path().join("reviews/2026-W48.md")).unwrap();
    assert!(!note.contains("[[Victim]] ") && !note.contains("<b>") && !note.contains("<script>"), "{note}");
    assert!(note.contains("### Mallory \\[\\[Victim\\]\\] \\<b\\>x\\</b\\>"), "{note}");
    assert!(!note.contains("[[Odd ]]"), "{note}");
    let check = v.kith(&["check", "--format", "json"]);
    assert!(!check.stdout.contains("reviews/"), "the review note reads back cleanly: {}", check.stdout);
    // Rotation reads the picks back: next week's review knows last week's.
    let next = common::run_kith_on(v.path(), "2026-11-30", &["review", "--format", "json"]).ok().json();
    assert_eq!(next.to_string().matches("picked in the review of 2026-11-23").count(), 2, "{next}");
}

#[test]
fn a_name_with_percent_percent_makes_no_obsidian_comment_in_markdown_pages() {
    // `[[A %% B]]` opened an Obsidian comment (as kith itself reads `%%`)
    // hiding the rest of reminders.md up to the next one.
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/A %% B.md", "---\nname: \"A %% B\"\nlast_contact: 2026-01-01\n---\n");
    v.file("people/Zed.md", "---\nname: \"Zed %% x\"\nlast_contact: 2026-01-01\n---\n");
    v.kith(&["report"]).ok();
    for page in ["overdue.md", "reminders.md", "garden.md", "intros.md"] {
        let text = std::fs::read_to_string(v.path().join("kith").join(page)).unwrap();
        assert!(!text.contains("%%"), "{page}: {text}");
    }
    let overdue = std::fs::read_to_string(v.path().join("kith/overdue.md")).unwrap();
    assert!(overdue.contains("(people/A%20%25%25%20B.md)"), "{overdue}");
}
