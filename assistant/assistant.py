"""The one entry point the CLI, the UI and the tests call: `Assistant.ask`.

History is a list of earlier `Answer`s (or `conversation.Turn`s); each Answer
knows its question and the question actually searched.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from assistant import answer_types, clause_model
from assistant.answerability import Assessment, Clause, ClauseEncoder, Context, Model, assess, mentions, named_year
from assistant.boilerplate import asks_for_boilerplate, is_boilerplate
from assistant.compare_service import compare_answer
from assistant.conversation import HistoryItem, Turn, conversation_document, rewrite_followup
from assistant.crosslinks import referenced_paragraphs
from assistant.extractive import compose_extractive
from assistant.families import asks_current, families_of
from assistant.history import asks_change, closest_wording, compose_timeline, timeline
from assistant.phrases import PhraseLookup
from assistant.precedent_service import precedent_answer
from assistant.prompts import CANNOT_ANSWER_PHRASE as NOT_IN_DOCUMENTS
from assistant.question import answer_glossary_question, strip_references
from assistant.retrieval import HybridRetriever, Retrieval
from assistant.spelling import Speller
from assistant.types import QUOTED, Answer, Citation, Hit
from index.corpus_index import CorpusIndex, Filters
from index.paragraph import Paragraph
from index.settings import Settings, load_settings
from index.text import detect_language

__all__ = ["NOT_IN_DOCUMENTS", "Assistant", "HistoryItem", "Turn"]

CLOSEST_PASSAGES = "The closest passages are listed below; they do not answer the question."


@dataclass(frozen=True)
class Loaded:
    """Everything one question uses from one loaded index, taken together under the lock.

    A rebuild may replace the index while a question is being answered; the
    question keeps the snapshot it started with (retriever with its term
    statistics, glossary context, all of one generation) instead of reading half-reset fields.
    """

    index: CorpusIndex
    retriever: HybridRetriever
    context: Context
    speller: Speller


class Assistant:
    def __init__(self, settings: Settings | None = None, index: CorpusIndex | None = None,
                 chat_model=None, model: Model | None = None):
        self.settings = settings or load_settings()
        self._index = index
        self._injected_chat_model = chat_model
        self._chat_models: dict[Settings, object] = {}
        self.answerability_model = model
        self._lock = threading.Lock()
        self._loaded: Loaded | None = None
        self._similarity = None

    # ------------------------------------------------------------ shared resources

    @property
    def index(self) -> CorpusIndex:
        """The loaded index; reloaded once when a new build has replaced it."""
        return self.loaded().index

    def loaded(self) -> Loaded:
        """The current index with its retriever and statistics, (re)built together when the index changes."""
        with self._lock:
            if self._index is None or self._index.is_stale():
                self._index = CorpusIndex(self.settings)
            if self._loaded is None or self._loaded.index is not self._index:
                index = self._index
                retriever = HybridRetriever(index)
                terms = retriever.term_stats
                encoder = ClauseEncoder(lambda texts, index=index: index.embedder.encode(texts, threads=1))
                glossary = frozenset(
                    w.lower() for e in index.glossary for w in (e.acronym, *e.expansion.split())
                )
                phrases = PhraseLookup(index.paragraphs)
                context = Context(
                    df=terms.df, idf=terms.idf, encoder=encoder, glossary_terms=glossary,
                    document_years=frozenset(str(d.year) for d in index.documents if d.year),
                    indexed_symbols=frozenset(index.symbols()),
                    expand=retriever.acronyms.expansion,
                    phrase_known=phrases.known, near=phrases.near,
                    acronym_tokens=acronym_tokens(index.glossary),
                )
                speller = Speller(p.text for p in index.paragraphs if p.language == "en")
                self._loaded = Loaded(index, retriever, context, speller)
            return self._loaded

    @property
    def retriever(self) -> HybridRetriever:
        return self.loaded().retriever

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
                 context_symbol: str | None = None, loaded: Loaded | None = None) -> Retrieval:
        retriever = (loaded or self.loaded()).retriever
        return retriever.search(question, filters or Filters(), k=k, context_symbol=context_symbol)

    def assess(self, question: str, retrieval: Retrieval, loaded: Loaded | None = None) -> Assessment:
        """Whether the retrieved passages answer `question` (see `assistant.answerability`)."""
        loaded = loaded or self.loaded()
        return assess(question, retrieval.language, retrieval.hits, loaded.context, self.answerability_model,
                      translate=loaded.retriever.translate_known)

    def searched_question(self, question: str, history: list[HistoryItem], loaded: Loaded) -> str:
        """What is searched for: a follow-up made whole, an English question's typos corrected."""
        searched = rewrite_followup(question, history)
        if detect_language(searched) == "en":
            searched = loaded.speller.correct(searched)  # "permanant" -> "permanent" (assistant.spelling)
        return searched

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
        loaded = self.loaded()
        searched = self.searched_question(question, history, loaded)
        precedent = precedent_answer(self, searched, filters) if backend == "extractive" else None
        if precedent is not None:
            precedent.question, precedent.backend = question, backend
            precedent.total_ms = precedent.retrieval_ms = (time.perf_counter() - started) * 1000
            yield precedent
            return
        comparison = compare_answer(loaded.index, searched)  # "what is new in 2025 compared with 2024?"
        if comparison is not None:
            comparison.question, comparison.backend = question, backend
            comparison.total_ms = comparison.retrieval_ms = (time.perf_counter() - started) * 1000
            yield comparison
            return
        if backend != "extractive" and history and searched == question:
            from assistant.conversation import condense_with_llm

            searched = condense_with_llm(question, history, self.chat_model(backend))
        context = conversation_document(history)
        t0 = time.perf_counter()
        retrieval = self.retrieve(searched, filters, k=k, context_symbol=context, loaded=loaded)
        retrieval_ms = (time.perf_counter() - t0) * 1000
        hits = retrieval.hits

        glossary_answer = self._glossary_answer(question, searched, hits, backend, loaded.index)
        if glossary_answer is not None:
            glossary_answer.retrieval_ms = retrieval_ms
            glossary_answer.total_ms = (time.perf_counter() - started) * 1000
            yield glossary_answer
            return
        hits = self._with_referenced(hits, retrieval.language, loaded.index)
        retrieval = replace(retrieval, hits=hits)
        assessment = self.assess(searched, retrieval, loaded)
        if not assessment.answerable:
            answer = Answer(
                question=question,
                searched_question=searched,
                text=abstention_text(assessment),
                hits=hits,
                abstained=True,
                backend=backend,
                notes=[f"abstained: {assessment.reason}"],
            )
        elif backend == "extractive":
            ranked = ranked_clauses(assessment, hits, searched)
            steps = []
            if hits[0].via == "hybrid" and asks_change(searched, retrieval.refs.years):
                steps = timeline(searched, ranked, families_of(loaded.index).of, retrieval.refs.years,
                                 retrieval.refs.bodies, counterpart=_counterpart(loaded.index),
                                 index_years=sorted({d.year for d in loaded.index.documents if d.year}))
            if steps:  # "how did it change": each year's words, then what changed
                text, citations = compose_timeline(steps, question_language=retrieval.language)
            else:
                text, citations = compose_extractive(
                    searched, _answer_hits(hits), ranked=ranked, question_language=retrieval.language,
                    max_citations=OVERVIEW_CITATIONS if answer_types.asks_overview(searched) else CITATIONS,
                    close_share=CLOSE_SHARE, clause_weight=CLAUSE_WEIGHT, neighbour_share=NEIGHBOUR_SHARE,
                    asked_types=answer_types.question_types(searched), targets=retrieval.targets,
                )
            if citations and asks_current(searched):
                newest = max(citations, key=lambda c: (c.paragraph.date, c.paragraph.symbol)).paragraph
                text = f"{text} The most recent indexed text on this is {newest.label} ({newest.year})."
            if assessment.uncovered_part:
                text = f"{text} The passages found do not say {assessment.uncovered_part}."
            answer = Answer(question=question, searched_question=searched, text=text, citations=citations,
                            hits=cited_first(hits, citations), backend=backend)
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

    def _glossary_answer(self, question: str, searched: str, hits: list[Hit], backend: str,
                         index: CorpusIndex) -> Answer | None:
        """'What is UNGIS?' is answered from the mined glossary, citing where the name is spelled out."""
        entry = answer_glossary_question(searched, index.glossary)
        source = index.get(entry.source_id) if entry else None
        if entry is None or source is None:
            return None
        text = f"{entry.acronym}: {entry.expansion} [1]."
        citation = Citation(marker=1, paragraph=source, quote=entry.expansion, status=QUOTED)
        hit = Hit(paragraph=source, score=1.0, via="glossary")
        rest = [h for h in hits if h.paragraph.id != source.id]
        return Answer(question=question, searched_question=searched, text=text, citations=[citation],
                      hits=[hit, *rest], backend=backend,
                      notes=[f"from the glossary; first used in {entry.first_used_id or entry.source_id}"])

    def _with_referenced(self, hits: list[Hit], language: str, index: CorpusIndex) -> list[Hit]:
        """A paragraph named in the question that only reaffirms or recalls others brings those along."""
        out = list(hits)
        seen = {h.paragraph.id for h in hits}
        for hit in hits:
            if hit.via != "reference":
                continue
            for target in referenced_paragraphs(index, hit.paragraph.id, language):
                if target.id not in seen:
                    seen.add(target.id)
                    out.insert(len([h for h in out if h.via != "hybrid"]), Hit(paragraph=target, score=0.9,
                                                                               via="crossref"))
        return out


