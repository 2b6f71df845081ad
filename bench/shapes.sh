#!/usr/bin/env bash
# Benchmark kith over a matrix of vault shapes, each against ripgrep reading the same vault in the
# same run, and print the worst case.
# Usage: bench/shapes.sh [--quick] [NOTES]   (default 100000 notes; --quick: 10000 notes, 4 shapes)
# Vaults, caches and hyperfine's JSON go to $BENCH_DIR (default /tmp/kith-bench; 100k notes of
# every default shape take about 6 GB on disk); a vault is generated once and reused while its knobs match.
# Shapes are gen_vault knobs (see examples/gen_vault.rs), or `@wild` for bench/wild_vault.py, a second
# generator written apart from the first (an Obsidian vault as found: nested folders, every way of
# recognising people, YAML the fast path hands to the full parser, non-note files);
# BENCH_SHAPES="name:knobs;..." overrides them.
# Needs: ripgrep (rg) and hyperfine; installs them with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = --quick ] && { quick=1; shift; }
n=${1:-$([ $quick = 1 ] && echo 10000 || echo 100000)}
default_shapes="base:
block-days:--lists block --cadence d
links:--lists block --cadence d --links 6
fanout:--lists block --cadence d --links 6 --goals 14 --fanout 7
mixed:--cadence mixed --other 20 --dated 20 --crlf 10 --links 2
big:--note-kb 8 --entries 60 --links 3
lean:--entries 2
wild:@wild"
[ $quick = 1 ] && default_shapes=$(printf '%s\n' "$default_shapes" | grep -E '^(base|fanout|mixed|wild):')
shapes=${BENCH_SHAPES:-$default_shapes}
shapes=${shapes//;/$'\n'}
. bench/setup.sh
runs=${BENCH_RUNS:-3}
mkdir -p "$work"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
results=$work/shapes-$n.tsv
: >"$results"
while IFS=: read -r name knobs; do
  [ -n "$name" ] || continue
  vault=$work/shape-$name-$n
  if [ ! -f "$vault/.knobs" ] || [ "$(cat "$vault/.knobs")" != "$knobs" ]; then
    rm -rf "$vault"
    if [ "$knobs" = @wild ]; then
      python3 bench/wild_vault.py "$vault" "$n"
    else
      # shellcheck disable=SC2086
      ./target/release/examples/gen_vault "$vault" "$n" $knobs
    fi
    echo "$knobs" >"$vault/.knobs"
  fi
  bytes=$(find "$vault" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
  rg -c ^ "$vault" >/dev/null # warm the page cache
  json=$work/hf-$name-$n.json
  export XDG_CACHE_HOME=$work/xdg-cache
  cold="$kith --vault $vault --today 2026-11-23 --no-cache"
  warm="$kith --vault $vault --today 2026-11-23"
  # 1% changed: before each run, append a line to 1% of the notes and wait past the racy window
  # (not timed; a note changed within 2 s of a run is read again by every run until one starts 2 s
  # after the change, so without the wait each run would also read the notes of the runs before).
  # The warm-up run after the first edit goes the whole way and keeps each note's part; the timed
  # ones start from them.
  touch_some="find $vault -name '*.md' | shuf -n $((n / 100)) | xargs -r -d '\\n' sed -i '\$a- 2026-11-20 bench edit'; sleep 2.1"
  $warm overdue --format json >/dev/null # write the cache
  sleep 2.1 # past the cache's racy window
  hyperfine -N -w 1 -r "$runs" --export-json "$json" \
    "rg -c ^ $vault" "$cold overdue --format json" "$cold check" "$warm overdue --format json" >/dev/null 2>&1 || true
  hyperfine -w 1 -r "$runs" --prepare "$touch_some" --export-json "$json.1pct" \
    "$warm overdue --format json" >/dev/null 2>&1 || true
  # Warm without a stored result nor kept parts (another command line or day): every note from
  # the parse cache.
  hyperfine -w 1 -r "$runs" --prepare "rm -f $XDG_CACHE_HOME/kith/*.result $XDG_CACHE_HOME/kith/*.kept" \
    --export-json "$json.parse" \
    "$warm overdue --format json" >/dev/null 2>&1 || true
  peak_kb=$( { /usr/bin/time -f %M $cold overdue --format json >/dev/null; } 2>&1 | tail -1)
  $warm overdue --format json >/dev/null
  sleep 2.1
  $warm overdue --format json >/dev/null
  warm_kb=$( { /usr/bin/time -f %M $warm overdue --format json >/dev/null; } 2>&1 | tail -1)
  python3 - "$name" "$bytes" "$json" "$peak_kb" "$warm_kb" "$knobs" >>"$results" <<'PY'
import json, sys
name, b, path, kb, wkb, knobs = sys.argv[1:]
r = [x["median"] for x in json.load(open(path))["results"]]
r += [x["median"] for x in json.load(open(path + ".1pct"))["results"]]
r += [x["median"] for x in json.load(open(path + ".parse"))["results"]]
print("\t".join([name, str(int(b)), *(f"{x:.4f}" for x in r), kb, wkb, knobs or "(defaults)"]))
PY
done <<<"$shapes"
python3 - "$results" "$n" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(f"{sys.argv[2]} notes per vault; hyperfine medians; each time ratio = kith's time / `rg -c ^`'s on the same vault in this run")
print("cold = --no-cache; warm = nothing changed since the same command ran (its stored result);")
print("no-result = warm without a stored result nor kept parts (another day or command line: every note from")
print("the parse cache); 1% = 1% of the notes edited since the command last ran; mem = peak resident memory")
print("over the vault's bytes, cold and warm. Targets in brackets (set for 100k notes; at 10k fixed costs weigh")
print("more); a ratio marked * misses its target.")
targets = {"cold": 3.0, "warm": 0.3, "1%": 0.5, "mem cold": 0.5, "mem warm": 0.25}
def cell(v, key, width):
    miss = key in targets and v > targets[key]
    return f"{v:{width - 2}.2f}x" + ("*" if miss else " ")
print(f"{'shape':<10} {'MB':>7} {'rg_s':>6} {'cold_s':>7} {'cold(3)':>8} {'check':>7} {'warm(.3)':>8} {'no-result':>9} "
      f"{'1%(.5)':>8} {'mem(.5)':>8} {'mem warm(.25)':>13}  knobs")
worst = {}
for name, b, rg, od, ck, wm, pc, pa, kb, wkb, knobs in rows:
    b, rg, od, ck, wm, pc, pa = int(b), float(rg), float(od), float(ck), float(wm), float(pc), float(pa)
    kb, wkb = int(kb), int(wkb)
    vals = {"cold": od / rg, "check": ck / rg, "warm": wm / rg, "no-result": pa / rg, "1%": pc / rg,
            "mem cold": kb * 1024 / b, "mem warm": wkb * 1024 / b}
    for k, v in vals.items():
        if v > worst.get(k, (0, ""))[0]:
            worst[k] = (v, name)
    print(f"{name:<10} {b/1e6:7.1f} {rg:6.3f} {od:7.3f} {cell(vals['cold'], 'cold', 8)} {cell(vals['check'], '', 7)} "
          f"{cell(vals['warm'], 'warm', 8)} {cell(vals['no-result'], '', 9)} {cell(vals['1%'], '1%', 8)} "
          f"{cell(vals['mem cold'], 'mem cold', 8)} {cell(vals['mem warm'], 'mem warm', 13)}  {knobs}")
print("worst case: " + ", ".join(f"{k} {v:.2f}x ({s})" + ("*" if k in targets and v > targets[k] else "")
                                 for k, (v, s) in worst.items()))
PY
