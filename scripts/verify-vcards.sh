#!/usr/bin/env bash
# Check kith's exported vCards with independent clients: python vobject and
# khard (both from PyPI, installed into a throwaway virtualenv). Exports the
# example vault plus a person with every field, as vCard 3.0 and 4.0, and
# asserts that each client reads every card with its name, UID, phones,
# emails, categories and note.  Usage: scripts/verify-vcards.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q vobject khard
cargo build --quiet
kith=target/debug/kith
cp -r example-vault "$work/vault" && rm -rf "$work/vault/kith"
cat > "$work/vault/people/John Doe.md" <<'NOTE'
---
name: "Mr. John Q. Doe Sr."
name_prefix: Mr.
given_name: John
middle_name: Q.
family_name: Doe
name_suffix: Sr.
nickname: Johnny
company: "Acme; Sons, Ltd"
email: ["john@acme.example (work)", john@home.example]
phone: ["+1 555 0100 (cell)", "+1 555 0142 (summer house)"]
tags: [conference, mentor]
birthday: --11-27
notes: "Line one; with, punctuation.\nLine two."
---
NOTE
printf -- '---\nname: 山田 太郎\nemail: taro@example.jp\n---\n' > "$work/vault/people/山田 太郎.md"
for v in 3 4; do
  "$kith" --vault "$work/vault" export vcard --vcard-version "$v" > "$work/all$v.vcf"
  mkdir -p "$work/book$v"
  "$work/venv/bin/python" - "$work/all$v.vcf" "$work/book$v" "$v" <<'PY'
import sys, vobject
path, book, version = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8", newline="").read()
cards = list(vobject.readComponents(text))
assert cards, "no cards"
uids = [c.uid.value for c in cards]
assert len(set(uids)) == len(cards), "UIDs missing or repeated"
john = next(c for c in cards if c.fn.value == "Mr. John Q. Doe Sr.")
assert (john.n.value.family, john.n.value.given, john.n.value.prefix) == ("Doe", "John", "Mr."), john.n.value
assert [t.value for t in john.contents["tel"]] == ["+1 555 0100", "+1 555 0142"]
assert [e.value for e in john.contents["email"]] == ["john@acme.example", "john@home.example"]
assert john.categories.value == ["conference", "mentor"]
assert john.note.value == "Line one; with, punctuation.\nLine two."
assert john.bday.value == ("1604-11-27" if version == "3" else "--1127"), john.bday.value
taro = next(c for c in cards if c.fn.value == "山田 太郎")
assert taro.n.value.given == "山田 太郎" and taro.n.value.family == "", taro.n.value
# khard wants one card per file in an address book folder.
for i, card in enumerate(text.split("BEGIN:VCARD")[1:]):
    open(f"{book}/{i}.vcf", "w", encoding="utf-8", newline="").write("BEGIN:VCARD" + card)
print(f"vobject: {len(cards)} vCard {version}.0 cards read, fields as exported")
PY
done
cat > "$work/khard.conf" <<CONF
[addressbooks]
[[v3]]
path = $work/book3
[[v4]]
path = $work/book4
[general]
editor = true
merge_editor = true
[contact table]
show_uids = yes
[vcard]
skip_unparsable = no
CONF
count=$(ls "$work/book3" | wc -l)
listed=$("$work/venv/bin/khard" -c "$work/khard.conf" list --parsable | wc -l)
[ "$listed" -eq $((2 * count)) ] || { echo "khard lists $listed of $((2 * count)) cards"; exit 1; }
shown=$("$work/venv/bin/khard" -c "$work/khard.conf" show --format yaml -a v3 "John Q. Doe")
for want in "+1 555 0142" "john@home.example" "Acme; Sons, Ltd" "Johnny"; do
  grep -qF "$want" <<<"$shown" || { echo "khard show lacks $want"; exit 1; }
done
echo "khard: all $listed cards (3.0 and 4.0) listed; phones, emails, organisation, nickname shown"
