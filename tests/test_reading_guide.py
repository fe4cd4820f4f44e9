"""The "how to read a resolution" panel, drawn from the seed and the Tunis fixture."""

from __future__ import annotations

import pytest

from assistant.reading_guide import reading_guide
from tests.support.langtools_corpus import all_paragraphs, fixture_paragraphs, seed_paragraphs


def test_seed_guide_counts_and_examples():
    g = reading_guide(reversed(seed_paragraphs()))  # order comes from Paragraph.order, not input order
    assert (g.preamble.count, g.operative.count, g.subparagraphs.count, g.footnotes.count) == (8, 46, 7, 7)
    assert g.preamble.example.id == "E/RES/2012/5:PP1"
    assert g.preamble.example.label == "E/RES/2012/5, preambular para. 1"
    assert g.operative.example.id == "E/RES/2012/5:7"  # the first paragraph that names an addressee
    assert g.subparagraphs.example.label == "E/RES/2012/5, para. 32 (a)"
    assert g.footnotes.example.id == "E/RES/2012/5:FN1"
    verbs = dict(g.verbs)
    assert verbs["notes"] == 7 and verbs["requests"] == 1 and verbs["notes with great concern"] == 1
    assert sum(verbs.values()) == 46
    assert [s.title for s in g.sections] == [
        "Taking stock: reviewing the implementation of the outcomes of the World Summit on the "
        "Information Society",
        "Internet governance",
        "Enhanced cooperation",
        "Internet Governance Forum",
        "The road ahead",
    ]
    assert [s.count for s in g.sections] == [19, 2, 3, 2, 20]
    assert g.sections[1].first.id == "E/RES/2012/5:20"


def test_seed_guide_markdown_cites_its_examples():
    md = reading_guide(seed_paragraphs()).to_markdown()
    assert md.startswith("### How to read E/RES/2012/5")
    assert "**Preamble** — 8 unnumbered paragraphs" in md
    assert "*E/RES/2012/5, para. 7*" in md
    assert "- Internet governance: 2 paragraphs, from E/RES/2012/5, para. 20" in md
    assert "<sup>" not in md


def test_tunis_style_document_has_no_preamble_part():
    g = reading_guide(fixture_paragraphs("WSIS-05-TUNIS-DOC-6-Rev1.md"))
    assert g.preamble.count == 0 and g.preamble.example is None
    assert g.operative.example.id == "WSIS-05/TUNIS/DOC/6(Rev.1):72"
    md = g.to_markdown()
    assert "**Preamble**" not in md and "**Sub-paragraphs**" not in md
    assert "*recognizes* (3)" in md


def test_guide_needs_paragraphs():
    with pytest.raises(ValueError):
        reading_guide([])
    assert reading_guide([p for p in all_paragraphs() if p.symbol == "E/RES/2032/1"]).subparagraphs.count == 2
