//! Generate a vault for benchmarks, in one of many shapes:
//! `cargo run --release --example gen_vault -- DIR COUNT [--knob value]...`.
//! Deterministic: the same COUNT and knobs always give the same files.
//!
//! Knobs (defaults give the original shape: flow lists, weekly cadences, about 2.2 KB a note):
//!   --lists flow|block      how front-matter lists are written (`[a, b]` or `- a` lines)
//!   --cadence w|d|mixed     cadence units: `3w`, `7d`/`30d`, or a mix of `w`, `d`, `m` and plain days
//!   --links N               wikilinks to other people in each log entry (0..)
//!   --entries N             log entries per note (mean; 0 for none)
//!   --goals N               goal notes
//!   --fanout PCT            share of people linked to each goal (default: one goal per person)
//!   --note-kb N             extra prose per note, in KB (0..)
//!   --other PCT             share of notes that are not people (project/meeting notes)
//!   --dated PCT             share of notes that are daily notes (`daily/2026-11-02.md`) naming people
//!   --crlf PCT              share of notes written with CRLF line ends

use std::fmt::Write as _;
use std::path::Path;

const FIRST: &[&str] = &[
    "Ada", "Wei", "Priya", "Tom", "Grace", "Kenji", "Maya", "Dev", "Sarah", "Ken", "Ana", "Lucas", "Noor", "Elena",
    "Sam", "Zara", "Omar", "Ines", "Yuki", "Jonas",
];
const LAST: &[&str] = &[
    "Lovelace", "Zhang", "Raman", "Beckett", "Hopper", "Watanabe", "Chen", "Patel", "Okafor", "Schmidt", "Santos",
    "Lim", "Haddad", "Petrova", "Reid", "Ahmed", "Farouk", "Garcia", "Sato", "Berg",
];
const COMPANIES: &[&str] = &[
    "Lumen Communications",
    "Analytical Engines",
    "Straits Media",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
];
const STAGES: &[&str] = &["seed", "growing", "trusted", "pruned"];
const TAGS: &[&str] = &["agency", "media", "in-house", "fintech", "speaking", "mentor", "recruiter", "friend"];
const TEXTS: &[&str] = &[
    "Coffee near the office; talked about the market and hiring plans for next year.",
    "Video call about the conference programme and who else should be on the panel.",
    "Sent the article on crisis communications we discussed last time. #gave",
    "She offered to introduce me to two people at the agency. #got #intro",
    "Lunch; asked for three more names and got two of them on the spot. #referral",
    "Quick catch-up by phone, mostly about the move and schools for the kids.",
];
const PROSE: &str = "Met through work. Knows the Singapore market well and is generous with introductions. \
Prefers email; mornings are best. Ask about the sailing club and the book she recommended last spring.\n";

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn percent(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Cadence {
    Weeks,
    Days,
    Mixed,
}

struct Shape {
    block: bool,
    cadence: Cadence,
    links: u64,
    entries: Option<u64>,
    goals: usize,
    fanout: Option<u64>,
    note_kb: usize,
    other: u64,
    dated: u64,
    crlf: u64,
}

fn parse_args(args: &[String]) -> Result<Shape, String> {
    let mut shape = Shape {
        block: false,
        cadence: Cadence::Weeks,
        links: 0,
        entries: None,
        goals: 20,
        fanout: None,
        note_kb: 0,
        other: 0,
        dated: 0,
        crlf: 0,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--lists" => shape.block = value == "block",
            "--cadence" => {
                shape.cadence = match value.as_str() {
                    "w" => Cadence::Weeks,
                    "d" => Cadence::Days,
                    "mixed" => Cadence::Mixed,
                    _ => return Err(format!("--cadence: w, d or mixed, not {value}")),
                }
            }
            "--links" => shape.links = num()?,
            "--entries" => shape.entries = Some(num()?),
            "--goals" => shape.goals = num()? as usize,
            "--fanout" => shape.fanout = Some(num()?),
            "--note-kb" => shape.note_kb = num()? as usize,
            "--other" => shape.other = num()?,
            "--dated" => shape.dated = num()?,
            "--crlf" => shape.crlf = num()?,
            _ => return Err(format!("unknown knob {flag}")),
        }
    }
    Ok(shape)
}

fn date(rng: &mut Rng) -> String {
    format!("20{}-{:02}-{:02}", 24 + rng.below(3), 1 + rng.below(12), 1 + rng.below(28))
}

/// Person `i`'s name: the same wherever it is written (their note, links to them).
fn name_of(i: u64) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ i.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
    rng.next();
    format!("{} {} {i}", rng.pick(FIRST), rng.pick(LAST))
}

/// A key with a list value, in the shape's list style.
fn list(note: &mut String, block: bool, key: &str, items: &[String]) {
    if block {
        let _ = writeln!(note, "{key}:");
        for item in items {
            let _ = writeln!(note, "  - {item}");
        }
    } else {
        let _ = writeln!(note, "{key}: [{}]", items.join(", "));
    }
}

fn prose(note: &mut String, shape: &Shape) {
    for _ in 0..(shape.note_kb * 1024 / PROSE.len()).max(1) {
        note.push_str(PROSE);
    }
}

fn cadence(rng: &mut Rng, shape: &Shape) -> String {
    let kind = match shape.cadence {
        Cadence::Weeks => 0,
        Cadence::Days => 1,
        Cadence::Mixed => rng.below(4),
    };
    match kind {
        0 => format!("{}w", 2 + rng.below(10)),
        1 => ["7d", "14d", "30d", "90d"][rng.below(4) as usize].to_string(),
        2 => format!("{}m", 1 + rng.below(6)),
        _ => format!("{}", 14 + rng.below(60)),
    }
}

