"""Chat questions answered from a comparison: reading the question, finding the pair, the cited answer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.compare import ADDED, REMOVED, compare
from assistant.compare_service import asks_comparison, compose, resolve_pair
from tests.test_export import NEW, OLD, doc_of

TITLE = "Assessment of the progress made"
DOCS = [SimpleNamespace(symbol=s, year=int(d[:4]), date=d, body=b, title=t) for s, d, b, t in (
    ("E/RES/2023/3", "2023-06-07", "Economic and Social Council", TITLE),
    ("E/RES/2024/13", "2024-07-23", "Economic and Social Council", TITLE),
    ("E/RES/2025/18", "2025-07-29", "Economic and Social Council", TITLE),
    ("A/RES/79/194", "2024-12-19", "General Assembly", "ICT for sustainable development"),
)]


@pytest.mark.parametrize(("question", "asked"), [
    pytest.param("What is new in E/RES/2025/18 compared with E/RES/2024/13?", ADDED, id="new"),
    pytest.param("What was dropped from the 2025 ECOSOC resolution compared with 2024?", REMOVED, id="dropped"),
    pytest.param("What is new in digital cooperation?", None, id="no-pair-cue"),
    pytest.param("Where was the IGF held in 2024?", None, id="not-a-comparison"),
])
def test_asks_comparison(question, asked):
    assert asks_comparison(question) == asked


@pytest.mark.parametrize(("question", "pair"), [
    pytest.param("What is new in E/RES/2025/18 compared with E/RES/2024/13?", ("E/RES/2024/13", "E/RES/2025/18"),
                 id="two-symbols"),
    pytest.param("What is new in E/RES/2025/18 compared with last year's?", ("E/RES/2024/13", "E/RES/2025/18"),
                 id="one-symbol"),
    pytest.param("What is new in the 2025 ECOSOC resolution compared with 2024?", ("E/RES/2024/13", "E/RES/2025/18"),
                 id="years-and-body"),
    pytest.param("What is new in 2025 compared with 2024?", None, id="no-body"),
])
def test_resolve_pair(question, pair):
    assert resolve_pair(question, DOCS) == pair


def test_compose_cites_both_sides():
    c = compare(doc_of("E/RES/2024/13", OLD[1:], "2024-07-23"), doc_of("E/RES/2025/18", NEW[1:], "2025-07-29"))
    text, citations = compose(c, ADDED)
    assert text.splitlines()[0] == ("Compared with E/RES/2024/13 (2024), E/RES/2025/18 (2025): "
                                    "1 paragraphs unchanged, 0 changed, 1 new, 0 dropped.")
    assert "- E/RES/2025/18, para. 2: “Welcomes the holding" in text and text.count("[1]") == 1
    assert [ct.paragraph.id for ct in citations] == ["E/RES/2025/18:2"]
    text, citations = compose(c, REMOVED)
    assert "No paragraph was dropped." in text and "Also new: E/RES/2025/18, para. 2" in text
