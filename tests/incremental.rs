//! `kith watch` keeps each note's share of the reports between rebuilds and
//! computes again only what a change can reach. After every kind of edit its
//! outputs must be byte for byte what a fresh `kith report` writes.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

use kith::index::Changed;
use kith::load::Vault;

mod common;
use common::copy_dir;
use kith::publish::{render_all, RenderCache};
use kith::report::pool::PoolRow;

type Files = Vec<(&'static str, Vec<u8>)>;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn files(outputs: &kith::publish::Outputs) -> Files {
    outputs.files.iter().map(|f| (f.name, f.bytes.clone())).collect()
}

/// Everything read and rendered from scratch, as `kith report` does, and the
/// pool's ranking (no page lists it whole: they show its first few).
fn from_scratch(root: &Path, today: NaiveDate) -> (Files, Vec<PoolRow>) {
    let vault = Vault::open(root, &[]).unwrap();
    let mut cache = RenderCache::default();
    let files = files(render_all(&vault, today, "../", Changed::Everything, &mut cache).unwrap());
    (files, pool_rows(&cache))
}

fn pool_rows(cache: &RenderCache) -> Vec<PoolRow> {
    cache.shares().get::<kith::render::pool::Pool>().unwrap().rows.clone()
}

/// A vault kept open across edits, as `kith watch` keeps it.
struct Live {
    root: PathBuf,
    vault: Vault,
    cache: RenderCache,
    today: NaiveDate,
    step: usize,
}

impl Live {
    fn open(root: &Path, today: NaiveDate) -> Live {
        let vault = Vault::open(root, &[]).unwrap();
        let mut cache = RenderCache::default();
        render_all(&vault, today, "../", Changed::Everything, &mut cache).unwrap();
        Live { root: root.to_path_buf(), vault, cache, today, step: 0 }
    }

    /// Refresh the changed files, render incrementally, and compare every
    /// output with a fresh render of the same files. `people_only`: whether
    /// the change is one only the changed people's shares are computed for.
    fn check(&mut self, what: &str, changed: &[&str], people_only: bool) {
        self.step += 1;
        let paths: Vec<PathBuf> = changed.iter().map(|rel| self.root.join(rel)).collect();
        let refresh = self.vault.refresh(&paths).unwrap();
        let kept = matches!(Changed::from(&refresh), Changed::People(_));
        assert_eq!(kept, people_only, "step {} ({what}): only people's shares computed again", self.step);
        let live = files(render_all(&self.vault, self.today, "../", Changed::from(&refresh), &mut self.cache).unwrap());
        let (fresh, pool) = from_scratch(&self.root, self.today);
        assert_eq!(pool_rows(&self.cache), pool, "step {} ({what}): the pool's ranking", self.step);
        assert_eq!(live.len(), fresh.len(), "step {} ({what}): outputs", self.step);
        for ((name, live), (fresh_name, fresh)) in live.iter().zip(&fresh) {
            assert_eq!(name, fresh_name);
            if live != fresh {
                let (live, fresh) = (String::from_utf8_lossy(live), String::from_utf8_lossy(fresh));
                let line = live.lines().zip(fresh.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "step {} ({what}): {name} differs from a fresh report at line {}:\n  kept:  {:?}\n  fresh: {:?}",
                    self.step,
                    line + 1,
                    live.lines().nth(line),
                    fresh.lines().nth(line)
                );
            }
        }
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let new = f(text.clone());
        assert_ne!(new, text, "the edit to {rel} changed nothing");
        std::fs::write(path, new).unwrap();
    }

    fn append(&self, rel: &str, line: &str) {
        self.edit(rel, |text| format!("{text}{line}\n"));
    }
}

