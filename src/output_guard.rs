//! Where reports may be written. kith replaces files in its output folder, so
//! that folder must never hold the notes it reads: not the vault root, not the
//! people, goals or reviews folder (nor a folder inside or around one), and,
//! before kith first writes there, no markdown file with front matter. Those
//! folders count as named and as resolved (a symlinked people folder too). In
//! any output folder, inside the vault or not, a note (front matter first)
//! named like one of kith's pages is never replaced. An output folder inside
//! the vault that leads (through a symlink) out of it is allowed with a warning.

use std::path::{Component, Path, PathBuf};

use crate::note::Folders;
use crate::render::REPORTS;

/// `Err` (the message to print, then exit 2) when writing reports into `dir`
/// could overwrite or add to the notes of the vault at `root`; `Ok(Some)` is a
/// warning to print.
pub fn check_output_dir(root: &Path, folders: &Folders, dir: &Path) -> Result<Option<String>, String> {
    let own_files: Vec<&str> = REPORTS.iter().flat_map(|r| r.file_names()).collect();
    let root_lexical = normalise(&absolute(root));
    let Some(root) = root.canonicalize().ok() else { return Ok(None) };
    let lexical = normalise(&absolute(dir));
    let real = resolve(&lexical);
    let shown = dir.display();
    let refuse = |why: String| {
        Err(format!("output folder {shown} {why}; kith would overwrite notes there, so it writes nothing\nhint: use --out DIR (or output: in kith.yaml) with a folder of its own, such as kith/"))
    };
    if real == root {
        return refuse("is the vault root".to_string());
    }
    for (what, folder) in [("people", &folders.people), ("goals", &folders.goals), ("reviews", &folders.reviews)] {
        let folder = folder.trim_matches('/');
        if folder.is_empty() || folder == "." {
            continue; // the whole vault: only the root itself is refused
        }
        // The folder as named and where it leads: a people folder that is a
        // symlink (to a synced folder, say) still holds the user's notes.
        let named = root.join(folder);
        for note_folder in [resolve(&named), named] {
            if real == note_folder || real.starts_with(&note_folder) {
                return refuse(format!("is (inside) the {what} folder {folder}/"));
            }
            if note_folder.starts_with(&real) && real.starts_with(&root) {
                return refuse(format!("holds the {what} folder {folder}/"));
            }
        }
    }
    // Wherever the folder is, one of kith's own page names taken by a note
    // (front matter first: kith's pages never start so) is never replaced.
    if let Some(page) = own_files.iter().map(|f| real.join(f)).find(|p| p.is_file() && starts_with_front_matter(p)) {
        return refuse(format!("holds a note named like one of kith's pages ({})", page.display()));
    }
    // A folder already holding kith's pages is its output folder: what else is
    // there is not read (the scan skips it). Only a first write is checked.
    let used_before = own_files.iter().any(|f| real.join(f).is_file());
    if real.starts_with(&root) && !used_before {
        if let Some(note) = first_note(&real, &own_files) {
            return refuse(format!(
                "holds a note kith reads ({})",
                note.strip_prefix(&root).unwrap_or(&note).display()
            ));
        }
    }
    let lexical_inside = lexical.starts_with(&root) || lexical.starts_with(&root_lexical);
    if lexical_inside && !real.starts_with(&root) {
        return Ok(Some(format!(
            "warning: output folder {shown} is inside the vault but leads to {}, outside it (a symlink)",
            real.display()
        )));
    }
    Ok(None)
}

pub(crate) fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The real path of `path`, which may not exist yet: its deepest existing
/// ancestor resolved (symlinks followed), the rest appended.
fn resolve(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path.to_path_buf();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part: &std::ffi::OsString| acc.join(part));
        }
        match (at.file_name().map(|n| n.to_os_string()), at.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                at = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A markdown file under `dir` (hidden folders skipped) that starts with
/// front matter and is not one of kith's own pages: a note.
fn first_note(dir: &Path, own_files: &[&str]) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(8)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && crate::vault::is_markdown_path(e.path()))
        .filter(|e| !(e.depth() == 1 && own_files.iter().any(|f| e.file_name() == *f)))
        .find(|e| starts_with_front_matter(e.path()))
        .map(|e| e.into_path())
}

fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n")
}
