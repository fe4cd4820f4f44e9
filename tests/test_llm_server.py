"""The generative path end to end: a real llama.cpp server, the `openai` backend, the verifier.

SmolLM2-135M cites badly; these tests assert the pipeline's guarantees (only
supplied paragraphs are cited, every citation has a status, unsupported output
falls back to the extractive answer), not the quality of the model's answers.
"""

from __future__ import annotations

import re

import pytest

from assistant.conversation import condense_with_llm
from assistant.extractive import compose_extractive
from assistant.llm import FALLBACK_NOTE, generate_answer, make_chat_model
from assistant.types import STATUSES, UNSUPPORTED, Answer, Hit
from assistant.verify import UNSUPPORTED_TAG
from index.settings import load_settings
from tests.llm_server import gguf_path, llm_server  # noqa: F401  (session fixture)
from tests.seed_paragraphs import seed

pytestmark = pytest.mark.slow

BAKU = "Where will the seventh meeting of the Internet Governance Forum be held?"
QUESTIONS = [
    pytest.param(BAKU, ("35", "25", "36"), id="baku"),
    pytest.param(
        "What are countries urged to do about the Monterrey Consensus?", ("31", "33"), id="monterrey"
    ),
    pytest.param(
        "Who is invited to update information in the stocktaking database?", ("4", "44"), id="stocktaking"
    ),
]


def openai_settings(server, **overrides):
    return load_settings(
        backend="openai",
        openai_base_url=server.base_url,
        openai_model=server.model,
        llm_timeout=60,
        **overrides,
    )


def assert_guarantees(answer: Answer, hits: list[Hit]) -> None:
    supplied = {h.paragraph.id for h in hits}
    assert answer.text.strip()
    assert {c.id for c in answer.citations} <= supplied
    assert all(c.status in STATUSES for c in answer.citations)
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers <= {c.marker for c in answer.citations}
    if answer.notes and answer.notes[0].startswith(FALLBACK_NOTE):
        assert (answer.text, answer.citations) == compose_extractive(answer.question, hits)
    elif not answer.abstained:
        # a generated answer that was kept has at least one sentence its citation supports
        assert any(c.status != UNSUPPORTED for c in answer.citations)
        flagged = answer.text.count(UNSUPPORTED_TAG)
        assert flagged == 0 or any(UNSUPPORTED_TAG in n or "[unsupported]" in n for n in answer.notes)


def test_gguf_file_is_found_without_importing_the_package():
    path = gguf_path()
    assert path is not None and path.suffix == ".gguf" and path.stat().st_size > 50_000_000


@pytest.mark.parametrize(("question", "locs"), QUESTIONS)
def test_openai_backend_against_a_real_server(llm_server, question, locs):  # noqa: F811
    hits = [Hit(seed(loc), 1.0 / (60 + rank)) for rank, loc in enumerate(locs)]
    model = make_chat_model(openai_settings(llm_server))
    answer = generate_answer(question, hits, model, backend="openai")
    assert_guarantees(answer, hits)


def test_fallback_when_the_model_says_nothing_supported(llm_server):  # noqa: F811
    # One generated token cannot carry a cited, supported sentence: the answer must fall back.
    hits = [Hit(seed("35"), 1.0)]
    model = make_chat_model(openai_settings(llm_server, llm_max_tokens=1))
    question = BAKU
    answer = generate_answer(question, hits, model, backend="openai")
    assert answer.notes[0].startswith(FALLBACK_NOTE)
    assert "requested backend: openai" in answer.notes[0]
    assert answer.backend == "extractive"
    assert (answer.text, answer.citations) == compose_extractive(question, hits)
    assert "Baku, Azerbaijan" in answer.text and answer.text.endswith("[1].")


def test_condense_against_a_real_server_gives_a_question(llm_server):  # noqa: F811
    model = make_chat_model(openai_settings(llm_server))
    previous = Answer("Where was the IGF 2012 held?", "Where was the IGF 2012 held?", "In Baku [1].")
    rewritten = condense_with_llm("And when?", [previous], model)
    assert rewritten.strip()
    assert len(rewritten.split()) <= 60


def test_assistant_ask_through_the_openai_backend(llm_server, seed_index_dir):  # noqa: F811
    """The library entry point, not just `generate_answer`: retrieval, generation, verification."""
    from assistant.assistant import Assistant

    assistant = Assistant(openai_settings(llm_server, index_dir=seed_index_dir))
    answer = assistant.ask(BAKU)
    assert answer.backend == "openai" and answer.searched_question == BAKU
    assert answer.hits and answer.hits[0].paragraph.id == "E/RES/2012/5:35"
    assert {c.id for c in answer.citations} <= {h.paragraph.id for h in answer.hits}
    assert all(c.status in STATUSES for c in answer.citations)
