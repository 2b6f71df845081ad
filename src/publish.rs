//! Every file `kith report` (and `kith watch`) keeps in the output folder:
//! the reports rendered, then written only where their content changed.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::LinkStyle;
use crate::load::Vault;
use crate::output::{write_if_changed, WriteOutcome};
use crate::render::{self, Linker};
use crate::report::goals::{GoalRow, GoalStatus};
use crate::report::parts::{Changed, Parts, Stale};

/// One output file's content.
pub struct Output {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Rendered by this call; else kept from the last one, its report unchanged.
    pub fresh: bool,
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

type Render<'a> = (&'static str, Box<dyn Fn(&mut Vec<u8>) -> io::Result<()> + Send + Sync + 'a>);

/// Render every output whose report may have changed. `changed` says what
/// changed in the index since the last call with this `cache`
/// (`Changed::Everything` for a new cache).
pub fn render_all<'c>(
    vault: &Vault,
    today: NaiveDate,
    note_prefix: &str,
    changed: Changed<'_>,
    cache: &'c mut RenderCache,
) -> io::Result<&'c Outputs> {
    let (index, settings) = (&vault.index, &vault.settings);
    let mut stale = cache.parts.update(index, settings, today, changed);
    if cache.prefix.as_deref() != Some(note_prefix) {
        stale = Stale::ALL;
    }
    let parts = &cache.parts;
    // Every stale report at once: each combines the notes' shares.
    let ((overdue, (goals, garden)), ((reminders, ledger), ((referrals, intros), circles))) = rayon::join(
        || {
            rayon::join(
                || stale.overdue.then(|| parts.overdue()),
                || {
                    let goals = parts.goals();
                    // Weeds name the active goals they link: the garden needs the goals.
                    let garden = goals.filter(|_| stale.garden).map(|goals| parts.garden(goals));
                    (goals.filter(|_| stale.goals), garden)
                },
            )
        },
        || {
            rayon::join(
                || rayon::join(|| stale.reminders.then(|| parts.reminders()), || stale.ledger.then(|| parts.ledger())),
                || {
                    rayon::join(
                        || {
                            rayon::join(
                                || stale.referrals.then(|| parts.referrals()),
                                || stale.intros.then(|| parts.intros(index, settings)),
                            )
                        },
                        || stale.circles.then(|| parts.circles()),
                    )
                },
            )
        },
    );
    let links = linker(vault, note_prefix);
    let mut renders: Vec<Render<'_>> = Vec::new();
    if let Some(overdue) = &overdue {
        renders.push(("overdue.md", Box::new(|b| render::overdue::markdown(b, overdue))));
        renders.push(("overdue.json", Box::new(|b| render::json(b, &overdue.overdue))));
    }
    if let Some(goals) = goals {
        renders.push(("goals.md", Box::new(|b| render::goals::markdown(b, goals, &links))));
        renders.push(("goals.json", Box::new(|b| render::json(b, &goals.goals))));
        renders.push(("goals.html", Box::new(|b| render::html::goals_page(b, goals, note_prefix))));
    }
    if let Some(reminders) = &reminders {
        renders.push(("reminders.md", Box::new(|b| render::remind::markdown(b, reminders, &links))));
    }
    if let Some(ledger) = &ledger {
        renders.push(("ledger.md", Box::new(|b| render::ledger::markdown(b, ledger))));
    }
    if let Some(referrals) = &referrals {
        renders.push(("referrals.md", Box::new(|b| render::referrals::markdown(b, referrals))));
    }
    if let Some(intros) = &intros {
        renders.push(("intros.md", Box::new(|b| render::intros::markdown(b, intros))));
    }
    if let Some(circles) = &circles {
        renders.push(("circles.md", Box::new(|b| render::circles::markdown(b, circles))));
    }
    if let Some(garden) = &garden {
        renders.push(("garden.md", Box::new(|b| render::garden::markdown(b, garden))));
    }
    let events = &mut cache.events;
    // Output sizes barely change between rebuilds: start each buffer at its last size.
    let last_len = |name: &str| cache.outputs.files.iter().find(|f| f.name == name).map_or(0, |f| f.bytes.len());
    let renders: Vec<(Render<'_>, usize)> = renders
        .into_iter()
        .map(|r| {
            let n = last_len(r.0);
            (r, n)
        })
        .collect();
    let ics_len = last_len("reminders.ics");
    let (files, calendar) = rayon::join(
        || {
            renders
                .par_iter()
                .map(|((name, render), len)| {
                    let mut bytes = Vec::with_capacity(len + len / 8);
                    render(&mut bytes).map(|()| (*name, bytes))
                })
                .collect::<io::Result<Vec<_>>>()
        },
        || {
            let Some(reminders) = &reminders else { return Ok(None) };
            let mut bytes = Vec::with_capacity(ics_len + ics_len / 8);
            render::ics::calendar_cached(&mut bytes, reminders, &settings.reminders, events).map(|()| Some(bytes))
        },
    );
    let mut fresh = files?;
    fresh.extend(calendar?.map(|bytes| ("reminders.ics", bytes)));
    let outputs = &mut cache.outputs;
    for file in &mut outputs.files {
        file.fresh = false;
    }
    for (name, bytes) in fresh {
        match outputs.files.iter_mut().find(|f| f.name == name) {
            Some(file) => *file = Output { name, bytes, fresh: true },
            None => outputs.files.push(Output { name, bytes, fresh: true }),
        }
    }
    if let Some(overdue) = &overdue {
        (outputs.overdue, outputs.due_soon) = (overdue.overdue.len(), overdue.due_soon.len());
    }
    if let Some(goals) = goals {
        let behind = |g: &&GoalRow| matches!(g.status, Some(GoalStatus::Behind | GoalStatus::Overdue));
        outputs.goals_behind = goals.goals.iter().filter(behind).count();
    }
    cache.prefix = Some(note_prefix.to_string());
    Ok(&cache.outputs)
}

/// Write each file into `dir` when its content changed; returns (path, outcome)
/// per file. A file kept from the last render is only checked to still be there.
pub fn write_all(dir: &Path, outputs: &Outputs) -> io::Result<Vec<(PathBuf, WriteOutcome)>> {
    std::fs::create_dir_all(dir)?;
    outputs
        .files
        .par_iter()
        .map(|file| {
            let path = dir.join(file.name);
            if !file.fresh && path.is_file() {
                return Ok((path, WriteOutcome::Unchanged));
            }
            write_if_changed(&path, &file.bytes)
                .map(|outcome| (path.clone(), outcome))
                .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
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
