//! Issue 12, lost or overwritten data: every note write is locked,
//! compare-and-swap, atomic and durable; protected notes are left alone.

mod common;
use common::TempVault;

const ADA: &str = "---\nname: Ada\nstage: seed\n---\n\n## Log\n\n- 2026-01-01 met\n";

#[test]
fn forty_concurrent_logs_keep_forty_entries() {
    let v = TempVault::new();
    v.file("people/Ada.md", ADA);
    let children: Vec<_> = (0..40)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
                .env("XDG_CACHE_HOME", common::cache_home())
                .arg("--vault")
                .arg(v.path())
                .args(["--today", common::TODAY, "log", "Ada", &format!("entry number {i}")])
                .env_remove("KITH_VAULT")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn kith")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = std::fs::read_to_string(v.path().join("people/Ada.md")).unwrap();
    for i in 0..40 {
        assert_eq!(text.matches(&format!("entry number {i}\n")).count(), 1, "entry {i} missing:\n{text}");
    }
    assert!(text.starts_with(ADA), "the original text stays first and intact:\n{text}");
    let left: Vec<_> = std::fs::read_dir(v.path().join("people")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["Ada.md"], "no lock or temporary file left behind");
    let json = v.kith(&["--format", "json", "show", "Ada"]).ok().json();
    assert_eq!(json["log_entries"], 41, "the note still parses, with every entry counted");
}

#[cfg(unix)]
#[test]
fn read_only_note_is_refused_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let v = TempVault::new();
    v.file("people/Ada.md", ADA);
    let path = v.path().join("people/Ada.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = v.kith(&["log", "Ada", "coffee"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("people/Ada.md") && run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), ADA);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
}

#[test]
fn stale_kith_temp_files_are_cleaned_up_and_never_read() {
    let v = TempVault::new();
    v.file("people/Ada.md", ADA);
    // What a kill -9 mid-write leaves: a hidden temp file holding a whole note.
    v.file("people/.kith-Ab12Cd.tmp", ADA.replace("Ada", "Ghost"));
    v.file("people/.kith-fresh.tmp", "a write in progress");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(v.path().join("people/.kith-Ab12Cd.tmp"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let people = v.kith(&["--format", "json", "people"]).ok().json();
    assert_eq!(common::names(&people), ["Ada"], "a temp file is never read as a note");
    v.kith(&["log", "Ada", "coffee"]).ok();
    assert!(!v.path().join("people/.kith-Ab12Cd.tmp").exists(), "the stale temp file is removed");
    assert!(v.path().join("people/.kith-fresh.tmp").exists(), "a recent one may be another write in progress");
}

#[test]
fn add_cleans_stale_temps_and_leaves_no_lock_file() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.file("people/.kith-old.tmp", "left by a crash");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(v.path().join("people/.kith-old.tmp"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    v.kith(&["add", "Grace Hopper"]).ok();
    let left: Vec<_> = std::fs::read_dir(v.path().join("people")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["Grace Hopper.md"], "stale temp removed, no lock file left");
}

#[test]
fn add_of_a_dot_name_or_a_path_creates_no_hidden_or_escaping_file() {
    let v = TempVault::new();
    v.file("kith.yaml", "");
    v.kith(&["add", ".NET Guy"]).ok();
    v.kith(&["add", "../../x"]).ok();
    let mut left: Vec<_> = std::fs::read_dir(v.path().join("people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["NET Guy.md", "x.md"]);
    let people = v.kith(&["--format", "json", "people"]).ok().json();
    assert_eq!(people.as_array().unwrap().len(), 2, "both are read back");
}

#[test]
fn stale_kith_temp_files_in_the_output_folder_are_cleaned_up_by_report_and_watch() {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/Ada.md", ADA);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for command in [&["report"][..], &["watch", "--once"][..]] {
        // What a kill -9 of `kith report` or `kith watch` mid-write leaves.
        v.file("kith/.kith-Xy12Zw.tmp", "half a report");
        v.file("kith/.kith-fresh.tmp", "a write in progress");
        let stale = std::fs::File::options().write(true).open(v.path().join("kith/.kith-Xy12Zw.tmp")).unwrap();
        stale.set_modified(old).unwrap();
        v.kith(command).ok();
        assert!(!v.path().join("kith/.kith-Xy12Zw.tmp").exists(), "{command:?}: the stale temp file is removed");
        assert!(v.path().join("kith/.kith-fresh.tmp").exists(), "{command:?}: a recent one is left alone");
    }
}
