"""Every reader gives the seed's 68 units: PDF, DOCX, HTML and text made from the seed, and the
official Word files of the bundled corpus against their Markdown versions."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from index.catalog import load_catalog
from index.readers import read_file
from index.text import normalize_ws
from tests.support.make_fixtures import make_all
from tests.support.shared_paths import CORPUS, SEED

META = {"symbol": "E/RES/2012/5", "title": "Assessment", "body": "Economic and Social Council"}


@pytest.fixture(scope="session")
def seed_files(tmp_path_factory) -> dict[str, Path]:
    return make_all(SEED, tmp_path_factory.mktemp("seed-formats"))


@pytest.fixture(scope="session")
def seed_md():
    return read_file(SEED, META)


def _units(parsed) -> list[tuple[str, str, str, str, tuple[str, ...], str]]:
    return [
        (p.loc, p.kind, normalize_ws(p.text), p.section, p.footnotes, p.chapeau) for p in parsed.paragraphs
    ]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_seed_in_every_format_gives_the_markdown_units(fmt: str, seed_files, seed_md) -> None:
    parsed = read_file(seed_files[fmt], META)
    assert parsed.document.source_format == fmt
    assert len(parsed.paragraphs) == 68
    assert _units(parsed) == _units(seed_md)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_symbol_is_inferred_without_metadata(fmt: str, seed_files) -> None:
    parsed = read_file(seed_files[fmt], {})
    assert parsed.document.symbol == "E/RES/2012/5"
    assert "symbol" in parsed.document.inferred
    assert any(note.startswith("inferred symbol") for note in parsed.notes)


def test_pdf_fixture_has_the_layout_the_reader_must_undo(seed_files) -> None:
    """Guard that the generated PDF really has furniture, hyphenation and page-split paragraphs."""
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(str(seed_files["pdf"])).pages]
    assert len(pages) >= 4
    assert all("E/RES/2012/5" in page for page in pages)  # running header
    assert all(re.search(rf"^{i}$", page, re.M) for i, page in enumerate(pages, 1))  # page numbers
    assert "GE.12-51234" in pages[0]
    assert any(re.search(r"[a-z]-\s*$", page, re.M) for page in pages)  # hyphenated line ends
    starts = [page.split("\n")[1] for page in pages[1:]]  # first line under the running header
    assert any(line[:1].islower() for line in starts)  # a paragraph runs on over a page break


def test_pdf_reader_drops_furniture_and_rejoins_words(seed_files, seed_md) -> None:
    parsed = read_file(seed_files["pdf"], META)
    text = " ".join(p.text for p in parsed.paragraphs)
    assert "GE.12-51234" not in text
    assert not re.search(r"[a-z]- [a-z]", text)
    assert text.count("E/RES/2012/5") == 0
    by = {p.loc: p for p in parsed.paragraphs}
    assert by["PP1"].footnotes == ("FN1",) and by["31"].footnotes == ("FN7",)
    assert by["PP1"].verb == "Recalling"


def test_docx_fixture_uses_word_numbering_and_a_footnotes_part(seed_files) -> None:
    with zipfile.ZipFile(seed_files["docx"]) as zf:
        document = zf.read("word/document.xml").decode()
        assert "word/footnotes.xml" in zf.namelist()
    assert document.count("<w:numPr>") == 53  # 46 operative + 7 sub-paragraphs
    assert "<w:footnoteReference" in document
    assert not re.search(r"<w:t[^>]*>\s*\d+\.\s", document)  # no typed numbers


def test_windows_1252_text_reads_curly_quotes(seed_files) -> None:
    raw = seed_files["txt"].read_bytes()
    assert b"\x93" in raw  # a cp1252 left double quote: not UTF-8
    parsed = read_file(seed_files["txt"], META)
    pp6 = next(p for p in parsed.paragraphs if p.loc == "PP6")
    assert "“Improvements and innovations" in pp6.text
    assert "decoded as cp1252" in parsed.notes


@pytest.mark.parametrize("name", ["A-RES-72-200", "E-RES-2018-28"])
def test_official_word_file_matches_its_markdown(name: str) -> None:
    catalog = load_catalog(CORPUS)
    md = read_file(CORPUS / "md" / f"{name}.md", catalog[f"md/{name}.md"])
    word = read_file(CORPUS / "docx" / f"{name}.docx", catalog[f"docx/{name}.docx"])
    assert [p.id for p in word.paragraphs] == [p.id for p in md.paragraphs]
    assert _units(word) == _units(md)


@pytest.mark.parametrize("name", ["A-RES-72-200", "E-RES-2018-28"])
def test_official_word_file_masthead_gives_metadata(name: str) -> None:
    catalog = load_catalog(CORPUS)
    expected = catalog[f"docx/{name}.docx"]
    doc = read_file(CORPUS / "docx" / f"{name}.docx", {}).document
    assert (doc.symbol, doc.date, doc.body) == (expected["symbol"], expected["date"], expected["body"])
    assert doc.title == expected["title"]
