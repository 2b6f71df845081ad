#!/usr/bin/env bash
# Take the README's screenshots of the goal page (light and dark) with headless
# Chromium: scripts/screenshot.sh [OUT_DIR]   (default docs/)
# Needs Debian's chromium (apt-get install chromium); installs it when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet -- --vault example-vault --today 2026-11-23 report --out "$work/kith" >/dev/null
mkdir -p "$out"
shoot() { # file, width, height, extra flags
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size="$2,$3" $4 \
    --screenshot="$1" "file://$work/kith/goals.html" >/dev/null 2>&1
}
shoot "$out/goals-light.png" 820 1500 ""
shoot "$out/goals-dark-phone.png" 390 1400 "--force-dark-mode --blink-settings=preferredColorScheme=0"
echo "wrote $out/goals-light.png and $out/goals-dark-phone.png"
