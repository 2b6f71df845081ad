//! `kith import linkedin Connections.csv`: new people as notes, known people
//! enriched with the fields they lack (never overwriting what you wrote).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

use super::add::{loose, safe_file_name, yaml_text};
use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::edit::add_missing_fields;
use crate::load::reread;
use crate::note::fields::scalar_text;
use crate::output::{create_new, write_atomic};
use crate::path::NotePath;

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// LinkedIn's connections export (Connections.csv)
    Linkedin(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Show what would change and write nothing
    #[arg(long)]
    dry_run: bool,
}

/// One connection, as kith fields.
struct Contact {
    name: String,
    fields: Vec<(&'static str, String)>,
    url: Option<String>,
    email: Option<String>,
}

pub fn run(config: &Config, source: &ImportSource, out: &mut dyn Write) -> io::Result<u8> {
    let ImportSource::Linkedin(args) = source;
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("kith: cannot read {}: {err}", args.file.display());
            return Ok(EXIT_FATAL);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let (contacts, skipped) = match parse_linkedin(text) {
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
    // Known people by LinkedIn URL, email and loose name; front matter read once.
    let mut fronts: HashMap<NotePath, serde_norway::Mapping> = HashMap::new();
    let (mut by_url, mut by_email, mut by_name) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (note, person) in vault.index.people() {
        let front = reread(&vault.root, &note.path, &vault.settings.folders).map(|s| s.front).unwrap_or_default();
        if let Some(url) = front.get("linkedin").and_then(scalar_text) {
            by_url.insert(normalize_url(&url), note.path.clone());
        }
        if let Some(email) = &person.email {
            by_email.insert(email.to_lowercase(), note.path.clone());
        }
        by_name.entry(loose(&person.name)).or_insert_with(|| note.path.clone());
        fronts.insert(note.path.clone(), front);
    }
    let (mut new, mut merged, mut unchanged, mut conflicts) = (0, 0, 0, 0);
    for contact in contacts {
        let known = contact
            .url
            .as_ref()
            .and_then(|u| by_url.get(&normalize_url(u)))
            .or_else(|| contact.email.as_ref().and_then(|e| by_email.get(&e.to_lowercase())))
            .or_else(|| by_name.get(&loose(&contact.name)))
            .cloned();
        match known {
            Some(path) => {
                let front = fronts.get(&path).cloned().unwrap_or_default();
                let has = |key: &str| front.get(key).and_then(scalar_text).is_some_and(|v| !v.trim().is_empty());
                for (key, value) in &contact.fields {
                    let theirs = front.get(*key).and_then(scalar_text).unwrap_or_default();
                    if has(key)
                        && !theirs.eq_ignore_ascii_case(value.trim_matches('"'))
                        && *key != "met"
                        && *key != "stage"
                    {
                        conflicts += 1;
                        writeln!(
                            out,
                            "conflict  {path}: {key} is \"{theirs}\" in the note, {value} in LinkedIn (kept yours)"
                        )?;
                    }
                }
                let missing: Vec<(&str, String)> =
                    contact.fields.iter().filter(|(k, _)| !has(k) && *k != "stage").cloned().collect();
                if missing.is_empty() {
                    unchanged += 1;
                    continue;
                }
                merged += 1;
                let keys: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
                writeln!(out, "merge     {path}: adds {}", keys.join(", "))?;
                if !args.dry_run {
                    let fs_path = path.to_fs_path(&vault.root);
                    let text = std::fs::read_to_string(&fs_path)?;
                    write_atomic(&fs_path, add_missing_fields(&text, &missing, &has).as_bytes())?;
                }
            }
            None => {
                let rel = format!("{}/{}.md", vault.settings.folders.people, safe_file_name(&contact.name));
                new += 1;
                writeln!(out, "new       {rel}")?;
                if !args.dry_run {
                    let mut note = format!("---\ntype: person\nname: {}\n", yaml_text(&contact.name));
                    for (key, value) in &contact.fields {
                        note.push_str(&format!("{key}: {value}\n"));
                    }
                    note.push_str("---\n\n## Log\n\n");
                    create_new(&NotePath::new(rel.clone()).to_fs_path(&vault.root), note.as_bytes())?;
                    by_name.insert(loose(&contact.name), NotePath::new(rel));
                }
            }
        }
    }
    let mode = if args.dry_run { " (dry run: nothing written)" } else { "" };
    writeln!(
        out,
        "{new} new, {merged} merged, {unchanged} unchanged, {skipped} skipped (no name), {conflicts} conflicts{mode}"
    )?;
    Ok(EXIT_OK)
}

/// Find the header (newer exports start with a `Notes:` preamble), then read
/// the rows. Returns the contacts and how many rows had no name.
fn parse_linkedin(text: &str) -> Result<(Vec<Contact>, usize), String> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        if line.trim_start_matches('"').to_ascii_lowercase().starts_with("first name") {
            start = Some(offset);
            break;
        }
        offset += line.len();
    }
    let start = start.ok_or("no header row with \"First Name\"; is this LinkedIn's Connections.csv?")?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&text.as_bytes()[start..]);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (first, last) = (col("First Name"), col("Last Name"));
    let (url, email, company, position, connected) =
        (col("URL"), col("Email Address"), col("Company"), col("Position"), col("Connected On"));
    let mut contacts = Vec::new();
    let mut skipped = 0;
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let get =
            |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let name = [get(first), get(last)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            skipped += 1;
            continue;
        }
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        for (key, value) in
            [("company", get(company)), ("role", get(position)), ("email", get(email)), ("linkedin", get(url))]
        {
            if let Some(value) = value {
                fields.push((key, yaml_text(&value)));
            }
        }
        if let Some(date) = get(connected).and_then(|d| NaiveDate::parse_from_str(&d, "%d %b %Y").ok()) {
            fields.push(("met", date.to_string()));
        }
        fields.push(("stage", "seed".to_string()));
        contacts.push(Contact { name, fields, url: get(url), email: get(email) });
    }
    Ok((contacts, skipped))
}

fn normalize_url(url: &str) -> String {
    url.trim()
        .trim_end_matches('/')
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .to_lowercase()
}
