"""Deciding that the documents do not answer a question.

Similarity alone cannot tell "How many delegates attended the IGF in Baku?"
from "Where was the IGF held?": both land on the same paragraph.  What differs
is that the unanswerable question's specific terms (numbers, names, rare
words) are missing from every passage found.  So the decision combines the
best dense similarity with idf-weighted coverage of the question's terms by
the top passages; specific numbers (years) absent from them weigh heaviest.
Thresholds are calibrated by `wsis eval` on the dev question files; see
README "Abstention".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.types import Hit
from index.tokenize import tokenize

# Words that frame a question rather than name its subject.
_FRAME = {
    "what", "which", "who", "whom", "when", "where", "why", "how", "many", "much", "doe", "does", "do", "say",
    "said", "resolut", "resolution", "document", "paragraph", "para", "council", "assembli", "assembly",
    "general", "note", "mention", "state", "text", "accord", "according", "tell", "show", "find", "anyth",
    "anything", "there", "regard", "about", "wsis", "ecosoc", "un", "unit", "nation",
}
_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Evidence:
    top_similarity: float
    coverage: float  # idf-weighted share of the question's subject terms found in the top passages
    missing: tuple[str, ...]
    missing_numbers: tuple[str, ...]


@dataclass(frozen=True)
class AbstentionPolicy:
    min_similarity: float = 0.35
    min_coverage: float = 0.55
    confident_similarity: float = 0.62  # above this, coverage gaps are paraphrase, not absence

    def evidence(self, question: str, language: str, hits: list[Hit], idf, top: int = 3) -> Evidence:
        terms = [t for t in dict.fromkeys(tokenize(question, language)) if t not in _FRAME]
        found: set[str] = set()
        for hit in hits[:top]:
            found |= set(tokenize(hit.paragraph.retrieval_text, hit.paragraph.language))
        sims = [h.dense_similarity for h in hits[:top] if h.dense_similarity is not None]
        top_sim = max(sims) if sims else 0.0
        if not terms:
            return Evidence(top_sim, 1.0, (), ())
        weights = {t: idf(t) for t in terms}
        total = sum(weights.values()) or 1.0
        covered = sum(w for t, w in weights.items() if t in found)
        missing = tuple(t for t in terms if t not in found)
        return Evidence(
            top_similarity=top_sim,
            coverage=covered / total,
            missing=missing,
            missing_numbers=tuple(t for t in missing if _NUMBER.match(t)),
        )

    def should_abstain(self, ev: Evidence) -> bool:
        if ev.missing_numbers:
            return True
        if ev.top_similarity < self.min_similarity:
            return True
        if ev.top_similarity >= self.confident_similarity:
            return False
        return ev.coverage < self.min_coverage


def idf_function(keyword_index):
    """Inverse document frequency from the bm25s vocabulary; unseen terms count as rarest."""
    retriever = keyword_index.retriever
    vocab = keyword_index.vocab
    n_docs = max(1, keyword_index.size)
    doc_freqs = _doc_freqs(retriever)

    def idf(term: str) -> float:
        row = vocab.get(term)
        df = doc_freqs[row] if row is not None and row < len(doc_freqs) else 0
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    return idf


def _doc_freqs(retriever):
    import numpy as np

    indptr = np.asarray(retriever.scores["indptr"])
    return np.diff(indptr)
