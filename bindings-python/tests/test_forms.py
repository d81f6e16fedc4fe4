import datetime as dt
import json
import re

import pytest

import sportello
from sportello import forms
from conftest import load_cases

CF_CODES = {"codiceFiscale", "partitaIva", "cfMismatch"}


def cf_is_real():
    return forms.apply_logic({"codice_fiscale": "RSSMRA80A01H501U"}) is True


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def load(form, options):
    """`Form.from_formio` with a case's JS options object as keywords (`typeAliases` -> `type_aliases`)."""
    kw = {re.sub("([A-Z])", r"_\1", k).lower(): v for k, v in (options or {}).items()}
    return forms.Form.from_formio(form, **kw)


def keywords(context):
    """A case's JS context object as Python's keyword arguments (`today` a date)."""
    context = dict(context or {})
    if "today" in context:
        context["today"] = dt.date.fromisoformat(context["today"])
    return context


def compare(form, data, context, expected):
    """The matching rules of core/tests/cases_forms.rs."""
    r = form.evaluate(data, **keywords(context))
    got = r.to_dict()
    diffs = []
    real = cf_is_real()
    if "errors" in expected:
        keep = lambda e: real or e["code"] not in CF_CODES
        exp = [e for e in expected["errors"] if keep(e)]
        act = [e for e in got["errors"] if keep(e)]
        pair = lambda e: (e["path"], e["code"])
        if sorted(map(pair, exp)) != sorted(map(pair, act)):
            diffs.append(f"errors: expected {sorted(map(pair, exp))}, got {sorted(map(pair, act))}")
        for e in exp:
            if "message" in e and not any(pair(a) == pair(e) and a["message"] == e["message"] for a in act):
                diffs.append(f"message of {pair(e)}")
    for lst in ("visible", "hidden"):
        for p in expected.get(lst, []):
            if p not in got[lst]:
                diffs.append(f"{lst}: {p} missing")
    for k in ("data", "computed", "assignedOffice"):
        if k in expected and not same(expected[k], got.get(k)):
            diffs.append(f"{k}: expected {expected[k]}, got {got.get(k)}")
    if real and "valid" in expected and expected["valid"] != got["valid"]:
        diffs.append(f"valid: expected {expected['valid']}")
    # The attribute API agrees with the dict.
    assert r.valid == got["valid"] and r.assigned_office == got.get("assignedOffice")
    assert [e.path for e in r.errors] == [e["path"] for e in got["errors"]]
    return diffs


def test_official_jsonlogic_suite():
    suite = load_cases("forms/jsonlogic-official-tests.json")
    cases = [c for c in suite if not isinstance(c, str)]
    assert len(cases) == 275
    failures = [c for c in cases if not same(forms.apply_logic(c[0], c[1]), c[2])]
    assert failures == []


def test_reference_cases():
    doc = load_cases("forms")
    failures = []
    for c in doc["cases"]:
        if c.get("needsCf") and not cf_is_real():
            continue
        inp = c["input"]
        try:
            if c["fn"] == "applyLogic":
                got = forms.apply_logic(inp["rule"], inp["data"])
            elif c["fn"] == "fromFormio":
                got = load(inp["form"], inp.get("options")).condition_count
            else:
                form = load(inp["form"], inp.get("options"))
                if "error" in c["expected"]:
                    with pytest.raises(sportello.FormsError) as e:
                        form.evaluate(inp["data"], **keywords(inp.get("context")))
                    assert e.value.code == c["expected"]["error"]
                    continue
                d = compare(form, inp["data"], inp.get("context"), c["expected"])
                if d:
                    failures.append((c["name"], d))
                continue
        except sportello.FormsError as e:
            if e.code != c.get("error"):
                failures.append((c["name"], e.code))
            continue
        if "error" in c or not same(got, c["expected"]):
            failures.append((c["name"], got))
    assert failures == []


