"""Per-question work stays per question: the model, the keyword index and the corpus load once."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.assistant import Assistant
from index import embed, keyword, store

QUESTIONS = [
    "What does the Council note about the regional commissions?",
    "What is said about the Internet Governance Forum?",
    "What does paragraph 35 say?",
    "Which body reviews the follow-up to the World Summit?",
    "What does the resolution say about broadband?",
    "How should the digital divide be bridged?",
]


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """Count every call of the loaders a question must never repeat."""
    counter: Counter = Counter()

    def counting(label: str, owner, name: str):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            counter[label] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    counting("model", embed.Embedder, "__init__")  # the sentence-transformers model load
    counting("keyword index", keyword.KeywordIndex, "__init__")
    counting("bm25 load", keyword.bm25s.BM25, "load")
    counting("corpus tokens", keyword, "paragraph_tokens")  # tokenizing the corpus
    counting("paragraphs file", store, "read_paragraphs")
    embed.get_embedder.cache_clear()  # so the model is really loaded inside this test
    return counter


def test_model_keyword_index_and_corpus_load_once_across_questions(seed_settings, calls):
    assistant = Assistant(seed_settings)
    for q in QUESTIONS:
        assert assistant.retrieve(q).hits
    for q in QUESTIONS:
        assistant.ask(q)
    assert calls == Counter({"model": 1, "keyword index": 1, "bm25 load": 1, "paragraphs file": 1})
