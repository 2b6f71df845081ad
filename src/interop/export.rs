//! `kith export`: people's records (as `people --format json` gives them) as
//! JSON, CSV or vCard bytes.

use std::io;

use super::card::{self, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Vcard(Version),
}

/// The CSV columns: the fields kith knows, lists joined with "; ".
pub const COLUMNS: [&str; 17] = [
    "name",
    "path",
    "stage",
    "company",
    "role",
    "email",
    "phone",
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

pub fn export(records: &[serde_json::Value], format: Format) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match format {
        Format::Json => crate::render::json(&mut bytes, &records)?,
        Format::Vcard(version) => bytes.extend_from_slice(card::cards(records, version).as_bytes()),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(COLUMNS).map_err(io::Error::other)?;
            for record in records {
                let cells = COLUMNS.iter().map(|c| match *c {
                    // A spreadsheet has no wikilinks: the linked name, as written.
                    "introduced_by" | "goals" => cell(unlinked(record.get(*c)).as_ref()),
                    _ => cell(record.get(*c)),
                });
                writer.write_record(cells).map_err(io::Error::other)?;
            }
            writer.flush()?;
        }
    }
    Ok(bytes)
}

/// A CSV cell; text (not numbers) neutralised against formula injection.
fn cell(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(_) | serde_json::Value::Array(_)) => {
            crate::render::escape::csv_cell(&text(value)).into_owned()
        }
        _ => text(value),
    }
}

/// `[[Wei Zhang]]` → `Wei Zhang` (and each item of a list).
fn unlinked(value: Option<&serde_json::Value>) -> Option<serde_json::Value> {
    use serde_json::Value;
    let plain = |v: &Value| match v {
        Value::String(s) if s.trim_start().starts_with("[[") => {
            Value::String(crate::note::link::target_of(s).unwrap_or(s).to_string())
        }
        other => other.clone(),
    };
    value.map(|v| match v {
        Value::Array(items) => Value::Array(items.iter().map(plain).collect()),
        other => plain(other),
    })
}

fn text(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items.iter().map(|v| text(Some(v))).collect::<Vec<_>>().join("; "),
        Some(other) => other.to_string(),
    }
}