def acronym_tokens(glossary) -> dict[str, frozenset[str]]:
    """Acronym token -> the tokens of its expansion, from the corpus glossary ("igf" -> internet, govern, forum)."""
    from index.text import tokenize

    out: dict[str, frozenset[str]] = {}
    for entry in glossary:
        for token in tokenize(entry.acronym):
            out[token] = frozenset(tokenize(entry.expansion))
    return out


def abstention_text(assessment: Assessment) -> str:
    """What the user reads when the documents do not answer: the sentinel, the reason, the closest passages."""
    if assessment.kind == "missing_name":
        terms = ", ".join(f"“{t}”" for t in assessment.unknown_terms)
        return f"{NOT_IN_DOCUMENTS} No passage found mentions {terms}. {CLOSEST_PASSAGES}"
    if assessment.kind == "premise":
        terms = ", ".join(f"“{t}”" for t in assessment.unknown_terms)
        return (f"{NOT_IN_DOCUMENTS} The question takes for granted something no passage found says: "
                f"none of them mentions {terms} in that connection. {CLOSEST_PASSAGES}")
    if assessment.kind == "unknown_term":
        terms = ", ".join(f"“{t}”" for t in assessment.unknown_terms)
        return f"The indexed documents do not mention {terms}. {CLOSEST_PASSAGES}"
    if assessment.kind == "judgement":
        return f"{NOT_IN_DOCUMENTS} {assessment.reason[0].upper()}{assessment.reason[1:]}. " \
               "The passages closest to its topic are listed below as what the documents do say."
    if assessment.kind == "reference_mismatch":
        return f"{NOT_IN_DOCUMENTS} {assessment.reason[0].upper()}{assessment.reason[1:]}."
    return f"{NOT_IN_DOCUMENTS} {CLOSEST_PASSAGES}"


