"""Shared helpers: the reference cases in ../../tests/cases are read by every binding."""

import json
import pathlib

CASES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "cases"


def load_cases(name: str):
    """The parsed JSON of ``tests/cases/<name>`` (``.json`` added when missing)."""
    path = CASES / (name if name.endswith(".json") else f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))
