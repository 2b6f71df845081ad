#!/usr/bin/env bash
# Benchmark kith over a matrix of vault shapes, each against ripgrep reading the same vault in the
# same run, and print the worst case.
# Usage: bench/shapes.sh [--quick] [NOTES]   (default 100000 notes; --quick: 10000 notes, 3 shapes)
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
print(f"{sys.argv[2]} notes per vault; medians; each ratio = kith time / rg -c ^ time on the same vault in this run")
print("cold = --no-cache; warm = nothing changed (the stored result); parsed = warm without a stored result")
print("(every note from the parse cache); 1% = 1% of notes changed since the cache was written;")
print("mem = peak resident memory / the vault's bytes (cold, warm)")
print(f"{'shape':<12} {'MB':>6} {'rg_s':>6} {'cold_s':>7} {'cold':>6} {'check':>6} {'warm_s':>7} {'warm':>6} {'parsed':>6} {'1%':>6} {'mem':>6} {'warm':>6}  knobs")
worst = {}
for name, b, rg, od, ck, wm, pc, pa, kb, wkb, knobs in rows:
    b, rg, od, ck, wm, pc, pa = int(b), float(rg), float(od), float(ck), float(wm), float(pc), float(pa)
    kb, wkb = int(kb), int(wkb)
    vals = {"cold/rg": od / rg, "check/rg": ck / rg, "warm/rg": wm / rg, "parsed/rg": pa / rg, "1%/rg": pc / rg,
            "mem/vault": kb * 1024 / b, "warm mem/vault": wkb * 1024 / b}
    for k, v in vals.items():
        if v > worst.get(k, (0, ""))[0]:
            worst[k] = (v, name)
    print(f"{name:<12} {b/1e6:6.1f} {rg:6.3f} {od:7.3f} {od/rg:5.2f}x {ck/rg:5.2f}x {wm:7.3f} {wm/rg:5.2f}x {pa/rg:5.2f}x {pc/rg:5.2f}x "
          f"{vals['mem/vault']:5.2f}x {vals['warm mem/vault']:5.2f}x  {knobs}")
print("worst case: " + ", ".join(f"{k} {v:.2f}x ({s})" for k, (v, s) in worst.items()))
PY
