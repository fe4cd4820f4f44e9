"""Precedent search over the seed and the three fixture years: tiers, diffs, families, phrases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.precedent import (
    NEAR,
    SEMANTIC,
    VERBATIM,
    PrecedentIndex,
    canonical_tokens,
    families,
    phrase_search,
    render_diff,
    word_diff,
)
from tests.support.langtools_corpus import all_paragraphs, by_id

# Seed paragraph 29 with "development-oriented" for "development-orientated" and
# the list "inclusive, development-orientated and people-centred" reordered.
DRAFT_29 = (
    "Urges all stakeholders to prioritize the development of innovative approaches that will stimulate "
    "the provision of universal access to affordable broadband infrastructure for developing countries and "
    "the use of relevant broadband services in order to ensure the development of an inclusive, "
    "people-centred and development-oriented information society, and to minimize the digital divide;"
)


@pytest.fixture(scope="module")
def index() -> PrecedentIndex:
    return PrecedentIndex(all_paragraphs())


def test_near_verbatim_draft_finds_seed_29_first_with_diff(index):
    hits = index.search(DRAFT_29, k=5)
    top = hits[0]
    assert top.paragraph.id == "E/RES/2012/5:29"
    assert top.tier == NEAR
    assert top.similarity > 0.9
    assert all(h.similarity < top.similarity for h in hits[1:])
    deleted = [w for op in top.diff if op.op == "delete" for w in op.words]
    inserted = [w for op in top.diff if op.op == "insert" for w in op.words]
    assert "development-orientated" in deleted and "development-oriented" in inserted
    assert "[-development-orientated-]" in top.diff_text and "{+development-oriented+}" in top.diff_text
    assert top.to_json()["label"] == "E/RES/2012/5, para. 29"


def test_verbatim_fragment_ranks_first_with_earliest_date(index):
    hits = index.search("to strengthen cooperation on open digital public goods", k=5)
    assert [h.tier for h in hits[:2]] == [VERBATIM, VERBATIM]
    assert [h.paragraph.id for h in hits[:2]] == ["E/RES/2030/1:1", "E/RES/2031/1:1"]
    assert hits[0].similarity == 1.0
    assert hits[2].paragraph.id == "E/RES/2032/1:1" and hits[2].tier == NEAR  # "international" inserted


def test_ict_spellings_are_one(index):
    assert canonical_tokens("ICTs") == canonical_tokens("information and communications technologies")
    assert canonical_tokens("information and communication technologies") == ["ict"]
    hits = index.search("many developing countries lack affordable access of ICTs", k=3)
    assert hits[0].paragraph.id == "E/RES/2012/5:9"
    assert hits[0].tier == NEAR


def test_semantic_tier_comes_last_and_skips_duplicates(index):
    calls = []

    def fake_semantic(draft, k):
        calls.append(k)
        return [("E/RES/2012/5:29", 0.9), ("E/RES/2012/5:17", 0.71), ("NOT/INDEXED:1", 0.7)]

    hits = index.search(DRAFT_29, k=10, semantic=fake_semantic)
    assert hits[0].paragraph.id == "E/RES/2012/5:29"
    semantic = [h for h in hits if h.tier == SEMANTIC]
    assert [(h.paragraph.id, h.similarity) for h in semantic] == [("E/RES/2012/5:17", 0.71)]
    assert hits[-1].tier == SEMANTIC and calls


def test_family_over_three_fixture_years_ordered_by_date(index):
    hits = index.search(
        "Encourages all stakeholders to strengthen cooperation on open digital public goods", k=10
    )
    fams = families(hits)
    fam = next(f for f in fams if len(f.members) > 1)
    assert [p.id for p in fam.members] == ["E/RES/2030/1:1", "E/RES/2031/1:1", "E/RES/2032/1:1"]
    assert fam.first.date == "2030-07-20"
    first_change, second_change = fam.variants
    assert first_change.changed
    assert "{+and digital public infrastructure+}" in first_change.diff_text
    assert "{+international+}" in second_change.diff_text
    assert "{+including the gender digital divide,+}" in second_change.diff_text
    assert fam.documents == ("E/RES/2030/1", "E/RES/2031/1", "E/RES/2032/1")


def test_families_of_paragraphs_keep_unrelated_apart():
    paras = by_id(all_paragraphs())
    fams = families([paras["E/RES/2032/1:1"], paras["E/RES/2012/5:7"], paras["E/RES/2030/1:1"]])
    assert [[p.id for p in f.members] for f in fams] == [
        ["E/RES/2012/5:7"],
        ["E/RES/2030/1:1", "E/RES/2032/1:1"],
    ]


def test_phrase_search_counts():
    result = phrase_search("People-centred,   inclusive and  development-oriented", all_paragraphs())
    assert [p.id for p, _ in result.matches] == ["E/RES/2012/5:27"]
    result = phrase_search("digital divide", all_paragraphs())
    assert result.per_document == {"E/RES/2012/5": 6, "E/RES/2032/1": 1}
    assert result.total_paragraphs == 7
    assert result.total_occurrences == 8  # paragraph 28 says it twice
    assert dict((p.id, n) for p, n in result.matches)["E/RES/2012/5:28"] == 2
    assert phrase_search("ICT", all_paragraphs()).per_document == {"E/RES/2012/5": 4}  # not inside "ICTs"


def test_word_diff_window_on_long_paragraph():
    old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    ops, window = word_diff(old, "seven eight NINE-X ten")
    assert window[0] > 0 and window[1] < len(old.split())
    assert render_diff(ops) == "seven eight [-nine-] {+NINE-X+} ten"
    assert window == (6, 10)


def test_eval_file_gold_exists_and_contains_the_answer():
    paras = by_id(all_paragraphs())
    lines = (Path(__file__).parent / "eval_precedent.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    assert len(questions) >= 10
    for q in questions:
        assert set(q) >= {"id", "question", "gold", "answer_contains", "answerable"}
        gold_text = " ".join(paras[g].text for g in q["gold"]).lower()
        for needle in q["answer_contains"]:
            assert needle.lower() in gold_text, (q["id"], needle)
