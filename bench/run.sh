#!/usr/bin/env bash
# Benchmark kith against ripgrep reading the same generated vaults, in one run.
# Usage: bench/run.sh [SIZES...]   (default: 1000 10000 100000)
# Needs: ripgrep (rg) and hyperfine; installs them with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && sizes=("$@") || sizes=(1000 10000 100000)
. bench/setup.sh
mkdir -p "$work"
printf '%-8s %10s %10s %10s %8s %8s %10s %8s\n' notes vault_MB rg_s overdue_s ratio check_s peak_MB mem/vault
for n in "${sizes[@]}"; do
  vault=$work/v$n
  [ -d "$vault" ] || ./target/release/examples/gen_vault "$vault" "$n"
  bytes=$(du -sb --apparent-size "$vault" | cut -f1)
  rg -c ^ "$vault" >/dev/null # warm the page cache
  json=$work/hf-$n.json
  hyperfine -N -w 1 -r 5 --export-json "$json" \
    "rg -c ^ $vault" \
    "$kith --vault $vault --today 2026-11-23 overdue --format json" \
    "$kith --vault $vault --today 2026-11-23 check" >/dev/null 2>&1 || true
  read -r rg_s overdue_s check_s < <(python3 -c "import json,sys; r=json.load(open('$json'))['results']; print(*[f\"{x['mean']:.3f}\" for x in r])")
  peak_kb=$( { /usr/bin/time -f %M "$kith" --vault "$vault" --today 2026-11-23 overdue --format json >/dev/null; } 2>&1 | tail -1)
  python3 - "$n" "$bytes" "$rg_s" "$overdue_s" "$check_s" "$peak_kb" <<'PY'
import sys
n, b, rg, od, ck, kb = sys.argv[1:]
b, rg, od, ck, kb = int(b), float(rg), float(od), float(ck), int(kb)
print(f"{n:<8} {b/1e6:10.1f} {rg:10.3f} {od:10.3f} {od/rg:7.2f}x {ck:8.3f} {kb/1024:10.1f} {kb*1024/b:7.2f}x")
PY
done
echo "ratio = kith overdue --format json time / rg -c ^ time (same vault, warm cache, same run)"
echo "mem/vault = kith's peak resident memory / the vault's size in bytes"
