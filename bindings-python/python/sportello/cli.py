"""The ``sportello`` command line (also ``python -m sportello``): checks files of codes with the
library's rules. Every answer comes from the library (``cf.validate_many``, ``cf.validate_arrow``,
``payments.notice_validate_many``, ``slots.to_ics``, ``practice.read_csv``/``read_xes`` and
``practice.report``); this module reads files and writes reports.

    sportello cf check FILE [--column NAME] [--annotate] [--json] [--output FILE]
    sportello payments notice-check FILE [--column NAME] [--lenient] [--annotate] [--json]
    sportello slots ics CALENDAR.json [--bookings FILE] [--from DATE] [--to DATE] [--now INSTANT]
    sportello practice audit FILE --service SERVICE.json [--calendars FILE] [--on DATE] [--json]

Exit status: 0 when every row is valid, 1 when some row is not, 2 on a usage or input error.
FILE is CSV (``.csv``, ``.tsv``), JSON Lines (``.jsonl``, ``.ndjson``) or Parquet (``.parquet``,
with pyarrow installed); ``-`` reads CSV from standard input. A blank CSV cell, a JSON ``null`` or
a missing key is an empty row: counted apart, never a problem. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from typing import Any, Callable, Iterator, Sequence

from . import __version__, cf, payments, practice, service, slots

CHUNK = 100_000
"""Rows checked per call (and per progress update)."""

COLUMNS = {
    "cf": ("cf", "codice_fiscale", "codicefiscale", "fiscal_code", "tax_code", "codice fiscale"),
    "notice": ("notice", "notice_number", "numero_avviso", "codice_avviso", "iuv_code", "avviso"),
}
"""Column names tried, case-insensitively, when ``--column`` is not given."""


class UsageError(Exception):
    """An input the command cannot read (exit status 2)."""


# ------------------------------------------------------------------------------------ reading


def _format(path: str, given: str | None) -> str:
    if given:
        return given
    lower = path.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".parquet", ".pq")):
        return "parquet"
    if lower.endswith(".tsv"):
        return "tsv"
    return "csv"


def _pick_column(names: Sequence[str], given: str | None, kind: str) -> str:
    if given is not None:
        if given not in names:
            raise UsageError(f"no column {given!r}; the columns are: {', '.join(names)}")
        return given
    wanted = {c.lower() for c in COLUMNS[kind]}
    for n in names:
        if n.strip().lower() in wanted:
            return n
    if len(names) == 1:
        return names[0]
    raise UsageError(f"which column? give --column NAME (the columns are: {', '.join(names)})")


def _cell(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


class Source:
    """The rows of a file, in chunks: ``names`` (the columns), ``column`` (the one checked),
    ``chunks()`` yielding ``(records, values)``: the raw records (for annotated output) and the
    checked column's values (``None`` for an empty cell)."""

    def __init__(self, path: str, fmt: str | None, column: str | None, kind: str, arrow_csv: bool = False):
        self.path, self.fmt = path, _format(path, fmt)
        self.arrow_csv = None
        self.kind = kind
        if self.fmt == "parquet":
            try:
                import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]
            except ImportError:
                raise UsageError("reading Parquet needs pyarrow (pip install pyarrow)") from None
            try:
                self.parquet = pq.ParquetFile(path)
            except (OSError, ValueError) as e:
                raise UsageError(f"{path}: {e}") from None
            self.names = list(self.parquet.schema_arrow.names)
            self.column = _pick_column(self.names, column, kind)
            self.total = self.parquet.metadata.num_rows
            return
        try:
            self.handle = sys.stdin if path == "-" else open(path, newline="", encoding="utf-8-sig")
        except OSError as e:
            raise UsageError(f"{path}: {e.strerror}") from None
        self.total = None
        if self.fmt in ("csv", "tsv"):
            self.reader = csv.DictReader(self.handle, delimiter="\t" if self.fmt == "tsv" else ",")
            self.names = list(self.reader.fieldnames or [])
            if not self.names:
                raise UsageError(f"{path}: no header row")
            self.column = _pick_column(self.names, column, kind)
            if arrow_csv and path != "-":
                self.arrow_csv = self._arrow_csv()
        elif self.fmt == "jsonl":
            self.first = self._jsonl()
            first = next(self.first, None)
            self.head = [] if first is None else [first]
            self.names = list(first.keys()) if first else []
            self.column = _pick_column(self.names or [column or COLUMNS[kind][0]], column, kind)
        else:
            raise UsageError(f"unknown format {self.fmt!r} (csv, tsv, jsonl, parquet)")

    def _arrow_csv(self) -> Any:
        """A report needs only the checked column: with pyarrow present, a CSV file is read by
        pyarrow's reader (every column as text, a blank cell as null) and checked through the
        Arrow API, with no Python object per row."""
        try:
            import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
            import pyarrow.csv as pacsv  # type: ignore[import-untyped, import-not-found, unused-ignore]
        except ImportError:
            return None
        self.handle.close()
        try:
            return pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(block_size=1 << 22),
                parse_options=pacsv.ParseOptions(delimiter="\t" if self.fmt == "tsv" else ","),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.string() for n in self.names}, include_columns=[self.column], strings_can_be_null=True
                ),
            )
        except (OSError, ValueError) as e:
            raise UsageError(f"{self.path}: {e}") from None

    def _jsonl(self) -> Iterator[dict]:
        for n, line in enumerate(self.handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise UsageError(f"{self.path}:{n}: not JSON ({e.msg})") from None
            if not isinstance(record, dict):
                raise UsageError(f"{self.path}:{n}: a JSON object per line expected")
            yield record

    def chunks(self) -> Iterator[tuple[list, Any]]:
        if self.fmt == "parquet":
            for batch in self.parquet.iter_batches(batch_size=CHUNK):
                yield batch, batch.column(self.column)
            return
        if self.arrow_csv is not None:
            try:
                for batch in self.arrow_csv:
                    yield batch, batch.column(self.column)
            except ValueError as e:  # pyarrow.ArrowInvalid: a malformed row
                raise UsageError(f"{self.path}: {e}") from None
            return
        records = self.reader if self.fmt in ("csv", "tsv") else _chain(self.head, self.first)
        buf: list = []
        for r in records:
            buf.append(r)
            if len(buf) == CHUNK:
                yield buf, [_cell(x.get(self.column)) for x in buf]
                buf = []
        if buf:
            yield buf, [_cell(x.get(self.column)) for x in buf]


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


# ------------------------------------------------------------------------------------ checking


class Progress:
    """Rows done, on standard error when it is a terminal (and the file is long)."""

    def __init__(self, total: int | None, quiet: bool):
        self.on = not quiet and sys.stderr.isatty()
        self.total, self.done, self.shown = total, 0, False

    def add(self, n: int) -> None:
        self.done += n
        if self.on and (self.shown or self.done >= CHUNK):
            self.shown = True
            of = f" of {self.total:,}" if self.total else ""
            pct = f" ({100 * self.done // self.total}%)" if self.total else ""
            sys.stderr.write(f"\r{self.done:,}{of} rows checked{pct}")
            sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _check(args: argparse.Namespace, kind: str, codes_of: Callable[[Any], list]) -> int:
    source = Source(args.file, args.format, args.column, kind, arrow_csv=not args.annotate)
    progress = Progress(source.total, args.quiet)
    stats: dict[str, Any] = {"rows": 0, "valid": 0, "invalid": 0, "empty": 0, "errors": {}}
    problems: list[dict] = []
    out = _Output(args, source) if args.annotate else None
    try:
        for records, values in source.chunks():
            codes = codes_of(values)
            texts = values if isinstance(values, list) else values.to_pylist()
            for i, (v, code) in enumerate(zip(texts, codes)):
                row = stats["rows"] + i + 1
                if v is None or (isinstance(v, str) and not v.strip()):
                    stats["empty"] += 1
                elif code is None:
                    stats["valid"] += 1
                else:
                    stats["invalid"] += 1
                    stats["errors"][code] = stats["errors"].get(code, 0) + 1
                    if len(problems) < args.max_problems:
                        problems.append({"row": row, "value": v, "code": code})
            if out:
                out.write(records, texts, codes)
            stats["rows"] += len(texts)
            progress.add(len(texts))
    finally:
        progress.end()
        if out:
            out.close()
    report = {"file": args.file, "column": source.column, **stats, "problems": problems}
    report["problems_truncated"] = stats["invalid"] > len(problems)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=None if args.annotate else 2), file=sys.stderr if _annotating_stdout(args) else sys.stdout)
    elif not _annotating_stdout(args):
        _print_report(report)
    else:
        print(f"{stats['rows']:,} rows, {stats['valid']:,} valid, {stats['invalid']:,} invalid, {stats['empty']:,} empty", file=sys.stderr)
    return 1 if stats["invalid"] else 0


