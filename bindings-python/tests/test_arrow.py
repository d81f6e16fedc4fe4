"""The Arrow column API (`cf.is_valid_arrow`, `validate_arrow`, `decode_arrow`, the same for piva and
pagoPA notices): columns read in place through the Arrow PyCapsule interface, answers as Arrow
columns, nulls kept, the same answers as the single calls."""

import ctypes
import datetime as dt

import pytest

import sportello
from sportello import cf, payments, piva

pa = pytest.importorskip("pyarrow")

OK, BAD, LOWER = "RSSMRA85T10A562S", "RSSMRA85T10A562X", " rssmra85t10a562s "
CODES = [OK, None, BAD, LOWER, "x", "", "RSSMRA85T10A562SXXXXXXXXX", "MRTMTT25D09Z999K"]


def single_code(s):
    try:
        cf.validate(s)
        return None
    except sportello.CfError as e:
        return e.code


@pytest.mark.parametrize("typ", ["string", "large_string", "string_view"])
def test_is_valid_and_validate_match_the_single_calls(typ):
    col = pa.array(CODES, type=getattr(pa, typ)())
    assert cf.is_valid_arrow(col).to_pylist() == [None if c is None else cf.is_valid(c) for c in CODES]
    assert cf.validate_arrow(col).to_pylist() == [None if c is None else single_code(c) for c in CODES]
    assert cf.is_valid_arrow(col).type == pa.bool_() and cf.validate_arrow(col).type == pa.string()


def test_slices_chunks_and_empty():
    col = pa.array(CODES)
    assert cf.is_valid_arrow(col.slice(2, 3)).to_pylist() == [False, True, False]
    chunked = pa.chunked_array([CODES[:3], CODES[3:], []])
    assert cf.is_valid_arrow(chunked).to_pylist() == cf.is_valid_arrow(col).to_pylist()
    assert cf.is_valid_arrow(pa.array([], pa.string())).to_pylist() == []
    assert cf.is_valid_arrow(pa.nulls(3)).to_pylist() == [None] * 3


def test_decode_struct():
    out = cf.decode_arrow(pa.array([OK, None, BAD]), dt.date(2026, 1, 1))
    assert [f.name for f in out.type] == [
        "sex", "birth_date", "birthplace_code", "birthplace_name", "birthplace_province", "canonical", "error",
    ]
    d = cf.decode(OK, dt.date(2026, 1, 1))
    assert out.to_pylist() == [
        {
            "sex": d.sex, "birth_date": d.birth_date, "birthplace_code": d.birthplace.code,
            "birthplace_name": d.birthplace.name, "birthplace_province": d.birthplace.province,
            "canonical": d.canonical, "error": None,
        },
        None,
        dict.fromkeys(["sex", "birth_date", "birthplace_code", "birthplace_name", "birthplace_province", "canonical"], None)
        | {"error": "cf.check_char"},
    ]
    # the options of the single call
    strict = cf.decode_arrow(pa.array(["RSSMRA85T10A562S"]), dt.date(2026, 1, 1), max_age=10)
    assert strict.to_pylist()[0]["birth_date"] is None or strict.to_pylist()[0]["error"]


def test_piva_and_notices():
    assert piva.is_valid_arrow(pa.array(["83000390019", None, "83000390018"])).to_pylist() == [True, None, False]
    assert piva.validate_arrow(pa.array(["83000390019", "83000390018", "1"])).to_pylist() == [None, "piva.check_digit", "piva.format"]
    notices = pa.array(["301000000000000144", "301000000000000145", None, "9"])
    assert payments.notice_is_valid_arrow(notices).to_pylist() == [True, False, None, False]
    assert payments.notice_validate_arrow(notices).to_pylist() == [None, "payments.check_digits", None, "payments.notice_format"]
    assert payments.notice_validate_arrow(notices, lenient=True).to_pylist()[1] is None


def test_polars_in_polars_out():
    pl = pytest.importorskip("polars")
    s = pl.Series("cf", [OK, None, BAD])
    out = cf.is_valid_arrow(s)
    assert isinstance(out, pl.Series) and out.name == "cf" and out.to_list() == [True, None, False]
    assert cf.validate_arrow(s).to_list() == [None, None, "cf.check_char"]
    assert cf.decode_arrow(s, dt.date(2026, 1, 1)).struct.field("sex").to_list() == ["M", None, None]
    # the list API reads a Series in place too
    assert cf.is_valid_many(s) == [True, None, False]


def test_any_pycapsule_producer_gets_a_sportello_array():
    class Column:  # only the interface, as nanoarrow or DuckDB give
        def __init__(self, a):
            self.a = a

        def __arrow_c_stream__(self, requested_schema=None):
            return self.a.__arrow_c_stream__()

    out = cf.is_valid_arrow(Column(pa.chunked_array([[OK], [BAD]])))
    assert isinstance(out, sportello.ArrowArray) and len(out) == 2
    assert pa.array(out).to_pylist() == [True, False]
    assert pa.array(out).to_pylist() == [True, False]  # exported as often as asked


