"""Strict shapes (issue 15), as tests/js/strict.mjs pins them for the JS packages: an unknown key
in any JSON shape or option object, or a list given for an object, is refused with code `json`
and the path of the problem; the argument itself of the wrong type is ArgumentError; nesting
beyond the core's limit, deep or cyclic, is code `limit`."""

import json
import math

import pytest

import sportello
from sportello import access, cf, forms, practice, slots
from conftest import load_cases

NOW = "2026-03-02T09:00:00+01:00"
CF = "RSSMRA80A01H501U"


def refused(f, code, path_prefix, *mentions):
    with pytest.raises(sportello.SportelloError) as info:
        f()
    e = info.value
    message = e.details["message"]
    assert e.code == code, message
    assert message.startswith(path_prefix), message
    for m in mentions:
        assert m in message, message
    return e


def test_unknown_keys_are_refused_with_their_path_and_the_known_keys():
    seed = load_cases("slots")["calendars"]["seed"]
    e = refused(lambda: slots.Calendar.from_json(json.dumps({**seed, "notice_hours": 48})), "json", "notice_hours: unknown field", "`noticeHours`")
    assert e.details["path"] == "notice_hours"
    hours = [dict(h, meetingMinute=15) if i == 0 else h for i, h in enumerate(seed["openingHours"])]
    refused(lambda: slots.Calendar.from_dict({**seed, "openingHours": hours}), "json", "openingHours[0].meetingMinute: unknown field")
    refused(lambda: cf.matches(CF, {"surname": "Rossi", "birthdate": "1990-05-05"}), "json", "birthdate: unknown field", "`birthDate`")
    refused(lambda: practice.Practice("P-1", CF, {"responseDay": 30}, NOW), "json", "responseDay: unknown field", "`responseDays`")


def test_a_list_is_not_an_object():
    policy = access.Policy.from_dict(load_cases("access")["policy"])
    with pytest.raises(sportello.ArgumentError) as info:
        policy.decide("alboPretorio", ["spid", "SpidL3"], NOW)
    assert info.value.code == "argument" and "invalid type: sequence" in str(info.value)
    refused(lambda: cf.matches(CF, {"birthplace": ["H501"]}), "json", "birthplace: invalid type: sequence")


def test_nesting_beyond_the_limit_is_code_limit_deep_or_cyclic():
    deep = 1
    for _ in range(100_000):
        deep = [deep]
    refused(lambda: forms.Logic({"var": "a"}).apply(deep), "limit", "nesting depth over the limit of 127")
    cyclic = {}
    cyclic["self"] = cyclic
    e = refused(lambda: forms.Form.from_formio(cyclic), "limit", "nesting depth")
    assert e.details["path"].startswith("self.self.self")
    assert cf.is_valid(CF)


def test_what_json_cannot_hold_is_refused_never_changed():
    refused(lambda: forms.Logic({"var": "a"}).apply({"a": math.nan}), "json", "a: NaN is not a JSON number")
    refused(lambda: forms.Logic({"var": "a"}).apply({"a": {1, 2}}), "json", "a: a set is not JSON data")
    refused(lambda: forms.Logic({"var": "a"}).apply({"a": "\ud800"}), "json", "a: a string that is not valid Unicode")
    assert forms.Logic({"var": "a"}).apply({"a": None}) is None


def test_batches_refuse_a_str_and_non_str_items():
    with pytest.raises(sportello.ArgumentError):
        cf.is_valid_many(CF)
    with pytest.raises(sportello.ArgumentError, match=r"codes\[1\]"):
        cf.is_valid_many([CF, 5])
    assert cf.is_valid_many((c for c in [CF, "x"])) == [True, False]
