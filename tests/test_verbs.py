"""Operative verbs and addressees on seed text (italics), md text (none), sub-paragraphs and "We ..."."""

from __future__ import annotations

import pytest

from assistant.question import question_filters
from index.paragraph import Paragraph
from index.verbs import analyse, annotate, normalize_addressee, normalize_verb
from tests.support.langtools_corpus import all_paragraphs, by_id, seed_paragraphs


@pytest.mark.parametrize(
    ("pid", "verb", "addressee"),
    [
        ("E/RES/2012/5:34", "requests", "Secretary-General"),
        ("E/RES/2012/5:7", "calls upon", "States"),
        ("E/RES/2012/5:9", "notes with great concern", ""),
        ("E/RES/2012/5:35", "urges", "Secretary-General"),
        ("E/RES/2012/5:27", "urges", "United Nations entities"),
        ("E/RES/2012/5:28", "calls upon", "stakeholders"),
        ("E/RES/2012/5:33", "invites", "international community"),
        ("E/RES/2012/5:26", "takes note with appreciation", ""),
        ("E/RES/2012/5:24", "decides", ""),
        ("E/RES/2012/5:46", "reiterates", ""),  # "Recognizing ..., *reiterates* ..."
        ("E/RES/2012/5:32(b)", "calls upon", "Partnership on Measuring ICT for Development"),
        ("E/RES/2012/5:32(e)", "encourages", "Governments"),
        ("E/RES/2032/1:1", "encourages", "stakeholders"),  # "Strongly encourages"
        ("WSIS-05/TUNIS/DOC/6(Rev.1):35", "reaffirms", ""),
        ("WSIS-05/TUNIS/DOC/6(Rev.1):69", "recognizes", ""),  # "We further recognize"
        ("WSIS-05/TUNIS/DOC/6(Rev.1):72", "asks", "Secretary-General"),
    ],
)
def test_annotate_fixture_and_seed(pid, verb, addressee):
    p = annotate(by_id(all_paragraphs())[pid])
    assert (p.verb, p.addressee) == (verb, addressee)


def test_surface_forms_are_kept_by_analyse():
    info = analyse(by_id(seed_paragraphs())["E/RES/2012/5:7"].text)
    assert (info.phrase, info.addressee_phrase) == ("Calls upon", "all States")
    assert analyse("*Notes with great concern* that many").phrase == "Notes with great concern"


@pytest.mark.parametrize(
    ("text", "verb", "addressee"),
    [
        pytest.param(
            "*Urges* the Secretary-General to ensure the continued functioning",
            "urges",
            "Secretary-General",
            id="italics",
        ),
        pytest.param(
            "Urges the Secretary-General to ensure the continued functioning",
            "urges",
            "Secretary-General",
            id="no-italics",
        ),
        pytest.param(
            "35. *Urges* the Secretary-General to ensure", "urges", "Secretary-General", id="with-number"
        ),
        pytest.param(
            "Welcomes and urges the full implementation of General Assembly resolution 70/125;",
            "welcomes and urges",
            "",
            id="welcomes-and-urges",
        ),
        pytest.param("Also welcomes the holding of World Telecommunication Day", "welcomes", "", id="adverb"),
        pytest.param(
            "Expresses its appreciation to the Secretary-General for his role",
            "expresses its appreciation",
            "Secretary-General",
            id="appreciation-to",
        ),
        pytest.param(
            "Encourages the Commission on Science and Technology for Development to continue",
            "encourages",
            "Commission on Science and Technology for Development",
            id="cstd",
        ),
        pytest.param(
            "Calls upon all Member States to contribute", "calls upon", "Member States", id="member-states"
        ),
        pytest.param("Emphasizes the need to bridge the digital divide", "emphasizes", "", id="emphasizes"),
        pytest.param("Stresses that the process should be inclusive", "stresses", "", id="stresses"),
        pytest.param("We stress the importance of capacity-building", "stresses", "", id="we-stress"),
    ],
)
def test_analyse_strings(text, verb, addressee):
    info = analyse(text)
    assert (info.verb, info.addressee) == (verb, addressee)


def test_not_a_verb_paragraph_and_preamble_untouched():
    assert analyse("A working definition of Internet governance is the development") is None
    pp = Paragraph("X", "PP1", "preambular", "*Recalling* its resolution 2006/46,", 0)
    assert annotate(pp) == pp


def test_normalizers():
    assert normalize_verb("Further requests") == "requests"
    assert normalize_verb("calls on") == "calls upon"
    assert normalize_verb("Takes note of") == "takes note"
    assert normalize_addressee("the UN Secretary-General") == "Secretary-General"
    assert normalize_addressee("all stakeholders") == "stakeholders"


@pytest.mark.parametrize(
    ("question", "verbs", "addressees"),
    [
        ("What is the Secretary-General requested to do?", ("requests",), ("Secretary-General",)),
        ("What are all States called upon to do?", ("calls upon",), ("States",)),
        ("What are Member States urged to do?", ("urges",), ("Member States",)),
        (
            "What does the Council note with great concern?",
            ("notes with great concern", "notes with concern"),
            (),
        ),
        ("Which bodies are invited to contribute to the trust fund?", ("invites",), ()),
        ("How did broadband access evolve?", (), ()),
    ],
)
def test_question_filters(question, verbs, addressees):
    assert question_filters(question) == (verbs, addressees)


def test_filtering_annotated_paragraphs_answers_the_question():
    verbs, addressees = question_filters("What is the Secretary-General requested to do?")
    found = [p.id for p in map(annotate, all_paragraphs()) if p.verb in verbs and p.addressee in addressees]
    assert found == ["E/RES/2012/5:34", "E/RES/2030/1:3", "E/RES/2032/1:2(b)"]


def test_annotate_replaces_the_readers_surface_verb():
    p = by_id(seed_paragraphs())["E/RES/2012/5:25"]
    assert p.verb == "Takes note that"  # as the Markdown reader records the italic lead
    assert annotate(p).verb == "takes note"
    odd = Paragraph("X", "1", "operative", "Salutes the work of the fund", 0, verb="Salutes")
    assert annotate(odd).verb == "salutes"
