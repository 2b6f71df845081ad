//! Every file `kith report` (and `kith watch`) keeps in the output folder:
//! the reports rendered, then written only where their content changed.

use chrono::NaiveDate;
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

pub fn render_all(vault: &Vault, today: NaiveDate, note_prefix: &str) -> io::Result<Outputs> {
    let overdue = overdue(&vault.index, &vault.settings.cadence, today);
    let goals = goals(&vault.index, &vault.settings.cadence, today);
    let reminders = remind(&vault.index, &vault.settings, today);
    let links = linker(vault, note_prefix);
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let mut add = |name, render: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| -> io::Result<()> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        files.push((name, bytes));
        Ok(())
    };
    add("overdue.md", &|b| render::overdue::markdown(b, &overdue))?;
    add("overdue.json", &|b| render::json(b, &overdue.overdue))?;
    add("goals.md", &|b| render::goals::markdown(b, &goals, &links))?;
    add("goals.json", &|b| render::json(b, &goals.goals))?;
    add("goals.html", &|b| render::html::goals_page(b, &goals, note_prefix))?;
    add("reminders.md", &|b| render::remind::markdown(b, &reminders, &links))?;
    add("reminders.ics", &|b| render::ics::calendar(b, &reminders, &vault.settings.reminders))?;
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
