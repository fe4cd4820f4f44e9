"""A bilingual word list learned from the corpus itself: the same paragraph in two languages.

Five resolutions are indexed in all six official languages with the same
paragraph ids, so every id indexed in French and in English is a pair of
translations.  A French stem and an English stem that keep appearing in the
same pairs (Dice coefficient over pairs) translate each other: "multipartit"
↔ "multistakehold", "lign directric" ↔ "guidelin".  With it a question in one
language can be searched, and its coverage checked, against a document
indexed only in another: there is no machine translation offline, but the
documents carry their own.

Built lazily per language pair from the loaded paragraphs (a sparse
co-occurrence product, well under a second) and cached on the index object.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from index.paragraph import Paragraph
from index.text import tokenize

MIN_PAIRS = 2  # a translation must be seen in at least this many paragraph pairs
MIN_DICE = 0.3
PER_TERM = 2  # keep the best few translations of each stem


class Lexicon:
    """Stem translations between the indexed languages, learned from aligned paragraphs."""

    def __init__(self, paragraphs: Sequence[Paragraph]):
        self._by_lang: dict[str, dict[str, Paragraph]] = {}
        for p in paragraphs:
            self._by_lang.setdefault(p.language, {})[p.id] = p
        self._tables: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
        self._vocab: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def languages(self) -> list[str]:
        return sorted(self._by_lang)

    def vocabulary(self, language: str) -> set[str]:
        with self._lock:
            if language not in self._vocab:
                vocab: set[str] = set()
                for p in self._by_lang.get(language, {}).values():
                    vocab.update(tokenize(p.retrieval_text, language))
                self._vocab[language] = vocab
            return self._vocab[language]

    def table(self, source: str, target: str) -> dict[str, tuple[str, ...]]:
        key = (source, target)
        with self._lock:
            if key not in self._tables:
                self._tables[key] = _learn(self._by_lang.get(source, {}), self._by_lang.get(target, {}), source,
                                           target)
            return self._tables[key]

    def translate(self, terms: Sequence[str], source: str, target: str, keep_unknown: bool = True) -> list[str]:
        """`terms` (stems of `source`) as stems of `target`: learned translations, else the term itself
        when `target` documents use it too (names, numbers, acronyms).  A term with neither is kept as it
        is (a search may still match it) or, with `keep_unknown=False`, left out (a coverage cannot judge it:
        French "commissions" stems to "comm", which no parallel paragraph pairs with an English stem)."""
        if source == target:
            return list(terms)
        table = self.table(source, target)
        vocab = self.vocabulary(target)
        out: list[str] = []
        for t in terms:
            mapped = table.get(t, ())
            if t in vocab and t not in mapped:
                mapped = (t, *mapped)
            out.extend(mapped or ((t,) if keep_unknown else ()))
        return list(dict.fromkeys(out))


def _learn(src: dict[str, Paragraph], tgt: dict[str, Paragraph], source: str, target: str
           ) -> dict[str, tuple[str, ...]]:
    ids = sorted(set(src) & set(tgt))
    if not ids:
        return {}
    src_docs = [set(tokenize(src[i].text, source)) for i in ids]
    tgt_docs = [set(tokenize(tgt[i].text, target)) for i in ids]
    sv = {t: n for n, t in enumerate(sorted(set().union(*src_docs)))}
    tv = {t: n for n, t in enumerate(sorted(set().union(*tgt_docs)))}
    xs = _matrix(src_docs, sv)
    xt = _matrix(tgt_docs, tv)
    co = (xs.T @ xt).tocoo()
    df_s = np.asarray(xs.sum(axis=0)).ravel()
    df_t = np.asarray(xt.sum(axis=0)).ravel()
    dice = 2 * co.data / (df_s[co.row] + df_t[co.col])
    keep = (co.data >= MIN_PAIRS) & (dice >= MIN_DICE)
    inv_t = {n: t for t, n in tv.items()}
    inv_s = {n: t for t, n in sv.items()}
    best: dict[str, list[tuple[float, str]]] = {}
    for r, c, d in zip(co.row[keep], co.col[keep], dice[keep], strict=True):
        best.setdefault(inv_s[int(r)], []).append((float(d), inv_t[int(c)]))
    return {s: tuple(t for _, t in sorted(cands, reverse=True)[:PER_TERM]) for s, cands in best.items()}


def _matrix(docs: list[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, doc in enumerate(docs):
        for t in doc:
            rows.append(i)
            cols.append(vocab[t])
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), len(vocab)))
