"""Change answers: one quote per year from a family of paragraphs, and the words that changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.history import asks_change, compose_timeline, member_for_year, timeline, word_changes
from assistant.question import parse_question
from assistant.types import Hit
from index.paragraph import OPERATIVE, Paragraph


def _p(symbol: str, loc: str, year: int, text: str) -> Paragraph:
    return Paragraph(symbol=symbol, loc=loc, kind=OPERATIVE, text=text, order=int(loc), date=f"{year}-07-01",
                     body="Economic and Social Council", verb="Recalls")


TARGETS = "Recalls the targets to help to bring online the {} billion people not connected"
OLD = _p("E/RES/2023/3", "42", 2023, TARGETS.format("3.8"))
MID = _p("E/RES/2024/13", "44", 2024, TARGETS.format("2.6"))
NEW = _p("E/RES/2025/18", "45", 2025, TARGETS.format("2.6"))
OTHER = _p("E/RES/2024/13", "10", 2024, "Notes the work of the Partnership on Measuring ICT for Development")
FAMILY = (OLD, MID, NEW)


def _family_of(p: Paragraph):
    return FAMILY if p in FAMILY else (p,)


def _ranked(*paragraphs: Paragraph):
    return [(Hit(paragraph=p, score=1.0), p.text, 1.0 - i / 10) for i, p in enumerate(paragraphs)]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param("How did the figure change between the 2023 and 2024 resolutions?", True, id="two-years"),
        pytest.param("How has the language on gender evolved?", True, id="evolved"),
        pytest.param("What did ECOSOC say in 2023 and in 2024 about broadband?", True, id="two-years-named"),
        pytest.param("What did ECOSOC say in 2023 about broadband?", False, id="one-year"),
        pytest.param("What does ECOSOC say about broadband?", False, id="no-year"),
    ],
)
def test_asks_change(question, expected):
    assert asks_change(question, parse_question(question).years) is expected


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        pytest.param("bring online the 3.8 billion people", "bring online the 2.6 billion people",
                     ["“3.8” became “2.6”"], id="replaced"),
        pytest.param("the targets to help", "the Broadband Advocacy Targets to help",
                     ["“targets” became “Broadband Advocacy Targets”"], id="replaced-by-longer"),
        pytest.param("notes the report", "notes with appreciation the report", ["“with appreciation” was added"],
                     id="added"),
        pytest.param("urges all States to act", "urges States to act", ["“all” was dropped"], id="dropped"),
        pytest.param("same words", "same words", [], id="same"),
    ],
)
def test_word_changes(old, new, changes):
    assert word_changes(old, new) == changes


def test_member_for_year_is_the_text_in_force_that_year():
    assert member_for_year(FAMILY, 2024) is MID
    assert member_for_year(FAMILY, 2030) is NEW
    assert member_for_year(FAMILY, 2020) is None


def test_two_named_years_quote_each_years_member_and_say_what_changed():
    question = "How did the number of unconnected people change between the 2023 and 2024 resolutions?"
    steps = timeline(question, _ranked(MID), _family_of, [2023, 2024])
    assert [s.paragraph for s in steps] == [OLD, MID]
    text, citations = compose_timeline(steps)
    assert [c.id for c in citations] == ["E/RES/2023/3:42", "E/RES/2024/13:44"]
    assert "3.8 billion" in text and "2.6 billion" in text
    assert "What changed from E/RES/2023/3, para. 42 to E/RES/2024/13, para. 44: “3.8” became “2.6”." in text


def test_evolution_without_years_spans_first_to_latest():
    steps = timeline("How has the target evolved?", _ranked(MID), _family_of, [])
    assert [s.paragraph for s in steps] == [OLD, NEW]


def test_since_a_year_spans_that_year_to_latest():
    steps = timeline("How has the target changed since 2024?", _ranked(MID), _family_of, [2024])
    assert [s.paragraph for s in steps] == [MID, NEW]


def test_without_a_family_each_named_year_gives_its_best_clause_and_no_diff():
    question = "What did the Council say in 2023 and in 2024 about measuring ICT?"
    other_2023 = _p("E/RES/2023/3", "11", 2023, "Encourages the Partnership to continue its work on indicators")
    steps = timeline(question, _ranked(OTHER, other_2023), lambda p: (p,), [2023, 2024])
    assert [s.paragraph for s in steps] == [other_2023, OTHER]
    text, _ = compose_timeline(steps)
    assert "What changed" not in text  # two different paragraphs: no word diff between them


def test_one_year_only_gives_no_timeline():
    assert timeline("How has it evolved?", _ranked(OTHER), lambda p: (p,), []) == []


def test_a_named_body_speaks_alone():
    ga = replace(OTHER, symbol="A/RES/78/132", date="2023-12-19", body="General Assembly")
    other_2023 = _p("E/RES/2023/3", "11", 2023, "Encourages the Partnership to continue its work on indicators")
    question = "What did ECOSOC say in 2023 and in 2024 about measuring ICT?"
    steps = timeline(question, _ranked(ga, OTHER, other_2023), lambda p: (p,), [2023, 2024],
                     ["Economic and Social Council"])
    assert [s.paragraph for s in steps] == [other_2023, OTHER]


def test_between_two_years_the_same_paragraph_is_quoted_when_the_families_missed_it():
    """Figures updated beyond the families' threshold: the other year's paragraph worded like the best one
    is quoted, not that year's best clause on the topic."""
    from assistant.history import closest_wording

    share = ("Welcomes the fact that the rapid growth in access to mobile telephony and broadband has meant that "
             "{} per cent of the world's population were using the Internet in {}")
    old = _p("E/RES/2018/28", "24", 2018, share.format(48, 2017))
    new = _p("E/RES/2024/13", "28", 2024, share.format(67, 2023))
    unconnected = _p("E/RES/2018/28", "37", 2018, "Notes the targets to bring online the 3.8 billion people "
                                                  "of the world who are not connected to the Internet")
    assert closest_wording(new, [unconnected, old]) is old
    assert closest_wording(new, [unconnected]) is None  # nothing worded alike: no twin
    question = "How did the share of people using the Internet change between 2018 and 2024?"
    steps = timeline(question, _ranked(new, unconnected), lambda p: (p,), [2018, 2024],
                     counterpart=lambda p, year: closest_wording(p, [unconnected, old]) if year == 2018 else None)
    assert [s.paragraph for s in steps] == [old, new]
    text, _ = compose_timeline(steps)
    assert "“48” became “67”" in text
    # without a counterpart each year's best clause speaks, as before
    steps = timeline(question, _ranked(new, unconnected), lambda p: (p,), [2018, 2024])
    assert [s.paragraph for s in steps] == [unconnected, new]


