//! `kith check`.

use std::io::{self, Write};

use super::{remembered, Before, Config, Format, EXIT_OK, EXIT_PROBLEMS};
use crate::render;
use crate::report::check::check;

pub fn run(config: &Config, out: &mut dyn Write) -> io::Result<u8> {
    remembered(config, Before::Nothing, out, |vault, out, _| {
        let report = check(&vault.index, &vault.settings, vault.problems(), config.today);
        match config.format {
            Format::Text => render::check::text(out, &report, &config.palette)?,
            Format::Md => render::check::markdown(out, &report)?,
            Format::Json => render::json(out, &report)?,
        }
        Ok(if report.is_clean() { EXIT_OK } else { EXIT_PROBLEMS })
    })
}
