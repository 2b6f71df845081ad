//! Inputs for the fuzz targets: the seed corpus (kith's own fixture notes,
//! written in the shapes real vaults use), mutations of it, a grammar of
//! notes, and plain arbitrary text.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;

/// Every seed note: `tests/fuzz/corpus/` and the example vault, sorted.
pub fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = ["tests/fuzz/corpus", "example-vault"]
            .iter()
            .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).sort_by_file_name())
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.into_path())
            .collect();
        files.sort();
        let seeds: Vec<String> = files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
        assert!(seeds.len() >= 20, "the seed corpus is missing");
        seeds
    })
}

/// Pieces of markdown, YAML and log syntax, and characters parsers trip on.
pub const SNIPPETS: &[&str] = &[
    "---\n",
    "...\n",
    "--- \r\n",
    "## Log\n",
    "# Log\n",
    "### log\n",
    "Log\n===\n",
    "## Notes\n",
    "# Other\n",
    "- 2026-10-03 ",
    "- 2026-10-03 14:30 ",
    "  - 2026-10-04 ",
    "* 2026-1-5 ",
    "1. 2026-10-03 ",
    "- [ ] 2026-10-03 ",
    "- [x] 2026-10-03 ",
    "- [[2026-10-03]] ",
    "### 2026-10-03 ",
    "2026-10-03 ",
    "- 2026-02-30 ",
    "- 2026-13-01 ",
    "- 9999-12-31 ",
    "- 0000-01-01 ",
    "99:99 ",
    "T10:00 ",
    "- ",
    "  - ",
    "    ",
    "\t",
    "> ",
    "> - 2026-10-03 ",
    "```\n",
    "~~~\n",
    "````md\n",
    "<details>\n",
    "</details>\n",
    "<!--",
    "-->",
    "%%",
    "<pre>",
    "</pre>",
    "<div>\n",
    "[[",
    "]]",
    "[[Ada]]",
    "[[Ada|A]]",
    "[[Ada#Log]]",
    "[[a [[b]]",
    "![[x]]",
    "[x]: http://x\n",
    "[x]",
    "|",
    "\\|",
    "| a | b |\n|---|---|\n",
    "#win ",
    "#gave ",
    "#got ",
    "#ask ",
    "#intro ",
    "#referral ",
    "#Win",
    "#1 ",
    "#tag/x ",
    "`#gave`",
    "`",
    "**",
    "_",
    "\\",
    "&amp;",
    "&#10;",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\u{a0}",
    "\u{0}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{7f}",
    "é",
    "日本",
    "🙂",
    "name: Ada\n",
    "type: person\n",
    "type: goal\n",
    "last_contact: 2026-01-01\n",
    "last_contact: &d 2026-01-01\n",
    "met: *d\n",
    "tags: [a, b]\n",
    "aliases:\n  - A\n",
    "name: \"",
    "'",
    "\"",
    "key: |\n  x\n",
    "created: {{date}}\n",
    "org: []\n",
    "categories:\n  - \"[[People]]\"\n",
    "cadence: 6w\n",
    "follow_up: 2027-01-01\n",
    "? ",
    ": ",
    "&a ",
    "*a ",
    "!!str ",
    "%YAML 1.2\n",
    "Key:: value\n",
    "$$\n",
    "$x$",
    "<https://x>",
    "https://x.com/#frag ",
];

