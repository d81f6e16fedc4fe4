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


JS_KEYS = ("customConditional", "calculateValue", "custom", "customDefaultValue", "javascript", "js")


def js_snippets(v):
    """Every JavaScript snippet of a Form.io form (the values of its JavaScript keys)."""
    if isinstance(v, list):
        for x in v:
            yield from js_snippets(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            if k in JS_KEYS and isinstance(x, str) and x.strip():
                yield x
            else:
                yield from js_snippets(x)


def forms_js():
    # the snippets of the reference cases and, when ../shared/forms-real is beside the project,
    # of the real forms (read in place, never copied into the repository)
    seen = set()
    sources = [load("forms.json")]
    real = ROOT.parent / "shared" / "forms-real"
    for f in sorted(real.glob("*.json")) if real.is_dir() else []:
        try:
            sources.append(json.loads(f.read_text(encoding="utf-8")))
        except ValueError:
            pass
    for src in sources:
        for js in js_snippets(src):
            if js not in seen:
                seen.add(js)
                yield js


def json_shapes():
    # b"<entry lo><entry hi><pick>" + the JSON argument list; each entry of the JS API's manifest
    # gets argument lists filled from the reference cases' values of the parameter's kind
    import random

    entries = json.loads((ROOT / "bindings-js" / "manifest.json").read_text(encoding="utf-8"))["entries"]
    pool = {"string": [], "number": [0, 1, 2, 30, 365, -1, 2**32, 0.5], "boolean": [True, False], "object": [], "array": []}

    def walk(v, depth=0):
        if isinstance(v, str) and len(v) < 200:
            pool["string"].append(v)
        elif isinstance(v, bool):
            pass
        elif isinstance(v, (int, float)):
            pool["number"].append(v)
        elif isinstance(v, list):
            if len(compact(v)) < 4000:
                pool["array"].append(v)
            for x in v:
                walk(x, depth + 1)
        elif isinstance(v, dict):
            if len(compact(v)) < 8000:
                pool["object"].append(v)
            for x in v.values():
                walk(x, depth + 1)

    for f in sorted(CASES.glob("*.json")):
        walk(load(f.name))
    for k in pool:
        pool[k] = sorted({compact(x) for x in pool[k]})

    def kind(ts):
        ts = ts.split("|")[0].strip()
        if ts in ("string", "number", "boolean"):
            return ts
        return "array" if ts.endswith("[]") else "object"

    for i, e in enumerate(entries):
        rnd = random.Random(i)
        head = bytes([i & 0xFF, i >> 8])
        for n in range(8):
            args = [rnd.choice(pool[kind(p["ts"])] or ["null"]) for p in e["params"]]
            pick = 0 if e["kind"] in ("fn", "static", "ctor") else 1 + rnd.randrange(127)
            yield head + bytes([pick]) + ("[" + ",".join(args) + "]").encode()


def merge_patch(target, patch):
    """RFC 7386: the patch's objects merge into the target, null removes a key."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def service():
    # first byte: the target's mode (0 a service definition, 1 notify's settings/event/context/now, 2 a journey)
    f = load("service.json")
    yield b"\x00" + compact(f["service"]).encode()
    for c in f["cases"]:
        i = c["input"]
        if c["kind"] == "load" and "patch" in i:
            yield b"\x00" + compact(merge_patch(f["service"], i["patch"])).encode()
        elif c["kind"] == "journey":
            journey = i["journey"]
            yield b"\x02" + compact(journey).encode()
    n = load("notify.json")
    for c in n["cases"]:
        i = c["input"]
        if "event" not in i:
            continue
        ctx = i.get("context", "office")
        if isinstance(ctx, str):
            ctx = n["contexts"].get(ctx, {})
        elif isinstance(ctx, dict) and "$base" in ctx:
            ctx = {**n["contexts"][ctx["$base"]], **{k: v for k, v in ctx.items() if k != "$base"}}
        parts = [compact(i.get("settings", {})), compact(i["event"]), compact(ctx), i.get("now", "")]
        yield b"\x01" + "\n".join(parts).encode()


if __name__ == "__main__":
    for t in (cf, access, forms, payments, practice, slots, forms_js, json_shapes, service):
        write(t.__name__, t())
