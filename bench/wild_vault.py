#!/usr/bin/env python3
"""Generate an Obsidian vault "as found": a second generator, written apart from
examples/gen_vault.rs so the benchmark is not tuned to one generator's habits.

Usage: bench/wild_vault.py DIR COUNT [SEED]

Deterministic for a COUNT and SEED. What it does that gen_vault does not:
- people recognised every v1.1 way: nested folders (`People/<Company>/`,
  `Areas/CRM/Contacts/<letter>/`), `tags: [person]` or `categories: ["[[People]]"]`
  in other folders, a template folder and README notes that are not people;
- front matter as people write it: other spellings (`Company`, `Last Contact`,
  `organization`, `job_title`), quoted and unquoted values, comments, timestamps,
  `aliases` block lists, multi-line strings (`notes: |`) and nested maps
  (`social:`), which the full YAML parser reads, emoji and non-Latin names, BOMs;
- bodies with headings, callouts, tables, embeds, open tasks, Dataview inline
  fields, a Log in a callout or with nested details, links as `[[Name|shown]]`,
  `[[Name#Heading]]` and markdown links with `%20`;
- daily notes in `Journal/YYYY/MM/`, meeting notes with `date:` and `attendees:`,
  clippings and project notes that are not people, and non-note files
  (`.obsidian/`, attachments, canvases) a scan must skip.
"""
import os
import random
import sys
import zlib

FIRST = ["Ada", "Zoë", "José", "Søren", "Ngozi", "Wei", "Anaïs", "Mateus", "Aroha", "Priya",
         "Dmitri", "Fatima", "Kwame", "Ingrid", "Hiroshi", "Lucía", "Tomasz", "Amara", "Raj", "Chloé",
         "Björn", "Thandiwe", "Mei", "Olu", "Freya", "Yusuf", "Camila", "Einar", "Leilani", "Pádraig"]
LAST = ["O'Neill", "García-Márquez", "Nakamura", "Okonkwo", "van der Berg", "Kowalski", "Haddad",
        "Ødegaard", "Fernández", "Mukherjee", "Zhang", "Schröder", "Achebe", "Tanaka", "Lindqvist",
        "Moreau", "Petrov", "Abubakar", "Rossi", "Nguyen", "Dubois", "Kahananui", "Sørensen", "Ivanova"]
CJK = ["王伟", "李娜", "张敏", "田中 美咲", "김민준", "陈静"]
COMPANIES = ["Acme Corp", "Initech", "Hooli", "Pied Piper", "Wayne Enterprises", "Soylent",
             "Tyrell", "Cyberdyne", "Vandelay Industries", "Dunder Mifflin", "Globex", "Massive Dynamic"]
ROLES = ["CTO", "Head of Growth", "Principal Engineer", "Partner", "Recruiter", "Founder & CEO",
         "Staff Designer", "VP Sales", "Editor", "Investor"]
TAGS = ["friend", "investor", "mentor", "recruiter", "speaking", "media", "alumni", "climate",
        "design", "fintech", "🚀 launch", "community"]
GOALS = ["Raise a seed round", "Find a design partner", "Land a staff role", "Speak at three meetups",
         "Hire two engineers", "Publish a book", "Move to Lisbon", "Build an advisory board"]
SENTENCES = [
    "Talked about their team's roadmap and what they need from the next hire.",
    "They asked for an intro to someone in climate tech; I said I'd think about it.",
    "Great conversation about pricing. Send the deck they asked for!",
    "Quick hello at the meetup; promised to grab coffee in the new year.",
    "Long walk, mostly personal: the new baby, the house move, sleep (or none).",
    "Reviewed my CV line by line and suggested three companies to look at.",
    "Shared the article on community-led growth we talked about.",
]


def num(text):
    """A stable number for a text (Python's own hash changes between runs)."""
    return zlib.crc32(text.encode())


def name_of(rng, i):
    if rng.random() < 0.04:
        return f"{rng.choice(CJK)} {i}"
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"


def date(rng, lo=2024, hi=2026):
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def link(rng, person, folder):
    """A link to `person` as a real vault would spell it."""
    roll = rng.random()
    if roll < 0.6:
        return f"[[{person}]]"
    if roll < 0.75:
        return f"[[{person}|{person.split()[0]}]]"
    if roll < 0.85:
        return f"[[{person}#Log]]"
    if roll < 0.95 and folder:
        return f"[{person.split()[0]}]({folder.replace(' ', '%20')}/{person.replace(' ', '%20')}.md)"
    return f"[[{person.lower()}]]"