ANSWERS_PATH = Path(__file__).resolve().parent / "data" / "answers.json"  # fitted by scripts/fit_answers.py
_ANSWER_WEIGHTS = json.loads(ANSWERS_PATH.read_text(encoding="utf-8"))
# a further paragraph is cited only when its best clause scores at least this share of the first's
CLOSE_SHARE = float(_ANSWER_WEIGHTS["close_share"])
# ... or this share, for a paragraph next to a quoted one in the same document (`extractive.NEIGHBOURS`)
NEIGHBOUR_SHARE = float(_ANSWER_WEIGHTS.get("neighbour_share", CLOSE_SHARE))
# a long paragraph's quote leans to the window holding the assessed clause by this much (question words' worth)
CLAUSE_WEIGHT = float(_ANSWER_WEIGHTS.get("clause_weight", 0.0))
# paragraphs an answer may quote: a question that asks what the documents say (`answer_types.asks_overview`)
# is answered by every paragraph that says it, so it may quote more than one asking for a fact or a yes or no
CITATIONS = 2  # for any other question: the answer and, at most, the one paragraph that completes it
OVERVIEW_CITATIONS = int(_ANSWER_WEIGHTS.get("overview_citations", CITATIONS))


def clause_candidates(assessment: Assessment, hits: list[Hit], question: str = "",
                      ) -> list[tuple[Hit, Clause, tuple[float, ...]]]:
    """Every clause that may lead the answer, with its hit and the clause model's features.

    Boilerplate ("Recalling its resolution …") is left out unless asked for; when the
    question names a place ("held in Katowice") and some passage names it, only such
    passages answer; when it names one year, that year's passages (`_of_the_year`).
    `scripts/fit_clauses.py` fits the model on exactly these rows.
    """
    formulae = not asks_for_boilerplate(question)
    current = asks_current(question)
    latest = max((h.paragraph.year for h in hits), default=0)
    typed = clause_model.typed(assessment.answer_type)
    by_key = {(h.paragraph.id, h.paragraph.language): h for h in hits
              if not (formulae and is_boilerplate(h.paragraph))}
    by_key = _of_the_year(_naming_the_places(by_key, question), question)
    if current and named_year(question) is None:  # "as of 2017, the latest …" asks about 2017
        by_key = _newest_wording(by_key)
    out = []
    for clause in assessment.clauses:
        hit = by_key.get((clause.paragraph.id, clause.paragraph.language))
        if hit is None:
            continue
        holds = typed and answer_types.holds_answer(assessment.answer_type, question, clause.text)
        p = clause.paragraph
        out.append((hit, clause, clause_model.clause_features(
            clause.similarity, clause.coverage, clause.hit_rank, holds, p.year, latest, current,
            p.kind == "operative")))
    return out


