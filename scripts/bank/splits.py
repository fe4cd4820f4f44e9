"""Which question files train, which validate, which are fresh: files are the unit of the split.

`scripts/data/bank/splits.json` names the bank's files per part; the older files in
`scripts/data/` (held-out files already read, hence spent) train too. A fresh file is
measured once, before anyone reads it, and then moves to train in splits.json.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
BANK = DATA / "bank"
SPLITS = BANK / "splits.json"
TRAIN, VALIDATION, FRESH = "train", "validation", "fresh"
# held-out files from before the bank, all read by now: training data
OLD_TRAIN = tuple(f"heldout{n}_questions.jsonl" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10))


def files(part: str) -> list[Path]:
    """The question files of `part`, in a fixed order."""
    names = json.loads(SPLITS.read_text(encoding="utf-8")).get(part, [])
    found = [BANK / n if (BANK / n).exists() else DATA / n for n in names]
    if part == TRAIN:
        found = [DATA / n for n in OLD_TRAIN] + found
    missing = [p for p in found if not p.exists()]
    if missing:
        raise SystemExit(f"{SPLITS}: no such question file {missing[0].name}")
    return found


def rows(part: str) -> list[dict]:
    """Every question row of `part`, each with the file it came from (`_file`)."""
    out = []
    for path in files(part):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append({**json.loads(line), "_file": path.name})
    return out
