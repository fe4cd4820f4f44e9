"""Where `../shared` is (read-only material for tests); tests skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "corpus" / "E-RES-2012-5.md"


def _find_shared() -> Path | None:
    candidates = [os.environ.get("WSIS_SHARED_DIR"), PROJECT.parent / "shared", "/work/shared"]
    for c in candidates:
        if c and (Path(c) / "DESIGN.md").exists():
            return Path(c)
    return None


SHARED = _find_shared()
SHARED_CORPUS = SHARED / "corpus" if SHARED else None

needs_shared = pytest.mark.skipif(
    SHARED is None, reason="../shared (corpus and eval files) is not on this machine; CI has it"
)
