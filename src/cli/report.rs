//! `kith report`: every report, written into the output folder.

use std::io::{self, Write};
use std::path::Path;

use super::{with_vault, Config, EXIT_FATAL, EXIT_OK};
use crate::index::Changed;
use crate::output::WriteOutcome;
use crate::output_guard::check_output_dir;
use crate::publish::{output_dir, prefix_to_vault, render_all, write_all, RenderCache};
use crate::render::plural;
use crate::vault::relative_inside;

pub fn run(config: &Config, out_dir: Option<&Path>, out: &mut dyn Write) -> io::Result<u8> {
    let excluded: Vec<String> = out_dir.and_then(|dir| relative_inside(&config.root, dir)).into_iter().collect();
    with_vault(config, &excluded, |vault| {
        let dir = output_dir(vault, out_dir);
        match check_output_dir(&vault.root, &vault.settings.folders, &dir) {
            Err(message) => {
                eprintln!("kith: {message}");
                return Ok(EXIT_FATAL);
            }
            Ok(Some(warning)) => eprintln!("kith: {warning}"),
            Ok(None) => {}
        }
        if let Err(err) = crate::output::create_output_dir(&vault.root, &dir) {
            eprintln!("kith: cannot create {}: {err}", dir.display());
            return Ok(EXIT_FATAL);
        }
        // Temporary files a killed `kith report` or `kith watch` left behind.
        crate::write::clean_stale_temps(&dir);
        // Kept to the end of the process, like the vault: freeing every
        // share and rendered row one by one was an eighth of a run.
        let cache: &'static mut RenderCache = Box::leak(Box::default());
        let prefix = prefix_to_vault(&dir, &vault.root);
        let outputs = render_all(vault, config.today, &prefix, Changed::Everything, cache)?;
        let written = match write_all(&dir, outputs) {
            Ok(written) => written,
            Err(err) => {
                eprintln!("kith: {err}");
                return Ok(EXIT_FATAL);
            }
        };
        for (path, outcome) in written {
            let word = if outcome == WriteOutcome::Written { "wrote    " } else { "unchanged" };
            writeln!(out, "{word} {}", path.display())?;
        }
        let errors = vault.problems().iter().filter(|p| p.is_error()).count();
        writeln!(
            out,
            "{}, {}, {} overdue, {} due this week, {} behind pace, {} past the deadline, {}",
            plural(vault.index.people().count(), "person", "people"),
            plural(vault.index.goals().count(), "goal", "goals"),
            outputs.overdue,
            outputs.due_soon,
            plural(outputs.goals_behind, "goal", "goals"),
            outputs.goals_overdue,
            plural(errors, "error", "errors"),
        )?;
        Ok(EXIT_OK)
    })
}