#[test]
fn kept_shares_match_a_fresh_report_after_every_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("example-vault"), dir.path());
    let mut live = Live::open(dir.path(), day("2026-11-23"));
    let (bea, siti, chris) =
        ("people/Beatriz Santos.md", "people/singapore/Siti Rahman.md", "people/online/Chris Okonkwo.md");

    live.append(bea, "- 2026-11-20 Coffee; sent her the deck. #gave");
    live.check("a log entry", &[bea], true);

    // Chris referred Siti; contacting Siti closes that referral, in Chris's share.
    live.edit(siti, |t| format!("{t}\n## Log\n- 2026-11-21 Coffee at Lau Pa Sat. #meeting\n"));
    live.check("the referred person is contacted", &[siti], true);

    live.append(chris, "- 2026-11-22 Two more names: [[Siti Rahman]] and [[Someone New]]. #referral");
    live.check("a new referral", &[chris], true);

    live.append("people/Yuki Sato.md", "- 2026-11-22 She set up the meeting. #win [[20 informational meetings]]");
    live.check("a win for a goal", &["people/Yuki Sato.md"], true);

    // A daily note's line is a contact in someone else's share: every share is computed again.
    live.edit("daily/2026-11-18.md", |t| format!("{t}- Lunch with [[Beatriz Santos]] #got\n"));
    live.check("a contact in a daily note", &["daily/2026-11-18.md"], false);
    std::fs::write(dir.path().join("daily/2026-11-19.md"), "Call with [[Siti Rahman]] #call\n").unwrap();
    live.check("a new daily note", &["daily/2026-11-19.md"], false);

    live.edit(bea, |t| t.replace("circles: [london-pr]", "circles: [london-pr, Runners]"));
    live.check("circles", &[bea], true);

    live.edit(bea, |t| t.replace("stage: trusted", "stage: pruned"));
    live.check("pruned", &[bea], true);

    live.edit(bea, |t| t.replace("name: Beatriz Santos", "name: Bea Santos"));
    live.check("a new display name", &[bea], false);

    live.edit("goals/20 informational meetings.md", |t| t.replace("target: 20", "target: 4"));
    live.check("a goal's target", &["goals/20 informational meetings.md"], false);

    live.edit(siti, |t| t.replace("name: Siti Rahman\n", "name: Siti Rahman\nfollow_up: 2026-11-24\n"));
    live.check("a follow-up date", &[siti], true);

    std::fs::write(dir.path().join("people/Someone New.md"), "---\nname: Someone New\nstage: seed\n---\n").unwrap();
    live.check("a new person a referral names", &["people/Someone New.md"], false);

    let (from, to) = ("people/Henry Walsh.md", "people/london/Henry Walsh.md");
    std::fs::rename(dir.path().join(from), dir.path().join(to)).unwrap();
    live.check("a note moved", &[from, to], false);

    live.edit("people/Leo Marsh.md", |t| t.replacen("---\n", "---\nname: [unclosed\n", 1));
    live.check("a note broken", &["people/Leo Marsh.md"], false);
    live.edit("people/Leo Marsh.md", |t| t.replacen("name: [unclosed\n", "", 1));
    live.check("the note fixed", &["people/Leo Marsh.md"], false);

    std::fs::remove_file(dir.path().join(chris)).unwrap();
    live.check("a note deleted", &[chris], false);

    live.today = day("2026-11-24");
    live.check("the next day", &[], true);
}

#[test]
fn kept_shares_match_after_an_entry_in_every_note() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("example-vault"), dir.path());
    let mut live = Live::open(dir.path(), day("2026-11-23"));
    let people: Vec<String> = walkdir::WalkDir::new(dir.path().join("people"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".md"))
        .collect();
    assert!(people.len() > 20);
    let tags = ["#gave", "#got", "#intro", "#referral #meeting", "#win", "#call"];
    for (i, rel) in people.iter().enumerate() {
        let other = Path::new(&people[(i + 7) % people.len()]).file_stem().unwrap().to_string_lossy().into_owned();
        let (date, tag) = (format!("2026-11-{:02}", 1 + i % 23), tags[i % tags.len()]);
        live.append(rel, &format!("- {date} With [[{other}]] and [[Reconnect with 10 former colleagues]]. {tag}"));
        live.check(&format!("{tag} in {rel}"), &[rel.as_str()], true);
    }
}

