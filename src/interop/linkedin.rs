//! LinkedIn's Connections.csv: a `Notes:` preamble in newer exports, then a
//! header row with "First Name", "Last Name", "URL", "Email Address", ...

use chrono::NaiveDate;

use super::names::yaml_text;
use super::Contact;

/// Find the header (newer exports start with a `Notes:` preamble), then read
/// the rows. Returns the contacts and how many rows had no name.
pub fn parse(text: &str) -> Result<(Vec<Contact>, usize), String> {
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
