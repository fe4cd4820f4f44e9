"""The persisted BM25 index (bm25s sparse matrices) over the paragraph records.

Row i of the keyword index is row i of `paragraphs.jsonl`.  The query side
loads it once (memory-mapped) and filters with a boolean row mask inside
bm25s (`weight_mask`), never by post-filtering hits in Python.
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from index.paragraph import Paragraph
from index.text import tokenize


def paragraph_tokens(p: Paragraph) -> list[str]:
    return tokenize(p.retrieval_text, p.language)


def build_keyword_index(paragraphs: list[Paragraph], directory: Path) -> None:
    corpus_tokens = [paragraph_tokens(p) or ["\u2205"] for p in paragraphs]
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(corpus_tokens, show_progress=False)
    directory.mkdir(parents=True, exist_ok=True)
    retriever.save(str(directory), show_progress=False)


class KeywordIndex:
    def __init__(self, directory: Path):
        self.retriever = bm25s.BM25.load(str(directory), mmap=True, show_progress=False)
        self.vocab = self.retriever.vocab_dict
        self.size = int(self.retriever.scores["num_docs"])

    def search(
        self, query: str, language: str, k: int, mask: np.ndarray | None = None,
        tokens: list[str] | None = None,
    ) -> list[tuple[int, float]]:
        """(row, score) best first; rows excluded by `mask` never come back.

        `tokens` (already tokenized, e.g. translated from another language) replaces `query`.
        """
        tokens = [t for t in (tokens if tokens is not None else tokenize(query, language)) if t in self.vocab]
        if not tokens or self.size == 0:
            return []
        k = min(k, self.size if mask is None else int(mask.sum()))
        if k <= 0:
            return []
        rows, scores = self.retriever.retrieve(
            [tokens],
            k=k,
            show_progress=False,
            weight_mask=None if mask is None else mask.astype(np.float32),
            n_threads=0,
        )
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if s > 0]