#[test]
fn outputs_kith_knows_it_wrote_are_not_read_back_but_a_file_changed_by_hand_is_restored() {
    use kith::output::WriteOutcome;
    use kith::publish::write_all;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("example-vault"), dir.path());
    let out = dir.path().join("kith");
    kith::output::create_output_dir(dir.path(), &out).unwrap();
    let vault = Vault::open(dir.path(), &[]).unwrap();
    let mut cache = RenderCache::default();
    let today = day("2026-11-23");
    let write = |cache: &mut RenderCache| {
        let outputs = render_all(&vault, today, "../", Changed::People(&[]), cache).unwrap();
        write_all(&out, outputs).unwrap()
    };
    assert!(write(&mut cache).iter().all(|(_, o)| *o == WriteOutcome::Written));
    let ledger = out.join("ledger.md");
    let written = std::fs::read(&ledger).unwrap();
    let mtime = std::fs::metadata(&ledger).unwrap().modified().unwrap();
    assert!(write(&mut cache).iter().all(|(_, o)| *o == WriteOutcome::Unchanged));
    assert_eq!(std::fs::metadata(&ledger).unwrap().modified().unwrap(), mtime, "an unchanged file is not touched");

    std::fs::write(&ledger, "edited by hand\n").unwrap();
    std::fs::remove_file(out.join("goals.html")).unwrap();
    let outcomes = write(&mut cache);
    let outcome = |name: &str| outcomes.iter().find(|(p, _)| p.ends_with(name)).unwrap().1;
    assert_eq!(outcome("ledger.md"), WriteOutcome::Written);
    assert_eq!(outcome("goals.html"), WriteOutcome::Written);
    assert_eq!(outcome("overdue.md"), WriteOutcome::Unchanged);
    assert_eq!(std::fs::read(&ledger).unwrap(), written);
    assert!(out.join("goals.html").is_file());
}

/// A vault of the heavy shape in small: few goals each linked by many people,
/// links in every log entry, referrals between people, daily notes, people
/// never contacted (the pool) and people due on every day of the month.
fn fanout_vault(root: &Path, people: usize) -> Vec<String> {
    let goals = ["Grow the newsletter", "Speak at five conferences", "Find a cofounder"];
    for (i, goal) in goals.iter().enumerate() {
        let text =
            format!("---\ntype: goal\ntarget: {}\nstart: 2026-01-01\ndeadline: 2027-0{}-01\n---\n", 5 + i, 1 + i);
        std::fs::create_dir_all(root.join("goals")).unwrap();
        std::fs::write(root.join(format!("goals/{goal}.md")), text).unwrap();
    }
    std::fs::create_dir_all(root.join("people")).unwrap();
    std::fs::create_dir_all(root.join("daily")).unwrap();
    let name = |i: usize| format!("Person {i:03}");
    let mut paths = Vec::new();
    for i in 0..people {
        let stage = ["seed", "growing", "trusted", "pruned"][i % 4];
        let linked: Vec<String> =
            goals.iter().enumerate().filter(|(g, _)| (i + g) % 3 != 0).map(|(_, t)| format!("\"[[{t}]]\"")).collect();
        let mut text = format!(
            "---\nname: {}\nstage: {stage}\ncadence: {}d\ncompany: Company {}\ncircles:\n  - circle-{}\ngoals:\n  - {}\n---\n## Log\n",
            name(i),
            7 + i % 40,
            i % 9,
            i % 5,
            linked.join("\n  - ")
        );
        // Every fifth person was never contacted: they are the pool.
        if i % 5 != 0 {
            for e in 0..(1 + i % 4) {
                let other = name((i * 7 + e * 13 + 1) % people);
                let tag = ["#gave", "#got", "#meeting #referral", "#intro", "#call"][(i + e) % 5];
                text.push_str(&format!(
                    "- 2026-{:02}-{:02} With [[{other}]] and [[{}]]. {tag}\n",
                    1 + (i + e) % 11,
                    1 + (i * 3 + e) % 28,
                    goals[(i + e) % 3]
                ));
            }
        }
        let path = format!("people/{}.md", name(i));
        std::fs::write(root.join(&path), text).unwrap();
        paths.push(path);
    }
    for d in 1..6 {
        let text = format!("Lunch with [[{}]] and [[{}]] #meeting\n", name(d * 11 % people), name(d * 17 % people));
        std::fs::write(root.join(format!("daily/2026-11-{d:02}.md")), text).unwrap();
    }
    paths
}

