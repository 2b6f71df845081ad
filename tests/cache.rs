//! The persistent parse cache: a run from the cache prints exactly what a cold
//! run prints, and every way a note can change on disk is noticed.

mod common;

use common::{snapshot_tree, Run, TempVault, TODAY};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// An hour ago.
fn an_hour_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

fn set_mtime(path: &Path, when: SystemTime) {
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

/// An hour, in seconds.
const HOUR: i64 = 3600;

/// Every file of the vault settled, now and as it is edited later: runs read
/// the racy rule's clock an hour ahead, as if each file had been written an
/// hour before kith ran (see `TempVault::clock_ahead`).
fn age(v: &TempVault) {
    v.clock_ahead(HOUR);
}

/// A copy of the example vault (every note shape, broken notes included), aged.
fn example_copy() -> TempVault {
    let v = TempVault::new();
    let src = common::example_vault();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&src).unwrap().to_str().unwrap().to_string();
            v.file(&rel, std::fs::read(entry.path()).unwrap());
        }
    }
    age(&v);
    v
}

/// The parse cache files (`.cache`) in the vault's cache home.
fn cache_files(v: &TempVault) -> Vec<PathBuf> {
    files_in(v).into_iter().filter(|p| p.extension().is_some_and(|e| e == "cache")).collect()
}

/// The stored results (`.result`) next to the parse cache.
fn result_files(v: &TempVault) -> Vec<PathBuf> {
    files_in(v).into_iter().filter(|p| p.extension().is_some_and(|e| e == "result")).collect()
}

fn files_in(v: &TempVault) -> Vec<PathBuf> {
    let dir = v.cache_home.path().join("kith");
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    files
}

fn the_cache(v: &TempVault) -> PathBuf {
    let files = cache_files(v);
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    files[0].clone()
}

fn cache_identity(v: &TempVault) -> (u64, SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(the_cache(v)).unwrap();
    (meta.ino(), meta.modified().unwrap())
}

/// Everything a user sees: check, the JSON reports, and every published page.
fn everything(v: &TempVault, extra: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    for args in [&["check"][..], &["overdue", "--format", "json"], &["people", "--format", "json"], &["ledger"]] {
        let all: Vec<&str> = extra.iter().chain(args).copied().collect();
        let run = v.kith(&all);
        seen.push(format!("{args:?} exit {}\n{}\n{}", run.code, run.stdout, run.stderr));
    }
    let out = tempfile::tempdir().unwrap();
    let args: Vec<&str> = extra.iter().copied().chain(["publish", "--out", out.path().to_str().unwrap()]).collect();
    let run = v.kith(&args);
    seen.push(format!("publish exit {}\n{}\n{}", run.code, run.stdout, run.stderr));
    for (path, bytes) in snapshot_tree(out.path()) {
        seen.push(format!("{}\n{}", path.display(), String::from_utf8_lossy(&bytes)));
    }
    seen
}

fn assert_same(cold: &[String], cached: &[String]) {
    assert_eq!(cold.len(), cached.len());
    for (a, b) in cold.iter().zip(cached) {
        assert_eq!(a, b, "cached output differs from a cold run");
    }
}

#[test]
fn cached_runs_print_exactly_what_cold_runs_print() {
    let v = example_copy();
    let cold = everything(&v, &["--no-cache"]);
    assert!(cache_files(&v).is_empty(), "--no-cache writes no cache");
    let first = everything(&v, &[]);
    let written = cache_identity(&v);
    let second = everything(&v, &[]);
    assert_eq!(cache_identity(&v), written, "nothing changed: every note came from the cache, which was not rewritten");
    assert_same(&cold, &first);
    assert_same(&cold, &second);
}

fn ada(date: &str) -> String {
    person("Ada", date)
}

fn person(name: &str, date: &str) -> String {
    format!("---\ntype: person\nname: {name}\ncadence: 2w\n---\n## Log\n- {date} Coffee\n")
}

fn overdue_of(v: &TempVault) -> String {
    v.kith(&["overdue", "--format", "json"]).ok().stdout
}

