"""docs/scale.md's Spark recipe under a real PySpark, local[2], on 1M generated codes (issue 21).

Run by the optional stage `scripts/test.sh spark`, in .venv-spark (PySpark, the machine's Java and
the project's wheel); not part of the default stages.
"""

import datetime as dt
import pathlib
import random
import sys

import pyarrow as pa
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benches" / "peers"))

import sportello  # noqa: E402
from cf_spark import recipe, session, write_codes  # noqa: E402
from sportello import cf  # noqa: E402

ROWS = 1_000_000
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def spark():
    s = session(2)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def data(spark, tmp_path_factory):
    directory = tmp_path_factory.mktemp("codes")
    codes = write_codes(ROWS, str(directory))
    return codes, spark.read.parquet(str(directory))


def expected(code):
    """One row's answer from the single calls: (cf_valid, cf_error)."""
    if code is None:
        return None, None
    try:
        cf.validate(code)
        return True, None
    except sportello.CfError as e:
        assert not cf.is_valid(code)
        return False, e.code


def test_recipe_as_documented_on_1m_rows(data):
    codes, df = data
    assert df.rdd.getNumPartitions() >= 2  # both cores at work
    out = recipe(df)["checked"].toArrow()
    assert out.schema == pa.schema([("cf", pa.string()), ("cf_valid", pa.bool_()), ("cf_error", pa.string())])
    assert out.num_rows == ROWS
    # every row came back once, with its own code
    assert sorted(out.column("cf").to_pylist(), key=lambda c: c or "") == sorted(codes, key=lambda c: c or "")

    # the counts against the list API
    reference = cf.is_valid_many(codes)
    valid = out.column("cf_valid")
    assert valid.null_count == reference.count(None) > 0
    assert valid.to_pylist().count(True) == reference.count(True)
    assert valid.to_pylist().count(False) == reference.count(False) > 0
    errors = out.column("cf_error")
    assert errors.null_count == reference.count(None) + reference.count(True)

    # a sample of rows against the single calls, row for row
    rows = list(zip(*(out.column(n).to_pylist() for n in ("cf", "cf_valid", "cf_error"))))
    sample = random.Random(21).sample(rows, 5_000) + [r for r in rows if r[0] is None][:5] + [r for r in rows if r[1] is False][:50]
    for code, ok, error in sample:
        assert (ok, error) == expected(code), code
    assert {e for _, ok, e in sample if ok is False} >= {"cf.check_char"}


def test_results_survive_an_rdd_map(spark, data):
    """Result objects pickle: an RDD map returns `Decoded` and returned `CfError`s to the driver."""
    codes, _ = data
    sample = [c for c in codes[:2_000] if c is not None]
    back = spark.sparkContext.parallelize(sample, 2).map(lambda c: cf.decode_many([c], TODAY)[0]).collect()
    here = cf.decode_many(sample, TODAY)
    assert len(back) == len(here) == len(sample)
    kinds = set()
    for b, h in zip(back, here):
        assert type(b) is type(h)
        kinds.add(type(b))
        if isinstance(h, sportello.CfError):
            assert (b.code, b.details, str(b)) == (h.code, h.details, str(h))
        else:
            assert b == h
    assert kinds == {cf.Decoded, sportello.CfError}

    # a raised error crosses too: the single call, inside the worker, caught there
    def raised(c):
        try:
            cf.decode(c, TODAY)
        except sportello.CfError as e:
            return e
        return None

    bad = [c for c, ok in zip(sample, cf.is_valid_many(sample)) if not ok][:20]
    errors = spark.sparkContext.parallelize(bad, 2).map(raised).collect()
    assert [e.code for e in errors] == [e.code for e in map(raised, bad)]
