"""The module layout the design promises, checked on the source so that a move cannot quietly undo it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.shared_paths import PROJECT

# Structure recovery and what it is made of: readers import these, never the other way round.
RECOVERY = ("blocks", "classify", "ids", "masthead", "parsed", "structure", "symbols", "text", "paragraph")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_build_side_knows_nothing_of_the_query_side():
    offenders = {}
    for path in (PROJECT / "index").rglob("*.py"):
        query_side = {m for m in imported_modules(path) if m.split(".")[0] == "assistant"}
        offenders[path.relative_to(PROJECT).as_posix()] = sorted(query_side)
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("name", RECOVERY)
def test_recovery_modules_do_not_import_the_readers(name: str):
    """No import cycle: `index/readers/*` import structure recovery, which imports no reader."""
    imports = imported_modules(PROJECT / "index" / f"{name}.py")
    assert not {m for m in imports if m == "index.readers" or m.startswith("index.readers.")}