fn small_vault() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", ada("2026-01-01")).file("people/Bo.md", person("Bo", "2026-02-01"));
    age(&v);
    let first = overdue_of(&v);
    assert!(first.contains("2026-01-01"), "{first}");
    v
}

#[test]
fn an_edited_note_is_read_again() {
    let v = small_vault();
    v.file("people/Ada.md", format!("{}- 2026-11-20 Lunch\n", ada("2026-01-01")));
    let out = overdue_of(&v);
    assert!(!out.contains("\"Ada\""), "Ada was seen three days ago, not overdue: {out}");
    assert_eq!(overdue_of(&v), out);
}

#[test]
fn a_same_size_edit_with_its_mtime_put_back_is_read_again() {
    let v = small_vault();
    let path = v.path().join("people/Ada.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, ada("2026-11-20")).unwrap();
    set_mtime(&path, before);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), ada("2026-01-01").len() as u64);
    let out = overdue_of(&v);
    assert!(!out.contains("2026-01-01"), "the old date came from the cache: {out}");
}

/// A same-size edit whose mtime was put back keeps size and mtime, but not
/// the ctime: until the ctime leaves the racy window the note is neither kept
/// in the parse cache nor part of a stored result (a second such edit within
/// the same ctime tick would keep the whole stamp).
#[test]
fn a_same_size_edit_with_its_mtime_put_back_stays_racy_until_its_ctime_settles() {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", ada("2026-01-01")).file("people/Bo.md", person("Bo", "2026-02-01"));
    for name in ["kith.yaml", "people/Ada.md", "people/Bo.md"] {
        set_mtime(&v.path().join(name), an_hour_ago());
    }
    // The real clock from here on: let the ctimes those writes set leave the racy window.
    std::thread::sleep(Duration::from_millis(2100));
    let before = overdue_of(&v);
    assert!(before.contains("2026-02-01"), "{before}");
    let stored = result_files(&v);
    assert_eq!(stored.len(), 1, "settled files, real clock: the result was stored: {:?}", files_in(&v));
    let (result, cache) = (identity(&stored[0]), identity(&the_cache(&v)));
    let path = v.path().join("people/Bo.md");
    std::fs::write(&path, person("Bo", "2026-11-21")).unwrap();
    set_mtime(&path, an_hour_ago());
    // Run at once, while Bo's ctime is within the racy window.
    let racy = overdue_of(&v);
    assert_eq!(identity(&the_cache(&v)), cache, "Bo's ctime is racy: not appended to the parse cache");
    assert_eq!(identity(&stored[0]), result, "Bo's ctime is racy: no result stored");
    let cold = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout;
    assert!(!cold.contains("2026-02-01"), "{cold}");
    assert_eq!(racy, cold);
    age(&v);
    assert_eq!(overdue_of(&v), cold);
    assert_ne!(identity(&the_cache(&v)), cache, "settled: Bo written to the parse cache");
    assert_ne!(identity(&stored[0]), result, "settled: the result stored");
    assert_eq!(overdue_of(&v), cold);
}

