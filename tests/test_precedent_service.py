"""The precedent adapter over a loaded index: built once, semantic tier from the vector store."""

from __future__ import annotations

from assistant.precedent_service import (
    one_version_each,
    phrase_search,
    precedent_families,
    precedent_index,
    precedent_search,
)
from index.paragraph import Paragraph


def test_a_near_verbatim_draft_of_paragraph_29_finds_it_first(seed_assistant):
    p29 = seed_assistant.index.get("E/RES/2012/5:29")
    draft = (p29.text.replace("Urges", "Strongly urges", 1)
             .replace("development-orientated", "development-oriented")
             .replace("people-centred", "people-centered"))
    hits = precedent_search(seed_assistant, draft, k=5)
    assert hits[0].paragraph.id == "E/RES/2012/5:29"
    assert hits[0].tier in ("verbatim", "near") and hits[0].similarity > 0.8
    inserted = [w for op in hits[0].diff if op.op == "insert" for w in op.words]
    assert "Strongly" in inserted


def test_a_paraphrase_is_found_by_the_semantic_tier(seed_assistant):
    hits = precedent_search(seed_assistant, "gender equality and women's empowerment online", k=5)
    assert hits and any(h.tier == "semantic" for h in hits)
    assert all(0 <= h.similarity <= 1 for h in hits)
    assert precedent_families(hits)  # every hit is in some family


def test_the_precedent_index_is_built_once_per_loaded_index(seed_assistant):
    assert precedent_index(seed_assistant.index) is precedent_index(seed_assistant.index)
    assert len(precedent_index(seed_assistant.index)) == 68


def test_phrase_search_counts_per_document(seed_assistant):
    result = phrase_search(seed_assistant, "internet  governance FORUM")
    assert result.total_paragraphs >= 2
    assert result.per_document == {"E/RES/2012/5": result.total_paragraphs}


def test_one_version_per_paragraph_prefers_english():
    fr = Paragraph("A/RES/1", "1", "operative", "Exhorte", 1, language="fr")
    en = Paragraph("A/RES/1", "1", "operative", "Urges", 1, language="en")
    only_fr = Paragraph("A/RES/1", "2", "operative", "Prie", 2, language="fr")
    assert one_version_each([fr, en, only_fr]) == [en, only_fr]
