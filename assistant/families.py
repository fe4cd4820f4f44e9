"""Families: the same paragraph agreed again, year after year, across resolutions.

ECOSOC and the General Assembly re-adopt much of their WSIS language every
year ("Recognizes that WSIS has proven to be a dynamic process …").  For a
question those repeats are one answer, not five: a family takes one slot in
the ranking and one citation in the answer ("E/RES/2025/18, para. 10 (same
text since E/RES/2024/13, para. 9)"), and which member speaks depends on the
question — the latest for the current position, the named year's when a year
is named, the best-ranked otherwise.

Members are found from the index's own vectors (cosine ≥ `MIN_COSINE` between
paragraphs of different documents in the same language), confirmed by their
wording (`precedent.language_similarity` ≥ `MIN_WORDING`), and grouped
transitively.  Computed once per loaded index.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from assistant.precedent import canonical_tokens, language_similarity, token_similarity
from index.corpus_index import CorpusIndex
from index.paragraph import FOOTNOTE, Paragraph

MIN_COSINE = 0.93
MIN_WORDING = 0.8
SAME_TEXT = 0.97  # wording similarity at which a later member is "the same text"

_CACHE: weakref.WeakKeyDictionary[CorpusIndex, Families] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()

# "now", "still", "currently", "latest", "today" (and their French and Spanish forms): the current position.
_CURRENT_RE = re.compile(
    r"\b(?:now|still|currently|current|latest|today|nowadays|at present|most recent|as of now|"
    r"actuellement|aujourd'hui|toujours|actualmente|hoy|todav[ií]a|vigente)\b",
    re.I,
)
_HISTORY_RE = re.compile(
    r"\b(?:how\s+(?:has|have|did)\b.*\b(?:change|changed|evolve|evolved|develop|developed|shift|shifted)|"
    r"evolution|over the years|across the years|since\s+(?:19|20)\d\d|between\s+(?:19|20)\d\d\s+and)\b",
    re.I,
)


# "When did ECOSOC first …", "since when", "¿En qué año empezó …": the family's first appearance.
_FIRST_RE = re.compile(
    r"\b(?:first|start(?:ed)?|beg[au]n|since when|depuis quand|desde cu[áa]ndo|for the first time|originally|initially|"
    r"premi[èe]re fois|pour la premi[èe]re|commenc[ée]|d[ée]but[ée]?|empez[óo]|comenz[óo]|por primera vez|inici[óo])\b",
    re.I,
)


def asks_first(question: str) -> bool:
    return bool(_FIRST_RE.search(question))


def asks_current(question: str) -> bool:
    return bool(_CURRENT_RE.search(question))


def asks_history(question: str) -> bool:
    return bool(_HISTORY_RE.search(question))


@dataclass(frozen=True)
class Families:
    """Paragraph (id, language) -> the members of its family, oldest first."""

    members: dict[tuple[str, str], tuple[Paragraph, ...]]

    def of(self, p: Paragraph) -> tuple[Paragraph, ...]:
        return self.members.get((p.id, p.language), (p,))

    def key(self, p: Paragraph) -> tuple[str, str]:
        first = self.of(p)[0]
        return (first.id, first.language)


def families_of(index: CorpusIndex) -> Families:
    with _LOCK:
        found = _CACHE.get(index)
        if found is None:
            found = _build(index)
            _CACHE[index] = found
        return found


def _date_key(p: Paragraph) -> tuple[str, str, int]:
    return (p.date or "9999", p.symbol, p.order)


def _build(index: CorpusIndex) -> Families:
    try:
        got = index.collection.get(include=["embeddings"])
    except Exception:  # a store that cannot list its vectors: no families, plain ranking
        return Families({})
    from index import store

    vectors: dict[tuple[str, str], np.ndarray] = {}
    for row_id, vec in zip(got["ids"], got["embeddings"], strict=True):
        language, pid = store.split_row_id(row_id)
        key = (pid, language)
        if key not in vectors:  # the first piece of a long paragraph stands for it
            vectors[key] = np.asarray(vec, dtype=np.float32)
    by_lang: dict[str, list[Paragraph]] = defaultdict(list)
    for p in index.paragraphs:
        if p.kind != FOOTNOTE and (p.id, p.language) in vectors and len(p.text.split()) >= 8:
            by_lang[p.language].append(p)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(k):
        while parent.get(k, k) != k:
            parent[k] = parent.get(parent[k], parent[k])
            k = parent[k]
        return k

    for paras in by_lang.values():
        keys = [(p.id, p.language) for p in paras]
        # Each paragraph's canonical tokens once, not once per candidate pair: with the six-language
        # corpus there are ~43,000 pairs, and normalizing both sides each time took 12 s of the
        # first question after every start or index switch.
        canonical: dict[int, list[str]] = {}

        def tokens(n: int, paras=paras, canonical=canonical) -> list[str]:
            if n not in canonical:
                canonical[n] = canonical_tokens(paras[n].text)
            return canonical[n]

        m = np.stack([vectors[k] for k in keys])
        m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        symbols = np.array([p.symbol for p in paras])
        for start in range(0, len(paras), 512):
            sims = m[start : start + 512] @ m.T
            rows, cols = np.nonzero(sims >= MIN_COSINE)
            for r, c in zip(rows, cols, strict=True):
                i = start + int(r)
                j = int(c)
                if j <= i or symbols[i] == symbols[j]:
                    continue
                if token_similarity(tokens(i), tokens(j)) >= MIN_WORDING:
                    a, b = root(keys[i]), root(keys[j])
                    if a != b:
                        parent[b] = a
    groups: dict[tuple[str, str], list[Paragraph]] = defaultdict(list)
    lookup = {(p.id, p.language): p for ps in by_lang.values() for p in ps}
    for k in parent:
        groups[root(k)].append(lookup[k])
    members: dict[tuple[str, str], tuple[Paragraph, ...]] = {}
    for group in groups.values():
        ordered = tuple(sorted({(p.id, p.language): p for p in group}.values(), key=_date_key))
        if len({p.symbol for p in ordered}) < 2:
            continue
        for p in ordered:
            members[(p.id, p.language)] = ordered
    return Families(members)


def same_text_since(member: Paragraph, family: tuple[Paragraph, ...]) -> Paragraph | None:
    """The earliest member whose wording is the same as `member`'s through to it (None: it changed)."""
    earliest = None
    for p in reversed([f for f in family if _date_key(f) < _date_key(member)]):
        if language_similarity(p.text, member.text) >= SAME_TEXT:
            earliest = p
        else:
            break
    return earliest
