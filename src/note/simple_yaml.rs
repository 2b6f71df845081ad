//! A fast path for the front matter most notes have: flat `key: value` lines,
//! flow lists (`[a, "[[B]]"]`) and block lists (`- a`). Anything else (nested
//! mappings, anchors, multi-line strings, escapes, floats, duplicate keys…)
//! returns `None` and goes to the full YAML parser, which also reports errors.
//!
//! Why: YAML parsing was most of a scan's cost (about 20 µs a note with the
//! full parser). Every accepted input must give exactly the `Value` the full
//! parser gives: the tests below check the listed cases, and the property test
//! in `simple_yaml_props.rs` checks front matter generated from a grammar of
//! the odd cases (comments, control characters, line separators, odd keys).

use serde_norway::{Mapping, Number, Value};

/// Longer keys are not implicit keys to YAML (libyaml's limit is 1024 characters).
const MAX_KEY_LEN: usize = 1000;

pub fn parse(yaml: &str) -> Option<Mapping> {
    let fields = parse_fields(yaml)?;
    Some(fields.into_iter().map(|(key, value)| (Value::String(key.to_string()), value)).collect())
}

/// `parse`'s fields in order, each key as written: what a note's fields are
/// read from when nothing needs the mapping itself (no key copied, hashed or
/// freed again).
pub fn parse_fields(yaml: &str) -> Option<Vec<(&str, Value)>> {
    if has_odd_characters(yaml) {
        return None;
    }
    let mut map = Vec::with_capacity(memchr::memchr_iter(b'\n', yaml.as_bytes()).count() + 1);
    // A key whose value was empty: a block list or a mapping may follow.
    let mut open: Option<Open> = None;
    for raw in crate::text::split_lines(yaml) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if trimmed == "-" || trimmed.starts_with("- ") {
            let open = open.as_mut()?;
            if !open.entries.is_empty() || *open.indent.get_or_insert(indent) != indent {
                return None;
            }
            open.items.push(value(trimmed[1..].trim_matches(' '), false)?);
            continue;
        }
        if indent > 0 {
            // `dates:` then `  work anniversary: 2019-03-01` lines: a mapping
            // of scalars, one level deep (anything deeper: the full parser).
            let open = open.as_mut()?;
            if !open.items.is_empty() || *open.indent.get_or_insert(indent) != indent {
                return None;
            }
            let (key, rest) = field(trimmed)?;
            insert(&mut open.entries, key, value(rest?, false)?)?;
            continue;
        }
        close(&mut map, open.take())?;
        match field(line)? {
            (key, Some(rest)) => insert(&mut map, key, value(rest, false)?)?,
            (key, None) => open = Some(Open { key, items: Vec::new(), entries: Vec::new(), indent: None }),
        }
    }
    close(&mut map, open)?;
    Some(map)
}

/// A key whose value is on the lines below it: block list items, or the
/// fields of a mapping, at one indent (`indent`, set by the first of them).
struct Open<'y> {
    key: &'y str,
    items: Vec<Value>,
    entries: Vec<(&'y str, Value)>,
    indent: Option<usize>,
}

/// A `key: value` line's plain key and its value's text, `None` when the
/// value is empty or only a comment; `None` for a line that is not one.
fn field(line: &str) -> Option<(&str, Option<&str>)> {
    let (key, rest) = line.split_once(':')?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    if !is_plain_key(key) {
        return None;
    }
    let rest = rest.trim_matches(' ');
    Some((key, (!rest.is_empty() && !rest.starts_with('#')).then_some(rest)))
}

/// Add a field; `None` for a repeated key, which the full parser reports.
fn insert<'y>(map: &mut Vec<(&'y str, Value)>, key: &'y str, value: Value) -> Option<()> {
    if map.iter().any(|(k, _)| *k == key) {
        return None;
    }
    map.push((key, value));
    Some(())
}

/// Tabs, control characters, a lone CR, and what YAML takes for line breaks
/// or byte-order marks (NEL, U+2028, U+2029, U+FEFF): the full parser decides.
fn has_odd_characters(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    let mut non_ascii = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            0..=0x1f | 0x7f => return true,
            0x80.. => non_ascii = true,
            _ => {}
        }
    }
    non_ascii
        && yaml
            .chars()
            .any(|c| matches!(c, '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
}

/// A key the full parser reads as the same text: words, spaces, `_-.`, not
/// starting with punctuation, not too long, and not a number, boolean or null.
fn is_plain_key(key: &str) -> bool {
    key.len() <= MAX_KEY_LEN
        && key.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
        && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
        && !key.ends_with(' ')
        && matches!(scalar(key, false), Some(Scalar::Text(text)) if text == key)
}

fn close<'y>(map: &mut Vec<(&'y str, Value)>, open: Option<Open<'y>>) -> Option<()> {
    if let Some(Open { key, items, entries, indent }) = open {
        let value = if !entries.is_empty() {
            Value::Mapping(entries.into_iter().map(|(k, v)| (Value::String(k.to_string()), v)).collect())
        } else if indent.is_some() {
            Value::Sequence(items)
        } else {
            Value::Null
        };
        insert(map, key, value)?;
    }
    Some(())
}