def test_wrong_inputs_are_type_errors():
    for wrong in (pa.array([1, 2]), pa.array([b"x"]), pa.array(["a"]).dictionary_encode()):
        with pytest.raises(TypeError) as e:
            cf.is_valid_arrow(wrong)
        assert e.value.code == "argument" and "codes" in str(e.value)
    for wrong in ([OK], OK, 5, None):
        with pytest.raises(sportello.ArgumentError, match="codes"):
            cf.is_valid_arrow(wrong)


def test_big_column():
    col = pa.array([OK, BAD, None, LOWER] * 50_000)
    out = cf.is_valid_arrow(col)
    assert out.null_count == 50_000 and out.true_count == 100_000


def test_polars_map_batches_and_lazy():
    """docs/scale.md: inside a Polars query, per batch."""
    pl = pytest.importorskip("polars")
    lf = pl.LazyFrame({"cf": [OK, None, BAD]})
    out = lf.with_columns(ok=pl.col("cf").map_batches(cf.is_valid_arrow, return_dtype=pl.Boolean)).collect()
    assert out["ok"].to_list() == [True, None, False]


def check_partition(batches):
    """The function of docs/scale.md's Spark recipe (`df.mapInArrow(check_partition, schema)`):
    Spark gives an iterator of pyarrow RecordBatches, one per Arrow batch of a partition."""
    for batch in batches:
        codes = batch.column("cf")
        yield pa.RecordBatch.from_arrays(
            [codes, cf.is_valid_arrow(codes), cf.validate_arrow(codes)], names=["cf", "cf_valid", "cf_error"]
        )


def test_spark_map_in_arrow_function_without_spark():
    batches = [pa.RecordBatch.from_pydict({"cf": [OK, None]}), pa.RecordBatch.from_pydict({"cf": [BAD]})]
    out = pa.Table.from_batches(list(check_partition(iter(batches))))
    assert out.column("cf_valid").to_pylist() == [True, None, False]
    assert out.column("cf_error").to_pylist() == [None, None, "cf.check_char"]


def test_functions_pickle_by_their_module():
    """Spark ships `check_partition` with cloudpickle: the `cf` it uses must travel as an import of
    `sportello.cf` (a module named `cf` is copied by value and fails), its functions by name."""
    import pickle
    import sys

    for name in ("cf", "piva", "access", "practice", "forms", "payments", "slots", "workdays", "service", "notify"):
        module = getattr(sportello, name)
        assert module.__name__ == f"sportello.{name}" and sys.modules[module.__name__] is module
    assert cf.is_valid_arrow.__module__ == "sportello.cf"
    assert pickle.loads(pickle.dumps(cf.is_valid_arrow)) is cf.is_valid_arrow


def test_results_pickle():
    """An RDD map returns results across processes: records and returned errors pickle."""
    import pickle

    d, e = cf.decode_many([OK, BAD], dt.date(2026, 1, 1))
    assert pickle.loads(pickle.dumps(d)) == d
    back = pickle.loads(pickle.dumps(e))
    assert isinstance(back, sportello.CfError) and back.code == "cf.check_char" and back.details == e.details


def test_a_malformed_array_is_refused_not_read():
    """Offsets that go backwards (pyarrow builds the array from its buffers unchecked): the import
    validates the offsets against each other and the data before reading a row."""
    offsets = pa.py_buffer(bytes(memoryview(__import__("array").array("i", [0, 5, 3]))))
    bad = pa.Array.from_buffers(pa.string(), 2, [None, offsets, pa.py_buffer(b"abcde")])
    with pytest.raises(sportello.ArgumentError, match="codes: a malformed Arrow array"):
        cf.is_valid_arrow(bad)


