//! Property test: wherever the front matter fast path answers, it answers
//! exactly what serde_norway answers. Front matter is generated from a grammar
//! of the forms notes use and the odd cases that once made the two disagree.

use proptest::prelude::*;
use serde_norway::{Mapping, Value};

use super::simple_yaml::parse;

/// Characters that matter to YAML somewhere, plus ordinary text.
const CHARS: &[char] = &[
    'a', 'B', 'z', '0', '1', '7', 'd', 'w', 'x', 'e', ' ', ' ', '-', '_', '.', ',', ':', '#', '[', ']', '{', '}', '"',
    '\'', '\\', '!', '&', '*', '|', '>', '%', '@', '`', '?', '+', '~', '/', 'é', '日', '\t', '\r', '\u{1}', '\u{7f}',
    '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{a0}',
];

/// Whole scalars that resolve to something other than text, or nearly do.
const SCALARS: &[&str] = &[
    "Ada Lovelace",
    "7d",
    "30d",
    "6w",
    "1m",
    "2y",
    "0x1f",
    "0x1F",
    "0o17",
    "0b101",
    "1e3",
    "1E3",
    "1.5",
    ".5",
    "5.",
    "+5",
    "-5",
    "-0",
    "0",
    "007",
    "08",
    "1_000",
    "2026-11-02",
    "2026-9-1",
    "2026-11-02T10:00",
    "12:30",
    "true",
    "False",
    "TRUE",
    "yes",
    "no",
    "on",
    "null",
    "Null",
    "~",
    ".inf",
    "-.inf",
    ".nan",
    "inf",
    "NaN",
    "infinity",
    "99999999999999999999",
    "-99999999999999999999",
    "[[Ada]]",
    "\"[[Ada]]\"",
    "\"\"",
    "''",
    "'it''s'",
    "\"a \\\" b\"",
    "\"tab\\there\"",
    "https://example.com/a#b",
    "a # comment",
    "a#b",
    "x: y",
    "x:",
    "- a",
    "-a",
    "--",
    "-",
    "&anchor v",
    "*alias",
    "!!str 5",
    "|",
    ">",
    "@x",
    "`x`",
    "%x",
    "?x",
    ":x",
    "{a: 1}",
    "[a, b]",
    "[a, [b]]",
    "[a #c]",
    "[friend #close]",
    "[a,]",
    "[\"a\", 'b', [[C]]]",
    "[a: b]",
    "[a:b]",
    "[a, \"b, c\"]",
    "[]",
    "[ ]",
    "\"x\"#c",
    "\"x\" #c",
    "'x'#c",
    "[a]#c",
    "[a] #c",
    "[?a]",
    "[#a]",
    "--12-10",
    "--02-29",
    "--1-10",
    "--12-10x",
    "---",
];

const KEYS: &[&str] = &[
    "name",
    "Company",
    "last contact",
    "last-contact",
    "e-mail",
    "type",
    "tags",
    "a.b",
    "_x",
    "2fa",
    "1",
    "1.5",
    "0x1",
    "true",
    "null",
    "~",
    "-a",
    ".a",
    "a b ",
    "\"quoted\"",
    "'single'",
    "? k",
    "Ä",
    "日本",
    "k#x",
    "[k]",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 0..max).prop_map(|c| c.into_iter().collect())
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(SCALARS).prop_map(str::to_string),
        2 => text(12),
        1 => (prop::sample::select(SCALARS), text(4)).prop_map(|(a, b)| format!("{a}{b}")),
        1 => (text(4), prop::sample::select(SCALARS)).prop_map(|(a, b)| format!("{a}{b}")),
    ]
}

fn flow_list() -> impl Strategy<Value = String> {
    (prop::collection::vec(scalar(), 0..4), prop::sample::select(&[", ", ",", " , "][..]), text(3))
        .prop_map(|(items, sep, tail)| format!("[{}]{tail}", items.join(sep)))
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => text(8),
        1 => (1000usize..1030).prop_map(|n| "k".repeat(n)),
    ]
}

