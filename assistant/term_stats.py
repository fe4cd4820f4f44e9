"""Document frequencies and idf of keyword tokens, read from the loaded bm25s index.

The answerability score weights a question's words by how rare they are in
the corpus, and calls a word the documents never use "unknown".
"""

from __future__ import annotations

import math


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
