//! `kith import linkedin Connections.csv`: new people as notes, known people
//! enriched with the fields they lack (never overwriting what you wrote).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
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

/// One contact, as kith fields.
struct Contact {
    name: String,
    fields: Vec<(&'static str, String)>,
    url: Option<String>,
    email: Option<String>,
    /// Free text for a new note's body (a vCard's NOTE).
    body: Option<String>,
}

pub fn run(config: &Config, source: &ImportSource, out: &mut dyn Write) -> io::Result<u8> {
    let (ImportSource::Linkedin(args) | ImportSource::Vcard(args)) = source;
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("kith: cannot read {}: {err}", args.file.display());
            return Ok(EXIT_FATAL);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let parsed = match source {
        ImportSource::Linkedin(_) => parse_linkedin(text),
        ImportSource::Vcard(_) => parse_vcard(text),
    };
    let (contacts, skipped) = match parsed {
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
    // A progress bar for large files, only on a terminal (never in pipes or cron).
    let progress = if contacts.len() >= 200 && io::stderr().is_terminal() {
        indicatif::ProgressBar::new(contacts.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    for contact in progress.wrap_iter(contacts.into_iter()) {
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
                let has = |key: &str| match front.get(key) {
                    Some(serde_norway::Value::Sequence(items)) => !items.is_empty(),
                    Some(value) => scalar_text(value).is_some_and(|v| !v.trim().is_empty()),
                    None => false,
                };
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
                    note.push_str("---\n");
                    if let Some(body) = &contact.body {
                        note.push('\n');
                        note.push_str(body);
                        note.push('\n');
                    }
                    note.push_str("\n## Log\n\n");
                    create_new(&NotePath::new(rel.clone()).to_fs_path(&vault.root), note.as_bytes())?;
                    by_name.insert(loose(&contact.name), NotePath::new(rel));
                }
            }
        }
    }
    progress.finish_and_clear();
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
        contacts.push(Contact { name, fields, url: get(url), email: get(email), body: None });
    }
    Ok((contacts, skipped))
}

/// vCard 2.1, 3.0 and 4.0 with the `ical` crate (which unfolds lines); values
/// are unescaped and quoted-printable ones decoded here.
fn parse_vcard(text: &str) -> Result<(Vec<Contact>, usize), String> {
    let mut contacts = Vec::new();
    let mut skipped = 0;
    let text = bare_params_to_type(text);
    for card in ical::VcardParser::new(std::io::BufReader::new(text.as_bytes())) {
        let card = card.map_err(|e| format!("not a valid vCard file: {e}"))?;
        let values = |name: &str| -> Vec<String> {
            card.properties
                .iter()
                // Apple groups properties: `item1.EMAIL`.
                .filter(|p| p.name.rsplit('.').next().is_some_and(|n| n.eq_ignore_ascii_case(name)))
                .filter_map(|p| {
                    let raw = p.value.clone()?;
                    let qp = p.params.iter().flatten().any(|(k, v)| {
                        (k.eq_ignore_ascii_case("ENCODING")
                            && v.iter().any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE")))
                            || v.iter().any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
                    });
                    let value = if qp { decode_quoted_printable(&raw) } else { raw };
                    Some(value)
                })
                .filter(|v| !v.trim().is_empty())
                .collect()
        };
        let first = |name: &str| values(name).into_iter().next();
        let name = first("FN").map(|n| unescape(&n)).or_else(|| {
            first("N").map(|n| {
                let parts: Vec<String> = split_unescaped(&n, ';').iter().map(|p| unescape(p)).collect();
                [parts.get(3), parts.get(1), parts.get(2), parts.first(), parts.get(4)]
                    .into_iter()
                    .flatten()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        });
        let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else {
            skipped += 1;
            continue;
        };
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        if let Some(org) = first("ORG") {
            let company = unescape(split_unescaped(&org, ';').first().map_or("", |s| s.as_str()));
            if !company.is_empty() {
                fields.push(("company", yaml_text(&company)));
            }
        }
        if let Some(title) = first("TITLE") {
            fields.push(("role", yaml_text(&unescape(&title))));
        }
        let emails: Vec<String> = values("EMAIL").iter().map(|e| unescape(e).trim().to_string()).collect();
        if let Some(email) = emails.first() {
            fields.push(("email", yaml_text(email)));
        }
        if emails.len() > 1 {
            let rest: Vec<String> = emails[1..].iter().map(|e| yaml_text(e)).collect();
            fields.push(("emails", format!("[{}]", rest.join(", "))));
        }
        let phones: Vec<String> = values("TEL").iter().map(|t| yaml_text(unescape(t).trim())).collect();
        if !phones.is_empty() {
            fields.push(("phones", format!("[{}]", phones.join(", "))));
        }
        if let Some(bday) = first("BDAY").and_then(|b| normalize_bday(&b)) {
            fields.push(("birthday", bday));
        }
        let url = values("URL").into_iter().map(|u| unescape(&u)).find(|u| u.contains("linkedin.com"));
        if let Some(url) = &url {
            fields.push(("linkedin", yaml_text(url)));
        }
        fields.push(("stage", "seed".to_string()));
        let body = first("NOTE").map(|n| unescape(&n));
        contacts.push(Contact { name, fields, url, email: emails.first().cloned(), body });
    }
    Ok((contacts, skipped))
}

/// vCard 2.1 writes bare parameters (`EMAIL;PREF;INTERNET:`); the parser
/// wants `name=value`, so they become `TYPE=PREF`.
fn bare_params_to_type(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some((head, rest)) = line.split_once(':').filter(|_| !line.starts_with([' ', '\t'])) else {
            out.push_str(line);
            continue;
        };
        let mut parts = head.split(';');
        out.push_str(parts.next().unwrap_or(""));
        for param in parts {
            out.push(';');
            if !param.contains('=') {
                out.push_str("TYPE=");
            }
            out.push_str(param);
        }
        out.push(':');
        out.push_str(rest);
    }
    out
}

/// Undo vCard text escaping: `\\`, `\,`, `\;`, `\n`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Split on `sep` where it is not escaped (structured values like N and ORG).
fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            if let Some(p) = parts.last_mut() {
                p.push('\\');
                p.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

fn decode_quoted_printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
            if bytes.get(i + 1).is_none() {
                break; // a soft line break left at the end
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `1990-04-12`, `19900412`, `--0412`, `--04-12` → kith's `1990-04-12` / `--04-12`.
fn normalize_bday(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.split('T').next().unwrap_or(t);
    if let Some(rest) = t.strip_prefix("--") {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        return (digits.len() == 4).then(|| format!("--{}-{}", &digits[..2], &digits[2..]));
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let date = chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()?;
    Some(date.to_string())
}

fn normalize_url(url: &str) -> String {
    url.trim()
        .trim_end_matches('/')
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .to_lowercase()
}