def test_reference_forms():
    doc = load_cases("forms")
    n = 0
    failures = []
    for f in doc["referenceForms"]:
        rf = load_cases(f)
        form = load(rf["form"], rf.get("options"))
        for s in rf["submissions"]:
            n += 1
            d = compare(form, s["data"], s.get("context"), s["expected"])
            if d:
                failures.append((f, s["name"], d))
    assert n >= 20 and failures == []


def test_seed_delegation_form_api():
    rf = load_cases("forms/delega.json")
    form = forms.Form.from_formio(json.dumps(rf["form"]), offices=rf["options"]["offices"])
    assert form.title == "Richiesta di certificato anagrafico" and form.condition_count == 3
    r = form.evaluate({"presentazione": "delegato"}, today=dt.date(2026, 6, 15))
    assert "pannelloBeneficiario" in r.visible and "documentiDelega" in r.visible
    assert r.assigned_office == "anagrafe-deleghe"
    assert any(e.path == "delega" and e.code == "required" for e in r.errors)
    r = form.evaluate({"presentazione": "perSe", "beneficiario": {"nome": "x"}})
    assert "pannelloBeneficiario" in r.hidden and "beneficiario" not in r.data
    assert isinstance(r.errors[0], forms.FieldError) and r.errors[0].to_dict()["path"] == r.errors[0].path
    text = form.evaluate_json(json.dumps({"presentazione": "delegato"}), today=dt.date(2026, 6, 15))
    assert json.loads(text) == form.evaluate({"presentazione": "delegato"}, today=dt.date(2026, 6, 15)).to_dict()
    # The options may be given as their JSON text too, as the form itself (the stub's `| str`).
    as_text = forms.Form.from_formio(json.dumps(rf["form"]), offices=json.dumps(rf["options"]["offices"]), type_aliases="{}")
    assert as_text.evaluate({"presentazione": "delegato"}).assigned_office == "anagrafe-deleghe"
    with pytest.raises(sportello.SportelloError) as e:
        forms.Form.from_formio(rf["form"], offices="{not json")
    assert e.value.code == "json"


def test_form_session_updates_are_evaluations_of_the_merged_submission():
    rf = load_cases("forms/delega.json")
    form = load(rf["form"], rf.get("options"))
    today = dt.date(2026, 6, 15)
    session = forms.FormSession(form, {"presentazione": "perSe"})
    merged = {"presentazione": "perSe"}
    changes = [{}, {"presentazione": "delegato"}, {"delegante": "RSSMRA80A01H501U"}, {"delegante": "x"}, {"presentazione": "perSe"}, {"extra": [1, {"a": "è"}]}]
    for change in changes:
        merged.update(change)
        got = session.update(change, today=today)
        assert isinstance(got, forms.Evaluation)
        assert got == form.evaluate(merged, today=today) and got.to_json() == form.evaluate(merged, today=today).to_json()
    assert session.data == merged
    del merged["extra"]
    assert session.remove(["extra", "absent"], today=today) == form.evaluate(merged, today=today) and session.data == merged
    with pytest.raises(sportello.ArgumentError):
        session.remove("extra")  # a str is not a list of keys
    assert forms.FormSession(form, json.dumps(merged)).update("{}", today=today) == form.evaluate(merged, today=today)
    empty = forms.FormSession(form)
    assert empty.data == {} and empty.update({"presentazione": "delegato"}) == form.evaluate({"presentazione": "delegato"})
    # Not an object: the core's code, and the session unchanged.
    for bad in ([1], "[1]"):
        with pytest.raises(sportello.FormsError) as e:
            session.update(bad)
        assert e.value.code == "forms.invalid"
    with pytest.raises(sportello.FormsError):
        forms.FormSession(form, [1])
    with pytest.raises(sportello.ArgumentError) as e:
        forms.FormSession({}, {})
    assert e.value.code == "argument" and "form" in str(e.value)
    with pytest.raises(TypeError):
        session.update({}, todey=today)  # Python's own refusal of an unknown keyword
    assert session.data == merged and type(session).__module__ == "sportello.forms"


