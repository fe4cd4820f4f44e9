"""A second look at the fused ranking's head: a fitted linear score over what each candidate holds.

Reciprocal rank fusion sees only ranks.  It cannot tell a paragraph that
holds every rare word of the question from one that shares two common ones,
nor a paragraph holding the asked kind of value (a date for "when", a number
for "how many") from one that does not.  The first `DEPTH` fused candidates
are scored again by a standardized linear model over `FEATURES`; its weights
are fitted by `scripts/fit_rerank.py` (logistic regression, gold paragraph
against the other candidates, on the fitting part) and kept in
`assistant/data/rerank.json`.  Without that file the fused order stands.

Everything here is a pure function of the candidates and small callables
(idf, translation), so tests can feed it hand-made paragraphs.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from assistant import answer_types
from assistant.answerability import Model, mentions, named_year
from assistant.boilerplate import is_boilerplate
from assistant.types import Hit
from index.paragraph import PREAMBULAR
from index.text import tokenize

RERANK_PATH = Path(__file__).resolve().parent / "data" / "rerank.json"
DEPTH = 30  # candidates scored again; the rest keep their fused order below them
FEATURES = (
    "fused",  # fused score over the best fused score (rank fusion with its boosts)
    "dense",  # cosine of the paragraph's best vector (its lowest in the list when the dense side missed it)
    "keyword",  # BM25 score over the best BM25 score (0 when the keyword side missed it)
    "coverage",  # idf-weighted share of the question's words the paragraph holds
    "rare_held",  # the question's rarest known word is in the paragraph
    "pairs_held",  # share of the question's adjacent word pairs the paragraph writes side by side
    "names_held",  # share of the names, acronyms and numbers of the question the paragraph writes (1 if none)
    "type_held",  # the paragraph holds the asked kind of value (always 1 for a statement question)
    "boilerplate",  # a formula the question did not ask for
    "preambular",  # a recital rather than an operative paragraph
    "log_words",  # long paragraphs hold many words by length alone
    "dense_rr",  # 1 / rank on the dense side (0 when it missed the paragraph)
    "keyword_rr",  # 1 / rank on the keyword side
    "year_held",  # of the one year the question names, or writing it (1 when it names none)
)


def load_reranker(path: Path = RERANK_PATH) -> Model | None:
    """The fitted reranker, or None without its file (the fused order then stands)."""
    return Model.load(path) if path.exists() else None


@lru_cache(maxsize=20000)
def _token_pairs(text: str, language: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The stems of `text` and its adjacent stem pairs (stop words dropped, as the keyword side does)."""
    stems = tokenize(text, language)
    return frozenset(stems), frozenset(itertools.pairwise(stems))


_NAME_RE = re.compile(r"(?<![\w'’])(?:[A-Z][a-z]*[A-Z\d]\w*|[A-Z]{2,}\w*|\d[\d.,]*\d|\d)(?:[+-]\d+)?")


def _question_names(question: str) -> list[str]:
    """Acronyms, inner-capital names and numbers ("WSIS+20", "IGF", "2030", "9.c" is two): what a passage must write."""
    return list(dict.fromkeys(m.group(0).lower() for m in _NAME_RE.finditer(question)))


def feature_rows(
    question: str,
    language: str,
    terms: Sequence[str],
    candidates: Sequence[Hit],
    idf: Callable[[str], float],
    translate: Callable[[list[str], str, str], list[str]],
    wants_formulae: bool = False,
) -> list[dict[str, float]]:
    """The `FEATURES` of each fused hit, in the hits' order."""
    if not candidates:
        return []
    top_fused = max(c.score for c in candidates) or 1.0
    dense_values = [c.dense_similarity for c in candidates if c.dense_similarity is not None]
    dense_floor = min(dense_values) if dense_values else 0.0
    top_kw = max((c.keyword_score or 0.0) for c in candidates) or 1.0
    answer_type = answer_types.question_type(question)
    question_pairs = set(itertools.pairwise(terms))
    names = _question_names(question)
    year = named_year(question)
    by_language: dict[str, tuple[dict[str, float], str]] = {}

    def terms_in(lang: str) -> tuple[dict[str, float], str]:
        """The question's words in `lang` with their idf, and the rarest of them."""
        if lang not in by_language:
            mapped = list(terms) if lang == language else translate(list(terms), language, lang)
            weights = {t: idf(t) for t in mapped}
            by_language[lang] = (weights, max(weights, key=weights.__getitem__) if weights else "")
        return by_language[lang]

    rows = []
    for c in candidates:
        p = c.paragraph
        text = f"{p.chapeau} {p.text}" if p.chapeau else p.text
        held, pairs = _token_pairs(text, p.language)
        lowered = text.lower()
        weights, rarest = terms_in(p.language)
        total = sum(weights.values())
        coverage = sum(w for t, w in weights.items() if t in held) / total if total else 0.0
        rows.append({
            "fused": c.score / top_fused,
            "dense": c.dense_similarity if c.dense_similarity is not None else dense_floor,
            "keyword": (c.keyword_score or 0.0) / top_kw,
            "coverage": coverage,
            "rare_held": float(bool(rarest) and rarest in held),
            "pairs_held": (len(question_pairs & pairs) / len(question_pairs)
                           if question_pairs and p.language == language else 0.0),
            "names_held": sum(1 for n in names if mentions(lowered, n)) / len(names) if names else 1.0,
            "type_held": float(answer_type == answer_types.GENERIC
                               or answer_types.holds_answer(answer_type, question, text)),
            "boilerplate": float(not wants_formulae and is_boilerplate(p)),
            "preambular": float(p.kind == PREAMBULAR),
            "log_words": math.log1p(len(text.split())),
            "dense_rr": 1.0 / c.dense_rank if c.dense_rank else 0.0,
            "keyword_rr": 1.0 / c.keyword_rank if c.keyword_rank else 0.0,
            "year_held": float(year is None or p.year == year or str(year) in text),
        })
    return rows


def rerank(candidates: Sequence[Hit], rows: Sequence[dict[str, float]], model: Model | None,
           depth: int = DEPTH) -> list[int]:
    """Candidate positions in their new order: the first `depth` by the model's score, then the rest as they were."""
    n = len(candidates)
    if model is None or n < 2:
        return list(range(n))
    head = min(depth, n)
    scores = [model.linear(rows[i]) for i in range(head)]
    order = sorted(range(head), key=lambda i: (-scores[i], i))
    return order + list(range(head, n))
