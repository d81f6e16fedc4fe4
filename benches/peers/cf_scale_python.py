"""Codici fiscali by the million, on realistic data: the Arrow API against the list API and
python-stdnum, and decoding with errors (issue 21; docs/scale.md says which API to use when).

Set up (once), from the repository root:
    .venv/bin/pip install -r bindings-python/requirements-dev.txt python-stdnum
    VIRTUAL_ENV=$PWD/.venv .venv/bin/maturin develop --release -m bindings-python/Cargo.toml
Run:
    .venv/bin/python benches/peers/cf_scale_python.py [--rows 5000000] [--repeat 3]

The column: `--rows` generated codes, distinct (random surname/name letters, dates and real
Belfiore codes, the check letter computed here), 5 % with a wrong check letter, 0.5 % null,
1 % lower case; the same column as a Python list, a pyarrow `string` array and a Polars Series
(`string_view`), and the Polars plugin (`pl.col("cf").sportello.cf_is_valid()`, eager and in a lazy
query on the streaming engine, which runs it on Polars' threads: its wall rate above its CPU rate
is the use of more than one core). Figures are the best of `--repeat` runs, CPU time of the
process and wall time; rates are rows per second of the whole column (nulls included). python-stdnum and the per-row Python paths
run on the first `--sample` rows and are given as rates.
"""

import argparse
import datetime as dt
import gc
import os
import platform
import string
import time

import polars as pl
import pyarrow as pa
from stdnum.it import codicefiscale as scf

import sportello.polars  # noqa: F401  (the plugin's `sportello` expression namespace)
from sportello import cf

TODAY = dt.date(2026, 11, 23)
ODD = dict(
    zip(
        string.digits + string.ascii_uppercase,
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] + [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
    )
)
EVEN = {**{d: i for i, d in enumerate(string.digits)}, **{c: i for i, c in enumerate(string.ascii_uppercase)}}
MONTHS = "ABCDEHLMPRST"


def places():
    """Belfiore codes of real places (municipalities and foreign states), from the library's table."""
    out = set()
    for a in string.ascii_uppercase:
        for b in string.ascii_lowercase:
            out.update(p.code for p in cf.place_search(a + b, None, 1000))
    return sorted(out)


def column(n, seed=21):
    """The generated column as a Polars Series (vectorised: each part of the code sampled from its
    few values with its contribution to the check letter, which is computed here)."""

    def part(values, position, name):
        # a part of the code starting at `position`: its values and their check-sum contribution
        weight = [sum((ODD if (position + i) % 2 == 0 else EVEN)[c] for i, c in enumerate(v)) for v in values]
        frame = pl.DataFrame({name: values, name + "_w": weight})
        return frame.sample(n, with_replacement=True, seed=seed + position)

    consonants = list("BCDFGHJKLMNPQRSTVWXYZ")
    parts = [part(consonants, i, f"l{i}") for i in range(6)]
    parts.append(part([f"{y:02d}" for y in range(100)], 6, "year"))
    parts.append(part(list(MONTHS), 8, "month"))
    parts.append(part([f"{d:02d}" for d in list(range(1, 29)) + list(range(41, 69))], 9, "day"))
    parts.append(part(places(), 11, "place"))
    df = pl.concat(parts, how="horizontal")
    df = df.with_columns(
        u=pl.Series(range(1000)).sample(n, with_replacement=True, seed=seed),
        shift=pl.Series(range(1, 26)).sample(n, with_replacement=True, seed=seed + 99),
    )
    names = [c for c in df.columns if not c.endswith("_w") and c not in ("u", "shift")]
    total = pl.sum_horizontal([pl.col(c + "_w") for c in names])
    check = pl.when(pl.col("u").is_between(5, 54)).then((total + pl.col("shift")) % 26).otherwise(total % 26)  # 5 %: wrong
    letter = check.replace_strict({i: chr(65 + i) for i in range(26)}, return_dtype=pl.String)
    code = pl.concat_str([*[pl.col(c) for c in names], letter])
    code = pl.when(pl.col("u") < 5).then(None).when(pl.col("u") >= 990).then(code.str.to_lowercase()).otherwise(code)  # 0.5 % null, 1 % lower
    return df.select(cf=code)["cf"]


def best(fn, repeat):
    """The best (wall, CPU) seconds of `repeat` runs: on a machine shared with other work the CPU
    time of this one thread is the figure to compare; the wall time is shown too."""
    times = []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append((time.perf_counter() - w, time.process_time() - c))
        del out
    return min(t[0] for t in times), min(t[1] for t in times)


