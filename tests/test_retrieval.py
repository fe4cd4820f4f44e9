"""Question references (pure), hybrid retrieval, filters, direct lookup and abstention on the seed."""

from __future__ import annotations

import pytest

from assistant.question import parse_question, strip_references
from assistant.retrieval import answer_targets, one_per_target
from assistant.types import Hit
from index.corpus_index import Filters
from index.paragraph import OPERATIVE, Paragraph


@pytest.mark.parametrize(
    ("question", "locs", "symbols"),
    [
        pytest.param("What does paragraph 35 say?", [("35", "")], [], id="paragraph"),
        pytest.param("Quote para. 32 (c)", [("32(c)", "")], [], id="para-letter"),
        pytest.param("and para 32(c)?", [("32(c)", "")], [], id="para-glued-letter"),
        pytest.param("What is in OP 36?", [("36", "")], [], id="op"),
        pytest.param("Show operative paragraph 24", [("24", "")], [], id="operative-paragraph"),
        pytest.param("What does preambular paragraph 2 recall?", [("PP2", "")], [], id="preambular"),
        pytest.param("PP3 please", [("PP3", "")], [], id="pp"),
        pytest.param("What is in footnote 6?", [("FN6", "")], [], id="footnote"),
        pytest.param(
            "What is paragraph 20 of resolution 2011/16?", [("20", "E/RES/2011/16")], ["E/RES/2011/16"],
            id="ecosoc-numbering",
        ),
        pytest.param(
            "What is in para 111 of the Tunis Agenda?",
            [("111", "WSIS-05/TUNIS/DOC/6(Rev.1)")], ["WSIS-05/TUNIS/DOC/6(Rev.1)"], id="tunis",
        ),
        pytest.param(
            "What does paragraph 122 of A/RES/80/173 request?", [("122", "A/RES/80/173")], ["A/RES/80/173"],
            id="symbol",
        ),
        pytest.param(
            "What does paragraph 45 of General Assembly resolution 76/189 take note of?",
            [("45", "A/RES/76/189")], ["A/RES/76/189"], id="ga-numbering",
        ),
        pytest.param("What does the WSIS+20 outcome document say about children?", [], ["A/RES/80/173"], id="alias"),
        pytest.param("Que dit le document final de l'examen SMSI+20 sur les enfants ?", [], ["A/RES/80/173"],
                     id="alias-french"),
        pytest.param("¿Qué dice el documento final del examen de la CMSI+20 sobre los niños?", [], ["A/RES/80/173"],
                     id="alias-spanish"),
        pytest.param("Que dit le SMSI+20 sur les enfants ?", [], [], id="summit-name-alone-is-not-the-outcome"),
        pytest.param("What does the resolution say about broadband?", [], [], id="no-reference"),
        pytest.param("What did its 2017 ICT resolution (72/200) note?", [], ["A/RES/72/200"],
                     id="number-in-brackets-after-resolution"),
        pytest.param("what does 79/194 ask the CSTD to do", [], ["A/RES/79/194"], id="bare-ga-number"),
        pytest.param("what did 2012/5 recall", [], ["E/RES/2012/5"], id="bare-ecosoc-number"),
        pytest.param("which topics weren't central in 2003/2005", [], [], id="two-years-are-not-a-number"),
        pytest.param("is the help desk open 24/7", [], [], id="not-a-wsis-era-session"),
        pytest.param("Did the Economic and Social Council cite the Assembly's resolution 78/132?", [], ["A/RES/78/132"],
                     id="a-session-number-is-the-assembly-even-when-the-council-is-named"),
    ],
)
def test_parse_question(question, locs, symbols):
    refs = parse_question(question)
    assert [(r.loc, r.symbol) for r in refs.paragraphs] == locs
    assert refs.symbols == symbols