def front_matter(rng, name, how, company):
    lines = []
    key = lambda *spellings: rng.choice(spellings)  # noqa: E731
    if how == "type":
        lines.append(f"type: {rng.choice(['person', 'Person', 'contact'])}")
    elif how == "tag":
        lines.append(rng.choice(["tags: [person, " + rng.choice(TAGS).replace(' ', '-') + "]",
                                 "tags:\n  - person\n  - " + rng.choice(TAGS).replace(' ', '-')]))
    elif how == "category":
        lines.append('categories:\n  - "[[People]]"')
    if rng.random() < 0.3:
        lines.append(f"# imported from the old CRM on {date(rng)}")
    if rng.random() < 0.4:
        lines.append(f'aliases:\n  - "{name.split()[0]}"')
    lines.append(f"{key('company', 'Company', 'organization', 'org')}: {rng.choice([company, repr(company)])}")
    lines.append(f"{key('role', 'Role', 'job_title', 'position')}: \"{rng.choice(ROLES)}\"")
    if rng.random() < 0.7:
        lines.append(f"email: {name.split()[0].lower()}.{num(name) % 10000}@example.org")
    if how != "tag" and rng.random() < 0.6:
        tags = rng.sample(TAGS, rng.randint(1, 3))
        lines.append("tags: [" + ", ".join(t if " " not in t else f'"{t}"' for t in tags) + "]")
    lines.append(f"stage: {rng.choice(['seed', 'growing', 'trusted', 'growing', 'pruned'])}")
    if rng.random() < 0.5:
        lines.append(f"cadence: {rng.choice(['2w', '30d', '7d', '1m', '3m', '45', '90d', '6w'])}")
    if rng.random() < 0.3:
        lines.append(f"{key('last_contact', 'Last Contact', 'last-contacted')}: {date(rng)}")
    if rng.random() < 0.2:
        lines.append(f"{key('follow_up', 'next_follow_up')}: {date(rng, 2026, 2027)}")
    if rng.random() < 0.25:
        lines.append(f'goals: ["[[{rng.choice(GOALS)}]]"]')
    if rng.random() < 0.3:
        lines.append(f"created: {date(rng)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00")
    if rng.random() < 0.1:
        lines.append("notes: |\n  Met at a conference.\n  Knows everyone in the space.")
    if rng.random() < 0.1:
        lines.append(f"social:\n  linkedin: https://www.linkedin.com/in/{num(name) % 10**8}\n  twitter: '@x{num(name) % 10**5}'")
    if rng.random() < 0.15:
        lines.append(f"birthday: {rng.choice([date(rng, 1960, 2000), '--' + date(rng)[5:]])}")
    return "\n".join(lines)


def body(rng, name, people):
    out = [f"# {name}", ""]
    if rng.random() < 0.3:
        out += ["> [!info] Context", f"> Met through {rng.choice(COMPANIES)}. Prefers email.", ""]
    if rng.random() < 0.2:
        out += [f"Company:: {rng.choice(COMPANIES)}", ""]
    if rng.random() < 0.2:
        out += ["| topic | notes |", "|---|---|", "| hiring | yes, Q2 |", "| intro | maybe |", ""]
    if rng.random() < 0.15:
        out += [f"![[{name.split()[0]}-photo.png]]", ""]
    out += [rng.choice(SENTENCES) for _ in range(rng.randint(0, 3))]
    out.append("")
    heading = rng.choice(["## Log", "## log", "### Log", "# Log"])
    callout = rng.random() < 0.1
    out.append(heading)
    prefix = "> " if callout else ""
    if callout:
        out.append("> [!note]-")
    for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 13])):
        text = rng.choice(SENTENCES)
        if rng.random() < 0.4:
            other = rng.choice(people)
            text += f" Mentioned {link(rng, other[0], other[1])}."
        if rng.random() < 0.25:
            text += " " + rng.choice(["#gave", "#got", "#ask", "#intro", "#coffee", "#call"])
        when = date(rng) if rng.random() < 0.9 else f"[[{date(rng)}]]"
        out.append(f"{prefix}- {when} {text}")
        if rng.random() < 0.15:
            out.append(f"{prefix}  - detail: {rng.choice(SENTENCES)}")
    if rng.random() < 0.2:
        out += ["", f"- [ ] follow up about {rng.choice(GOALS).lower()}"]
    return "\n".join(out) + "\n"


