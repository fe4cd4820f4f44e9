"""Cross-references: parsing, resolution against the Tunis fixture, both directions, JSON."""

from __future__ import annotations

import pytest

from index.crossrefs import (
    Reference,
    build_link_table,
    dumps,
    links_for,
    loads,
    parse_locs,
    parse_references,
    referring_to_document,
    resolve_links,
)
from index.symbols import GENEVA_DECLARATION, GENEVA_PLAN, TUNIS_AGENDA
from tests.support.langtools_corpus import all_paragraphs, by_id, fixture_paragraphs, seed_paragraphs

ECOSOC = "Economic and Social Council"
GA = "General Assembly"


def _targets(text: str, body: str = ECOSOC) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.target_symbol, r.target_locs) for r in parse_references(text, "X/1:1", body=body)]


@pytest.mark.parametrize(
    ("text", "body", "expected"),
    [
        pytest.param(
            "Reaffirms paragraph 20 of its resolution 2011/16 of 26 July 2011;",
            ECOSOC,
            [("E/RES/2011/16", ("20",))],
            id="its-resolution-ecosoc",
        ),
        pytest.param(
            "Recalling its resolution 70/125 of 16 December 2015,",
            GA,
            [("A/RES/70/125", ())],
            id="its-resolution-ga",
        ),
        pytest.param("para 111 of the Tunis Agenda", ECOSOC, [(TUNIS_AGENDA, ("111",))], id="para-abbrev"),
        pytest.param(
            "Recalls paragraph 10 of the General Assembly resolution A/RES/66/184 that",
            ECOSOC,
            [("A/RES/66/184", ("10",))],
            id="para-of-symbol",
        ),
        pytest.param("General Assembly resolution 66/184", ECOSOC, [("A/RES/66/184", ())], id="ga-whole"),
        pytest.param("A/RES/66/184", ECOSOC, [("A/RES/66/184", ())], id="bare-symbol"),
        pytest.param(
            "as mandated in Economic and Social Council resolution 2007/8 of 25 July 2007",
            GA,
            [("E/RES/2007/8", ())],
            id="ecosoc-named",
        ),
        pytest.param("See resolution 55/2.", ECOSOC, [("A/RES/55/2", ())], id="ga-number-shape"),
        pytest.param(
            "Recalls Resolution 66/184 of the UN General Assembly which",
            ECOSOC,
            [("A/RES/66/184", ())],
            id="body-after",
        ),
        pytest.param(
            "the Geneva Declaration of Principles and the Geneva Plan of Action",
            GA,
            [(GENEVA_DECLARATION, ()), (GENEVA_PLAN, ())],
            id="geneva",
        ),
        pytest.param(
            "Recalling General Assembly resolutions 70/1 of 25 September 2015 and 70/125 of 16 December 2015",
            ECOSOC,
            [("A/RES/70/1", ()), ("A/RES/70/125", ())],
            id="resolution-list",
        ),
        pytest.param("2018/28. Assessment of the progress made", ECOSOC, [], id="heading-is-no-reference"),
        pytest.param(
            "20. Reaffirms the importance of indicators", ECOSOC, [], id="paragraph-number-is-no-reference"
        ),
        pytest.param("a plan of action for the region", ECOSOC, [], id="plain-plan-of-action"),
    ],
)
def test_parse_references(text, body, expected):
    assert _targets(text, body) == expected


def test_its_resolution_depends_on_body():
    text = "Recalling its resolution 2011/16 and its resolution 70/125,"
    assert [s for s, _ in _targets(text, ECOSOC)] == ["E/RES/2011/16", "E/RES/70/125"]
    assert [s for s, _ in _targets(text, GA)] == ["A/RES/2011/16", "A/RES/70/125"]


def test_parse_locs_ranges_and_letters():
    assert parse_locs("paragraphs 34 to 37 and paragraphs 67 to 72") == (
        "34",
        "35",
        "36",
        "37",
        "67",
        "68",
        "69",
        "70",
        "71",
        "72",
    )
    assert parse_locs("paragraphs 3 (a) and 4") == ("3(a)", "4")
    assert parse_locs("paras. 5–7") == ("5", "6", "7")


