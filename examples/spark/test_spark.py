"""Checks that the Spark job's findings equal a direct hedgelint run on the same records.

    python examples/spark/test_spark.py --hedgelint target/release/hedgelint CORPUS_DIR

CORPUS_DIR holds .txt articles; each becomes a record (id: the file name). The job runs in
local mode on two cores, reading the records as JSONL and, again, as Parquet.
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lint_archive  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402


def key(record, f):
    return (str(record), f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["matched"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hedgelint", required=True)
    p.add_argument("corpus")
    a = p.parse_args()
    binary = os.path.abspath(a.hedgelint)
    paths = sorted(glob.glob(os.path.join(a.corpus, "*.txt")))
    if not paths:
        sys.exit(f"no .txt articles in {a.corpus}")
    tmp = tempfile.mkdtemp(prefix="hedgelint-spark-")
    records = os.path.join(tmp, "archive.jsonl")
    with open(records, "w", encoding="utf-8") as out:
        for path in paths:
            text = open(path, encoding="utf-8").read()
            out.write(json.dumps({"id": os.path.basename(path), "text": text}) + "\n")

    direct = subprocess.run(
        [binary, "check", "--input-format", "jsonl", "--format", "jsonl", "--isolated",
         "--fail-on", "never", records],
        capture_output=True, text=True, check=True,
    )
    expected = collections.Counter(
        key(f["record"], f) for f in map(json.loads, direct.stdout.splitlines())
    )

    spark = SparkSession.builder.master("local[2]").appName("hedgelint-test").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        parquet_in = os.path.join(tmp, "archive.parquet")
        spark.read.json(records).write.parquet(parquet_in)
        for fmt, source in (("jsonl", records), ("parquet", parquet_in)):
            out = os.path.join(tmp, f"findings-{fmt}")
            args = lint_archive.parse_args(
                ["--input", source, "--input-format", fmt, "--output", out,
                 "--hedgelint", binary, "--partitions", "4"]
            )
            t0 = time.perf_counter()
            lint_archive.lint(spark, args).write.mode("overwrite").parquet(out)
            took = time.perf_counter() - t0
            rows = spark.read.parquet(out).collect()
            got = collections.Counter(
                key(r.record_id, r.asDict()) for r in rows
            )
            if got != expected:
                missing = expected - got
                extra = got - expected
                sys.exit(f"{fmt}: the Spark job's findings differ from a direct run: "
                         f"{sum(missing.values())} missing, {sum(extra.values())} extra; "
                         f"e.g. {list(missing)[:3]} {list(extra)[:3]}")
            print(f"{fmt}: {len(rows)} findings in {len(paths)} records, equal to a direct run "
                  f"({took:.1f} s in local[2])")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
