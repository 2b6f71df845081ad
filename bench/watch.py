#!/usr/bin/env python3
"""Benchmark `kith watch`: latency of one changed note in a large vault, and
memory over many edits.

Usage: bench/watch.py [NOTES] [EDITS] [spread|today] [GEN_VAULT_KNOBS...]
       (default 10000 notes, 1000 edits, spread, gen_vault's default shape)
       e.g. bench/watch.py 10000 1000 today --lists block --cadence d --links 6 --goals 14 --fanout 7

spread: each edit appends a #gave entry dated earlier this month to one of 200
        people in turn (most edits change the ledger, goals and garden).
today:  each edit appends an entry dated today to a different person, so their
        last contact moves and overdue, reminders and the calendar change too
        (the most a one-line edit to one person can change).

Generates the vault with the gen_vault example, starts `kith watch`, then
edits one note at a time and waits for kith's status line for each rebuild.
The figure reported per rebuild is kith's own "rebuilt in N ms": from the
debounced batch reaching kith to every output written. Memory is the watch
process's resident size (VmRSS) sampled as the edits go on.
"""
import hashlib, os, re, statistics, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
notes = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
mode = sys.argv[3] if len(sys.argv) > 3 else "spread"
if mode not in ("spread", "today"):
    raise SystemExit("mode: spread or today")
knobs = sys.argv[4:]
work = os.environ.get("BENCH_DIR", "/tmp/kith-bench")
shape = "-" + hashlib.sha1(" ".join(knobs).encode()).hexdigest()[:8] if knobs else ""
vault = os.path.join(work, f"watch-v{notes}{shape}")

subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kith", "--example", "gen_vault"], cwd=root, check=True)
if not os.path.isdir(vault):
    subprocess.run([os.path.join(root, "target/release/examples/gen_vault"), vault, str(notes), *knobs], check=True)
people = sorted(
    os.path.join(d, f) for d, _, fs in os.walk(os.path.join(vault, "people")) for f in fs if f.endswith(".md")
)[: 200 if mode == "spread" else None]

# kith's status lines come through a pipe, read with a blocking readline: the
# bench uses no CPU while kith rebuilds (the machine may have only 2 cores).
log = open(os.path.join(work, "watch.log"), "w")
proc = subprocess.Popen(
    [os.path.join(root, "target/release/kith"), "--vault", vault, "--today", "2026-11-23", "watch", "--debounce-ms", "20"],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
)

def next_line(prefix):
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit(f"kith watch exited; see {log.name}")
        log.write(line)
        if line.startswith(prefix):
            return line

def rss_kb():
    with open(f"/proc/{proc.pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

built = next_line("built in ").strip()
next_line("watching ")
rss = [(0, rss_kb())]
latencies = []
for i in range(edits):
    with open(people[i % len(people)], "a") as f:
        date = f"2026-11-{1 + i % 22:02d}" if mode == "spread" else "2026-11-23"
        f.write(f"- {date} bench edit {i} #gave\n")
    line = next_line("rebuilt in ")
    latencies.append(int(re.match(r"rebuilt in (\d+) ms", line).group(1)))
    if (i + 1) % max(1, edits // 10) == 0:
        rss.append((i + 1, rss_kb()))
proc.terminate()
proc.wait()

q = statistics.quantiles(latencies, n=100)
print(f"vault: {notes} notes, shape {' '.join(knobs) or '(defaults)'}; initial build: {built}")
print(f"{edits} single-note edits ({mode}), kith's rebuild time after the debounce fired (ms):")
print(f"  p50 {q[49]:.0f}  p90 {q[89]:.0f}  p99 {q[98]:.0f}  max {max(latencies)}  mean {statistics.mean(latencies):.1f}")
# The baseline, from the same run: the full build (read, index, render, write everything) at start.
full = int(re.match(r"built in (\d+) ms", built).group(1))
print(f"  as a fraction of the full build ({full} ms, same run): p50 {q[49] / full:.2f}x  p90 {q[89] / full:.2f}x  p99 {q[98] / full:.2f}x")
print("resident memory over the edits (edits: MB):", ", ".join(f"{n}: {kb / 1024:.1f}" for n, kb in rss))
print(f"growth from first to last sample: {(rss[-1][1] - rss[0][1]) / 1024:+.1f} MB")
