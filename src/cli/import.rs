//! `kith import linkedin|vcard|csv FILE`: read the file, plan the merge
//! (src/interop), print the plan, write it unless `--dry-run`.

use clap::{Args, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;

use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::interop::{self, merge, write, Source};

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// LinkedIn's connections export (Connections.csv, any year's date format)
    Linkedin(ImportArgs),
    /// A vCard file (.vcf, versions 2.1, 3.0 and 4.0) from Google, Apple, Outlook or Android
    Vcard(ImportArgs),
    /// Google Contacts or Outlook CSV (recognised by the header row)
    Csv(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Show what would change and write nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(config: &Config, source: &ImportSource, out: &mut dyn Write) -> io::Result<u8> {
    let (kind, args) = match source {
        ImportSource::Linkedin(args) => (Source::Linkedin, args),
        ImportSource::Vcard(args) => (Source::Vcard, args),
        ImportSource::Csv(args) => (Source::Csv, args),
    };
    let file = args.file.display();
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("kith: cannot read {file}: {err}");
            return Ok(EXIT_FATAL);
        }
    };
    let parsed = match interop::parse(kind, &interop::decode(&bytes)) {
        Ok(parsed) => parsed,
        Err(message) => {
            // Not that kind of file at all: a usage error, nothing read or written.
            eprintln!("kith: {file}: {message}");
            return Ok(EXIT_FATAL);
        }
    };
    for (line, message) in parsed.refused.iter().chain(&parsed.warnings) {
        eprintln!("kith: {file}:{line}: {message}");
    }
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    if let Some(message) = vault.people_folder_outside() {
        eprintln!("{message}");
        return Ok(EXIT_FATAL);
    }
    // A note kith cannot read is not matched: its contact would come in again as a new note.
    if super::report_problems(vault) > 0 {
        eprintln!("kith: a contact held by a note with an error is not matched and may be added as a new note; fix those notes first (`--dry-run` shows the plan)");
    }
    let (unnamed, refused) = (parsed.unnamed, parsed.refused.len());
    let plan = merge::plan(vault, parsed.contacts, kind);
    for line in &plan.lines {
        writeln!(out, "{line}")?;
    }
    let mut failed = Vec::new();
    if !args.dry_run {
        failed = match write::write_all(&vault.root, &plan.changes, &vault.settings.folders.recognition) {
            Ok(failed) => failed,
            Err(err) => {
                eprintln!("kith: cannot write the notes (none were changed): {err}");
                return Ok(EXIT_FATAL);
            }
        };
        for problem in &failed {
            eprintln!("kith: {problem}");
        }
    }
    let merge::Summary { new, merged, unchanged, conflicts } = plan.summary;
    let mode = if args.dry_run { " (dry run: nothing written)" } else { "" };
    let broken = if refused > 0 { format!(", {refused} unreadable (see above)") } else { String::new() };
    writeln!(
        out,
        "{new} new, {merged} merged, {unchanged} unchanged, {unnamed} skipped (no name){broken}, {}{mode}",
        crate::render::plural(conflicts, "conflict", "conflicts")
    )?;
    Ok(if refused > 0 || !failed.is_empty() { EXIT_PROBLEMS } else { EXIT_OK })
}
