#!/usr/bin/env bash
# Browser check of the HTML outputs (`baozhi inspect`, `convert --report`): renders them in
# headless Chromium, then checks the DOM the browser built against the tables of the same
# run (.ci/check_inspect.py). Needs the release build. Installs Debian's chromium if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./target/release/baozhi

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One throw-away profile per call; nothing fetched, nothing synced.
chrome() {
  local profile
  profile=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>/dev/null
  rm -rf "$profile"
}

for page in seeds/000_aac00d1867b0bacf.txt tests/fixtures/inspect/hostile.txt tests/fixtures/inspect/repaired.txt; do
  name=$(basename "$page" .txt)
  "$bin" convert "$page" -o "$tmp/$name" --format jsonl --quiet
  "$bin" inspect "$page" -o "$tmp/$name.html" 2>/dev/null
  chrome --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom.html"
  chrome --window-size=1400,1000 --screenshot="$tmp/$name.png" "file://$tmp/$name.html" >/dev/null
  test -s "$tmp/$name.png" || { echo "no screenshot of $name"; exit 1; }
  python3 .ci/check_inspect.py page "$tmp/$name.dom.html" "$tmp/$name" "$page"
done

# The report of a 200-file run, with its inspect pages.
python3 bench/make_corpus.py "$tmp/corpus" 6 seeds tests/fixtures/pages >/dev/null
find "$tmp/corpus" -name '*.txt' | sort | tail -n +201 | xargs -r rm
files=$(find "$tmp/corpus" -name '*.txt' | wc -l)
test "$files" -eq 200 || { echo "corpus has $files files, expected 200"; exit 1; }
"$bin" convert "$tmp/corpus" -o "$tmp/run" --format jsonl --quiet --report --inspect-pages
chrome --dump-dom "file://$tmp/run/report.html" >"$tmp/report.dom.html"
chrome --window-size=1400,1000 --screenshot="$tmp/report.png" "file://$tmp/run/report.html" >/dev/null
test -s "$tmp/report.png" || { echo "no screenshot of the report"; exit 1; }
python3 .ci/check_inspect.py report "$tmp/report.dom.html" "$tmp/run" "$files"
