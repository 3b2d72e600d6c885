#!/usr/bin/env bash
# The shipped entity model on the seeded dev split of ../shared/data/ner-train (5 % of each
# file, held out by `baozhi train-entities --seed 13 --dev-fraction 0.05`, never trained on).
# Fails when micro F1 falls under the floors, set a little under the figures in data/README.md.
# Skipped when the data is not there (it is never copied into the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${NER_TRAIN:-../shared/data/ner-train}
if [ ! -d "$data" ]; then
  echo "entities eval: $data not found, skipped"
  exit 0
fi
check() { # file floor
  local out f1
  out=$(./target/release/baozhi eval-entities builtin "$data/$1/train.jsonl" --dev-only --seed 13 --dev-fraction 0.05)
  echo "$1:"
  echo "$out"
  f1=$(echo "$out" | awk '$1 == "ALL" { print $4 }')
  if awk -v f="$f1" -v m="$2" 'BEGIN { exit !(f < m) }'; then
    echo "entities eval: $1 dev F1 $f1 is under the floor $2" >&2
    exit 1
  fi
}
check msra-ner 0.91
check cluener2020 0.73
