"""Document comparison: the pure alignment on small strings, then documents and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.compare import (
    ADDED,
    CHANGED,
    MERGED,
    MOVED,
    REMOVED,
    SPLIT,
    UNCHANGED,
    align,
    compare,
)
from index.paragraph import Paragraph
from tests.support.cli_run import wsis
from tests.support.shared_paths import COMPARE_PAIR as PAIR

A = "Recognizes the importance of universal and affordable access to broadband infrastructure for all countries;"
B = "Urges all stakeholders to continue to cooperate in bridging the digital divides between and within countries;"
C = "Requests the Secretary-General to submit a report on the implementation of the present resolution next year;"
D = "Invites the Commission on Science and Technology for Development to hold a session on artificial intelligence;"
E = "Welcomes the holding of the Internet Governance Forum in Riyadh and looks forward to its twentieth meeting;"


def units(*texts: str) -> list[tuple[str, str]]:
    return [(str(n), t) for n, t in enumerate(texts, start=1)]


def statuses(links) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(lk.status, lk.old, lk.new) for lk in links]


def test_identical_documents_are_all_unchanged():
    links = align(units(A, B, C), units(A, B, C))
    assert statuses(links) == [(UNCHANGED, (0,), (0,)), (UNCHANGED, (1,), (1,)), (UNCHANGED, (2,), (2,))]


def test_markup_and_typography_are_no_change():
    links = align(units("*Urges* all stakeholders to use e\u2011commerce;"),
                  units("Urges all stakeholders to use e-commerce;"))
    assert links[0].status == UNCHANGED


def test_changed_added_and_removed():
    links = align(units(A, B, C), units(A, B.replace("continue to ", ""), D))
    assert statuses(links) == [(UNCHANGED, (0,), (0,)), (CHANGED, (1,), (1,)), (REMOVED, (2,), ()),
                               (ADDED, (), (2,))] or statuses(links) == [
        (UNCHANGED, (0,), (0,)), (CHANGED, (1,), (1,)), (ADDED, (), (2,)), (REMOVED, (2,), ())]


def test_renumbering_after_an_insertion_is_not_a_move():
    links = align(units(A, B, C), units(D, A, B, C))
    assert [lk.status for lk in links] == [ADDED, UNCHANGED, UNCHANGED, UNCHANGED]
    assert [lk.new for lk in links] == [(0,), (1,), (2,), (3,)]


def test_a_paragraph_out_of_order_is_moved():
    links = align(units(A, B, C, D, E), units(A, C, D, E, B))
    moved = [lk for lk in links if lk.status == MOVED]
    assert [(lk.old, lk.new) for lk in moved] == [((1,), (4,))]
    assert sum(lk.status == UNCHANGED for lk in links) == 4


def test_assignment_not_greedy_walk():
    # B's slightly edited copy stands first; a greedy walk from the top would pair the old B with the wrong one.
    b2 = B.replace("cooperate", "work together")
    links = align(units(A, B), units(b2, A, B))
    pairs = {(lk.old, lk.new): lk.status for lk in links}
    assert pairs[((1,), (2,))] == UNCHANGED and pairs[((0,), (1,))] == UNCHANGED
    assert pairs[((), (0,))] == ADDED


def test_identical_boilerplate_pairs_in_order():
    same = "Recalling its earlier resolutions on the follow-up to the World Summit on the Information Society,"
    links = align(units(same, A, same), units(same, A, same))
    assert all(lk.status == UNCHANGED and lk.old == lk.new for lk in links)


def test_split_and_merge():
    whole = f"{A[:-1]}, and {B[0].lower()}{B[1:]}"
    split = align(units(C, whole, D), units(C, A, B, D))
    assert (SPLIT, (1,), (1, 2)) in statuses(split)
    merged = align(units(C, A, B, D), units(C, whole, D))
    assert (MERGED, (1, 2), (1,)) in statuses(merged)


def test_split_of_a_paragraph_whose_halves_are_too_short_to_pair():
    whole = "Notes the report of the Secretary-General, and welcomes the holding of the Internet Governance Forum;"
    links = align(units(C, whole), units(C, "Notes the report of the Secretary-General;",
                                         "Welcomes the holding of the Internet Governance Forum;"))
    assert (SPLIT, (1,), (1, 2)) in statuses(links)


def test_unlike_paragraphs_are_not_paired():
    assert {lk.status for lk in align(units(A), units(E))} == {ADDED, REMOVED}


def _doc(symbol: str, texts: list[str], body: str = "Economic and Social Council") -> list[Paragraph]:
    return [Paragraph(symbol=symbol, loc=str(n), kind="operative", text=t, order=n, body=body, date="2025-07-29")
            for n, t in enumerate(texts, start=1)]


def test_compare_documents_summary_diff_and_json():
    old = _doc("E/RES/2024/13", [A, B, C])
    new = _doc("E/RES/2025/18", [D, A, B.replace("continue to cooperate", "cooperate"), C])
    c = compare(old, new)
    assert c.summary == "2 paragraphs unchanged, 1 changed, 1 new, 0 dropped"
    changed = c.of(CHANGED)[0]
    assert changed.old[0].id == "E/RES/2024/13:2" and changed.new[0].id == "E/RES/2025/18:3"
    assert "continue" in changed.diff_text and "[-" in changed.diff_text and "{+" not in changed.diff_text
    data = c.to_json()
    assert {p["status"] for p in data["pairs"]} == {UNCHANGED, CHANGED, ADDED}
    assert data["pairs"][0] == {**data["pairs"][0], "status": ADDED, "old": [], "new": ["E/RES/2025/18:1"]}
    assert not data["different_bodies"]


def test_a_pair_in_different_bodies_is_compared_and_says_so():
    old = _doc("A/RES/80/118", [A, B], body="General Assembly")
    new = _doc("E/RES/2025/18", [A, C])
    c = compare(old, new)
    assert c.of(UNCHANGED) and c.to_json()["different_bodies"]


# ------------------------------------------------------------------ the CLI on a real index (`compare_index`)


def test_cli_compare_summary_first_then_changes(compare_index):
    r = wsis("compare", *PAIR, "--index-dir", str(compare_index))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("E/RES/2024/13 (Economic and Social Council, 23 July 2024) -> E/RES/2025/18")
    assert re.fullmatch(r"\d+ paragraphs unchanged, \d+ changed, \d+ new, \d+ dropped(, .*)?", lines[1])
    assert "changed  PP3 -> PP3" in r.stdout and "[-2023/3-] {+2024/13+}" in r.stdout


def test_cli_compare_json_lists_every_pair_with_ids(compare_index):
    r = wsis("compare", *PAIR, "--json", "--index-dir", str(compare_index))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    pairs = data["pairs"]
    assert {p["status"] for p in pairs} >= {UNCHANGED, CHANGED, ADDED, REMOVED}
    assert all(i.startswith("E/RES/2024/13:") for p in pairs for i in p["old"])
    assert all(i.startswith("E/RES/2025/18:") for p in pairs for i in p["new"])
    # every English unit of both documents (footnotes aside) is on exactly one line
    olds = [i for p in pairs for i in p["old"]]
    assert len(olds) == len(set(olds)) and data["counts"][UNCHANGED] > 50
    pp3 = next(p for p in pairs if p["new"] == ["E/RES/2025/18:PP3"])
    assert pp3["status"] == CHANGED and pp3["old"] == ["E/RES/2024/13:PP3"]


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("E/RES/2024/13", "E/RES/2024/99"), "no document 'E/RES/2024/99' in the index", id="unknown"),
    pytest.param(("E/RES/2024/13", "e/res/2024/13 "), "compared with itself", id="itself"),
    pytest.param((*PAIR, "--lang", "fr"), "E/RES/2025/18 is not indexed in 'fr'", id="languages"),
])
def test_cli_compare_bad_input_is_one_line(compare_index, args, message):
    r = wsis("compare", *args, "--index-dir", str(compare_index))
    assert r.returncode == 2 and r.stdout == ""
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_identical_documents_are_refused():
    from types import SimpleNamespace

    from assistant.compare import CompareError, compare_in_index

    index = SimpleNamespace(by_symbol={s: _doc(s, [A, B]) for s in PAIR})
    with pytest.raises(CompareError, match=r"identical in 'en'.*the same document twice"):
        compare_in_index(index, *PAIR)


# ------------------------------------------------------------------ quality against the hand-checked reference

REFERENCE = Path(__file__).parent / "data" / "compare_reference.jsonl"


def test_moved_needs_more_likeness_than_in_place():
    # E/RES/2024/13, para. 19 and E/RES/2025/18, para. 125: alike enough (0.58) in place, not from afar
    far = ("Underscores the importance of and encourages continued collaboration between the follow-up and review "
           "process of the World Summit and the Technology Facilitation Mechanism, including its multi-stakeholder "
           "forum on science, technology and innovation for the Sustainable Development Goals;")
    loose = ("Requests the Commission on Science and Technology for Development to undertake and present, ahead of "
             "the World Summit 20-year review and based on the World Summit process and 2030 Agenda-Global Digital "
             "Compact matrix developed by the United Nations Group on the Information Society, a stocktaking of "
             "current practices and experiences in integrating digital cooperation frameworks, including World "
             "Summit action lines, Sustainable Development Goals principles, the Global Digital Compact and road "
             "maps in the context of the multi-stakeholder forum on science, technology and innovation for the "
             "Sustainable Development Goals, highlighting opportunities and challenges, to provide insights that "
             "can inform further deliberations;")
    assert (CHANGED, (1,), (1,)) in statuses(align(units(A, far, C), units(A, loose, C)))
    links = align(units(far, A, B, C), units(A, B, C, loose))
    assert MOVED not in {lk.status for lk in links}
    assert (REMOVED, (0,), ()) in statuses(links) and (ADDED, (), (3,)) in statuses(links)


def test_alignment_precision_and_recall_against_the_reference():
    from assistant.adversarial import shared_paragraphs
    from assistant.compare import score_alignment
    from tests.support.shared_paths import CORPUS

    rows = [json.loads(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
    pairs = sorted({(r["old_doc"], r["new_doc"]) for r in rows})
    assert len(rows) >= 60 and len(pairs) >= 2
    paragraphs = shared_paragraphs(CORPUS)
    for old, new in pairs:
        c = compare([p for p in paragraphs if p.symbol == old], [p for p in paragraphs if p.symbol == new])
        score = score_alignment(c, rows)
        assert score.reference >= 60
        assert score.precision >= 0.9 and score.recall >= 0.9, (old, new, score)


def test_cli_compare_docx(compare_index, tmp_path):
    from docx import Document

    out = tmp_path / "compare.docx"
    r = wsis("compare", *PAIR, "--docx", str(out), "--index-dir", str(compare_index))
    assert r.returncode == 0, r.stderr
    lines = [p.text for p in Document(str(out)).paragraphs]
    assert lines[0] == "Comparison of E/RES/2024/13 and E/RES/2025/18"
    assert r.stdout.splitlines()[1] in lines  # the summary line
    assert "changed: E/RES/2024/13, preambular para. 3 → E/RES/2025/18, preambular para. 3" in lines
    assert "[2] E/RES/2025/18, 29 July 2025, Economic and Social Council" in lines
