#!/usr/bin/env bash
# Take the README's screenshots of the goal page (light and dark) with headless
# Chromium: scripts/screenshot.sh [OUT_DIR]   (default docs/)
# Needs Debian's chromium (apt-get install chromium); installs it when missing.
#    or: scripts/screenshot.sh measure WIDTH PAGE.html   prints, as JSON, how PAGE lays out in
#        a WIDTH px wide window: the page's scroll width and the chart labels' font sizes
#        (the goal page test uses it; it does not install chromium, and says so when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = measure ]; then
  command -v chromium >/dev/null || { echo "chromium not installed (apt-get install chromium)" >&2; exit 3; }
  width=$2 page=$3
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The page has no script of its own: a copy gets one that measures it and posts the result
  # to a wrapper holding it in an iframe exactly WIDTH px wide (a headless window has a
  # minimum width; an iframe does not), and the wrapper writes it into its DOM.
  sed 's|</body>|<script>parent.postMessage(JSON.stringify({width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, labelPx: [...document.querySelectorAll(".chart-box .lbl")].map(e => parseFloat(getComputedStyle(e).fontSize)), svgText: document.querySelectorAll("svg text").length}), "*")</script></body>|' "$page" >"$work/page.html"
  cat >"$work/wrap.html" <<HTML
<!doctype html><html><body style="margin:0"><pre id="out"></pre>
<script>addEventListener("message", e => { document.getElementById("out").textContent = e.data; });</script>
<iframe src="page.html" style="width:${width}px;height:900px;border:0"></iframe></body></html>
HTML
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
    --allow-file-access-from-files --virtual-time-budget=5000 --window-size=1200,1000 \
    --dump-dom "file://$work/wrap.html" 2>/dev/null \
    | sed -n 's|.*<pre id="out">\(.*\)</pre>.*|\1|p' | sed 's/&quot;/"/g'
  exit 0
fi
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
