"""A town hall's audit of a year of practices, from the back office's CSV export.

The export is what an Italian spreadsheet writes: `;`-separated, one row per status change,
Italian status labels, local `dd/mm/yyyy HH:MM` times (read as Europe/Rome, DST included).
The script checks every practice against the service's rules (which steps are allowed, in which
order) and its 30-day response term, prints the report, and exits 1 when something needs a look.

    python examples/python/townhall_audit.py examples/python/data/pratiche-2025.csv --on 2025-12-31
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys

from sportello import practice

# The service as the office configured it: L. 241/1990 art. 2 gives 30 days unless a rule says otherwise.
SERVICE = {"workflow": "approval", "allowIntegrationRequests": True, "responseDays": 30, "integrationClock": "suspended"}
COLUMNS = {"case_column": "Numero pratica", "activity_column": "Stato", "time_column": "Data cambio stato"}


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("export", type=pathlib.Path, help="the CSV export of the practices")
    args.add_argument("--on", type=dt.date.fromisoformat, default=dt.date.today(), help="the day of the audit (deadlines)")
    opts = args.parse_args(argv)

    log = practice.read_csv(opts.export.read_text(encoding="utf-8-sig"), **COLUMNS, sort_by_time=True)
    auditor = practice.Auditor(SERVICE)  # the service's rules, compiled once
    report = auditor.report(log, opts.on)
    print(practice.report_summary(report))

    # The report counts; the office needs the practice numbers, and what each one should have done.
    cases = log["cases"]
    batch = auditor.audit_many([[(step["status"], step["at"]) for step in case["steps"]] for case in cases])
    if batch.failing:
        print("Practices to look at:")
    for failing in batch.failing:
        case = cases[failing["history"]]
        for f in failing["findings"]:
            if f["kind"] == "illegalStep":
                allowed = ", ".join(practice.status_label(s, "it") for s in f["allowed"])
                print(f"  {case['id']}: {practice.status_label(f['from'], 'it')} -> {practice.status_label(f['to'], 'it')} (row {f['index'] + 1}); allowed: {allowed}")
            else:
                print(f"  {case['id']}: {f['kind']} (row {f.get('index', 0) + 1})")
    return 1 if batch.failing or report["missedDeadlines"] else 0


if __name__ == "__main__":
    sys.exit(main())