def test_errors_name_the_component():
    with pytest.raises(sportello.FormsError) as e:
        forms.Form.from_formio({"components": [{"type": "textfield", "key": "a", "customConditional": "show = instance.visible"}]})
    assert e.value.code == "forms.unsupported_condition"
    assert e.value.details["path"] == "a" and "renderer" in e.value.details["reason"]
    with pytest.raises(sportello.FormsError) as e:
        forms.apply_logic({"method": ["x", "toUpperCase"]})
    assert e.value.code == "forms.unknown_operator"


def test_logic_compiled_once():
    rule = forms.Logic({"if": [{"var": "a"}, "sì", "no"]})
    assert [rule.apply({"a": v}) for v in (1, 0)] == ["sì", "no"]
    assert rule.rule == {"if": [{"var": "a"}, "sì", "no"]}
    assert forms.truthy([]) is False and forms.truthy("0") is True
    assert forms.translate_js("show = data.x === 'y'") == {"===": [{"var": "data.x"}, "y"]}
    assert rule.data_paths == ["a"] and forms.Logic({"var": [{"var": "k"}]}).data_paths is None
    assert forms.Logic({"==": [{"var": "data.nome"}, 1]}).data_paths == ["data.nome"]


def test_logic_apply_reads_only_the_values_at_its_paths():
    """Logic.apply converts only the values at the rule's data paths (as the JS packages send
    them): the result, or the error's code, is the one of the data the rule reads through
    apply_logic, for every kind of value; a value it does not read is not read (NaN, a lone
    surrogate elsewhere), and a dict with a key that is not a str is converted whole."""
    import collections
    import decimal

    def outcome(f):
        try:
            return ("ok", f())
        except sportello.SportelloError as e:
            return ("error", e.code)

    def plain(v):
        return type(v) is dict and all(type(k) is str for k in v)

    def read_by(paths, d):
        # The part of `d` at `paths` (a value that is not a plain dict ends the walk, taken whole).
        if not plain(d):
            return d
        out = {}
        for path in paths:
            src, dst, keys = d, out, path.split(".")
            for i, k in enumerate(keys):
                if k not in src:
                    break
                v = src[k]
                if i == len(keys) - 1 or not plain(v):
                    dst[k] = v
                    break
                dst = dst.setdefault(k, {})
                src = v
        return out

    rules = [
        {"var": ["a.b", "default"]},
        {"==": [{"var": "a.b"}, None]},
        {"cat": [{"var": "a.b"}, "|", {"var": "c"}]},
        {"+": [{"var": "a.b"}, {"var": "c"}]},
        {"in": [{"var": "c"}, ["x", 1, True]]},
        {"var": "a.1"},
        {"var": "a.b"},
    ]
    values = [None, True, 0, -0.0, 1.5, 2**53 + 1, 2**64, 10**30, float("nan"), float("inf"), "", "x", "\ud800",
              decimal.Decimal("1.10"), dt.date(2026, 1, 2), [1, 2], (3, 4), {"b": 1}, {1: 2}, object()]
    shapes = []
    for v in values:
        shapes += [{"a": {"b": v}, "c": v}, {"a": v, "c": "x"}, {"a": {"b": 1, "other": v}, "c": 1}, {"a": {"b": 1}, "c": 1, "z": v}]
    shapes += [None, {}, [], "text", {"a": [5, 6], "c": 1}, {1: {"b": 1}, "a": {"b": 2}}, {"a": {1: "one", "b": 3}},
               collections.OrderedDict(a={"b": 4}), {"a": collections.defaultdict(int, b=5)}]
    compared = 0
    for rule in rules:
        logic = forms.Logic(rule)
        for d in shapes:
            want = outcome(lambda: forms.apply_logic(rule, read_by(logic.data_paths, d)))
            assert outcome(lambda: logic.apply(d)) == want, (rule, d)
            compared += 1
    assert compared > 500
    assert forms.Logic({"var": "a"}).apply({"a": 1, "b": float("nan")}) == 1  # b is not read
