"""Choosing one source per symbol and language."""

from __future__ import annotations

from pathlib import Path

from index.paragraph import Document, Paragraph
from index.readers import ParsedDocument
from index.versions import choose_versions, version_key
from tests.support.shared_paths import CORPUS


def _doc(symbol: str, fmt: str, lang: str = "en") -> ParsedDocument:
    document = Document(symbol=symbol, language=lang, source_format=fmt)
    para = Paragraph(symbol=symbol, loc="1", kind="operative", text="Text.", order=0, language=lang)
    return ParsedDocument(document=document, paragraphs=[para])


ROOT = Path("/corpus")


def test_prefers_xml_then_word_then_text_and_reports_the_rest():
    files = [
        (ROOT / "md/A-RES-72-200.md", _doc("A/RES/72/200", "md")),
        (ROOT / "docx/A-RES-72-200.docx", _doc("A/RES/72/200", "docx")),
        (ROOT / "md/A-RES-80-173.md", _doc("A/RES/80/173", "md")),
        (ROOT / "akn/en/A_RES_80_173-2520874E.xml", _doc("A/RES/80/173", "akn")),
        (ROOT / "pdf/A-RES-80-173.pdf", _doc("A/RES/80/173", "pdf")),
    ]
    choice = choose_versions(files, root=ROOT)
    assert [p.as_posix() for p, _ in choice.chosen] == [
        "/corpus/docx/A-RES-72-200.docx",
        "/corpus/akn/en/A_RES_80_173-2520874E.xml",
    ]
    assert choice.report == [
        "A/RES/72/200 [en]: using docx/A-RES-72-200.docx; also present as md/A-RES-72-200.md "
        "(not indexed twice)",
        "A/RES/80/173 [en]: using akn/en/A_RES_80_173-2520874E.xml; also present as "
        "md/A-RES-80-173.md, pdf/A-RES-80-173.pdf (not indexed twice)",
    ]
    assert choice.errors == []
    assert len(choice.skipped) == 3


def test_languages_are_separate_versions():
    files = [
        (ROOT / "akn/en/x.xml", _doc("E/RES/2023/3", "akn", "en")),
        (ROOT / "akn/fr/x.xml", _doc("E/RES/2023/3", "akn", "fr")),
        (ROOT / "md/E-RES-2023-3.md", _doc("E/RES/2023/3", "md", "en")),
    ]
    choice = choose_versions(files, root=ROOT)
    assert [version_key(d) for _, d in choice.chosen] == [("E/RES/2023/3", "en"), ("E/RES/2023/3", "fr")]
    assert choice.report == [
        "E/RES/2023/3 [en]: using akn/en/x.xml; also present as md/E-RES-2023-3.md (not indexed twice)"
    ]


def test_same_rank_duplicate_is_an_error_for_the_later_file():
    files = [
        (ROOT / "E-RES-2012-5.md", _doc("E/RES/2012/5", "md")),
        (ROOT / "copy/E-RES-2012-5.txt", _doc("E/RES/2012/5", "txt")),
        (ROOT / "other.md", _doc("E/RES/2012/6", "md")),
    ]
    choice = choose_versions(files, root=ROOT)
    assert [p.name for p, _ in choice.chosen] == ["E-RES-2012-5.md", "other.md"]
    assert choice.errors == [
        "copy/E-RES-2012-5.txt: claims E/RES/2012/5 [en], already provided by E-RES-2012-5.md"
    ]
    assert choice.report == []


def test_reissue_asterisk_and_spacing_do_not_split_a_document():
    files = [
        (ROOT / "a.docx", _doc("E/RES/2018/28*", "docx")),
        (ROOT / "a.md", _doc("E/RES/2018/28", "md")),
    ]
    choice = choose_versions(files)
    assert [p.name for p, _ in choice.chosen] == ["a.docx"]
    assert choice.report[0].startswith("E/RES/2018/28 [en]: using /corpus/a.docx")


def test_format_falls_back_to_the_suffix():
    files = [(ROOT / "b.md", _doc("X/1", "")), (ROOT / "b.xml", _doc("X/1", ""))]
    assert [p.name for p, _ in choose_versions(files).chosen] == ["b.xml"]


def test_shared_xml_gives_each_document_once_per_language():
    from index.readers import akn

    files = [(p, akn.read(p, {})) for p in sorted((CORPUS / "akn").glob("*/*.xml"))]
    choice = choose_versions(files, root=CORPUS)
    keys = [version_key(d) for _, d in choice.chosen]
    assert len(keys) == len(set(keys)) == len(files) == 39
    assert choice.errors == [] and choice.report == []
    assert sum(1 for s, _ in keys if s == "A/RES/80/173") == 6


def test_whole_shared_corpus_reads_to_each_document_once_per_language():
    """Every file of ../shared/corpus (seed, Markdown, Word, XML in six languages), as `wsis index` reads them."""
    from index.build import corpus_files
    from index.catalog import load_catalog
    from index.readers import read_file

    catalog = load_catalog(CORPUS)
    files = corpus_files(CORPUS)
    parsed = [(p, read_file(p, catalog.get(p.relative_to(CORPUS).as_posix(), {}))) for p in files]
    choice = choose_versions(parsed, root=CORPUS)
    keys = [version_key(d) for _, d in choice.chosen]
    assert choice.errors == []
    assert len(keys) == len(set(keys)) == 18 + 5 * 5  # 18 documents in English, 5 of them in 5 more languages
    formats = {version_key(d): d.document.source_format for _, d in choice.chosen}
    assert formats[("A/RES/80/173", "en")] == "akn"  # XML preferred to Markdown
    assert formats[("A/RES/72/200", "en")] == "docx"  # Word preferred to Markdown
    assert formats[("A/RES/74/197", "en")] == "md"  # only in Markdown
    assert formats[("E/RES/2012/5", "en")] == "md"
    assert len(choice.skipped) == len(files) - len(keys)
