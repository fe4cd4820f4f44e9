"""AKN4UN XML reader: small made-up XML for the rules, the UN's real files for the corpus-wide checks."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH
from index.readers import ReadError, read_file
from index.readers.akn import annex_numeral, parse_akn, parse_num
from index.symbols import symbol_from_frbr
from tests.support.shared_paths import CORPUS

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _akn(
    body: str, lang: str = "eng", uri: str = "/akn/un/statement/deliberation/unecosoc/2030-07-01/2030-9/"
) -> bytes:
    return f"""<akomaNtoso xmlns="{NS}"><statement name="resolution"><meta><identification source="#x">
      <FRBRWork><FRBRthis value="{uri}!main/"/><FRBRdate date="2030-07-01" name="adoption"/>
        <FRBRauthor href="{"ga" if "/unga/" in uri else "ecosoc"}" as="author"/></FRBRWork>
      <FRBRExpression><FRBRlanguage language="{lang}"/></FRBRExpression></identification>
      <classification source="sdg">
        <keyword value="9" dictionary="SDGO"/>
        <keyword value="digital_divide" dictionary="EuroVoc"/>
        <keyword value="INFORMATION SOCIETY" dictionary="UNBIS Thesaurus"/>
        <keyword value="information_society" dictionary="UNBIS"/>
      </classification></meta>
      <preface><p><docNumber>2030/9.</docNumber>
        <docTitle><span class="bold">A test resolution</span></docTitle></p></preface>
      {body}
      <conclusions><p><inline name="adoptionMeeting">9th plenary meeting</inline></p></conclusions>
    </statement></akomaNtoso>""".encode()


SMALL = _akn(
    """<preamble><formula name="enactingFormula"><p>The Economic and Social Council,</p></formula>
      <container name="Recalling"><p>	<span class="italic">Recalling</span>
        the Summit,<authorialNote marker="1"><p>
        See A/60/687.</p></authorialNote> and its outcomes,</p></container>
      <container name="Noting"><p><span class="italic">Noting</span>   the report,</p></container></preamble>
    <mainBody>
      <paragraph><subheading>Taking stock</subheading></paragraph>
      <paragraph><num>1.</num>
        <content><p><span class="italic">Welcomes</span> progress;</p></content></paragraph>
      <paragraph><num>2.</num><list><intro><p><span class="italic">Calls upon</span> all States:</p></intro>
        <point><num>(a)</num>
          <content><p>To act;<authorialNote marker="2"><p>A/78/62.</p></authorialNote></p></content></point>
        <point><num>(b)</num><content><p>To report.</p></content></point></list></paragraph>
      <paragraph><content><p><span class="bold">The road ahead</span></p></content></paragraph>
      <paragraph><num>3.</num>
        <content><p><span class="italic">Decides</span> to remain seized.</p></content></paragraph>
    </mainBody>"""
)


def test_small_document_ids_kinds_and_text():
    doc = parse_akn(SMALL, {})
    ids = [p.loc for p in doc.paragraphs]
    assert ids == ["PP1", "PP2", "1", "2", "2(a)", "2(b)", "3", "FN1", "FN2"]
    by = {p.loc: p for p in doc.paragraphs}
    assert by["PP1"].kind == PREAMBULAR
    assert by["PP1"].text == "Recalling the Summit, and its outcomes,"  # marker gone, whitespace collapsed
    assert by["PP1"].footnotes == ("FN1",)
    assert by["2"].kind == OPERATIVE and by["2"].text == "Calls upon all States:"
    assert by["2(a)"].kind == SUBPARAGRAPH
    assert by["2(a)"].text == "To act;" and by["2(a)"].chapeau == "Calls upon all States:"
    assert by["2(a)"].footnotes == ("FN2",)
    assert by["FN2"].kind == FOOTNOTE and by["FN2"].text == "A/78/62."
    assert by["1"].section == "Taking stock" and by["3"].section == "The road ahead"


def test_small_document_metadata_and_topics():
    doc = parse_akn(SMALL, {}).document
    assert (doc.symbol, doc.date, doc.body, doc.language) == (
        "E/RES/2030/9",
        "2030-07-01",
        "Economic and Social Council",
        "en",
    )
    assert doc.title == "A test resolution" and doc.source_format == "akn"
    assert doc.topics == ("SDG 9", "EuroVoc:digital divide", "UNBIS:INFORMATION SOCIETY")


def test_catalog_metadata_wins_but_language_comes_from_the_xml():
    doc = parse_akn(
        _akn(
            "<mainBody><paragraph><num>1.</num><content><p>Texte.</p></content></paragraph></mainBody>",
            lang="fra",
        ),
        {"symbol": "E/RES/2030/9", "language": "en", "date": "2030-07-02"},
    ).document
    assert (doc.language, doc.date) == ("fr", "2030-07-02")


def test_annexes_restart_numbering_and_nested_list_stays_in_its_paragraph():
    body = """<mainBody><paragraph><num>1.</num>
    <content><p>Adopts the annexes.</p></content></paragraph></mainBody>
    <attachments><attachment><doc name="annex"><mainBody>
      <paragraph><subheading>Annex I</subheading></paragraph>
      <paragraph><num>1.</num><content><p>First.</p></content></paragraph>
      <paragraph><num>2.</num><content><p>We will pursue the following objectives:</p></content></paragraph>
      <paragraph><num>1.</num><content><p>Close divides;</p></content></paragraph>
      <paragraph><num>2.</num><content><p>Expand inclusion.</p></content></paragraph>
      <paragraph><num>3.</num><content><p>Third.</p></content></paragraph>
      <paragraph><subheading>Annex II</subheading></paragraph>
      <paragraph><content><p>We, the Heads of State,</p></content></paragraph>
      <paragraph><num>1.</num><content><p>Principle one.</p></content></paragraph>
      <paragraph><content><p>(a) Take note;</p></content></paragraph>
    </mainBody></doc></attachment></attachments>"""
    doc = parse_akn(_akn(body, uri="/akn/un/statement/deliberation/unga/2030-09-22/85-1/"), {})
    by = {p.loc: p for p in doc.paragraphs}
    assert doc.document.symbol == "A/RES/85/1" and doc.document.body == "General Assembly"
    assert list(by) == ["1", "ANNEXI.1", "ANNEXI.2", "ANNEXI.3", "ANNEXII.U1", "ANNEXII.1", "ANNEXII.1(a)"]
    assert (
        by["ANNEXI.2"].text
        == "We will pursue the following objectives: 1. Close divides; 2. Expand inclusion."
    )
    assert by["ANNEXII.1(a)"].text == "Take note;"


def test_order_counts_from_one_as_in_every_other_format():
    """AKN feeds the same id assigner as the text formats: reading order from 1, footnotes last."""
    doc = read_file(next((CORPUS / "akn" / "en").glob("*.xml")), {})
    assert [p.order for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    kinds = [p.kind for p in doc.paragraphs]
    assert FOOTNOTE not in kinds or kinds[kinds.index(FOOTNOTE):] == [FOOTNOTE] * kinds.count(FOOTNOTE)


def test_arabic_numbers_letters_and_footnote_parentheses():
    body = """<mainBody>
      <paragraph><num>1 -</num>
        <content><p>يرحب بالتقدم<sup>(</sup><authorialNote marker="1"><p>	()	انظر A/60/687.</p>
        </authorialNote><sup>)</sup>، ويشجع</p></content></paragraph>
      <paragraph>
        <content><p>	2 –<span class="bold italic">	يقرر</span> أن يبقي المسألة قيد نظره.</p></content>
      </paragraph>
      <paragraph><num>3 -</num><list><intro><p>يهيب:</p></intro>
        <point><num>(أ)</num><content><p>أولا؛</p></content></point>
        <point><num>(ب)</num><content><p>ثانيا.</p></content></point></list></paragraph></mainBody>"""
    by = {p.loc: p for p in parse_akn(_akn(body, lang="ara"), {}).paragraphs}
    assert list(by) == ["1", "2", "3", "3(a)", "3(b)", "FN1"]
    assert by["1"].text == "يرحب بالتقدم، ويشجع" and by["1"].footnotes == ("FN1",)
    assert by["2"].text == "يقرر أن يبقي المسألة قيد نظره."
    assert by["FN1"].text == "انظر A/60/687."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("\t12.", "12", id="english"),
        pytest.param("12 -", "12", id="arabic"),
        pytest.param("(a)", "a", id="letter"),
        pytest.param("b)", "b", id="french-letter"),
        pytest.param("(ج)", "c", id="arabic-letter"),
        pytest.param("II.", "II", id="roman"),
    ],
)
def test_parse_num(raw, expected):
    assert parse_num(raw) == expected


@pytest.mark.parametrize(
    ("heading", "numeral"),
    [
        ("Annex I", "I"),
        ("Annexe II", "II"),
        ("Anexo III", "III"),
        ("Приложение I", "I"),
        ("المرفق الثاني", "II"),
        ("附件一", "I"),
        ("Objectives", None),
    ],
)
def test_annex_numeral(heading, numeral):
    assert annex_numeral(heading) == numeral


def test_symbol_from_frbr():
    assert symbol_from_frbr("/akn/un/statement/deliberation/unga/2025-12-17/80-173/!main/") == "A/RES/80/173"
    assert symbol_from_frbr("/akn/un/statement/deliberation/unecosoc/2023-06-07/2023-3/") == "E/RES/2023/3"


def test_bad_files_raise_read_error(tmp_path: Path):
    with pytest.raises(ReadError, match="well-formed"):
        parse_akn(SMALL[:-40], {})
    with pytest.raises(ReadError, match="Akoma Ntoso"):
        parse_akn(b"<html><body>hello</body></html>", {})
    empty = tmp_path / "x.xml"
    empty.write_bytes(b"")
    from index.readers import akn

    with pytest.raises(ReadError):
        akn.read(empty, {})


# ---------------------------------------------------------------- the UN's files


def _catalog() -> list[dict]:
    return json.loads((CORPUS / "catalog.json").read_text())


def _six_language_docs() -> list[dict]:
    return [d for d in _catalog() if len(d["files"].get("akn", {})) == 6]


def _md_and_xml_docs() -> list[dict]:
    return [d for d in _catalog() if "md" in d["files"] and "en" in d["files"].get("akn", {})]


def _read_xml(rel: str):
    from index.readers import akn

    return akn.read(CORPUS / rel, {})


def test_e_res_2023_3_english():
    doc = _read_xml("akn/en/E_RES_2023_3_E.xml")
    d = doc.document
    assert (d.symbol, d.date, d.body, d.language) == (
        "E/RES/2023/3",
        "2023-06-07",
        "Economic and Social Council",
        "en",
    )
    assert d.title.startswith("Assessment of the progress made")
    assert "SDG 17" in d.topics and "UNBIS:INFORMATION SOCIETY" in d.topics
    kinds = Counter(p.kind for p in doc.paragraphs)
    assert kinds == {PREAMBULAR: 10, OPERATIVE: 110, SUBPARAGRAPH: 4, FOOTNOTE: 15}
    by = {p.loc: p for p in doc.paragraphs}
    assert by["100(a)"].chapeau.startswith("Calls upon United Nations organizations")
    assert by["100(a)"].text.startswith("Encourages Member States")
    assert by["4"].footnotes == ("FN4", "FN5")
    assert by["PP5"].text.endswith(
        "Universal Declaration of Human Rights, and assessed progress made to date, "
        "identified gaps and challenges and made recommendations for the future,"
    )
    assert by["100"].section == "The road ahead"
    assert all(p.topics == d.topics and p.symbol == "E/RES/2023/3" for p in doc.paragraphs)


def test_pact_for_the_future_annexes():
    by = {p.loc: p for p in _read_xml("akn/en/A_RES_79_1-2416433E.xml").paragraphs}
    assert "84(b)" in by and "85" not in by
    assert by["ANNEXI.12"].text.startswith("To fully harness the benefits of digital connectivity")
    assert by["ANNEXI.13(a)"].chapeau == "We commit, by 2030, to:"
    assert "ANNEXI.74" in by and "ANNEXI.75" not in by
    assert "ANNEXI.8" in by and by["ANNEXI.8"].section == "Principles"
    objectives = by["ANNEXI.7"].text
    assert objectives.startswith("To achieve our goal, we will pursue the following objectives:")
    assert "5. Enhance international governance of artificial intelligence" in objectives
    # The annex's opening line is not a preambular clause; its "Reaffirming ..." paragraphs are.
    assert by["ANNEXII.U1"].text.startswith("We, the Heads of State and Government and high representatives")
    assert by["ANNEXII.PP1"].text.startswith("Reaffirming our commitments to the purposes and principles")
    assert by["ANNEXII.5"].text.startswith("A clean, healthy and sustainable environment")
    assert by["ANNEXII.32(c)"].text.startswith("Request the Secretary-General to present a report")
    assert [loc for loc in by if loc.startswith("FN")] == [f"FN{n}" for n in range(1, 27)]


@pytest.mark.parametrize("entry", _six_language_docs(), ids=lambda d: d["symbol"])
def test_six_language_versions_share_paragraph_ids(entry):
    versions = {lang: _read_xml(rel) for lang, rel in entry["files"]["akn"].items()}
    assert set(versions) == {"en", "fr", "es", "ar", "zh", "ru"}
    english = [p.loc for p in versions["en"].paragraphs]
    for lang, doc in versions.items():
        assert doc.document.language == lang and doc.document.symbol == entry["symbol"]
        assert [p.loc for p in doc.paragraphs] == english, lang
        assert all(p.language == lang and p.text for p in doc.paragraphs)
        # Same footnotes cited; a translation may attach one to the neighbouring paragraph
        # (A/RES/80/173: footnote 10 is in para. 71 in English, para. 72 in Arabic).
        cited = sorted(fn for p in doc.paragraphs for fn in p.footnotes)
        assert cited == sorted(fn for p in versions["en"].paragraphs for fn in p.footnotes), lang
    scripts = {
        "fr": r"[éèàçô]",
        "es": r"[ñáéíóú]",
        "ru": r"[а-яА-Я]",
        "ar": r"[\u0600-\u06ff]",
        "zh": r"[\u4e00-\u9fff]",
    }
    for lang, pattern in scripts.items():
        text = " ".join(p.text for p in versions[lang].paragraphs)
        assert len(re.findall(pattern, text)) > 500, lang
        assert "\ufffd" not in text


def test_read_file_dispatches_xml_to_the_akn_reader():
    doc = read_file(CORPUS / "akn/en/E_RES_2023_3_E.xml", {})
    assert doc.document.source_format == "akn"


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("entry", _md_and_xml_docs(), ids=lambda d: d["symbol"])
def test_markdown_and_xml_give_the_same_paragraphs(entry):
    """The core of issue 6: both renderings of a resolution index to the same ids and text."""
    meta = {k: entry[k] for k in ("symbol", "title", "body", "date") if k in entry}
    md = read_file(CORPUS / entry["files"]["md"], meta)
    xml = read_file(CORPUS / entry["files"]["akn"]["en"], meta)
    assert [p.id for p in xml.paragraphs] == [p.id for p in md.paragraphs]
    differing = [
        p.id for p, q in zip(xml.paragraphs, md.paragraphs, strict=True) if _norm(p.text) != _norm(q.text)
    ]
    assert differing == []
