//! `kith import linkedin|vcard FILE`: read the file, merge (src/interop), print.

use clap::{Args, Subcommand};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::interop::{self, merge, Source};

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// LinkedIn's connections export (Connections.csv)
    Linkedin(ImportArgs),
    /// A vCard file (.vcf) from Google Contacts, Apple Contacts or Outlook
    Vcard(ImportArgs),
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
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("kith: cannot read {}: {err}", args.file.display());
            return Ok(EXIT_FATAL);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let (contacts, skipped) = match interop::parse(kind, text.trim_start_matches('\u{feff}')) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("kith: {}: {message}", args.file.display());
            return Ok(EXIT_PROBLEMS);
        }
    };
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    // A progress bar for large files, only on a terminal (never in pipes or cron).
    let progress = if contacts.len() >= 200 && io::stderr().is_terminal() {
        indicatif::ProgressBar::new(contacts.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let summary = merge::merge(vault, contacts, args.dry_run, out, &mut || progress.inc(1))?;
    progress.finish_and_clear();
    let merge::Summary { new, merged, unchanged, conflicts } = summary;
    let mode = if args.dry_run { " (dry run: nothing written)" } else { "" };
    writeln!(
        out,
        "{new} new, {merged} merged, {unchanged} unchanged, {skipped} skipped (no name), {conflicts} conflicts{mode}"
    )?;
    Ok(EXIT_OK)
}
