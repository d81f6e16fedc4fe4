"""Peer benchmark of sportello.payments from Python (not a test).

Run from the repo root after `pip install ./bindings-python` (or `maturin develop --release`):
    .venv/bin/python benches/peers/payments_python.py
Optional peer: `pip install python-stdnum` (its iso11649 module validates RF references).

Measures the issue's target, batch validation of 1 million notice numbers (<= 0.2 s), against a
plain-Python implementation of the same mod-93 rule, and RF validation against python-stdnum.
Wall time is the best of 5 runs; CPU time (time.thread_time) is shown beside it because the
machine may be shared.
"""
import random
import time

from sportello import payments


def notices(n, seed=7):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        first16 = "3%02d%013d" % (i % 46, rnd.randrange(10**13))
        cd = int(first16) % 93
        if i % 10 == 9:
            cd = (cd + 1) % 100
        out.append(f"{first16}{cd:02d}")
    return out


def pure_python_is_valid(s):
    return len(s) == 18 and s.isdigit() and s[0] in "0123" and (s[0] == "1" or int(s[:16]) % 93 == int(s[16:]))


def best(f, runs=5):
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.thread_time()
        f()
        walls.append(time.perf_counter() - w)
        cpus.append(time.thread_time() - c)
    return min(walls), min(cpus)


def main():
    batch = notices(1_000_000)
    assert payments.notice_is_valid_many(batch) == [pure_python_is_valid(s) for s in batch]
    rows = [
        ("sportello notice_is_valid_many(1M)", best(lambda: payments.notice_is_valid_many(batch))),
        ("sportello [notice_is_valid(s) for s in 1M]", best(lambda: [payments.notice_is_valid(s) for s in batch], 3)),
        ("pure Python int(s[:16]) % 93 (1M)", best(lambda: [pure_python_is_valid(s) for s in batch], 3)),
    ]
    refs = [payments.rf_build("%015d" % i) for i in range(100_000)]
    rows.append(("sportello rf_is_valid (100k)", best(lambda: [payments.rf_is_valid(r) for r in refs], 3)))
    try:
        from stdnum import iso11649

        assert all(iso11649.is_valid(r) for r in refs[:1000])
        rows.append(("python-stdnum iso11649.is_valid (100k)", best(lambda: [iso11649.is_valid(r) for r in refs], 3)))
    except ImportError:
        rows.append(("python-stdnum not installed", (float("nan"), float("nan"))))
    print(f"{'what':<46} {'wall s':>8} {'cpu s':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:<46} {wall:8.3f} {cpu:8.3f}")


if __name__ == "__main__":
    main()
