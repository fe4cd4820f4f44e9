"""Glossary: acronyms mined from the seed and fixtures, each citing a real paragraph."""

from __future__ import annotations

import pytest

from assistant.question import answer_glossary_question
from index.glossary import (
    GlossaryEntry,
    build_glossary,
    dumps,
    initials_cost,
    loads,
    lookup,
)
from index.paragraph import Paragraph
from tests.support.langtools_corpus import all_paragraphs, seed_paragraphs


@pytest.fixture(scope="module")
def seed_glossary() -> list[GlossaryEntry]:
    return build_glossary(seed_paragraphs())


def _entry(glossary, acronym):
    return next(e for e in glossary if e.acronym == acronym)


def test_ungis_spelled_out_in_para_1_used_in_para_41(seed_glossary):
    e = _entry(seed_glossary, "UNGIS")
    assert e.expansion == "United Nations Group on the Information Society"
    assert e.source_id == "E/RES/2012/5:1"
    assert e.first_used_id == "E/RES/2012/5:41"
    assert "UN Group on the Information Society" in e.variants


def test_ungis_found_without_the_curated_list():
    e = _entry(build_glossary(seed_paragraphs(), curated={}), "UNGIS")
    assert (e.expansion, e.how, e.source_id) == (
        "United Nations Group on the Information Society",
        "matched",
        "E/RES/2012/5:1",
    )


@pytest.mark.parametrize(
    ("acronym", "expansion", "source_id"),
    [
        ("CSTD", "Commission on Science and Technology for Development", "E/RES/2012/5:PP2"),
        ("IGF", "Internet Governance Forum", "E/RES/2012/5:25"),
        ("MDGs", "Millennium Development Goals", "E/RES/2012/5:46"),
        ("WSIS", "World Summit on the Information Society", "E/RES/2012/5:PP1"),
        ("ICT", "information and communications technology", "E/RES/2012/5:PP6"),
    ],
)
def test_seed_entries_cite_real_paragraphs(seed_glossary, acronym, expansion, source_id):
    e = _entry(seed_glossary, acronym)
    assert (e.expansion, e.source_id) == (expansion, source_id)
    text = next(p.text for p in seed_paragraphs() if p.id == source_id)
    assert expansion.lower() in text.lower()


def test_every_entry_cites_a_paragraph_containing_its_expansion():
    paragraphs = {p.id: p for p in all_paragraphs()}
    for e in build_glossary(paragraphs.values()):
        assert e.expansion.lower() in " ".join(paragraphs[e.source_id].text.split()).lower(), e


def test_curated_entries_only_when_expansion_is_in_the_corpus(seed_glossary):
    acronyms = {e.acronym for e in seed_glossary}
    assert "SDGs" not in acronyms  # curated, but "Sustainable Development Goals" is not in the seed


def test_definition_in_parentheses_wins():
    p = Paragraph("X/1", "1", "operative", "convene a Fictional Oversight Board (FOB) soon", 0)
    (e,) = [e for e in build_glossary([p], curated={}) if e.acronym == "FOB"]
    assert (e.expansion, e.how, e.source_id, e.first_used_id) == (
        "Fictional Oversight Board",
        "defined",
        "X/1:1",
        "X/1:1",
    )


def test_fixture_definition_of_igf():
    tunis = [p for p in all_paragraphs() if p.symbol.startswith("WSIS-05")]
    e = _entry(build_glossary(tunis), "IGF")
    assert (e.how, e.source_id) == ("defined", "WSIS-05/TUNIS/DOC/6(Rev.1):72")


def test_initials_cost():
    assert initials_cost("UNGIS", "United Nations Group on the Information Society") == 0
    assert initials_cost("ECOSOC", "Economic and Social Council") > 0
    assert initials_cost("UNGIS", "Internet Governance Forum") is None


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("What is UNGIS?", "UNGIS"),
        ("What does CSTD stand for?", "CSTD"),
        ("what does the acronym IGF mean", "IGF"),
        ("What are ICTs?", "ICT"),
        ("What is the abbreviation for the Internet Governance Forum?", "IGF"),
        ("What is the role of UNGIS?", None),
        ("What is XYZQ?", None),
    ],
)
def test_answer_glossary_question(seed_glossary, question, acronym):
    e = answer_glossary_question(question, seed_glossary)
    assert (e.acronym if e else None) == acronym


def test_lookup_and_json(seed_glossary):
    assert lookup("mdgs", seed_glossary).expansion == "Millennium Development Goals"
    assert loads(dumps(seed_glossary)) == seed_glossary
