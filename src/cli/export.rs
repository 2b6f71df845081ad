//! `kith export vcard|csv|json`: all or filtered people, to stdout or a file (src/interop/export.rs).

use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

use super::people::{full_record, FilterArgs};
use super::{open_vault, report_problems, Config, EXIT_FATAL, EXIT_OK};
use crate::interop::card::Version;
use crate::interop::export::{export, Format};
use crate::output::write_atomic;
use crate::report::people::people;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Vcard,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// vcard, csv or json
    #[arg(value_enum, value_name = "FORMAT")]
    to: ExportFormat,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// vCard version: 3 (what Android and Apple handle best) or 4
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(3..=4))]
    vcard_version: u8,
    #[command(flatten)]
    filter: FilterArgs,
}

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let rows = people(&vault.index, &vault.settings.cadence, config.today, &args.filter.to_filter());
    let records: Vec<serde_json::Value> = rows.iter().map(|row| full_record(vault, config, row)).collect();
    let format = match args.to {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Vcard if args.vcard_version == 4 => Format::Vcard(Version::V4),
        ExportFormat::Vcard => Format::Vcard(Version::V3),
    };
    let bytes = export(&records, format)?;
    match &args.output {
        None => out.write_all(&bytes)?,
        Some(path) => {
            if let Err(err) = write_atomic(path, &bytes) {
                eprintln!("kith: cannot write {}: {err}", path.display());
                return Ok(EXIT_FATAL);
            }
            eprintln!("kith: wrote {} ({})", path.display(), crate::report::plural(records.len(), "person", "people"));
        }
    }
    Ok(super::runner::with_errors(vault, EXIT_OK))
}
