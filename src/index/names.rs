//! Finding a person or goal by any spelling a user types: exactly like a
//! wikilink, then accent- and case-insensitively, then by a unique first name;
//! anything looser only suggests (callers never write to a suggestion).

use strsim::levenshtein;

use super::{Index, Resolution};
use crate::note::{Kind, Note};

/// How a query found its note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Like a `[[wikilink]]`: file name, alias, name or title, any case.
    Exact,
    /// The same letters once accents, case and punctuation are ignored.
    Folded,
    /// The query is one word and exactly one person's first name.
    FirstName,
}

/// The outcome of looking a name up.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Note, How),
    /// Several notes match equally well (sorted by path): the user must choose.
    Several(Vec<&'a Note>),
    /// Nothing matches; close names, best first (possibly none).
    Suggest(Vec<&'a Note>),
}

/// How many suggestions a failed lookup offers.
pub const SUGGESTIONS: usize = 5;

/// A name reduced to what a person typing it would keep: ASCII letters and
/// digits, lowercase, words separated by one space (`Carla Méndez` → `carla mendez`),
/// the same from its NFC and NFD spellings.
pub fn fold(name: &str) -> String {
    let ascii = deunicode::deunicode(&crate::note::link::nfc(name));
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// Every folded name of a note: its file name, then its name or title and aliases.
fn folded_keys(note: &Note) -> Vec<String> {
    let mut keys = vec![fold(note.path.stem())];
    keys.extend(note.aliases().into_iter().map(fold));
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

/// The most typos a query of this length may hold and still be suggested.
fn typo_budget(len: usize) -> usize {
    (len / 4).clamp(1, 3)
}

/// Look a person (or goal) up by what the user typed.
pub fn find<'a>(index: &'a Index, query: &str, kind: Kind) -> Found<'a> {
    match index.resolve(query, Some(kind)) {
        Resolution::Found(note) => return Found::One(note, How::Exact),
        Resolution::Ambiguous(notes) => return Found::Several(notes),
        Resolution::Missing => {}
    }
    let wanted = fold(crate::note::link::target_of(query).unwrap_or(query));
    if wanted.is_empty() {
        return Found::Suggest(Vec::new());
    }
    let candidates: Vec<(&Note, Vec<String>)> =
        index.notes().filter(|n| n.kind() == Some(kind)).map(|n| (n, folded_keys(n))).collect();
    let folded: Vec<&Note> = candidates.iter().filter(|(_, keys)| keys.contains(&wanted)).map(|(n, _)| *n).collect();
    if let Some(found) = one_or_several(folded, How::Folded) {
        return found;
    }
    if kind == Kind::Person && !wanted.contains(' ') {
        let first_names: Vec<&Note> = candidates
            .iter()
            .filter(|(n, _)| fold(n.display_name()).split(' ').next() == Some(wanted.as_str()))
            .map(|(n, _)| *n)
            .collect();
        if let Some(found) = one_or_several(first_names, How::FirstName) {
            return found;
        }
    }
    Found::Suggest(close_to(&wanted, &candidates))
}

fn one_or_several(mut notes: Vec<&Note>, how: How) -> Option<Found<'_>> {
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    notes.dedup_by(|a, b| a.path == b.path);
    match notes.len() {
        0 => None,
        1 => Some(Found::One(notes[0], how)),
        _ => Some(Found::Several(notes)),
    }
}

/// Notes whose names are a few typos away from `wanted` (whole name, or one
/// word of it for a one-word query), contain it, or share a word of four
/// letters or more with it; closest first.
fn close_to<'a>(wanted: &str, candidates: &[(&'a Note, Vec<String>)]) -> Vec<&'a Note> {
    let budget = typo_budget(wanted.chars().count());
    let one_word = !wanted.contains(' ');
    let words: Vec<&str> = wanted.split(' ').collect();
    let mut scored: Vec<(usize, &Note)> = candidates
        .iter()
        .filter_map(|(note, keys)| {
            let best = keys
                .iter()
                .flat_map(|key| {
                    let words = key.split(' ').filter(move |_| one_word).map(|w| levenshtein(wanted, w));
                    std::iter::once(levenshtein(wanted, key)).chain(words)
                })
                .min()?;
            let contains = wanted.len() >= 3 && keys.iter().any(|k| k.contains(wanted));
            let shares_a_word = keys.iter().any(|k| k.split(' ').any(|w| w.len() >= 4 && words.contains(&w)));
            let score = if contains {
                0
            } else if best <= budget {
                best
            } else {
                budget + 1
            };
            (best <= budget || contains || shares_a_word).then_some((score, *note))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.display_name().cmp(b.1.display_name())));
    scored.into_iter().map(|(_, n)| n).take(SUGGESTIONS).collect()
}

