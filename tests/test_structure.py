"""Structure recovery: pure functions on small strings, then the real seed and bundled corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.blocks import mark_glued_footnotes, strip_footnote_refs
from index.catalog import load_catalog
from index.classify import is_preambular_opening, looks_like_heading
from index.readers import ReadError, read_file
from index.readers.markdown import markdown_blocks
from index.structure import recover
from index.symbols import symbol_from_filename
from tests.support.shared_paths import CORPUS, SEED

SEED_IDS = (
    [f"PP{i}" for i in range(1, 9)]
    + [str(i) for i in range(1, 33)]
    + [f"32({c})" for c in "abcdefg"]
    + [str(i) for i in range(33, 47)]
    + [f"FN{i}" for i in range(1, 8)]
)


def locs(md: str) -> list[str]:
    return [p.loc for p in recover(markdown_blocks(md)).paragraphs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Recalling its resolution 70/125,", True, id="recalling"),
        pytest.param("Recalling also its resolution", True, id="recalling-also"),
        pytest.param("Taking note with satisfaction of the report", True, id="taking-note"),
        pytest.param("Deeply concerned that", True, id="deeply-concerned"),
        pytest.param("Mindful of the need", True, id="mindful"),
        pytest.param("Further committing to build", True, id="further-participle"),
        pytest.param("Noting also the holding", True, id="noting-also"),
        pytest.param("Bearing in mind", True, id="bearing"),
        pytest.param("Adopts the following outcome document", False, id="operative-verb"),
        pytest.param("We, the Ministers and heads of delegations", False, id="we-the"),
        pytest.param("During the period", False, id="during"),
    ],
)
def test_preambular_opening(text: str, expected: bool) -> None:
    assert is_preambular_opening(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Internet governance", True, id="plain-heading"),
        pytest.param("I. Sustainable development and financing for development", True, id="roman"),
        pytest.param("Action 13 . We will redouble our efforts to build peace.", True, id="action"),
        pytest.param("Annex II", True, id="annex"),
        pytest.param("The Economic and Social Council,", False, id="body-line"),
        pytest.param("Declare the following:", False, id="colon"),
        pytest.param("12. Urges all States;", False, id="numbered"),
        pytest.param("25th plenary meeting", False, id="plenary"),
    ],
)
def test_looks_like_heading(text: str, expected: bool) -> None:
    assert looks_like_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        pytest.param("the Information Society,11 and", {11}, "the Information Society,[^11] and", id="comma"),
        pytest.param("for Development;7", {7}, "for Development;[^7]", id="end"),
        pytest.param("Development4 as an", {4}, "Development[^4] as an", id="word"),
        pytest.param("resolution 2011/16 of 26 July", {16, 26}, "resolution 2011/16 of 26 July", id="symbol"),
        pytest.param("the 2030 Agenda", {2030}, "the 2030 Agenda", id="year"),
        pytest.param("A/67/66-E/2012/49.", {49}, "A/67/66-E/2012/49.", id="doc-symbol"),
        pytest.param("Sales No. E.02.II.A.7)", {7}, "Sales No. E.02.II.A.7)", id="sales-no"),
        pytest.param("the G20 summit", {20}, "the G20 summit", id="g20"),
        pytest.param("COVID-19 pandemic", {19}, "COVID-19 pandemic", id="covid"),
        pytest.param("the Society,3 and", {5}, "the Society,3 and", id="unknown-note"),
    ],
)
def test_mark_glued_footnotes(text: str, numbers: set[int], expected: str) -> None:
    assert mark_glued_footnotes(text, numbers) == expected


def test_strip_footnote_refs_keeps_text_readable() -> None:
    text, cited = strip_footnote_refs("for Development[^4] as an information document,[^5] and[^4]")
    assert text == "for Development as an information document, and"
    assert cited == ("FN4", "FN5")


def test_symbol_from_filename() -> None:
    assert symbol_from_filename("E-RES-2012-5.md") == "E/RES/2012/5"
    assert symbol_from_filename("notes.md") == ""


def test_subparagraphs_carry_chapeau_and_own_text() -> None:
    md = "The General Assembly,\n\nRecalling x,\n\n1. Decides:\n\n(a) to do a;\n\n(b) to do b;\n\n2. Urges y."
    recovered = recover(markdown_blocks(md))
    by_loc = {p.loc: p for p in recovered.paragraphs}
    assert list(by_loc) == ["PP1", "1", "1(a)", "1(b)", "2"]
    assert by_loc["1(b)"].chapeau == "Decides:"
    assert by_loc["1(b)"].text == "to do b;"


def test_nested_numbered_list_belongs_to_its_paragraph() -> None:
    md = "6. Six.\n\n7. We will pursue the following objectives:\n\n1. Close gaps;\n\n2. Expand;\n\n8. Eight."
    recovered = recover(markdown_blocks(md))
    assert [p.loc for p in recovered.paragraphs] == ["6", "7", "8"]
    assert recovered.paragraphs[1].text.endswith("objectives: 1. Close gaps; 2. Expand;")


def test_annex_numbering_restarts_with_prefix() -> None:
    md = (
        "The General Assembly,\n\nAdopts the annex:\n\n1. One.\n\n2. Two.\n\n### Annex I\n\n### Compact\n\n"
        "1. Alpha:\n\n(a) a;\n\n### Annex II\n\n### Preamble\n\nRecognizing z,\n\nDeclare:\n\n1. Beta."
    )
    assert locs(md) == ["U1", "1", "2", "ANNEXI.1", "ANNEXI.1(a)", "ANNEXII.PP1", "ANNEXII.U1", "ANNEXII.1"]


def test_closing_lines_and_body_line_are_not_paragraphs() -> None:
    md = "The Economic and Social Council,\n\nNoting x,\n\n1. Decides y.\n\n"
    md += "25th plenary meeting  \n7 June 2023"
    assert locs(md) == ["PP1", "1"]


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed():
    meta = {"symbol": "E/RES/2012/5", "title": "Assessment", "date": "2012-07-24"}
    return read_file(SEED, meta)


def test_seed_has_exactly_the_68_units_in_order(seed) -> None:
    assert [p.loc for p in seed.paragraphs] == SEED_IDS
    assert [p.order for p in seed.paragraphs] == list(range(1, 69))
    assert all(p.symbol == "E/RES/2012/5" for p in seed.paragraphs)


def test_seed_spot_checks(seed) -> None:
    by = {p.loc: p for p in seed.paragraphs}
    assert by["1"].text.endswith("follow-up to the World Summit;")
    assert "decision-makers and helped foster" in by["15"].text
    assert "the meeting when preparing his report" in by["22"].text
    assert "Monterrey, Mexico" in by["FN7"].text
    assert "Implementing WSIS Outcomes" in by["PP7"].text
    assert by["PP1"].kind == "preambular" and by["1"].kind == "operative"
    assert by["32(c)"].kind == "subparagraph" and by["FN1"].kind == "footnote"


def test_seed_sections_footnotes_and_chapeau(seed) -> None:
    by = {p.loc: p for p in seed.paragraphs}
    assert by["PP1"].section == ""
    assert by["1"].section.startswith("Taking stock")
    assert by["20"].section == "Internet governance"
    assert by["22"].section == "Enhanced cooperation"
    assert by["32(a)"].section == "The road ahead"
    assert not any(
        p.section in ("Resolution",) or p.section.startswith("Assessment") for p in seed.paragraphs
    )
    assert by["PP1"].footnotes == ("FN1",)
    assert by["PP7"].footnotes == ("FN4",)
    assert by["3"].footnotes == ("FN5",)
    assert by["31"].footnotes == ("FN7",)
    assert by["32(c)"].chapeau.startswith("Calls upon United Nations organizations")
    assert by["32(c)"].text.startswith("takes note of the 9th World")
    assert by["7"].verb == "Calls upon"


def test_seed_text_has_no_markup(seed) -> None:
    for p in seed.paragraphs:
        assert not re.search(r"<sup>|\[\^|\*", p.text), p.id
    pp7 = next(p for p in seed.paragraphs if p.loc == "PP7")
    assert "Technology for Development as an information document" in pp7.text


def test_seed_without_metadata_infers_symbol_from_file_name(tmp_path: Path) -> None:
    copy = tmp_path / "E-RES-2012-5.md"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    parsed = read_file(copy, {})
    assert parsed.document.symbol == "E/RES/2012/5"
    assert "symbol" in parsed.document.inferred
    assert parsed.document.title.startswith("Assessment of the progress")
    assert any("file name" in note for note in parsed.notes)


def test_front_matter_supplies_metadata(tmp_path: Path) -> None:
    doc = tmp_path / "anything.md"
    doc.write_text(
        "---\nsymbol: A/RES/70/125\ntitle: Outcome document\ndate: 2015-12-16\n---\n\n"
        "The General Assembly,\n\nRecalling x,\n\n1. Adopts y.\n",
        encoding="utf-8",
    )
    parsed = read_file(doc, {})
    assert parsed.document.symbol == "A/RES/70/125"
    assert parsed.document.date == "2015-12-16"
    assert parsed.document.inferred == ()
    assert [p.id for p in parsed.paragraphs] == ["A/RES/70/125:PP1", "A/RES/70/125:1"]


def test_masthead_gives_symbol_body_and_adoption_date(tmp_path: Path) -> None:
    doc = tmp_path / "res.md"
    doc.write_text(
        "United Nations  \nE/RES/2023/3  \nEconomic and Social Council  \nDistr.: General  \n19 June 2023\n\n"
        "Resolution adopted by the Economic and Social Council on 7 June 2023\n\n"
        "# 2023/3. Assessment of the progress\n\nThe Economic and Social Council,\n\n"
        "Recalling x,\n\n1. Welcomes y;\n",
        encoding="utf-8",
    )
    parsed = read_file(doc, {})
    d = parsed.document
    assert (d.symbol, d.body, d.date, d.title) == (
        "E/RES/2023/3",
        "Economic and Social Council",
        "2023-06-07",
        "Assessment of the progress",
    )
    assert set(d.inferred) == {"symbol", "title", "body", "date"}


def test_symbol_mentioned_in_the_body_is_not_the_documents_symbol(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("Some notes\n\n" + "x " * 200 + "\n\n1. Recalls resolution A/RES/66/184 of 2011.\n")
    with pytest.raises(ReadError, match="cannot determine the document symbol"):
        read_file(doc, {})


# --------------------------------------------------------------------------- the bundled corpus


def _completeness(note: str) -> tuple[dict[str, int], int]:
    """'paras 1-127 continuous; 12 footnotes' -> ({'': 127}, 12); annexes of A/RES/79/1 by name."""
    parts: dict[str, int] = {}
    main = re.search(r"(?:Pact for the Future|operative/numbered|operative) paras 1-(\d+)", note)
    if main:
        parts[""] = int(main.group(1))
    for numeral, count in re.findall(r"Annex (I+) [^;]*?paras 1-(\d+)", note):
        parts[f"ANNEX{numeral}."] = int(count)
    footnotes = int(re.search(r"(\d+) footnotes", note).group(1))
    return parts, footnotes


def test_every_bundled_markdown_document_is_complete() -> None:
    catalog = json.loads((CORPUS / "catalog.json").read_text(encoding="utf-8"))
    metas = load_catalog(CORPUS)
    total = 0
    checked = 0
    for entry in catalog:
        md = entry["files"].get("md")
        if not md:
            continue
        parsed = read_file(CORPUS / md, metas[md])
        if "note" not in entry or "COMPLETE" not in entry["note"]:
            continue
        parts, n_footnotes = _completeness(entry["note"])
        ops = [p.loc for p in parsed.paragraphs if p.kind == "operative"]
        for prefix, count in parts.items():
            mine = [
                loc[len(prefix) :] for loc in ops if loc.startswith(prefix) and "." not in loc[len(prefix) :]
            ]
            assert mine == [str(i) for i in range(1, count + 1)], (entry["symbol"], prefix)
        assert sum(parts.values()) == len(ops), entry["symbol"]
        fns = [p.loc for p in parsed.paragraphs if p.kind == "footnote"]
        assert fns == [f"FN{i}" for i in range(1, n_footnotes + 1)], entry["symbol"]
        ids = [p.id for p in parsed.paragraphs]
        assert len(ids) == len(set(ids)), entry["symbol"]
        total += len(ops)
        checked += 1
    assert checked == 17
    assert 1350 < total < 1450  # numbered paragraphs over the 17 documents (1,392)


def test_pact_for_the_future_annexes() -> None:
    parsed = read_file(CORPUS / "md" / "A-RES-79-1.md", {})
    by = {p.loc: p for p in parsed.paragraphs}
    assert "ANNEXI.12" in by and "ANNEXI.13(a)" in by and "ANNEXII.5" in by
    seven = by["ANNEXI.7"].text
    assert seven.startswith("To achieve our goal") and "5. Enhance international governance" in seven
    assert by["ANNEXI.13(a)"].chapeau.startswith("We commit, by 2030, to")
    assert by["ANNEXI.26"].section == "Internet governance"
    assert by["20"].section.startswith("Action 1.")
    assert by["18"].section == "I. Sustainable development and financing for development"
    assert by["34"].section.startswith("Action 13")
    assert by["ANNEXII.PP1"].text.startswith("Reaffirming our commitments")
    assert by["ANNEXII.PP1"].section == "Preamble"
    assert not any(p.text.startswith(("I. Sustainable", "Action 1.")) for p in parsed.paragraphs)


def test_shared_docs_drop_masthead_body_line_and_closing_lines() -> None:
    parsed = read_file(CORPUS / "md" / "E-RES-2023-3.md", {})
    texts = [p.text for p in parsed.paragraphs]
    assert parsed.paragraphs[0].loc == "PP1" and texts[0].startswith("Recalling the outcome documents")
    assert not any("plenary meeting" in t and len(t) < 40 for t in texts)
    assert not set(texts) & {"United Nations", "E/RES/2023/3", "The Economic and Social Council,"}
    assert not any(t.startswith("Resolution adopted by") for t in texts)
    assert parsed.document.date == "2023-06-07"


# --------------------------------------------------------------------------- format block builders


def test_html_blocks_number_lists_and_collect_footnotes() -> None:
    from bs4 import BeautifulSoup

    from index.readers.html import html_blocks
    from index.structure import recover as recover_blocks

    html = (
        "<h3>Connectivity</h3><p><em>Recalling</em> x,<sup>1</sup></p>"
        "<ol><li><em>Urges</em> y:<ol type='a'><li>do a;</li><li>do b;</li></ol></li><li>Decides z.</li></ol>"
        "<section class='footnotes'><ol><li id='fn1'><p>See A/60/687. ↩</p></li></ol></section>"
    )
    paragraphs = recover_blocks(html_blocks(BeautifulSoup(html, "lxml"))).paragraphs
    assert [(p.loc, p.text) for p in paragraphs] == [
        ("PP1", "Recalling x,"),
        ("1", "Urges y:"),
        ("1(a)", "do a;"),
        ("1(b)", "do b;"),
        ("2", "Decides z."),
        ("FN1", "See A/60/687."),
    ]
    assert paragraphs[0].footnotes == ("FN1",) and paragraphs[0].verb == "Recalling"


def test_plain_text_blocks_take_page_foot_notes_and_glued_refs() -> None:
    from index.blocks import plain_text_blocks

    page1 = [
        "The General Assembly,",
        "",
        "Recalling the Tunis Agenda,2 and the",
        "____",
        "2 WSIS-05/TUNIS/DOC/6.",
    ]
    page2 = ["Geneva Declaration,", "", "1. Urges all States in 2030;"]
    paragraphs = recover(plain_text_blocks([page1, page2])).paragraphs
    assert [(p.loc, p.text, p.footnotes) for p in paragraphs] == [
        ("PP1", "Recalling the Tunis Agenda, and the Geneva Declaration,", ("FN2",)),
        ("1", "Urges all States in 2030;", ()),
        ("FN2", "WSIS-05/TUNIS/DOC/6.", ()),
    ]
