"""Fit the reranker of the fused ranking's head (`assistant.rerank`).

    python scripts/fit_rerank.py --index-dir DIR       # collect candidates, then fit
    python scripts/fit_rerank.py --from-features       # fit again from the checked-in candidates

Data: the answerable questions of the fitting part (`assistant.dev_split.answerable_rows`:
the dev files' fitting halves and the spent held-out files) and of the question
bank's train part (`scripts/bank/splits.py`; validation and fresh files never),
each question once, run through the real
retrieval with the fitted fusion and no reranker.  Each question's first
`DEPTH` fused candidates become rows of `assistant.rerank.FEATURES`, labelled 1
when the candidate is a gold paragraph (or of the family of one: the ranking
shows one member per family).  Questions whose gold is not among them teach
nothing and are left out of the fit (they still count, as misses, in the MRR printed).

The model is pairwise: a logistic regression without intercept on the
difference of (standardized) feature rows, gold minus other candidate of the
same question and the reverse, so it learns what puts a gold paragraph above
its own question's other candidates (a pointwise fit learned what gold
paragraphs of all questions share, and cross-validated below the fused order).
It is fitted for each regularization strength of `C_GRID`; the strength with
the best mean reciprocal rank under 5-fold cross-validation by question wins
(ties to the stronger regularization) and is refitted on every question.  Candidates are
saved to `scripts/data/rerank_candidates.jsonl`; the fit from that file is
deterministic (lbfgs, fixed data, folds by question order) and
`tests/test_rerank.py` checks it reproduces `assistant/data/rerank.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.rerank import FEATURES, RERANK_PATH  # noqa: E402

CANDIDATES_PATH = PROJECT / "scripts" / "data" / "rerank_candidates.jsonl"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def collect(index_dir: str) -> list[dict]:
    """One record per fitting question: its head's feature rows, gold labels, and where the gold was."""
    from assistant.assistant import Assistant
    from assistant.dev_split import answerable_rows
    from assistant.families import families_of
    from index.settings import load_settings

    assistant = Assistant(load_settings(index_dir=index_dir))
    retriever = assistant.loaded().retriever
    retriever.reranker = None
    fams = families_of(retriever.index)
    captured: list = []
    plain = retriever._reranked

    def capture(question, language, hits, wants_formulae):
        from assistant.rerank import DEPTH

        head = hits[:DEPTH]
        captured.append((head, retriever.rerank_rows(question, language, head, wants_formulae)))
        return plain(question, language, hits, wants_formulae)

    retriever._reranked = capture
    records = []
    for q in training_rows(answerable_rows()):
        captured.clear()
        retriever.search(q["question"], k=10)
        if not captured:
            continue  # answered by a direct reference alone
        candidates, rows = captured[-1]
        gold = set(q["gold"])
        labels = [int(c.paragraph.id in gold or any(m.id in gold for m in fams.of(c.paragraph)))
                  for c in candidates]
        records.append({"id": q["id"], "question": q["question"], "labels": labels,
                        "rows": [[round(r[f], 6) for f in FEATURES] for r in rows]})
    return records


def training_rows(dev_rows: list[dict]) -> list[dict]:
    """The dev fitting rows, then the bank's train part's answerable ranked questions, each question once."""
    from assistant.dev_split import NOT_RANKED
    from scripts.bank import splits

    bank = [r for r in splits.rows(splits.TRAIN)
            if r.get("answerable", True) and r.get("gold") and r.get("category") not in NOT_RANKED]
    seen: set[str] = set()
    out = []
    for r in [*dev_rows, *bank]:
        if r["question"] not in seen:
            seen.add(r["question"])
            out.append(r)
    return out


def mrr(records: list[dict], coef, intercept: float = 0.0) -> float:
    """Mean reciprocal rank of the first gold candidate once each head is ordered by the linear score."""
    import numpy as np

    total = 0.0
    for r in records:
        x = np.asarray(r["rows"], dtype=np.float64)
        scores = x @ coef + intercept if coef is not None else -np.arange(len(x), dtype=np.float64)
        order = sorted(range(len(x)), key=lambda i: (-scores[i], i))
        rank = next((i for i, j in enumerate(order, start=1) if r["labels"][j]), None)
        total += 1.0 / rank if rank else 0.0
    return total / len(records) if records else 0.0


def fit(records: list[dict]) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    useful = [r for r in records if any(r["labels"])]
    x = np.array([row for r in useful for row in r["rows"]], dtype=np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0

    def standardized(rs: list[dict]) -> list[dict]:
        return [{**r, "rows": ((np.asarray(r["rows"]) - mean) / scale).tolist()} for r in rs]

    def train(rs: list[dict], c: float):
        diffs, ys = [], []
        for r in rs:
            x = np.asarray(r["rows"], dtype=np.float64)
            gold = [i for i, label in enumerate(r["labels"]) if label]
            others = [i for i, label in enumerate(r["labels"]) if not label]
            for g in gold:
                for o in others:
                    diffs += [x[g] - x[o], x[o] - x[g]]
                    ys += [1, 0]
        model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
        model.fit(np.asarray(diffs), np.asarray(ys))
        return model.coef_[0]

    all_std = standardized(records)
    cv: dict[float, float] = {}
    for c in C_GRID:
        scores = []
        for k in range(FOLDS):
            train_part = [r for i, r in enumerate(all_std) if i % FOLDS != k and any(r["labels"])]
            test_part = [r for i, r in enumerate(all_std) if i % FOLDS == k]
            scores.append(mrr(test_part, train(train_part, c)))
        cv[c] = round(float(np.mean(scores)), 6)
    best_c = max(C_GRID, key=lambda c: (cv[c], -c))
    coef = train([r for r in all_std if any(r["labels"])], best_c)
    fused_cv = np.mean([mrr([r for i, r in enumerate(records) if i % FOLDS == k], None) for k in range(FOLDS)])
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef],
        "fitted_on": {
            "questions": len(records),
            "with_gold_in_head": len(useful),
            "C": best_c,
            "cv_mrr_by_C": {str(c): v for c, v in cv.items()},
            "cv_mrr_fused": round(float(fused_cv), 6),
            "fit_head_mrr_fused": round(mrr(records, None), 4),
            "fit_head_mrr_reranked": round(mrr(all_std, coef), 4),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index-dir")
    parser.add_argument("--from-features", action="store_true")
    args = parser.parse_args()
    if args.from_features:
        records = [json.loads(line) for line in CANDIDATES_PATH.read_text(encoding="utf-8").splitlines() if line]
    else:
        if not args.index_dir:
            parser.error("--index-dir is needed to collect candidates (or pass --from-features)")
        records = collect(args.index_dir)
        CANDIDATES_PATH.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                   encoding="utf-8")
    params = fit(records)
    RERANK_PATH.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(params, indent=1))


if __name__ == "__main__":
    main()
