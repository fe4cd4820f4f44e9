"""Answerability on the bundled corpus: one question per answer type and per unanswerable kind.

Questions written for these tests (not taken from the dev files), asked of the real index of the
18 resolutions in English and French.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("question", "cited_symbol"),
    [
        pytest.param("Where was the seventh Internet Governance Forum held?", "E/RES/2012/5", id="where"),
        pytest.param("Tell me about e-waste.", "A/RES/80/173", id="everyday-topic"),
        pytest.param("Is the Internet Governance Forum permanent now?", "A/RES/80/173", id="current-position"),
        pytest.param("Que dit la résolution 2012/5 sur les commissions régionales ?", "E/RES/2012/5",
                     id="french-question-english-only-document"),
        pytest.param("Que dit le Pacte numérique mondial sur l'intelligence artificielle ?", "A/RES/79/1",
                     id="french-question-about-the-compact-in-english"),
    ],
)
def test_answerable(corpus_assistant, question, cited_symbol):
    answer = corpus_assistant.ask(question)
    assert not answer.abstained, (answer.text, answer.notes)
    assert answer.citations[0].paragraph.symbol == cited_symbol, answer.text


def test_an_acronym_the_documents_only_spell_out(corpus_assistant):
    answer = corpus_assistant.ask("What has UNCTAD been asked to do on e-commerce?")
    assert not answer.abstained, answer.text
    assert "Conference on Trade and Development" in answer.text


def test_a_spanish_acronym_the_passages_spell_out(corpus_assistant):
    """"la UIT": the Spanish texts write "la Unión Internacional de Telecomunicaciones"."""
    answer = corpus_assistant.ask("¿Qué conferencia mundial organizó la UIT en Kigali?")
    assert not answer.abstained, (answer.text, answer.notes)
    assert "Kigali" in answer.text and "Telecom" in answer.text


def test_a_question_naming_two_years_is_answered_from_each(corpus_assistant):
    answer = corpus_assistant.ask("What did ECOSOC's 2012 resolution and its 2025 resolution say about the "
                                  "Internet Governance Forum?")
    assert not answer.abstained, answer.text
    assert {"E/RES/2012/5", "E/RES/2025/18"} <= {c.paragraph.symbol for c in answer.citations}, answer.text


def test_french_question_says_which_language_it_quotes(corpus_assistant):
    answer = corpus_assistant.ask("Que dit la résolution 2012/5 sur les commissions régionales ?")
    assert "English text:" in answer.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        pytest.param("How many satellites did the ITU launch in 2024?", "detail-of-the-right-type-missing",
                     id="detail-missing"),
        pytest.param("What do the resolutions say about esports?", "topic-never-covered", id="topic"),
        pytest.param("What do the resolutions say about 6G networks?", "topic-never-covered", id="code-never-written"),
        pytest.param("What obligations does the Budapest Convention impose on its parties?", "instrument-not-in-them",
                     id="instrument"),
        pytest.param("Which city will host the 2031 WSIS Forum?", "event-not-in-them", id="event"),
        pytest.param("Why did the General Assembly abolish the Internet Governance Forum?", "false-premise",
                     id="false-premise"),
        pytest.param("What was decided at the Internet Governance Forum held in Lagos?", "place-not-in-them",
                     id="place"),
        pytest.param("What does the Digital Services Act require of online platforms?", "instrument-not-in-them",
                     id="instrument-of-known-words"),
        pytest.param("Would you recommend that my delegation support the Compact?", "opinion", id="opinion"),
        pytest.param("What does paragraph 3 of E/RES/2012/5 say about blockchain?", "named-paragraph-off-topic",
                     id="named-paragraph"),
    ],
)
def test_unanswerable(corpus_assistant, question, kind):
    answer = corpus_assistant.ask(question)
    assert answer.abstained, (kind, answer.text)
    assert answer.hits, "an abstention still lists the closest passages"