/// A note whose mtime is in the future (a sync tool on a machine with a
/// skewed clock) does not make every run slow until that day comes: it is
/// not racy while that time is far; an edit to it is still seen; as that
/// time comes near it is read again, and once it passed, trusted again.
#[test]
fn a_note_with_an_mtime_in_the_future_does_not_stop_stored_results() {
    let v = small_vault();
    let stored = result_files(&v);
    assert_eq!(stored.len(), 1, "{:?}", files_in(&v));
    let settled = identity(&stored[0]);
    let path = v.path().join("people/Ada.md");
    let year = 365 * 24 * HOUR;
    let now_secs = || SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as i64;
    let future_secs = now_secs() + year;
    let future = SystemTime::UNIX_EPOCH + Duration::from_secs(future_secs as u64);
    set_mtime(&path, future);
    let cold = |v: &TempVault| v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout;
    let before = cold(&v);
    assert_eq!(overdue_of(&v), before);
    let (result, cache) = (identity(&stored[0]), identity(&the_cache(&v)));
    assert_ne!(result, settled, "the result was stored with the note in the future");
    assert_eq!(overdue_of(&v), before);
    assert_eq!(identity(&stored[0]), result, "printed from the stored result, not stored again");
    v.kith(&["people", "--format", "json"]).ok();
    assert_eq!(identity(&the_cache(&v)), cache, "every note from the parse cache: nothing appended");
    // An edit of the same size, its future mtime put back.
    std::fs::write(&path, ada("2026-11-20")).unwrap();
    set_mtime(&path, future);
    let after = cold(&v);
    assert_ne!(after, before);
    assert_eq!(overdue_of(&v), after);
    assert_eq!(overdue_of(&v), after);
    // That time comes: within its racy window nothing is trusted or stored, then all is again.
    let result = identity(&stored[0]);
    // The racy rule's clock a second (and this second's fraction) before that time.
    v.clock_ahead(future_secs - now_secs() - 1);
    assert_eq!(overdue_of(&v), after);
    assert_eq!(identity(&stored[0]), result, "racy: no result stored");
    v.clock_ahead(year + HOUR);
    assert_eq!(overdue_of(&v), after);
    assert_ne!(identity(&stored[0]), result, "settled: the result stored");
    let result = identity(&stored[0]);
    assert_eq!(overdue_of(&v), after);
    assert_eq!(identity(&stored[0]), result);
}

#[test]
fn two_notes_of_one_size_and_mtime_that_swap_names_are_read_again() {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", ada("2026-01-01")).file("people/Cyd.md", person("Cyd", "2026-02-01"));
    let when = an_hour_ago();
    for name in ["people/Ada.md", "people/Cyd.md"] {
        set_mtime(&v.path().join(name), when);
    }
    age(&v);
    assert!(overdue_of(&v).contains("2026-01-01"));
    let (ada_path, cyd_path, swap) =
        (v.path().join("people/Ada.md"), v.path().join("people/Cyd.md"), v.path().join("swap.tmp"));
    std::fs::rename(&ada_path, &swap).unwrap();
    std::fs::rename(&cyd_path, &ada_path).unwrap();
    std::fs::rename(&swap, &cyd_path).unwrap();
    let cold = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout;
    assert!(cold.contains("\"people/Ada.md\"") && cold.contains("\"Cyd\""), "{cold}");
    assert_eq!(overdue_of(&v), cold, "each path holds the other note now");
    assert_eq!(overdue_of(&v), cold);
}

#[test]
fn renamed_and_deleted_notes_leave_the_cache() {
    let v = small_vault();
    std::fs::rename(v.path().join("people/Ada.md"), v.path().join("people/Ada Lovelace.md")).unwrap();
    std::fs::remove_file(v.path().join("people/Bo.md")).unwrap();
    let out = overdue_of(&v);
    assert!(out.contains("people/Ada Lovelace.md"), "{out}");
    assert!(!out.contains("people/Ada.md") && !out.contains("Bo"), "{out}");
    let fresh = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout;
    assert_eq!(out, fresh);
}

#[test]
fn a_corrupted_cache_is_rebuilt_with_a_notice() {
    let v = example_copy();
    let cold = everything(&v, &["--no-cache"]);
    everything(&v, &[]);
    let file = the_cache(&v);
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x5a;
    for (what, bytes) in [
        ("flipped byte", flipped),
        ("truncated", good[..good.len() / 3].to_vec()),
        ("garbage", b"not a cache".to_vec()),
    ] {
        std::fs::write(&file, &bytes).unwrap();
        let run: Run = v.kith(&["overdue", "--format", "json"]);
        let notices: Vec<&str> = run.stderr.lines().filter(|l| l.contains("cache")).collect();
        assert_eq!(notices.len(), 1, "{what}: one line about the cache: {}", run.stderr);
        assert!(notices[0].contains("rebuilding"), "{what}: {}", notices[0]);
        assert_ne!(std::fs::read(&file).unwrap(), bytes, "{what}: the cache was rewritten");
        assert_same(&cold, &everything(&v, &[]));
    }
}

