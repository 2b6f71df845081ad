//! Markdown links to notes (`[Ada](people/Ada.md)`), as Obsidian writes them
//! with "Use [[Wikilinks]]" off: each becomes the vault path (or file name) a
//! `[[wikilink]]` would hold, so the index resolves both kinds alike.

use percent_encoding::percent_decode_str;

/// Call `f` with the link target of each markdown link to a note (`.md`) in
/// `line`, in order: `Ada` for `[Ada](Ada.md)` (a file name alone resolves
/// like `[[Ada]]`), `people/Ada` for `[Ada](people/Ada.md)` or
/// `[Ada](/people/Ada.md)` (from the vault root, as Obsidian's "absolute path
/// in vault"), and for `./` or `../` paths the note's `folder` joined with
/// them. Images, URLs and links to other files are none.
pub fn for_each_md_link(line: &str, folder: &str, mut f: impl FnMut(&str)) {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'[', &bytes[from..]).map(|i| from + i) {
        from = open + 1;
        let Some(close) = closing_bracket(bytes, open) else { break };
        if bytes.get(close + 1) != Some(&b'(') || (open > 0 && bytes[open - 1] == b'!') {
            continue;
        }
        let Some((href, end)) = destination(line, close + 2) else { continue };
        if let Some(target) = note_target(href, folder) {
            f(&target);
        }
        from = end;
    }
}

/// The `]` that closes the `[` at `open` (brackets nest), on this line.
fn closing_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The link destination starting at `at` (just after `(`): `<with spaces.md>`
/// or a run without spaces, then an optional title, then `)`. Returns it and
/// where the link ends.
fn destination(line: &str, at: usize) -> Option<(&str, usize)> {
    let rest = line.get(at..)?;
    let trimmed = rest.trim_start_matches(' ');
    let skipped = rest.len() - trimmed.len();
    let (href, after) = if let Some(inner) = trimmed.strip_prefix('<') {
        let end = inner.find('>')?;
        (&inner[..end], at + skipped + 1 + end + 1)
    } else {
        let end = trimmed.find([' ', ')']).unwrap_or(trimmed.len());
        (&trimmed[..end], at + skipped + end)
    };
    let close = line.get(after..)?.find(')')?;
    Some((href, after + close + 1))
}

/// The wikilink-style target of a destination that names a note, else `None`.
fn note_target(href: &str, folder: &str) -> Option<String> {
    let href = href.split(['#', '?']).next()?;
    // A URL or another scheme (`https:`, `mailto:`, `obsidian:`) is not a note in the vault.
    if href.split('/').next().is_some_and(|first| first.contains(':')) {
        return None;
    }
    let decoded = percent_decode_str(href).decode_utf8().ok()?;
    let path = decoded.trim();
    let n = path.len();
    if n <= 3 || !path.is_char_boundary(n - 3) || !path[n - 3..].eq_ignore_ascii_case(".md") {
        return None;
    }
    let path = &path[..n - 3];
    let relative = path.starts_with("./") || path.starts_with("../");
    let mut parts: Vec<&str> = Vec::new();
    let start = if relative { folder } else { "" };
    for part in start.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?; // above the vault root: no note of this vault
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(line: &str, folder: &str) -> Vec<String> {
        let mut found = Vec::new();
        for_each_md_link(line, folder, |t| found.push(t.to_string()));
        found
    }

    #[test]
    fn note_links_by_name_vault_path_and_relative_path() {
        assert_eq!(links("- lunch with [Bob](Bob.md) #gave", "Daily"), ["Bob"]);
        assert_eq!(links("[Bob](people/Bob.md) and [Ada](/people/Ada.md)", "Daily"), ["people/Bob", "people/Ada"]);
        assert_eq!(links("[Bob](../people/Bob.md)", "Journal/2026"), ["Journal/people/Bob"]);
        assert_eq!(links("[Bob](../../people/Bob.md)", "Journal/2026"), ["people/Bob"]);
        assert_eq!(links("[Bob](./Bob.md)", "Daily"), ["Daily/Bob"]);
        assert_eq!(links("[Ada L](people/Ada%20Lovelace.md#Log)", ""), ["people/Ada Lovelace"]);
        assert_eq!(links("[Ada L](<people/Ada Lovelace.md> \"title\")", ""), ["people/Ada Lovelace"]);
        assert_eq!(links("[[Bob]] [see [this]](Bob.md)", ""), ["Bob"]);
    }

    #[test]
    fn urls_images_other_files_and_paths_above_the_vault_are_no_notes() {
        assert!(links("[site](https://example.com/a.md) [m](mailto:a@b.md)", "").is_empty());
        assert!(links("![photo](people/Bob.md) [pdf](files/cv.pdf) [x](../Bob.md)", "").is_empty());
        assert!(links("[Bob] (Bob.md) [Bob](Bob.md", "").is_empty());
        assert!(links("[[Bob]] and [[Ada|A]]", "").is_empty());
    }
}