fn entry() -> impl Strategy<Value = String> {
    let nl = || prop::sample::select(&["\n", "\n", "\r\n", "\r", "\u{85}", "\u{2028}"][..]);
    let block_item = move || {
        (prop::sample::select(&["- ", "  - ", "-", "    - ", "-  "][..]), scalar(), nl())
            .prop_map(|(dash, v, nl)| format!("{dash}{v}{nl}"))
    };
    // A field of a mapping under a key (`dates:` then `  work anniversary: …`).
    let map_field = move || {
        (
            prop::sample::select(&["  ", "  ", "  ", "    ", " ", "   ", "\t"][..]),
            key(),
            prop::sample::select(&[": ", ": ", ": ", ":", " : "][..]),
            scalar(),
            nl(),
        )
            .prop_map(|(indent, k, c, v, nl)| format!("{indent}{k}{c}{v}{nl}"))
    };
    let map_or_item = prop_oneof![4 => map_field(), 1 => block_item()];
    prop_oneof![
        2 => (key(), nl(), prop::collection::vec(map_field(), 1..4)).prop_map(|(k, nl, fields)| {
            format!("{k}:{nl}{}", fields.concat())
        }),
        1 => (key(), nl(), prop::collection::vec(map_or_item, 1..4)).prop_map(|(k, nl, lines)| {
            format!("{k}:{nl}{}", lines.concat())
        }),
        6 => (key(), prop::sample::select(&[": ", ":", ":  ", " : "][..]), scalar(), nl())
            .prop_map(|(k, c, v, nl)| format!("{k}{c}{v}{nl}")),
        2 => (key(), flow_list(), nl()).prop_map(|(k, v, nl)| format!("{k}: {v}{nl}")),
        2 => (key(), nl(), prop::collection::vec(block_item(), 0..4)).prop_map(|(k, nl, items)| {
            format!("{k}:{nl}{}", items.concat())
        }),
        1 => (text(10), nl()).prop_map(|(c, nl)| format!("# {c}{nl}")),
        1 => (text(6), nl()).prop_map(|(t, nl)| format!("  {t}{nl}")),
        1 => nl().prop_map(str::to_string),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec(entry(), 0..6).prop_map(|entries| entries.concat())
}

/// Front matter with mappings under keys, in fewer odd characters than
/// `front_matter` (which rarely leaves a mapping the fast path can take):
/// what the reference's `dates:` field looks like, and near misses of it.
fn nested_front_matter() -> impl Strategy<Value = String> {
    let nl = || prop::sample::select(&["\n", "\n", "\n", "\r\n", "\r"][..]);
    let field = (
        prop::sample::select(&["  ", "  ", "    ", " ", "\t", ""][..]),
        prop_oneof![
            3 => prop::sample::select(&["work anniversary", "linkedin", "first", "x"][..]),
            1 => prop::sample::select(KEYS),
        ],
        prop::sample::select(&[": ", ": ", ":", " : "][..]),
        prop_oneof![
            3 => prop::sample::select(&["2019-03-01", "--12-10", "https://x.org/a#b", "Ada Lovelace", "7d", "5"][..]),
            3 => prop::sample::select(SCALARS),
            1 => Just(""),
        ],
        nl(),
    )
        .prop_map(|(indent, k, c, v, nl)| format!("{indent}{k}{c}{v}{nl}"));
    let item = (prop::sample::select(&["  - ", "- ", "    - "][..]), prop::sample::select(SCALARS), nl())
        .prop_map(|(dash, v, nl)| format!("{dash}{v}{nl}"));
    let line = prop_oneof![6 => field, 1 => item, 1 => nl().prop_map(|nl| format!("  # c{nl}"))];
    let entry =
        (prop::sample::select(&["dates", "social", "a", "1", "tags"][..]), nl(), prop::collection::vec(line, 0..5))
            .prop_map(|(k, nl, lines)| format!("{k}:{nl}{}", lines.concat()));
    prop::collection::vec(entry, 1..3).prop_map(|entries| entries.concat())
}

fn full(yaml: &str) -> Option<Mapping> {
    match serde_norway::from_str::<Value>(yaml).ok()? {
        Value::Mapping(map) => Some(map),
        Value::Null => Some(Mapping::new()),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(4000), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fast_path_accepts_only_what_the_full_parser_reads_the_same(yaml in front_matter()) {
        if let Some(fast) = parse(&yaml) {
            prop_assert_eq!(Some(fast), full(&yaml), "front matter: {:?}", yaml);
        }
    }

    #[test]
    fn fast_path_reads_mappings_as_the_full_parser_does(yaml in nested_front_matter()) {
        if let Some(fast) = parse(&yaml) {
            prop_assert_eq!(Some(fast), full(&yaml), "front matter: {:?}", yaml);
        }
    }
}

/// The generator must reach the fast path often, or the property proves little.
#[test]
fn the_grammar_exercises_the_fast_path() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = front_matter();
    let (mut accepted, total) = (0, 2000);
    for _ in 0..total {
        let yaml = strategy.new_tree(&mut runner).expect("a value").current();
        accepted += usize::from(parse(&yaml).is_some());
    }
    assert!(accepted * 8 >= total, "only {accepted} of {total} generated front matters took the fast path");
    let strategy = nested_front_matter();
    let nested = (0..total)
        .filter(|_| {
            let yaml = strategy.new_tree(&mut runner).expect("a value").current();
            parse(&yaml).is_some_and(|map| map.values().any(Value::is_mapping))
        })
        .count();
    assert!(nested * 200 >= total, "only {nested} of {total} took the fast path with a mapping under a key");
}
