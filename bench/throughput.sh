#!/usr/bin/env bash
# Throughput of `baozhi convert` on a generated archive-shaped corpus, against `cat` as the
# floor: MB/s and peak RSS (GNU time) for --jobs 1 and --jobs 2, all three formats, and a
# check that both outputs are byte-identical.
#
#     bench/throughput.sh [SIZE_MB] [ROUNDS]
#
# SIZE_MB defaults to 200 (the corpus is cached in target/bench-corpus-SIZE). On a shared
# machine whose speed drifts, ROUNDS > 1 (default 1) runs --jobs 1 and --jobs 2 in turn that
# many times and adds the median of each and of the pairwise speed-up.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
rounds=${2:-1}
corpus="target/bench-corpus-$size"
cargo build --release --quiet
if [ ! -d "$corpus" ]; then
  python3 bench/make_corpus.py "$corpus" "$size" seeds tests/fixtures/pages >&2
fi
bytes=$(find "$corpus" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
files=$(find "$corpus" -name '*.txt' | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "corpus: $files files, $mb MB ($corpus)"

walls=$(mktemp)
measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  printf '%-28s %8.2f s %9.1f MB/s %7s MB peak RSS\n' "$label" "$wall" "$(awk -v b="$bytes" -v w="$wall" 'BEGIN { print b / 1e6 / (w > 0 ? w : 1e-9) }')" "$rss"
  echo "$label $wall" >>"$walls"
  rm -f "$log"
}

out=$(mktemp -d)
trap 'rm -rf "$out" "$walls"' EXIT
find "$corpus" -name '*.txt' -print0 | xargs -0 cat >/dev/null # warm the page cache
measure "cat (floor)" sh -c "find '$corpus' -name '*.txt' -print0 | xargs -0 cat > /dev/null"
for round in $(seq "$rounds"); do
  rm -rf "$out/j1" "$out/j2"
  measure "convert --jobs 1" ./target/release/baozhi convert "$corpus" -o "$out/j1" --jobs 1 --quiet
  measure "convert --jobs 2" ./target/release/baozhi convert "$corpus" -o "$out/j2" --jobs 2 --quiet
  for f in issues articles numbers entities; do
    for ext in csv jsonl parquet; do
      cmp -s "$out/j1/$f.$ext" "$out/j2/$f.$ext" || { echo "DIFFER: $f.$ext for --jobs 1 and 2"; exit 1; }
    done
  done
done
echo "outputs of --jobs 1 and --jobs 2: identical"
if [ "$rounds" -gt 1 ]; then
  awk -v b="$bytes" -v cat_label="cat" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $1 == "cat" { floor = $3 }
    $3 == "1" { one[++n1] = $4 }
    $3 == "2" { two[++n2] = $4; ratio[n2] = one[n2] / $4 }
    END {
      m1 = median(one, n1); m2 = median(two, n2)
      printf "median of %d rounds: --jobs 1 %.2f s (%.1f MB/s), --jobs 2 %.2f s (%.1f MB/s), speed-up %.2fx, --jobs 2 is %.0fx the cat floor\n", n1, m1, b / 1e6 / m1, m2, b / 1e6 / m2, median(ratio, n2), m2 / floor
    }' "$walls"
fi