#[test]
fn many_edits_of_a_fanout_vault_match_a_fresh_report_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let people = fanout_vault(dir.path(), 150);
    let mut live = Live::open(dir.path(), day("2026-11-23"));
    for step in 0..90 {
        let rel = &people[(step * 37) % people.len()];
        let other = format!("Person {:03}", (step * 11) % people.len());
        let line = match step % 6 {
            // Contacted today: leaves overdue and the pool, its reminders and the day's digest.
            0 => format!("- 2026-11-23 Call with [[{other}]] #call"),
            1 => format!("- 2026-11-{:02} Sent [[{other}]] a draft. #gave", 1 + step % 22),
            2 => "- 2026-11-22 #win [[Grow the newsletter]] a guest post".to_string(),
            3 => format!("- 2026-11-20 Gave me two names: [[{other}]] and [[Nobody {step}]]. #referral #meeting"),
            // Planned: counts neither as a contact nor as a win yet.
            4 => format!("- 2026-12-{:02} Dinner with [[{other}]] #win [[Find a cofounder]]", 1 + step % 27),
            _ => format!("- 2026-10-{:02} Old note found again #got", 1 + step % 30),
        };
        live.append(rel, &line);
        live.check(&format!("edit {step} of {rel}"), &[rel.as_str()], true);
        if step % 15 == 14 {
            let stages = ["seed", "growing", "trusted", "pruned"];
            live.edit(rel, |t| {
                let at = stages.iter().position(|s| t.contains(&format!("stage: {s}\n"))).unwrap();
                t.replacen(&format!("stage: {}\n", stages[at]), &format!("stage: {}\n", stages[(at + 1) % 4]), 1)
            });
            live.check(&format!("a stage changed in {rel}"), &[rel.as_str()], true);
        }
    }
}

/// The pool is updated in place: a changed member's row, and the row of
/// someone whose first referrer changed, are taken out and put back in rank;
/// a trusted person's change combines it again. Its whole ranking must be a
/// fresh report's after each kind of change.
#[test]
fn the_pool_kept_in_place_matches_a_fresh_report() {
    let dir = tempfile::tempdir().unwrap();
    fanout_vault(dir.path(), 60);
    let mut live = Live::open(dir.path(), day("2026-11-23"));
    let (early, member, other_member, trusted) =
        ("people/Person 001.md", "Person 020", "people/Person 040.md", "people/Person 002.md");
    let in_pool = |live: &Live, name: &str| pool_rows(&live.cache).iter().any(|r| r.name == name);
    assert!(in_pool(&live, member) && in_pool(&live, "Person 040"), "never contacted: in the pool");

    live.append(early, &format!("- 2026-11-21 Knows [[{member}]] well. #referral"));
    live.check("a first referrer earlier in path order", &[early], true);
    let row = pool_rows(&live.cache).into_iter().find(|r| r.name == member).unwrap();
    assert!(row.reasons.contains(&"referred by Person 001".to_string()), "{row:?}");

    live.edit(early, |t| t.replace(&format!("- 2026-11-21 Knows [[{member}]] well. #referral\n"), ""));
    live.check("that referral taken back", &[early], true);

    live.edit(other_member, |t| t.replace("company: Company 4\n", "company: Company 2\n"));
    live.check("a member's company, where someone trusted works", &[other_member], true);

    live.append("people/Person 045.md", "- 2026-11-02 Lunch, finally. #meeting");
    live.check("a member contacted: out of the pool", &["people/Person 045.md"], true);

    live.edit(early, |t| t[..t.find("## Log\n").unwrap() + "## Log\n".len()].to_string());
    live.check("a person's log emptied: into the pool", &[early], true);
    assert!(in_pool(&live, "Person 001"));

    live.edit(trusted, |t| t.replace("stage: trusted\n", "stage: growing\n"));
    live.check("someone trusted no longer", &[trusted], true);
    live.edit(trusted, |t| t.replace("stage: growing\n", "stage: trusted\n"));
    live.check("trusted again", &[trusted], true);
}
