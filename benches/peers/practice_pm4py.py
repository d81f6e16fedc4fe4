"""The practice audit against pm4py (issue 22): agreement check and timing, on one generated log.

pm4py is AGPL: a test tool only, never a dependency. `scripts/setup.sh` installs it in its own venv,
`.venv-pm4py` (benches/peers/requirements-pm4py.txt), and `scripts/test.sh` runs this script with
`--check` (agreement only) on 3,000 histories. For the figures, build the package in release mode and
put it on pm4py's path:

    VIRTUAL_ENV=$PWD/.venv .venv/bin/maturin develop --release -m bindings-python/Cargo.toml
    PYTHONPATH=bindings-python/python .venv-pm4py/bin/python benches/peers/practice_pm4py.py --cases 100000

It loads the PNML of `Auditor.to_pnml()` with pm4py, generates a log (random walks of the
configuration's graph, a share of them with one random edit), and checks that
- every history pm4py's alignments find fitting is clean for the audit, and conversely;
- the alignment cost (pm4py's standard costs: 10 000 per log or visible model move, 1 per silent
  move, so cost // 10 000 moves) equals the repair cost of every history;
- token replay's verdicts are counted against ours (not required to agree: pm4py's token replay
  may call a history fit that its own alignments do not, e.g. 1000, 50000, 20000);
then times them on the same log (CPU time of the process): the verdicts alone (`conforms_many` on
Python lists, `conforms_arrow` on the log's Arrow columns, which is how a data frame holds it)
against token replay, whose `trace_is_fit` is that verdict; the audits with their repairs
(`audit_many`, `audit_arrow`) against alignments. Each timed call of ours starts from a new
`Auditor`, so that none reuses the repairs an earlier call remembered.
"""
import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time

import pandas as pd
import pyarrow as pa

os.environ.setdefault("PM4PY_SHOW_PROGRESS_BAR", "False")
import pm4py  # noqa: E402

from sportello import practice

CONFIG = {"protocolRequired": True, "allowWithdrawal": True, "allowReopening": True, "payment": "immediate", "paymentAmount": "16.00", "stampsOnRelease": True}
CODES = [1000, 1400, 1500, 1510, 1520, 1530, 1900, 2000, 3000, 4000, 4100, 4200, 4300, 4400, 6000, 7000, 8000, 9000, 20000, 50000]


def histories(n, seed=22):
    g = practice.graph(CONFIG)
    out_edges = {}
    for e in g["edges"]:
        out_edges.setdefault(e["from"], []).append(e["to"])
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        state, codes = 0, [g["states"][0]["status"]]
        for _ in range(rnd.randrange(1, 14)):
            nxt = out_edges.get(state)
            if not nxt:
                break
            state = rnd.choice(nxt)
            codes.append(g["states"][state]["status"])
        if rnd.random() < 0.3:
            k = rnd.randrange(len(codes) + 1)
            op = rnd.randrange(3)
            if op == 0:
                codes.insert(k, rnd.choice(CODES))
            elif k < len(codes):
                if op == 1 and len(codes) > 1:
                    del codes[k]
                else:
                    codes[k] = rnd.choice(CODES)
        out.append(codes)
    return out


def best(f, repeat):
    """The smallest CPU time of `repeat` calls of f (the first call also pays allocation warm-up), and f's result.
    The previous call's result is freed before the clock starts, so that no call pays for another's."""
    times = []
    out = None
    for _ in range(repeat):
        out = None
        t = time.process_time()
        out = f()
        times.append(time.process_time() - t)
    return min(times), out