def test_parse_question_bodies_years_and_annex_prefix():
    refs = parse_question("In its 2023 resolution, what did ECOSOC say about the Global Digital Compact?")
    assert refs.years == [2023]
    assert refs.bodies == ["Economic and Social Council"]
    assert refs.symbols == [] and refs.loc_prefix == ""  # ECOSOC speaks; the Compact is what it speaks of
    refs = parse_question("What does the Global Digital Compact say about data governance?")
    assert refs.symbols == ["A/RES/79/1"] and refs.loc_prefix == "ANNEXI."


@pytest.mark.parametrize(
    ("question", "symbols"),
    [
        pytest.param("What does ECOSOC resolution 2025/18 recommend on bringing the Global Digital Compact into the "
                     "WSIS architecture?", ["E/RES/2025/18"], id="named-resolution-speaks"),
        pytest.param("What does the WSIS+20 outcome say about the Global Digital Compact?", ["A/RES/80/173"],
                     id="first-alias-speaks"),
        pytest.param("What did the General Assembly's 2022 resolution say about the planned global digital compact?",
                     [], id="alias-as-topic-of-a-dated-resolution"),
        pytest.param("What is said about the Global Digital Compact?", ["A/RES/79/1"], id="alias-alone-stays"),
        pytest.param("How did resolution 2018/28 and resolution 2021/28 differ on data?",
                     ["E/RES/2018/28", "E/RES/2021/28"], id="compared-documents-both"),
        pytest.param("What does resolution 2021/28 say, and how did it change from resolution 2018/28?",
                     ["E/RES/2021/28", "E/RES/2018/28"], id="change-question-keeps-both"),
        pytest.param("How did ECOSOC's wording on the Global Digital Compact change between 2024 and 2025?", [],
                     id="change-question-topic-is-still-a-topic"),
    ],
)
def test_the_document_that_speaks(question, symbols):
    assert parse_question(question).symbols == symbols


def test_strip_references_removes_document_numbers():
    assert strip_references("What does paragraph 122 of A/RES/80/173 request?") == "What does of request?"
    assert "20" not in strip_references("How has Internet use changed according to the WSIS+20 outcome document?")


def test_direct_reference_lookup(seed_assistant):
    for question, first in [
        ("What does paragraph 43 note?", "E/RES/2012/5:43"),
        ("Quote para. 32 (c)", "E/RES/2012/5:32(c)"),
        ("What is in OP 36?", "E/RES/2012/5:36"),
        ("preambular paragraph 2", "E/RES/2012/5:PP2"),
        ("What does footnote 6 say?", "E/RES/2012/5:FN6"),
    ]:
        hits = seed_assistant.retrieve(question).hits
        assert hits[0].paragraph.id == first and hits[0].via == "reference", question


def test_paragraph_of_a_document_not_indexed_searches_for_mentions(seed_assistant):
    hits = seed_assistant.retrieve("What does paragraph 20 of resolution 2011/16 say?").hits
    assert all(h.via == "hybrid" for h in hits)
    assert "E/RES/2012/5:20" in [h.paragraph.id for h in hits[:3]]


def test_subparagraph_found_through_its_chapeau_and_text(seed_assistant):
    ids = [h.paragraph.id for h in seed_assistant.retrieve("Partnership on Measuring ICT for Development").hits[:3]]
    assert {"E/RES/2012/5:32(a)", "E/RES/2012/5:32(b)"} & set(ids)


def test_filters_apply_inside_the_stores(seed_assistant):
    index = seed_assistant.index
    pre = seed_assistant.retrieve("Recalling resolutions", Filters(kinds=("preambular",))).hits
    assert pre and all(h.paragraph.kind == "preambular" for h in pre)
    op = seed_assistant.retrieve("capacity-building", Filters(kinds=("operative",))).hits
    assert op and all(h.paragraph.kind in ("operative", "subparagraph") for h in op)
    assert seed_assistant.retrieve("broadband", Filters(symbols=("A/RES/1/1",))).hits == []
    assert seed_assistant.retrieve("broadband", Filters(year_from=2013)).hits == []
    assert seed_assistant.retrieve("broadband", Filters(bodies=("Economic and Social Council",))).hits
    where = index.where(Filters(symbols=("E/RES/2012/5",), kinds=("footnote",), year_from=2010))
    assert where == {"$and": [{"symbol": {"$in": ["E/RES/2012/5"]}}, {"year": {"$gte": 2010}},
                              {"kind": {"$in": ["footnote"]}}]}
    mask = index.mask(Filters(kinds=("footnote",)))
    assert int(mask.sum()) == 7