def stdnum_valid(c):
    if c is None:
        return None
    try:
        return scf.is_valid(c)
    except Exception:
        return False


def decode_try(c):
    """Decoding with errors the way issue 21 found people doing it: one try/except per row."""
    if c is None:
        return None
    try:
        return cf.decode(c, TODAY)
    except cf_error as e:
        return e.code


cf_error = __import__("sportello").CfError


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=200_000)
    a = ap.parse_args()

    t = time.perf_counter()
    series = column(a.rows)
    codes = series.to_list()
    gen = time.perf_counter() - t
    arrow = pa.array(codes, pa.string())
    sample = codes[: a.sample]
    n = len(codes)
    # the data is what it says
    valid = cf.is_valid_arrow(arrow)
    nulls, true = valid.null_count, valid.true_count
    assert cf.is_valid_many(codes) == valid.to_pylist()
    assert [stdnum_valid(c) for c in sample[:20_000]] == valid.to_pylist()[:20_000]
    distinct = len(set(codes))

    rows = []

    def measure(work, name, fn, count=n):
        wall, cpu = best(fn, a.repeat)
        rows.append((work, name, count / cpu, count / wall, cpu * n / count))

    measure("is_valid", "Arrow cf.is_valid_arrow(pyarrow string array)", lambda: cf.is_valid_arrow(arrow))
    measure("is_valid", "Arrow cf.is_valid_arrow(Polars Series, string_view)", lambda: cf.is_valid_arrow(series))
    frame = series.to_frame("cf")
    plugin = pl.col("cf").sportello.cf_is_valid()
    assert frame.select(plugin)["cf"].to_list() == valid.to_pylist()
    measure("is_valid", "plugin pl.col.sportello.cf_is_valid(), eager select", lambda: frame.select(plugin))
    measure("is_valid", "plugin, lazy query, streaming engine (Polars' threads)", lambda: frame.lazy().select(plugin).collect(engine="streaming"))
    measure("is_valid", "list cf.is_valid_many(list)", lambda: cf.is_valid_many(codes))
    measure("is_valid", "list cf.is_valid_many(series.to_list()) (issue's way)", lambda: cf.is_valid_many(series.to_list()))
    measure("is_valid", "python-stdnum is_valid, loop", lambda: [stdnum_valid(c) for c in sample], len(sample))
    measure("validate", "Arrow cf.validate_arrow (error code per row)", lambda: cf.validate_arrow(arrow))
    measure("validate", "list cf.validate_many", lambda: cf.validate_many(codes))
    validate = pl.col("cf").sportello.cf_validate()
    measure("validate", "plugin cf_validate, streaming engine (Polars' threads)", lambda: frame.lazy().select(validate).collect(engine="streaming"))
    measure("decode", "Arrow cf.decode_arrow (struct, errors per row)", lambda: cf.decode_arrow(arrow, TODAY))
    decode = pl.col("cf").sportello.cf_decode(TODAY)
    measure("decode", "plugin cf_decode, streaming engine (Polars' threads)", lambda: frame.lazy().select(decode).collect(engine="streaming"))
    measure("decode", "list cf.decode_many (Decoded or CfError)", lambda: cf.decode_many(sample, TODAY), len(sample))
    measure("decode", "cf.decode + try/except per row", lambda: [decode_try(c) for c in sample], len(sample))

    print(f"Python {platform.python_version()} on {platform.machine()}, pyarrow {pa.__version__}, polars {pl.__version__}")
    print(f"{n:,} rows ({distinct:,} distinct values), {nulls:,} null, {true:,} valid, {n - nulls - true:,} invalid; generated in {gen:.1f} s")
    print(f"best of {a.repeat}; per-row paths on the first {len(sample):,} rows; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(f"{'work':9} {'implementation':56} {'rows/s CPU':>12} {'rows/s wall':>12} {'column CPU':>11} {'vs stdnum':>10}")
    stdnum = next(r for w, name, r, *_ in rows if name.startswith("python-stdnum"))
    for work, name, r, rw, s in rows:
        vs = f"{r / stdnum:,.0f}x" if work == "is_valid" and not name.startswith("python-stdnum") else ""
        print(f"{work:9} {name:56} {r:12,.0f} {rw:12,.0f} {s:10.3f}s {vs:>10}")


if __name__ == "__main__":
    main()
