#!/usr/bin/env python3
"""Writes benches/peers/forms_bench.json: a 1,000-component Form.io form with 300 visibility
conditions (150 JSON Logic, 50 simple, 50 legacy, 50 customConditional), a submission for it, and
the same 300 conditions as plain JSON Logic (for json-logic-js). Deterministic."""
import json, os, random

rnd = random.Random(42)
components, submission, plain = [], {}, []
choices = ["a", "b", "c", "d"]
value_keys = []  # (key, kind)
n_cond = 0

def cond_for(i):
    """A condition on an earlier field, in one of the four syntaxes, and its plain JSON Logic."""
    global n_cond
    key, kind = rnd.choice(value_keys[-40:])
    syntax = ["json", "json", "json", "simple", "legacy", "js"][n_cond % 6]
    n_cond += 1
    if kind == "radio":
        v = rnd.choice(choices)
        plain_rule = {"==": [{"var": f"data.{key}"}, v]}
        if syntax == "simple":
            return {"conditional": {"show": True, "conjunction": "all", "conditions": [{"component": key, "operator": "isEqual", "value": v}]}}, plain_rule
        if syntax == "legacy":
            return {"conditional": {"show": "true", "when": key, "eq": v}}, plain_rule
        if syntax == "js":
            return {"customConditional": f"show = data.{key} === '{v}' || data.{key} === 'zz'"}, {"or": [{"===": [{"var": f"data.{key}"}, v]}, {"===": [{"var": f"data.{key}"}, "zz"]}]}
        rule = {"in": [{"var": f"data.{key}"}, rnd.sample(choices, 2)]}
        return {"conditional": {"json": rule}}, rule
    if kind == "number":
        t = rnd.randint(0, 100)
        rule = {"and": [{">": [{"var": f"data.{key}"}, t]}, {"<": [{"var": f"data.{key}"}, t + 60]}]}
        if syntax == "simple":
            return {"conditional": {"show": True, "conjunction": "all", "conditions": [{"component": key, "operator": "greaterThan", "value": t}]}}, {">": [{"var": f"data.{key}"}, t]}
        if syntax == "legacy":
            return {"conditional": {"show": "true", "when": key, "eq": str(t)}}, {"==": [{"var": f"data.{key}"}, t]}
        if syntax == "js":
            return {"customConditional": f"show = data.{key} > {t} && data.{key} < {t + 60}"}, rule
        return {"conditional": {"json": rule}}, rule
    # checkbox
    rule = {"!": [{"var": f"data.{key}"}]} if rnd.random() < 0.5 else {"!!": [{"var": f"data.{key}"}]}
    if syntax == "simple":
        return {"conditional": {"show": True, "conjunction": "all", "conditions": [{"component": key, "operator": "isEqual", "value": True}]}}, {"==": [{"var": f"data.{key}"}, True]}
    if syntax == "legacy":
        return {"conditional": {"show": "true", "when": key, "eq": "true"}}, {"==": [{"var": f"data.{key}"}, True]}
    if syntax == "js":
        return {"customConditional": f"show = !!data.{key}"}, {"!!": [{"var": f"data.{key}"}]}
    return {"conditional": {"json": rule}}, rule

idx = 0
for p in range(50):  # 50 panels x (1 + 19) = 1,000 components
    children = []
    for j in range(19):
        idx += 1
        key = f"f{idx}"
        kind = ["radio", "number", "checkbox", "text"][idx % 4]
        if kind == "radio":
            c = {"type": "radio", "key": key, "label": f"Scelta {idx}", "values": [{"label": x, "value": x} for x in choices]}
            submission[key] = rnd.choice(choices)
        elif kind == "number":
            c = {"type": "number", "key": key, "label": f"Numero {idx}", "validate": {"min": 0, "max": 1000}}
            submission[key] = rnd.randint(0, 150)
        elif kind == "checkbox":
            c = {"type": "checkbox", "key": key, "label": f"Casella {idx}"}
            submission[key] = rnd.random() < 0.5
        else:
            c = {"type": "textfield", "key": key, "label": f"Testo {idx}", "validate": {"required": rnd.random() < 0.3, "maxLength": 40}}
            submission[key] = f"valore {idx}"
        if value_keys and n_cond < 294 and j % 3 == 1:
            extra, rule = cond_for(idx)
            c.update(extra)
            plain.append(rule)
        children.append(c)
        if kind != "text":
            value_keys.append((key, kind))
    panel = {"type": "panel", "key": f"pannello{p}", "title": f"Sezione {p}", "components": children}
    if p % 8 == 7 and n_cond < 300:
        # A section shown by an answer given before it (forms read earlier answers).
        keep = value_keys[:]
        del value_keys[len(value_keys) - sum(1 for c in children if c["type"] != "textfield"):]
        extra, rule = cond_for(idx)
        value_keys[:] = keep
        panel.update(extra)
        plain.append(rule)
    components.append(panel)
last = components[-1]["components"]
free = [c for c in last if "conditional" not in c and "customConditional" not in c]
value_keys[:] = value_keys[:-sum(1 for c in last if c["type"] != "textfield")]
while n_cond < 300:  # top up on the last panel's fields, reading earlier panels
    extra, rule = cond_for(idx)
    free.pop(0).update(extra)
    plain.append(rule)

count = sum(1 + len(p["components"]) for p in components)
conds = sum(("conditional" in c or "customConditional" in c) for p in components for c in [p] + p["components"])
assert count == 1000 and conds == 300, (count, conds)
doc = {"about": "Benchmark form: 1,000 components (50 panels x 19 fields + the panels), 300 visibility conditions (JSON Logic, simple, legacy, customConditional); `plainConditions` are the same 300 conditions as plain JSON Logic over {data} for json-logic-js. Generated by forms_make_bench.py (seed 42).",
       "form": {"title": "Benchmark", "display": "form", "components": components}, "submission": submission, "plainConditions": plain}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forms_bench.json")
json.dump(doc, open(out, "w"), separators=(",", ":"))
print(out, count, "components", conds, "conditions", len(plain), "plain")