/// One value: quoted, a flow list, or a plain scalar. `in_flow`: inside `[...]`.
fn value(text: &str, in_flow: bool) -> Option<Value> {
    let first = text.chars().next()?;
    match first {
        '"' => {
            let end = text[1..].find('"')? + 1;
            let inner = &text[1..end];
            if inner.contains('\\') || !only_comment(&text[end + 1..], in_flow) {
                return None;
            }
            Some(Value::String(inner.to_string()))
        }
        '\'' => {
            let mut out = String::new();
            let mut chars = text[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if text[1 + i + 1..].starts_with('\'') {
                        out.push('\'');
                        chars.next();
                        continue;
                    }
                    return only_comment(&text[1 + i + 1..], in_flow).then_some(Value::String(out));
                }
                out.push(c);
            }
            None
        }
        '[' if !in_flow => flow_list(text),
        '[' => {
            // `[Name]` inside a list: what an unquoted `[[Name]]` becomes.
            let inner = text.strip_prefix('[')?.strip_suffix(']')?;
            let item = plain(inner.trim_matches(' '), true)?;
            Some(Value::Sequence(vec![item]))
        }
        _ => plain(text, in_flow),
    }
}

/// Nothing, or (outside a flow list) a comment, which YAML starts with ` #`.
fn only_comment(rest: &str, in_flow: bool) -> bool {
    is_comment_or_nothing(rest) && (!in_flow || rest.trim_start_matches(' ').is_empty())
}

fn is_comment_or_nothing(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

fn flow_list(text: &str) -> Option<Value> {
    // Find the matching `]` (quotes cannot hold brackets here: we bail on them).
    let mut depth = 0usize;
    let mut end = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
            '{' | '}' => return None,
            _ => {}
        }
    }
    let end = end?;
    if !is_comment_or_nothing(&text[end + 1..]) {
        return None;
    }
    let inner = text[1..end].trim_matches(' ');
    if inner.is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    let mut items = Vec::new();
    for part in split_flow(inner)? {
        let part = part.trim_matches(' ');
        if part.is_empty() {
            return None;
        }
        items.push(value(part, true)?);
    }
    Some(Value::Sequence(items))
}

/// Split on top-level commas, keeping quoted text and `[...]` whole.
fn split_flow(inner: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let (mut start, mut depth, mut quote) = (0, 0usize, None::<char>);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.checked_sub(1)?,
            (None, ',') if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    parts.push(&inner[start..]);
    Some(parts)
}

/// A plain scalar, resolved as YAML 1.2's core schema does for the forms we
/// accept: null, booleans, decimal integers, and text. Anything the full parser
/// might read as another number (floats, hex, octal, leading zeros, signs,
/// infinities) goes to the full parser; `7d`, `6w` or `2026-09-01` are text.
fn plain(text: &str, in_flow: bool) -> Option<Value> {
    Some(match scalar(text, in_flow)? {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(n) => Value::Number(Number::from(n)),
        Scalar::Text(text) => Value::String(text.to_string()),
    })
}

/// What a plain scalar resolves to (`plain`, before its text is copied).
enum Scalar<'t> {
    Null,
    Bool(bool),
    Int(i64),
    Text(&'t str),
}

fn scalar(text: &str, in_flow: bool) -> Option<Scalar<'_>> {
    let text = if in_flow {
        // A comment inside a flow list swallows its closing bracket.
        if text.contains(['#', ':', '?']) {
            return None;
        }
        text
    } else {
        match space_hash(text) {
            Some(i) => &text[..i],
            None => text,
        }
    }
    .trim_end_matches(' ');
    let first = text.chars().next()?;
    let indicator = matches!(
        first,
        '[' | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | ','
            | '?'
            | ':'
            | '-'
    );
    if indicator && !(first == '-' && text.len() > 1 && !text[1..].starts_with(' ')) {
        return None;
    }
    if colon_space(text) || text.ends_with(':') || (in_flow && text.contains([',', '[', ']', '{', '}'])) {
        return None;
    }
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Scalar::Null),
        "true" | "True" | "TRUE" => return Some(Scalar::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Scalar::Bool(false)),
        _ => {}
    }
    let unsigned = text.trim_start_matches(['+', '-']);
    if ["inf", ".inf", "infinity", "nan", ".nan"].iter().any(|word| unsigned.eq_ignore_ascii_case(word)) {
        return None;
    }
    if is_month_day(text) {
        return Some(Scalar::Text(text));
    }
    if first.is_ascii_digit() || "+-.".contains(first) {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let clean_int = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if clean_int {
            return text.parse::<i64>().ok().map(Scalar::Int);
        }
        if may_be_number(text) {
            return None;
        }
    }
    Some(Scalar::Text(text))
}

