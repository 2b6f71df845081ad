//! Every file `kith report` (and `kith watch`) keeps in the output folder:
//! the reports rendered, then written only where their content changed.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::LinkStyle;
use crate::index::Changed;
use crate::load::Vault;
use crate::output::{write_generated, write_if_changed, WriteOutcome};
mod shares;

pub use shares::Shares;

use crate::render::goals::Goals;
use crate::render::overdue::Overdue;
use crate::render::registry::{FileState, Page};
use crate::render::Linker;
use crate::render::REPORTS;
use crate::report::goals::{GoalRow, GoalStatus};

/// One output file's content.
pub struct Output {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Differs from what was rendered last time (always, the first time).
    changed: bool,
    /// The file as last written or found holding `bytes`.
    on_disk: Option<DiskState>,
    /// The buffer the next rendering goes into (the one before last, emptied):
    /// a big page is not allocated, and its memory faulted in, anew each rebuild.
    spare: Vec<u8>,
}

/// What the file system said of an output file right after kith wrote it or
/// found it holding the same bytes: while it still says so, the file holds
/// them, and need not be read to be compared.
#[derive(Debug, Clone, PartialEq)]
struct DiskState {
    path: PathBuf,
    len: u64,
    modified: std::time::SystemTime,
}

impl DiskState {
    fn of(path: &Path) -> Option<DiskState> {
        let meta = std::fs::metadata(path).ok()?;
        Some(DiskState { path: path.to_path_buf(), len: meta.len(), modified: meta.modified().ok()? })
    }
}

/// The rendered output files, and the numbers for a one-line summary.
#[derive(Default)]
pub struct Outputs {
    pub files: Vec<Output>,
    pub overdue: usize,
    pub due_soon: usize,
    /// Goals behind pace, and goals past their deadline (counted apart).
    pub goals_behind: usize,
    pub goals_overdue: usize,
}

/// What a long-running process keeps between rebuilds to render faster: each
/// note's share of the reports, each file's renderer state (the calendar's
/// events), and the last outputs (with the link prefix they were rendered for).
#[derive(Default)]
pub struct RenderCache {
    shares: Shares,
    states: Vec<FileState>,
    prefix: Option<String>,
    outputs: Outputs,
}

impl RenderCache {
    /// For `kith watch`, which applies changes to what it keeps.
    pub fn watching() -> RenderCache {
        RenderCache { shares: Shares::watching(), ..RenderCache::default() }
    }

    /// Each note's kept shares and the reports combined from them.
    pub fn shares(&self) -> &Shares {
        &self.shares
    }

    /// How many of the files last written into `dir` are not there any more
    /// (deleted by hand, or the whole output folder): `write_all` makes them again.
    pub fn missing_outputs(&self, dir: &Path) -> usize {
        self.outputs.files.iter().filter(|file| file.on_disk.is_some() && !dir.join(file.name).is_file()).count()
    }
}

/// Every output file, in the order they are listed: (report slot, file within it, name).
fn files() -> Vec<(usize, usize, &'static str)> {
    REPORTS
        .iter()
        .enumerate()
        .flat_map(|(slot, r)| r.file_names().into_iter().enumerate().map(move |(i, name)| (slot, i, name)))
        .collect()
}

