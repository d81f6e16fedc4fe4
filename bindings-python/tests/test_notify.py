import json

import pytest

import sportello
from sportello import notify
from conftest import load_cases

CASES = load_cases("notify")


def context(ref):
    named = CASES["contexts"]
    if ref is None:
        return named["office"]
    if isinstance(ref, str):
        return named[ref]
    if "$base" in ref:
        out = dict(named[ref["$base"]])
        out.update({k: v for k, v in ref.items() if k != "$base"})
        return out
    return ref


def matches(expected, actual, path="result"):
    """`expected` is a subset of `actual` (None matches a missing key; lists have equal length; a
    `bodyContains` key lists fragments of `body`)."""
    if expected is None:
        assert actual is None, f"{path}: expected nothing, got {actual!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            if k == "bodyContains":
                for f in v:
                    assert f in actual["body"], f"{path}.body: {actual['body']!r} does not contain {f!r}"
            else:
                matches(v, actual.get(k), f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {len(expected)} items, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def run(case):
    inp = case["input"]
    settings = notify.NotifySettings.from_dict(inp.get("settings", {}))
    if case["fn"] == "settings":
        assert notify.NotifySettings.from_json(settings.to_json()) == settings
        return {"valid": True, "json": settings.to_dict()}
    ctx = context(inp.get("context"))
    first = notify.due(inp["event"], settings, ctx, inp.get("now"))
    again = notify.due(json.dumps(inp["event"]), settings, json.dumps(ctx), inp.get("now"))
    assert first == again, "due is not deterministic"
    assert len({n["id"] for n in first}) == len(first), "ids repeat"
    return first


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"][-60:] for c in CASES["cases"]])
def test_reference_case(case):
    if "error" in case:
        with pytest.raises(sportello.SportelloError) as info:
            run(case)
        assert info.value.code == case["error"], info.value
        if "errorDetails" in case:
            matches(case["errorDetails"], info.value.details, "error")
    else:
        matches(case["expected"], run(case))


def test_settings_and_hostile_input():
    s = notify.NotifySettings.from_json('{"languages": ["it", "de"]}')
    assert s.languages == ["it", "de"] and s.channels == ["email"]
    with pytest.raises(sportello.SportelloError) as info:
        notify.NotifySettings.from_dict({"events": {"paymentPaid": {"enabled": False, "sms": True}}})
    assert info.value.code == "json" and info.value.details["path"] == "events.paymentPaid.sms"
    with pytest.raises(sportello.NotifyError) as info:
        notify.NotifySettings.from_dict({"events": {"practiceTransition.2000": {"operators": False}}})
    assert info.value.code == "notify.operators_mandatory"
    assert info.value.details["path"] == "events.practiceTransition.2000.operators"
    with pytest.raises(sportello.ArgumentError):
        notify.NotifySettings.from_dict([])
    event = {"kind": "paymentPaid", "practice": "P-1", "payment": "1", "amount": "16.00", "at": "2026-03-02T09:00:00+01:00"}
    with pytest.raises(sportello.SportelloError) as info:
        notify.due({**event, "extra": 1}, s, {})
    assert info.value.code == "json" and "extra" in str(info.value)
    with pytest.raises(sportello.SportelloError) as info:
        notify.due(event, s, {"citizen": {"name": 1}})
    assert info.value.code == "json" and info.value.details["path"].endswith("citizen.name")
    with pytest.raises(sportello.ArgumentError):
        notify.due(event, s.to_dict(), {})
    with pytest.raises(sportello.ArgumentError):
        notify.due(event, s, {}, "yesterday")
    assert notify.due(event, s, {}) == []


def test_template_variables():
    assert notify.template_variables("accountActivation") == ["entity", "service", "serviceId", "recipientName", "citizenName", "link", "keyAvailableFrom"]
    with pytest.raises(sportello.ArgumentError):
        notify.template_variables("nothing")