fn links(rng: &mut Rng, shape: &Shape, people: u64) -> String {
    let mut out = String::new();
    for _ in 0..shape.links {
        let _ = write!(out, " [[{}]]", name_of(rng.below(people)));
    }
    out
}

fn person(rng: &mut Rng, shape: &Shape, i: u64, people: u64) -> (String, String) {
    let name = name_of(i);
    let mut note = String::with_capacity(2400 + shape.note_kb * 1024);
    let _ = write!(note, "---\ntype: person\nname: {name}\n");
    list(&mut note, shape.block, "aliases", &[format!("\"{}\"", name.split(' ').next().unwrap_or("x"))]);
    let _ = writeln!(
        note,
        "company: {}\nrole: Director of Communications\nemail: person{i}@example.com",
        rng.pick(COMPANIES)
    );
    list(&mut note, shape.block, "tags", &[rng.pick(TAGS).to_string(), rng.pick(TAGS).to_string()]);
    list(&mut note, shape.block, "circles", &[format!("circle-{}", rng.below(30))]);
    list(&mut note, shape.block, "interests", &["sailing".to_string(), "poetry".to_string()]);
    let _ = writeln!(note, "purpose: {}", if rng.below(2) == 0 { "people" } else { "leads" });
    let goals: Vec<String> = match shape.fanout {
        None if shape.goals > 0 => vec![format!("\"[[Goal {}]]\"", rng.below(shape.goals as u64))],
        None => vec![],
        Some(pct) => (0..shape.goals).filter(|_| rng.percent(pct)).map(|g| format!("\"[[Goal {g}]]\"")).collect(),
    };
    if !goals.is_empty() {
        list(&mut note, shape.block, "goals", &goals);
    }
    let intro = name_of(rng.below(people));
    let _ = writeln!(
        note,
        "stage: {}\nmet: {}\nintroduced_by: \"[[{}]]\"\ncadence: {}",
        rng.pick(STAGES),
        date(rng),
        intro,
        cadence(rng, shape)
    );
    if rng.below(4) == 0 {
        let _ = writeln!(note, "follow_up: {}", date(rng));
    }
    note.push_str("---\n");
    prose(&mut note, shape);
    note.push_str("\n## Log\n");
    let entries = match shape.entries {
        None => 18 + rng.below(9),
        Some(0) => 0,
        Some(n) => n / 2 + rng.below(n + 1),
    };
    for _ in 0..entries {
        let text = rng.pick(TEXTS);
        let _ = writeln!(note, "- {} {text}{}", date(rng), links(rng, shape, people));
    }
    (format!("people/group-{:03}/{name}.md", i % 100), note)
}

fn other(rng: &mut Rng, shape: &Shape, i: u64, people: u64) -> (String, String) {
    let mut note = format!("---\ntitle: Project {i}\nstatus: active\n");
    list(&mut note, shape.block, "tags", &["project".to_string(), rng.pick(TAGS).to_string()]);
    note.push_str("---\n# Notes\n\n");
    prose(&mut note, shape);
    let _ = writeln!(note, "\nSee{} for the details.", links(rng, shape, people));
    (format!("projects/p-{:03}/Project {i}.md", i % 100), note)
}

fn dated(rng: &mut Rng, i: u64, people: u64) -> (String, String) {
    let day = i % 8_000; // 2000-01-01 to 2023-10-28, 28-day months
    let (y, d) = (2000 + day / 336, day % 336);
    let stamp = format!("{y}-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
    let mut note = format!("# {stamp}\n\nStand-up, then emails.\n\n");
    for _ in 0..(1 + rng.below(4)) {
        let who = name_of(rng.below(people));
        let _ = writeln!(note, "- Lunch with [[{who}]] {}", rng.pick(TEXTS));
    }
    // More than one daily note can fall on a day at large COUNTs: the later ones get a suffix.
    let suffix = if i >= 8_000 { format!(" {}", i / 8_000) } else { String::new() };
    (format!("daily/{y}/{stamp}{suffix}.md"), note)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<u64>().ok())) else {
        eprintln!("usage: gen_vault DIR COUNT [--knob value]... (see the file's header)");
        std::process::exit(2);
    };
    let shape = parse_args(&args[3..]).unwrap_or_else(|e| {
        eprintln!("gen_vault: {e}");
        std::process::exit(2)
    });
    let root = Path::new(dir);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let goals = shape.goals.min(count.max(1) as usize);
    for g in 0..goals {
        let path = root.join("goals").join(format!("Goal {g}.md"));
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, format!("---\ntitle: Goal {g}\npurpose: leads\ntarget: {}\nstart: 2026-01-01\ndeadline: 2027-06-30\n---\nWhy it matters.\n", 5 + g))?;
    }
    let others = count * shape.other / 100;
    let dailies = count * shape.dated / 100;
    let people = count.saturating_sub(others + dailies).max(1);
    for i in 0..count {
        let (rel, mut note) = if i < people {
            person(&mut rng, &shape, i, people)
        } else if i < people + others {
            other(&mut rng, &shape, i, people)
        } else {
            dated(&mut rng, i - people - others, people)
        };
        if rng.percent(shape.crlf) {
            note = note.replace('\n', "\r\n");
        }
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, note)?;
    }
    Ok(())
}
