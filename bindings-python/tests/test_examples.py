"""The examples in examples/python run as their headers say, with the installed package."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_townhall_audit_reports_what_needs_a_look(tmp_path):
    r = subprocess.run([sys.executable, EXAMPLES / "townhall_audit.py", EXAMPLES / "data" / "pratiche-2025.csv", "--on", "2025-12-31"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "AA-2025-0003" in r.stdout  # sent, then accepted without being received or taken in charge
    assert "AA-2025-0004" in r.stdout  # received on 26 October (the hour that repeats) and never decided
    clean = EXAMPLES / "data" / "pratiche-2025.csv"
    lines = [line for line in clean.read_text(encoding="utf-8").splitlines() if not line.startswith(("AA-2025-0002", "AA-2025-0003", "AA-2025-0004"))]
    module = load("townhall_audit")
    tmp = tmp_path / "clean.csv"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert module.main([str(tmp), "--on", "2025-12-31"]) == 0


@pytest.fixture(scope="module")
def client():
    return load("flask_registration").app.test_client()


VALID = {"nome": "Mario", "cognome": "Rossi", "codiceFiscale": "rssmra80a01h501u", "email": "mario.rossi@example.it", "privacy": True}


def errors(r) -> list[list[str]]:
    return sorted([e["path"], e["code"]] for e in r.get_json()["errors"])


def test_flask_registration_accepts_and_cleans(client):
    r = client.post("/registrazione", json=VALID)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["canonical"] == "RSSMRA80A01H501U"


def test_flask_registration_names_each_problem(client):
    assert errors(client.post("/registrazione", json={**VALID, "codiceFiscale": "RSSMRA80A01H501X"})) == [["codiceFiscale", "cf.check_char"]]
    assert errors(client.post("/registrazione", json={**VALID, "nome": "Anna"})) == [["nome", "cf.mismatch"]]
    assert errors(client.post("/registrazione", json={**VALID, "privacy": False, "email": ""})) == [["email", "required"], ["privacy", "required"]]
    assert errors(client.post("/registrazione", json={**VALID, "delega": True})) == [["codiceFiscaleDelegante", "required"]]
    bad = client.post("/registrazione", json={**VALID, "delega": True, "codiceFiscaleDelegante": "BNCLRA85M41F205X"})
    assert errors(bad) == [["codiceFiscaleDelegante", "cf.check_char"]]
    assert client.post("/registrazione", json={**VALID, "delega": True, "codiceFiscaleDelegante": "BNCLRA85M41F205C"}).status_code == 200


def test_flask_registration_hostile_bodies(client):
    assert client.post("/registrazione", data="{not json", content_type="application/json").status_code == 400
    assert client.post("/registrazione", json=[1, 2]).status_code == 400
    deep = json.loads("[" * 500 + "]" * 500)
    assert client.post("/registrazione", json={**VALID, "nome": deep}).status_code == 422
    assert errors(client.post("/registrazione", json={**VALID, "nome": {"nested": ["x"]}})) == [["nome", "type"]]
