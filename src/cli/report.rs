//! `kith report`: every report, written into the output folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{open_vault, report_problems, Config, EXIT_FATAL, EXIT_OK};
use crate::output::{write_if_changed, WriteOutcome};
use crate::render;
use crate::report::overdue::overdue;
use crate::vault::relative_inside;

pub fn run(config: &Config, out_dir: Option<&Path>, out: &mut dyn Write) -> io::Result<u8> {
    let excluded: Vec<String> = out_dir.and_then(|dir| relative_inside(&config.root, dir)).into_iter().collect();
    let vault = match open_vault(config, &excluded) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let dir: PathBuf = out_dir.map_or_else(|| vault.root.join(&vault.settings.output), Path::to_path_buf);

    let overdue = overdue(&vault.index, &vault.settings.cadence, config.today);
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut md = Vec::new();
    render::overdue::markdown(&mut md, &overdue)?;
    files.push(("overdue.md", md));
    let mut json = Vec::new();
    render::json(&mut json, &overdue.overdue)?;
    files.push(("overdue.json", json));

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
    let (people, goals) = (vault.index.people().count(), vault.index.goals().count());
    let errors = vault.problems().iter().filter(|p| p.is_error()).count();
    writeln!(
        out,
        "{people} people, {goals} goals, {} overdue, {} due this week, {errors} errors",
        overdue.overdue.len(),
        overdue.due_soon.len()
    )?;
    Ok(EXIT_OK)
}
