"""Ranking helpers: boilerplate by form, families and the current position, tokens as written, fusion weights,
documents named by year, and the corpus-learned lexicon."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.boilerplate import asks_for_boilerplate, is_boilerplate
from assistant.families import asks_current, asks_history
from assistant.lexicon import Lexicon
from assistant.question import parse_question, resolution_years
from assistant.retrieval import Fusion
from assistant.types import Hit
from index.paragraph import OPERATIVE, PREAMBULAR, Paragraph
from index.text import tokenize


def _p(text: str, kind: str = PREAMBULAR, **kw) -> Paragraph:
    base = {"symbol": "A/RES/85/1", "loc": "PP3", "kind": kind, "text": text, "order": 1,
            "body": "General Assembly", "date": "2030-12-20"}
    base.update(kw)
    return Paragraph(**base)


@pytest.mark.parametrize(
    ("paragraph", "formula"),
    [
        pytest.param(_p("Recalling its resolutions 56/183 of 21 December 2001, 57/238 of 20 December 2002, "
                        "57/270 B of 23 June 2003 and 60/252 of 27 March 2006,"), True, id="recital-list"),
        pytest.param(_p("Adopts the following outcome document:", kind=OPERATIVE, loc="1"), True, id="adoption"),
        pytest.param(_p("We, the Ministers and heads of delegations, gathered in New York,", kind=OPERATIVE,
                        loc="1"), True, id="opening-formula"),
        pytest.param(_p("Decides to include in the provisional agenda of its eighty-sixth session the item "
                        "entitled “Information and communications technologies”", kind=OPERATIVE, loc="40"),
                     True, id="agenda-item"),
        pytest.param(_p("Recalling its resolution 78/132 of 19 December 2023 on information and communications "
                        "technologies for sustainable development, as well as previous resolutions on the issue,"),
                     True, id="recital-naming-a-resolution-by-title"),
        pytest.param(_p("Recalling General Assembly resolution 70/1 of 25 September 2015, entitled “Transforming our "
                        "world: the 2030 Agenda for Sustainable Development”,"), True, id="recital-entitled"),
        pytest.param(_p("Recalling further General Assembly resolution 75/202 of 21 December 2020 on information and "
                        "communications technologies for sustainable development, in which the Assembly recognized "
                        "the important role of information and communications technologies,"), False,
                     id="recital-saying-what-the-resolution-did"),
        pytest.param(_p("Recalling also its resolution 2006/46 of 28 July 2006 on the follow-up to the World Summit "
                        "and the mandate that it gave to the Commission,"), False, id="recital-naming-a-mandate"),
        pytest.param(_p("Recalling the importance of bridging the digital divide between and within countries,"),
                     False, id="recital-with-substance"),
        pytest.param(_p("Urges Member States to close the gender digital divide;", kind=OPERATIVE, loc="7"), False,
                     id="operative-substance"),
    ],
)
def test_boilerplate_by_form(paragraph, formula):
    assert is_boilerplate(paragraph) is formula


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        pytest.param("Which resolution welcomed the report Our Common Agenda?", True, id="which-resolution"),
        pytest.param("What does resolution 79/325 establish?", True, id="number"),
        pytest.param("¿Qué resolución fijó el mandato del Grupo?", True, id="es"),
        pytest.param("Roughly how many people were online, according to ECOSOC's 2022 resolution?", False,
                     id="names-a-document-only"),
        pytest.param("What does the Compact say about data?", False, id="topic"),
    ],
)
def test_asks_for_boilerplate(question, asks):
    assert asks_for_boilerplate(question) is asks


@pytest.mark.parametrize(
    ("question", "first"),
    [
        pytest.param("When did the Council first encourage entrepreneurs?", True, id="first"),
        pytest.param("¿En qué año empezó el ECOSOC a alentar la participación?", True, id="es-empezo"),
        pytest.param("Depuis quand le Conseil encourage-t-il les entrepreneurs ?", True, id="fr-depuis-quand"),
        pytest.param("What has the Council said since 2018?", False, id="since-a-year"),
        pytest.param("What does the Council encourage?", False, id="plain"),
    ],
)
def test_first_appearance_questions(question, first):
    from assistant.families import asks_first

    assert asks_first(question) is first


@pytest.mark.parametrize(
    ("question", "current", "history"),
    [
        pytest.param("Is the IGF permanent now?", True, False, id="now"),
        pytest.param("What is the latest position on data governance?", True, False, id="latest"),
        pytest.param("How has the language on the digital gender divide evolved since 2018?", False, True,
                     id="evolved-since"),
        pytest.param("How did the figures change between 2021 and 2022?", False, True, id="between-years"),
        pytest.param("What does the Compact say about data?", False, False, id="plain"),
    ],
)
def test_current_and_history_questions(question, current, history):
    assert asks_current(question) is current
    assert asks_history(question) is history


def test_family_takes_one_slot_and_the_question_picks_the_member(seed_assistant, monkeypatch):
    """Three years of the same paragraph: one slot; 'now' speaks with the latest, a named year with its own,
    a question about change with the best-ranked (its answer quotes the years: `assistant.history`)."""
    from assistant import families

    retriever = seed_assistant.retriever
    p = seed_assistant.index.get("E/RES/2012/5:28")
    later = [replace(p, symbol=f"E/RES/{y}/9", date=f"{y}-07-20") for y in (2023, 2025)]
    members = (p, *later)
    fams = families.Families({(m.id, m.language): members for m in members})
    monkeypatch.setattr("assistant.retrieval.families_of", lambda index: fams)
    hits = [Hit(m, 1.0 - i / 10) for i, m in enumerate((later[0], p, later[1]))]
    plain = retriever.collapse_families(hits, "What about e-government?", parse_question("What about e-government?"))
    assert [h.paragraph.symbol for h in plain] == ["E/RES/2023/9"] and len(plain[0].family) == 3
    now = retriever.collapse_families(hits, "What is said about e-government now?", parse_question("now?"))
    assert now[0].paragraph.symbol == "E/RES/2025/9"
    q = "What did the Council say about e-government in 2012?"
    assert retriever.collapse_families(hits, q, parse_question(q))[0].paragraph.symbol == "E/RES/2012/5"
    q = "When did the Council first call for e-government?"
    assert retriever.collapse_families(hits, q, parse_question(q))[0].paragraph.symbol == "E/RES/2012/5"
    q = "How has the language on e-government evolved since 2012?"
    history = retriever.collapse_families(hits, q, parse_question(q))
    # one slot, the best-ranked member leads, and the family goes along for the answer's timeline
    assert [h.paragraph.symbol for h in history] == ["E/RES/2023/9"] and len(history[0].family) == 3


@pytest.mark.parametrize(
    ("text", "token"),
    [
        pytest.param("e-waste", "e-wast", id="e-waste"),
        pytest.param("e\u2011waste", "e-wast", id="non-breaking-hyphen"),
        pytest.param("electronic waste", "electron", id="electronic"),
        pytest.param("SDG target 9.c", "9.c", id="target"),
        pytest.param("the WSIS+20 review", "wsis+20", id="wsis+20"),
        pytest.param("ICT4D", "ict4d", id="ict4d"),
        pytest.param("63% of women", "cent", id="percent"),
    ],
)
def test_tokens_as_the_documents_write_them(text, token):
    assert token in tokenize(text)


def test_e_waste_question_and_electronic_waste_paragraph_share_tokens():
    assert {"wast", "electron"} <= set(tokenize("Tell me about e-waste.")) & set(tokenize("electronic waste"))


def test_fusion_weights_follow_the_keyword_match():
    fusion = Fusion(intercept=-2.0, match=12.0, rare=0.0)
    assert fusion.keyword_weight({"kw_match": 0.0}) < 0.3  # everyday words: the dense side leads
    assert fusion.keyword_weight({"kw_match": 0.8}) > 1.9  # the documents' own terms: the keyword side leads
    assert Fusion().keyword_weight({"kw_match": 0.5}) == 1.0  # unfitted: plain reciprocal rank fusion


@pytest.mark.parametrize(
    ("question", "years"),
    [
        pytest.param("Roughly how many people were online in 2021, according to ECOSOC's 2022 resolution?", [2022],
                     id="possessive"),
        pytest.param("How did it change between its 2024 and 2025 WSIS resolutions?", [2024, 2025], id="two"),
        pytest.param("Dans sa résolution de 2025 sur le SMSI", [2025], id="fr"),
        pytest.param("What happened in 2021?", [], id="year-without-resolution"),
    ],
)
def test_resolution_years(question, years):
    assert resolution_years(question) == years


def test_lexicon_learns_translations_from_parallel_paragraphs():
    def pair(n: int, en: str, fr: str) -> list[Paragraph]:
        common = {"symbol": "A/RES/85/1", "loc": str(n), "kind": OPERATIVE, "order": n}
        return [Paragraph(text=en, language="en", **common), Paragraph(text=fr, language="fr", **common)]

    paras = (pair(1, "Data governance matters.", "La gouvernance des données compte.")
             + pair(2, "Data flows across borders.", "Les flux de données traversent les frontières.")
             + pair(3, "Governance of artificial intelligence.", "La gouvernance de l'intelligence artificielle."))
    lexicon = Lexicon(paras)
    assert "data" in lexicon.translate(tokenize("données", "fr"), "fr", "en")
    assert "govern" in lexicon.translate(tokenize("gouvernance", "fr"), "fr", "en")
    # a stem no parallel paragraph pairs ("commissions" stems to "comm") is kept for searching, left out for judging
    unknown = tokenize("commissions", "fr")
    assert lexicon.translate(unknown, "fr", "en") == unknown
    assert lexicon.translate(unknown, "fr", "en", keep_unknown=False) == []


def test_e_prefix_is_spelled_out_for_the_embeddings():
    from assistant.retrieval import spell_out_e_prefix

    assert spell_out_e_prefix("Tell me about e-waste.") == "Tell me about e-waste. (electronic waste)"
    assert spell_out_e_prefix("no prefix here") == "no prefix here"


@pytest.mark.parametrize(
    ("question", "embedded"),
    [
        pytest.param("What does the Pact for the Future say about Indigenous and traditional knowledge?",
                     "Indigenous and traditional knowledge", id="frame-dropped"),
        pytest.param("Tell me about e-waste.", "e-waste", id="tell-me-about"),
        pytest.param("Where was the Internet Governance Forum held in 2012?",
                     "the Internet Governance Forum held in 2012", id="wh-prefix-dropped"),
        pytest.param("broadband", "broadband", id="bare-topic-kept"),
        pytest.param("Does the Compact talk about satellites for villages, and about undersea cables?",
                     "satellites for villages, and about undersea cables", id="every-part-after-the-first-about"),
    ],
)
def test_dense_side_embeds_what_the_question_is_about(question, embedded):
    from assistant.retrieval import dense_text

    assert dense_text(question) == embedded


@pytest.mark.parametrize(
    ("question", "symbols"),
    [
        pytest.param("What does the WSIS+20 outcome say about keeping the Pact for the Future and the Global "
                     "Digital Compact coherent?", ["A/RES/80/173"], id="the-document-that-speaks"),
        pytest.param("How does the Global Digital Compact relate to the WSIS+20 outcome document?",
                     ["A/RES/79/1", "A/RES/80/173"], id="two-documents-compared"),
        pytest.param("What does the Global Digital Compact say about AI?", ["A/RES/79/1"], id="one"),
    ],
)
def test_named_documents_in_question_order(question, symbols):
    assert parse_question(question).symbols == symbols