#[test]
fn a_moved_vault_reads_its_notes_where_they_are_now() {
    let v = small_vault();
    let moved = tempfile::tempdir().unwrap();
    let to = moved.path().join("vault");
    std::fs::rename(v.path(), &to).unwrap();
    std::fs::write(to.join("people/Bo.md"), person("Bo", "2026-11-21")).unwrap();
    let run = v.kith_in(&to, TODAY, &["overdue", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"Ada\"") && !run.stdout.contains("2026-02-01"), "{}", run.stdout);
    std::fs::rename(&to, v.path()).unwrap();
}

#[test]
fn the_cache_setting_moves_or_turns_off_the_cache() {
    let v = small_vault();
    assert_eq!(cache_files(&v).len(), 1);
    v.file("kith.yaml", "cache: .kith-cache\n");
    overdue_of(&v);
    let moved: Vec<_> = std::fs::read_dir(v.path().join(".kith-cache"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "cache"))
        .collect();
    assert_eq!(moved.len(), 1, "the cache file is in the folder kith.yaml names");
    let off = TempVault::new();
    off.file("kith.yaml", "cache: off\n").file("people/Ada.md", ada("2026-01-01"));
    overdue_of(&off);
    assert!(cache_files(&off).is_empty() && result_files(&off).is_empty(), "cache: off writes no cache");
}

#[test]
fn a_cache_folder_that_is_a_file_reads_every_note_without_a_notice() {
    let v = small_vault();
    v.file("kith.yaml", "cache: notes.txt\n").file("notes.txt", "not a folder\n");
    let cold = v.kith(&["--no-cache", "overdue", "--format", "json"]);
    for _ in 0..2 {
        let run = v.kith(&["overdue", "--format", "json"]);
        assert_eq!(
            (run.code, &run.stdout, &run.stderr),
            (cold.code, &cold.stdout, &cold.stderr),
            "no cache can be kept there"
        );
    }
    assert_eq!(std::fs::read_to_string(v.path().join("notes.txt")).unwrap(), "not a folder\n");
}

/// The lines of a run's stderr about the cache.
fn cache_lines(run: &Run) -> Vec<&str> {
    run.stderr.lines().filter(|l| l.contains("cache")).collect()
}

/// A cache or stored result kith cannot use, nor replace nor remove (here: a
/// folder where the file should be; tests run as root, whom permissions do
/// not stop) is not "rebuilt" on every run: each run that needs it says it
/// cannot replace it, and prints what a cold run prints.
#[test]
fn a_cache_that_cannot_be_replaced_says_so_instead_of_rebuilding() {
    let v = small_vault();
    let cold = |args: &[&str]| {
        let all: Vec<&str> = ["--no-cache"].iter().chain(args).copied().collect();
        v.kith(&all).ok()
    };
    let file = the_cache(&v);
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    for args in [&["overdue", "--format", "json"][..], &["people", "--format", "json"]] {
        let (run, cold) = (v.kith(args).ok(), cold(args));
        assert_eq!((&run.stdout, run.stderr.contains(&cold.stderr)), (&cold.stdout, true), "{args:?}");
        let lines = cache_lines(&run);
        assert_eq!(lines.len(), 1, "{args:?}: one line about the cache: {}", run.stderr);
        assert!(lines[0].contains("cannot replace it") && !lines[0].contains("rebuilding"), "{}", lines[0]);
        assert!(lines[0].contains(&file.display().to_string()), "{}", lines[0]);
    }
    assert!(file.is_dir());
    std::fs::remove_dir(&file).unwrap();
    let args = ["ledger"];
    let (run, cold) = (v.kith(&args).ok(), cold(&args));
    assert_eq!(run.stdout, cold.stdout);
    assert!(cache_lines(&run).is_empty(), "{}", run.stderr);
    let stored: Vec<PathBuf> = result_files(&v).into_iter().filter(|p| !p.is_dir()).collect();
    for result in &stored {
        std::fs::remove_file(result).unwrap();
        std::fs::create_dir(result).unwrap();
    }
    for _ in 0..2 {
        let run = v.kith(&args).ok();
        assert_eq!(run.stdout, cold.stdout);
        let lines = cache_lines(&run);
        assert_eq!(lines.len(), 1, "one line about the stored result: {}", run.stderr);
        assert!(lines[0].contains("cannot be removed") && !lines[0].contains("rebuilding"), "{}", lines[0]);
    }
}

