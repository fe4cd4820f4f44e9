"""LangChain's own standard tests (`langchain-tests`) run against `ParagraphRetriever` on the real seed index."""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieval import ParagraphRetriever
from index.corpus_index import Filters


class TestParagraphRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _assistant(self, seed_assistant) -> None:
        type(self).hybrid = seed_assistant.retriever

    @property
    def retriever_constructor(self) -> type[ParagraphRetriever]:
        return ParagraphRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"retriever": type(self).hybrid}

    @property
    def retriever_query_example(self) -> str:
        return "What does the Council urge United Nations entities to do?"


def test_filters_passed_at_invoke_time(seed_assistant):
    retriever = ParagraphRetriever(retriever=seed_assistant.retriever, k=4)
    docs = retriever.invoke("digital divide", filters=Filters(kinds=("preambular",)))
    assert len(docs) == 4
    assert {d.metadata["kind"] for d in docs} == {"preambular"}
    assert all(d.id.startswith("E/RES/2012/5:PP") for d in docs)
    one = retriever.invoke("digital divide", k=1)
    assert len(one) == 1 and one[0].metadata["label"].startswith("E/RES/2012/5")
