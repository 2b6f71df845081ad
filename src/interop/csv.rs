//! Google Contacts and Outlook CSV exports, recognised by their headers.
//!
//! Google (before 2023): `Name, Given Name, Family Name, …, Group Membership,
//! E-mail 1 - Type, E-mail 1 - Value, Phone 1 - Type, …, Organization 1 - Name`;
//! Google (since): `First Name, Middle Name, Last Name, …, Organization Name,
//! Labels, E-mail 1 - Label, …`; several values in one cell are joined by ` ::: `
//! and a `* ` marks the primary one. Outlook: `First Name, …, E-mail Address,
//! E-mail 2 Address, Business Phone, Mobile Phone, …, Job Title, Categories`.

use super::{normalize_birthday, Contact, Labeled, NameParts, Parsed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Google,
    Outlook,
}

pub fn parse(text: &str) -> Result<Parsed, String> {
    if text.lines().take(6).any(|l| l.to_lowercase().contains("connected on")) {
        return Err("this is LinkedIn's Connections.csv: use kith import linkedin".to_string());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().to_lowercase()).collect();
    let has = |h: &str| headers.iter().any(|x| x == h);
    let flavor = if has("e-mail 1 - value") || has("phone 1 - value") || has("given name") || has("labels") {
        Flavor::Google
    } else if has("e-mail address") || has("job title") || has("business phone") || has("mobile phone") {
        Flavor::Outlook
    } else if has("path") && has("stage") && has("days_overdue") {
        return Err("this is kith's own CSV export, made for spreadsheets; to bring people into a vault, \
                    use `kith export vcard` and `kith import vcard`"
            .to_string());
    } else {
        return Err(
            "neither Google Contacts nor Outlook CSV headers (such as \"E-mail 1 - Value\" or \"E-mail Address\")"
                .to_string(),
        );
    };
    let mut parsed = Parsed::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as usize + 1);
                parsed.refused.push((line, format!("row skipped: {err}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize + 1);
        let cell = |name: &str| -> Option<String> {
            let i = headers.iter().position(|h| h == name)?;
            record.get(i).map(str::trim).filter(|s| !s.is_empty()).map(String::from)
        };
        let any = |names: &[&str]| names.iter().find_map(|n| cell(n));
        let (contact, warnings) = row(flavor, &headers, &cell, &any, line);
        parsed.warnings.extend(warnings.into_iter().map(|w| (line, w)));
        match contact {
            Some(contact) => parsed.contacts.push(contact),
            None => parsed.unnamed += 1,
        }
    }
    Ok(parsed)
}

/// Google's several values in one cell, without the primary mark.
fn values(cell: Option<String>) -> Vec<String> {
    cell.map(|c| {
        c.split(" ::: ").map(|v| v.trim().trim_start_matches("* ").to_string()).filter(|v| !v.is_empty()).collect()
    })
    .unwrap_or_default()
}

fn label(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim_start_matches("* ").trim().to_lowercase()).filter(|t| !t.is_empty())
}

