#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets into fuzz/corpus/<target>/ from the reference cases in
tests/cases (the same inputs the core and the bindings are tested on), each in the input format its
target reads. Idempotent (one file per seed, named by its hash). Run from anywhere:
`python3 fuzz/seeds.py`, then `cargo +nightly fuzz run <target>` picks the seeds up."""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT / "fuzz" / "corpus"


def load(name):
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def strings(v):
    """Every string inside a JSON value."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def write(target, seeds):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    n = 0
    for s in seeds:
        b = s if isinstance(s, bytes) else s.encode("utf-8")
        (d / hashlib.sha1(b).hexdigest()).write_bytes(b)
        n += 1
    print(f"{target}: {n} seeds in {d.relative_to(ROOT)}")


def cf():
    for c in load("cf.json")["cases"]:
        yield from strings(c["input"])
        i = c["input"]
        if c["fn"] == "cf.matches":  # the target splits "code|surname|name|birthplace"
            d = i.get("declared", {})
            yield "|".join([i["code"], d.get("surname", ""), d.get("name", ""), d.get("birthplace", "")])


def access():
    for pem in sorted((CASES / "access").glob("*.pem")):
        yield pem.read_bytes()
    f = load("access.json")
    yield compact(f["policy"])
    for c in f["cases"]:
        if "attributes" in c["input"]:
            yield compact(c["input"]["attributes"])


def forms():
    f = load("forms.json")
    for c in f["cases"]:
        i = c["input"]
        if c["fn"] == "applyLogic":
            yield compact([i["rule"], i.get("data")])
        elif "form" in i:
            yield compact({**i["form"], "submission": i.get("data", {})})
    for name in f["referenceForms"]:
        rf = load(name)
        for s in rf.get("submissions", [])[:3]:
            yield compact({**rf["form"], "submission": s["data"]})
            yield compact(s["data"])
    for rule in load("forms/jsonlogic-official-tests.json"):
        if isinstance(rule, list):
            yield compact(rule[:2])


def payments():
    for name in ("payments.json", "pagopa.json"):
        yield from strings(load(name))


def practice():
    # first byte: the target's mode (0 practice JSON, 1 audit input; mode 2 is byte-driven)
    for c in load("practice.json")["cases"]:
        i = c["input"]
        if c["fn"] == "fromJson":
            yield b"\x00" + compact(i["json"]).encode()
        elif c["fn"] == "audit":
            yield b"\x01" + compact({"config": i["config"], "histories": [i["history"]]}).encode()
        elif c["fn"] == "auditMany":
            yield b"\x01" + compact({"config": i["config"], "histories": i["histories"]}).encode()


def slots():
    # "<calendar JSON>\n<days>\n<bookings JSON>"
    f = load("slots.json")
    named = f["calendars"]
    for cal in named.values():
        yield compact(cal) + "\n14\n[]"
    for c in f["cases"]:
        i = c["input"]
        cal = i.get("calendar")
        if isinstance(cal, str):
            cal = named.get(cal)
        elif isinstance(cal, dict) and "$base" in cal:
            cal = {**named[cal["$base"]], **{k: v for k, v in cal.items() if k != "$base"}}
        if isinstance(cal, dict):
            yield compact(cal) + "\n31\n" + compact(i.get("bookings", []))


if __name__ == "__main__":
    for t in (cf, access, forms, payments, practice, slots):
        write(t.__name__, t())
