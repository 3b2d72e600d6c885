"""Loads every Parquet table of an output folder in DuckDB, pyarrow, polars and pandas and
checks column names, types and rows against the schemas and the JSON Lines tables."""
import json
import math
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

out, schemas = Path(sys.argv[1]), Path(sys.argv[2])

ARROW = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "list<string>": pa.list_(pa.string()),
    "date": pa.date32(),
}
DUCK = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE",
        "list<string>": "VARCHAR[]", "date": "DATE"}
POLARS = {"string": pl.String, "int32": pl.Int32, "int64": pl.Int64, "float64": pl.Float64,
          "list<string>": pl.List(pl.String), "date": pl.Date}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=0, abs_tol=0)
    return a == b


for path in sorted(schemas.glob("*.schema.json")):
    schema = json.loads(path.read_text(encoding="utf-8"))
    table = schema["name"]
    names = [f["name"] for f in schema["fields"]]
    types = [f["type"] for f in schema["fields"]]
    rows = [json.loads(l) for l in (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]
    pq_path = out / f"{table}.parquet"

    # pyarrow: exact Arrow types and values equal to the JSON Lines rows.
    t = pq.read_table(pq_path)
    check(t.schema.names == names, f"{table}: pyarrow columns {t.schema.names} != {names}")
    for name, ty in zip(names, types):
        got = t.schema.field(name).type
        if ty == "list<string>":
            # Item field name and nullability are Parquet details; the value type is the contract.
            ok = pa.types.is_list(got) and got.value_type == pa.string()
        else:
            ok = got == ARROW[ty]
        check(ok, f"{table}.{name}: pyarrow type {got} != {ARROW[ty]}")
    check(t.num_rows == len(rows), f"{table}: pyarrow rows {t.num_rows} != jsonl {len(rows)}")
    for i, (pr, jr) in enumerate(zip(t.to_pylist(), rows)):
        for name, ty in zip(names, types):
            pv, jv = pr[name], jr[name]
            if ty == "date" and pv is not None:
                pv = pv.isoformat()
            if not same(pv, jv):
                failures.append(f"{table} row {i} {name}: parquet {pv!r} != jsonl {jv!r}")
                break
    md = pq.ParquetFile(pq_path).metadata
    for rg in range(md.num_row_groups):
        for c in range(md.num_columns):
            col = md.row_group(rg).column(c)
            check(col.compression == "ZSTD", f"{table}: column {col.path_in_schema} is {col.compression}, not ZSTD")

    # DuckDB
    con = duckdb.connect()
    desc = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{pq_path}')").fetchall()
    check([d[0] for d in desc] == names, f"{table}: duckdb columns differ")
    for d, ty in zip(desc, types):
        check(d[1] == DUCK[ty], f"{table}.{d[0]}: duckdb type {d[1]} != {DUCK[ty]}")
    n = con.execute(f"SELECT count(*) FROM read_parquet('{pq_path}')").fetchone()[0]
    check(n == len(rows), f"{table}: duckdb rows {n} != {len(rows)}")

    # polars
    df = pl.read_parquet(pq_path)
    check(df.columns == names, f"{table}: polars columns differ")
    for name, ty in zip(names, types):
        check(df.schema[name] == POLARS[ty], f"{table}.{name}: polars type {df.schema[name]} != {POLARS[ty]}")
    check(df.height == len(rows), f"{table}: polars rows {df.height} != {len(rows)}")

    # pandas
    pdf = pd.read_parquet(pq_path)
    check(list(pdf.columns) == names, f"{table}: pandas columns differ")
    check(len(pdf) == len(rows), f"{table}: pandas rows {len(pdf)} != {len(rows)}")
    print(f"{table}: {len(rows)} rows, {len(names)} columns: pyarrow, duckdb, polars, pandas agree")

# Offsets: DuckDB substr(text, start + 1, end - start) == surface for article spans.
con = duckdb.connect()
for table in ("numbers", "entities"):
    bad = con.execute(f"""
        SELECT count(*) FROM read_parquet('{out}/{table}.parquet') t
        JOIN read_parquet('{out}/articles.parquet') a USING (article_id)
        WHERE substr(CASE t.field WHEN 'text' THEN a.text WHEN 'headline' THEN a.headline
                     WHEN 'kicker' THEN a.kicker WHEN 'subheadline' THEN a.subheadline
                     WHEN 'byline' THEN a.byline WHEN 'dateline' THEN a.dateline END,
                     t.start + 1, t."end" - t.start) IS DISTINCT FROM t.surface
    """).fetchone()[0]
    check(bad == 0, f"{table}: {bad} rows whose offsets do not index their field in DuckDB")

# Dates and currency (contract 1.1.0): date_start/date_end are real dates in every reader, so
# filters need no CAST; currency is ISO 4217 on MONEY rows only.
import datetime

import pyarrow.compute as pc

nums = [json.loads(l) for l in (out / "numbers.jsonl").read_text(encoding="utf-8").splitlines()]
npq = f"{out}/numbers.parquet"
for r in nums:
    if r["kind"] != "DATE":
        check(r["date"] is None and r["date_start"] is None and r["date_end"] is None,
              f"numbers {r['number_id']}: a {r['kind']} row with a date")
    if (r["date_start"] is None) != (r["date_end"] is None):
        check(False, f"numbers {r['number_id']}: date_start and date_end not both set")
    if r["date_start"] is not None:
        check(r["date_start"] <= r["date_end"], f"numbers {r['number_id']}: date_start after date_end")
    if r["kind"] != "MONEY":
        check(r["currency"] is None, f"numbers {r['number_id']}: currency on a {r['kind']} row")
    elif r["currency"] is not None:
        check(len(r["currency"]) == 3 and r["currency"].isupper(), f"numbers {r['number_id']}: currency {r['currency']!r}")
for day in ("2022-01-01", "2023-01-01"):
    want = sum(1 for r in nums if r["date_start"] is not None and r["date_start"] >= day)
    con = duckdb.connect()
    got_duck = con.execute(f"SELECT count(*) FROM read_parquet('{npq}') WHERE date_start >= DATE '{day}'").fetchone()[0]
    got_duck_str = con.execute(f"SELECT count(*) FROM read_parquet('{npq}') WHERE date_start >= '{day}'").fetchone()[0]
    d = datetime.date.fromisoformat(day)
    t = pq.read_table(npq)
    got_arrow = t.filter(pc.greater_equal(t["date_start"], pa.scalar(d, pa.date32()))).num_rows
    got_polars = pl.read_parquet(npq).filter(pl.col("date_start") >= d).height
    check(got_duck == got_duck_str == got_arrow == got_polars == want,
          f"date_start >= {day}: duckdb {got_duck} / {got_duck_str}, pyarrow {got_arrow}, polars {got_polars}, jsonl {want}")
want_cny = sum(1 for r in nums if r["currency"] == "CNY")
got_cny = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{npq}') WHERE kind = 'MONEY' AND currency = 'CNY'").fetchone()[0]
check(got_cny == want_cny, f"currency = 'CNY': duckdb {got_cny}, jsonl {want_cny}")
check(want_cny > 0 or not any(r["kind"] == "MONEY" for r in nums), "no CNY row although there is money")
for r in (json.loads(l) for l in (out / "issues.jsonl").read_text(encoding="utf-8").splitlines()):
    check(r["date_source"] in (None, "manifest", "option", "path", "page"), f"issues {r['issue_id']}: date_source {r['date_source']!r}")
    check((r["date"] is None) == (r["date_source"] is None), f"issues {r['issue_id']}: date and date_source disagree")
print("dates and currency: CAST-free date filters agree in duckdb, pyarrow, polars")

if failures:
    print("\n".join(failures[:50]), file=sys.stderr)
    sys.exit(1)
print("parquet checks: ok")
