//! `kith report`: every report, written into the output folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{open_vault, report_problems, Config, EXIT_FATAL, EXIT_OK};
use crate::config::LinkStyle;
use crate::load::Vault;
use crate::output::{write_if_changed, WriteOutcome};
use crate::render;
use crate::render::Linker;
use crate::report::goals::{goals, GoalStatus};
use crate::report::overdue::overdue;
use crate::report::remind::remind;
use crate::vault::relative_inside;

pub fn run(config: &Config, out_dir: Option<&Path>, out: &mut dyn Write) -> io::Result<u8> {
    let excluded: Vec<String> = out_dir.and_then(|dir| relative_inside(&config.root, dir)).into_iter().collect();
    let vault = match open_vault(config, &excluded) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let dir: PathBuf = out_dir.map_or_else(|| vault.root.join(&vault.settings.output), Path::to_path_buf);
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("kith: cannot create {}: {err}", dir.display());
        return Ok(EXIT_FATAL);
    }
    let prefix = prefix_to_vault(&dir, &vault.root);

    let overdue = overdue(&vault.index, &vault.settings.cadence, config.today);
    let goals = goals(&vault.index, &vault.settings.cadence, config.today);
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut add = |name, render: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| -> io::Result<()> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        files.push((name, bytes));
        Ok(())
    };
    add("overdue.md", &|b| render::overdue::markdown(b, &overdue))?;
    add("overdue.json", &|b| render::json(b, &overdue.overdue))?;
    add("goals.md", &|b| render::goals::markdown(b, &goals, &linker(vault, &prefix)))?;
    add("goals.json", &|b| render::json(b, &goals.goals))?;
    add("goals.html", &|b| render::html::goals_page(b, &goals, &prefix))?;
    let reminders = remind(&vault.index, &vault.settings, config.today);
    add("reminders.md", &|b| render::remind::markdown(b, &reminders, &linker(vault, &prefix)))?;
    add("reminders.ics", &|b| render::ics::calendar(b, &reminders, &vault.settings.reminders))?;

    for (name, contents) in &files {
        let path = dir.join(name);
        match write_if_changed(&path, contents) {
            Ok(WriteOutcome::Written) => writeln!(out, "wrote     {}", path.display())?,
            Ok(WriteOutcome::Unchanged) => writeln!(out, "unchanged {}", path.display())?,
            Err(err) => {
                eprintln!("kith: cannot write {}: {err}", path.display());
                return Ok(EXIT_FATAL);
            }
        }
    }
    let (people, goal_count) = (vault.index.people().count(), vault.index.goals().count());
    let errors = vault.problems().iter().filter(|p| p.is_error()).count();
    let behind =
        goals.goals.iter().filter(|g| matches!(g.status, Some(GoalStatus::Behind | GoalStatus::Overdue))).count();
    let count = crate::render::plural;
    writeln!(
        out,
        "{}, {}, {} overdue, {} due this week, {} behind pace, {}",
        count(people, "person", "people"),
        count(goal_count, "goal", "goals"),
        overdue.overdue.len(),
        overdue.due_soon.len(),
        count(behind, "goal", "goals"),
        count(errors, "error", "errors"),
    )?;
    Ok(EXIT_OK)
}

/// How markdown pages link to notes, per `links:` in kith.yaml.
pub fn linker(vault: &Vault, prefix: &str) -> Linker {
    match vault.settings.links {
        LinkStyle::Wikilink => Linker::Wiki,
        LinkStyle::Relative => Linker::Relative { prefix: prefix.to_string() },
    }
}

/// The relative way from the output folder to the vault root (`../` for
/// `kith/`), so pages link to notes wherever they are opened.
fn prefix_to_vault(dir: &Path, root: &Path) -> String {
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
