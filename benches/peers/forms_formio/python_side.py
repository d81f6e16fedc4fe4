"""The Python side of bench.mjs: times sportello's Python binding over the same form and
submissions (one warm pass, then the best of three), reading each result's valid, errors, data
and hidden, printing µs per submission."""

import datetime
import json
import sys
import time

from sportello import forms

doc = json.load(open(sys.argv[1], encoding="utf-8"))
opts = doc["options"]
form = forms.Form.from_formio(doc["form"], type_aliases=opts["typeAliases"], forms=opts["forms"])
subs = doc["subs"]
today = datetime.date.fromisoformat(doc["today"])


def one_pass() -> float:
    t = time.perf_counter()
    for d in subs:
        e = form.evaluate(d, today=today)
        # (what a caller reads, as the Node result holds it already converted)
        e.valid, e.errors, e.data, e.hidden
    return (time.perf_counter() - t) * 1e6 / len(subs)


one_pass()
print(f"{min(one_pass() for _ in range(3)):.3f}")
