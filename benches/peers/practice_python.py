"""Benchmark of sportello.practice from Python (issue 3 targets: audit_many >= 1M histories/s on
one core for ~8-step histories; a single apply <= 2 us).

Run from the repo root after building the Python package:
    . .venv/bin/activate && (cd bindings-python && maturin develop --release)
    python benches/peers/practice_python.py [--histories 1000000]

As a baseline it also times a plain-Python audit of the same rows (a whitelist of (from, to) pairs,
as a town-hall script would write it; it checks far less: no history facts, no configuration).
"""
import argparse
import datetime as dt
import time

from sportello.practice import Actor, Auditor, Practice, ServiceConfig, audit_many

CF = "RSSMRA80A01H501U"


def histories(n):
    """n histories of 8 rows (code, unix seconds); one in ten has an illegal step."""
    clean = (1000, 1900, 2000, 3000, 4000, 4100, 4200, 4300)
    clean2 = (1000, 1900, 2000, 3000, 4000, 4000, 6000, 7000)
    bad = (1000, 1900, 2000, 4000, 4100, 4200, 4300, 4400)
    out = []
    for i in range(n):
        base = 1_740_000_000 + i * 60
        codes = bad if i % 10 == 0 else clean2 if i % 10 in (1, 3, 5) else clean
        out.append([(c, base + k * 3600) for k, c in enumerate(codes)])
    return out


# CPU time of this process: on a shared, loaded machine wall time mostly measures the other
# processes. Pass --wall to time with the wall clock instead.
clock = time.process_time


def best(f, repeat=5):
    times = []
    for _ in range(repeat):
        t = clock()
        r = f()
        times.append(clock() - t)
    return min(times), r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--histories", type=int, default=1_000_000)
    ap.add_argument("--applies", type=int, default=200_000)
    ap.add_argument("--wall", action="store_true", help="wall-clock timing instead of process CPU time")
    args = ap.parse_args()
    global clock
    if args.wall:
        clock = time.perf_counter
    cfg = ServiceConfig(protocol_required=True, allow_integration_requests=True, allow_withdrawal=True)

    hs = histories(args.histories)
    secs, batch = best(lambda: audit_many(cfg, hs), repeat=3)
    assert batch.histories == len(hs) and len(batch.failing) == len(hs) // 10
    print(f"audit_many: {len(hs):,} histories x 8 steps in {secs:.3f} s = {len(hs) / secs / 1e6:.2f} M histories/s")
    auditor = Auditor(cfg)
    secs, _ = best(lambda: auditor.audit_many(hs), repeat=3)
    print(f"Auditor.audit_many (graph compiled once): {len(hs) / secs / 1e6:.2f} M histories/s")

    allowed = {(1000, 1900), (1900, 2000), (2000, 3000), (3000, 4000), (4000, 4000), (4000, 4100), (4100, 4200),
               (4200, 4300), (4300, 4400), (4400, 4000), (4000, 6000), (6000, 7000)}

    def naive():
        bad = 0
        for h in hs:
            prev = None
            for code, at in h:
                if prev is not None and ((prev[0], code) not in allowed or at < prev[1]):
                    bad += 1
                    break
                prev = (code, at)
        return bad

    secs, _ = best(naive, repeat=1)
    print(f"baseline plain-Python whitelist loop: {len(hs) / secs / 1e6:.2f} M histories/s")

    # Single apply, as in real use: the seed 3 timeline on fresh practices (6 applies each; the
    # practice's construction is included in the figure).
    tz = dt.timezone(dt.timedelta(hours=1))
    t0 = dt.datetime(2025, 2, 20, 9, 0, tzinfo=tz)
    ts = [t0 + dt.timedelta(minutes=k) for k in range(8)]
    cit, op, sys_, proto = Actor.citizen(CF), Actor.operator("op-1"), Actor.system(), Actor.protocol()
    n = args.applies // 6

    def seed3():
        for _ in range(n):
            p = Practice("P-1", CF, cfg, ts[0])
            p.apply("submit", cit, ts[1])
            p.apply("acquire", sys_, ts[2])
            p.apply("register", proto, ts[3], protocol_number="2025/1")
            p.apply("assign", op, ts[4])
            p.apply("accept", op, ts[5], "ok")
            p.apply("registerOutcome", proto, ts[6])

    secs, _ = best(seed3, repeat=3)
    print(f"Practice.apply (seed 3: new practice + 6 events): {secs / (n * 6) * 1e6:.2f} us per apply")

    p = Practice("P-2", CF, cfg, t0)

    def messages():
        for _ in range(n):
            p.apply("message", op, t0, "ok")

    secs, _ = best(messages, repeat=1)
    print(f"Practice.apply (message, no status change): {secs / n * 1e6:.2f} us per call")

    p = Practice("P-3", CF, cfg, t0)
    p.apply("submit", cit, ts[1])
    p.apply("acquire", sys_, ts[2])

    def allowed():
        for _ in range(n):
            p.allowed_events(op)

    secs, _ = best(allowed, repeat=1)
    print(f"Practice.allowed_events: {secs / n * 1e6:.2f} us per call")


if __name__ == "__main__":
    main()
