"""The Python API against the JS API's manifest (bindings-js/manifest.json, the one description of
both JS packages): every function, class, constructor, method and property, its parameters and
which are optional. Writes the Python side as bindings-python/manifest.json (committed; the test
command fails when it changes uncommitted) and fails on any difference that is not a documented
exception in api_exceptions.txt, or on an exception that no longer occurs.

Python's conventions, the same everywhere, are not differences:
- snake_case names (the manifest's own);
- `to_dict`/`from_dict` are JS's `to_object`/`from_object` (a plain dict is Python's plain object);
- the fields of a JS options object (`options`, `context`) are Python keyword-only parameters, in
  snake_case, exactly the object's fields;
- a JSON-shaped parameter (a `Person`, a `StampQuery`, an event) may also be given as its fields,
  keyword-only: then the parameter itself is optional in Python (one or the other is given);
- a Python class named as a core JSON shape is that shape as a record (the flat TypeScript namespace
  prefixes some with their capability: `PracticeDeadline` is `practice.Deadline`);
- JS optional-ness is the generated API's: a parameter that may be `null` but is followed by a
  required one must still be passed (`credential: Credential | null | undefined`), as in Python.
"""

import inspect
import json
import re
from pathlib import Path

import sportello

ROOT = Path(__file__).resolve().parents[2]
JS = json.loads((ROOT / "bindings-js" / "manifest.json").read_text())
MODULES = ["cf", "piva", "access", "practice", "forms", "payments", "slots", "workdays", "service", "notify"]
# JS parameters holding an options object: Python takes its fields as keyword-only parameters.
OPTION_OBJECTS = {"options", "context"}
# The same member under each language's name for a plain object (JS name -> Python name).
NAMES = {"to_object": "to_dict", "from_object": "from_dict"}
# JS's own JSON.stringify hook.
JS_ONLY = {"toJSON"}
# The core's JSON shapes (types/<capability>/<Name>.ts), by TypeScript name.
TYPES = {f.stem: f for f in (ROOT / "types").glob("*/*.ts")}
# A Python class of a shape's name is the shape as a record (attributes, to_dict, pickling), where
# JS returns the plain object of that TypeScript type; a capability prefix of the name is dropped.
SHAPES = set(TYPES) | {f.stem[len(f.parent.name) :] for f in TYPES.values() if f.stem.lower().startswith(f.parent.name)}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def fields_of(ts: str) -> set[str] | None:
    """The fields (snake_case) of the object a parameter's TypeScript type describes, or None when
    it is no object with named fields. An object literal, a core shape (types/), `Partial<T>`, and
    unions of them (an event: its data fields, not its `type` tag, and those of a shape a variant
    is joined with by `&`)."""
    out: set[str] = set()
    for part in ts.split(" | "):
        part = part.strip()
        part = re.sub(r"^Partial<(.*)>$", r"\1", part)
        part = re.sub(r"""^import\(['"][^'"]*['"]\)\.""", "", part)
        if part.startswith("{"):
            out |= {snake(k) for k in re.findall(r"(\w+)\??:", part)}
        elif part in TYPES:
            text = TYPES[part].read_text()
            body = text[text.index("export type") :]
            out |= {snake(k) for k in re.findall(r"^(\w+)\??:", body, re.M)}
            # A variant's data held by another shape: `{ "type": "accept" } & Approval`.
            for other in re.findall(r"} & (\w+)", body):
                out |= fields_of(other) or set()
    return out or None


def params_of(obj) -> list[dict]:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return [{"name": "?", "optional": True, "keyword": False}]
    out = []
    for p in sig.parameters.values():
        if p.name in ("self", "cls") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        out.append({"name": p.name, "optional": p.default is not p.empty, "keyword": p.kind == p.KEYWORD_ONLY})
    return out


