//! `kith watch` end to end: a real process on a temp vault, changed the way
//! editors and git change files, observed through its outputs and status lines.
#![cfg(unix)]

mod common;
use common::{TempVault, TODAY};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

struct Watch {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    /// The threads reading stdout and stderr: done once the process's pipes close.
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Watch {
    fn start(v: &TempVault, debounce_ms: u64) -> Watch {
        Watch::spawn(v.path(), &["--debounce-ms", &debounce_ms.to_string()])
    }

    /// `kith watch` on `root` with `args`; its stdout and stderr lines, as they come.
    fn spawn(root: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
            .env("XDG_CACHE_HOME", common::cache_home())
            .arg("--vault")
            .arg(root)
            .args(["--today", TODAY, "watch"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout: Box<dyn std::io::Read + Send> = Box::new(child.stdout.take().unwrap());
        let stderr: Box<dyn std::io::Read + Send> = Box::new(child.stderr.take().unwrap());
        let readers = [stdout, stderr]
            .into_iter()
            .map(|stream| {
                let sink = Arc::clone(&lines);
                std::thread::spawn(move || {
                    for line in BufReader::new(stream).lines().map_while(Result::ok) {
                        sink.lock().unwrap().push(line);
                    }
                })
            })
            .collect();
        let watch = Watch { child, lines, readers };
        watch.wait_for("start", |lines| lines.iter().any(|l| l.starts_with("watching ")));
        watch
    }

    fn rebuilds(&self) -> usize {
        self.lines.lock().unwrap().iter().filter(|l| l.starts_with("rebuilt in ")).count()
    }

    /// Poll until `done` holds, failing after a generous deadline (no fixed sleeps).
    fn wait_for(&self, what: &str, done: impl Fn(&[String]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if done(&self.lines.lock().unwrap()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what}; output so far:\n{}", self.lines.lock().unwrap().join("\n"));
    }

    fn wait_until(&self, what: &str, done: impl Fn() -> bool) {
        self.wait_for(what, |_| done());
    }

    fn stop(self) -> Vec<String> {
        self.stop_with("-TERM")
    }

    /// Send `signal` (`-TERM`, `-INT`) and expect a clean exit.
    fn stop_with(mut self, signal: &str) -> Vec<String> {
        Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "clean exit on {signal}: {status:?}");
        // The last lines may still be in the pipe when the process has exited (a
        // loaded machine): read to the end before looking at them.
        for reader in std::mem::take(&mut self.readers) {
            reader.join().unwrap();
        }
        let lines = self.lines.lock().unwrap().clone();
        lines
    }
}

impl Drop for Watch {
    /// A failed test must not leave a watcher running (it would hold the test's pipes).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The names in overdue.json, sorted (its own order is by days overdue).
fn overdue_names(v: &TempVault) -> Vec<String> {
    overdue_names_in(v.path())
}

fn overdue_names_in(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("kith/overdue.json")).unwrap_or_default();
    let mut names = serde_json::from_str::<serde_json::Value>(&text).map(|j| common::names(&j)).unwrap_or_default();
    names.sort();
    names
}

fn mtime(v: &TempVault, name: &str) -> SystemTime {
    std::fs::metadata(v.path().join("kith").join(name)).unwrap().modified().unwrap()
}

fn person(last: &str) -> String {
    format!("---\nstage: seed\n---\n## Log\n- {last} coffee\n")
}

#[test]
fn watch_follows_edits_renames_deletes_new_folders_and_bulk_writes() {
    let v = TempVault::new();
    v.file("people/Ada.md", person("2026-01-01"));
    v.file("people/Bob.md", person("2026-01-01"));
    v.file("goals/G.md", "---\ntitle: G\ntarget: 2\n---\n");
    let watch = Watch::start(&v, 150);
    assert_eq!(overdue_names(&v), ["Ada", "Bob"]);
    let goals_time = mtime(&v, "goals.json");

    // In-place edit: Ada contacted yesterday is no longer overdue.
    std::fs::write(v.path().join("people/Ada.md"), person("2026-11-22")).unwrap();
    watch.wait_until("the in-place edit", || overdue_names(&v) == ["Bob"]);
    assert_eq!(mtime(&v, "goals.json"), goals_time, "an output whose content did not change is not rewritten");

    // Write-temp-then-rename, as vim, VS Code and Obsidian save.
    std::fs::write(v.path().join("people/.Ada.md.tmp"), person("2026-02-01")).unwrap();
    std::fs::rename(v.path().join("people/.Ada.md.tmp"), v.path().join("people/Ada.md")).unwrap();
    watch.wait_until("the rename-over save", || overdue_names(&v) == ["Ada", "Bob"]);

    // Delete.
    std::fs::remove_file(v.path().join("people/Bob.md")).unwrap();
    watch.wait_until("the delete", || overdue_names(&v) == ["Ada"]);

    // A new note in a new subfolder.
    v.file("people/new/deeper/Cleo.md", person("2026-03-01"));
    watch.wait_until("the new folder", || overdue_names(&v) == ["Ada", "Cleo"]);

    // A folder renamed, then deleted.
    std::fs::rename(v.path().join("people/new"), v.path().join("people/moved")).unwrap();
    watch.wait_until("the folder rename", || {
        std::fs::read_to_string(v.path().join("kith/overdue.json"))
            .is_ok_and(|t| t.contains("people/moved/deeper/Cleo.md"))
    });
    std::fs::remove_dir_all(v.path().join("people/moved")).unwrap();
    watch.wait_until("the folder delete", || overdue_names(&v) == ["Ada"]);

    // 500 notes at once (a git checkout) become one or two rebuilds, not 500.
    let before = watch.rebuilds();
    for i in 0..500 {
        v.file(&format!("people/bulk/P{i:03}.md"), person("2026-01-01"));
    }
    watch.wait_until("the bulk write", || overdue_names(&v).len() == 501);
    assert!(watch.rebuilds() - before <= 3, "{} rebuilds for one checkout", watch.rebuilds() - before);

    // kith's own writes and hidden folders never trigger a rebuild. On a busy machine the
    // last batches of the bulk write can still be rebuilding: wait until a whole second
    // passes without one, then only a rebuild that names these paths is a feedback loop.
    let mut settled = watch.rebuilds();
    loop {
        std::thread::sleep(Duration::from_millis(1000));
        if watch.rebuilds() == settled {
            break;
        }
        settled = watch.rebuilds();
    }
    v.file("kith/notes.md", "mine");
    v.file(".obsidian/workspace.md", "x");
    std::thread::sleep(Duration::from_millis(600));
    let after: Vec<String> =
        watch.lines.lock().unwrap().iter().filter(|l| l.starts_with("rebuilt in ")).skip(settled).cloned().collect();
    assert!(after.iter().all(|l| !l.contains("kith/") && !l.contains(".obsidian")), "feedback loop: {after:?}");
    assert!(after.len() <= 1, "no feedback loop: {after:?}");

    let lines = watch.stop();
    assert!(lines.last().unwrap().starts_with("stopped after"), "{lines:?}");
}

#[test]
fn a_note_that_breaks_while_watching_is_dropped_then_comes_back() {
    let v = TempVault::new();
    v.file("people/Ada.md", person("2026-01-01"));
    let watch = Watch::start(&v, 100);
    std::fs::write(v.path().join("people/Ada.md"), "---\nname: [oops\n---\n").unwrap();
    let dropped = "people/Ada.md: cannot be read now; its last good version is left out until it is fixed";
    watch.wait_for("the error", |lines| lines.iter().any(|l| l == dropped));
    assert!(watch.lines.lock().unwrap().iter().any(|l| l.starts_with("people/Ada.md:3:1: error: YAML error")));
    watch.wait_until("Ada dropped", || overdue_names(&v).is_empty());
    std::fs::write(v.path().join("people/Ada.md"), person("2026-01-01")).unwrap();
    watch.wait_until("Ada back", || overdue_names(&v) == ["Ada"]);
    // A new note that never read well has no good version to fall back on.
    v.file("people/Bo.md", "---\nname: [oops\n---\n");
    let new = "people/Bo.md: cannot be read; left out until it is fixed";
    watch.wait_for("the new note's error", |lines| lines.iter().any(|l| l == new));
    watch.stop();
}

#[test]
fn once_reports_and_exits() {
    let v = TempVault::new();
    v.file("people/Ada.md", person("2026-01-01"));
    let run = v.kith(&["watch", "--once"]).ok();
    assert!(run.stdout.starts_with("built in "), "{}", run.stdout);
    assert_eq!(overdue_names(&v), ["Ada"]);
}

#[test]
fn polling_works_too() {
    let v = TempVault::new();
    v.file("people/Ada.md", person("2026-01-01"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kith"))
        .env("XDG_CACHE_HOME", common::cache_home())
        .args([
            "--vault",
            v.path().to_str().unwrap(),
            "--today",
            TODAY,
            "watch",
            "--poll",
            "0.1",
            "--debounce-ms",
            "50",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while overdue_names(&v) != ["Ada"] && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    v.file("people/Bob.md", person("2026-01-01"));
    while overdue_names(&v) != ["Ada", "Bob"] && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(overdue_names(&v), ["Ada", "Bob"], "a new note is seen");
    // An edit of a note that exists: the poller reports it as a new write time,
    // which it compares in whole seconds (notify's poller), so wait for the next one.
    std::thread::sleep(Duration::from_millis(1100));
    v.file("people/Ada.md", person("2026-11-20"));
    while overdue_names(&v) != ["Bob"] && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    assert_eq!(overdue_names(&v), ["Bob"], "an edit of an existing note is seen");
}

/// A vault in a folder of its own under `base`, so it can be deleted, moved and put back.
fn vault_in(base: &Path, name: &str, people: &[&str]) -> PathBuf {
    let root = base.join(name);
    for who in people {
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::write(root.join("people").join(format!("{who}.md")), person("2026-01-01")).unwrap();
    }
    root
}

fn watch_args(poll: bool) -> Vec<&'static str> {
    if poll {
        vec!["--poll", "0.1", "--debounce-ms", "50"]
    } else {
        vec!["--debounce-ms", "100"]
    }
}

fn said(lines: &[String], what: &str) -> usize {
    lines.iter().filter(|l| l.contains(what)).count()
}

fn a_vault_deleted_and_made_again_is_read_whole(poll: bool) {
    let base = tempfile::tempdir().unwrap();
    let root = vault_in(base.path(), "vault", &["Ada"]);
    let watch = Watch::spawn(&root, &watch_args(poll));
    watch.wait_until("the first build", || overdue_names_in(&root) == ["Ada"]);
    std::fs::remove_dir_all(&root).unwrap();
    watch.wait_for("the vault gone", |lines| said(lines, "is gone; waiting for it to come back") == 1);
    vault_in(base.path(), "vault", &["Bob", "Cleo"]);
    watch.wait_until("the vault read again", || overdue_names_in(&root) == ["Bob", "Cleo"]);
    watch.wait_for("the return said", |lines| said(lines, "is back; reading it whole") == 1);
    // Watched again: a change after the return is followed.
    std::fs::write(root.join("people/Dan.md"), person("2026-01-01")).unwrap();
    watch.wait_until("an edit after the return", || overdue_names_in(&root) == ["Bob", "Cleo", "Dan"]);
    let lines = watch.stop();
    assert_eq!(said(&lines, "is gone"), 1, "said once: {lines:?}");
}

#[test]
fn a_vault_deleted_and_made_again_is_read_whole_with_events() {
    a_vault_deleted_and_made_again_is_read_whole(false);
}

#[test]
fn a_vault_deleted_and_made_again_is_read_whole_when_polling() {
    a_vault_deleted_and_made_again_is_read_whole(true);
}

#[test]
fn another_vault_moved_into_place_is_read_whole() {
    let base = tempfile::tempdir().unwrap();
    let root = vault_in(base.path(), "vault", &["Ada"]);
    let other = vault_in(base.path(), "other", &["Bob"]);
    let old = base.path().join("old");
    let watch = Watch::spawn(&root, &watch_args(false));
    watch.wait_until("the first build", || overdue_names_in(&root) == ["Ada"]);
    std::fs::rename(&root, &old).unwrap();
    std::fs::rename(&other, &root).unwrap();
    watch.wait_until("the new vault read", || overdue_names_in(&root) == ["Bob"]);
    // The new folder is watched; the old one, wherever it went, no longer is.
    std::fs::write(old.join("people/Zed.md"), person("2026-01-01")).unwrap();
    std::fs::write(root.join("people/Cleo.md"), person("2026-01-01")).unwrap();
    watch.wait_until("an edit in the new vault", || overdue_names_in(&root) == ["Bob", "Cleo"]);
    assert_eq!(overdue_names_in(&old), ["Ada"], "the old vault's outputs are left alone");
    watch.stop();
}

#[test]
fn a_vault_deleted_for_good_is_never_made_again() {
    let base = tempfile::tempdir().unwrap();
    let roots = [vault_in(base.path(), "events", &["Ada"]), vault_in(base.path(), "polled", &["Ada"])];
    for root in &roots {
        std::fs::write(root.join("kith.yaml"), "output: kith\n").unwrap();
    }
    let watches: Vec<Watch> =
        roots.iter().zip([false, true]).map(|(r, poll)| Watch::spawn(r, &watch_args(poll))).collect();
    for (root, watch) in roots.iter().zip(&watches) {
        watch.wait_until("the first build", || overdue_names_in(root) == ["Ada"]);
        std::fs::remove_dir_all(root).unwrap();
    }
    for watch in &watches {
        watch.wait_for("the vault gone", |lines| said(lines, "is gone; waiting for it to come back") == 1);
    }
    // Many polls and debounce periods later, nothing was made again.
    let until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < until {
        let left: Vec<_> = std::fs::read_dir(base.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "made again: {left:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
    // Ctrl-C and SIGTERM still end it cleanly while it waits.
    for (watch, signal) in watches.into_iter().zip(["-INT", "-TERM"]) {
        let lines = watch.stop_with(signal);
        assert!(lines.last().unwrap().starts_with("stopped after"), "{lines:?}");
        assert_eq!(said(&lines, "is gone"), 1, "said once: {lines:?}");
        assert_eq!(said(&lines, "No such file"), 0, "only said that it is gone: {lines:?}");
    }
}

#[test]
fn a_vault_deleted_file_by_file_is_not_kept_alive_by_its_outputs() {
    let base = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..10).map(|i| format!("P{i:02}")).collect();
    let root = vault_in(base.path(), "vault", &names.iter().map(String::as_str).collect::<Vec<_>>());
    let watch = Watch::spawn(&root, &watch_args(false));
    watch.wait_until("the first build", || overdue_names_in(&root).len() == 10);
    // The output folder deleted alone is made again at the next change, once all is quiet.
    std::fs::remove_dir_all(root.join("kith")).unwrap();
    let before = watch.rebuilds();
    std::fs::write(root.join("people/P00.md"), person("2026-01-02")).unwrap();
    // The rebuild's status line comes once every output is written: deleting the folder
    // while the last files are still being written would fail (a new file in it).
    watch.wait_for("the outputs made again", |lines| {
        lines.iter().filter(|l| l.starts_with("rebuilt in ")).count() > before && overdue_names_in(&root).len() == 10
    });
    // As a sync tool deletes a folder: the outputs, then the notes one by one (slower than
    // the debounce, so rebuilds come between them), the folders last.
    std::fs::remove_dir_all(root.join("kith")).unwrap();
    for name in &names {
        std::fs::remove_file(root.join("people").join(format!("{name}.md"))).unwrap();
        std::thread::sleep(Duration::from_millis(250));
    }
    std::fs::remove_dir(root.join("people")).unwrap();
    std::fs::remove_dir(&root).expect("the vault being deleted holds nothing kith made again");
    watch.wait_for("the vault gone", |lines| said(lines, "is gone; waiting for it to come back") == 1);
    watch.stop();
}

/// The files `kith report` writes into the output folder, sorted.
fn outputs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// A deleted output folder (or one output file) comes back with no note changed, as
/// `kith report` would write it, with `--out` outside the vault too, and kith's own
/// writes start no rebuild loop.
fn a_deleted_output_folder_is_written_again(poll: bool, out_outside: bool) {
    let base = tempfile::tempdir().unwrap();
    let root = vault_in(base.path(), "vault", &["Ada"]);
    let dir = if out_outside { base.path().join("out") } else { root.join("kith") };
    let mut args = watch_args(poll);
    let out_arg = dir.to_str().unwrap().to_string();
    if out_outside {
        args.extend(["--out", &out_arg]);
    }
    let watch = Watch::spawn(&root, &args);
    watch.wait_until("the first build", || outputs_in(&dir).len() >= 12);
    let all = outputs_in(&dir);
    let garden = std::fs::read(dir.join("garden.md")).unwrap();

    std::fs::remove_dir_all(&dir).unwrap();
    watch.wait_until("the outputs written again", || outputs_in(&dir) == all);
    watch.wait_for("the status line", |lines| said(lines, &format!("{} outputs deleted; wrote ", all.len())) == 1);
    assert_eq!(std::fs::read(dir.join("garden.md")).unwrap(), garden, "written as before");

    std::fs::remove_file(dir.join("garden.md")).unwrap();
    watch.wait_until("the one file written again", || dir.join("garden.md").is_file());
    watch.wait_for("its status line", |lines| said(lines, "1 output deleted; wrote garden.md;") == 1);

    // Its own writes are no change: nothing more is rebuilt.
    let settled = watch.rebuilds();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(watch.rebuilds(), settled, "no rebuild loop: {:?}", watch.lines.lock().unwrap());
    watch.stop();
}

#[test]
fn a_deleted_output_folder_is_written_again_with_events() {
    a_deleted_output_folder_is_written_again(false, false);
}

#[test]
fn a_deleted_output_folder_is_written_again_when_polling() {
    a_deleted_output_folder_is_written_again(true, false);
}

#[test]
fn a_deleted_output_folder_outside_the_vault_is_written_again() {
    a_deleted_output_folder_is_written_again(false, true);
}
