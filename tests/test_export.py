"""Word briefing notes: each file is opened again with python-docx and its text, quotes and citations read."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from assistant.compare import compare
from assistant.export import comparison_docx, conversation_docx, conversation_docx_bytes, long_date, precedent_docx
from assistant.precedent import PrecedentIndex, families
from assistant.types import QUOTED, Answer, Citation
from index.paragraph import Paragraph

TODAY = dt.date(2026, 12, 7)
OLD = ("Urges all stakeholders to continue to cooperate in bridging the digital divides between and within countries;",
       "Requests the Secretary-General to submit a report on the implementation of the present resolution;")
NEW = ("Urges all stakeholders to cooperate in bridging all digital divides between and within countries;",
       "Requests the Secretary-General to submit a report on the implementation of the present resolution;",
       "Welcomes the holding of the Internet Governance Forum in Lillestrøm, Norway, in June 2025;")


def para(symbol: str, loc: str, text: str, date: str, order: int = 1) -> Paragraph:
    return Paragraph(symbol=symbol, loc=loc, kind="operative", text=text, order=order,
                     body="Economic and Social Council", date=date, title="Assessment of the progress made")


def doc_of(symbol: str, texts, date: str) -> list[Paragraph]:
    return [para(symbol, str(n), t, date, n) for n, t in enumerate(texts, start=1)]


def text_of(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("2025-12-17", "17 December 2025", id="iso"),
    pytest.param(dt.date(2024, 7, 23), "23 July 2024", id="date"),
    pytest.param("2012", "2012", id="year"),
    pytest.param("", "date unknown", id="empty"),
])
def test_long_date(value, expected):
    assert long_date(value) == expected


def test_conversation_note_has_title_date_corpus_quotes_sources_and_abstentions(tmp_path):
    p71 = para("E/RES/2025/18", "71", NEW[2], "2025-07-29")
    answered = Answer(question="Where is the IGF in 2025?", searched_question="Where is the IGF in 2025?",
                      text="In Lillestrøm, Norway [1].",
                      citations=[Citation(marker=1, paragraph=p71, quote=p71.text, status=QUOTED)])
    abstained = Answer(question="What is the budget of the IGF?", searched_question="What is the budget of the IGF?",
                       text="The documents do not say.", abstained=True)
    path = conversation_docx([answered, abstained], tmp_path / "note.docx", corpus="2 documents", today=TODAY)
    lines = text_of(path)
    assert lines[0] == "WSIS Assistant conversation"
    assert "Date: 7 December 2026" in lines and "Indexed corpus: 2 documents" in lines
    assert "Question 1: Where is the IGF in 2025?" in lines and "In Lillestrøm, Norway [1]." in lines
    assert f"“{NEW[2]}” (E/RES/2025/18, para. 71 [1])" in lines
    i = lines.index("Question 2: What is the budget of the IGF?")
    assert lines[i + 1] == "The assistant abstained: the indexed documents do not answer this question."
    assert lines[lines.index("Sources") + 1] == "[1] E/RES/2025/18, 29 July 2025, Economic and Social Council"
    assert conversation_docx_bytes([answered], today=TODAY)[:2] == b"PK"  # a zip: what the download button sends


def test_comparison_note_marks_changed_words(tmp_path):
    c = compare(doc_of("E/RES/2024/13", OLD, "2024-07-23"), doc_of("E/RES/2025/18", NEW, "2025-07-29"))
    path = comparison_docx(c, tmp_path / "compare.docx", corpus="2 documents", today=TODAY)
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Comparison of E/RES/2024/13 and E/RES/2025/18"
    assert "E/RES/2024/13 [1] (23 July 2024) compared with E/RES/2025/18 [2] (29 July 2025), language: en." in lines
    assert c.summary == "1 paragraphs unchanged, 1 changed, 1 new, 0 dropped" and c.summary in lines
    assert "changed: E/RES/2024/13, para. 1 → E/RES/2025/18, para. 1" in lines
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.font.strike and "continue to" in r.text for r in runs)
    assert any(r.bold and "all" in r.text.split() for r in runs)
    assert "added: E/RES/2025/18, para. 3" in lines and f"“{NEW[2]}” (E/RES/2025/18, para. 3 [2])" in lines
    sources = lines[lines.index("Sources") + 1:]
    assert sources == ["[1] E/RES/2024/13, 23 July 2024, Economic and Social Council", "E/RES/2024/13, para. 1",
                       "[2] E/RES/2025/18, 29 July 2025, Economic and Social Council", "E/RES/2025/18, para. 1",
                       "E/RES/2025/18, para. 3"]  # every changed paragraph, on both sides; no app address, no link


def test_precedent_note_quotes_each_hit_with_its_citation(tmp_path):
    paragraphs = doc_of("E/RES/2024/13", OLD, "2024-07-23") + doc_of("E/RES/2025/18", NEW, "2025-07-29")
    draft = "Urges all stakeholders to cooperate in bridging the digital divides between countries;"
    hits = PrecedentIndex(paragraphs).search(draft, 2)
    assert hits
    path = precedent_docx(draft, hits, families(hits), tmp_path / "precedent.docx", corpus="2 documents",
                          today=TODAY)
    lines = text_of(path)
    assert lines[0] == "Precedent search" and f"Draft: “{draft}”" in lines
    for h in hits:
        assert any(line.startswith(f"“{h.paragraph.text}” ({h.paragraph.label} [") for line in lines)
    assert "Sources" in lines and any(line.endswith(", 29 July 2025, Economic and Social Council") for line in lines)


APP_URL = "http://127.0.0.1:8501"


def test_each_cited_paragraph_links_to_itself_in_the_app(tmp_path):
    from urllib.parse import parse_qsl, urlsplit

    from assistant.ui import start_state

    p71 = para("E/RES/2025/18", "71", NEW[2], "2025-07-29")
    p1 = para("E/RES/2025/18", "1", NEW[0], "2025-07-29")
    answer = Answer(question="Where is the IGF in 2025?", searched_question="Where is the IGF in 2025?",
                    text="In Lillestrøm [1], with all stakeholders [2].",
                    citations=[Citation(marker=1, paragraph=p71, quote=p71.text, status=QUOTED),
                               Citation(marker=2, paragraph=p1, quote=p1.text, status=QUOTED),
                               Citation(marker=3, paragraph=p71, quote=p71.text, status=QUOTED)])
    path = conversation_docx([answer], tmp_path / "note.docx", today=TODAY, app_url=APP_URL + "/")
    document = Document(str(path))
    i = [p.text for p in document.paragraphs].index("Sources")
    listed = document.paragraphs[i + 1:]
    assert listed[0].text == "[1] E/RES/2025/18, 29 July 2025, Economic and Social Council"
    url71, url1 = (f"{APP_URL}/?view=browse&doc=E%2FRES%2F2025%2F18&para={n}" for n in (71, 1))
    assert [p.text for p in listed[1:]] == [f"E/RES/2025/18, para. 71: {url71}",  # once, though cited twice
                                            f"E/RES/2025/18, para. 1: {url1}"]
    assert [h.url for p in listed[1:] for h in p.hyperlinks] == [url71, url1]
    # the address is one the app opens at that paragraph
    start = start_state(dict(parse_qsl(urlsplit(url71).query)))
    assert (start.view, start.browse_doc, start.browse_focus) == ("Browse", "E/RES/2025/18", "E/RES/2025/18:71")
