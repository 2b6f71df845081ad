//! `kith prep NAME`: the brief before a meeting.

use std::io::{self, Write};

use super::show::find_person;
use super::{open_vault, Config, Format, EXIT_OK, EXIT_PROBLEMS};
use crate::render;
use crate::report;
use crate::report::prep::prep;

pub fn run(config: &Config, name: &str, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let Some((note, person)) = find_person(vault, name, "prep") else { return Ok(EXIT_PROBLEMS) };
    // The index keeps no log text; read the note again for the brief.
    let source = crate::load::reread_with_contacts(vault, &note.path);
    let person = source.as_ref().and_then(|s| s.note.person()).unwrap_or(person);
    let recognition = &vault.settings.folders.recognition;
    let met_context = source.as_ref().and_then(|s| report::prep::met_context(&s.front, recognition));
    let brief = prep(&vault.index, &vault.settings, config.today, note, person, met_context);
    match config.format {
        Format::Text => render::prep::text(out, &brief, &config.palette)?,
        Format::Md => render::prep::markdown(out, &brief)?,
        Format::Json => render::json(out, &brief)?,
    }
    Ok(EXIT_OK)
}