class _Schema(ctypes.Structure):
    _fields_ = [("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p), ("flags", ctypes.c_int64),
                ("n_children", ctypes.c_int64), ("children", ctypes.c_void_p), ("dictionary", ctypes.c_void_p),
                ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


class _Array(ctypes.Structure):
    _fields_ = [("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64), ("n_buffers", ctypes.c_int64),
                ("n_children", ctypes.c_int64), ("buffers", ctypes.c_void_p), ("children", ctypes.c_void_p),
                ("dictionary", ctypes.c_void_p), ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]


_RELEASE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_release_schema = _RELEASE(lambda p: setattr(ctypes.cast(p, ctypes.POINTER(_Schema)).contents, "release", None))
_release_array = _RELEASE(lambda p: setattr(ctypes.cast(p, ctypes.POINTER(_Array)).contents, "release", None))


class _Producer:
    """A hand-made producer of the Arrow PyCapsule interface: C structs as a buggy library might
    fill them (the C data interface says nothing of buffer sizes; the rest can be checked)."""

    def __init__(self, fmt, length, n_buffers, buffers, offset=0):
        self.keep = [(ctypes.c_void_p * max(1, len(buffers)))(*buffers)]
        self.schema = _Schema(fmt, b"x", None, 2, 0, None, None, ctypes.cast(_release_schema, ctypes.c_void_p), None)
        self.array = _Array(length, 0, offset, n_buffers, 0, ctypes.cast(self.keep[0], ctypes.c_void_p), None, None,
                            ctypes.cast(_release_array, ctypes.c_void_p), None)

    def __arrow_c_array__(self, requested_schema=None):
        new = ctypes.pythonapi.PyCapsule_New
        new.restype, new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        return new(ctypes.addressof(self.schema), b"arrow_schema", None), new(ctypes.addressof(self.array), b"arrow_array", None)


def test_malformed_c_structs_are_refused_before_they_are_read():
    offsets, backwards = (ctypes.c_int32 * 3)(0, 16, 32), (ctypes.c_int32 * 3)(0, 16, 8)
    data = ctypes.create_string_buffer(OK.encode() * 2)
    good = [None, ctypes.addressof(offsets), ctypes.addressof(data)]
    assert pa.array(cf.is_valid_arrow(_Producer(b"u", 2, 3, good))).to_pylist() == [True, True]
    for producer, why in [
        (_Producer(b"u", 2, 2, good[:2]), "malformed Arrow array"),  # a buffer short
        (_Producer(b"vu", 2, 2, good[:2]), "malformed Arrow array"),
        (_Producer(b"u", -1, 3, good), "malformed Arrow array"),  # negative length
        (_Producer(b"u", 2, 3, good, offset=-5), "malformed Arrow array"),
        (_Producer(b"u", 2, 3, [None, None, ctypes.addressof(data)]), "malformed Arrow array"),  # no offsets
        (_Producer(b"u", 2, 3, [None, ctypes.addressof(backwards), ctypes.addressof(data)]), "Offset invariant"),
        (_Producer(None, 2, 3, good), "malformed Arrow schema"),  # no format
        (_Producer(b"zz", 2, 3, good), "does not read"),
    ]:
        with pytest.raises(sportello.ArgumentError, match=f"codes: .*{why}"):
            cf.is_valid_arrow(producer)


def test_random_columns_answer_as_the_single_calls():
    """Differential: random columns (valid codes, codes with one character changed, lower case and
    padded ones, random Unicode, bytes that are not UTF-8, nulls; short and long strings, which
    string_view stores inline or in a data buffer) in the three layouts, sliced and chunked, give
    row for row what the single calls give."""
    import random

    rng = random.Random(20261207)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 àèé€ßЖ\u200b"

    def row():
        k = rng.random()
        if k < 0.1:
            return None
        if k < 0.4:
            return OK
        if k < 0.6:
            i = rng.randrange(16)
            return OK[:i] + rng.choice(alphabet) + OK[i + 1 :]
        if k < 0.7:
            return rng.choice([LOWER, " " + OK, OK.lower(), "MRTMTT25D09Z999K"])
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))

    rows = [row() for _ in range(3000)]
    # a few rows that are not UTF-8: read lossily, so refused as any wrong character
    raw = [None if r is None else r.encode() for r in rows]
    for i in rng.sample(range(len(raw)), 50):
        raw[i] = OK[:8].encode() + b"\xff\xfe" + OK[10:].encode()
    texts = [None if b is None else b.decode("utf-8", "replace") for b in raw]
    today = dt.date(2026, 1, 1)

    def decoded(s):
        try:
            d = cf.decode(s, today)
            return (d.sex, d.birth_date, d.canonical, None)
        except sportello.CfError as e:
            return (None, None, None, e.code)

    for typ in (pa.string(), pa.large_string(), pa.string_view()):
        col = pa.array(raw, pa.binary()).cast(typ, safe=False) if typ != pa.string_view() else pa.array(raw, pa.binary_view()).view(typ)
        start, stop = rng.randrange(100), len(raw) - rng.randrange(100)
        parts = [col.slice(start, stop - start)] + [pa.chunked_array([col.slice(a, 700) for a in range(0, len(raw), 700)])]
        for c, expect in ((parts[0], texts[start:stop]), (parts[1], texts)):
            assert cf.is_valid_arrow(c).to_pylist() == [None if s is None else cf.is_valid(s) for s in expect], typ
            assert cf.validate_arrow(c).to_pylist() == [None if s is None else single_code(s) for s in expect], typ
            got = [None if r is None else (r["sex"], r["birth_date"], r["canonical"], r["error"]) for r in cf.decode_arrow(c, today).to_pylist()]
            assert got == [None if s is None else decoded(s) for s in expect], typ
