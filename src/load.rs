//! Opening a vault: settings, scan, parallel parse, index. The one place that
//! ties the vault on disk to the in-memory index.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::config::{self, Settings};
use crate::diag::Diagnostic;
use crate::index::Index;
use crate::note::{front_matter, parse_note, parse_note_as, KeyLines, Note, ParseMode};
use crate::path::NotePath;
use crate::vault::{self, Found, ScanOptions};

pub struct Vault {
    pub root: PathBuf,
    pub settings: Settings,
    pub index: Index,
    /// Problems outside any one note: `kith.yaml`, unreadable folders, symlinks.
    pub setup_problems: Vec<Diagnostic>,
}

impl Vault {
    /// Read the whole vault. Fails only when `root` is not a readable folder;
    /// every problem inside it is collected instead.
    pub fn open(root: &Path, extra_excluded: &[String]) -> Result<Vault, String> {
        let meta = std::fs::metadata(root).map_err(|e| format!("vault {}: {e}", root.display()))?;
        if !meta.is_dir() {
            return Err(format!("vault {} is not a folder", root.display()));
        }
        let (settings, mut setup_problems) = config::load(root);
        let mut excluded = vec![settings.output.clone()];
        excluded.extend(extra_excluded.iter().cloned());
        let scan_options = ScanOptions { excluded };
        let folders = &settings.folders;
        // Parse while the walk goes on; the index sorts by path, so order does not matter.
        let found: Vec<Result<Note, Diagnostic>> = vault::walk(root, &scan_options)
            .par_bridge()
            .map(|found| match found {
                Found::Note(path) => Ok(read_note(root, path, folders)),
                Found::Problem(problem) => Err(problem),
            })
            .collect();
        let (notes, problems): (Vec<_>, Vec<_>) = found.into_iter().partition(Result::is_ok);
        let mut walk_problems: Vec<Diagnostic> = problems.into_iter().filter_map(Result::err).collect();
        walk_problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        setup_problems.extend(walk_problems);
        let index = Index::from_notes(notes.into_iter().filter_map(Result::ok));
        Ok(Vault { root: root.to_path_buf(), index, settings, setup_problems })
    }

    /// Every problem: setup first, then per note in path order.
    pub fn problems(&self) -> Vec<Diagnostic> {
        self.setup_problems.iter().chain(self.index.note_problems()).cloned().collect()
    }
}

/// Read and parse one note; unreadable files become broken notes with their problem.
pub fn read_note(root: &Path, path: NotePath, folders: &config::Folders) -> Note {
    match vault::read_text(root, &path) {
        Ok(text) => parse_note(path, &text, folders),
        Err(problem) => Note::unreadable(path, problem, folders),
    }
}

/// A note read again for display: log text included, and its front matter
/// exactly as written (every field, known or not) with each key's line.
pub struct NoteSource {
    pub note: Note,
    pub front: serde_norway::Mapping,
    pub lines: KeyLines,
}

pub fn reread(root: &Path, path: &NotePath, folders: &config::Folders) -> Option<NoteSource> {
    let text = vault::read_text(root, path).ok()?;
    let (front, lines) = front_matter(&text).unwrap_or_default();
    let note = parse_note_as(path.clone(), &text, folders, ParseMode::WithText);
    Some(NoteSource { note, front, lines })
}
