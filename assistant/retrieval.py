"""Finding paragraphs for a question: direct references first, then fused hybrid search.

Dense (Chroma) and keyword (BM25) rankings are fused with reciprocal rank
fusion, which needs no score calibration between the two.  Documents the
question names ("ECOSOC resolution 2024/13", "the WSIS+20 outcome document")
restrict the search to them when they are indexed; years and bodies it
mentions ("in its 2023 resolution") only lift matching documents, because a
year in a question is as often a date inside a paragraph as a document's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.corpus_index import CorpusIndex
from assistant.references import ParagraphRef, QuestionRefs, parse_question, strip_paragraph_refs
from assistant.types import Filters, Hit
from index.paragraph import Paragraph
from index.tokenize import detect_language, tokenize
from index.verbs import question_filters

RRF_K = 60
CANDIDATES = 50
YEAR_BOOST = 0.5
BODY_BOOST = 0.25
PREFIX_BOOST = 0.5
VERB_BOOST = 0.3  # the question asks what the body "notes"/"urges": paragraphs with that operative verb
ADDRESSEE_BOOST = 0.3
_ACRONYM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z]s?)\b")


@dataclass
class Retrieval:
    hits: list[Hit]
    refs: QuestionRefs
    language: str
    named_symbols: list[str]


class HybridRetriever:
    def __init__(self, index: CorpusIndex, candidates: int = CANDIDATES):
        self.index = index
        self.candidates = candidates
        self.acronyms = {e.acronym.lower(): e.expansion for e in index.glossary}

    def expand_acronyms(self, query: str) -> str:
        """Add the glossary expansion of each acronym, so 'ICTs' also matches the words spelled out."""
        extra = []
        for acronym in dict.fromkeys(_ACRONYM.findall(query)):
            key = acronym.lower()
            expansion = self.acronyms.get(key) or self.acronyms.get(key.rstrip("s"))
            if expansion and expansion.lower() not in query.lower():
                extra.append(expansion)
        return query if not extra else f"{query} ({'; '.join(extra)})"

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
        refs = parse_question(question)
        language = self._language(question, filters)
        indexed = set(self.index.symbols())
        named = [s for s in refs.symbols if s in indexed]

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
        if named and not filters.symbols:
            search_filters = replace(search_filters, symbols=tuple(named))
        fused = self._hybrid(question, language, search_filters, refs)
        for hit in fused:
            if hit.paragraph.id not in seen:
                seen.add(hit.paragraph.id)
                hits.append(hit)
        n_direct = sum(1 for h in hits if h.via == "reference")
        return Retrieval(hits=hits[: max(k, n_direct)], refs=refs, language=language, named_symbols=named)

    def _hybrid(self, question: str, language: str, filters: Filters, refs: QuestionRefs) -> list[Hit]:
        query = strip_paragraph_refs(question)
        dense = self.index.dense_search(query, self.candidates, filters)
        keyword = self.index.keyword_search(self.expand_acronyms(query), language, self.candidates, filters)
        asked_verbs, asked_addressees = question_filters(question)
        question_stems = set(tokenize(question, language))
        scores: dict[str, float] = {}
        info: dict[str, dict] = {}
        for rank, (p, sim) in enumerate(dense, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + 1.0 / (RRF_K + rank)
            info.setdefault(p.id, {"p": p})["dense"] = (rank, sim)
        for rank, (p, _score) in enumerate(keyword, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + 1.0 / (RRF_K + rank)
            info.setdefault(p.id, {"p": p})["kw"] = rank
        years, bodies = set(refs.years), set(refs.bodies)
        for pid, entry in info.items():
            p: Paragraph = entry["p"]
            boost = 1.0
            if years and p.year in years:
                boost += YEAR_BOOST
            if bodies and p.body in bodies:
                boost += BODY_BOOST
            if refs.loc_prefix and p.loc.startswith(refs.loc_prefix):
                boost += PREFIX_BOOST
            if p.verb and (p.verb in asked_verbs or question_stems & set(tokenize(p.verb, p.language))):
                boost += VERB_BOOST
            if p.addressee and p.addressee in asked_addressees:
                boost += ADDRESSEE_BOOST
            scores[pid] *= boost
        ranked = sorted(scores, key=lambda pid: -scores[pid])
        out = []
        for pid in ranked:
            entry = info[pid]
            dense_rank, sim = entry.get("dense", (None, None))
            out.append(
                Hit(
                    paragraph=entry["p"],
                    score=scores[pid],
                    dense_rank=dense_rank,
                    keyword_rank=entry.get("kw"),
                    dense_similarity=sim,
                )
            )
        return out


class ParagraphRetriever(BaseRetriever):
    """The hybrid retriever as a LangChain retriever: `Document`s carry the paragraph metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: HybridRetriever
    filters: Filters = Filters()
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        result = self.retriever.search(query, self.filters, self.k)
        docs = []
        for hit in result.hits[: self.k]:
            meta = hit.paragraph.to_metadata()
            meta.update({"id": hit.paragraph.id, "label": hit.paragraph.label, "score": hit.score, "via": hit.via})
            docs.append(LCDocument(page_content=hit.paragraph.text, metadata=meta, id=hit.paragraph.id))
        return docs
