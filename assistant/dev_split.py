"""The one split of the dev question files into a part we fit on and a part we only check on.

Every threshold, weight and fitted parameter of the query side (answerability
score, fusion weights, verifier thresholds) is fitted on the *fit* part; every
number quoted as quality comes from the *check* part.  The rule is fixed here,
in code, so it cannot drift after a checking question has been looked at:

- questions are grouped by (file name, category, answerable);
- inside a group they are ordered by ``sha256("<file stem>:<id>")``;
- alternate questions in that order go to *fit* and *check*, starting with
  *fit*.

Stratifying keeps every category (and the unanswerable questions) on both
sides; the hash order keeps the choice independent of how the file was written.
A question file not listed in `DEV_FILES` is not split: all of it is *check*
(held-out files are never fitted on) -- unless it is *spent*: a held-out file
whose answers were read to find failures no longer measures what nobody tuned
for, so it joins the fitting data whole (`SPENT_FILES`) and a fresh file takes
its place as the held-out one.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

FIT = "fit"
CHECK = "check"
PARTS = (FIT, CHECK)
# The dev files the project may fit on (by stem); anything else is held out.
DEV_FILES = ("dev_questions", "dev_corpus", "dev_realistic")
PROJECT = Path(__file__).resolve().parents[1]
# Held-out files already read (see the module docstring): all *fit*.  In `scripts/data/`.
SPENT_FILES = ("heldout_questions", "heldout2_questions", "heldout3_questions", "heldout4_questions",
               "heldout5_questions", "heldout6_questions", "heldout7_questions", "heldout8_questions",
               "heldout9_questions")
SPENT_DIR = PROJECT / "scripts" / "data"


def shared_eval_dir() -> Path | None:
    """`../shared/eval` (or `$WSIS_SHARED_DIR/eval`), where the dev question files are; None without it."""
    import os

    for c in (os.environ.get("WSIS_SHARED_DIR"), PROJECT.parent / "shared", "/work/shared"):
        if c and (Path(c) / "eval").is_dir():
            return Path(c) / "eval"
    return None


def dev_file(stem: str) -> Path:
    """The dev question file `stem` (of `DEV_FILES`); the scripts that fit and evaluate stop without it."""
    found = shared_eval_dir()
    if found is None:
        raise SystemExit("no ../shared/eval with the dev question files (set WSIS_SHARED_DIR)")
    return found / f"{stem}.jsonl"


def _key(stem: str, qid: str) -> str:
    return hashlib.sha256(f"{stem}:{qid}".encode()).hexdigest()


def assign(stem: str, rows: list[dict]) -> dict[str, str]:
    """{question id: FIT | CHECK} for the rows of one question file named `stem`."""
    if stem in SPENT_FILES:
        return {str(r["id"]): FIT for r in rows}
    if stem not in DEV_FILES:
        return {str(r["id"]): CHECK for r in rows}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for r in rows:
        groups[(r.get("category") or "", bool(r.get("answerable", True)))].append(str(r["id"]))
    out: dict[str, str] = {}
    for ids in groups.values():
        for i, qid in enumerate(sorted(ids, key=lambda q: _key(stem, q))):
            out[qid] = FIT if i % 2 == 0 else CHECK
    return out


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def part_ids(path: Path, part: str) -> set[str]:
    """Ids of the questions of `path` in `part` (FIT or CHECK)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    rows = read_rows(path)
    return {qid for qid, p in assign(path.stem, rows).items() if p == part}


def part_rows(path: Path, part: str) -> list[dict]:
    ids = part_ids(path, part)
    return [r for r in read_rows(path) if str(r["id"]) in ids]


# Answered other ways than by ranking and composing: precedent search and the direct paragraph lookup.
NOT_RANKED = ("precedent", "reference")


def fit_files() -> list[Path]:
    """Every question file with a fitting part: the dev files, then the spent held-out files."""
    return [dev_file(stem) for stem in DEV_FILES] + [SPENT_DIR / f"{stem}.jsonl" for stem in SPENT_FILES]


def answerable_rows(part: str = FIT) -> list[dict]:
    """The answerable questions of `part` (of every file that has one) that ranking and composing serve."""
    return [q for path in fit_files() for q in part_rows(path, part)
            if q.get("answerable", True) and q.get("category") not in NOT_RANKED]