/// Text: characters that matter somewhere, and snippets.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    const CHARS: &[char] = &[
        'a', 'B', 'z', ' ', ' ', ' ', '0', '1', '2', '-', ':', '#', '[', ']', '|', '^', '*', '_', '`', '<', '>', '&',
        '"', '\'', '\\', '!', '%', '~', '(', ')', '{', '}', ',', ';', '.', '/', '=', '+', '@', '\n', '\n', '\r', '\t',
        'é', 'ß', 'İ', '日', '\u{1}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{a0}', '\u{200b}',
        '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffd}', '🙂',
    ];
    let piece = prop_oneof![
        3 => prop::sample::select(CHARS).prop_map(String::from),
        1 => prop::sample::select(SNIPPETS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

/// One edit of a seed note.
#[derive(Debug, Clone)]
pub enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Duplicate(Index, Index),
    /// Put a piece of another seed here.
    Splice(Index, Index, Index, Index),
    /// All line endings to one kind.
    LineEndings(&'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<Index>(), text(6)).prop_map(|(i, t)| Edit::Insert(i, t)),
        3 => (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Duplicate(a, b)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(s, a, b, at)| Edit::Splice(s, a, b, at)),
        1 => prop::sample::select(&["\r\n", "\r", "\n"][..]).prop_map(Edit::LineEndings),
    ]
}

fn boundary(text: &str, index: &Index) -> usize {
    let mut at = index.index(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut text = seed.to_string();
    for edit in edits {
        match edit {
            Edit::Insert(at, piece) => {
                let at = boundary(&text, at);
                text.insert_str(at, piece);
            }
            Edit::Delete(at, len) => {
                let from = boundary(&text, at);
                let mut to = (from + len).min(text.len());
                while !text.is_char_boundary(to) {
                    to -= 1;
                }
                text.replace_range(from..to, "");
            }
            Edit::Duplicate(a, b) => {
                let (a, b) = (boundary(&text, a), boundary(&text, b));
                let piece = text[a.min(b)..a.max(b)].to_string();
                text.insert_str(a.max(b), &piece);
            }
            Edit::Splice(seed, a, b, at) => {
                let other = &seeds()[seed.index(seeds().len())];
                let (a, b) = (boundary(other, a), boundary(other, b));
                let at = boundary(&text, at);
                text.insert_str(at, &other[a.min(b)..a.max(b)]);
            }
            Edit::LineEndings(nl) => text = text.replace("\r\n", "\n").replace('\n', nl),
        }
    }
    text
}

/// A seed note with a few edits.
pub fn mutated() -> impl Strategy<Value = String> {
    (any::<Index>(), prop::collection::vec(edit(), 0..6))
        .prop_map(|(seed, edits)| apply(&seeds()[seed.index(seeds().len())], &edits))
}

/// A person note from a grammar: front matter fields, then blocks, with
/// the odd forms (headings of every level, nested and quoted items, fences).
pub fn grammar_note() -> impl Strategy<Value = String> {
    let nl = prop::sample::select(&["\n", "\n", "\n", "\r\n"][..]);
    let field = prop_oneof![
        3 => (prop::sample::select(&["name", "company", "tags", "last_contact", "met", "goals", "type", "stage", "aliases", "cadence", "x"][..]), text(8))
            .prop_map(|(k, v)| format!("{k}: {v}\n")),
        2 => prop::sample::select(SNIPPETS).prop_map(str::to_string),
    ];
    let front = prop::option::of(prop::collection::vec(field, 0..6).prop_map(|f| format!("---\n{}---\n", f.concat())));
    let date = prop_oneof![
        4 => (2020i32..2028, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => prop::sample::select(&["2026-02-30", "2026-9-1", "2026-10-03T10:00", "[[2026-10-03]]", "2026/10/03", "20261003"][..]).prop_map(str::to_string),
    ];
    let block = prop_oneof![
        3 => (prop::sample::select(&["# ", "## ", "### ", "#### "][..]), prop::sample::select(&["Log", "log", "LOG", " Log ", "Notes", "Log 2026", "Other"][..]))
            .prop_map(|(h, t)| format!("{h}{t}")),
        6 => (prop::sample::select(&["- ", "* ", "+ ", "1. ", "  - ", "    - ", "> - ", "- [ ] ", "\t- "][..]), date.clone(), text(10))
            .prop_map(|(m, d, t)| format!("{m}{d} {t}")),
        2 => (prop::sample::select(&["### ", "#### "][..]), date, text(6)).prop_map(|(h, d, t)| format!("{h}{d} {t}")),
        2 => text(20),
        1 => prop::sample::select(&["```", "~~~", "<details>", "</details>", "%%", "<!--", "-->", "", "| a |\n|---|"][..]).prop_map(str::to_string),
    ];
    let blocks = prop::collection::vec((block, nl), 0..12)
        .prop_map(|b| b.into_iter().map(|(b, nl)| format!("{b}{nl}")).collect::<String>());
    (front, blocks).prop_map(|(f, b)| format!("{}{b}", f.unwrap_or_default()))
}

/// Any note-like text: mostly mutated seeds and grammar notes, some noise.
pub fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => mutated(),
        3 => grammar_note(),
        1 => text(60),
        1 => prop::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
    ]
}
