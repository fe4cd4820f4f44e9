"""The one entry point the CLI, the UI and the tests call: `Assistant.ask`.

History is a list of earlier `Answer`s (or `conversation.Turn`s); each Answer
knows its question and the question actually searched.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

from assistant.abstain import AbstentionPolicy, TermStats
from assistant.conversation import HistoryItem, Turn, conversation_document, rewrite_followup
from assistant.corpus_index import CorpusIndex
from assistant.crosslinks import referenced_paragraphs
from assistant.extractive import compose_extractive
from assistant.precedent_service import precedent_answer
from assistant.retrieval import HybridRetriever, Retrieval
from assistant.types import QUOTED, Answer, Citation, Filters, Hit
from index.glossary import answer_glossary_question
from index.settings import Settings, load_settings

__all__ = ["NOT_IN_DOCUMENTS", "Assistant", "HistoryItem", "Turn"]

NOT_IN_DOCUMENTS = "The indexed documents do not say."


class Assistant:
    def __init__(self, settings: Settings | None = None, index: CorpusIndex | None = None,
                 chat_model=None, policy: AbstentionPolicy | None = None):
        self.settings = settings or load_settings()
        self._index = index
        self._injected_chat_model = chat_model
        self._chat_models: dict[Settings, object] = {}
        self.policy = policy or AbstentionPolicy()
        self._lock = threading.Lock()
        self._retriever: HybridRetriever | None = None
        self._terms: TermStats | None = None
        self._similarity = None

    # ------------------------------------------------------------ shared resources

    @property
    def index(self) -> CorpusIndex:
        """The loaded index; reloaded once when a new build has replaced it."""
        with self._lock:
            if self._index is None or self._index.is_stale():
                self._index = CorpusIndex(self.settings)
                self._retriever = None
                self._terms = None
            return self._index

    @property
    def retriever(self) -> HybridRetriever:
        index = self.index
        if self._retriever is None:
            self._retriever = HybridRetriever(index)
            self._terms = TermStats(index.keyword)
        return self._retriever

    def similarity(self):
        """The verifier's calibrated embedding similarity, one per assistant (it caches vectors)."""
        if self._similarity is None:
            from assistant.verify import embedding_similarity

            self._similarity = embedding_similarity(self.index.embedder.model)
        return self._similarity

    def chat_model(self, backend: str):
        """The chat model for `backend`, one per (backend, settings): the Assistant is shared by all sessions.

        An injected model (tests) answers for every backend.
        """
        if self._injected_chat_model is not None:
            return self._injected_chat_model
        settings = replace(self.settings, backend=backend)
        with self._lock:
            if settings not in self._chat_models:
                from assistant.llm import make_chat_model

                self._chat_models[settings] = make_chat_model(settings)
            return self._chat_models[settings]

    # ------------------------------------------------------------ asking

    def retrieve(self, question: str, filters: Filters | None = None, k: int = 10,
                 context_symbol: str | None = None) -> Retrieval:
        return self.retriever.search(question, filters or Filters(), k=k, context_symbol=context_symbol)

    def ask(self, question: str, history: list[HistoryItem] | None = None, filters: Filters | None = None,
            backend: str | None = None, k: int | None = None) -> Answer:
        answer = None
        for event in self.ask_events(question, history, filters, backend, k):
            answer = event
        assert isinstance(answer, Answer)
        return answer

    def ask_events(self, question: str, history: list[HistoryItem] | None = None, filters: Filters | None = None,
                   backend: str | None = None, k: int | None = None) -> Iterator[str | Answer]:
        """`ask`, for a UI that streams: the generated text as the model writes it (str), then the Answer.

        The streamed words are the model's, unchecked; the Answer that follows is
        the verified one and replaces them.
        """
        started = time.perf_counter()
        backend = backend or self.settings.backend
        history = history or []
        filters = filters or Filters()
        k = k or max(10, self.settings.top_k)
        searched = rewrite_followup(question, history)
        precedent = precedent_answer(self, searched, filters) if backend == "extractive" else None
        if precedent is not None:
            precedent.question, precedent.backend = question, backend
            precedent.total_ms = precedent.retrieval_ms = (time.perf_counter() - started) * 1000
            yield precedent
            return
        if backend != "extractive" and history and searched == question:
            from assistant.conversation import condense_with_llm

            searched = condense_with_llm(question, history, self.chat_model(backend))
        context = conversation_document(history)
        t0 = time.perf_counter()
        retrieval = self.retrieve(searched, filters, k=k, context_symbol=context)
        retrieval_ms = (time.perf_counter() - t0) * 1000
        hits = retrieval.hits

        glossary_answer = self._glossary_answer(question, searched, hits, backend)
        if glossary_answer is not None:
            glossary_answer.retrieval_ms = retrieval_ms
            glossary_answer.total_ms = (time.perf_counter() - started) * 1000
            yield glossary_answer
            return
        hits = self._with_referenced(hits, retrieval.language)

        direct = [h for h in hits if h.via != "hybrid"]
        evidence = self.policy.evidence(searched, retrieval.language, hits, self._terms.idf, self._terms.df)
        abstain = not hits or (not direct and self.policy.should_abstain(evidence))
        if abstain:
            answer = Answer(
                question=question,
                searched_question=searched,
                text=NOT_IN_DOCUMENTS + " The closest passages are listed below; they do not answer the question.",
                hits=hits,
                abstained=True,
                backend=backend,
                notes=[f"abstained: {evidence.reason}"],
            )
        elif backend == "extractive":
            text, citations = compose_extractive(searched, _answer_hits(hits))
            answer = Answer(question=question, searched_question=searched, text=text, citations=citations,
                            hits=hits, backend=backend)
        else:
            stream = self.generation(searched, hits, backend)
            yield from stream
            answer = stream.result()
            answer.question, answer.searched_question, answer.hits = question, searched, hits
        answer.retrieval_ms = retrieval_ms
        answer.total_ms = (time.perf_counter() - started) * 1000
        yield answer

    def generation(self, searched: str, hits: list[Hit], backend: str):
        """The `AnswerStream` for a generative backend: iterate it for tokens, then read `.answer`."""
        from assistant.llm import resolve_response_format, stream_answer

        settings = replace(self.settings, backend=backend)
        return stream_answer(
            searched,
            _answer_hits(hits),
            self.chat_model(backend),
            similarity=self.similarity(),
            token_budget=settings.prompt_token_budget,
            backend=backend,
            response_format=resolve_response_format(settings),
        )

    def _glossary_answer(self, question: str, searched: str, hits: list[Hit], backend: str) -> Answer | None:
        """'What is UNGIS?' is answered from the mined glossary, citing where the name is spelled out."""
        entry = answer_glossary_question(searched, self.index.glossary)
        source = self.index.get(entry.source_id) if entry else None
        if entry is None or source is None:
            return None
        text = f"{entry.acronym}: {entry.expansion} [1]."
        citation = Citation(marker=1, paragraph=source, quote=entry.expansion, status=QUOTED)
        hit = Hit(paragraph=source, score=1.0, via="glossary")
        rest = [h for h in hits if h.paragraph.id != source.id]
        return Answer(question=question, searched_question=searched, text=text, citations=[citation],
                      hits=[hit, *rest], backend=backend,
                      notes=[f"from the glossary; first used in {entry.first_used_id or entry.source_id}"])

    def _with_referenced(self, hits: list[Hit], language: str) -> list[Hit]:
        """A paragraph named in the question that only reaffirms or recalls others brings those along."""
        out = list(hits)
        seen = {h.paragraph.id for h in hits}
        for hit in hits:
            if hit.via != "reference":
                continue
            for target in referenced_paragraphs(self.index, hit.paragraph.id, language):
                if target.id not in seen:
                    seen.add(target.id)
                    out.insert(len([h for h in out if h.via != "hybrid"]), Hit(paragraph=target, score=0.9,
                                                                               via="crossref"))
        return out


def _answer_hits(hits: list[Hit]) -> list[Hit]:
    """Direct references are the answer on their own; otherwise the best few fused hits."""
    direct = [h for h in hits if h.via != "hybrid"]
    return direct if direct else hits[:5]
