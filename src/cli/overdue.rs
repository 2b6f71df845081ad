//! `kith overdue`.

use std::io::{self, Write};

use super::{open_vault, report_problems, Config, Format, EXIT_OK};
use crate::render;
use crate::report::overdue::overdue;

pub fn run(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let report = overdue(&vault.index, &vault.settings.cadence, config.today);
    match config.format {
        Format::Text => render::overdue::text(out, &report, &config.palette)?,
        Format::Md => render::overdue::markdown(out, &report)?,
        // The contract: an array of the overdue people only.
        Format::Json => render::json(out, &report.overdue)?,
    }
    Ok(EXIT_OK)
}
