//! Target 3: the link writer (`render::wikilink`, `Linker`) read back by
//! kith's wikilink parser and by pulldown-cmark (CommonMark, with its
//! Obsidian wikilink extension): any note name and file name give exactly one
//! link, to exactly that note, showing exactly that name (as one line).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use kith::note::link::{find_links, key};
use kith::path::NotePath;
use kith::render::escape::one_line;
use kith::render::{wikilink, Linker};

use crate::corpus::text;
use crate::fuzz;

/// The links pulldown-cmark finds in `markdown`: (kind, destination, shown text).
fn links(markdown: &str, options: Options) -> Vec<(LinkType, String, String)> {
    let mut found = Vec::new();
    let mut open: Option<(LinkType, String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                open = Some((link_type, dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Link) => found.extend(open.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, shown)) = open.as_mut() {
                    shown.push_str(&t);
                }
            }
            _ => {}
        }
    }
    found
}

/// The source of each table cell in `markdown`, with the table's `\|` escape undone.
fn cells(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::TableCell)))
        .map(|(_, range)| markdown[range].trim().replace("\\|", "|"))
        .collect()
}

fn decode(url: &str) -> String {
    percent_encoding::percent_decode_str(url).decode_utf8_lossy().into_owned()
}

fn check(folder: &str, file: &str, name: &str, in_table: bool) -> Result<(), TestCaseError> {
    let path = NotePath::new(format!("{folder}{file}.md"));
    let stem = path.stem();
    let link = wikilink(&path, name, in_table);
    prop_assert_eq!(one_line(&link), link.as_str(), "the link spans lines");
    let shown = one_line(name).into_owned();
    let line = if in_table { format!("| a | b |\n|---|---|\n| x | {link} |\n") } else { format!("x {link} y\n") };
    if link.starts_with("[[") {
        // In a table, the cell as a table reads it (`\|` is the table's escape).
        let inner = if in_table { cells(&line).get(3).cloned().unwrap_or_default() } else { link.clone() };
        // kith reads it back as a link to this very note, showing the name.
        let targets = find_links(&inner);
        prop_assert_eq!(targets.len(), 1, "{:?}", link);
        prop_assert_eq!(key(&targets[0]), key(stem), "{:?} links to another note", link);
        let label = inner.trim_start_matches("[[").trim_end_matches("]]").split_once('|').map(|(_, l)| l);
        prop_assert_eq!(label.unwrap_or(stem), name, "{:?} shows another name", inner);
        // And so does pulldown-cmark's Obsidian wikilink extension.
        let found = links(&format!("x {inner} y\n"), Options::ENABLE_WIKILINKS);
        prop_assert_eq!(found.len(), 1, "{:?} gives {:?}", inner, found);
        prop_assert!(matches!(found[0].0, LinkType::WikiLink { .. }), "{:?}", found);
        prop_assert_eq!(&found[0].1, stem);
    } else {
        let found = links(&line, if in_table { Options::ENABLE_TABLES } else { Options::empty() });
        prop_assert_eq!(found.len(), 1, "{:?} gives {:?}", link, found);
        let (_, dest, text) = &found[0];
        prop_assert!(find_links(&link).is_empty(), "{:?} holds a wikilink", link);
        prop_assert_eq!(decode(dest), path.as_str());
        prop_assert_eq!(text, &shown, "{:?}", link);
    }
    // Relative links: the same note, the same text, never a scheme.
    let relative = Linker::Relative { prefix: "../".into() }.link(&path, name, in_table);
    let found = links(&format!("x {relative} y\n"), Options::empty());
    prop_assert_eq!(found.len(), 1, "{:?} gives {:?}", relative, found);
    prop_assert_eq!(decode(&found[0].1), format!("../{}", path.as_str()));
    prop_assert!(!found[0].1.contains(':'));
    prop_assert_eq!(&found[0].2, &shown, "{:?}", relative);
    Ok(())
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(12),
        1 => prop::sample::select(&["Ada Lovelace", "José Ruiz", "山田 太郎", "Ada.md", " Ada", "Ada ", "a]]b", "[[x]]", "x|y", "#a", "^b", ".md", "&amp;", "a\\", "*a*", "`a`"][..]).prop_map(str::to_string),
        1 => "[a-zA-Z .'-]{1,20}",
    ]
}

#[test]
fn links_round_trip() {
    let folder = prop::sample::select(&["people/", "", "a b/", "x]]/"][..]);
    fuzz(file!(), 3000, (folder, name(), name(), any::<bool>()), |(folder, file, name, in_table)| {
        if file.contains('/') || file.is_empty() {
            return Ok(()); // not a file name
        }
        check(folder, &file, &name, in_table)
    });
}
