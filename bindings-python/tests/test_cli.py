"""The command line (`sportello`, `python -m sportello`), run as a user runs it: a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OK, BAD = "RSSMRA85T10A562S", "RSSMRA85T10A562X"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "sportello", *map(str, args)], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def people(tmp_path):
    p = tmp_path / "people.csv"
    p.write_text(f"id,cf,name\n1,{OK},a\n2,{BAD},b\n3,,c\n4, rssmra85t10a562s ,d\n5,x,e\n")
    return p


def test_cf_check_report_and_exit_status(people, tmp_path):
    r = run("cf", "check", people)
    assert r.returncode == 1, r.stderr
    assert "5 rows, 2 valid, 2 invalid, 1 empty" in r.stdout
    assert f"row 2: '{BAD}' cf.check_char" in r.stdout and "row 5: 'x' cf.format" in r.stdout
    assert r.stderr == ""  # no progress: standard error is no terminal
    clean = tmp_path / "clean.csv"
    clean.write_text(f"codice_fiscale\n{OK}\n\n")
    r = run("cf", "check", clean)
    assert r.returncode == 0 and "1 rows, 1 valid, 0 invalid" in r.stdout


def test_cf_check_json(people):
    r = run("cf", "check", people, "--json", "--max-problems", "1")
    report = json.loads(r.stdout)
    assert r.returncode == 1
    assert report["rows"] == 5 and report["valid"] == 2 and report["invalid"] == 2 and report["empty"] == 1
    assert report["errors"] == {"cf.check_char": 1, "cf.format": 1}
    assert report["problems"] == [{"row": 2, "value": BAD, "code": "cf.check_char"}] and report["problems_truncated"]


def test_cf_check_annotated_csv_and_jsonl(people, tmp_path):
    r = run("cf", "check", people, "--annotate")
    lines = r.stdout.splitlines()
    assert lines[0] == "id,cf,name,cf_valid,cf_error"
    assert lines[2] == f"2,{BAD},b,false,cf.check_char" and lines[3] == "3,,c,," and lines[1].endswith(",true,")
    assert "5 rows" in r.stderr and r.returncode == 1
    j = tmp_path / "people.jsonl"
    j.write_text("\n".join(json.dumps(x) for x in [{"cf": OK}, {"cf": None}, {"other": 1}, {"cf": BAD}]) + "\n")
    out = tmp_path / "out.jsonl"
    r = run("cf", "check", j, "--annotate", "-o", out)
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["cf_valid"] for x in rows] == [True, None, None, False] and rows[3]["cf_error"] == "cf.check_char"
    assert r.returncode == 1 and "4 rows, 1 valid, 1 invalid, 2 empty" in r.stdout  # the report: -o took the rows


def test_cf_check_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    f = tmp_path / "p.parquet"
    pq.write_table(pa.table({"n": [1, 2, 3], "codice": [OK, None, BAD]}), f)
    r = run("cf", "check", f, "--column", "codice", "--json")
    report = json.loads(r.stdout)
    assert (report["valid"], report["invalid"], report["empty"], r.returncode) == (1, 1, 1, 1)
    out = tmp_path / "o.parquet"
    run("cf", "check", f, "--column", "codice", "--annotate", "-o", out)
    t = pq.read_table(out)
    assert t.column("codice_valid").to_pylist() == [True, None, False]
    assert t.column("codice_error").to_pylist() == [None, None, "cf.check_char"]


def test_cf_check_from_stdin_and_usage_errors(people, tmp_path):
    r = run("cf", "check", "-", stdin=f"cf\n{OK}\n")
    assert r.returncode == 0 and "1 valid" in r.stdout
    r = run("cf", "check", people, "--column", "nope")
    assert r.returncode == 2 and "no column 'nope'" in r.stderr
    two = tmp_path / "two.csv"
    two.write_text("a,b\n1,2\n")
    r = run("cf", "check", two)
    assert r.returncode == 2 and "--column" in r.stderr
    r = run("cf", "check", tmp_path / "missing.csv")
    assert r.returncode == 2 and "No such file" in r.stderr
    assert run("cf").returncode == 2


def test_notice_check(tmp_path):
    f = tmp_path / "avvisi.csv"
    f.write_text("numero_avviso\n301000000000000144\n301000000000000145\n")
    r = run("payments", "notice-check", f, "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["errors"] == {"payments.check_digits": 1}
    assert run("payments", "notice-check", f, "--lenient").returncode == 0


def test_slots_ics(tmp_path):
    icalendar = pytest.importorskip("icalendar")
    cases = json.loads((ROOT / "tests" / "cases" / "slots.json").read_text())
    cal = tmp_path / "calendar.json"
    cal.write_text(json.dumps(cases["calendars"]["seed"]))
    r = run("slots", "ics", cal, "--from", "2026-03-04", "--to", "2026-03-06", "--now", "2026-03-01T08:00:00Z")
    assert r.returncode == 0, r.stderr
    parsed = icalendar.Calendar.from_ical(r.stdout)
    assert len(parsed.walk("VEVENT")) > 0
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    r = run("slots", "ics", bad)
    assert r.returncode == 2 and "sportello:" in r.stderr


LOG = (
    "case;activity;timestamp\n"
    "A;1000;01/03/2025 09:00\nA;1900;01/03/2025 10:00\nA;2000;01/03/2025 12:00\nA;4000;02/03/2025 12:00\nA;7000;10/04/2025 12:00\n"
    "B;1000;01/03/2025 09:00\nB;1900;01/03/2025 09:30\nB;2000;01/03/2025 10:30\n"
    "C;1000;01/03/2025 09:00\nC;1900;01/03/2025 09:30\nC;7000;01/03/2025 10:30\n"
)


def test_practice_audit_reads_an_italian_csv_export(tmp_path):
    # The same log as the reference case "report: variants, illegal steps, ..." (tests/cases/practice.json).
    log, config = tmp_path / "log.csv", tmp_path / "config.json"
    log.write_text(LOG, encoding="utf-8")
    config.write_text('{"responseDays": 30}')
    r = run("practice", "audit", log, "--service", config, "--on", "2025-04-15", "--json")
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert (report["cases"], report["clean"], report["findings"]) == (3, 2, {"illegalStep": 1})
    assert report["missedDeadlines"][0]["case"] == "A"
    text = run("practice", "audit", log, "--service", config)
    assert text.returncode == 1 and text.stdout.strip()
    clean = tmp_path / "clean.csv"
    clean.write_text("".join(line + "\n" for line in LOG.splitlines() if not line.startswith(("A;", "C;"))), encoding="utf-8")
    assert run("practice", "audit", clean, "--service", config).returncode == 0


def test_practice_audit_refuses_bad_input(tmp_path):
    log, config = tmp_path / "log.csv", tmp_path / "config.json"
    log.write_text("case,activity,timestamp\nA,Spedita,20/02/2025 10:00\n", encoding="utf-8")
    config.write_text("{}")
    r = run("practice", "audit", log, "--service", config)
    assert r.returncode == 2 and ("practice.import" in r.stderr or "line" in r.stderr)
    config.write_text('{"protocolRequred": true}')
    log.write_text(LOG, encoding="utf-8")
    r = run("practice", "audit", log, "--service", config)
    assert r.returncode == 2 and "protocolRequred" in r.stderr


def test_version_and_console_script():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("sportello ")
    script = Path(sys.executable).with_name("sportello")
    if script.exists():  # installed by pip / maturin with the package
        assert subprocess.run([script, "--version"], capture_output=True, text=True).stdout == r.stdout


def test_progress_on_a_terminal(monkeypatch, capsys):
    from sportello import cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    p = cli.Progress(250_000, quiet=False)
    p.add(cli.CHUNK)
    p.add(cli.CHUNK)
    p.end()
    assert "200,000 of 250,000 rows checked (80%)" in capsys.readouterr().err


def test_csv_report_with_and_without_pyarrow_agree(tmp_path):
    """A report reads a CSV file through pyarrow when present; annotating reads it with `csv`."""
    f = tmp_path / "q.csv"
    f.write_text(f'n,cf\n1,"{OK}"\n2,"  "\n3,\n4,{BAD}\n5," {OK.lower()} "\n')
    fast = json.loads(run("cf", "check", f, "--json").stdout)
    slow = json.loads(run("cf", "check", f, "--json", "--annotate", "-o", tmp_path / "o.csv").stdout)
    assert {k: fast[k] for k in ("rows", "valid", "invalid", "empty", "errors")} == {
        "rows": 5, "valid": 2, "invalid": 1, "empty": 2, "errors": {"cf.check_char": 1}
    }
    assert fast == slow
