"""Fit how extractive answers choose and quote their paragraphs (`assistant.extractive.compose_extractive`).

    python scripts/fit_answers.py --index-dir DIR

Which clause leads is the clause model's (`scripts/fit_clauses.py`); the weights
fitted here decide what follows it: `close_share` (a further paragraph is cited
only when its best clause scores at least this share of the first's) and
`clause_weight` (how far the quote of a paragraph too long to quote whole leans
to the window holding its best clause by meaning, in question words' worth).
A grid search over both, on the answerable questions of the question bank's
train part (`scripts/data/bank/splits.json`, with the older files it trains on;
precedent and paragraph-reference questions are answered other ways), maximizes answer_contains plus citation
precision (both are targets: a further citation may add the words asked for,
or cost precision), then answer_contains; ties go to the smaller weights.  A
second, smaller grid then fits `neighbour_share` (the share at which a
paragraph next to a quoted one in the same document joins) together with
`close_share` and `overview_citations` (how many paragraphs a question asking
what the documents say may quote, `answer_types.asks_overview`), the other
weights fixed at their fitted values: the three trade the same citations.
Retrieval is computed once per question (and clause vectors are cached); assessment and composition re-run.
Writes `assistant/data/answers.json`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

GRID = {
    "close_share": (0.7, 0.8, 0.9, 1.0),
    "clause_weight": (0.0, 1.0, 3.0, 10.0),
}
NEIGHBOUR_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
OVERVIEW_GRID = (2, 3, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions (a timing check)")
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write answers.json")
    args = parser.parse_args()

    from assistant import assistant as module
    from assistant.assistant import Assistant
    from assistant.dev_split import NOT_RANKED
    from index.settings import load_settings
    from scripts.bank import splits

    assistant = Assistant(load_settings(index_dir=args.index_dir))
    loaded = assistant.loaded()
    questions = [q for q in splits.rows(splits.TRAIN)
                 if q.get("answerable", True) and q.get("gold") and q.get("category") not in NOT_RANKED]
    if args.limit:
        questions = questions[: args.limit]
    # What does not depend on the weights is computed once per question: the searched question, the
    # precedent and comparison routes, the retrieval and the assessment; composition re-runs.
    searched = {q["question"]: assistant.searched_question(q["question"], [], loaded) for q in questions}
    assistant.searched_question = lambda question, history, loaded: searched.get(question) or question
    retrieved = {s: assistant.retrieve(s, loaded=loaded) for s in searched.values()}
    original_retrieve, original_assess = assistant.retrieve, assistant.assess
    assistant.retrieve = lambda question, *a, **kw: retrieved.get(question) or original_retrieve(question, *a, **kw)
    assessed: dict[str, object] = {}

    def assess(question, retrieval, loaded=None):
        if question not in assessed:
            assessed[question] = original_assess(question, retrieval, loaded)
        return assessed[question]

    assistant.assess = assess
    for name in ("precedent_answer", "compare_answer"):
        original, memo = getattr(module, name), {}

        def once(owner, question, *a, _original=original, _memo=memo):
            if question not in _memo:
                _memo[question] = _original(owner, question, *a)
            return _memo[question]

        setattr(module, name, once)

    def measure(weights: dict[str, float]) -> tuple[float, float]:
        module.CLOSE_SHARE = weights["close_share"]
        module.CLAUSE_WEIGHT = weights["clause_weight"]
        module.NEIGHBOUR_SHARE = weights.get("neighbour_share", weights["close_share"])
        module.OVERVIEW_CITATIONS = int(weights.get("overview_citations", module.CITATIONS))
        contains, cited, cited_gold = [], 0, 0
        for q in questions:
            answer = assistant.ask(q["question"])
            text = answer.text.lower()
            contains.append(all(s.lower() in text for s in q.get("answer_contains", [])))
            ids = {c.id for c in answer.citations}
            cited += len(ids)
            cited_gold += len(ids & set(q["gold"]))
        return round(sum(contains) / len(contains), 6), round(cited_gold / max(cited, 1), 6)

    def search(grid: dict[str, tuple[float, ...]], fixed: dict[str, float]):
        best = None
        for values in itertools.product(*grid.values()):
            weights = {**fixed, **dict(zip(grid, values, strict=True))}
            ac, cp = measure(weights)
            key = (round(ac + cp, 6), ac, *(-v for v in values))
            if best is None or key > best[0]:
                best = (key, weights, ac, cp)
        assert best is not None
        return best

    best = search(GRID, {})
    shares = {"close_share": GRID["close_share"], "neighbour_share": NEIGHBOUR_GRID,
              "overview_citations": OVERVIEW_GRID}
    best = search(shares, {k: v for k, v in best[1].items() if k not in shares})
    path = module.ANSWERS_PATH
    if not args.dry_run:
        path.write_text(json.dumps(best[1], indent=1) + "\n")
    print(json.dumps({"fitted": best[1], "questions": len(questions), "fit_answer_contains": best[2],
                      "fit_citation_precision": best[3]}, indent=1))


if __name__ == "__main__":
    main()
