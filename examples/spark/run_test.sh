#!/usr/bin/env bash
# Runs the Spark example on the corpus and checks its findings equal a direct run.
#
#   examples/spark/run_test.sh [CORPUS_DIR]
#
# Needs Java 17 and Python 3; installs pyspark into target/spark-venv the first time (about
# 320 MB from PyPI). CORPUS_DIR defaults to ../shared/corpus/wikinews beside the repository
# (the project's development corpus).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus/wikinews}"
[ -d "$CORPUS" ] || { echo "run_test.sh: no corpus at $CORPUS" >&2; exit 2; }
command -v java >/dev/null || { echo "run_test.sh: Java (17) is needed for Spark" >&2; exit 2; }
VENV="$ROOT/target/spark-venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'pyspark>=3.5,<4'
fi
(cd "$ROOT" && cargo build --release --quiet)
"$VENV/bin/python" "$ROOT/examples/spark/test_spark.py" \
    --hedgelint "$ROOT/target/release/hedgelint" "$CORPUS"
