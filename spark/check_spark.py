"""Checks of the Spark test (.ci/spark.sh):

1. Spark's tables (SPARK_OUT, written by baozhi_spark.py) hold exactly the rows of
   `baozhi convert` on the same files (REF, flat Parquet): sorted rows of every table.
2. Spark reads baozhi's own `--partition-by year` output (PART) with an explicit schema,
   gets the same rows, and prunes partitions on a year filter.
3. DuckDB, pyarrow and polars read PART with hive partitioning and prune on year.

    check_spark.py SCHEMAS_JSON REF SPARK_OUT PART
"""
import json
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from pyspark.sql import SparkSession, types as T

schemas_file, ref, spark_out, part = (Path(a) for a in sys.argv[1:5])
SCHEMAS = {s["name"]: s for s in json.loads(schemas_file.read_text())}
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def norm(v):
    if isinstance(v, list):
        return tuple(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def rows_of(table, names):
    cols = [table.column(n).to_pylist() for n in names]
    return sorted((tuple(norm(v) for v in r) for r in zip(*cols)), key=repr)


def compare(what, got, want):
    check(len(got) == len(want), f"{what}: {len(got)} rows, baozhi convert has {len(want)}")
    for g, w in zip(got, want):
        if g != w:
            check(False, f"{what}: first differing row:\n  got  {g}\n  want {w}")
            break


ref_rows = {}
for name, schema in SCHEMAS.items():
    names = [f["name"] for f in schema["fields"]]
    want_table = pq.read_table(ref / f"{name}.parquet")
    ref_rows[name] = want_table
    want = rows_of(want_table, names)
    got_table = ds.dataset(spark_out / name, format="parquet", partitioning="hive").to_table()
    # Spark adds the year to every table as the partition column.
    compare(f"spark {name}", rows_of(got_table, names), want)
    print(f"spark {name}: {got_table.num_rows} rows")

# Years with issues, for the pruning checks.
years = sorted({y for y in ref_rows["issues"].column("year").to_pylist() if y is not None})
check(len(years) >= 3, f"the corpus spans {len(years)} years, not three")
year = years[1]
ids_of_year = {
    i for i, y in zip(ref_rows["issues"].column("issue_id").to_pylist(),
                      ref_rows["issues"].column("year").to_pylist()) if y == year
}

SPARK_TYPES = {
    "string": T.StringType(), "int32": T.IntegerType(), "int64": T.LongType(),
    "float64": T.DoubleType(), "list<string>": T.ArrayType(T.StringType(), False),
    "date": T.DateType(),
}
spark = (SparkSession.builder.master("local[2]").appName("baozhi-check")
         .config("spark.ui.enabled", "false").getOrCreate())
for name, schema in SCHEMAS.items():
    fields = [T.StructField(f["name"], SPARK_TYPES[f["type"]], True)
              for f in schema["fields"] if f["name"] != "year"]
    fields.append(T.StructField("year", T.IntegerType(), True))
    df = spark.read.schema(T.StructType(fields)).parquet(str(part / name))
    names = [f["name"] for f in schema["fields"]]
    got = sorted((tuple(norm(r[n]) for n in names) for r in df.collect()), key=repr)
    compare(f"spark reading baozhi's {name} partitions", got,
            rows_of(ref_rows[name], names))
    pruned = df.filter(df.year == year)
    plan = pruned._jdf.queryExecution().executedPlan().toString()
    check("PartitionFilters: [isnotnull(year" in plan,
          f"spark {name}: no partition filter on year in the plan:\n{plan}")
    want_n = sum(1 for i in ref_rows[name].column("issue_id").to_pylist() if i in ids_of_year)
    check(pruned.count() == want_n, f"spark {name} year={year}: {pruned.count()} rows, want {want_n}")
spark.stop()

for name in SCHEMAS:
    want_n = sum(1 for i in ref_rows[name].column("issue_id").to_pylist() if i in ids_of_year)
    dataset = ds.dataset(part / name, format="parquet", partitioning="hive")
    fragments = list(dataset.get_fragments(filter=ds.field("year") == year))
    check(all(f"year={year}" in f.path for f in fragments) and fragments,
          f"pyarrow {name}: fragments of other years read: {[f.path for f in fragments]}")
    n = dataset.to_table(filter=ds.field("year") == year).num_rows
    check(n == want_n, f"pyarrow {name} year={year}: {n} rows, want {want_n}")
    glob = str(part / name / "**" / "*.parquet")
    n = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true) WHERE year = {year}"
    ).fetchall()[0][0]
    check(n == want_n, f"duckdb {name} year={year}: {n} rows, want {want_n}")
    plan = duckdb.sql(
        f"EXPLAIN SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true) WHERE year = {year}"
    ).fetchall()
    text = "\n".join(str(p) for p in plan)
    check("Total Files Read: 1" in text or f"year={year}" in text or "File Filters" in text,
          f"duckdb {name}: no sign of partition pruning in the plan:\n{text}")
    n = (pl.scan_parquet(glob, hive_partitioning=True).filter(pl.col("year") == year)
         .select(pl.len()).collect().item())
    check(n == want_n, f"polars {name} year={year}: {n} rows, want {want_n}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print(f"all checks passed (pruned on year={year})")
