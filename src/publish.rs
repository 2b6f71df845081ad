//! Every file `kith report` (and `kith watch`) keeps in the output folder:
//! the reports rendered, then written only where their content changed.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::LinkStyle;
use crate::load::Vault;
use crate::output::{write_generated, write_if_changed, WriteOutcome};
use crate::render::{self, Linker};
use crate::report::goals::{GoalRow, GoalStatus};
use crate::report::parts::{Changed, Parts, Stale};

/// One output file's content.
pub struct Output {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Differs from what was rendered last time (always, the first time).
    changed: bool,
    /// The file as last written or found holding `bytes`.
    on_disk: Option<DiskState>,
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
    pub goals_behind: usize,
}

/// What a long-running process keeps between rebuilds to render faster: each
/// note's share of the reports, rendered calendar events, and the last outputs
/// (with the link prefix they were rendered for).
#[derive(Default)]
pub struct RenderCache {
    parts: Parts,
    events: render::ics::EventCache,
    prefix: Option<String>,
    outputs: Outputs,
}

/// Every output file, in the order they are listed.
const FILES: [&str; 12] = [
    "overdue.md",
    "overdue.json",
    "goals.md",
    "goals.json",
    "goals.html",
    "reminders.md",
    "ledger.md",
    "referrals.md",
    "intros.md",
    "circles.md",
    "garden.md",
    "reminders.ics",
];

/// One output file to render (combining its report first where it is not kept whole).
type Job<'a> = (&'static str, Box<dyn FnOnce(&mut Vec<u8>) -> io::Result<()> + Send + 'a>);

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
    let mut stale = cache.parts.update(index, settings, today, changed);
    if cache.prefix.as_deref() != Some(note_prefix) {
        stale = Stale::ALL;
    }
    let parts = &cache.parts;
    let goals = parts.goals();
    let links = linker(vault, note_prefix);
    // One job per file of a stale report: each combines its report where it
    // is not kept whole, then renders; the cores take jobs as they finish.
    let mut jobs: Vec<Job<'_>> = Vec::new();
    if let Some(report) = parts.overdue().filter(|_| stale.overdue) {
        jobs.push(("overdue.md", Box::new(|b| render::overdue::markdown(b, report))));
        jobs.push(("overdue.json", Box::new(|b| render::json(b, &report.overdue))));
    }
    if let Some(goals) = goals.filter(|_| stale.goals) {
        let links = &links;
        jobs.push(("goals.md", Box::new(move |b| render::goals::markdown(b, goals, links))));
        jobs.push(("goals.json", Box::new(|b| render::json(b, &goals.goals))));
        jobs.push(("goals.html", Box::new(|b| render::html::goals_page(b, goals, note_prefix))));
    }
    if let Some(report) = parts.reminders().filter(|_| stale.reminders) {
        let (links, events, reminder_settings) = (&links, &mut cache.events, &settings.reminders);
        jobs.push(("reminders.md", Box::new(move |b| render::remind::markdown(b, report, links))));
        jobs.push(("reminders.ics", Box::new(|b| render::ics::calendar_cached(b, report, reminder_settings, events))));
    }
    if let Some(rows) = parts.ledger().filter(|_| stale.ledger) {
        jobs.push(("ledger.md", Box::new(|b| render::ledger::markdown(b, rows))));
    }
    if stale.referrals {
        jobs.push(("referrals.md", Box::new(|b| render::referrals::markdown(b, &parts.referrals()))));
    }
    if stale.intros {
        jobs.push(("intros.md", Box::new(|b| render::intros::markdown(b, &parts.intros(index, settings)))));
    }
    if stale.circles {
        jobs.push(("circles.md", Box::new(|b| render::circles::markdown(b, &parts.circles()))));
    }
    if let Some(goals) = goals.filter(|_| stale.garden) {
        jobs.push(("garden.md", Box::new(|b| render::garden::markdown(b, &parts.garden(goals)))));
    }
    let fresh: Vec<(&'static str, Vec<u8>)> = jobs
        .into_par_iter()
        .map(|(name, render)| {
            let mut bytes = Vec::new();
            render(&mut bytes).map(|()| (name, bytes))
        })
        .collect::<io::Result<_>>()?;
    let outputs = &mut cache.outputs;
    if outputs.files.is_empty() {
        outputs.files = FILES.map(|name| Output { name, bytes: Vec::new(), changed: true, on_disk: None }).into();
    }
    for (name, bytes) in fresh {
        if let Some(file) = outputs.files.iter_mut().find(|f| f.name == name).filter(|f| f.bytes != bytes) {
            (file.bytes, file.changed) = (bytes, true);
        }
    }
    if let Some(report) = parts.overdue() {
        (outputs.overdue, outputs.due_soon) = (report.overdue.len(), report.due_soon.len());
    }
    let behind = |g: &&GoalRow| matches!(g.status, Some(GoalStatus::Behind | GoalStatus::Overdue));
    outputs.goals_behind = goals.map_or(0, |goals| goals.goals.iter().filter(behind).count());
    cache.prefix = Some(note_prefix.to_string());
    Ok(&mut cache.outputs)
}

/// Write each file into `dir` when its content changed; returns (path, outcome)
/// per file. A file known to hold what was rendered before is not read again.
pub fn write_all(dir: &Path, outputs: &mut Outputs) -> io::Result<Vec<(PathBuf, WriteOutcome)>> {
    std::fs::create_dir_all(dir)?;
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
