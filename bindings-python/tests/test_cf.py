import datetime as dt

import pytest

import sportello
from sportello import cf, piva
from conftest import load_cases

TODAY = dt.date(2026, 11, 23)


def date(s):
    return None if s is None else dt.date.fromisoformat(s)


def subset(expected, actual):
    """Every key of ``expected`` equal in ``actual`` (dicts recursively, anything else whole)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def run(fn, i):
    if fn == "cf.validate":
        return cf.validate(i["code"])
    if fn == "cf.is_valid":
        return cf.is_valid(i["code"])
    if fn == "cf.is_valid_many":
        return cf.is_valid_many(i["codes"])
    if fn == "cf.decode":
        kw = {}
        if "maxAge" in i:
            kw["max_age"] = i["maxAge"]
        if "strictPlace" in i:
            kw["strict_place"] = i["strictPlace"]
        return cf.decode(i["code"], date(i["today"]), **kw).to_dict()
    if fn == "cf.encode":
        p = i["person"]
        return cf.encode(p)  # the Person shape, as in JS
    if fn == "cf.matches":
        d = i["declared"]
        return cf.matches(
            i["code"],
            surname=d.get("surname"),
            name=d.get("name"),
            sex=d.get("sex"),
            birth_date=date(d.get("birthDate")),
            birthplace=d.get("birthplace"),
            province=d.get("province"),
        ).to_dict()
    if fn == "cf.canonical":
        return cf.canonical(i["code"])
    if fn == "cf.omocodes":
        return cf.omocodes(i["code"])
    if fn == "cf.same_person":
        return cf.same_person(i["a"], i["b"])
    if fn == "piva.validate":
        return piva.validate(i["code"])
    if fn == "piva.is_valid":
        return piva.is_valid(i["code"])
    raise AssertionError(f"unknown fn {fn}")


CASES = load_cases("cf")["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fn']}: {c['name']}" for c in CASES])
def test_reference_case(case):
    if "error" in case:
        with pytest.raises(sportello.SportelloError) as e:
            run(case["fn"], case["input"])
        assert e.value.code == case["error"]
    else:
        assert subset(case["expected"], run(case["fn"], case["input"]))


def test_decode_attributes():
    d = cf.decode("RSSMRAULALMHRLMD", TODAY)
    assert d.sex == "M"
    assert d.birth_date == dt.date(1980, 1, 1)
    assert d.canonical == "RSSMRA80A01H501U"
    assert d.birthplace.name == "Roma" and d.birthplace.province == "RM" and d.birthplace.kind == "comune"
    assert d.birthplace.valid_on_birth_date is True
    assert d.warnings == []
    w = cf.decode("RSSMRA80A01M376P", TODAY)
    assert w.warnings == ["cf.place_not_valid_on_date"]
    assert cf.decode("RSSMRA99A01H501F", dt.date(1998, 1, 1), max_age=130).birth_date == dt.date(1899, 1, 1)


def test_errors():
    with pytest.raises(sportello.CfError) as e:
        cf.validate("RSSMRA80A01H501A")
    assert isinstance(e.value, ValueError)
    assert e.value.code == "cf.check_char"
    assert e.value.details["expected"] == "U" and e.value.details["found"] == "A"
    assert str(e.value).startswith("cf.check_char: ")
    with pytest.raises(sportello.CfError) as e:
        cf.encode(surname="Rossi", name="Mario", sex="M", birth_date=dt.date(1980, 1, 1), birthplace="Castro")
    assert e.value.code == "cf.place_ambiguous"
    assert [c["code"] for c in e.value.details["candidates"]] == ["C337", "M261"]
    with pytest.raises(sportello.PivaError) as e:
        piva.validate("00000000000")
    assert e.value.code == "piva.zero"
    with pytest.raises(ValueError):
        cf.encode(surname="Rossi", name="Mario", sex="X", birth_date=dt.date(1980, 1, 1), birthplace="H501")


def test_encode_and_match():
    code = cf.encode(surname="Rossi", name="Mario", sex="M", birth_date=dt.date(1980, 1, 1), birthplace="Roma")
    assert code == "RSSMRA80A01H501U"
    assert cf.encode(surname="Rossi", name="Mario", sex="M", birth_date=dt.date(1980, 1, 1), birthplace="Castro", province="LE") == "RSSMRA80A01M261X"
    r = cf.matches(code, surname="Rossi", name="Anna", sex="F", birth_date=dt.date(1980, 1, 1), birthplace="Roma")
    assert not r and r.mismatched == ["name", "sex"]
    assert r.fields == {"surname": "matched", "name": "mismatched", "sex": "mismatched", "birthDate": "matched", "birthplace": "matched"}
    assert cf.matches(code, surname="Rossi")


def test_a_shape_or_its_fields():
    """As in JS, `encode` takes the Person shape and `matches` the Declared shape; the fields as
    keywords are the Pythonic alternative (one or the other)."""
    person = {"surname": "Rossi", "name": "Mario", "sex": "M", "birthDate": "1980-01-01", "birthplace": "Roma"}
    assert cf.encode(person) == cf.encode(surname="Rossi", name="Mario", sex="M", birth_date=dt.date(1980, 1, 1), birthplace="Roma")
    assert cf.encode(dict(person, birthDate=dt.date(1980, 1, 1))) == "RSSMRA80A01H501U"
    assert cf.matches("RSSMRA80A01H501U", {"surname": "Rossi", "sex": "F"}).mismatched == ["sex"]
    with pytest.raises(sportello.ArgumentError) as e:
        cf.encode(person, surname="Bianchi")
    assert "person" in str(e.value) and "not both" in str(e.value)
    with pytest.raises(sportello.ArgumentError) as e:
        cf.encode(name="Mario", sex="M", birth_date=dt.date(1980, 1, 1), birthplace="Roma")
    assert str(e.value) == "argument: surname is required"
    with pytest.raises(sportello.SportelloError) as e:
        cf.encode({"surname": "Rossi"})
    assert e.value.code == "json"


def test_omocodia_and_batch():
    all_ = cf.omocodes("RSSMRA85T10A562S")
    assert len(all_) == 128 and all_[0] == "RSSMRA85T10A562S"
    assert cf.same_person(all_[0], all_[-1])
    assert cf.canonical(all_[-1]) == all_[0]
    assert cf.is_valid_many(all_ + ["nope"]) == [True] * 128 + [False]


def test_is_valid_many_inputs():
    ok, bad = "RSSMRA85T10A562S", "RSSMRA85T10A562X"
    assert cf.is_valid_many([]) == []
    assert cf.is_valid_many([ok, bad, " rssmra85t10a562s "]) == [True, False, True]
    # Not a list: any iterable; an item that is not a str is an ArgumentError naming it (issue
    # 15: it was False, while the JS packages refused it).
    assert cf.is_valid_many(iter((ok, bad))) == [True, False]
    assert cf.is_valid_many((ok,)) == [True]
    for item in (5, b"RSSMRA85T10A562S", 1.5, ["RSSMRA85T10A562S"]):
        with pytest.raises(sportello.ArgumentError, match=r"codes\[1\]"):
            cf.is_valid_many([ok, item, ok])
    # A null stays null in a batch (as in Arrow), never False; the single call refuses it.
    assert cf.is_valid_many([ok, None, bad]) == [True, None, False]
    assert cf.is_valid_many(iter([None])) == [None]
    with pytest.raises(sportello.ArgumentError):
        cf.is_valid(None)
    # A NUL inside an item must not shift the answers of the others.
    assert cf.is_valid_many([ok, "RSSMRA85\0T10A562S", "", ok]) == [True, False, False, True]
    # A str or bytes given for the list (Python would iterate it by character) and an object that
    # is no iterable are TypeErrors (ArgumentError, code "argument"), never a list of False.
    for whole in (ok, ok.encode(), 5, None):
        with pytest.raises(TypeError) as e:
            cf.is_valid_many(whole)
        assert e.value.code == "argument" and "codes" in str(e.value)
    big = [ok, bad] * 50_000
    assert cf.is_valid_many(big) == [True, False] * 50_000
    assert cf.normalize(" tinit-rssmra80a01h501u ") == "RSSMRA80A01H501U"
    assert cf.validate_tax_code("83000390019") == {"kind": "numeric", "code": "83000390019"}
    assert cf.validate_tax_code("rssmra80a01h501u") == {"kind": "personal", "code": "RSSMRA80A01H501U"}


def test_places():
    assert cf.place_lookup("H501", dt.date(2000, 1, 1)).name == "Roma"
    assert cf.place_lookup("Z105", dt.date(2000, 1, 1)) is None
    h = cf.place_history("A089")
    assert [p.name for p in h] == ["Girgenti", "Agrigento"]
    assert h[0].valid_to == dt.date(1927, 7, 26) and h[1].valid_to is None
    assert [p.code for p in cf.places_by_name("castro", on=dt.date(2020, 1, 1))] == ["C337", "M261"]
    assert cf.place_search("Rom", on=TODAY, limit=3)[0].name == "Roma"
    assert cf.place_resolve("germania", dt.date(2001, 1, 1)).code == "Z112"
    assert cf.place_resolve("Roma", TODAY).to_dict()["validFrom"] == "1884-09-11"


def test_is_valid_many_with_a_pyarrow_array():
    """Issue 21: a pyarrow array came back all False. It answers per item, nulls kept."""
    pa = pytest.importorskip("pyarrow")
    ok, bad = "RSSMRA85T10A562S", "RSSMRA85T10A562X"
    assert cf.is_valid_many(pa.array([ok, None, bad])) == [True, None, False]
    assert cf.is_valid_many(pa.chunked_array([[ok], [bad, None]])) == [True, False, None]
    with pytest.raises(sportello.ArgumentError, match=r"codes: an Arrow array of type Int64"):
        cf.is_valid_many(pa.array([1, 2]))


def test_validate_many_and_decode_many():
    """Issue 21: the error code per row without try/except per item."""
    ok, bad = "RSSMRA85T10A562S", "RSSMRA85T10A562X"
    assert cf.validate_many([ok, bad, None, "x"]) == [None, "cf.check_char", None, "cf.format"]
    assert sportello.piva.validate_many(["83000390019", "83000390018", None]) == [None, "piva.check_digit", None]
    assert sportello.payments.notice_validate_many(["301000000000000145", None]) == ["payments.check_digits", None]
    assert sportello.payments.notice_validate_many(["301000000000000145"], lenient=True) == [None]
    today = dt.date(2026, 1, 1)
    out = cf.decode_many(iter([ok, bad, None]), today)
    assert out[0] == cf.decode(ok, today) and out[2] is None
    assert isinstance(out[1], sportello.CfError) and out[1].code == "cf.check_char"
    with pytest.raises(sportello.CfError) as e:
        cf.decode(bad, today)
    assert out[1].details == e.value.details
    for wrong in (ok, 5):
        with pytest.raises(sportello.ArgumentError, match="codes"):
            cf.validate_many(wrong)
        with pytest.raises(sportello.ArgumentError, match="codes"):
            cf.decode_many(wrong)
    with pytest.raises(sportello.ArgumentError, match=r"codes\[1\]"):
        cf.validate_many([ok, 5])