/// Run kith on `v` with a file size limit of `bytes` (as a full disk would
/// stop it: writes past it fail), the racy clock of `v`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn with_disk_full_at(v: &TempVault, bytes: u64, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut command = common::kith_command(v.path(), TODAY, args, v.cache_home.path());
    command.env("KITH_TEST_CLOCK_AHEAD", HOUR.to_string());
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            // Ignored, a write past the limit fails (EFBIG) instead of killing kith.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    common::run_command(&mut command)
}

/// A full disk never leaves a damaged cache behind: a segment that cannot be
/// appended whole is taken back, and the next run uses the cache without a
/// word. A damaged cache that cannot be written again is removed, said once:
/// the next runs read every note without a word, as where no cache can be kept.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_full_disk_leaves_no_damaged_cache_and_says_so_once() {
    let v = linked_vault(80);
    overdue_of(&v);
    let file = the_cache(&v);
    let good = std::fs::read(&file).unwrap();
    let path = v.path().join("people/P3.md");
    std::fs::write(&path, linked_person(3, 80, "2026-11-21")).unwrap();
    let args = ["overdue", "--format", "json"];
    let cold = v.kith(&["--no-cache", "overdue", "--format", "json"]).ok();
    let run = with_disk_full_at(&v, good.len() as u64 + 16, &args).ok();
    assert_eq!((&run.stdout, &run.stderr), (&cold.stdout, &cold.stderr));
    assert!(std::fs::read(&file).unwrap() == good, "the cut segment was taken back");
    let run = v.kith(&args).ok();
    assert_eq!((&run.stdout, &run.stderr), (&cold.stdout, &cold.stderr), "the cache was whole");
    // That run came from the parts kept by the run before (`crate::kept`,
    // whose file was small enough to write): the next run that reads notes
    // through the parse cache appends P3.
    v.kith(&["people", "--format", "json"]).ok();
    assert!(std::fs::read(&file).unwrap().len() > good.len(), "P3 appended now");
    std::fs::write(&file, b"not a cache").unwrap();
    let run = with_disk_full_at(&v, 8, &["people"]).ok();
    let lines = cache_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].contains("removed it") && !lines[0].contains("rebuilding"), "{}", lines[0]);
    assert!(!file.exists(), "the damaged cache was removed");
    for _ in 0..2 {
        let run = with_disk_full_at(&v, 8, &["people"]).ok();
        assert!(cache_lines(&run).is_empty(), "said once: {}", run.stderr);
    }
    let run = v.kith(&args).ok();
    assert_eq!((&run.stdout, &run.stderr), (&cold.stdout, &cold.stderr));
    assert!(file.exists(), "with room again, the cache is written without a word");
}

#[test]
fn a_stored_result_is_printed_again_only_while_nothing_changed() {
    let v = example_copy();
    let cold = everything(&v, &["--no-cache"]);
    assert!(result_files(&v).is_empty(), "--no-cache stores no result");
    everything(&v, &[]);
    let identity = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(p).unwrap();
        (meta.ino(), meta.modified().unwrap())
    };
    let stored: Vec<_> = result_files(&v).into_iter().map(|p| (identity(&p), p)).collect();
    assert_eq!(stored.len(), 4, "check, overdue, people and ledger were stored: {stored:?}");
    let parse_cache = cache_identity(&v);
    assert_same(&cold, &everything(&v, &[]));
    for (was, path) in &stored {
        assert_eq!(&identity(path), was, "an unchanged vault stores nothing again");
    }
    assert_eq!(cache_identity(&v), parse_cache);
    // Another day is another result.
    let today = v.kith(&["overdue", "--format", "json"]).ok().stdout;
    let later = |args: &[&str]| v.kith_on("2026-12-24", args).ok().stdout;
    let tomorrow = later(&["overdue", "--format", "json"]);
    assert_ne!(today, tomorrow);
    assert_eq!(tomorrow, later(&["--no-cache", "overdue", "--format", "json"]));
    for day in 1..=12 {
        let day = format!("2026-10-{day:02}");
        v.kith_on(&day, &["ledger"]).ok();
    }
    assert_eq!(result_files(&v).len(), 8, "the 8 newest results are kept");
}

