#!/usr/bin/env python3
"""Python timing of sportello.forms on the benchmark form (1,000 components, 300 conditions):
Form.evaluate(dict) including the dict -> core conversion and reading .valid/.errors; and the
300 conditions with apply_logic / a compiled Logic. Also json-logic-py style peers are not used:
the peer comparison is with json-logic-js (forms_jsonlogic.mjs).
Run: . .venv/bin/activate && (cd bindings-python && maturin develop --release) && python benches/peers/forms_python.py"""
import json, os, time

from sportello import forms

here = os.path.dirname(os.path.abspath(__file__))
doc = json.load(open(os.path.join(here, "forms_bench.json")))
form = forms.Form.from_formio(doc["form"])
data = doc["submission"]
assert form.component_count == 1000 and form.condition_count == 300


def timeit(label, fn, n):
    fn()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    cpu = time.process_time()
    for _ in range(n):
        fn()
    cpu = (time.process_time() - cpu) / n
    print(f"{label}: best wall {best * 1e6:.0f} µs, cpu {cpu * 1e6:.0f} µs per call")


timeit("Form.evaluate(1000-key dict) + .valid/.errors", lambda: (lambda r: (r.valid, r.errors))(form.evaluate(data)), 200)
timeit("Form.evaluate + .data (cleaned dict back)", lambda: form.evaluate(data).data, 200)
rules = [forms.Logic(r) for r in doc["plainConditions"]]
scope = {"data": data}
timeit("300 x Logic.apply({'data': 1000-key dict}) (dict converted each call)", lambda: [r.apply(scope) for r in rules], 5)
raw = json.dumps(data)
timeit("Form.evaluate(JSON text)", lambda: form.evaluate(raw).valid, 200)
# A form UI evaluating on every change: only the changed value crosses (FormSession), as in
# benches/peers/forms_node/bench.mjs: a typed value (no condition reads it), then an answer that
# shows/hides components (f1 between 97 and 28).
session = forms.FormSession(form, data)
texts = [k for k, v in data.items() if isinstance(v, str) and len(v) > 3]
step = iter(range(10**9))


def typed():
    n = next(step)
    k = texts[n % len(texts)]
    r = session.update({k: f"{data[k]} {n}"})
    return r.valid, r.errors, r.visible, r.hidden


timeit("FormSession.update (one typed value) + .valid/.errors/.visible/.hidden", typed, 200)
timeit("FormSession.update (an answer that shows/hides components) + .valid/.errors/.visible/.hidden", lambda: (lambda r: (r.valid, r.errors, r.visible, r.hidden))(session.update({"f1": 97 if next(step) % 2 else 28})), 200)