def python_manifest() -> dict:
    """Every public name of the Python package, as the manifest describes the JS one."""
    entries, classes = [], {}
    for mod_name in MODULES:
        mod = getattr(sportello, mod_name)
        for name, obj in sorted(vars(mod).items()):
            if name.startswith("_"):
                continue
            if inspect.isclass(obj):
                if issubclass(obj, BaseException):
                    continue
                classes.setdefault(name, mod_name)
                try:
                    inspect.signature(obj)
                    entries.append({"kind": "ctor", "owner": name, "name": "new", "params": params_of(obj)})
                except (TypeError, ValueError):
                    pass  # no constructor
                for member, raw in sorted(vars(obj).items()):
                    if member.startswith("_"):
                        continue
                    if isinstance(raw, (staticmethod, classmethod)) or type(raw).__name__ in ("builtin_function_or_method", "classmethod_descriptor"):
                        entries.append({"kind": "static", "owner": name, "name": member, "params": params_of(getattr(obj, member))})
                    elif callable(raw):
                        entries.append({"kind": "method", "owner": name, "name": member, "params": params_of(getattr(obj, member))})
                    else:
                        entries.append({"kind": "getter", "owner": name, "name": member, "params": []})
            elif callable(obj):
                entries.append({"kind": "fn", "owner": mod_name, "name": name, "params": params_of(obj)})
    return {"classes": [{"name": n, "module": m} for n, m in sorted(classes.items())], "entries": entries}


def differences(py: dict) -> list[str]:
    out = []
    js_classes = {c["name"] for c in JS["classes"]}
    py_classes = {c["name"] for c in py["classes"]}
    for c in sorted(js_classes - py_classes):
        out.append(f"class {c}: JS only")
    for c in sorted(py_classes - js_classes - SHAPES):
        out.append(f"class {c}: Python only")
    key = lambda e: (e["owner"], e["name"], "member" if e["kind"] in ("method", "static") else e["kind"])  # noqa: E731
    pyx = {key(e): e for e in py["entries"] if e["owner"] in js_classes or e["kind"] == "fn"}
    jsx = {key(dict(e, name=NAMES.get(e["name"], e["name"]))): e for e in JS["entries"]}
    for k in sorted(set(jsx) | set(pyx)):
        label = f"{k[0]}.{k[1]}"
        if k[1] in JS_ONLY:
            continue
        j, p = jsx.get(k), pyx.get(k)
        if j is None:
            if k[0] in js_classes or k[2] == "fn":
                out.append(f"{label}: Python only")
            continue
        if p is None:
            if k[0] in py_classes or k[2] == "fn":
                out.append(f"{label}: JS only")
            continue
        positional = {q["name"]: q for q in p["params"] if not q["keyword"]}
        keywords = {q["name"] for q in p["params"] if q["keyword"]}
        jp, kw = [], set()
        for i, q in enumerate(j["params"]):
            # As the generated API has it: optional only when no required parameter follows.
            optional = q["optional"] and all(r["optional"] for r in j["params"][i + 1 :])
            fields = fields_of(q["ts"]) if q["class"] is None else None
            if q["name"] in OPTION_OBJECTS or (fields and q["name"] not in positional and fields & keywords):
                kw |= fields or set()  # an options object: its fields, keyword-only
                continue
            if fields and fields <= keywords:
                kw |= fields  # the shape, or its fields as keywords: the shape may be left out
                optional = positional[q["name"]]["optional"]
            jp.append((q["name"], optional))
        pp = [(n, q["optional"]) for n, q in positional.items()]
        show = lambda ps: ", ".join(n + ("?" if o else "") for n, o in ps)  # noqa: E731
        if jp != pp:
            out.append(f"{label}: parameters JS ({show(jp)}) Python ({show(pp)})")
        if kw != keywords:
            out.append(f"{label}: keywords JS ({', '.join(sorted(kw))}) Python ({', '.join(sorted(keywords))})")
    return out


def exceptions() -> dict[str, str]:
    out = {}
    for line in (Path(__file__).parent / "api_exceptions.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            what, _, why = line.partition("  # ")
            out[what.strip()] = why.strip()
    return out


def test_python_api_matches_the_js_manifest():
    py = python_manifest()
    (ROOT / "bindings-python" / "manifest.json").write_text(json.dumps(py, indent=2, sort_keys=True) + "\n")
    found = differences(py)
    known = exceptions()
    new = [d for d in found if d not in known]
    gone = [d for d in known if d not in found]
    assert not new, "differences between the Python and the JS API, not documented in api_exceptions.txt:\n" + "\n".join(new)
    assert not gone, "documented exceptions that no longer occur (remove them from api_exceptions.txt):\n" + "\n".join(gone)
    assert all(known.values()), "every exception says why: " + ", ".join(k for k, v in known.items() if not v)