#[test]
fn a_result_is_not_reused_after_an_edit_that_keeps_size_and_mtime() {
    let v = small_vault();
    let out = overdue_of(&v);
    assert_eq!(overdue_of(&v), out);
    assert!(!result_files(&v).is_empty(), "stored: {:?}", files_in(&v));
    let path = v.path().join("people/Bo.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, person("Bo", "2026-11-21")).unwrap();
    set_mtime(&path, before);
    let after = overdue_of(&v);
    assert!(!after.contains("2026-02-01"), "the stored result was printed: {after}");
    assert_eq!(after, v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout);
}

#[test]
fn no_result_is_stored_while_a_note_is_within_the_racy_window() {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", ada("2026-01-01"));
    overdue_of(&v);
    overdue_of(&v);
    assert!(result_files(&v).is_empty(), "a note written just now may change again unseen: {:?}", files_in(&v));
    age(&v);
    overdue_of(&v);
    assert_eq!(result_files(&v).len(), 1, "{:?}", files_in(&v));
}

#[test]
fn a_damaged_result_is_not_trusted() {
    let v = small_vault();
    let out = overdue_of(&v);
    let stored = result_files(&v);
    assert_eq!(stored.len(), 1, "{stored:?}");
    let good = std::fs::read(&stored[0]).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 3;
    flipped[last] ^= 0x20;
    for (what, bytes) in [
        ("flipped byte", flipped),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("garbage", b"not a result".to_vec()),
    ] {
        std::fs::write(&stored[0], &bytes).unwrap();
        let run = v.kith(&["overdue", "--format", "json"]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_eq!(run.stdout, out, "{what}");
        let notices: Vec<&str> = run.stderr.lines().filter(|l| l.contains("cache")).collect();
        assert_eq!(notices.len(), 1, "{what}: one line about the cache: {}", run.stderr);
        assert_ne!(std::fs::read(&stored[0]).unwrap(), bytes, "{what}: the result was stored again");
    }
}

/// A vault of `n` people whose log entries link each other (and a goal), aged,
/// big enough that one note read again is appended to the cache, not written whole.
fn linked_vault(n: usize) -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("goals/Ship it.md", "---\ntype: goal\ntarget: 5\n---\n");
    for i in 0..n {
        v.file(&format!("people/P{i}.md"), linked_person(i, n, "2026-01-05"));
    }
    age(&v);
    v
}

fn linked_person(i: usize, n: usize, date: &str) -> String {
    let (a, b) = ((i + 1) % n, (i + 7) % n);
    format!(
        "---\ntype: person\nname: P{i}\ncadence: 3w\nstage: growing\n---\n## Log\n\
         - {date} Coffee with [[P{a}]] and [[P{b}]] #intro\n\
         - 2025-12-01 #referral [[Referred {i}]] from [[P{a}]]\n\
         - 2025-11-01 #win [[Ship it]] with [[P{b}]] #gave\n"
    )
}

fn identity(path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.ino(), meta.len())
}

/// A change made to the vault on disk.
type Edit = dyn Fn(&Path);