def _annotating_stdout(args: argparse.Namespace) -> bool:
    return bool(args.annotate) and args.output in (None, "-")


def _print_report(r: dict) -> None:
    print(f"{r['file']} (column {r['column']!r}): {r['rows']:,} rows, {r['valid']:,} valid, {r['invalid']:,} invalid, {r['empty']:,} empty")
    for code, n in sorted(r["errors"].items(), key=lambda kv: -kv[1]):
        print(f"  {code:<28} {n:>10,}")
    if r["problems"]:
        more = " (first ones)" if r["problems_truncated"] else ""
        print(f"problems{more}:")
        for p in r["problems"]:
            print(f"  row {p['row']}: {p['value']!r} {p['code']}")


class _Output:
    """Annotated output: the input's rows with ``<column>_valid`` and ``<column>_error`` added, in
    the input's format (Parquet needs ``--output``)."""

    def __init__(self, args: argparse.Namespace, source: Source):
        self.fmt, self.col = source.fmt, source.column
        self.valid, self.error = f"{self.col}_valid", f"{self.col}_error"
        if self.fmt == "parquet":
            if args.output in (None, "-"):
                raise UsageError("annotated Parquet needs --output FILE.parquet")
            self.writer: Any = None
            self.path = args.output
            return
        self.handle = sys.stdout if args.output in (None, "-") else open(args.output, "w", newline="", encoding="utf-8")
        if self.fmt in ("csv", "tsv"):
            sep = "\t" if self.fmt == "tsv" else ","
            self.csv = csv.DictWriter(self.handle, fieldnames=[*source.names, self.valid, self.error], delimiter=sep, lineterminator="\n")
            self.csv.writeheader()

    def write(self, records: Any, texts: list, codes: list) -> None:
        valid = [None if t is None else c is None for t, c in zip(texts, codes)]
        if self.fmt == "parquet":
            import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
            import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

            batch = records.append_column(self.valid, pa.array(valid, pa.bool_())).append_column(self.error, pa.array(codes, pa.string()))
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.path, batch.schema)
            self.writer.write_batch(batch)
            return
        for r, ok, code in zip(records, valid, codes):
            r = dict(r)
            if self.fmt == "jsonl":
                r[self.valid], r[self.error] = ok, code
                self.handle.write(json.dumps(r, ensure_ascii=False) + "\n")
            else:
                r[self.valid] = "" if ok is None else ("true" if ok else "false")
                r[self.error] = code or ""
                self.csv.writerow(r)

    def close(self) -> None:
        if self.fmt == "parquet":
            if self.writer is not None:
                self.writer.close()
        elif self.handle is not sys.stdout:
            self.handle.close()
        else:
            self.handle.flush()


