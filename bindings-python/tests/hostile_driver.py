"""Calls every entry point of the Python API (from bindings-python/manifest.json) with hostile
values, one call per line of output; run by test_hostile.py in a child process, which puts each
call under a timeout and reads a crash as the failure of the call that was running.

A line is `START <id>` before a call, then `OK <id>` (a result, or a SportelloError with a code)
or `BAD <id> <what>` (any other exception). Run it alone to see every call:
`python hostile_driver.py [filter]`."""

import datetime as dt
import json
import math
import pathlib
import sys
from decimal import Decimal

import sportello
from sportello import access, cf, forms, notify, payments, practice, slots, workdays

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MANIFEST = json.loads((ROOT / "bindings-python" / "manifest.json").read_text())
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def deep_list(n):
    x = 1
    for _ in range(n):
        x = [x]
    return x


def deep_dict(n):
    x = {}
    for _ in range(n):
        x = {"a": x}
    return x


cyclic_list = []
cyclic_list.append(cyclic_list)
cyclic_dict = {}
cyclic_dict["self"] = cyclic_dict

HOSTILE = {
    "deep_list": deep_list(10_000),
    "deep_dict": deep_dict(10_000),
    "cyclic_list": cyclic_list,
    "cyclic_dict": cyclic_dict,
    "huge_str": "A" * 2_000_000,
    "huge_list": ["RSSMRA80A01H501U"] * 200_000,
    "big_int": 2**64,
    "huge_int": 10**30,
    "neg_int": -1,
    "min_i64": -(2**63) - 1,
    "u32_wrap": 2**32 + 6,
    "float": 1.7,
    "nan": math.nan,
    "inf": math.inf,
    "surrogate": "\ud800",
    "surrogate_in_dict": {"a": "\udfff"},
    "bytes": b"\xff\x00" * 10,
    "object": object(),
    "set": {1, 2},
    "bool": True,
    "none": None,
    "empty_str": "",
    "empty_dict": {},
    "array_for_object": ["spid", "SpidL3"],
    "nan_in_dict": {"a": math.nan},
    "big_in_dict": {"eta": 10**30},
}


def samples():
    """One instance of each class that has methods, made from valid input."""
    cases = lambda name: json.loads((ROOT / "tests" / "cases" / f"{name}.json").read_text())
    out = {}

    def add(name, make):
        try:
            out[name] = make()
        except Exception as e:  # a sample that cannot be made is reported, not fatal
            print(f"SAMPLE {name} {type(e).__name__}: {e}", flush=True)

    add("Form", lambda: forms.Form.from_formio({"components": [{"type": "number", "key": "eta", "label": "Età"}]}))
    add("Logic", lambda: forms.Logic({"==": [{"var": "a"}, 1]}))
    add("FormSession", lambda: forms.FormSession(forms.Form.from_formio({"components": [{"type": "number", "key": "eta", "label": "Età"}]}), {"eta": 30}))
    add("Calendar", lambda: slots.Calendar.from_json(json.dumps(cases("slots")["calendars"]["seed"])))
    add("Practice", lambda: practice.Practice("P-1", "RSSMRA80A01H501U", {}, NOW))
    add("ServiceConfig", lambda: practice.ServiceConfig(response_days=30))
    add("HolidayCalendar", lambda: workdays.HolidayCalendar())
    add("NotifySettings", lambda: notify.NotifySettings.from_dict({"languages": ["it", "en"]}))
    add("ActivationPolicy", lambda: access.ActivationPolicy())
    add("Policy", lambda: access.Policy.from_dict(cases("access")["policy"]))
    add("Payment", lambda: payments.Payment("16.00", NOW))
    add("Envelope", lambda: access.Envelope.generate("B-000123", "u000123", access.ActivationPolicy(), bytes(range(128))))
    add("Actor", lambda: practice.Actor("citizen", "RSSMRA80A01H501U"))
    return out


BANG = "show = " + "!" * 100_000 + "data.a"


