//! `kith add NAME` and `kith init [DIR]`: starting a vault and planting people.

use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{open_vault, Config, EXIT_FATAL, EXIT_OK, EXIT_PROBLEMS};
use crate::interop::names::{loose, safe_file_name, yaml_text};
use crate::note::Stage;
use crate::output::{create_new, CreateOutcome};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The person's name
    name: String,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    role: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// A tag (repeatable)
    #[arg(long)]
    tag: Vec<String>,
    /// A goal they are linked to (repeatable)
    #[arg(long)]
    goal: Vec<String>,
    #[arg(long, value_name = "NAME")]
    introduced_by: Option<String>,
    #[arg(long, value_parser = |s: &str| Stage::parse(s).ok_or_else(|| format!("unknown stage \"{s}\"")), default_value = "seed")]
    stage: Stage,
    /// Add even when a person with a near-identical name or the same email exists
    #[arg(long)]
    force: bool,
}

pub fn run_add(config: &Config, args: &AddArgs, out: &mut dyn Write) -> io::Result<u8> {
    let vault = match open_vault(config, &[]) {
        Ok(vault) => vault,
        Err(code) => return Ok(code),
    };
    let name = args.name.trim();
    if name.is_empty() {
        eprintln!("kith: the name is empty");
        return Ok(EXIT_PROBLEMS);
    }
    if !args.force {
        let similar: Vec<String> = vault
            .index
            .people()
            .filter(|(_, p)| {
                loose(&p.name) == loose(name)
                    || p.aliases.iter().any(|a| loose(a) == loose(name))
                    || args
                        .email
                        .as_ref()
                        .is_some_and(|e| p.email.as_ref().is_some_and(|pe| pe.eq_ignore_ascii_case(e)))
            })
            .map(|(n, p)| format!("{} ({})", p.name, n.path))
            .collect();
        if !similar.is_empty() {
            eprintln!("kith: already in the vault: {}", similar.join(", "));
            eprintln!("hint: log to them with kith log, or add anyway with --force");
            return Ok(EXIT_PROBLEMS);
        }
    }
    let mut front = format!("---\ntype: person\nname: {}\n", yaml_text(name));
    for (key, value) in [("company", &args.company), ("role", &args.role), ("email", &args.email)] {
        if let Some(value) = value {
            front.push_str(&format!("{key}: {}\n", yaml_text(value)));
        }
    }
    if !args.tag.is_empty() {
        let tags: Vec<String> = args.tag.iter().map(|t| yaml_text(t.trim_start_matches('#'))).collect();
        front.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if !args.goal.is_empty() {
        let goals: Vec<String> = args.goal.iter().map(|g| yaml_text(&format!("[[{g}]]"))).collect();
        front.push_str(&format!("goals: [{}]\n", goals.join(", ")));
    }
    if let Some(by) = &args.introduced_by {
        front.push_str(&format!("introduced_by: {}\n", yaml_text(&format!("[[{by}]]"))));
    }
    front.push_str(&format!("stage: {}\nmet: {}\n---\n\n## Log\n\n", args.stage.as_str(), config.today));
    let folder = vault.root.join(&vault.settings.folders.people);
    let base = safe_file_name(name);
    let path: PathBuf = (1..100)
        .map(|n| folder.join(if n == 1 { format!("{base}.md") } else { format!("{base} {n}.md") }))
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join(format!("{base}.md")));
    match create_new(&path, front.as_bytes()) {
        Ok(CreateOutcome::Created) => {
            writeln!(out, "added {}", path.strip_prefix(&vault.root).unwrap_or(&path).display())?;
            Ok(EXIT_OK)
        }
        Ok(CreateOutcome::Exists) => {
            eprintln!("kith: {} already exists; not overwritten", path.display());
            Ok(EXIT_PROBLEMS)
        }
        Err(err) => {
            eprintln!("kith: cannot write {}: {err}", path.display());
            Ok(EXIT_FATAL)
        }
    }
}

const KITH_YAML: &str = "# kith settings. Every key is optional; the values shown are the defaults.\n\
# output: kith                 # where kith report and kith watch write\n\
# folders:\n\
#   people: people             # notes here are people unless their type says otherwise\n\
#   goals: goals\n\
#   reviews: reviews           # where kith review --write puts the week's note\n\
# cadence:                     # how often to be in touch, by stage (Nd, Nw, Nm, Ny or days)\n\
#   seed: 30d\n\
#   growing: 60d\n\
#   trusted: 90d\n\
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
#   availability: [\"Tue 10:00\", \"Wed 14:00\", \"Thu 16:00\"]\n";

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