def test_verb_and_addressee_filters(seed_assistant):
    hits = seed_assistant.retrieve(
        "What is the Secretary-General asked to do?", Filters(verbs=("requests",), addressees=("Secretary-General",))
    ).hits
    assert [h.paragraph.id for h in hits] == ["E/RES/2012/5:34"]


def test_langchain_retriever_returns_documents_with_paragraph_metadata(seed_assistant):
    from assistant.retrieval import ParagraphRetriever

    retriever = ParagraphRetriever(retriever=seed_assistant.retriever, k=3)
    docs = retriever.invoke("Internet Governance Forum in Baku")
    assert len(docs) == 3
    assert docs[0].metadata["id"] == "E/RES/2012/5:35"
    assert docs[0].metadata["label"] == "E/RES/2012/5, para. 35"
    assert docs[0].metadata["symbol"] == "E/RES/2012/5" and "Baku" in docs[0].page_content


def test_two_words_the_documents_write_as_one_join_the_keyword_query(seed_assistant, monkeypatch):
    retriever = seed_assistant.retriever
    known = {"cybersecur": 4, "broadband": 40}
    monkeypatch.setattr(retriever.term_stats, "df", lambda t: known.get(t, 0))
    assert retriever.join_compounds("What about cyber security?", "en") == "What about cyber security? (cybersecurity)"
    assert retriever.join_compounds("What about broad band and e mail?", "en") == \
        "What about broad band and e mail? (broadband)"
    assert retriever.join_compounds("What about data governance?", "en") == "What about data governance?"


# ------------------------------------------------------------------ one answer per named document or year


def _year_hit(symbol: str, year: int, loc: str = "1") -> Hit:
    p = Paragraph(symbol=symbol, loc=loc, kind=OPERATIVE, text=f"Text {symbol} {loc}", order=1,
                  body="Economic and Social Council", date=f"{year}-07-01")
    return Hit(p, 1.0)


@pytest.mark.parametrize(
    ("question", "named", "targets"),
    [
        pytest.param("In 2012 ECOSOC noted a report; which one did its 2025 resolution note?", [], (2012, 2025),
                     id="two-years"),
        pytest.param("Which report did the Assembly note in its 2017 resolution (72/200), and which in its 2025 "
                     "resolution (80/118)?", ["A/RES/72/200", "A/RES/80/118"],
                     ("A/RES/72/200", "A/RES/80/118"), id="two-documents-named-outright"),
        pytest.param("How has the text on broadband changed since 2018?", [], (), id="a-span-is-a-history"),
        pytest.param("How has it changed between 2018 and 2023?", [], (), id="a-span-between-two-years"),
        pytest.param("What did ECOSOC say in 2012?", [], (), id="one-year"),
    ],
)
def test_answer_targets(question, named, targets):
    assert answer_targets(parse_question(question), named, question) == targets


def test_each_named_year_gets_a_slot_in_the_first_hits():
    hits = [_year_hit("E/RES/2025/18", 2025, str(i)) for i in range(6)] + [_year_hit("E/RES/2012/5", 2012)]
    lifted = one_per_target(hits, (2012, 2025), slots=5)
    assert [h.paragraph.year for h in lifted[:5]] == [2025] * 4 + [2012]
    assert sorted(h.paragraph.id for h in lifted) == sorted(h.paragraph.id for h in hits)
    assert one_per_target(hits, (), slots=5) == hits
    assert one_per_target(hits, (2025, 2019), slots=5) == hits  # a year with no hit moves nothing