def specific():
    """The reproductions of issue 15, each a call that crashed, hung or was silently accepted."""
    cal = workdays.HolidayCalendar()
    form = lambda **c: {"components": [{"type": "textfield", "key": "a", "label": "A", **c}]}
    reduce = {"reduce": [{"var": "xs"}, {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]}
    return {
        "translate_js !x100000": lambda: forms.translate_js(BANG, "show"),
        "translate_js 2000 ||": lambda: forms.translate_js("show = " + " || ".join(f"data.a{i}" for i in range(2000)), "show"),
        "translate_js 3000 &&": lambda: forms.translate_js("show = " + " && ".join(f"data.a{i}" for i in range(3000)), "show"),
        "customConditional !x100000": lambda: forms.Form.from_formio(form(customConditional=BANG)),
        "logic trigger !x100000": lambda: forms.Form.from_formio(
            form(logic=[{"name": "x", "trigger": {"type": "javascript", "javascript": "result = " + "!" * 100_000 + "data.a"}, "actions": []}])
        ),
        "reduce 100000": lambda: forms.Logic(reduce).apply({"xs": list(range(100_000))}),
        "generate_secret 2**64-1": lambda: access.generate_secret({"alphabet": "AB", "length": 2**64 - 1}, bytes(64)),
        "generate_secret 10**9": lambda: access.generate_secret({"alphabet": "AB", "length": 10**9}, bytes(64)),
        "Envelope pin 2**32": lambda: access.Envelope.generate("B-1", "u1", access.ActivationPolicy.from_dict({"pin": {"alphabet": "0123456789", "length": 2**32}}), bytes(64)),
        "split_evenly 2**31": lambda: payments.split_evenly("16.00", 2**31),
        "split_evenly -1": lambda: payments.split_evenly("16.00", -1),
        "add_working_days 2**31-1": lambda: cal.add_working_days(dt.date(2026, 1, 1), 2**31 - 1),
        "add_working_days -1": lambda: cal.add_working_days(dt.date(2026, 1, 1), -1),
        "with_patron 2**32+6": lambda: cal.with_patron(2**32 + 6, 29, "x"),
        "status 2**32+1900": lambda: practice.status(2**32 + 1900),
        "amount_from_cents 1.7": lambda: payments.amount_from_cents(1.7),
        "ServiceConfig payment_amount 0.1": lambda: practice.ServiceConfig(payment_amount=0.1),
        "evaluate eta 10**30": lambda: forms.Form.from_formio({"components": [{"type": "number", "key": "eta", "label": "Età", "validate": {"max": 120}}]}).evaluate({"eta": 10**30}),
    }


# Calls of specific() that must be refused (raise), not answered.
MUST_REFUSE = {k for k in specific.__code__.co_consts if isinstance(k, str)} - {"show", "reduce 100000", "translate_js 2000 ||", "translate_js 3000 &&", "evaluate eta 10**30"}


def is_coded(e):
    return isinstance(e, sportello.SportelloError) and isinstance(getattr(e, "code", None), str) and e.code


def calls(filter_=""):
    """(id, callable) for every entry and hostile value."""
    objs = samples()
    owner_module = {c["name"]: c["module"] for c in MANIFEST["classes"]}
    for e in MANIFEST["entries"]:
        kind, name, owner = e["kind"], e["name"], e["owner"]
        positional = [p for p in e["params"] if not p["keyword"]]
        keywords = {p["name"]: "x" for p in e["params"] if p["keyword"] and not p["optional"]}
        if not positional and kind != "getter":
            continue  # nothing the caller can make hostile
        if kind == "fn":
            target = getattr(getattr(sportello, owner), name)
        elif kind in ("static", "ctor"):
            cls = getattr(getattr(sportello, owner_module[owner]), owner)
            target = cls if kind == "ctor" else getattr(cls, name)
        elif kind == "method":
            if owner not in objs:
                continue
            target = getattr(objs[owner], name)
        else:
            continue
        for hname, h in HOSTILE.items():
            for i in range(len(positional)):
                # The hostile value in position i; the others get a plain string.
                args = ["x"] * len(positional)
                args[i] = h
                cid = f"{owner}.{name}[{positional[i]['name']}={hname}]"
                if filter_ in cid:
                    yield cid, (lambda t=target, a=args, k=keywords: t(*a, **k))


def main():
    filter_ = sys.argv[1] if len(sys.argv) > 1 else ""
    sane = lambda: cf.is_valid("RSSMRA80A01H501U")
    every = list(calls(filter_)) + [(f"specific:{k}", f) for k, f in specific().items() if filter_ in f"specific:{k}"]
    for cid, call in every:
        print(f"START {cid}", flush=True)
        try:
            call()
            status = "OK"
            if cid.startswith("specific:") and cid[9:] in MUST_REFUSE:
                status = "BAD accepted, must be refused"
        except Exception as e:
            status = "OK" if is_coded(e) else f"BAD {type(e).__name__}: {str(e)[:160]!r}"
        if not sane():
            status = "BAD the module no longer answers a valid call"
        print(f"OK {cid}" if status == "OK" else f"BAD {cid} {status[4:]}", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
