//! `kith remind`.

use std::io::{self, Write};

use super::{open_vault, report_problems, Config, Format, EXIT_OK};
use crate::render;
use crate::report::remind::remind;

pub fn run(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let report = remind(&vault.index, &vault.settings, config.today);
    match config.format {
        Format::Text => render::remind::text(out, &report, &config.palette)?,
        Format::Md => render::remind::markdown(out, &report, &crate::publish::linker(vault, ""))?,
        Format::Json => render::json(out, &report.reminders)?,
    }
    Ok(EXIT_OK)
}