def test_seed_paragraph_20_resolves_to_2011_16_para_20():
    p20 = by_id(seed_paragraphs())["E/RES/2012/5:20"]
    refs = parse_references(p20.text, p20.id, body=p20.body)
    assert refs[0].target_ids == ("E/RES/2011/16:20",)
    assert refs[0].text_span == "paragraph 20 of its resolution 2011/16 of 26 July 2011"
    assert (refs[1].target_symbol, refs[1].target_locs) == ("A/RES/66/184", ())


def test_seed_paragraph_21_expands_tunis_ranges():
    p21 = by_id(seed_paragraphs())["E/RES/2012/5:21"]
    (ref,) = parse_references(p21.text, p21.id, body=p21.body)
    assert ref.target_symbol == TUNIS_AGENDA
    assert ref.target_locs[:4] == ("34", "35", "36", "37")
    assert ref.target_locs[4:] == ("67", "68", "69", "70", "71", "72")


def test_resolving_against_tunis_fixture_gives_real_paragraph_ids():
    tunis_ids = {p.id for p in fixture_paragraphs("WSIS-05-TUNIS-DOC-6-Rev1.md")}
    p21 = by_id(seed_paragraphs())["E/RES/2012/5:21"]
    (resolved,) = resolve_links(parse_references(p21.text, p21.id, body=p21.body), tunis_ids)
    assert resolved.document_indexed
    assert resolved.ids == tuple(f"{TUNIS_AGENDA}:{n}" for n in (34, 35, 36, 37, 67, 68, 69, 70, 71, 72))
    assert set(resolved.ids) <= tunis_ids


def test_resolve_includes_subparagraphs_and_reports_unindexed():
    known = {"E/RES/2032/1:2", "E/RES/2032/1:2(a)", "E/RES/2032/1:2(b)", "E/RES/2032/1:3"}
    refs = [
        Reference("S:1", "E/RES/2032/1", ("2",), "paragraph 2 of resolution 2032/1"),
        Reference("S:1", "E/RES/2032/1", ("2(b)",), "paragraph 2 (b) of resolution 2032/1"),
        Reference("S:1", "A/RES/66/184", ("10",), "paragraph 10 of A/RES/66/184"),
    ]
    whole, sub, missing = resolve_links(refs, known)
    assert whole.ids == ("E/RES/2032/1:2", "E/RES/2032/1:2(a)", "E/RES/2032/1:2(b)")
    assert sub.ids[0] == "E/RES/2032/1:2(b)"
    assert missing.ids == () and not missing.document_indexed


def test_link_table_both_directions_and_footnotes():
    table = build_link_table(all_paragraphs())
    refers_to, _ = links_for("E/RES/2012/5:37", table)
    assert [r.target_ids for r in refers_to] == [(f"{TUNIS_AGENDA}:106",)]
    _, tunis_106_by = links_for(f"{TUNIS_AGENDA}:106", table)
    assert {r.source_id for r in tunis_106_by} >= {"E/RES/2012/5:37", "E/RES/2012/5:39", "E/RES/2031/1:2"}
    # Footnote 6 ("See General Assembly resolution 55/2.") and the paragraph citing it.
    fn_refs, _ = links_for("E/RES/2012/5:FN6", table)
    assert [(r.target_symbol, r.via) for r in fn_refs] == [("A/RES/55/2", "text")]
    p27_refs, _ = links_for("E/RES/2012/5:27", table)
    assert [(r.target_symbol, r.via) for r in p27_refs] == [("A/RES/55/2", "footnote")]
    # The fixture 2031/1 refers to its predecessor's paragraph 1, found from that side too.
    _, by = links_for("E/RES/2030/1:1", table)
    assert [r.source_id for r in by] == ["E/RES/2031/1:2"]
    assert {r.source_id for r in referring_to_document("A/RES/66/184", table)} >= {
        "E/RES/2012/5:PP4",
        "E/RES/2012/5:20",
        "E/RES/2012/5:22",
        "E/RES/2012/5:38",
        "E/RES/2012/5:40",
    }


def test_json_round_trip():
    table = build_link_table(seed_paragraphs())
    assert loads(dumps(table)) == table
    assert len(table) > 15
