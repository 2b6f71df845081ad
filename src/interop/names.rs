//! Names as file names and YAML text, and loose name comparison: shared by
//! `kith add` and the importers.

/// A file name that works on Windows, macOS and Linux.
pub fn safe_file_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { '-' } else { c }).collect();
    out = out.trim().trim_end_matches(['.', ' ']).to_string();
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

/// Names compared loosely: case, spacing and punctuation ignored.
pub fn loose(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A YAML double-quoted scalar.
pub fn yaml_text(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

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
