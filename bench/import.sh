#!/usr/bin/env bash
# Import N generated contacts (a vCard file in Google's shape: emails, phones,
# notes, some shared names) into an empty vault, then time `kith check` on the
# vault that results, in the same run. Prints both and their ratio (target: the
# import takes at most 20x the check). Usage: bench/import.sh [N] [PROFILE]
# (default 5000 and release; pass dev to use the debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
profile=${2:-release}
if [ "$profile" = release ]; then
  cargo build --release --quiet --bin kith
  kith=$PWD/target/release/kith
else
  cargo build --quiet --bin kith
  kith=$PWD/target/debug/kith
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$n" > "$work/contacts.vcf" <<'PY'
import sys
n = int(sys.argv[1])
first = ["Ada", "Wei", "Maria", "Sam", "Aiko", "Lucas", "Olivia", "Kwame", "Sofia", "Jürgen"]
last = ["Lee", "Garcia", "Okafor", "Rossi", "Nakamura", "Ferreira", "Bennett", "Mensah", "Müller", "Tan"]
for i in range(n):
    # Every 7th card shares its name with another person (a different company).
    name = f"{first[i % 10]} {last[(i // 10) % 10]} {i // 7 if i % 7 else i // 7 + 100000}"
    print("BEGIN:VCARD\r\nVERSION:3.0\r")
    print(f"FN:{name}\r\nN:{name.split()[1]};{name.split()[0]};;;\r")
    print(f"EMAIL;TYPE=INTERNET;TYPE=WORK:person{i}@example.com\r")
    print(f"TEL;TYPE=CELL:+1 555 {i:07d}\r\nORG:Company {i % 97}\r\nTITLE:Role {i % 13}\r")
    print(f"NOTE:Met at event {i % 31}.\\nLikes coffee\\, not tea.\r\nEND:VCARD\r")
PY
mkdir -p "$work/vault/people" && touch "$work/vault/kith.yaml"
start=$(date +%s.%N)
"$kith" --vault "$work/vault" import vcard "$work/contacts.vcf" | tail -1
mid=$(date +%s.%N)
"$kith" --vault "$work/vault" check | tail -1
end=$(date +%s.%N)
python3 -c "i=$mid-$start; c=$end-$mid; print(f'import {i:.3f}s, check {c:.3f}s, ratio {i/c:.1f}x ($profile build, $n contacts)')"
