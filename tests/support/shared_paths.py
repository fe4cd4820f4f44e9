"""Where the test material is: the project's own bundled corpus, and a seed-only copy of it.

Every test reads `corpus/` of this checkout, so a fresh clone runs them all;
`../shared` holds only the dev question files that `wsis eval` and the benchmarks read.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT / "corpus"
SEED = CORPUS / "E-RES-2012-5.md"
SEED_SYMBOL = "E/RES/2012/5"
# Two yearly ECOSOC resolutions: what the comparison tests index (`compare_index` in conftest.py).
COMPARE_PAIR = ("E/RES/2024/13", "E/RES/2025/18")
# Questions of the project's own, with gold paragraphs in the seed and the langtools fixtures.
OWN_EVAL = PROJECT / "tests" / "eval_precedent.jsonl"


def write_seed_corpus(dest: Path) -> Path:
    """`dest` holding only the seed document and its catalog entry: what most tests index (68 units)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, dest / SEED.name)
    entries = [e for e in json.loads((CORPUS / "catalog.json").read_text(encoding="utf-8"))
               if e["symbol"] == SEED_SYMBOL]
    (dest / "catalog.json").write_text(json.dumps(entries, indent=2, ensure_ascii=False), encoding="utf-8")
    return dest


@cache
def seed_corpus_dir() -> Path:
    """One seed-only corpus folder per test process (indexing the whole bundled corpus takes minutes)."""
    root = Path(tempfile.mkdtemp(prefix="wsis-seed-corpus-"))
    atexit.register(shutil.rmtree, root, True)
    return write_seed_corpus(root / "corpus")


def shared_eval_dir() -> Path | None:
    """`../shared/eval`, the dev question files (for `wsis eval` and `make bench`; no test needs them)."""
    from assistant.dev_split import shared_eval_dir as found

    return found()
