//! Issue 12: reports are never written where they could overwrite or add to
//! the notes kith reads.

mod common;
use common::{snapshot_tree, TempVault};

const ADA: &str = "---\nname: Ada\nstage: seed\nlast_contact: 2026-01-01\n---\n\n## Log\n\n- 2026-01-01 met\n";
const GOAL: &str = "---\ntitle: Speak\ntarget: 3\n---\n";

fn vault() -> TempVault {
    let v = TempVault::new();
    v.file("kith.yaml", "").file("people/garden.md", ADA).file("goals/Speak.md", GOAL);
    v
}

fn refused(v: &TempVault, args: &[&str], why: &str) {
    let before = snapshot_tree(v.path());
    let run = v.kith(args);
    assert_eq!(run.code, 2, "{args:?}\n{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("output folder") && run.stderr.contains(why), "{}", run.stderr);
    assert_eq!(snapshot_tree(v.path()), before, "nothing written");
}

#[test]
fn report_out_people_folder_is_refused_and_overwrites_no_person() {
    let v = vault();
    let people = v.path().join("people");
    refused(&v, &["report", "--out", people.to_str().unwrap()], "people folder");
    let inside = v.path().join("people/sub");
    refused(&v, &["report", "--out", inside.to_str().unwrap()], "people folder");
}

#[test]
fn output_people_in_kith_yaml_is_refused() {
    let v = vault();
    v.file("kith.yaml", "output: people\n");
    refused(&v, &["report"], "people folder");
    refused(&v, &["watch", "--once"], "people folder");
}

#[test]
fn report_out_vault_root_or_goals_folder_is_refused() {
    let v = vault();
    refused(&v, &["report", "--out", v.path().to_str().unwrap()], "vault root");
    let dotted = v.path().join("people/..");
    refused(&v, &["report", "--out", dotted.to_str().unwrap()], "vault root");
    refused(&v, &["report", "--out", v.path().join("goals").to_str().unwrap()], "goals folder");
}

#[test]
fn report_out_folder_holding_notes_is_refused() {
    let v = vault();
    v.file("archive/Old Friend.md", ADA.replace("Ada", "Old Friend"));
    refused(&v, &["report", "--out", v.path().join("archive").to_str().unwrap()], "archive/Old Friend.md");
}

#[test]
fn the_usual_output_folder_and_one_outside_the_vault_are_fine() {
    let v = vault();
    v.kith(&["report"]).ok();
    v.kith(&["report"]).ok(); // its own pages are not notes
    let elsewhere = tempfile::tempdir().unwrap();
    let run = v.kith(&["report", "--out", elsewhere.path().to_str().unwrap()]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn output_folder_symlinked_out_of_the_vault_warns() {
    let v = vault();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), v.path().join("kith")).unwrap();
    let run = v.kith(&["report"]).ok();
    assert!(run.stderr.contains("warning: output folder") && run.stderr.contains("outside"), "{}", run.stderr);
    assert!(elsewhere.path().join("overdue.md").exists());
}

#[cfg(unix)]
#[test]
fn report_out_symlinked_people_folder_is_refused() {
    // The people folder is a symlink to a folder outside the vault (a synced
    // folder, say): writing there by either name would overwrite garden.md.
    let v = TempVault::new();
    let real = tempfile::tempdir().unwrap();
    std::fs::write(real.path().join("garden.md"), ADA).unwrap();
    v.file("kith.yaml", "").file("goals/Speak.md", GOAL);
    std::os::unix::fs::symlink(real.path(), v.path().join("people")).unwrap();
    std::os::unix::fs::symlink(v.path().join("goals"), v.path().join("g2")).unwrap();
    let (people, g2) = (v.path().join("people"), v.path().join("g2"));
    refused(&v, &["report", "--out", people.to_str().unwrap()], "people folder");
    refused(&v, &["report", "--out", real.path().to_str().unwrap()], "people folder");
    refused(&v, &["report", "--out", g2.to_str().unwrap()], "goals folder");
    v.file("kith.yaml", "output: people\n");
    refused(&v, &["report"], "people folder");
    assert_eq!(std::fs::read_to_string(real.path().join("garden.md")).unwrap(), ADA);
}

#[test]
fn report_out_folder_outside_the_vault_never_replaces_a_note_named_like_a_page() {
    let v = vault();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("garden.md"), ADA).unwrap();
    let out = elsewhere.path().to_str().unwrap();
    let run = v.kith(&["report", "--out", out]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("garden.md"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("garden.md")).unwrap(), ADA);
}

/// `output: /abs/path` in kith.yaml is that folder, not a copy of its path
/// made inside the vault; one inside the vault is still never read as notes.
#[test]
fn absolute_output_in_kith_yaml_is_that_folder() {
    let v = vault();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("pages");
    v.file("kith.yaml", format!("output: {}/\n", out.display()));
    v.kith(&["report"]).ok();
    assert!(out.join("garden.md").is_file(), "written to the absolute folder");
    let nested = v.path().join(out.strip_prefix("/").unwrap());
    assert!(!nested.exists(), "no copy of the path inside the vault");
    let inside = v.path().join("site");
    v.file("kith.yaml", format!("output: {}\n", inside.display()));
    v.kith(&["report"]).ok();
    let again = v.kith(&["report"]).ok(); // its own pages are not notes
    assert!(inside.join("garden.md").is_file());
    assert!(!again.stderr.contains("output folder"), "{}", again.stderr);
}
