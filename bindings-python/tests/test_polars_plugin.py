"""The Polars plugin (issue 21 item 2): ``pl.col(...).sportello.<function>()`` runs inside Polars'
engine and gives what the Arrow API gives, row for row, in eager, lazy and streaming queries, on
chunked frames; wrong inputs are errors Polars raises, never a crash or a silent answer."""

import datetime as dt
import random
import string

import pytest

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

import sportello  # noqa: E402
import sportello.polars as sp  # noqa: E402,F401  (registers the namespace)
from sportello import cf, payments, piva  # noqa: E402

OK, BAD, LOWER = "RSSMRA80A01H501U", "RSSMRA80A01H501X", "rssmra80a01h501u"
TODAY = dt.date(2026, 12, 6)


def mutated(seed=21, n=4000):
    """Codes, 11-digit codes and notice numbers with random edits, nulls and odd text."""
    rnd = random.Random(seed)
    alphabet = string.ascii_uppercase + string.digits + "  -àé\u0000"
    base = [OK, LOWER, "MRTMTT91D08F205J", "BNCLRA85T50A662W", "83000390019", "00743110157", "301000000000000144", "TINIT-" + OK]
    out = []
    for _ in range(n):
        s = list(rnd.choice(base))
        for _ in range(rnd.choice([0, 0, 1, 2])):
            i = rnd.randrange(len(s))
            s[i] = rnd.choice(alphabet)
        out.append(None if rnd.random() < 0.03 else "".join(s))
    return out


@pytest.fixture(scope="module")
def frame():
    return pl.DataFrame({"x": mutated()})


CASES = [
    ("cf_is_valid", lambda e: e.sportello.cf_is_valid(), cf.is_valid_arrow),
    ("cf_validate", lambda e: e.sportello.cf_validate(), cf.validate_arrow),
    ("cf_decode", lambda e: e.sportello.cf_decode(TODAY), lambda s: cf.decode_arrow(s, TODAY)),
    ("cf_decode strict", lambda e: e.sportello.cf_decode(TODAY, max_age=30, strict_place=True), lambda s: cf.decode_arrow(s, TODAY, max_age=30, strict_place=True)),
    ("piva_is_valid", lambda e: e.sportello.piva_is_valid(), piva.is_valid_arrow),
    ("piva_validate", lambda e: e.sportello.piva_validate(), piva.validate_arrow),
    ("notice_is_valid", lambda e: e.sportello.notice_is_valid(), payments.notice_is_valid_arrow),
    ("notice_validate", lambda e: e.sportello.notice_validate(), payments.notice_validate_arrow),
    ("notice_validate lenient", lambda e: e.sportello.notice_validate(lenient=True), lambda s: payments.notice_validate_arrow(s, lenient=True)),
]


@pytest.mark.parametrize("name,expr,arrow", CASES, ids=[c[0] for c in CASES])
def test_every_expression_equals_the_arrow_api(frame, name, expr, arrow):
    want = arrow(frame["x"]).to_list()
    eager = frame.select(expr(pl.col("x")).alias("y"))["y"]
    assert eager.to_list() == want
    assert eager.dtype == arrow(frame["x"]).dtype
    lazy = frame.lazy().select(expr(pl.col("x")).alias("y")).collect(engine="streaming")["y"]
    assert lazy.to_list() == want


def test_the_single_functions_agree(frame):
    rows = frame["x"].to_list()[:500]
    got = frame.head(500).select(
        v=pl.col("x").sportello.cf_is_valid(), p=pl.col("x").sportello.piva_is_valid(), n=pl.col("x").sportello.notice_is_valid()
    )
    assert got["v"].to_list() == [None if r is None else cf.is_valid(r) for r in rows]
    assert got["p"].to_list() == [None if r is None else piva.is_valid(r) for r in rows]
    assert got["n"].to_list() == [None if r is None else payments.notice_is_valid(r) for r in rows]