def ranked_clauses(assessment: Assessment, hits: list[Hit], question: str = "") -> list[tuple[Hit, str, float]]:
    """Paragraphs in the order of their best answering clause: (hit, clause, score).

    A clause's score is its weight under the fitted clause model (`assistant.clause_model`),
    from its similarity to the question, the words of it covered, the paragraph's rank,
    whether it holds the asked type of answer (a number for "how many"), its age for a
    question about the current position.
    """
    model = clause_model.load_model()
    best: dict[tuple[str, str], tuple[float, str, Hit]] = {}
    for hit, clause, features in clause_candidates(assessment, hits, question):
        key = (hit.paragraph.id, hit.paragraph.language)
        score = model.weight(features)
        if key not in best or score > best[key][0]:
            best[key] = (score, clause.text, hit)
    order = sorted(best, key=lambda k: -best[k][0])
    return [(best[k][2], best[k][1], best[k][0]) for k in order]


def _counterpart(index: CorpusIndex) -> Callable[[Paragraph, int], Paragraph | None]:
    """`(p, year)` -> the paragraph of that year's documents by p's body, in p's language, worded like p."""

    def find(p: Paragraph, year: int) -> Paragraph | None:
        candidates = [q for d in index.documents if d.year == year and d.body == p.body and d.language == p.language
                      for q in index.by_symbol.get(d.symbol, ()) if q.language == p.language and q.kind == p.kind]
        return closest_wording(p, candidates)

    return find