fn row(
    flavor: Flavor,
    headers: &[String],
    cell: &dyn Fn(&str) -> Option<String>,
    any: &dyn Fn(&[&str]) -> Option<String>,
    line: usize,
) -> (Option<Contact>, Vec<String>) {
    let mut warnings = Vec::new();
    let parts = NameParts {
        given: any(&["given name", "first name"]).unwrap_or_default(),
        middle: any(&["additional name", "middle name"]).unwrap_or_default(),
        family: any(&["family name", "last name"]).unwrap_or_default(),
        prefix: match flavor {
            Flavor::Google => cell("name prefix"),
            Flavor::Outlook => cell("title"),
        }
        .unwrap_or_default(),
        suffix: any(&["name suffix", "suffix"]).unwrap_or_default(),
    };
    let name = any(&["name", "display name"]).unwrap_or_else(|| parts.display());
    if name.trim().is_empty() {
        return (None, warnings);
    }
    // Numbered columns: `E-mail 1 - Value` with `E-mail 1 - Type` (or `- Label`).
    let numbered = |kind: &str, value: &str| -> Vec<Labeled> {
        (1..=headers.len())
            .map_while(|n| {
                let key = format!("{kind} {n} - {value}");
                headers.contains(&key).then(|| {
                    let kind_label =
                        label(cell(&format!("{kind} {n} - type")).or_else(|| cell(&format!("{kind} {n} - label"))));
                    values(cell(&key)).into_iter().map(|v| Labeled::new(v, kind_label.clone())).collect::<Vec<_>>()
                })
            })
            .flatten()
            .collect()
    };
    let (mut emails, mut phones, mut addresses, mut urls, mut dates) = (
        numbered("e-mail", "value"),
        numbered("phone", "value"),
        numbered("address", "formatted"),
        numbered("website", "value"),
        Vec::new(),
    );
    for event in numbered("event", "value") {
        match normalize_birthday(&event.value) {
            Some(date) => dates.push((event.label.unwrap_or_else(|| "anniversary".into()), date)),
            None => warnings.push(format!("{name}: cannot read the date \"{}\"; left out", event.value)),
        }
    }
    if flavor == Flavor::Outlook {
        for (n, column) in ["e-mail address", "e-mail 2 address", "e-mail 3 address"].iter().enumerate() {
            // Exchange users export as X.500 paths, not addresses.
            if let Some(email) = cell(column).filter(|e| e.contains('@')) {
                let kind =
                    label(cell(&format!("e-mail{} type", if n == 0 { String::new() } else { format!(" {}", n + 1) })))
                        .filter(|k| k != "smtp");
                emails.push(Labeled::new(email, kind));
            }
        }
        for header in headers
            .iter()
            .filter(|h| h.ends_with("phone") || h.ends_with("phone 2") || h.ends_with("fax") || *h == "pager")
        {
            if header.starts_with("assistant") {
                continue;
            }
            if let Some(number) = cell(header) {
                let kind = header
                    .trim_end_matches(" 2")
                    .trim_end_matches(" phone")
                    .replace("business", "work")
                    .replace("mobile", "cell");
                phones.push(Labeled::new(number, Some(kind)));
            }
        }
        for (prefix, kind) in [("business", "work"), ("home", "home"), ("other", "other")] {
            let part = |p: &str| cell(&format!("{prefix} {p}"));
            let region = [part("state"), part("postal code")].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let text = [part("street"), part("city"), Some(region).filter(|r| !r.is_empty()), part("country/region")]
                .into_iter()
                .flatten()
                .map(|p| p.replace(['\r', '\n'], ", ").replace(", , ", ", "))
                .collect::<Vec<_>>()
                .join(", ");
            if !text.is_empty() {
                addresses.push(Labeled::new(text, Some(kind.into())));
            }
        }
        for column in ["web page", "personal web page"] {
            urls.extend(cell(column).map(|u| Labeled::new(u, None)));
        }
        if let Some(anniversary) = cell("anniversary").filter(|a| !is_empty_date(a)) {
            match normalize_birthday(&anniversary) {
                Some(date) => dates.push(("anniversary".into(), date)),
                None => warnings.push(format!("{name}: cannot read the date \"{anniversary}\"; left out")),
            }
        }
    }
    for address in &mut addresses {
        address.value = address.value.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ");
    }
    let linkedin =
        urls.iter().position(|u| u.value.to_lowercase().contains("linkedin.com/")).map(|i| urls.remove(i).value);
    let birthday = cell("birthday").filter(|b| !is_empty_date(b)).and_then(|b| {
        let date = normalize_birthday(&b);
        if date.is_none() {
            warnings.push(format!("{name}: cannot read the birthday \"{b}\"; left out"));
        }
        date
    });
    let tags: Vec<String> = match flavor {
        Flavor::Google => any(&["labels", "group membership"])
            .map(|g| {
                g.split(" ::: ")
                    .map(str::trim)
                    .filter(|t| !t.starts_with('*') && !t.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        Flavor::Outlook => cell("categories")
            .map(|c| c.split([';', ',']).map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect())
            .unwrap_or_default(),
    };
    let contact = Contact {
        name,
        parts,
        nickname: cell("nickname"),
        company: any(&["organization 1 - name", "organization name", "company"]),
        role: any(&["organization 1 - title", "organization title", "job title"]),
        emails,
        phones,
        addresses,
        urls,
        socials: Vec::new(),
        linkedin,
        tags,
        birthday,
        met: None,
        dates,
        uid: None,
        notes: cell("notes"),
        line,
    };
    (Some(contact), warnings)
}

/// Outlook writes "no date" as `0/0/00` or `1/1/1601`.
fn is_empty_date(text: &str) -> bool {
    text == "0/0/00" || text == "0/0/0000" || text.starts_with("1/1/1601")
}