/// Render every output whose report may have changed. `changed` says what
/// changed in the index since the last call with this `cache`
/// (`Changed::Everything` for a new cache).
pub fn render_all<'c>(
    vault: &Vault,
    today: NaiveDate,
    note_prefix: &str,
    changed: Changed<'_>,
    cache: &'c mut RenderCache,
) -> io::Result<&'c mut Outputs> {
    let (index, settings) = (&vault.index, &vault.settings);
    let mut stale = cache.shares.update(index, settings, today, changed);
    if cache.prefix.as_deref() != Some(note_prefix) {
        stale.iter_mut().for_each(|s| *s = true);
    }
    let files = files();
    if cache.states.len() != files.len() {
        cache.states = files.iter().map(|_| None).collect();
    }
    let links = linker(vault, note_prefix);
    let page = Page { links: &links, note_prefix };
    let shares = &cache.shares;
    let outputs = &mut cache.outputs;
    if outputs.files.len() != files.len() {
        outputs.files = files
            .iter()
            .map(|(_, _, name)| Output { name, bytes: Vec::new(), changed: true, on_disk: None, spare: Vec::new() })
            .collect();
    }
    // One job per file of a stale report; the cores take jobs as they finish.
    files
        .par_iter()
        .zip(cache.states.par_iter_mut())
        .zip(outputs.files.par_iter_mut())
        .filter(|(((slot, _, _), _), _)| stale[*slot])
        .try_for_each(|(((slot, file, _), state), output)| {
            let Some(data) = shares.data(*slot) else { return Ok(()) };
            let mut bytes = std::mem::take(&mut output.spare);
            bytes.clear();
            REPORTS[*slot].render_file(*file, data, &page, state, &mut bytes)?;
            if output.bytes != bytes {
                std::mem::swap(&mut output.bytes, &mut bytes);
                output.changed = true;
            }
            output.spare = bytes;
            Ok::<(), io::Error>(())
        })?;
    if let Some(report) = shares.get::<Overdue>() {
        (outputs.overdue, outputs.due_soon) = (report.overdue.len(), report.due_soon.len());
    }
    let count = |status: GoalStatus| {
        shares
            .get::<Goals>()
            .map_or(0, |goals| goals.goals.iter().filter(|g: &&GoalRow| g.status == Some(status)).count())
    };
    (outputs.goals_behind, outputs.goals_overdue) = (count(GoalStatus::Behind), count(GoalStatus::Overdue));
    cache.prefix = Some(note_prefix.to_string());
    Ok(&mut cache.outputs)
}

/// Write each file into `dir` when its content changed; returns (path, outcome)
/// per file. A file known to hold what was rendered before is not read again.
/// `dir` must exist (see `crate::output::create_output_dir`).
pub fn write_all(dir: &Path, outputs: &mut Outputs) -> io::Result<Vec<(PathBuf, WriteOutcome)>> {
    outputs
        .files
        .par_iter_mut()
        .map(|file| {
            let path = dir.join(file.name);
            let known = file.on_disk.is_some() && file.on_disk == DiskState::of(&path);
            let outcome = match (known, file.changed) {
                (true, false) => Ok(WriteOutcome::Unchanged),
                (true, true) => write_generated(&path, &file.bytes).map(|()| WriteOutcome::Written),
                (false, _) => write_if_changed(&path, &file.bytes),
            };
            let outcome =
                outcome.map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
            (file.changed, file.on_disk) = (false, DiskState::of(&path));
            Ok((path, outcome))
        })
        .collect()
}

/// How markdown pages link to notes, per `links:` in kith.yaml.
pub fn linker(vault: &Vault, prefix: &str) -> Linker {
    match vault.settings.links {
        LinkStyle::Wikilink => Linker::Wiki,
        LinkStyle::Relative => Linker::Relative { prefix: prefix.to_string() },
    }
}

/// The output folder: `--out`, else the vault's configured one.
pub fn output_dir(vault: &Vault, out: Option<&Path>) -> PathBuf {
    out.map_or_else(|| vault.root.join(&vault.settings.output), Path::to_path_buf)
}

/// The relative way from the output folder to the vault root (`../` for
/// `kith/`), so pages link to notes wherever they are opened.
pub fn prefix_to_vault(dir: &Path, root: &Path) -> String {
    let (Ok(dir), Ok(root)) = (dir.canonicalize(), root.canonicalize()) else { return String::new() };
    let common = dir.components().zip(root.components()).take_while(|(a, b)| a == b).count();
    let ups = dir.components().count() - common;
    let mut prefix = "../".repeat(ups);
    for part in root.components().skip(common) {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}
