"""Which clause answers: a logistic model over a clause's evidence, fitted on the question bank.

Why: the extractive answer quotes the paragraph whose best clause scores
highest.  That score was a hand-set blend (half similarity, half word coverage,
divided by a rank penalty, times bonuses for the asked type and for recency)
whose weights were grid-searched on a few hundred dev questions.  The bank's
train part holds 1,400 answerable questions with their gold paragraphs, so the
blend is learned instead: `scripts/fit_clauses.py` fits this model (which of a
question's clauses belong to its gold paragraphs) and writes `assistant/data/clauses.json`.

The features are what the assessment already computed for each clause plus
where its paragraph stands: no word of any question goes in.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant import answer_types

MODEL_PATH = Path(__file__).resolve().parent / "data" / "clauses.json"

FEATURES = (
    "similarity",  # the fine-tuned embedder's cosine of question and clause
    "coverage",  # the share of the question's weighted terms the clause (with its chapeau) holds
    "rank_share",  # 1 / (1 + the paragraph's rank in the retrieval)
    "holds_type",  # the clause holds the asked type of answer (a number for "how many"); 0 for a generic question
    "age",  # years older than the newest passage found, /10
    "current_age",  # the same, for a question about the current position only
    "operative",  # an operative paragraph (what the body decided), not a preambular one
)


@dataclass(frozen=True)
class ClauseModel:
    """A conditional logit over one question's candidate clauses, on standardized `FEATURES`.

    `weight` is a clause's softmax numerator, exp(w·z): among one question's
    clauses, the share of the total weight is the model's probability that this
    clause is the one that answers; the ratio of two weights is how much likelier
    one is than the other (what the citation shares of `assistant.extractive` compare).
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]

    def weight(self, values: tuple[float, ...]) -> float:
        z = sum(c * (v - m) / s for c, v, m, s in zip(self.coef, values, self.mean, self.scale, strict=True))
        return math.exp(min(z, 50.0))


@cache
def load_model(path: Path = MODEL_PATH) -> ClauseModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: fitted on features {data['features']}, the code has {list(FEATURES)}; "
                         "run scripts/fit_clauses.py")
    return ClauseModel(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]))


def clause_features(similarity: float, coverage: float, hit_rank: int, holds_type: bool, year: int,
                    latest: int, current: bool, operative: bool) -> tuple[float, ...]:
    """The model's inputs for one clause, in `FEATURES` order (pure: tests feed it numbers)."""
    age = max(0, latest - year) / 10.0 if year and latest else 0.0
    return (similarity, coverage, 1.0 / (1.0 + hit_rank), float(holds_type), age, age if current else 0.0,
            float(operative))


def typed(answer_type: str) -> bool:
    """Whether the question asks for a type of answer a clause can be seen to hold."""
    return answer_type != answer_types.GENERIC
