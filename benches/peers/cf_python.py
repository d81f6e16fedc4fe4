"""Codice fiscale in Python: sportello vs python-codicefiscale vs python-stdnum, in one run.

Set up (once), from the repository root:
    .venv/bin/pip install ./bindings-python python-codicefiscale python-stdnum
Run:
    .venv/bin/python benches/peers/cf_python.py [--seconds 2]

Every library validates the same list of valid codes (with omocodia variants) and must accept all
of them; the work is comparable: python-stdnum checks format, check letter and date;
python-codicefiscale and sportello also check the birthplace (python-codicefiscale through its
decoder). Decoding (sex, date, birthplace) is measured separately. Throughput is codes per second
of wall time on one thread; ratios are sportello / peer.
"""

import argparse
import datetime as dt
import platform
import time

import codicefiscale as pcf  # python-codicefiscale
from stdnum.it import codicefiscale as scf  # python-stdnum

from sportello import cf

TODAY = dt.date(2026, 11, 23)


def codes(n, omocodia=True):
    people = [
        ("Rossi", "Mario", "M", dt.date(1980, 1, 1), "H501"),
        ("Bianchi", "Anna Maria", "F", dt.date(1975, 12, 31), "F205"),
        ("Caccamo", "Fabio", "M", dt.date(1983, 5, 3), "L219"),
        ("Esposito", "Giuseppe", "M", dt.date(1962, 7, 14), "F839"),
        ("Ferrari", "Giulia", "F", dt.date(1999, 10, 5), "A944"),
        ("Russo", "Francesco", "M", dt.date(1948, 3, 22), "G273"),
        ("Colombo", "Chiara", "F", dt.date(2010, 6, 30), "L736"),
        ("Öz", "Li", "F", dt.date(2001, 2, 28), "Z112"),
    ]
    pool = []
    for surname, name, sex, birth_date, birthplace in people:
        code = cf.encode(surname=surname, name=name, sex=sex, birth_date=birth_date, birthplace=birthplace)
        pool.extend(cf.omocodes(code)[::16] if omocodia else [code])
    return [pool[i % len(pool)] for i in range(n)]


def rate(fn, items, seconds):
    """Items per second of `fn(items)` (repeated until `seconds` have passed)."""
    done, start = 0, time.perf_counter()
    while True:
        fn(items)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    a = ap.parse_args()
    big, small = codes(100_000), codes(200)
    assert all(cf.is_valid_many(big))
    assert all(scf.is_valid(c) for c in small)
    assert all(pcf.is_valid(c) for c in small)

    rows = [
        ("validate", "sportello cf.is_valid_many (batch, GIL released)", rate(cf.is_valid_many, big, a.seconds)),
        ("validate", "sportello cf.is_valid (loop)", rate(lambda xs: [cf.is_valid(c) for c in xs], big, a.seconds)),
        ("validate", "python-stdnum it.codicefiscale.is_valid", rate(lambda xs: [scf.is_valid(c) for c in xs], codes(5_000), a.seconds)),
        ("validate", "python-codicefiscale is_valid", rate(lambda xs: [pcf.is_valid(c) for c in xs], small, a.seconds)),
        # Decoding without omocodia: python-stdnum's get_gender fails on an omocode day.
        ("decode", "sportello cf.decode (sex, date, birthplace)", rate(lambda xs: [cf.decode(c, TODAY) for c in xs], codes(20_000, False), a.seconds)),
        ("decode", "python-stdnum get_birth_date + get_gender (no place)", rate(lambda xs: [(scf.get_birth_date(c), scf.get_gender(c)) for c in xs], codes(5_000, False), a.seconds)),
        ("decode", "python-codicefiscale decode", rate(lambda xs: [pcf.decode(c) for c in xs], codes(200, False), a.seconds)),
    ]
    print(f"Python {platform.python_version()} on {platform.machine()}; {a.seconds}s per measurement\n")
    print(f"{'work':9} {'implementation':52} {'codes/s':>14} {'sportello is':>14}")
    best = {}
    for work, name, r in rows:
        best.setdefault(work, r)  # the first row of each work is sportello's best
    for work, name, r in rows:
        ratio = "" if name.startswith("sportello") else f"{best[work] / r:,.0f}x faster"
        print(f"{work:9} {name:52} {r:14,.0f} {ratio:>14}")


if __name__ == "__main__":
    main()