/// `--12-10`: a yearly date without its year (`birthday`), which no YAML
/// number looks like (two signs).
fn is_month_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7 && b.starts_with(b"--") && b[4] == b'-' && [2, 3, 5, 6].iter().all(|&i| b[i].is_ascii_digit())
}

/// `text.find(" #")`, without building a substring searcher for each value.
fn space_hash(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes[i - 1] == b' ').map(|i| i - 1)
}

/// `text.contains(": ")`, likewise.
fn colon_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|i| bytes.get(i + 1) == Some(&b' '))
}

/// Whether the full parser may read `text` as a number: a radix prefix, or
/// anything Rust's float syntax accepts (which covers every YAML float form).
fn may_be_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let radix = ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p));
    radix || text.strip_prefix('+').unwrap_or(text).parse::<f64>().is_ok() || unsigned.starts_with(['+', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whenever the fast path accepts input, it must agree with the full parser.
    fn agrees(yaml: &str) -> bool {
        let full = serde_norway::from_str::<Value>(yaml).ok().map(|v| match v {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => Mapping::from_iter([(Value::Null, Value::Null)]),
        });
        match parse(yaml) {
            Some(fast) => {
                assert_eq!(Some(&fast), full.as_ref(), "fast path disagrees on:\n{yaml}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn common_front_matter_takes_the_fast_path() {
        let cases = [
            "",
            "type: person\nname: Ada Lovelace\n",
            "name: Ada # a comment\nstage: growing\n",
            "aliases: [Ada, \"Countess\", 'O''Brien']\n",
            "goals: [\"[[Speak at five conferences]]\", \"[[B|b]]\"]\n",
            "goals: [[Book]]\n",
            "goals:\n  - \"[[A]]\"\n  - [[B]]\n  - plain\n",
            "tags:\n- a\n- b\n",
            "met: 2025-06-12\nfollow_up: \"2026-12-01\"\ncadence: 6w\ntarget: 5\nn: -3\nz: 0\n",
            "empty:\nnothing: ~\nyes: true\nno: False\nword: yes\n",
            "url: https://example.com/a#b\ntime: 12:30\n",
            "company: Analytical Engines, Ltd.\n",
            "introduced_by: \"[[Charles Babbage]]\"\r\nstage: seed\r\n",
            "list: []\n# comment line\n  # indented comment\n",
            "email: ada@example.com\nrole: CTO & founder\n",
            "name: \"\"\n",
            "cadence: 7d\nother: 30d\nthird: 1e\nlong: 12d\n",
            "2fa: on\nkey.with dots: x\n",
            "birthday: --12-10\nother: --02-29 # leap day\n",
            "dates:\n  work anniversary: 2019-03-01\n  graduation: 2010-06-01 # a comment\nstage: seed\n",
            "dates:\n    first: 2019-03-01\n\n    # between\n    second: [a, b]\n",
            "dates: # yearly\n  x: --03-01\n",
            // The person note of the vault format's reference, as written there.
            "type: person\nname: Ada Lovelace            # default: the file name without .md\naliases: [Ada]\n\
             company: Analytical Engines\nrole: CTO\nemail: ada@example.com\n\
             tags: [mathematics, speaking] # a list, or \"a, b\"\ncircles: [london-tech]\n\
             interests: [poetry, horses]\npurpose: leads                # people | leads\n\
             goals: [\"[[Speak at five conferences]]\"]\n\
             stage: growing                # seed | growing | trusted | pruned (default seed)\n\
             met: 2025-06-12\nmet_context: Royal Society dinner   # where or how you met; prep and show print it\n\
             introduced_by: \"[[Charles Babbage]]\"\n\
             cadence: 6w                   # Nd, Nw, Nm (calendar months), Ny, or a number of days\n\
             follow_up: 2026-12-01         # explicit next date; wins over cadence\n\
             last_contact: 2026-09-01      # optional; the log usually says it\n\
             birthday: 1815-12-10          # or --12-10 without the year\n\
             dates:                        # other yearly dates worth a note\n  work anniversary: 2019-03-01\n",
        ];
        for yaml in cases {
            assert!(agrees(yaml), "expected the fast path to accept:\n{yaml}");
        }
    }

    #[test]
    fn everything_else_falls_back_to_the_full_parser() {
        let cases = [
            "a: 1.5\n",
            "a: 1e3\n",
            "a: 0x1F\n",
            "a: 007\n",
            "a: .inf\n",
            "name: Nan\n",
            "a: \"esc\\\"aped\"\n",
            "a: |\n  block\n",
            "a: >\n  folded\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 5\n",
            "a: {b: 1}\n",
            "a: 1\na: 2\n",
            "a: b: c\n",
            "a: [x, [y, z]]\n",
            "a: [x,\n  y]\n",
            "\"quoted key\": 1\n",
            "a: multi\n  line\n",
            "a:\n  - x\n    - y\n",
            "a:\tb\n",
            "- a\n- b\n",
            "a: [x, ]\n",
            "name: [unclosed\n",
            "a: 'unclosed\n",
            "tags: [friend #close]\n",
            "a: x\u{1}y\n",
            "a: x\u{2028}y\n",
            "a: x\u{85}y\n",
            "a: x\ry\n",
            "1: one\n",
            "true: yes\n",
            "a: \"x\"#c\n",
            "a: -0x1f\n",
            "a: +5\n",
            "a: --5\n",
            "a: --12-1\n",
            "a:\n  b:\n    c: 1\n",
            "a:\n  b: 1\n  - x\n",
            "a:\n  - x\n  b: 1\n",
            "a:\n  b: 1\n   c: 2\n",
            "a:\n  b: 1\n  b: 2\n",
            "a:\n  b:c\n",
            "a:\n  text\n",
            "a: x\n  b: 1\n",
        ];
        for yaml in cases {
            assert!(!agrees(yaml), "expected a fallback for:\n{yaml}");
        }
    }

    /// Notes read from the fast path's fields (`parse_note_as`, no mapping)
    /// are the notes read from the mapping (`parse_note_with_front`): on the
    /// example vault, and on notes whose front matter goes to the full parser,
    /// is broken, or is completed by inline fields.
    #[test]
    fn notes_read_alike_from_the_fields_and_from_the_mapping() {
        use crate::note::{parse_note_as, parse_note_with_front, ParseMode};
        use crate::path::NotePath;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault");
        let mut notes: Vec<(String, String)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|e| e == "md"))
            .map(|e| {
                let path = e.path().strip_prefix(&root).unwrap().to_string_lossy().into_owned();
                (path, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        assert!(notes.len() >= 30);
        let crafted = [
            "---\ntype: person\nname: Ada\nE-mail: a@b.org\ntags: [x, \"#Y\"]\ncadence: 2w\nmet: 2025-01-02\n---\n## Log\n- 2026-01-02 hi [[Bo]]\n",
            "---\nname: Ada\nName: Ada L\nstage: bogus\ncadence: soon\nfollow_up: 2026-13-01\n---\n",
            "---\nname: Ada\ncompany: 1.5\nrole: {a: 1}\ndates: {anniversary: 2019-03-01}\n---\n",
            "---\nname: Ada\ndates:\n  work anniversary: 2019-03-01\n  x: --02-29\nbirthday: --12-10\nsocial:\n  site: https://x.org\n---\n",
            "---\nname: Ada\n---\nCompany:: Acme\nname:: Other\n",
            "---\nname: [unclosed\n---\n",
            "---\ntitle: Goal\ntarget: 0\nstart: 2026-02-01\ndeadline: 2026-01-01\n---\n",
            "---\ndate: 2026-03-04\nattendees: [\"[[Ada]]\"]\n---\nMet [[Bo]].\n",
            "---\n---\nplain\n",
            "no front matter\n",
        ];
        notes.extend(crafted.iter().map(|t| ("people/Crafted.md".to_string(), t.to_string())));
        notes.extend(crafted.iter().map(|t| ("meetings/2026-03-04 Sync.md".to_string(), t.to_string())));
        let folders = crate::config::Settings::default().folders;
        for (path, text) in &notes {
            for mode in [ParseMode::Index, ParseMode::WithText] {
                let lean = parse_note_as(NotePath::new(path), text, &folders, mode);
                let full = parse_note_with_front(NotePath::new(path), text, &folders, mode).note;
                assert_eq!(lean, full, "{path}:\n{text}");
            }
        }
    }

    #[test]
    fn agrees_on_every_note_of_the_example_vault() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault");
        let mut accepted = 0;
        for entry in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                if let Ok(crate::vault::Split { front: Some(front), .. }) = crate::vault::split_front_matter(&text) {
                    accepted += usize::from(agrees(front.yaml));
                }
            }
        }
        assert!(accepted >= 30, "only {accepted} notes took the fast path");
    }
}
