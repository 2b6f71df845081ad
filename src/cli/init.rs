//! `kith init [DIR]`: start a vault (folders, a commented kith.yaml, templates), never overwriting.

use std::io::{self, Write};
use std::path::Path;

use super::{EXIT_FATAL, EXIT_OK};
use crate::output::{create_new, CreateOutcome};

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
