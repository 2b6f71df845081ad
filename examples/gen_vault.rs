//! Generate a realistic vault for benchmarks: `cargo run --release --example gen_vault -- DIR COUNT`.
//! Deterministic: the same COUNT always gives the same files (about 2.2 KB a note).

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
        self.next() % n
    }
}

fn date(rng: &mut Rng) -> String {
    format!("20{}-{:02}-{:02}", 24 + rng.below(3), 1 + rng.below(12), 1 + rng.below(28))
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<usize>().ok())) else {
        eprintln!("usage: gen_vault DIR COUNT");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let goals = 20.min(count.max(1));
    for g in 0..goals {
        let path = root.join("goals").join(format!("Goal {g}.md"));
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, format!("---\ntitle: Goal {g}\npurpose: leads\ntarget: {}\nstart: 2026-01-01\ndeadline: 2027-06-30\n---\nWhy it matters.\n", 5 + g))?;
    }
    for i in 0..count {
        let name = format!("{} {} {i}", rng.pick(FIRST), rng.pick(LAST));
        let folder = format!("people/group-{:03}", i % 100);
        let mut note = String::with_capacity(2400);
        let _ = write!(
            note,
            "---\ntype: person\nname: {name}\naliases: [\"{}\"]\ncompany: {}\nrole: Director of Communications\nemail: person{i}@example.com\ntags: [{}, {}]\ncircles: [circle-{}]\ninterests: [sailing, poetry]\npurpose: {}\ngoals: [\"[[Goal {}]]\"]\nstage: {}\nmet: {}\nintroduced_by: \"[[{} {} {}]]\"\ncadence: {}w\n",
            name.split(' ').next().unwrap_or("x"),
            rng.pick(COMPANIES),
            rng.pick(TAGS),
            rng.pick(TAGS),
            rng.below(30),
            if rng.below(2) == 0 { "people" } else { "leads" },
            rng.below(goals as u64),
            rng.pick(STAGES),
            date(&mut rng),
            rng.pick(FIRST),
            rng.pick(LAST),
            rng.below(count as u64),
            2 + rng.below(10),
        );
        if rng.below(4) == 0 {
            let _ = writeln!(note, "follow_up: {}", date(&mut rng));
        }
        note.push_str("---\nMet through work. Knows the Singapore market well and is generous with introductions.\nPrefers email; mornings are best. Ask about the sailing club.\n\n## Log\n");
        for _ in 0..(18 + rng.below(9)) {
            let _ = writeln!(note, "- {} {}", date(&mut rng), rng.pick(TEXTS));
        }
        let path = root.join(&folder).join(format!("{name}.md"));
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, note)?;
    }
    Ok(())
}
