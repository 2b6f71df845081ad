//! `kith init [DIR]`: start a vault (folders, a commented kith.yaml, templates), never overwriting.

use std::io::{self, Write};
use std::path::Path;

use super::{EXIT_FATAL, EXIT_OK};
use crate::output::{create_new, CreateOutcome};

const KITH_YAML: &str =
    "# kith settings. Every key is optional; the values shown are the defaults (cache: excepted).\n\
# output: kith                 # where kith report and kith watch write\n\
# folders:\n\
#   people: people             # notes here are people unless their type says otherwise\n\
#   goals: goals\n\
#   reviews: reviews           # where kith review --write puts the week's note\n\
# recognise:                   # more ways to recognise people (kith's own always apply)\n\
#   folders: []                # e.g. [Network]: notes under a folder of that name\n\
#   tags: []                   # e.g. [friend]\n\
#   types: []                  # e.g. [human]\n\
#   fields: {}                 # e.g. {company: [firm]}: more spellings of a field\n\
# cadence:                     # how often to be in touch, by stage (Nd, Nw, Nm, Ny or days)\n\
#   seed: 30d\n\
#   growing: 60d\n\
#   trusted: 90d\n\
#   tags: {}                   # e.g. {investor: 2w}; the shortest matching rule applies\n\
#   circles: {}                # e.g. {berlin: 3w}; a person's own cadence still wins\n\
# links: wikilink              # how markdown pages link to notes: wikilink or relative\n\
# meeting_tags: [meeting, coffee, call]\n\
# me:\n\
#   interests: []              # yours, for shared interests in kith prep\n\
# reminders:\n\
#   calendar: [overdue, this-week, next-30-days, referrals, dates]\n\
#   alarm: \"09:00\"             # or none\n\
#   horizon: 30\n\
# review:\n\
#   count: 3\n\
#   availability: [\"Tue 10:00\", \"Wed 14:00\", \"Thu 16:00\"]\n\
# pages:\n\
#   limit: 25                  # items per section on pages and terminal reports, or all\n\
#   plant: 5                   # people not contacted yet suggested each week\n\
# cache: off                  # an example: by default the parse cache lives outside the vault, in ~/.cache/kith\n";

// Templates carry no `type:`: in templates/ they are not notes; copied into
// people/ or goals/, the folder says what they are.
const PERSON_TEMPLATE: &str = "---\nname:\ncompany:\nrole:\nemail:\ntags: []\ncircles: []\ninterests: []\npurpose: people\ngoals: []\nstage: seed\nmet:\nintroduced_by:\ncadence:\n---\n\n## Log\n\n";

const GOAL_TEMPLATE: &str =
    "---\ntitle:\npurpose: leads\ntarget: 5\nstart:\ndeadline:\n---\n\nWhy this goal matters, and the plan.\n";

pub fn run_init(dir: &Path, out: &mut dyn Write) -> io::Result<u8> {
    let files: [(&str, &str); 6] = [
        ("kith.yaml", KITH_YAML),
        ("templates/person.md", PERSON_TEMPLATE),
        ("templates/goal.md", GOAL_TEMPLATE),
        (".gitignore", "# kith's output folder: rebuilt by kith report\nkith/\n"),
        ("people/.keep", ""),
        ("goals/.keep", ""),
    ];
    for (rel, contents) in files {
        let path = dir.join(rel);
        match create_new(&path, contents.as_bytes()) {
            Ok(CreateOutcome::Created) => writeln!(out, "created  {}", path.display())?,
            Ok(CreateOutcome::Exists) => writeln!(out, "kept     {} (already there, not touched)", path.display())?,
            Err(err) => {
                eprintln!("kith: cannot write {}: {err}", path.display());
                return Ok(EXIT_FATAL);
            }
        }
    }
    writeln!(out, "Next: kith --vault {} add \"Someone you'd like to know\"", dir.display())?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Key paths (`cadence.tags`) of a YAML text's mapping keys, by indentation.
    fn key_paths(yaml: &str) -> BTreeSet<String> {
        let mut stack: Vec<(usize, String)> = Vec::new();
        let mut keys = BTreeSet::new();
        for line in yaml.lines() {
            let indent = line.len() - line.trim_start().len();
            let Some((key, _)) = line.trim_start().split_once(':') else { continue };
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                continue;
            }
            stack.retain(|(depth, _)| *depth < indent);
            let path = stack.iter().map(|(_, k)| k.as_str()).chain([key]).collect::<Vec<_>>().join(".");
            // Deeper keys are the user's own (`recognise.fields.company`), not settings.
            if stack.len() < 2 {
                keys.insert(path);
            }
            stack.push((indent, key.to_string()));
        }
        keys
    }

    /// `kith init`'s kith.yaml with its setting lines uncommented.
    fn uncommented() -> String {
        super::KITH_YAML
            .lines()
            .filter_map(|line| line.strip_prefix("# "))
            .filter(|line| {
                line.trim_start()
                    .split_once(':')
                    .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            })
            .map(|line| format!("{line}\n"))
            .collect()
    }

    #[test]
    fn init_kith_yaml_uncommented_is_valid_settings() {
        let text = uncommented();
        let (_, problems) = crate::config::parse(&text);
        assert!(problems.is_empty(), "{problems:?} in\n{text}");
    }

    #[test]
    fn init_kith_yaml_mentions_every_setting_the_readme_documents() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let reference = readme.split("### `kith.yaml`").nth(1).expect("README has the kith.yaml reference");
        let mut documented = BTreeSet::new();
        for block in readme.split("```yaml").skip(1).map(|b| b.split("```").next().unwrap_or("")) {
            if reference.contains(block) || block.contains("recognise:") {
                let (_, problems) = crate::config::parse(block);
                assert!(problems.is_empty(), "README's kith.yaml example has problems: {problems:?}");
                documented.extend(key_paths(block));
            }
        }
        assert!(documented.contains("pages.limit") && documented.contains("recognise.fields"), "{documented:?}");
        let missing: Vec<_> = documented.difference(&key_paths(&uncommented())).cloned().collect();
        assert!(missing.is_empty(), "kith init's kith.yaml does not mention {missing:?}");
    }
}