/// People `add NAME` would duplicate: the same name once folded, or a few
/// typos away from a person's name or alias (`Dmitry Ivanov` / Dmitri Ivanov).
pub fn near_duplicates<'a>(index: &'a Index, name: &str) -> Vec<&'a Note> {
    let wanted = fold(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let budget = typo_budget(wanted.chars().count()).min(2);
    let mut found: Vec<&Note> = index
        .people()
        .map(|(n, _)| n)
        .filter(|n| folded_keys(n).iter().any(|k| levenshtein(&wanted, k) <= budget))
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::note::parse_note;
    use crate::path::NotePath;

    fn vault() -> Index {
        let people = [
            ("people/Wei Zhang.md", "---\nname: Wei Zhang\n---\n"),
            ("people/Anna Schulz.md", "---\nname: Anna Schulz\n---\n"),
            ("people/Carla Méndez.md", "---\nname: Carla Méndez\n---\n"),
            ("people/Dmitri Ivanov.md", "---\nname: Dmitri Ivanov\naliases: [Dima]\n---\n"),
            ("people/Sam Lee.md", "---\nname: Sam Lee\n---\n"),
            ("people/Sam Ortiz.md", "---\nname: Sam Ortiz\n---\n"),
            ("people/José Ñúñez.md", "---\nname: José Ñúñez\n---\n"),
            ("goals/Speak at three events.md", "---\ntype: goal\ntitle: Speak at three events\ntarget: 3\n---\n"),
        ];
        let folders = Settings::default().folders;
        Index::from_notes(people.iter().map(|(p, t)| parse_note(NotePath::new(*p), t, &folders)))
    }

    /// What a lookup prints in a test table: `=Name` found, `?A,B` suggested, `*A,B` several.
    fn outcome(index: &Index, query: &str, kind: Kind) -> String {
        let names = |notes: &[&Note]| notes.iter().map(|n| n.display_name()).collect::<Vec<_>>().join(",");
        match find(index, query, kind) {
            Found::One(note, How::Exact) => format!("={}", note.display_name()),
            Found::One(note, How::Folded) => format!("~{}", note.display_name()),
            Found::One(note, How::FirstName) => format!("1{}", note.display_name()),
            Found::Several(notes) => format!("*{}", names(&notes)),
            Found::Suggest(notes) => format!("?{}", names(&notes)),
        }
    }

    #[test]
    fn name_lookup_table() {
        let index = vault();
        let table = [
            // exact, like a wikilink
            ("Wei Zhang", "=Wei Zhang"),
            ("wei zhang", "=Wei Zhang"),
            ("[[Wei Zhang]]", "=Wei Zhang"),
            ("Dima", "=Dmitri Ivanov"),
            ("people/Sam Lee", "=Sam Lee"),
            // accents, case and punctuation folded
            ("Carla Mendez", "~Carla Méndez"),
            ("CARLA  MÉNDEZ", "~Carla Méndez"),
            ("jose nunez", "~José Ñúñez"),
            ("Wei-Zhang", "~Wei Zhang"),
            // a unique first name, in any spelling
            ("anna", "1Anna Schulz"),
            ("Carla", "1Carla Méndez"),
            ("dmitri", "1Dmitri Ivanov"),
            // a shared first name: the user chooses
            ("sam", "*Sam Lee,Sam Ortiz"),
            // typos only suggest
            ("Wei Zang", "?Wei Zhang"),
            ("weii", "?Wei Zhang"),
            ("Anna Shulz", "?Anna Schulz"),
            ("Dmitry Ivanov", "?Dmitri Ivanov"),
            ("Schulz", "?Anna Schulz"),
            ("Sam Leee", "?Sam Lee"),
            // nothing close
            ("Zoe Quinn", "?"),
            ("", "?"),
            ("!!", "?"),
        ];
        for (query, want) in table {
            assert_eq!(outcome(&index, query, Kind::Person), want, "query {query:?}");
        }
    }

    #[test]
    fn goals_resolve_without_first_names() {
        let index = vault();
        assert_eq!(outcome(&index, "speak at three events", Kind::Goal), "=Speak at three events");
        assert_eq!(outcome(&index, "Speak at 3 events", Kind::Goal), "?Speak at three events");
        assert_eq!(outcome(&index, "speak", Kind::Goal), "?Speak at three events");
        assert_eq!(outcome(&index, "Wei Zhang", Kind::Goal), "?");
    }

    #[test]
    fn near_duplicates_use_the_same_folding() {
        let index = vault();
        let names = |q: &str| near_duplicates(&index, q).iter().map(|n| n.display_name()).collect::<Vec<_>>();
        assert_eq!(names("Carla Mendez"), ["Carla Méndez"]);
        assert_eq!(names("Dmitry Ivanov"), ["Dmitri Ivanov"]);
        assert_eq!(names("wei  zhang"), ["Wei Zhang"]);
        assert!(names("Wei Chen").is_empty());
        assert!(names("Sam Lim").is_empty(), "{:?}", names("Sam Lim"));
    }

    /// Issue 12: `José` typed as NFC (`é`) and as NFD (`e` + U+0301) is one person,
    /// whichever spelling the note's file name and `name:` use.
    #[test]
    fn nfc_and_nfd_spellings_of_jose_resolve_to_one_person() {
        let nfc = "Jos\u{e9} Ruiz";
        let nfd = "Jose\u{301} Ruiz";
        for (file, name) in [(nfd, nfd), (nfc, nfd), (nfd, nfc)] {
            let folders = Settings::default().folders;
            let text = format!("---\nname: {name}\naliases: [{name} R]\n---\n");
            let index = Index::from_notes([parse_note(NotePath::new(format!("people/{file}.md")), &text, &folders)]);
            for query in [nfc, nfd, "jos\u{e9} ruiz", "[[Jose\u{301} Ruiz]]", "Jos\u{e9} Ruiz R", "Jose\u{301} Ruiz R"]
            {
                assert!(
                    matches!(find(&index, query, Kind::Person), Found::One(_, How::Exact)),
                    "file {file:?}, name {name:?}, query {query:?}"
                );
            }
            assert!(matches!(find(&index, "jos\u{e9}", Kind::Person), Found::One(_, How::FirstName)));
            assert!(index.resolve_person(&format!("people/{nfc}")).is_some());
            assert_eq!(near_duplicates(&index, nfc).len(), 1);
            assert_eq!(near_duplicates(&index, nfd).len(), 1);
        }
    }

    #[test]
    fn fold_keeps_letters_and_digits() {
        assert_eq!(fold("  Carla   Méndez "), "carla mendez");
        assert_eq!(fold("O'Brien-Smith"), "o brien smith");
        assert_eq!(fold("Zoë 2"), "zoe 2");
    }
}