def test_a_named_year_the_family_lacks_speaks_with_that_years_counterpart():
    """The family links 2023 and 2024 but not 2025 (figures changed): "2023 to 2025" quotes the 2025 text,
    not 2024's, the text in force before it."""
    share = ("Welcomes the growth in access to mobile broadband, so that {} per cent of the world's population "
             "were living within range of a mobile broadband network")
    y23 = _p("E/RES/2023/3", "26", 2023, share.format(95))
    y24 = _p("E/RES/2024/13", "28", 2024, share.format(95))
    y25 = _p("E/RES/2025/18", "29", 2025, share.format(96))
    family = (y23, y24)
    question = "how did mobile broadband coverage change from the 2023 to the 2025 resolution?"
    steps = timeline(question, _ranked(y23), lambda p: family if p in family else (p,), [2023, 2025],
                     counterpart=lambda p, year: y25 if year == 2025 else None)
    assert [s.paragraph for s in steps] == [y23, y25]
    text, _ = compose_timeline(steps)
    assert "“95” became “96”" in text


def test_since_a_year_reaches_the_newest_text_worded_alike():
    """A paragraph with no family member after 2023: "since 2023" still compares with the newest year's
    paragraph worded like it, found among the indexed years."""
    from assistant.history import closest_wording

    later = _p("E/RES/2025/18", "45", 2025, TARGETS.format("2.2"))
    question = "How has the number of unconnected people changed since 2023?"
    steps = timeline(question, _ranked(OLD), lambda p: (p,), [2023],
                     counterpart=lambda p, year: closest_wording(p, [later, OTHER]) if year == 2025 else None,
                     index_years=[2023, 2024, 2025])
    assert [s.paragraph for s in steps] == [OLD, later]
    # without the indexed years nothing newer is looked for: one year only, no change answer
    assert timeline(question, _ranked(OLD), lambda p: (p,), [2023],
                    counterpart=lambda p, year: closest_wording(p, [later])) == []


def test_a_current_question_leaves_out_a_passage_a_later_text_re_adopted():
    """"The latest count" is answered from 2025's "over 176", not 2024's "over 155"; a passage no later
    text rewords stays, and nothing is left out when every passage would be."""
    from assistant.assistant import _newest_wording

    count = "Recognizes that over {} national and regional Internet Governance Forum initiatives have emerged"
    y24 = _p("E/RES/2024/13", "90", 2024, count.format(155))
    y25 = _p("E/RES/2025/18", "92", 2025, count.format(176))
    by_key = {(p.id, p.language): Hit(paragraph=p, score=1.0) for p in (y24, y25, OTHER)}
    kept = _newest_wording(by_key)
    assert [h.paragraph for h in kept.values()] == [y25, OTHER]
    alone = {(y24.id, y24.language): by_key[(y24.id, y24.language)]}
    assert _newest_wording(alone) == alone
