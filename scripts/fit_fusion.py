"""Fit how the dense and keyword rankings are weighted (`assistant.retrieval.Fusion`).

    python scripts/fit_fusion.py --index-dir DIR

On the answerable questions of the *fitting* part of every dev file
(`assistant/dev_split.py`; precedent and paragraph-reference questions go
other ways and are left out), a grid search over the keyword-weight logistic
(intercept, weight of `kw_match`, weight of `kw_rare`) and the boilerplate
factor maximizes mean reciprocal rank, then recall@5; a second grid then fits
the boosts for a year and a body the question names, the first four held.  Each question's dense
and keyword candidate lists are computed once; only the fusion is re-run per
grid point.  Ties go to the setting closest to plain reciprocal rank fusion.
Writes `assistant/data/fusion.json`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

GRID = {
    "intercept": (-4.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5),
    "match": (0.0, 2.0, 4.0, 6.0, 8.0, 12.0),
    # Rare words make a keyword question, never a dense one: the rarity weight is not negative.
    "rare": (0.0, 1.0, 2.0, 4.0),
    "boilerplate_factor": (1.0, 0.7, 0.5, 0.3),
}
BOOST_GRID = {
    "year_boost": (0.0, 0.25, 0.5, 1.0, 2.0),
    "body_boost": (0.0, 0.25, 0.5, 1.0, 2.0),
}


def rank_metrics(retriever, questions: list[dict], k: int = 5) -> tuple[float, float]:
    rr, hit = [], []
    for q in questions:
        ids = [h.paragraph.id for h in retriever.search(q["question"], k=10).hits]
        gold = set(q["gold"])
        rank = next((i for i, pid in enumerate(ids, start=1) if pid in gold), None)
        rr.append(1 / rank if rank else 0.0)
        hit.append(1.0 if rank and rank <= k else 0.0)
    return sum(rr) / len(rr), sum(hit) / len(hit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index-dir", required=True)
    args = parser.parse_args()
    from assistant.assistant import Assistant
    from assistant.dev_split import answerable_rows
    from assistant.retrieval import FUSION_PATH, Fusion
    from index.settings import load_settings

    assistant = Assistant(load_settings(index_dir=args.index_dir))
    retriever = assistant.loaded().retriever
    retriever.reranker = None  # the fusion is fitted alone; scripts/fit_rerank.py fits the reranker on top of it
    cache: dict = {}
    side_lists = retriever._side_lists

    def cached(question, language, filters):
        key = (question, language, filters)
        if key not in cache:
            cache[key] = side_lists(question, language, filters)
        return [list(x) for x in cache[key]]

    retriever._side_lists = cached
    questions = answerable_rows()
    best = None
    for values in itertools.product(*GRID.values()):
        fusion = Fusion(**dict(zip(GRID, values, strict=True)))
        retriever.fusion = fusion
        mrr, r5 = rank_metrics(retriever, questions)
        distance = abs(fusion.intercept) + abs(fusion.match) + abs(fusion.rare) + (1 - fusion.boilerplate_factor)
        key = (round(mrr, 6), round(r5, 6), -distance)
        if best is None or key > best[0]:
            best = (key, fusion)
    assert best is not None
    fitted = asdict(best[1])
    best = None
    for values in itertools.product(*BOOST_GRID.values()):
        fusion = Fusion(**{**fitted, **dict(zip(BOOST_GRID, values, strict=True))})
        retriever.fusion = fusion
        mrr, r5 = rank_metrics(retriever, questions)
        distance = abs(fusion.year_boost - Fusion.year_boost) + abs(fusion.body_boost - Fusion.body_boost)
        key = (round(mrr, 6), round(r5, 6), -distance)
        if best is None or key > best[0]:
            best = (key, fusion)
    assert best is not None
    retriever.fusion = Fusion()
    base = rank_metrics(retriever, questions)
    params = asdict(best[1])
    FUSION_PATH.parent.mkdir(parents=True, exist_ok=True)
    FUSION_PATH.write_text(json.dumps(params, indent=1) + "\n")
    print(json.dumps({"fitted": params, "questions": len(questions), "fit_mrr": best[0][0], "fit_recall@5": best[0][1],
                      "plain_rrf_mrr": round(base[0], 4), "plain_rrf_recall@5": round(base[1], 4)}, indent=1))


if __name__ == "__main__":
    main()
