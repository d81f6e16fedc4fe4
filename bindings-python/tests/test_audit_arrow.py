"""Auditor.audit_arrow (issue 22, docs/scale.md): the columns of an event log, read in place, give
the same batch as audit_many on the same histories; wrong columns are refused with a code."""
import pyarrow as pa
import pytest

import sportello
from sportello import practice

CONFIG = {"protocolRequired": True, "allowWithdrawal": True}
HISTORIES = [
    [(1000, 0), (1900, 60), (2000, 120), (3000, 180)],
    [(1000, 0), (2000, 60)],  # skips 1900
    [(1000, 0)],
    [(1000, 50), (1900, 10)],  # out of order
]


def columns(histories, case=lambda i: f"P-{i}"):
    rows = [(case(i), c, t) for i, h in enumerate(histories) for c, t in h]
    return [pa.array([r[k] for r in rows]) for k in range(3)]


def test_same_batch_as_audit_many():
    a = practice.Auditor(CONFIG)
    want = a.audit_many(HISTORIES).to_dict()
    assert a.audit_arrow(*columns(HISTORIES)).to_dict() == want
    # integer case ids, timestamps, a chunked (streamed) column and the module function
    cases, statuses, at = columns(HISTORIES, case=lambda i: 10 * i)
    at = pa.array([t * 1_000_000 for t in at.to_pylist()], type=pa.timestamp("us", tz="Europe/Rome"))
    statuses = pa.chunked_array([statuses.slice(0, 3), statuses.slice(3)])
    assert practice.audit_arrow(CONFIG, cases, statuses, at).to_dict() == want


def test_conforms_is_the_reports_ok():
    a = practice.Auditor(CONFIG)
    oks = [r.ok for r in (a.audit(h) for h in HISTORIES)]
    assert oks == [True, False, True, False]
    assert [a.conforms(h) for h in HISTORIES] == oks
    assert a.conforms_many(HISTORIES) == oks
    assert a.conforms_many(iter(HISTORIES)) == oks
    # one value per row: the verdict of that row's history, a mask for the frame
    col = a.conforms_arrow(*columns(HISTORIES))
    assert isinstance(col, pa.Array) and col.type == pa.bool_()
    assert col.to_pylist() == [ok for h, ok in zip(HISTORIES, oks) for _ in h]
    refused(lambda: a.conforms_arrow(pa.array(["x", "y", "x"]), pa.array([1000, 1000, 1900]), pa.array([0, 0, 1])), "argument", "cases[2]: the case comes back")
    refused(lambda: a.conforms_many([[(1000, "x")]]), "argument", "")
    refused(lambda: a.conforms_many(5), "argument", "histories")


def test_polars_columns():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"case": ["a", "a", "b"], "status": [1000, 1900, 1000], "at": [0, 1, 0]})
    b = practice.Auditor(CONFIG).audit_arrow(df["case"], df["status"], df["at"])
    assert (b.histories, b.clean) == (2, 2)
    mask = practice.Auditor(CONFIG).conforms_arrow(df["case"], df["status"], df["at"])
    assert isinstance(mask, pl.Series) and mask.to_list() == [True, True, True]


def refused(f, code, text):
    with pytest.raises(sportello.SportelloError) as e:
        f()
    assert e.value.code == code and text in str(e.value), str(e.value)


def test_wrong_columns_are_refused():
    a = practice.Auditor(CONFIG)
    ok = columns(HISTORIES)
    refused(lambda: a.audit_arrow(pa.array(["x", "y", "x"]), pa.array([1000, 1000, 1900]), pa.array([0, 0, 1])), "argument", "cases[2]: the case comes back")
    refused(lambda: a.audit_arrow(pa.array([1, 2, 1]), pa.array([1000, 1000, 1900]), pa.array([0, 0, 1])), "argument", "cases[2]: the case comes back")
    refused(lambda: a.audit_arrow(pa.array(["x", None]), pa.array([1000, 1900]), pa.array([0, 1])), "argument", "cases[1]: a null")
    refused(lambda: a.audit_arrow(ok[0], pa.array([1.5] * len(ok[1])), ok[2]), "argument", "statuses: an Arrow array of type Float64")
    refused(lambda: a.audit_arrow(ok[0], pa.array([-1] * len(ok[1])), ok[2]), "argument", "statuses[0]: -1 is not a status code")
    refused(lambda: a.audit_arrow(ok[0], ok[1], pa.array([None] * len(ok[2]), type=pa.int64())), "argument", "at[0]: a null")
    refused(lambda: a.audit_arrow(ok[0], ok[1].slice(1), ok[2]), "argument", "columns of")
    refused(lambda: a.audit_arrow(pa.array([1.5]), ok[1], ok[2]), "argument", "cases: an Arrow column of strings or integers")
    refused(lambda: a.audit_arrow([1, 2], ok[1], ok[2]), "argument", "cases")
    assert a.audit_arrow(pa.array([], pa.string()), pa.array([], pa.int32()), pa.array([], pa.int64())).histories == 0
