#!/usr/bin/env bash
# The Spark test (issue 14): runs spark/baozhi_spark.py in local[2] over a generated corpus
# of 240 issues in three years (GBK, UTF-16 and a bad file among them) and checks that its
# tables hold exactly the rows of `baozhi convert`, that Spark reads baozhi's own
# --partition-by year output, and that DuckDB, pyarrow and polars prune its partitions.
# Needs target/release/baozhi. The venv is cached between runs (BAOZHI_SPARK_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${BAOZHI_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/baozhi-spark-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  'pyspark==4.3.0' 'pyarrow>=18' 'pandas>=2.3,<2.4' 'duckdb>=1.0' 'polars>=1.0'
if ! command -v java >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
fi
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=./target/release/baozhi
python3 bench/make_corpus.py --issues 240 "$tmp/corpus"

# The bad file makes both exit 1 (its issues row has status = error): expected.
t0=$(date +%s%N)
"$bin" convert "$tmp/corpus" -o "$tmp/ref" --format parquet --quiet --jobs 2 || test $? -eq 1
t1=$(date +%s%N)
"$bin" convert "$tmp/corpus" -o "$tmp/part" --format parquet --partition-by year --quiet || test $? -eq 1
"$bin" schema > "$tmp/schemas.json"

t2=$(date +%s%N)
"$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
  --driver-java-options '-Dlog4j2.level=warn' \
  --files "$bin" spark/baozhi_spark.py "$tmp/corpus" "$tmp/spark" 2> "$tmp/spark.log" \
  || { tail -50 "$tmp/spark.log"; exit 1; }
t3=$(date +%s%N)
echo "single process (--jobs 2): $(( (t1 - t0) / 1000000 )) ms; Spark local[2] (with JVM start): $(( (t3 - t2) / 1000000 )) ms"

"$venv/bin/python" spark/check_spark.py "$tmp/schemas.json" "$tmp/ref" "$tmp/spark" "$tmp/part" 2> "$tmp/check.log" \
  || { tail -30 "$tmp/check.log"; exit 1; }

# A converter that fails must fail the job, naming the file.
mkdir -p "$tmp/failbin" && printf '#!/bin/sh\nif [ "$1" = schema ]; then exec %s schema; fi\nexit 3\n' "$(realpath "$bin")" > "$tmp/failbin/baozhi"
chmod +x "$tmp/failbin/baozhi"
mkdir -p "$tmp/one" && cp "$tmp/corpus/2020/01/01/p000.txt" "$tmp/one/"
if "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    --files "$tmp/failbin/baozhi" spark/baozhi_spark.py "$tmp/one" "$tmp/spark-fail" > "$tmp/fail.log" 2>&1; then
  echo "the Spark job succeeded although the converter failed"; exit 1
fi
grep -q "baozhi failed on file:.*p000.txt: exit status 3" "$tmp/fail.log" \
  || { tail -30 "$tmp/fail.log"; echo "the failure does not name the file"; exit 1; }
echo "a failing converter fails the job with the file's path: ok"
