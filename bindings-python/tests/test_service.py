"""tests/cases/service.json through the Python binding, as core/tests/cases_service.rs runs it."""

import copy
import datetime as dt
import json

import pytest

import sportello
from sportello import service
from conftest import load_cases

DOC = load_cases("service")


def t(s):
    return dt.datetime.fromisoformat(s)


def merge(target, patch):
    """RFC 7386 JSON merge patch (a copy)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge(out.get(k), v)
    return out


def subset(expected, actual, at=""):
    """The first difference when `expected` is not a subset of `actual`, else None."""
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{at}: expected {expected!r}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = subset(e, a, f"{at}[{i}]")
            if d:
                return d
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{at}: expected an object, got {actual!r}"
        for k, v in expected.items():
            d = subset(v, actual.get(k), f"{at}.{k}")
            if d:
                return d
        return None
    if expected != actual or isinstance(expected, bool) != isinstance(actual, bool):
        return f"{at}: expected {expected!r}, got {actual!r}"
    return None


def load(inp):
    return service.Service.from_json(merge(DOC["service"], inp.get("patch", {})), DOC["calendars"])


def run(case):
    inp = case["input"]
    kind = case["kind"]
    if kind == "load":
        s = load(inp)
        statuses = sorted({x["status"] for x in s.graph()["states"]})
        return {"id": s.id, "charges": s.charges(), "statuses": statuses}
    if kind == "decide":
        return load(inp).decide(inp["identity"], t(inp["now"]), inp.get("acting")).to_dict()
    if kind == "start":
        return load(inp).start(inp["request"], t(inp["now"]))
    if kind == "catalogue":
        cat = service.Catalogue.from_json([merge(DOC["service"], p) for p in inp["services"]], DOC["calendars"])
        return cat.listing(inp["audience"], inp["lang"])
    if kind == "journey":
        return load(inp).walk(inp["journey"])
    raise AssertionError(kind)


@pytest.mark.parametrize("case", DOC["cases"], ids=lambda c: c["name"][:80])
def test_reference_case(case):
    try:
        got, error = run(case), None
    except sportello.SportelloError as e:
        got, error = None, e.details
    if "expected" in case:
        assert error is None, error
        assert subset(case["expected"], got) is None, subset(case["expected"], got)
    else:
        assert error is not None, "no error"
        assert subset(case["error"], error) is None, subset(case["error"], error)


def test_dangling_reference_and_unknown_key_refused_with_path():
    with pytest.raises(sportello.ServiceError) as e:
        service.Service.from_json(merge(DOC["service"], {"calendar": "nessuno"}), DOC["calendars"])
    assert e.value.code == "service.unknown_calendar" and e.value.details["path"] == "calendar"
    office = merge(DOC["service"], {"assignment": {"rules": [], "default": "urp"}})
    with pytest.raises(sportello.ServiceError) as e:
        service.Service.from_json(json.dumps(office), DOC["calendars"])
    assert e.value.code == "service.unknown_office" and e.value.details["path"] == "assignment.default"
    with pytest.raises(sportello.SportelloError) as e:
        service.Service.from_json(merge(DOC["service"], {"card": {"colour": "blu"}}), DOC["calendars"])
    assert e.value.code == "json" and e.value.details["path"] == "card.colour"


def test_objects_in_core_shapes_out():
    cals = [sportello.slots.Calendar.from_dict(c) for c in DOC["calendars"]]
    s = service.Service.from_json(json.dumps(DOC["service"]), cals)
    assert s.to_dict() == json.loads(s.to_json())
    assert service.Service.from_json(s.to_json(), cals) == s
    offered = s.offer(dt.date(2026, 3, 10), t("2026-03-10T15:00:00+01:00"))
    assert offered[0].start == t("2026-03-13T09:00:00+01:00") and all(x.available for x in offered)
    ev = s.evaluate({"presentazione": "perSe", "tipoAtto": "edilizia", "motivazione": "x", "privacy": True}, t("2026-03-02T10:00:00+01:00"))
    assert ev.valid and ev.assigned_office == "edilizia"
    assert s.integrations_due([3000]) == [{"trigger": 3000, "action": "gestionale-atti"}]
    cat = service.Catalogue.from_json([DOC["service"]], cals)
    assert cat.ids == ["accesso-atti"] and cat.get("accesso-atti").id == "accesso-atti"
    with pytest.raises(sportello.ServiceError) as e:
        cat.get("nessuno")
    assert e.value.code == "service.unknown_service"
