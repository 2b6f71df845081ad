//! `kith goals`.

use std::io::{self, Write};

use super::{open_vault, report_problems, Config, Format, EXIT_OK};
use crate::render;
use crate::report::goals::goals;

pub fn run(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let report = goals(&vault.index, &vault.settings.cadence, config.today);
    match config.format {
        Format::Text => render::goals::text(out, &report, &config.palette)?,
        // Printed, not saved: relative links start at the vault root.
        Format::Md => render::goals::markdown(out, &report, &crate::publish::linker(vault, ""))?,
        // The contract: an array of goals.
        Format::Json => render::json(out, &report.goals)?,
    }
    Ok(EXIT_OK)
}
