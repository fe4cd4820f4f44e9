"""Follow-up questions become standalone questions before retrieval."""

from __future__ import annotations

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.conversation import Turn, condense_with_llm, conversation_document, rewrite_followup, topic_of
from assistant.types import Answer, Citation, Hit
from tests.support.seed_paragraphs import seed


def answered(question: str, *cited: str, searched: str | None = None) -> Answer:
    return Answer(
        question=question,
        searched_question=searched or question,
        text="…",
        citations=[Citation(i, seed(loc), seed(loc).text) for i, loc in enumerate(cited, start=1)],
        hits=[Hit(seed(loc), 0.03) for loc in cited],
    )


BAKU = answered("Where was the IGF 2012 held?", "35")


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        pytest.param("And when?", [BAKU], "When was the IGF 2012 held?", id="bare-wh"),
        pytest.param(
            "what about paragraph 36?",
            [BAKU],
            "What does paragraph 36 of E/RES/2012/5 say?",
            id="what-about-para",
        ),
        pytest.param("and PP3?", [BAKU], "What does PP3 of E/RES/2012/5 say?", id="and-pp"),
        pytest.param(
            "What does para. 32 (c) say?",
            [BAKU],
            "What does para. 32 (c) of E/RES/2012/5 say?",
            id="para-in-question",
        ),
        pytest.param(
            "which organizations organized it?",
            [Turn("What was the WSIS Forum 2012?", "What was the WSIS Forum 2012?")],
            "which organizations organized the WSIS Forum 2012?",
            id="pronoun",
        ),
        pytest.param(
            "what about artificial intelligence?",
            [
                Turn(
                    "What does the 2023 resolution say about broadband?",
                    "What does the 2023 resolution say about broadband?",
                )
            ],
            "What does the 2023 resolution say about artificial intelligence?",
            id="what-about-topic",
        ),
        pytest.param(
            "And 2024?",
            [
                Turn(
                    "What does the 2023 resolution say about broadband?",
                    "What does the 2023 resolution say about broadband?",
                )
            ],
            "What does the 2024 resolution say about broadband?",
            id="what-about-year",
        ),
        pytest.param(
            "Where?",
            [("Did the Council welcome the Broadband Leadership Summit?", None)],
            "Where did the Council welcome the Broadband Leadership Summit?",
            id="wh-before-yes-no-question",
        ),
    ],
)
def test_followups_are_rewritten(question, history, expected):
    assert rewrite_followup(question, history) == expected


@pytest.mark.parametrize(
    "question",
    [
        "What are countries urged to do about the Monterrey Consensus?",
        "What does paragraph 20 of resolution 2011/16 say?",
        "Which 2006 resolution gave the Commission on Science and Technology for Development its mandate?",
    ],
)
def test_standalone_questions_pass_unchanged(question):
    assert rewrite_followup(question, [BAKU]) == question


def test_no_history_no_rewrite():
    assert rewrite_followup("And when?", []) == "And when?"
    assert rewrite_followup("And when?", None) == "And when?"


def test_the_searched_form_of_the_previous_turn_is_the_context():
    # The previous turn was itself a follow-up; its rewritten form carries the subject.
    previous = answered("And where?", "35", searched="Where was the IGF 2012 held?")
    assert rewrite_followup("and when?", [previous]) == "When was the IGF 2012 held?"


def test_document_of_the_conversation():
    assert conversation_document([BAKU]) == "E/RES/2012/5"
    assert conversation_document(
        [Turn("What does A/RES/70/125 say about ICT?", "What does A/RES/70/125 say?")]
    ) == ("A/RES/70/125")
    assert conversation_document([Turn("Hello", "Hello")]) is None


def test_topic_of_a_question():
    assert topic_of("Where was the IGF 2012 held?") == "the IGF 2012"
    assert (
        topic_of("What does the Council note about the regional commissions?") == "the regional commissions"
    )
    assert topic_of("Who organized the WSIS Forum 2012?") == "the WSIS Forum 2012"


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter(AIMessage(content=r) for r in replies))


def test_condense_with_llm_uses_the_models_question():
    rewritten = condense_with_llm(
        "And when?", [BAKU], fake("When was the 2012 Internet Governance Forum held?\n")
    )
    assert rewritten == "When was the 2012 Internet Governance Forum held?"


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("", id="empty"),
        pytest.param("What does the resolution say?", id="lost-paragraph-number"),
        pytest.param(" ".join(["word"] * 80), id="rambling"),
    ],
)
def test_condense_falls_back_to_the_rules_when_the_reply_is_unusable(reply):
    assert condense_with_llm("what about paragraph 36?", [BAKU], fake(reply)) == (
        "What does paragraph 36 of E/RES/2012/5 say?"
    )


def test_condense_without_history_does_not_call_the_model():
    assert condense_with_llm("What is the IGF?", [], fake()) == "What is the IGF?"
