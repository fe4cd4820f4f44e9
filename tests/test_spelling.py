"""Typos corrected towards the documents' words; real words the documents lack are kept."""

from __future__ import annotations

import pytest

from assistant.spelling import Speller

TEXTS = [
    "Decides to extend the mandate of the Internet Governance Forum; notes that it is not yet permanent.",
    "Encourages Governments to promote affordable broadband and to address electronic waste.",
    "Recognizes the importance of cybersecurity and of bridging the digital divide.",
    "Welcomes the efforts of experts to occur in reports.",
]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(TEXTS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param("is the IGF permanant now", "is the IGF permanent now", id="one-letter-swapped"),
        pytest.param("what did goverments say on broadbnd", "what did governments say on broadband",
                     id="letters-dropped"),
        pytest.param("Cybersecurty and the digitl divide", "Cybersecurity and the digital divide",
                     id="capital-kept"),
        pytest.param("using drones to deliver parcels", "using drones to deliver parcels",
                     id="a-real-word-the-documents-lack-is-evidence"),
        pytest.param("what about the IGF", "what about the IGF", id="short-and-known-words-untouched"),
        pytest.param("zqxjkv mandate", "zqxjkv mandate", id="nothing-close-enough"),
        pytest.param("what about esports", "what about esports", id="two-edits-away-is-another-word"),
        pytest.param("does it cite the ICCPR or OHCHR", "does it cite the ICCPR or OHCHR", id="acronyms-are-names"),
    ],
)
def test_corrections(speller: Speller, question: str, expected: str) -> None:
    assert speller.correct(question) == expected
