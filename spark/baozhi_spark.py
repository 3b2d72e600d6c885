"""Converts newspaper issue files with baozhi on a Spark cluster.

Reads the input files with the binaryFile source (a local folder, HDFS or S3), runs the
`baozhi` binary on each file's bytes on the executors (`mapInArrow`: bytes on stdin, the
rows of all four tables as tagged JSON Lines on stdout), and writes the issues, articles,
numbers and entities tables as Parquet partitioned by year (OUT/articles/year=2022/...).

    spark-submit --master yarn --files /path/to/baozhi \\
        spark/baozhi_spark.py s3a://bucket/archive s3a://bucket/tables

issue_id and source are derived as `baozhi convert ROOT` derives them: the path relative to
ROOT, without `.txt`. A file that baozhi cannot convert is data (an issues row with
status = error); a converter that exits non-zero or crashes fails the task, naming the file.
"""
import argparse
import json
import os
import stat
import shutil
import subprocess
import tempfile

import pyarrow as pa
from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession, functions as F, types as T

SPARK_TYPES = {
    "string": T.StringType(),
    "int32": T.IntegerType(),
    "int64": T.LongType(),
    "float64": T.DoubleType(),
    "list<string>": T.ArrayType(T.StringType(), containsNull=False),
    "date": T.DateType(),
}

ROWS = pa.schema([("table", pa.string()), ("year", pa.int32()), ("row", pa.string())])


def struct(schema):
    """A table schema of `baozhi schema` as a Spark struct."""
    return T.StructType(
        [T.StructField(f["name"], SPARK_TYPES[f["type"]], f["nullable"]) for f in schema["fields"]]
    )


def binary_path():
    """The baozhi binary shipped with --files, made executable on this executor."""
    path = SparkFiles.get("baozhi")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run_baozhi(binary, folder):
    """`baozhi convert FOLDER --stdout`: (exit status, stdout, stderr)."""
    proc = subprocess.run(
        [binary, "convert", folder, "--stdout", "--quiet", "--jobs", "1"], capture_output=True
    )
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace").strip()


def converter(root):
    """The mapInArrow function: (path, content) batches in, tagged rows out. The files of a
    batch are laid out under a temporary folder at their paths relative to ROOT and
    converted by one baozhi process (issue_id and source are then as `baozhi convert ROOT`
    gives them); when it fails, each file is converted alone to name the one that fails."""

    def convert(batches):
        binary = binary_path()
        for batch in batches:
            paths = batch.column("path").to_pylist()
            contents = batch.column("content").to_pylist()
            with tempfile.TemporaryDirectory(prefix="baozhi-") as tmp:
                for path, content in zip(paths, contents):
                    rel = path[len(root):].lstrip("/") if path.startswith(root) else path
                    rel = "/".join(p for p in rel.split("/") if p not in ("", ".", ".."))
                    dest = os.path.join(tmp, "in", rel)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    with open(dest, "wb") as f:
                        f.write(content or b"")
                status, out, err = run_baozhi(binary, os.path.join(tmp, "in"))
                if status != 0:
                    for path, content in zip(paths, contents):
                        one = os.path.join(tmp, "one")
                        shutil.rmtree(one, ignore_errors=True)
                        os.makedirs(one)
                        with open(os.path.join(one, "x.txt"), "wb") as f:
                            f.write(content or b"")
                        s, _, e = run_baozhi(binary, one)
                        if s != 0:
                            raise RuntimeError(f"baozhi failed on {path}: exit status {s}: {e[-2000:]}")
                    raise RuntimeError(
                        f"baozhi failed on the batch of {paths[0]} and {len(paths) - 1} more: "
                        f"exit status {status}: {err[-2000:]}"
                    )
            tables, years, rows = [], [], []
            for line in out.decode("utf-8").splitlines():
                tagged = json.loads(line)
                tables.append(tagged["table"])
                years.append(tagged["year"])
                rows.append(json.dumps(tagged["row"], ensure_ascii=False))
            yield pa.RecordBatch.from_arrays(
                [pa.array(tables, pa.string()), pa.array(years, pa.int32()),
                 pa.array(rows, pa.string())],
                schema=ROWS,
            )

    return convert


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="folder of *.txt issue files (searched recursively)")
    ap.add_argument("output", help="output folder: OUT/TABLE/year=YYYY/*.parquet")
    ap.add_argument("--files-per-batch", type=int, default=64,
                    help="issue files converted by one baozhi process")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("baozhi").getOrCreate()
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.files_per_batch))
    jvm = spark._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(args.input)
    fs = hpath.getFileSystem(spark._jsc.hadoopConfiguration())
    root = fs.makeQualified(hpath).toString().rstrip("/")

    # The schemas come from the binary itself, so they are the ones it writes.
    local = SparkFiles.get("baozhi")
    os.chmod(local, os.stat(local).st_mode | stat.S_IXUSR)
    schemas = {s["name"]: s for s in json.loads(subprocess.check_output([local, "schema"]))}

    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", "*.txt")
        .option("recursiveFileLookup", "true")
        .load(args.input)
        .select("path", "content")
    )
    rows = files.mapInArrow(converter(root), "table string, year int, row string").persist(StorageLevel.MEMORY_AND_DISK)
    for name, schema in schemas.items():
        parsed = rows.filter(F.col("table") == name).select(
            F.from_json("row", struct(schema), {"mode": "FAILFAST"}).alias("r"),
            F.col("year").alias("_year"),
        )
        cols = [F.col(f"r.{f['name']}") for f in schema["fields"]]
        if not any(f["name"] == "year" for f in schema["fields"]):
            cols.append(F.col("_year").alias("year"))
        (parsed.select(*cols).write.mode("overwrite").partitionBy("year")
         .parquet(f"{args.output.rstrip('/')}/{name}"))
    spark.stop()


if __name__ == "__main__":
    main()
