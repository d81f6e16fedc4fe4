"""The Spark recipe of docs/scale.md (`mapInArrow` over the Arrow API) on 1M generated codici
fiscali, against a plain pass over the same data (issue 21: "Spark within 2x of a plain count").

Set up (once; `scripts/test.sh spark` does it and runs the recipe's test):
    python3 -m venv .venv-spark
    .venv-spark/bin/pip install -r benches/peers/requirements-spark.txt
    scripts/packages.sh x86_64 && .venv-spark/bin/pip install --no-deps dist/python/sportello-*manylinux_2_17_x86_64*.whl
Run (Spark uses the machine's Java, 17 or 21):
    .venv-spark/bin/python benches/peers/cf_spark.py [--rows 1000000] [--repeat 3]

The data: the column of benches/peers/cf_scale_python.py (distinct codes, 5 % wrong check letter,
0.5 % null, 1 % lower case), written as 4 Parquet files and read by Spark `local[2]`. Every pass
reads the files and ends in `count()`; the figures are wall times, the best of `--repeat` runs
after one warm-up run (the JVM's JIT, Spark's Python workers started):
- plain count: `df.count()`, Spark alone (no Python);
- JVM scan: `df.where(col("cf").isNotNull()).count()`, the strings read, no Python (`df.count()`
  reads only the Parquet files' row counts);
- identity mapInArrow: the same Arrow round trip to Python as the recipe, returning the column
  unchanged: what any `mapInArrow` costs before the function does anything;
- the recipe: docs/scale.md's `check_partition` (the code block is read from the document);
- the recipe, then `groupBy("cf_valid").count()` (what a data office counts);
- the recipe with Arrow batches of 100,000 rows (`spark.sql.execution.arrow.maxRecordsPerBatch`,
  10,000 by default);
- pandas UDFs: python-stdnum per row, and `cf.is_valid_many(series.tolist())` (the way issue 21
  found people calling the library from Spark).
"""

import argparse
import os
import pathlib
import platform
import re
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benches" / "peers"))  # noqa: E402

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from cf_scale_python import column  # noqa: E402  (the generator of the 5M-row bench)

PEERS = str(ROOT / "benches" / "peers")


def session(cores=2):
    """A local Spark session for the recipe: `local[cores]`, no UI, Python workers on this venv."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # the workers import what the driver's functions name by module (cf_scale_python.stdnum_valid)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [PEERS, os.environ.get("PYTHONPATH")]))
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("sportello-cf")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", str(cores))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def write_codes(rows, directory, files=4):
    """The generated column as `files` Parquet files under `directory`; returns it as a Python list.
    Compressed with zstd, not pyarrow's default snappy: the snappy-java 1.1.10.8 of PySpark 4 loads
    its musl build on a glibc machine where musl's loader is installed, as scripts/packages.sh
    installs it (xerial/snappy-java#692), and then cannot read a snappy file."""
    codes = column(rows).to_arrow().cast(pa.string())
    step = -(-rows // files)
    for i in range(files):
        part = pa.table({"cf": codes.slice(i * step, step)})
        pq.write_table(part, os.path.join(directory, f"part-{i}.parquet"), compression="zstd")
    return codes.to_pylist()


def recipe(df):
    """Runs docs/scale.md's Spark code block, as written, with `df` bound: its namespace
    (`check_partition`, `checked`)."""
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    section = text[text.index("## Spark (`mapInArrow`)") :]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {"df": df}
    exec(compile(block, "docs/scale.md (Spark)", "exec"), namespace)
    return namespace


def identity(batches):
    """A mapInArrow that returns each batch unchanged: the cost of the Arrow round trip alone."""
    yield from batches


def best(fn, repeat):
    fn()  # warm-up: the JIT, Python workers started
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    from cf_scale_python import stdnum_valid
    from sportello import cf

    spark = session()  # before the UDFs: their return types are parsed by the session

    def big(fn):
        """`fn()` with Arrow batches of 100,000 rows (Spark's default: 10,000)."""
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
        try:
            return fn()
        finally:
            spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")

    @pandas_udf("boolean")
    def stdnum_udf(s):
        return s.map(stdnum_valid)

    @pandas_udf("boolean")
    def list_udf(s):
        import pandas as pd

        return pd.Series(cf.is_valid_many(s.tolist()), dtype="boolean")

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        codes = write_codes(a.rows, tmp)
        gen = time.perf_counter() - t
        df = spark.read.parquet(tmp)
        checked = recipe(df)["checked"]
        passes = [
            ("plain count", "df.count()", lambda: df.count()),
            ("JVM scan", 'df.where(col("cf").isNotNull()).count()', lambda: df.where(F.col("cf").isNotNull()).count()),
            ("identity mapInArrow", "df.mapInArrow(identity).count()", lambda: df.mapInArrow(identity, "cf string").count()),
            ("recipe", "docs/scale.md check_partition, count()", lambda: checked.count()),
            (
                "recipe + groupBy",
                'checked.groupBy("cf_valid").count()',
                lambda: sorted((r[0] is None, r[0], r[1]) for r in checked.groupBy("cf_valid").count().collect()),
            ),
            ("recipe, 100k batches", "the same, maxRecordsPerBatch=100000", lambda: big(checked.count)),
            ("pandas UDF", "python-stdnum per row", lambda: df.select(stdnum_udf("cf").alias("ok")).where(F.col("ok")).count()),
            ("pandas UDF", "cf.is_valid_many(s.tolist())", lambda: df.select(list_udf("cf").alias("ok")).where(F.col("ok")).count()),
        ]
        rows = [(name, how, *best(fn, a.repeat)) for name, how, fn in passes]
        parts = df.rdd.getNumPartitions()

    valid = sum(1 for v in cf.is_valid_many(codes) if v)
    counts = dict((v, n) for _, v, n in rows[4][3])
    assert counts[True] == valid, (counts, valid)
    assert [out for name, _, _, out in rows if name == "pandas UDF"] == [valid, valid]
    assert rows[0][3] == rows[2][3] == rows[3][3] == rows[5][3] == len(codes) and rows[1][3] == len(codes) - counts[None]

    import pyspark

    print(f"Python {platform.python_version()}, PySpark {pyspark.__version__} local[2], Java {spark.sparkContext._jvm.System.getProperty('java.version')}, pyarrow {pa.__version__}")
    print(f"{len(codes):,} rows in {parts} partitions ({counts[None]:,} null, {counts[True]:,} valid, {counts[False]:,} invalid); generated in {gen:.1f} s")
    print(f"wall time, best of {a.repeat} after a warm-up; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    plain = rows[0][2]
    identity_s = rows[2][2]
    print(f"{'pass':22} {'what':42} {'wall':>8} {'rows/s':>12} {'vs count':>9} {'vs identity':>12}")
    for name, how, s, _ in rows:
        print(f"{name:22} {how:42} {s:7.2f}s {len(codes) / s:12,.0f} {s / plain:8.1f}x {s / identity_s:11.2f}x")
    spark.stop()


if __name__ == "__main__":
    main()