def cited_first(hits: list[Hit], citations: list[Citation]) -> list[Hit]:
    """The sources as a reader meets them: the paragraphs the answer cites, in citation order, then the rest.

    The answer picks its paragraphs by their best answering clause, not by
    the retrieval order (`ranked_clauses`), so the passage it quotes may be the
    third one retrieved; listed first, the sources read in the answer's order.
    A cited paragraph retrieval did not return (another year's member of a
    family, quoted by a "how did it change" answer) joins the list.
    """
    def key(p: Paragraph) -> tuple[str, str]:
        return p.id, p.language

    rest = {key(h.paragraph): h for h in hits}
    first: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for c in citations:
        if key(c.paragraph) in seen:
            continue
        seen.add(key(c.paragraph))
        first.append(rest.pop(key(c.paragraph), None) or Hit(paragraph=c.paragraph, score=0.0))
    return first + [h for h in hits if key(h.paragraph) in rest]


def _naming_the_places(by_key: dict[tuple[str, str], Hit], question: str) -> dict[tuple[str, str], Hit]:
    """The passages that name every place the question names, when there are any; else all of them.

    The documents record the same kind of meeting in many cities: the passage
    about the Forum held in Lillestrøm does not answer a question about the one
    held in Katowice, whatever its similarity (the abstention's place rule is
    the other half: no passage names the place, no answer).
    """
    places = answer_types.places_in(strip_references(question))
    if not places:
        return by_key
    naming = {k: h for k, h in by_key.items()
              if all(mentions(f"{h.paragraph.chapeau} {h.paragraph.text}".lower(), pl) for pl in places)}
    return naming or by_key


def _of_the_year(by_key: dict[tuple[str, str], Hit], question: str) -> dict[tuple[str, str], Hit]:
    """The passages of the one year the question names, when there are any; else all of them.

    "Back in 2012, what did ECOSOC say …" is answered from 2012, not from the
    2021 paragraph that says it better.  A year in a question is as often a
    date inside a paragraph ("the Forum held in December 2021", recorded by the
    2022 resolution) as a document's year, so a passage that writes the year
    counts too.  A year that bounds a span ("since 2018") names no answer.
    """
    year = named_year(question)
    if year is None:
        return by_key
    of_year = {k: h for k, h in by_key.items()
               if h.paragraph.year == year or mentions(f"{h.paragraph.chapeau} {h.paragraph.text}", str(year))}
    return of_year or by_key


def _newest_wording(by_key: dict[tuple[str, str], Hit]) -> dict[tuple[str, str], Hit]:
    """For a question about the current position: a passage re-adopted later among the passages is left out.

    "The latest count of national and regional IGFs" is answered by the 2025 paragraph
    ("over 176 initiatives"), not by the 2024 one it updates ("over 155"), however close the
    2024 paragraph's similarity: a paragraph is superseded when a later text of the same body,
    in the same language and kind, is worded like it (`closest_wording`'s threshold).
    """
    hits = list(by_key.values())
    kept = {}
    for key, hit in by_key.items():
        p = hit.paragraph
        later = [h.paragraph for h in hits if p.year and (h.paragraph.year or 0) > p.year
                 and h.paragraph.body == p.body and h.paragraph.language == p.language and h.paragraph.kind == p.kind]
        if not later or closest_wording(p, later) is None:
            kept[key] = hit
    return kept or by_key


def _answer_hits(hits: list[Hit]) -> list[Hit]:
    """Direct references are the answer on their own; otherwise the best few fused hits."""
    direct = [h for h in hits if h.via != "hybrid"]
    return direct if direct else hits[:5]
