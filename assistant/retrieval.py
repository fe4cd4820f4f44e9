"""Finding paragraphs for a question: direct references first, then fused hybrid search.

Dense (Chroma) and keyword (BM25) rankings are fused with reciprocal rank
fusion, which needs no score calibration between the two.  Documents the
question names ("ECOSOC resolution 2024/13", "the WSIS+20 outcome document")
restrict the search to them when they are indexed; years and bodies it
mentions ("in its 2023 resolution") only lift matching documents, because a
year in a question is as often a date inside a paragraph as a document's year.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.acronyms import ACRONYM_PATTERN, Acronyms
from assistant.answerability import TOP_HITS, span_years
from assistant.boilerplate import asks_for_boilerplate, is_boilerplate
from assistant.conversation import topic_of
from assistant.families import asks_current, asks_first, asks_history, families_of
from assistant.lexicon import Lexicon
from assistant.question import (
    ParagraphRef,
    Question,
    QuestionRefs,
    strip_paragraph_refs,
    understand,
)
from assistant.rerank import DEPTH, feature_rows, load_reranker, rerank
from assistant.types import Hit, of_target
from index.corpus_index import CorpusIndex, Filters
from index.paragraph import Paragraph
from index.text import detect_language, tokenize

RRF_K = 60
CANDIDATES = 50
PREFIX_BOOST = 0.5
VERB_BOOST = 0.3  # the question asks what the body "notes"/"urges": paragraphs with that operative verb
ADDRESSEE_BOOST = 0.3
FUSION_PATH = Path(__file__).resolve().parent / "data" / "fusion.json"
_ACRONYM = re.compile(rf"\b({ACRONYM_PATTERN})\b")


@dataclass
class Retrieval:
    hits: list[Hit]
    refs: QuestionRefs
    language: str
    named_symbols: list[str]
    targets: tuple[str | int, ...] = ()  # the documents or years the question asks to hear from (`answer_targets`)


def answer_targets(refs: QuestionRefs, named: list[str], question: str) -> tuple[str | int, ...]:
    """The documents (named outright and indexed), else the years, a question asks to hear from.

    "What did ECOSOC call the report in 2012, and what in 2025?" wants an
    answer from each year; the best-ranked passages may all come from one.
    Years that bound a span ("since 2018", "between 2018 and 2023") ask for
    a history, not one answer per year.
    """
    if len(refs.symbols) >= 2 and set(refs.symbols) <= set(named):
        return tuple(refs.symbols)
    spans = span_years(question)
    years = tuple(y for y in dict.fromkeys(refs.years) if str(y) not in spans)
    return years if len(years) >= 2 else ()


def one_per_target(hits: list[Hit], targets: Sequence[str | int], slots: int = TOP_HITS) -> list[Hit]:
    """`hits` with each target's best hit moved into the first `slots`, the order otherwise kept.

    The answer is composed from the first few hits; a named year whose best
    passage ranks below them would go unheard.
    """
    if not targets:
        return hits
    lifted: list[Hit] = []
    for target in targets:
        at = next((i for i, h in enumerate(hits) if of_target(h, target)), None)
        if at is not None and at >= slots and hits[at] not in lifted:
            lifted.append(hits[at])
    if not lifted:
        return hits
    rest = [h for h in hits if h not in lifted]
    cut = max(0, slots - len(lifted))
    return rest[:cut] + lifted + rest[cut:]


class HybridRetriever:
    def __init__(self, index: CorpusIndex, candidates: int = CANDIDATES):
        self.index = index
        self.candidates = candidates
        self.acronyms = Acronyms(index.glossary, index.paragraphs)
        self._lexicon: Lexicon | None = None
        self._term_stats = None
        self.fusion = Fusion.load()
        self.reranker = load_reranker()

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = Lexicon(self.index.paragraphs)
        return self._lexicon

    def translate_terms(self, terms: list[str], source: str, target: str, keep_unknown: bool = True) -> list[str]:
        """Stems of one language as stems of another, from the corpus's own parallel paragraphs."""
        if source == target or len(self.index.languages()) < 2:
            return list(terms)
        return self.lexicon.translate(terms, source, target, keep_unknown)

    def translate_known(self, terms: list[str], source: str, target: str) -> list[str]:
        """`translate_terms` without the stems it has no translation for (what coverage can judge)."""
        return self.translate_terms(terms, source, target, keep_unknown=False)

    def expand_acronyms(self, query: str) -> str:
        """Add the spelled-out name of each acronym (`assistant.acronyms`), so 'ICTs' also matches its words."""
        extra = []
        for acronym in dict.fromkeys(_ACRONYM.findall(query)):
            expansion = self.acronyms.expansion(acronym)
            if expansion and expansion.lower() not in query.lower():
                extra.append(expansion)
        return query if not extra else f"{query} ({'; '.join(extra)})"

    def join_compounds(self, query: str, language: str) -> str:
        """Add "cybersecurity" to a query that writes "cyber security", when the documents write it as one word."""
        words = re.findall(r"[^\W\d_]+", query)
        extra = []
        for a, b in itertools.pairwise(words):
            if not (tokenize(a, language) and tokenize(b, language)):
                continue  # a stop word is no half of a compound ("and" + "e")
            joined = tokenize(a + b, language)
            if len(joined) == 1 and self.term_stats.df(joined[0]) > 0 and joined[0] not in tokenize(query, language):
                extra.append(a + b)
        return query if not extra else f"{query} ({'; '.join(dict.fromkeys(extra))})"

    def _language(self, question: str, filters: Filters) -> str:
        langs = self.index.languages()
        lang = filters.language or detect_language(question)
        return lang if lang in langs else ("en" if "en" in langs else langs[0])

    def lookup(self, ref: ParagraphRef, targets: list[str], prefix: str, language: str,
               filters: Filters) -> list[Paragraph]:
        out: list[Paragraph] = []
        symbols = targets or self.index.symbols()
        for symbol in symbols:
            for loc in ([prefix + ref.loc] if prefix else []) + [ref.loc]:
                p = self.index.get(f"{symbol}:{loc}", language) or self.index.get(f"{symbol}:{loc}")
                if p is not None and self.index.allows(p, replace(filters, language=None)):
                    out.append(p)
                    break
        return out

    def search(self, question: str, filters: Filters | None = None, k: int = 10,
               context_symbol: str | None = None) -> Retrieval:
        filters = filters or Filters()
        asked = understand(question)  # read once: references, years, verbs and addressees
        refs = asked.refs
        language = self._language(question, filters)
        indexed = set(self.index.symbols())
        named = [s for s in refs.symbols if s in indexed] or self.documents_by_year(asked)

        hits: list[Hit] = []
        seen: set[str] = set()
        for ref in refs.paragraphs:
            if ref.symbol and ref.symbol not in indexed:
                continue  # the paragraph of a document we do not hold: search for mentions instead
            if ref.symbol:
                targets = [ref.symbol]
            elif named:
                targets = named
            elif refs.symbols:
                continue
            elif context_symbol and context_symbol in indexed:
                targets = [context_symbol]
            else:
                targets = []
            for p in self.lookup(ref, targets, refs.loc_prefix, language, filters):
                if p.id not in seen:
                    seen.add(p.id)
                    hits.append(Hit(paragraph=p, score=1.0, via="reference"))

        search_filters = replace(filters, language=language)
        heard_from = answer_targets(refs, named, question)
        if not refs.symbols and self._unheard_years(heard_from, named):
            named = []  # "In 2012 … and in its 2025 resolution": not the 2025 resolution alone
        if named and not filters.symbols:
            search_filters = replace(search_filters, symbols=tuple(named))
        fused = one_per_target(self.collapse_families(self._hybrid(asked, language, search_filters), question, refs),
                               heard_from)
        for hit in fused:
            if hit.paragraph.id not in seen:
                seen.add(hit.paragraph.id)
                hits.append(hit)
        n_direct = sum(1 for h in hits if h.via == "reference")
        return Retrieval(hits=hits[: max(k, n_direct)], refs=refs, language=language, named_symbols=named,
                         targets=heard_from)

    def _unheard_years(self, targets: tuple[str | int, ...], named: list[str]) -> bool:
        """Whether the question names a year none of the documents it names by year is of."""
        years = {d.year for d in self.index.documents if d.symbol in named}
        return any(isinstance(t, int) and t not in years for t in targets)

    def documents_by_year(self, asked: Question) -> list[str]:
        """The resolutions a question names by body and year ("ECOSOC's 2022 resolution")."""
        years = asked.resolution_years
        if not years:
            return []
        bodies = set(asked.refs.bodies)
        return sorted({d.symbol for d in self.index.documents
                       if d.year in years and (not bodies or d.body in bodies) and d.doc_type == "resolution"})

    def collapse_families(self, hits: list[Hit], question: str, refs: QuestionRefs) -> list[Hit]:
        """One slot per family of near-identical paragraphs; the member that speaks depends on the question.

        A year named in the question picks that year's member; "first", "since
        when" the first; "now", "still", "latest" the latest; otherwise the best-ranked member, which also leads
        for a question about how the language changed (its answer then quotes
        the family's years, `assistant.history`).
        """
        history = asks_history(question)
        fams = families_of(self.index)
        if not fams.members:
            return hits
        years = set(refs.years)
        current = asks_current(question)
        first = asks_first(question)
        out: list[Hit] = []
        taken: set[tuple[str, str]] = set()
        for hit in hits:
            members = fams.of(hit.paragraph)
            if len(members) < 2:
                out.append(hit)
                continue
            key = fams.key(hit.paragraph)
            if key in taken:
                continue
            taken.add(key)
            chosen = hit.paragraph
            named = [m for m in members if m.year in years]
            if history:
                pass  # the best-ranked member leads; the answer quotes the family's years (`assistant.history`)
            elif first and not named:
                chosen = members[0]  # "when did … first": where the words were first agreed
            elif named:
                chosen = named[-1]
            elif current:
                chosen = members[-1]
            out.append(replace(hit, paragraph=chosen, family=members))
        return out

    def signals(self, question: str, language: str,
                keyword: list[tuple[Paragraph, float]] | None = None) -> dict[str, float]:
        """What the question gives the keyword side: how much of it the best keyword match holds, how rare.

        `kw_match`: idf-weighted share of the question's words found in the
        keyword side's best paragraph (a paraphrase in everyday words matches
        little; a question naming the documents' own terms matches much).
        `kw_rare`: mean idf of the question's known words over the largest
        idf, 0-1.
        """
        from assistant.answerability import question_terms

        terms = question_terms(strip_paragraph_refs(question), language) or tokenize(question, language)
        stats = self.term_stats
        if not terms:
            return {"kw_match": 0.0, "kw_rare": 0.0}
        idf = {t: stats.idf(t) for t in terms}
        known = [t for t in terms if stats.df(t) > 0]
        total = sum(idf.values()) or 1.0
        max_idf = stats.idf("\u2205never\u2205") or 1.0
        match = 0.0
        if keyword:
            top = keyword[0][0]
            have = set(tokenize(top.retrieval_text, top.language))
            if top.language != language:
                terms = self.translate_terms(terms, language, top.language)
                idf = {t: stats.idf(t) for t in terms}
                total = sum(idf.values()) or 1.0
            match = sum(idf[t] for t in terms if t in have) / total
        return {
            "kw_match": match,
            "kw_rare": (sum(idf.get(t, 0.0) for t in known) / len(known) / max_idf) if known else 0.0,
        }

    @property
    def term_stats(self):
        if self._term_stats is None:
            from assistant.term_stats import TermStats

            self._term_stats = TermStats(self.index.keyword)
        return self._term_stats

    def _side_lists(self, question: str, language: str, filters: Filters
                    ) -> tuple[list[tuple[Paragraph, float]], list[tuple[Paragraph, float]]]:
        """Dense and keyword candidates in the question's language, and in English for other languages.

        A question in French about a document indexed only in English is
        searched in English too: the dense side embeds it as it is, the keyword
        side with its stems translated by the corpus's own parallel paragraphs.
        """
        query = strip_paragraph_refs(question)
        expanded = self.join_compounds(self.expand_acronyms(query), language)
        dense_query = spell_out_e_prefix(dense_text(query))
        dense = self.index.dense_search(dense_query, self.candidates, filters)
        keyword = self.index.keyword_search(expanded, language, self.candidates, filters)
        langs = self.index.languages()
        if language != "en" and "en" in langs and filters.language == language:
            en_filters = replace(filters, language="en")
            tokens = self.translate_terms(tokenize(expanded, language), language, "en")
            dense += self.index.dense_search(dense_query, self.candidates, en_filters)
            keyword += self.index.keyword_search(expanded, "en", self.candidates, en_filters, tokens=tokens)
            dense = _one_version(sorted(dense, key=lambda x: -x[1]), language, self.index.get)
            keyword = _one_version(sorted(keyword, key=lambda x: -x[1]), language, self.index.get)
        return dense, keyword

    def _hybrid(self, asked: Question, language: str, filters: Filters) -> list[Hit]:
        question, refs = asked.text, asked.refs
        dense, keyword = self._side_lists(question, language, filters)
        fusion = self.fusion
        w_kw = fusion.keyword_weight(self.signals(question, language, keyword))
        w_dense = 2.0 - w_kw
        asked_verbs, asked_addressees = asked.verbs, asked.addressees
        question_stems = set(tokenize(question, language))
        wants_formulae = asks_for_boilerplate(question)
        scores: dict[str, float] = {}
        info: dict[str, dict] = {}
        for rank, (p, sim) in enumerate(dense, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + w_dense / (RRF_K + rank)
            info.setdefault(p.id, {"p": p})["dense"] = (rank, sim)
        for rank, (p, kw_score) in enumerate(keyword, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + w_kw / (RRF_K + rank)
            entry = info.setdefault(p.id, {"p": p})
            entry["kw"], entry["bm25"] = rank, kw_score
        years, bodies = set(refs.years), set(refs.bodies)
        for pid, entry in info.items():
            p: Paragraph = entry["p"]
            boost = 1.0
            if years and p.year in years:
                boost += fusion.year_boost
            if bodies and p.body in bodies:
                boost += fusion.body_boost
            if refs.loc_prefix and p.loc.startswith(refs.loc_prefix):
                boost += PREFIX_BOOST
            if p.verb and (p.verb in asked_verbs or question_stems & set(tokenize(p.verb, p.language))):
                boost += VERB_BOOST
            if p.addressee and p.addressee in asked_addressees:
                boost += ADDRESSEE_BOOST
            if not wants_formulae and is_boilerplate(p):
                boost *= fusion.boilerplate_factor
            scores[pid] *= boost
        hits = []
        for pid in sorted(scores, key=lambda pid: -scores[pid]):
            entry = info[pid]
            dense_rank, sim = entry.get("dense", (None, None))
            hits.append(
                Hit(
                    paragraph=entry["p"],
                    score=scores[pid],
                    dense_rank=dense_rank,
                    keyword_rank=entry.get("kw"),
                    dense_similarity=sim,
                    keyword_score=entry.get("bm25"),
                )
            )
        return self._reranked(question, language, hits, wants_formulae)

    def rerank_rows(self, question: str, language: str, head: list[Hit],
                    wants_formulae: bool) -> list[dict[str, float]]:
        """The reranker's features of the fused head (`assistant.rerank`); also what its fit reads."""
        from assistant.answerability import question_terms

        terms = question_terms(strip_paragraph_refs(question), language) or tokenize(question, language)
        return feature_rows(question, language, terms, head, self.term_stats.idf, self.translate_terms,
                            wants_formulae)

    def _reranked(self, question: str, language: str, hits: list[Hit], wants_formulae: bool) -> list[Hit]:
        """The fused order with its head scored again by the fitted reranker (`assistant.rerank`)."""
        if self.reranker is None or len(hits) < 2:
            return hits
        head = hits[:DEPTH]
        order = rerank(head, self.rerank_rows(question, language, head, wants_formulae), self.reranker)
        return [head[i] for i in order] + hits[DEPTH:]


def dense_text(query: str) -> str:
    """What the embeddings search for: what the question is about, without its frame.

    "What does the Pact for the Future say about Indigenous and traditional
    knowledge?" embeds "Indigenous and traditional knowledge": the frame (the
    speaker, "what does … say") is the same for hundreds of paragraphs and pulls
    the vector toward whichever paragraph names the speaker; the named document
    already restricts the search.  Dense recall@5 on the fitting questions 0.52 → 0.61.
    Everything after the first "about" is kept: "… talk about satellites, and about
    undersea cables?" asks about both.
    """
    about = _ABOUT_RE.search(query)
    if about:
        return query[about.end() :].strip().rstrip("?.! ") or query
    return topic_of(query) or query


_ABOUT_RE = re.compile(r"\babout\s+", re.I)


_E_PREFIX = re.compile(r"\b[eE][-\u2010\u2011]([a-z]{3,})\b")


def spell_out_e_prefix(query: str) -> str:
    """'e-waste' -> 'e-waste (electronic waste)' for the embeddings, which know the words better than the
    abbreviation; the keyword side does the same in its tokens (`index.text`)."""
    extra = [f"electronic {m.group(1)}" for m in _E_PREFIX.finditer(query)]
    return query if not extra else f"{query} ({'; '.join(dict.fromkeys(extra))})"


def _one_version(scored: list[tuple[Paragraph, float]], language: str,
                 version: Callable[[str, str], Paragraph | None] = lambda pid, lang: None,
                 ) -> list[tuple[Paragraph, float]]:
    """Best first, one entry per paragraph id, in the question's language wherever the index has it.

    The English search may bring back a paragraph whose own-language version the
    question's search missed (their vectors differ): `version(id, language)`
    fetches that version, so a Chinese question is answered in Chinese.
    """
    best: dict[str, tuple[Paragraph, float]] = {}
    order: list[str] = []
    for p, score in scored:
        have = best.get(p.id)
        if have is None:
            own = p if p.language == language else (version(p.id, language) or p)
            best[p.id] = (own, score)
            order.append(p.id)
        elif p.language == language and have[0].language != language:
            best[p.id] = (p, have[1])
    return [best[pid] for pid in order]


@dataclass(frozen=True)
class Fusion:
    """How the dense and keyword rankings are weighted for one question, fitted by scripts/fit_fusion.py.

    The keyword side's weight is 2·sigmoid(intercept + match·kw_match + rare·kw_rare)
    (the dense side gets the rest of 2): a question whose words the index
    knows and which are rare is a keyword question; one in everyday words the
    documents do not use is a dense one.  Boilerplate paragraphs have their
    score multiplied by `boilerplate_factor` unless the question asks for them.
    A paragraph of a year or of a body the question names has its score
    multiplied by 1 + `year_boost` / 1 + `body_boost` ("ECOSOC's wording in 2023").
    """

    intercept: float = 0.0
    match: float = 0.0
    rare: float = 0.0
    boilerplate_factor: float = 1.0
    year_boost: float = 0.5
    body_boost: float = 0.25

    def keyword_weight(self, signals: dict[str, float]) -> float:
        z = self.intercept + self.match * signals.get("kw_match", 0.0) + self.rare * signals.get("kw_rare", 0.0)
        return 2.0 / (1.0 + math.exp(-z))

    @classmethod
    def load(cls, path: Path = FUSION_PATH) -> Fusion:
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__})


class ParagraphRetriever(BaseRetriever):
    """The hybrid retriever as a LangChain retriever: `Document`s carry the paragraph metadata.

    `k` and `filters` are set on construction and may be overridden per call,
    as LangChain's standard retriever tests expect:
    `retriever.invoke(query, k=1, filters=Filters(symbols=("E/RES/2012/5",)))`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: HybridRetriever
    filters: Filters = Filters()
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None,
        filters: Filters | None = None,
    ) -> list[LCDocument]:
        k = self.k if k is None else k
        result = self.retriever.search(query, filters if filters is not None else self.filters, max(k, 1))
        docs = []
        for hit in result.hits[:k]:
            meta = hit.paragraph.to_metadata()
            meta.update({"id": hit.paragraph.id, "label": hit.paragraph.label, "score": hit.score, "via": hit.via})
            docs.append(LCDocument(page_content=hit.paragraph.text, metadata=meta, id=hit.paragraph.id))
        return docs