def cmd_cf_check(args: argparse.Namespace) -> int:
    def codes(values: Any) -> list:
        if isinstance(values, list):
            return cf.validate_many(values)
        return cf.validate_arrow(values).to_pylist()

    return _check(args, "cf", codes)


def cmd_notice_check(args: argparse.Namespace) -> int:
    lenient = True if args.lenient else None

    def codes(values: Any) -> list:
        if isinstance(values, list):
            return payments.notice_validate_many(values, lenient)
        return payments.notice_validate_arrow(values, lenient).to_pylist()

    return _check(args, "notice", codes)


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _instant(s: str) -> dt.datetime:
    try:
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an instant (RFC 3339): {s!r}") from None
    if t.tzinfo is None:
        raise argparse.ArgumentTypeError(f"an instant needs its offset (…Z or …+01:00): {s!r}")
    return t


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise UsageError(f"{path}: not JSON ({e})") from None


def cmd_slots_ics(args: argparse.Namespace) -> int:
    calendar = slots.Calendar.from_dict(_read_json(args.calendar))
    given = _read_json(args.bookings) if args.bookings else []
    if isinstance(given, dict) and "bookings" in given:
        given = given["bookings"]
    if not isinstance(given, list):
        raise UsageError(f"{args.bookings}: a JSON list of bookings expected")
    bookings: list[Any] = given
    now = args.now or dt.datetime.now(dt.timezone.utc)
    first = getattr(args, "from") or now.date()
    last = args.to or first + dt.timedelta(days=30)
    free = calendar.slots(first, last, bookings, now)
    text = slots.to_ics(calendar, bookings, [s for s in free if s.available], dtstamp=now, personal_data=True if args.personal_data else None)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return 0


