//! `kith export csv|json`: all or filtered people, to stdout or a file.

use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

use super::people::{full_record, FilterArgs};
use super::{open_vault, report_problems, Config, EXIT_FATAL, EXIT_OK};
use crate::output::write_atomic;
use crate::render::vcard;
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

/// The CSV columns: the fields kith knows, lists joined with "; ".
const COLUMNS: [&str; 16] = [
    "name",
    "path",
    "stage",
    "company",
    "role",
    "email",
    "tags",
    "circles",
    "interests",
    "purpose",
    "goals",
    "met",
    "introduced_by",
    "last_contact",
    "due",
    "days_overdue",
];

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    report_problems(vault);
    let rows = people(&vault.index, &vault.settings.cadence, config.today, &args.filter.to_filter());
    let records: Vec<serde_json::Value> = rows.iter().map(|row| full_record(vault, config, row)).collect();
    let mut bytes = Vec::new();
    match args.to {
        ExportFormat::Json => crate::render::json(&mut bytes, &records)?,
        ExportFormat::Vcard => {
            let version = if args.vcard_version == 4 { vcard::Version::V4 } else { vcard::Version::V3 };
            bytes.extend_from_slice(vcard::cards(&records, version).as_bytes());
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(COLUMNS).map_err(io::Error::other)?;
            for record in &records {
                let cells = COLUMNS.iter().map(|c| cell(record.get(*c)));
                writer.write_record(cells).map_err(io::Error::other)?;
            }
            writer.flush()?;
        }
    }
    match &args.output {
        None => out.write_all(&bytes)?,
        Some(path) => {
            if let Err(err) = write_atomic(path, &bytes) {
                eprintln!("kith: cannot write {}: {err}", path.display());
                return Ok(EXIT_FATAL);
            }
            eprintln!("kith: wrote {} ({} people)", path.display(), records.len());
        }
    }
    Ok(EXIT_OK)
}

fn cell(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items.iter().map(|v| cell(Some(v))).collect::<Vec<_>>().join("; "),
        Some(other) => other.to_string(),
    }
}