#[test]
fn a_run_after_a_few_edits_appends_them_to_the_cache_and_prints_what_a_cold_run_prints() {
    let v = linked_vault(80);
    assert_same(&everything(&v, &["--no-cache"]), &everything(&v, &[]));
    let (ino, mut len) = identity(&the_cache(&v));
    // The vault is aged: each edit is settled (one within the racy window would be read again, never cached).
    let edits: [(&str, &Edit); 5] = [
        ("an entry added", &|root| {
            let path = root.join("people/P3.md");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}- 2026-11-20 Lunch with [[P9]] #gave\n")).unwrap();
        }),
        ("a person added", &|root| {
            std::fs::write(root.join("people/New One.md"), linked_person(5, 80, "2026-11-02")).unwrap();
        }),
        ("a person renamed", &|root| {
            std::fs::rename(root.join("people/P9.md"), root.join("people/P9 Renamed.md")).unwrap();
        }),
        ("a person deleted", &|root| std::fs::remove_file(root.join("people/P1.md")).unwrap()),
        ("a same-size edit with its mtime put back", &|root| {
            let path = root.join("people/P4.md");
            let before = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, linked_person(4, 80, "2026-11-05")).unwrap();
            set_mtime(&path, before);
        }),
    ];
    for (what, edit) in edits {
        edit(v.path());
        let cached = everything(&v, &[]);
        assert_same(&everything(&v, &["--no-cache"]), &cached);
        let (now_ino, now_len) = identity(&the_cache(&v));
        assert_eq!(now_ino, ino, "{what}: the cache was appended to, not written again whole");
        assert!(now_len > len, "{what}: a segment was appended");
        len = now_len;
    }
    let settled = identity(&the_cache(&v));
    assert_same(&everything(&v, &["--no-cache"]), &everything(&v, &[]));
    assert_eq!(identity(&the_cache(&v)), settled, "nothing changed: nothing appended");
}

#[test]
fn appended_segments_are_folded_into_one_when_they_grow() {
    let v = linked_vault(40);
    overdue_of(&v);
    let (ino, first_len) = identity(&the_cache(&v));
    let mut rewritten = false;
    for round in 0..40 {
        let i = round % 40;
        v.file(&format!("people/P{i}.md"), linked_person(i, 40, &format!("2026-10-{:02}", round % 28 + 1)));
        overdue_of(&v);
        let (now_ino, now_len) = identity(&the_cache(&v));
        rewritten |= now_ino != ino;
        assert!(now_len < first_len * 3 / 2, "round {round}: the cache stays near its size ({now_len} vs {first_len})");
    }
    assert!(rewritten, "the appended segments were folded into a new file");
    assert_eq!(overdue_of(&v), v.kith(&["--no-cache", "overdue", "--format", "json"]).ok().stdout);
}

#[test]
fn a_damaged_or_cut_appended_segment_is_rebuilt_with_a_notice() {
    let v = linked_vault(80);
    let cold = everything(&v, &["--no-cache"]);
    everything(&v, &[]);
    let base = std::fs::read(the_cache(&v)).unwrap();
    let path = v.path().join("people/P3.md");
    std::fs::write(&path, linked_person(3, 80, "2026-11-21")).unwrap();
    let cold = (cold, everything(&v, &["--no-cache"]));
    everything(&v, &[]);
    let good = std::fs::read(the_cache(&v)).unwrap();
    assert!(good.len() > base.len() && good.starts_with(&base), "a segment was appended");
    let mut flipped = good.clone();
    let in_tail = base.len() + (good.len() - base.len()) / 2;
    flipped[in_tail] ^= 0x5a;
    for (what, bytes) in
        [("a byte flipped in the appended segment", flipped), ("cut short", good[..good.len() - 5].to_vec())]
    {
        std::fs::write(the_cache(&v), &bytes).unwrap();
        let run = v.kith(&["overdue", "--format", "json"]);
        let notices: Vec<&str> = run.stderr.lines().filter(|l| l.contains("cache")).collect();
        assert_eq!(notices.len(), 1, "{what}: one line about the cache: {}", run.stderr);
        assert!(notices[0].contains("rebuilding"), "{what}: {}", notices[0]);
        assert_ne!(std::fs::read(the_cache(&v)).unwrap(), bytes, "{what}: the cache was rewritten");
        assert_same(&cold.1, &everything(&v, &[]));
    }
    assert_eq!(cold.0.len(), cold.1.len());
}

