//! `kith show NAME`.

use std::io::{self, Write};

use super::{open_vault, Config, Format, EXIT_OK, EXIT_PROBLEMS};
use crate::load::Vault;
use crate::note::{Note, Person};
use crate::render;
use crate::report::show::{detail, lookup, Lookup};

pub fn run(config: &Config, name: &str, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let Some((note, person)) = find_person(vault, name, "show") else { return Ok(EXIT_PROBLEMS) };
    // The index keeps no log text; read the note again for display.
    let source = crate::load::reread(&vault.root, &note.path, &vault.settings.folders);
    let (shown, front) = match &source {
        Some(source) => (source.note.person().unwrap_or(person), &source.front),
        None => (person, &serde_norway::Mapping::new()),
    };
    let detail = detail(&vault.index, &vault.settings.cadence, config.today, note, shown, front);
    match config.format {
        Format::Text => render::show::text(out, &detail, &config.palette)?,
        Format::Md => render::show::markdown(out, &detail)?,
        Format::Json => render::json(out, &detail)?,
    }
    Ok(EXIT_OK)
}

/// Find one person by NAME like a wikilink, or explain on stderr why not
/// (several candidates, or suggestions). `command` goes into the hint.
pub(super) fn find_person<'a>(vault: &'a Vault, name: &str, command: &str) -> Option<(&'a Note, &'a Person)> {
    match lookup(&vault.index, name) {
        Lookup::Found(note, person) => Some((note, person)),
        Lookup::Ambiguous(notes) => {
            eprintln!("kith: \"{name}\" matches several people:");
            for note in &notes {
                eprintln!("  {}  ({})", note.display_name(), note.path);
            }
            if let Some(first) = notes.first() {
                eprintln!("hint: name one by its path, e.g. kith {command} \"{}\"", first.path.without_extension());
            }
            None
        }
        Lookup::Missing(similar) => {
            eprintln!("kith: no person named \"{name}\" in {}", vault.root.display());
            if !similar.is_empty() {
                eprintln!("did you mean: {}?", similar.join(", "));
            }
            None
        }
    }
}
