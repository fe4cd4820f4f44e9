"""Precedent search over a loaded index: the one adapter the UI and `wsis precedent` share.

`PrecedentIndex` is pure and costs a pass over every paragraph to build, so it
is built once per loaded `CorpusIndex` and kept beside it (a rebuilt index is a
new `CorpusIndex` object, so it gets a fresh precedent index).  The semantic
tier is the index's own vector store, wrapped as the `(draft, k) -> [(id,
cosine)]` callable `PrecedentIndex.search` expects.
"""

from __future__ import annotations

import re
import threading
import weakref

from assistant.precedent import Family, PhraseResult, PrecedentHit, PrecedentIndex, SemanticSearch, families
from assistant.question import quoted_draft
from assistant.types import QUOTED, Answer, Citation, Hit
from index.corpus_index import CorpusIndex, Filters
from index.paragraph import Paragraph

_CACHE: weakref.WeakKeyDictionary[CorpusIndex, PrecedentIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
PREFERRED_LANGUAGE = "en"


def one_version_each(paragraphs: list[Paragraph], language: str = PREFERRED_LANGUAGE) -> list[Paragraph]:
    """One language version per paragraph id (the preferred language when indexed), in corpus order.

    Precedent is about wording, which is per language; mixing versions would
    report the French text as a "variant" of the English one.
    """
    chosen: dict[str, Paragraph] = {}
    for p in paragraphs:
        have = chosen.get(p.id)
        if have is None or (p.language == language and have.language != language):
            chosen[p.id] = p
    return list(chosen.values())


def glossary_variants(index: CorpusIndex) -> list[tuple[str, str]]:
    """Expansion -> acronym rewrites mined from the corpus glossary, so either spelling matches."""
    out = []
    for entry in index.glossary:
        for expansion in (entry.expansion, *entry.variants):
            if len(expansion.split()) >= 2:
                out.append((r"\b" + re.escape(expansion.lower()) + r"\b", entry.acronym.lower()))
    return out


def precedent_index(index: CorpusIndex) -> PrecedentIndex:
    """The precedent index of a loaded corpus index, built on first use."""
    with _LOCK:
        built = _CACHE.get(index)
        if built is None:
            paragraphs = one_version_each(index.paragraphs)
            built = PrecedentIndex(paragraphs, extra_variants=glossary_variants(index))
            _CACHE[index] = built
        return built


def semantic_search(index: CorpusIndex, language: str = PREFERRED_LANGUAGE) -> SemanticSearch:
    """The vector store as the semantic tier: `(draft, k) -> [(paragraph id, cosine)]`."""
    filters = Filters(language=language) if language in index.languages() else Filters()

    def search(draft: str, k: int) -> list[tuple[str, float]]:
        return [(p.id, sim) for p, sim in index.dense_search(draft, k, filters)]

    return search


def precedent_search(assistant, draft: str, k: int = 10, semantic: bool = True) -> list[PrecedentHit]:
    """The k paragraphs closest in wording to `draft` (verbatim, near, then semantic)."""
    index = assistant.index
    return precedent_index(index).search(draft, k, semantic=semantic_search(index) if semantic else None)


def precedent_families(hits: list[PrecedentHit]) -> list[Family]:
    """The hits grouped into families of the same language, each ordered by date."""
    return families(hits)


def phrase_search(assistant, phrase: str) -> PhraseResult:
    """Every indexed paragraph containing `phrase` exactly, with counts per document."""
    return precedent_index(assistant.index).phrase_search(phrase)


MAX_VARIANTS_NAMED = 6


def precedent_answer(assistant, question: str, filters: Filters | None = None) -> Answer | None:
    """Answer 'where was this agreed before?' from precedent search: first appearance, then later uses.

    None when the question quotes no draft, or nothing close in wording is indexed
    (then ordinary retrieval answers, or abstains).
    """
    draft = quoted_draft(question)
    if draft is None:
        return None
    index = assistant.index
    filters = filters or Filters()
    found = [h for h in precedent_search(assistant, draft, k=10) if index.allows(h.paragraph, filters)]
    close = [h for h in found if h.tier in ("verbatim", "near")]
    if not close:
        return None
    family = next(f for f in families(close) if close[0].paragraph in f.members)
    members = list(family.members)[: MAX_VARIANTS_NAMED + 1]
    first = members[0]
    sentences = [f"Earliest in the indexed documents: {first.label} ({first.date}): \u201c{first.text}\u201d [1]."]
    citations = [Citation(marker=1, paragraph=first, quote=first.text, status=QUOTED)]
    for n, p in enumerate(members[1:], start=2):
        sentences.append(f"Then in {p.label} ({p.date}) [{n}].")
        citations.append(Citation(marker=n, paragraph=p, quote=p.text, status=QUOTED))
    hits = [Hit(paragraph=h.paragraph, score=h.similarity, via="precedent") for h in found]
    return Answer(question=question, searched_question=question, text=" ".join(sentences), citations=citations,
                  hits=hits, notes=[f"precedent search for: {draft}"])