/// The walk that stats every note for the parse cache and stored results
/// (folders read in parallel, big folders stated in chunks) finds the notes
/// and problems the cold walk finds: hidden and template folders at any
/// depth, the output folder, folders named like notes, symlinks in and out of
/// the vault, names that are not UTF-8. A stored result bigger than a read
/// block is printed whole.
#[cfg(unix)]
#[test]
fn the_stat_walk_finds_what_the_cold_walk_finds() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let v = TempVault::new();
    v.file("kith.yaml", "");
    for i in 0..1300 {
        v.file(&format!("people/many/P{i:04}.md"), person(&format!("P{i:04}"), "2026-03-01"));
    }
    v.file("people/Ada.md", ada("2026-01-01"))
        .file("people/deep/er/Bo.md", person("Bo", "2026-02-01"))
        .file("people/deep/Templates/T.md", person("T", "2026-02-01"))
        .file("people/deep/template/U.md", person("U", "2026-02-01"))
        .file("people/.hidden/H.md", person("H", "2026-02-01"))
        .file("people/.H2.md", person("H2", "2026-02-01"))
        .file("kith/Out.md", person("Out", "2026-02-01"))
        .file("people/Folder.md/Inside.md", person("Inside", "2026-02-01"))
        .file("people/notes.txt", "not a note");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("Secret.md"), person("Secret", "2026-02-01")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("Secret.md"), v.path().join("people/Secret.md")).unwrap();
    std::os::unix::fs::symlink(v.path().join("people/Ada.md"), v.path().join("people/Twin.md")).unwrap();
    std::os::unix::fs::symlink(v.path().join("people"), v.path().join("people/deep/loop")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/deep/linked")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/deep/Linked.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), v.path().join("people/deep/er/Templates")).unwrap();
    let people = v.path().join("people");
    std::fs::write(people.join(OsStr::from_bytes(b"Ren\xe9e.md")), ada("2026-01-01")).unwrap();
    let folder = people.join(OsStr::from_bytes(b"Caf\xe9"));
    std::fs::create_dir_all(folder.join("inner")).unwrap();
    std::fs::write(folder.join("Cy.md"), ada("2026-01-01")).unwrap();
    std::fs::write(folder.join("inner").join(OsStr::from_bytes(b"Zo\xeb.md")), ada("2026-01-01")).unwrap();
    age(&v);
    let runs = |extra: &[&str]| -> Vec<String> {
        [&["check"][..], &["overdue", "--format", "json"], &["people", "--format", "json"]]
            .iter()
            .map(|args| {
                let all: Vec<&str> = extra.iter().chain(args.iter()).copied().collect();
                let run = v.kith(&all);
                format!("{args:?} exit {}\n{}\n{}", run.code, run.stdout, run.stderr)
            })
            .collect()
    };
    let cold = runs(&["--no-cache"]);
    assert!(cold[0].contains("1,303 notes read"), "{}", cold[0]);
    assert!(cold[0].contains("people/Secret.md:1: warning: symlink to a file outside the vault"), "{}", cold[0]);
    assert!(cold[0].contains("people/Caf\u{FFFD}:1: warning: folder name is not valid UTF-8"), "{}", cold[0]);
    assert!(cold[0].contains("people/deep/linked:1: warning: symlink to a folder outside the vault"), "{}", cold[0]);
    assert!(cold[0].contains("people/deep/Linked.md:1: warning: symlink to a folder outside"), "{}", cold[0]);
    assert!(!cold[0].contains("people/deep/er/Templates:"), "{}", cold[0]);
    assert!(cold[2].len() > 256 * 1024, "the stored people list spans several read blocks: {}", cold[2].len());
    let first = runs(&[]);
    assert_eq!(result_files(&v).len(), 3, "{:?}", files_in(&v));
    let stored = runs(&[]);
    assert_same(&cold, &first);
    assert_same(&cold, &stored);
}
