//! Names as file names and YAML text, and loose name comparison: shared by
//! `kith add` and the importers.

/// A file name that works on Windows, macOS and Linux.
pub fn safe_file_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { '-' } else { c }).collect();
    // NFC, and no leading dot or dash: `.NET Guy` or `../../x` must not become a
    // hidden file kith never reads (issue 12).
    out = crate::note::link::nfc(&out).into_owned();
    out = out.trim().trim_start_matches(['.', '-', ' ']).trim_end_matches(['.', ' ']).to_string();
    if out.len() > 120 {
        let cut = (0..=120).rev().find(|&i| out.is_char_boundary(i)).unwrap_or(0);
        out.truncate(cut);
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if out.is_empty() || reserved {
        out = format!("{out} (person)").trim().to_string();
    }
    out
}

/// Names compared loosely: case, spacing and punctuation ignored, NFC and
/// NFD spellings alike (`link::key`).
pub fn loose(name: &str) -> String {
    crate::note::link::key(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A YAML double-quoted scalar that reads back as exactly `value`: quotes,
/// backslashes, line breaks, control characters and the Unicode line
/// separators (which YAML would fold or refuse) are escaped.
pub fn yaml_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A name as a file name that is also a link target Obsidian resolves: the
/// characters links cannot hold (`[ ] # ^ |`) are replaced as well as the
/// ones file systems refuse; `name:` keeps the full name.
pub fn link_safe_file_name(name: &str) -> String {
    let swapped: String = name
        .chars()
        .filter_map(|c| match c {
            '[' | '{' => Some('('),
            ']' | '}' => Some(')'),
            '#' | '^' => None,
            '|' => Some('-'),
            c => Some(c),
        })
        .collect();
    let collapsed = swapped.split_whitespace().collect::<Vec<_>>().join(" ");
    safe_file_name(&collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_text_reads_back_exactly() {
        for value in [
            "plain",
            "quote \" and \\",
            "two\nlines\r\n",
            "tab\there",
            "nel\u{85}ls\u{2028}ps\u{2029}",
            "bell\u{7}",
            "# not a comment: [x]",
        ] {
            let yaml = format!("k: {}", yaml_text(value));
            let parsed: serde_norway::Mapping = serde_norway::from_str(&yaml).unwrap();
            assert_eq!(parsed.get("k").and_then(|v| v.as_str()), Some(value), "{yaml}");
        }
    }

    #[test]
    fn link_safe_names() {
        assert_eq!(link_safe_file_name("Tomas Vidal [we're hiring]"), "Tomas Vidal (we're hiring)");
        assert_eq!(link_safe_file_name("A #1 ^fan | x\\y: z/w"), "A 1 fan - x-y- z-w");
    }

    #[test]
    fn file_names_safe_everywhere() {
        assert_eq!(safe_file_name("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(safe_file_name("A/B: C?"), "A-B- C-");
        assert_eq!(safe_file_name("CON"), "CON (person)");
        assert_eq!(safe_file_name("Dr. J."), "Dr. J");
        assert_eq!(safe_file_name("   "), "(person)");
        assert!(safe_file_name(&"é".repeat(100)).len() <= 120);
    }
}