def one_by_one(auditor, histories):
    return [auditor.audit(h) for h in histories]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3, help="timing: best of this many runs (alignments: one run)")
    ap.add_argument("--check", action="store_true", help="only the agreement check (the test command): no token replay, no timing")
    ap.add_argument("--dump", metavar="FILE", help="write the log as JSON ({config, histories}) for the core's example practice_log, and stop")
    args = ap.parse_args()
    if args.dump:
        import json
        with open(args.dump, "w") as f:
            json.dump({"config": CONFIG, "histories": histories(args.cases)}, f)
        return
    auditor = practice.Auditor(CONFIG)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "practice.pnml")
        with open(path, "w") as f:
            f.write(auditor.to_pnml())
        net, im, fm = pm4py.read_pnml(path)
    print(f"PNML loaded by pm4py: {len(net.places)} places, {len(net.transitions)} transitions")

    hs = histories(args.cases)
    t0 = dt.datetime(2025, 2, 20, 9, 0, tzinfo=dt.timezone.utc)
    rows = [(f"c{i}", str(c), t0 + dt.timedelta(minutes=k)) for i, h in enumerate(hs) for k, c in enumerate(h)]
    df = pd.DataFrame(rows, columns=["case:concept:name", "concept:name", "time:timestamp"])
    log = pm4py.convert_to_event_log(df)
    ours_rows = [[(c, k * 60) for k, c in enumerate(h)] for h in hs]

    # The same log as Arrow columns, as a data frame holds it (audit_arrow reads them in place).
    cases = pa.array([r[0] for r in rows])
    codes = pa.array([int(r[1]) for r in rows], pa.int32())
    ats = pa.array([r[2] for r in rows], pa.timestamp("us", tz="UTC"))

    repeat = 1 if args.check else args.repeat
    # Each timed call compiles its own Auditor (about 15 us): an Auditor remembers the repair of
    # each variant it has seen, and pm4py starts each call from nothing, so no call may reuse
    # what an earlier one learnt.
    t_ours, batch = best(lambda: practice.Auditor(CONFIG).audit_many(ours_rows), repeat)
    t_cols, batch_cols = best(lambda: practice.Auditor(CONFIG).audit_arrow(cases, codes, ats), repeat)
    t_ours_each, reports = best(lambda: one_by_one(practice.Auditor(CONFIG), ours_rows), repeat)
    # The verdicts alone (what token replay's trace_is_fit answers): conforms_many per history,
    # conforms_arrow per row.
    t_ok, oks = best(lambda: practice.Auditor(CONFIG).conforms_many(ours_rows), repeat)
    t_ok_cols, oks_cols = best(lambda: practice.Auditor(CONFIG).conforms_arrow(cases, codes, ats), repeat)
    tbr = None
    if not args.check:
        t_tbr, tbr = best(lambda: pm4py.conformance_diagnostics_token_based_replay(log, net, im, fm), repeat)
    t_al, al = best(lambda: pm4py.conformance_diagnostics_alignments(log, net, im, fm), 1)

    by_case = {tr.attributes["concept:name"]: i for i, tr in enumerate(log)}
    bad = tbr_bad = 0
    for i, r in enumerate(reports):
        j = by_case[f"c{i}"]
        cost = al[j]["cost"] // 10000
        fits = al[j]["cost"] < 10000
        if fits != r.ok or cost != r.repair["cost"]:
            bad += 1
            if bad <= 5:
                print("disagree", hs[i], r.to_dict(), al[j]["cost"], file=sys.stderr)
        if tbr is not None and tbr[j]["trace_is_fit"] != r.ok:
            tbr_bad += 1
    fitting = sum(r.ok for r in reports)
    batch_bad = sum(1 for f in batch.failing if reports[f["history"]].ok) + (batch.clean != fitting) + (batch_cols.to_dict() != batch.to_dict())
    per_row = [r.ok for r, h in zip(reports, hs) for _ in h]
    batch_bad += sum(o != r.ok for o, r in zip(oks, reports)) + (len(oks) != len(reports)) + (oks_cols.to_pylist() != per_row)
    print(f"{len(hs)} histories, {fitting} fitting; disagreements with pm4py's alignments (verdict or cost): {bad}; "
          f"audit_many, audit_arrow, conforms_many and conforms_arrow against audit one by one: {batch_bad}")
    print(f"log fitness: sportello {batch.fitness}, pm4py alignments {pm4py.fitness_alignments(log, net, im, fm)['log_fitness']:.6f}")
    if not args.check:
        print(f"verdicts differing from token replay: {tbr_bad} (pm4py's token replay may call fit what its alignments do not)")
        print(f"CPU time, best of {repeat} (alignments: one run)")
        print(f"  verdicts: sportello conforms_many {t_ok * 1e3:.1f} ms, conforms_arrow {t_ok_cols * 1e3:.1f} ms; "
              f"pm4py token replay {t_tbr:.2f} s ({t_tbr / t_ok:.0f}x conforms_many, {t_tbr / t_ok_cols:.0f}x conforms_arrow)")
        print(f"  repairs: sportello audit_many {t_ours * 1e3:.1f} ms ({t_ours_each * 1e3:.1f} ms one by one), "
              f"audit_arrow {t_cols * 1e3:.1f} ms; pm4py alignments {t_al:.2f} s ({t_al / t_ours:.0f}x audit_many, "
              f"{t_al / t_cols:.0f}x audit_arrow); token replay against audit_many {t_tbr / t_ours:.0f}x")
    sys.exit(1 if bad or batch_bad else 0)


if __name__ == "__main__":
    main()
