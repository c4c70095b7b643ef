"""Lint a news archive (JSONL or Parquet) with hedgelint on Spark; write the findings as Parquet.

Each partition is piped through `hedgelint check --input-format jsonl --format jsonl -`: the
binary reads one JSON record per line on standard input and writes one finding per line, so
the job needs nothing but the binary on every executor.

    spark-submit examples/spark/lint_archive.py --input archive.jsonl --output findings/ \
        --hedgelint target/release/hedgelint

Run `python examples/spark/lint_archive.py --help` for the options.
"""

import argparse
import shlex

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The fields of hedgelint's JSON finding object that the findings table keeps (docs/output.md).
FINDING = T.StructType(
    [
        T.StructField("path", T.StringType()),
        # The record id as JSON text would lose nothing, but the id column is read as a
        # string: Spark's JSON reader gives a number's digits or a string's contents.
        T.StructField("record", T.StringType()),
        T.StructField("rule", T.StringType()),
        T.StructField("level", T.StringType()),
        T.StructField("message", T.StringType()),
        T.StructField("line", T.LongType()),
        T.StructField("column", T.LongType()),
        T.StructField("end_line", T.LongType()),
        T.StructField("end_column", T.LongType()),
        T.StructField("byte_start", T.LongType()),
        T.StructField("byte_end", T.LongType()),
        T.StructField("matched", T.StringType()),
    ]
)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--input", required=True, help="a JSONL file or folder, or Parquet")
    p.add_argument("--input-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--output", required=True, help="the findings table (a Parquet folder)")
    p.add_argument("--text-field", default="text", help="column with the text (a.b for nested)")
    p.add_argument("--id-field", default="id", help="column with the record id")
    p.add_argument(
        "--hedgelint",
        default="hedgelint",
        help="the binary: a path on every executor, or ./hedgelint when shipped with --files",
    )
    p.add_argument("--hedgelint-args", default="", help="more check flags, e.g. '--select Attribution'")
    p.add_argument("--master", default=None, help="e.g. local[2]; default: spark-submit's")
    p.add_argument("--partitions", type=int, default=0, help="repartition the input first")
    return p.parse_args(argv)


def lint(spark, args):
    """The findings DataFrame for the archive `args` names."""
    reader = spark.read
    records = reader.parquet(args.input) if args.input_format == "parquet" else reader.json(args.input)
    if args.partitions:
        records = records.repartition(args.partitions)
    # One JSON object per record with just the two fields hedgelint reads; to_json keeps the
    # id's type (a number stays a number) and escapes the text's line breaks.
    lines = records.select(
        F.to_json(
            F.struct(
                F.col(args.id_field).alias("id"),
                F.col(args.text_field).alias("text"),
            )
        ).alias("line")
    ).rdd.map(lambda row: row.line)
    command = [
        args.hedgelint,
        "check",
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
        "--quiet",
        "--fail-on",
        "never",
        "--isolated",
        "--stdin-filename",
        "partition",
        *shlex.split(args.hedgelint_args),
        "-",
    ]
    # A bad record is reported on the executor's standard error and the others are linted;
    # the exit code (2) is not checked, as a lost record must not fail the whole job.
    findings = lines.pipe(shlex.join(command))
    table = spark.read.schema(FINDING).json(findings)
    return table.select(
        F.col("record").alias("record_id"),
        "rule",
        "level",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "matched",
        "message",
    )


def main(argv=None):
    args = parse_args(argv)
    builder = SparkSession.builder.appName("hedgelint")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        lint(spark, args).write.mode("overwrite").parquet(args.output)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