def test_module_functions_take_a_name_or_an_expression():
    df = pl.DataFrame({"cf": [OK, BAD, None]})
    assert df.select(sp.cf_is_valid("cf"))["cf"].to_list() == [True, False, None]
    assert df.select(sp.cf_validate(pl.col("cf")))["cf"].to_list() == [None, "cf.check_char", None]
    assert df.select(sp.cf_decode("cf", TODAY).struct.field("birthplace_name"))["birthplace_name"].to_list() == ["Roma", None, None]


def test_chunked_frames_filters_and_groups():
    parts = [pl.DataFrame({"cf": [OK, BAD] * 500, "g": [1, 2] * 500}) for _ in range(5)]
    df = pl.concat(parts, rechunk=False)
    assert df.n_chunks() == 5
    out = df.with_columns(ok=pl.col("cf").sportello.cf_is_valid())
    assert out["ok"].sum() == 2500
    by = df.group_by("g").agg(pl.col("cf").sportello.cf_is_valid().sum().alias("n")).sort("g")
    assert by["n"].to_list() == [2500, 0]
    assert df.lazy().filter(pl.col("cf").sportello.cf_is_valid()).collect().height == 2500
    assert df.lazy().filter(pl.col("cf").sportello.cf_is_valid()).collect(engine="streaming").height == 2500


def test_empty_null_and_string_view_columns():
    assert pl.DataFrame({"cf": []}, schema={"cf": pl.String}).select(pl.col("cf").sportello.cf_is_valid())["cf"].to_list() == []
    nulls = pl.DataFrame({"cf": [None, None]}, schema={"cf": pl.String})
    assert nulls.select(pl.col("cf").sportello.cf_validate())["cf"].to_list() == [None, None]
    assert nulls.select(pl.col("cf").sportello.cf_decode(TODAY))["cf"].to_list() == [None, None]


def test_decode_today_is_the_hosts_date_by_default():
    df = pl.DataFrame({"cf": [OK]})
    got = df.select(pl.col("cf").sportello.cf_decode())["cf"].to_list()
    assert got == cf.decode_arrow(df["cf"], dt.date.today()).to_list()


def test_a_column_that_is_not_text_is_a_polars_error():
    for values in ([1, 2], [b"RSSMRA80A01H501U"], [True]):
        df = pl.DataFrame({"cf": values})
        with pytest.raises(pl.exceptions.ComputeError, match="expected strings"):
            df.select(pl.col("cf").sportello.cf_is_valid())
    cat = pl.DataFrame({"cf": [OK]}, schema={"cf": pl.Categorical})
    with pytest.raises(pl.exceptions.PolarsError):
        cat.select(pl.col("cf").sportello.cf_is_valid())


def test_wrong_options_are_argument_errors():
    """The options are converted as the Arrow functions convert them (the same errors)."""
    e = pl.col("cf")
    for call in (
        lambda: e.sportello.cf_decode("2026-12-06"),
        lambda: e.sportello.cf_decode(TODAY, max_age="120"),
        lambda: e.sportello.cf_decode(TODAY, strict_place=1),
        lambda: e.sportello.notice_validate(lenient="yes"),
        lambda: e.sportello.cf_decode(TODAY, max_age=-1),
        lambda: e.sportello.cf_decode(TODAY, max_age=2**40),
    ):
        with pytest.raises(sportello.ArgumentError) as err:
            call()
        assert err.value.code == "argument"
    with pytest.raises(TypeError, match="column"):
        sp.cf_is_valid(5)


def test_hostile_text_never_crashes():
    rows = ["", " ", "\u0000" * 16, "é" * 16, "\U0001f600" * 4, OK * 10_000, "TINIT-", None]
    df = pl.DataFrame({"cf": rows})
    out = df.select(
        v=pl.col("cf").sportello.cf_is_valid(), e=pl.col("cf").sportello.cf_validate(), d=pl.col("cf").sportello.cf_decode(TODAY)
    )
    assert out["v"].to_list() == cf.is_valid_arrow(df["cf"]).to_list()
    assert out["e"].to_list() == cf.validate_arrow(df["cf"]).to_list()


def test_the_plugin_is_this_library():
    """The expressions load the very extension module of the package, no second library."""
    import polars.plugins  # noqa: F401

    assert sp._LIB.samefile(sportello._native.__file__)