def cmd_practice_audit(args: argparse.Namespace) -> int:
    definition = _read_json(args.service)
    if isinstance(definition, dict) and "card" in definition:
        # A whole service definition (docs/service.md): validated as a whole, its practice tab audits.
        calendars = _read_json(args.calendars) if args.calendars else None
        config = service.Service.from_json(definition, calendars).to_dict()["practice"]
    else:
        config = definition  # a practice configuration (ServiceConfig, docs/practice.md)
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8-sig") as f:
                text = f.read()
    except OSError as e:
        raise UsageError(f"{args.file}: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"{args.file}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    fmt = args.format or ("xes" if args.file.lower().endswith(".xes") else "csv")
    labels = _read_json(args.labels) if args.labels else None
    options: dict[str, Any] = {
        "case_column": args.case_column,
        "activity_column": args.activity_column,
        "time_column": args.time_column,
        "labels": labels,
        "sort_by_time": args.sort_by_time or None,
    }
    if fmt == "csv":
        log = practice.read_csv(text, delimiter=args.delimiter, **options)
    else:
        log = practice.read_xes(text, **options)
    report = practice.report(config, log, args.on)
    if args.json:
        out = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    else:
        out = practice.report_summary(report)
        out = out if out.endswith("\n") else out + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(out)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(out)
    clean = report.get("clean", 0) == report.get("cases", 0) and not report.get("missedDeadlines")
    return 0 if clean else 1


# ------------------------------------------------------------------------------------ parser


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sportello", description="Check codici fiscali, pagoPA notices and calendars with sportello's rules.")
    p.add_argument("--version", action="version", version=f"sportello {__version__}")
    caps = p.add_subparsers(dest="capability", metavar="CAPABILITY", required=True)

    def checker(sub: argparse._SubParsersAction, name: str, help: str, what: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help)
        c.add_argument("file", metavar="FILE", help="CSV, TSV, JSON Lines or Parquet (by extension, or --format); - for CSV on standard input")
        c.add_argument("--column", metavar="NAME", help=f"the column of {what} (default: the first named {', '.join(COLUMNS['cf' if what == 'codes' else 'notice'][:3])}, ..., or the only one)")
        c.add_argument("--format", choices=["csv", "tsv", "jsonl", "parquet"], help="the file's format, when its extension does not say")
        c.add_argument("--annotate", action="store_true", help="write the rows with <column>_valid and <column>_error added (standard output, or --output); the report goes to standard error")
        c.add_argument("--output", "-o", metavar="FILE", help="where --annotate writes (default: standard output)")
        c.add_argument("--json", action="store_true", help="the report as JSON (counts per error code, the first problems with their row)")
        c.add_argument("--max-problems", type=int, default=100, metavar="N", help="problems listed in the report (default 100)")
        c.add_argument("--quiet", "-q", action="store_true", help="no progress on standard error")
        return c

    cf_p = caps.add_parser("cf", help="codice fiscale").add_subparsers(dest="command", metavar="COMMAND", required=True)
    checker(cf_p, "check", "check a column of codici fiscali", "codes").set_defaults(run=cmd_cf_check)

    pay = caps.add_parser("payments", help="pagoPA").add_subparsers(dest="command", metavar="COMMAND", required=True)
    n = checker(pay, "notice-check", "check a column of pagoPA notice numbers (numeri avviso)", "notice numbers")
    n.add_argument("--lenient", action="store_true", help="format and aux digit only (for fixtures with wrong check digits)")
    n.set_defaults(run=cmd_notice_check)

    sl = caps.add_parser("slots", help="appointments").add_subparsers(dest="command", metavar="COMMAND", required=True)
    ics = sl.add_parser("ics", help="iCalendar of a calendar's bookings and free slots", description="iCalendar (RFC 5545) of a calendar's bookings and its available slots.")
    ics.add_argument("calendar", metavar="CALENDAR.json", help="a calendar in the Calendar JSON shape (docs/slots.md)")
    ics.add_argument("--bookings", metavar="FILE", help="a JSON list of bookings (Booking shape)")
    ics.add_argument("--from", type=_date, metavar="DATE", help="first day of free slots (default: today)")
    ics.add_argument("--to", type=_date, metavar="DATE", help="last day (default: 30 days after --from)")
    ics.add_argument("--now", type=_instant, metavar="INSTANT", help="the reference instant and DTSTAMP, RFC 3339 (default: now)")
    ics.add_argument("--personal-data", action="store_true", help="write the citizen's name, contacts and message into the events")
    ics.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    ics.set_defaults(run=cmd_slots_ics)

    pr = caps.add_parser("practice", help="practices").add_subparsers(dest="command", metavar="COMMAND", required=True)
    au = pr.add_parser(
        "audit",
        help="audit a practice log export against a service's lifecycle",
        description="Audit an event log (CSV or XES: case, activity, timestamp; Italian local times accepted) against a "
        "service's practice lifecycle: findings, minimal repairs, fitness, variants, time per status, missed deadlines.",
    )
    au.add_argument("file", metavar="FILE", help="CSV (any of , ; tab) or XES (.xes); - for CSV on standard input")
    au.add_argument("--service", metavar="SERVICE.json", required=True, help="a service definition (docs/service.md) or a practice configuration (docs/practice.md)")
    au.add_argument("--calendars", metavar="FILE", help="a JSON list of the calendars the service definition names")
    au.add_argument("--format", choices=["csv", "xes"], help="the file's format, when its extension does not say")
    au.add_argument("--case-column", metavar="NAME", help="CSV header of the case id (default case)")
    au.add_argument("--activity-column", metavar="NAME", help="CSV header of the activity (default activity)")
    au.add_argument("--time-column", metavar="NAME", help="CSV header of the time (default timestamp)")
    au.add_argument("--delimiter", choices=[",", ";", "\t"], help="CSV delimiter (default: the header's most used)")
    au.add_argument("--labels", metavar="FILE", help="a JSON object mapping activity labels to status codes")
    au.add_argument("--sort-by-time", action="store_true", help="sort each case's rows by time instead of reporting rows out of order")
    au.add_argument("--on", type=_date, metavar="DATE", help="the day missed deadlines are counted on (default: none)")
    au.add_argument("--json", action="store_true", help="the report as JSON")
    au.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    au.set_defaults(run=cmd_practice_audit)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as e:
        print(f"sportello: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # a SportelloError (a calendar that does not load, ...)
        print(f"sportello: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `sportello cf check big.csv --annotate | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
