//! LinkedIn's Connections.csv: a `Notes:` preamble in newer exports, then a
//! header row. 2018 to 2021: "First Name", "Last Name", "Email Address",
//! "Company", "Position", "Connected On"; since 2022 also "URL" after "Last
//! Name". The same export holds other CSVs that start with "First Name"
//! (`Imported Contacts.csv`: the address book synced to LinkedIn, no
//! "Connected On"); they are refused, not read as connections.

use chrono::NaiveDate;

use super::{Contact, NameParts, Parsed};

/// Columns every vintage has.
const REQUIRED: [&str; 3] = ["First Name", "Last Name", "Connected On"];
/// At least one of these is there too (the 2018 export has no URL).
const ONE_OF: [&str; 4] = ["URL", "Email Address", "Company", "Position"];

/// Find the header, check it is the connections' header, then read the rows.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut offset = 0;
    let mut start = None;
    let mut header_line = 1;
    for line in text.split_inclusive('\n') {
        if line.trim_start_matches('"').to_ascii_lowercase().starts_with("first name") {
            start = Some(offset);
            break;
        }
        offset += line.len();
        header_line += 1;
    }
    let expected = format!(
        "LinkedIn's Connections.csv has a header row with {} and at least one of {}",
        REQUIRED.join(", "),
        ONE_OF.join(", ")
    );
    let Some(start) = start else {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        let first: String = first.chars().take(120).collect();
        return Err(format!("not LinkedIn's Connections.csv: no header row starting with First Name (first line: {first:?}); {expected}"));
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&text.as_bytes()[start..]);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|name| col(name).is_none()).collect();
    if !missing.is_empty() || ONE_OF.iter().all(|name| col(name).is_none()) {
        let found: Vec<&str> = headers.iter().map(str::trim).collect();
        let missing = if missing.is_empty() { format!("none of {}", ONE_OF.join(", ")) } else { missing.join(", ") };
        return Err(format!(
            "not LinkedIn's Connections.csv (line {header_line} has no {missing}); {expected}; found: {}. \
             Other files of the LinkedIn export (Imported Contacts.csv) are not connections",
            found.join(", ")
        ));
    }
    let (first, last) = (col("First Name"), col("Last Name"));
    let (url, email, company, position, connected) =
        (col("URL"), col("Email Address"), col("Company"), col("Position"), col("Connected On"));
    let mut parsed = Parsed::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as usize + header_line);
                parsed.refused.push((line, format!("row skipped: {err}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize + header_line);
        let get =
            |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let parts = NameParts {
            given: get(first).unwrap_or_default(),
            family: get(last).unwrap_or_default(),
            ..Default::default()
        };
        let name = parts.display();
        if name.is_empty() {
            parsed.unnamed += 1;
            continue;
        }
        let met = get(connected).and_then(|d| {
            let date = connected_on(&d);
            if date.is_none() {
                parsed.warnings.push((line, format!("{name}: cannot read the date \"{d}\" (Connected On); left out")));
            }
            date
        });
        parsed.contacts.push(Contact {
            name,
            parts,
            company: get(company),
            role: get(position),
            emails: get(email).map(|e| super::Labeled::new(e, None)).into_iter().collect(),
            linkedin: get(url),
            met,
            line,
            ..Contact::default()
        });
    }
    Ok(parsed)
}

/// "Connected On" as LinkedIn has written it over the years: `15 Mar 2023`,
/// `1/8/18, 6:14 PM` (2018, US month first), `23-Apr-23`, `2022-11-30`.
pub fn connected_on(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date_part = text.split(',').next().unwrap_or(text).trim();
    ["%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%m/%d/%y", "%m/%d/%Y", "%b %d %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(date_part, format).ok())
        .or_else(|| NaiveDate::parse_from_str(&text.replace(',', ""), "%b %d %Y").ok())
}

#[cfg(test)]
mod tests {
    use super::connected_on;

    #[test]
    fn connected_on_in_every_vintage() {
        for (text, want) in [
            ("15 Mar 2023", "2023-03-15"),
            ("1/8/18, 6:14 PM", "2018-01-08"),
            ("23-Apr-23", "2023-04-23"),
            ("2022-11-30", "2022-11-30"),
            ("Mar 15, 2023", "2023-03-15"),
        ] {
            assert_eq!(connected_on(text).map(|d| d.to_string()).as_deref(), Some(want), "{text}");
        }
        assert_eq!(connected_on("yesterday"), None);
    }
}