def write(path, text, rng):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if rng.random() < 0.05:
        text = "\ufeff" + text
    data = text.encode()
    if rng.random() < 0.1:
        data = data.replace(b"\n", b"\r\n")
    with open(path, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    n_people = count * 6 // 10
    people = []  # (name, folder, how, company)
    for i in range(n_people):
        name = name_of(rng, i).replace("/", "-")
        company = rng.choice(COMPANIES)
        roll = rng.random()
        if roll < 0.45:
            folder, how = f"People/{company}", "folder"
        elif roll < 0.65:
            folder, how = f"Areas/CRM/Contacts/{name[0].upper()}", "folder"
        elif roll < 0.8:
            folder, how = "Inbox", "tag"
        elif roll < 0.9:
            folder, how = "Notes", "category"
        else:
            folder, how = "people", "type"
        people.append((name, folder, how, company))
    for name, folder, how, company in people:
        fm = front_matter(rng, name, how, company)
        write(f"{root}/{folder}/{name}.md", f"---\n{fm}\n---\n{body(rng, name, people)}", rng)
    for goal in GOALS:
        write(f"{root}/Goals/{goal}.md", f"---\ntype: goal\ntarget: {rng.randint(2, 9)}\nstart: 2026-01-01\n"
              f"deadline: 2027-06-30\n---\nWhy it matters.\n", rng)
    rest = count - n_people - len(GOALS)
    for j in range(max(rest, 0)):
        roll = rng.random()
        names = rng.sample(people, rng.randint(1, 6))
        if roll < 0.5:  # a daily note
            d = date(rng)
            lines = [f"# {d}", "", "## Notes"]
            for p in names:
                task = "- [ ] " if rng.random() < 0.1 else "- "
                lines.append(f"{task}{rng.choice(SENTENCES)} with {link(rng, p[0], p[1])}")
            if rng.random() < 0.05:
                lines.append(f"- #win [[{rng.choice(GOALS)}]] thanks to {link(rng, names[0][0], names[0][1])}")
            write(f"{root}/Journal/{d[:4]}/{d[5:7]}/{d} {j}.md", "\n".join(lines) + "\n", rng)
        elif roll < 0.75:  # a meeting note
            attendees = ", ".join(f'"[[{p[0]}]]"' for p in names)
            write(f"{root}/Meetings/{date(rng)} Sync {j}.md",
                  f"---\ndate: {date(rng)}\nattendees: [{attendees}]\ntags: [meeting]\n---\n"
                  f"{rng.choice(SENTENCES)}\n\n## Action items\n- [ ] send notes\n", rng)
        else:  # a clipping or project note, not a person
            write(f"{root}/Clippings/Article {j}.md",
                  f"---\ntitle: \"Why networks matter: part {j}\"\nsource: https://example.org/{j}\n"
                  f"tags: [clipping]\n---\n" + " ".join(rng.choice(SENTENCES) for _ in range(30)) + "\n", rng)
    # What a scan must skip: a template, READMEs, Obsidian's settings, attachments, a canvas.
    write(f"{root}/Templates/Person.md", "---\ntype: person\nname: \"{{title}}\"\ncreated: {{date}}\n---\n## Log\n", rng)
    write(f"{root}/People/README.md", "Everyone I know, by company.\n", rng)
    os.makedirs(f"{root}/.obsidian/plugins/dataview", exist_ok=True)
    with open(f"{root}/.obsidian/workspace.json", "w") as f:
        f.write('{"main": {"type": "split", "children": []}, "lastOpenFiles": []}\n' * 200)
    with open(f"{root}/.obsidian/plugins/dataview/main.js", "w") as f:
        f.write("// plugin code\n" * 20000)
    os.makedirs(f"{root}/Attachments", exist_ok=True)
    for k in range(max(count // 1000, 1)):
        with open(f"{root}/Attachments/photo-{k}.png", "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)))
    with open(f"{root}/Network.canvas", "w") as f:
        f.write('{"nodes": [], "edges": []}\n')


if __name__ == "__main__":
    main()
