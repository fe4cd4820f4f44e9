"""The one entry point the CLI, the UI and the tests call: `Assistant.ask`."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from assistant.abstain import AbstentionPolicy, TermStats
from assistant.corpus_index import CorpusIndex
from assistant.retrieval import HybridRetriever, Retrieval
from assistant.types import Answer, Filters, Hit
from index.settings import Settings, load_settings

NOT_IN_DOCUMENTS = "The indexed documents do not say."


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation, as the history of the next question."""

    question: str
    answer: Answer


class Assistant:
    def __init__(self, settings: Settings | None = None, index: CorpusIndex | None = None,
                 chat_model=None, policy: AbstentionPolicy | None = None):
        self.settings = settings or load_settings()
        self._index = index
        self._chat_model = chat_model
        self.policy = policy or AbstentionPolicy()
        self._lock = threading.Lock()
        self._retriever: HybridRetriever | None = None
        self._terms: TermStats | None = None

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

    def chat_model(self, backend: str):
        if self._chat_model is None:
            from assistant.llm import make_chat_model

            self._chat_model = make_chat_model(self.settings, backend)
        return self._chat_model

    # ------------------------------------------------------------ asking

    def retrieve(self, question: str, filters: Filters | None = None, k: int = 10,
                 context_symbol: str | None = None) -> Retrieval:
        return self.retriever.search(question, filters or Filters(), k=k, context_symbol=context_symbol)

    def ask(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
            backend: str | None = None, k: int | None = None) -> Answer:
        from assistant.conversation import rewrite_followup
        from assistant.extractive import compose_extractive

        started = time.perf_counter()
        backend = backend or self.settings.backend
        history = history or []
        filters = filters or Filters()
        k = k or max(10, self.settings.top_k)
        searched = rewrite_followup(question, history)
        if backend != "extractive" and history and searched == question:
            from assistant.conversation import condense_with_llm

            searched = condense_with_llm(question, history, self.chat_model(backend))
        context = _context_symbol(history)
        t0 = time.perf_counter()
        retrieval = self.retrieve(searched, filters, k=k, context_symbol=context)
        retrieval_ms = (time.perf_counter() - t0) * 1000
        hits = retrieval.hits

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
            from assistant.llm import generate_answer

            answer = generate_answer(
                searched,
                _answer_hits(hits),
                self.chat_model(backend),
                similarity=self.index.similarity,
                token_budget=self.settings.prompt_token_budget,
            )
            answer.question, answer.searched_question, answer.hits, answer.backend = question, searched, hits, backend
        answer.retrieval_ms = retrieval_ms
        answer.total_ms = (time.perf_counter() - started) * 1000
        return answer


def _answer_hits(hits: list[Hit]) -> list[Hit]:
    """Direct references are the answer on their own; otherwise the best few fused hits."""
    direct = [h for h in hits if h.via != "hybrid"]
    return direct if direct else hits[:5]


def _context_symbol(history: list[Turn]) -> str | None:
    for turn in reversed(history):
        if turn.answer.citations:
            return turn.answer.citations[0].paragraph.symbol
        if turn.answer.hits:
            return turn.answer.hits[0].paragraph.symbol
    return None


@lru_cache(maxsize=4)
def shared_assistant(settings: Settings) -> Assistant:
    """One assistant (model, index) per process and settings."""
    return Assistant(settings)
