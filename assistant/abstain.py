"""Deciding that the documents do not answer a question.

Similarity cannot make this call: "How many delegates attended the IGF in
Baku?" and "What was the theme of the 2019 IGF in Berlin?" land on paragraphs
about the IGF with high similarity, precisely because the corpus talks about
the IGF.  What marks them is that the *specific* thing they ask about is in
none of the passages found:

- a number (a year, a count) that no top passage contains and that is not the
  year of a top passage's document ("the 2027 WSIS Forum");
- a proper name that no top passage contains and that is rare in the whole
  corpus ("Berlin");
- the head noun of a "how many X" / "what is the X of" question ("delegates",
  "budget"), unless X is a meta noun such as "title" or "theme" that a
  paragraph answers without using the word.

Paraphrased questions ("Does the document think robots will replace workers?")
miss common words, not these, so they are still answered.  Words that name
documents or paragraphs ("paragraph 122 of A/RES/80/173") are removed first.
A last fallback abstains when both coverage and similarity are very low.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.references import strip_references
from assistant.types import Hit
from index.tokenize import tokenize

META_NOUNS = {
    "title", "name", "theme", "purpose", "role", "aim", "goal", "objective", "date", "status", "outcome",
    "mandate", "focus", "topic", "subject", "content", "scope", "result", "main", "key", "idea", "point",
    "resolution", "paragraph", "document", "text", "language", "kind", "type", "way", "ways",
}
_HEAD_NOUN = re.compile(
    r"\bhow many (?P<a>[a-z][\w-]*)|\bwhat (?:is|was|are|were) the (?:(?:\w+) )?(?P<b>[a-z][\w-]*) of\b", re.I
)
_NUMBER = re.compile(r"\b\d{1,4}(?:[.,]\d+)?\b")
_PROPER = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]{2,})\b")
_FRAME_WORDS = (
    "what which who whom when where why how many much does do did say said resolution document paragraph "
    "council assembly general note mention state text according tell show find anything there regard "
    "about wsis ecosoc united nations given give has have been so far me please"
)


@dataclass(frozen=True)
class Evidence:
    top_similarity: float
    coverage: float  # idf-weighted share of the question's subject terms found in the top passages
    missing: tuple[str, ...]
    missing_numbers: tuple[str, ...] = ()
    missing_names: tuple[str, ...] = ()
    missing_head: str = ""

    @property
    def reason(self) -> str:
        if self.missing_numbers:
            return f"no passage mentions {', '.join(self.missing_numbers)}"
        if self.missing_names:
            return f"no passage mentions {', '.join(self.missing_names)}"
        if self.missing_head:
            return f"no passage speaks of {self.missing_head}"
        return f"weak match (similarity {self.top_similarity:.2f}, term coverage {self.coverage:.2f})"


@dataclass(frozen=True)
class AbstentionPolicy:
    top: int = 5
    rare_df: int = 2  # a proper name seen in at most this many paragraphs counts as specific
    min_coverage: float = 0.25
    min_similarity: float = 0.30

    def evidence(self, question: str, language: str, hits: Sequence[Hit],
                 idf: Callable[[str], float], df: Callable[[str], int] | None = None) -> Evidence:
        q = strip_references(question)
        frame = set(tokenize(_FRAME_WORDS, language))
        top_hits = list(hits[: self.top])
        found: set[str] = set()
        raw = " ".join(h.paragraph.text + " " + h.paragraph.chapeau for h in top_hits)
        for h in top_hits:
            found |= set(tokenize(h.paragraph.retrieval_text, h.paragraph.language))
        sims = [h.dense_similarity for h in top_hits if h.dense_similarity is not None]
        top_sim = max(sims) if sims else 0.0

        terms = [t for t in dict.fromkeys(tokenize(q, language)) if t not in frame]
        weights = {t: idf(t) for t in terms}
        total = sum(weights.values())
        coverage = sum(w for t, w in weights.items() if t in found) / total if total else 1.0
        missing = tuple(t for t in terms if t not in found)

        years = {str(h.paragraph.year) for h in top_hits}
        numbers = tuple(
            n
            for n in dict.fromkeys(_NUMBER.findall(q))
            if n not in years and not re.search(rf"\b{re.escape(n)}\b", raw)
        )
        names = []
        for name in dict.fromkeys(_PROPER.findall(q)):
            toks = tokenize(name, language)
            absent = bool(toks) and all(t not in found and t not in frame for t in toks)
            if absent and (df is None or all(df(t) <= self.rare_df for t in toks)):
                names.append(name)
        head = ""
        m = _HEAD_NOUN.search(q)
        if m:
            noun = (m.group("a") or m.group("b") or "").lower()
            toks = tokenize(noun, language)
            if noun not in META_NOUNS and toks and all(t not in found for t in toks):
                head = noun
        return Evidence(top_sim, coverage, missing, numbers, tuple(names), head)

    def should_abstain(self, ev: Evidence) -> bool:
        if ev.missing_numbers or ev.missing_names or ev.missing_head:
            return True
        return ev.coverage < self.min_coverage and ev.top_similarity < self.min_similarity


class TermStats:
    """idf and document frequency of keyword tokens, from the loaded bm25s index."""

    def __init__(self, keyword_index):
        import numpy as np

        self.vocab = keyword_index.vocab
        self.n_docs = max(1, keyword_index.size)
        self.doc_freqs = np.diff(np.asarray(keyword_index.retriever.scores["indptr"]))

    def df(self, term: str) -> int:
        row = self.vocab.get(term)
        return int(self.doc_freqs[row]) if row is not None and row < len(self.doc_freqs) else 0

    def idf(self, term: str) -> float:
        d = self.df(term)
        return math.log(1 + (self.n_docs - d + 0.5) / (d + 0.5))
