"""Every ```python block of the README and docs/ runs with the installed package, and what its
comments claim holds.

A block runs in a fresh namespace, in a temporary working directory, with ``ROOT`` (the
repository) defined. Markers in an HTML comment just before a block (invisible once rendered):

- ``<!-- snippet-setup ... -->``: code run first, for the inputs the prose describes (a form,
  a parquet file);
- ``<!-- snippet-skip: reason -->``: the block is not run (it needs a host the tests do not
  have); the reason is shown in the test report.

Claims: a line ``expression  # value`` whose comment evaluates (in the block's namespace) is
checked for equality (a comment shaped like a record's repr, ``FieldError(...)``, against the
value's repr), and ``print(...)  # text`` must print exactly ``text``. A comment holding
``...`` is prose, not a claim.
"""

from __future__ import annotations

import ast
import builtins
import io
import pathlib
import re
import sys
import tokenize
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *(ROOT / p / "README.md" for p in ("bindings-python", "bindings-node", "bindings-wasm"))]
FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"<!--\s*snippet-(setup|skip)(:?)(.*?)-->", re.S)


def blocks(lang: str) -> list[tuple[str, int, str, str | None, str | None]]:
    """(file, line, code, setup, skip reason) of every block in ``lang``."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                i += 1
                continue
            start = i
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            if m.group(1) == lang:
                before = "\n".join(lines[:start]).rstrip()
                setup = skip = None
                marker = list(MARKER.finditer(before))
                if marker and before.endswith(marker[-1].group(0)):
                    kind, body = marker[-1].group(1), marker[-1].group(3)
                    if kind == "setup":
                        setup = body.strip("\n")
                    else:
                        skip = body.strip()
                found.append((str(path.relative_to(ROOT)), start + 2, "\n".join(lines[start + 1 : j]), setup, skip))
            i = j + 1
    return found


def comments(code: str) -> dict[int, str]:
    """The trailing comment of each line (1-based), without ``#``."""
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string[1:].strip()
    return out


class Claims(ast.NodeTransformer):
    """Wraps each expression statement that has a claim in ``__claim(line, value)``."""

    def __init__(self, lines: set[int]):
        self.lines = lines

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if node.end_lineno in self.lines and not (isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "print"):
            call = ast.Call(ast.Name("__claim", ast.Load()), [ast.Constant(node.end_lineno), node.value], [])
            return ast.copy_location(ast.Expr(call), node)
        return node


def run(code: str, setup: str | None, where: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Runs one block; returns how many claims were checked."""
    monkeypatch.chdir(tmp_path)
    claims = {line: c for line, c in comments(code).items() if "..." not in c}
    values: dict[int, Any] = {}
    printed: dict[int, list[str]] = {}

    def claim(line: int, value: Any) -> Any:
        values.setdefault(line, value)
        return value

    def capture(*args: Any, sep: str = " ", end: str = "\n", file: Any = None, flush: bool = False) -> None:
        line = sys._getframe(1).f_lineno
        if file is None and sys._getframe(1).f_code.co_filename == where:
            printed.setdefault(line, []).append(sep.join(str(a) for a in args))
        builtins.print(*args, sep=sep, end=end, file=file, flush=flush)

    ns: dict[str, Any] = {"ROOT": ROOT, "__name__": "__snippet__"}
    if setup:
        exec(compile(setup, f"{where} (setup)", "exec"), ns)
    ns.update(__claim=claim, print=capture)
    tree = Claims(set(claims)).visit(ast.parse(code, where))
    ast.fix_missing_locations(tree)
    exec(compile(tree, where, "exec"), ns)
    checked = 0
    for line, text in claims.items():
        if line in printed:
            assert printed[line][0] == text, f"{where}+{line}: printed {printed[line][0]!r}, the comment says {text!r}"
            checked += 1
        elif line in values:
            try:
                expected = eval(text, ns)
            except Exception:
                # A record's repr (``FieldError(path=..., ...)``) is a claim too; anything else is prose.
                if re.fullmatch(r"[A-Za-z_][\w.]*\(.*\)", text):
                    assert repr(values[line]) == text, f"{where}+{line}: got {values[line]!r}, the comment says {text}"
                    checked += 1
                continue
            assert values[line] == expected, f"{where}+{line}: got {values[line]!r}, the comment says {text}"
            checked += 1
    return checked


PY = blocks("python")


def test_every_doc_has_been_read():
    assert len(PY) >= 10, PY


@pytest.mark.parametrize("where,line,code,setup,skip", PY, ids=[f"{b[0]}:{b[1]}" for b in PY])
def test_python_snippet(where, line, code, setup, skip, tmp_path, monkeypatch):
    if skip:
        pytest.skip(skip)
    run(code, setup, f"{where}:{line}", tmp_path, monkeypatch)
