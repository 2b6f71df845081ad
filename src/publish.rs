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
use crate::report::goals::{goals, GoalStatus};
use crate::report::overdue::overdue;
use crate::report::remind::remind;

/// The rendered output files, and the numbers for a one-line summary.
pub struct Outputs {
    pub files: Vec<(&'static str, Vec<u8>)>,
    pub overdue: usize,
    pub due_soon: usize,
    pub goals_behind: usize,
}

/// What a long-running process keeps between rebuilds to render faster.
#[derive(Debug, Default)]
pub struct RenderCache {
    events: render::ics::EventCache,
}

type Render<'a> = (&'static str, Box<dyn Fn(&mut Vec<u8>) -> io::Result<()> + Send + Sync + 'a>);

pub fn render_all(vault: &Vault, today: NaiveDate, note_prefix: &str, cache: &mut RenderCache) -> io::Result<Outputs> {
    // Every report at once: each is a pure function of the index.
    let (index, settings) = (&vault.index, &vault.settings);
    let (((overdue, goals), (reminders, ledger)), ((referrals, intros), circles)) = rayon::join(
        || {
            rayon::join(
                || rayon::join(|| overdue(index, &settings.cadence, today), || goals(index, &settings.cadence, today)),
                || rayon::join(|| remind(index, settings, today), || crate::report::ledger::ledger(index, today)),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || crate::report::referrals::referrals(index, &settings.cadence, &settings.meeting_tags, today),
                        || crate::report::intros::intros(index, &settings.cadence, today, None),
                    )
                },
                || crate::report::circles::circles(index),
            )
        },
    );
    let garden = crate::report::garden::garden(index, &settings.cadence, &goals, today, None);
    let links = linker(vault, note_prefix);
    let renders: Vec<Render<'_>> = vec![
        ("overdue.md", Box::new(|b| render::overdue::markdown(b, &overdue))),
        ("overdue.json", Box::new(|b| render::json(b, &overdue.overdue))),
        ("goals.md", Box::new(|b| render::goals::markdown(b, &goals, &links))),
        ("goals.json", Box::new(|b| render::json(b, &goals.goals))),
        ("goals.html", Box::new(|b| render::html::goals_page(b, &goals, note_prefix))),
        ("reminders.md", Box::new(|b| render::remind::markdown(b, &reminders, &links))),
        ("ledger.md", Box::new(|b| render::ledger::markdown(b, &ledger))),
        ("referrals.md", Box::new(|b| render::referrals::markdown(b, &referrals))),
        ("intros.md", Box::new(|b| render::intros::markdown(b, &intros))),
        ("circles.md", Box::new(|b| render::circles::markdown(b, &circles))),
        ("garden.md", Box::new(|b| render::garden::markdown(b, &garden))),
    ];
    let (files, calendar) = rayon::join(
        || {
            renders
                .par_iter()
                .map(|(name, render)| {
                    let mut bytes = Vec::new();
                    render(&mut bytes).map(|()| (*name, bytes))
                })
                .collect::<io::Result<Vec<_>>>()
        },
        || {
            let mut bytes = Vec::new();
            render::ics::calendar_cached(&mut bytes, &reminders, &vault.settings.reminders, &mut cache.events)
                .map(|()| bytes)
        },
    );
    let mut files = files?;
    files.push(("reminders.ics", calendar?));
    let goals_behind =
        goals.goals.iter().filter(|g| matches!(g.status, Some(GoalStatus::Behind | GoalStatus::Overdue))).count();
    Ok(Outputs { files, overdue: overdue.overdue.len(), due_soon: overdue.due_soon.len(), goals_behind })
}

/// Write each file into `dir` when its content changed; returns (path, outcome) per file.
pub fn write_all(dir: &Path, outputs: &Outputs) -> io::Result<Vec<(PathBuf, WriteOutcome)>> {
    std::fs::create_dir_all(dir)?;
    outputs
        .files
        .iter()
        .map(|(name, contents)| {
            let path = dir.join(name);
            write_if_changed(&path, contents)
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
