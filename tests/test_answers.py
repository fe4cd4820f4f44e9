"""`Assistant.ask` end to end on real indexes: the seed, and the seed plus the language-tool fixtures."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from assistant.types import QUOTED
from index.corpus_index import Filters
from tests.support.cli_run import wsis
from tests.support.shared_paths import PROJECT, write_seed_corpus

FIXTURES = PROJECT / "tests" / "fixtures" / "langtools"


@pytest.fixture(scope="module")
def tools_assistant(tmp_path_factory):
    """Seed + three fixture years of one paragraph + a Tunis-Agenda-style document numbered throughout."""
    from assistant.assistant import Assistant
    from index.build import build_index
    from index.settings import load_settings

    corpus = tmp_path_factory.mktemp("tools-corpus")
    write_seed_corpus(corpus)
    for f in FIXTURES.glob("*.md"):
        shutil.copy(f, corpus)
    settings = load_settings(index_dir=tmp_path_factory.mktemp("tools-index"), corpus_dir=corpus)
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    return Assistant(settings)


def test_operative_paragraph_reads_as_a_sentence_of_its_body(seed_assistant):
    answer = seed_assistant.ask("What is the Secretary-General urged to do about the Internet Governance Forum?")
    assert not answer.abstained
    first = answer.citations[0]
    assert first.id == "E/RES/2012/5:35" and first.status == QUOTED
    assert answer.text.startswith(
        "In E/RES/2012/5 (2012), the Economic and Social Council urges the Secretary-General to ensure"
    )
    assert "Baku, Azerbaijan" in answer.text and "[1]" in answer.text
    # nothing but framing words outside the cited paragraphs' own words
    for c in answer.citations:
        for piece in c.quote.split(" … "):
            assert piece in c.paragraph.text


def test_every_sentence_carries_a_citation(seed_assistant):
    answer = seed_assistant.ask("What does the resolution say about capacity development?")
    sentences = [s for s in re.split(r"(?<=\])\.\s+", answer.text) if s.strip()]
    assert sentences and all(re.search(r"\[\d+\]", s) for s in sentences)


def test_unanswerable_question_abstains_with_closest_passages(seed_assistant):
    answer = seed_assistant.ask("How many delegates attended the Internet Governance Forum in Baku?")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("The indexed documents do not say.")
    assert answer.hits and "delegates" in answer.notes[0]


def test_filter_excluding_everything_abstains(seed_assistant):
    answer = seed_assistant.ask("What is said about broadband?", filters=Filters(year_from=2020))
    assert answer.abstained and answer.hits == []


def test_follow_up_is_rewritten_and_shown(seed_assistant):
    first = seed_assistant.ask("What does the resolution say about the Internet Governance Forum?")
    follow = seed_assistant.ask("what about paragraph 36?", history=[first])
    assert follow.rewritten and "E/RES/2012/5" in follow.searched_question
    assert follow.citations[0].id == "E/RES/2012/5:36"


def test_glossary_question_is_answered_with_its_source(tools_assistant):
    answer = tools_assistant.ask("What is UNGIS?")
    assert answer.text.startswith("UNGIS: United Nations Group on the Information Society [1]")
    assert answer.citations[0].id == "E/RES/2012/5:1"
    assert "United Nations Group on the Information Society" in answer.citations[0].paragraph.text


def test_paragraph_that_reaffirms_others_quotes_them(tools_assistant):
    answer = tools_assistant.ask("What does paragraph 21 of resolution 2012/5 reaffirm?")
    ids = [c.id for c in answer.citations]
    assert ids[0] == "E/RES/2012/5:21"
    tunis = [f"WSIS-05/TUNIS/DOC/6(Rev.1):{n}" for n in (34, 35, 36, 37, 67, 68, 69, 70, 71, 72)]
    assert [i for i in ids if i.startswith("WSIS-05")] == tunis
    assert all(f"[{c.marker}]" in answer.text for c in answer.citations)


def test_precedent_question_names_the_earliest_use_and_later_ones(tools_assistant):
    p30 = tools_assistant.index.get("E/RES/2030/1:1").text
    draft = " ".join(p30.split()[:18])
    answer = tools_assistant.ask(f'Where was this language agreed before: "{draft}"?')
    ids = [c.id for c in answer.citations]
    assert ids[0] == "E/RES/2030/1:1"
    assert answer.text.startswith("Earliest in the indexed documents: E/RES/2030/1, para. 1 (")
    dates = [c.paragraph.date for c in answer.citations]
    assert dates == sorted(dates)


def test_verb_and_addressee_question_finds_requests_to_the_secretary_general(tools_assistant):
    hits = tools_assistant.ask("What is the Secretary-General requested to do?").hits[:3]
    assert {"E/RES/2012/5:34", "E/RES/2030/1:3"} <= {h.paragraph.id for h in hits}


def _wsis(*args, index_dir):
    return wsis(*args, "--index-dir", str(index_dir))


def test_cli_ask_json(seed_index_dir):
    out = _wsis("ask", "What are countries urged to do about the Monterrey Consensus?", "--json",
                index_dir=seed_index_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"answer", "citations", "retrieved", "searched_question", "abstained"}
    assert data["citations"][0] == {
        "marker": 1, "id": "E/RES/2012/5:31", "label": "E/RES/2012/5, para. 31",
        "quote": data["citations"][0]["quote"], "status": "quoted",
    }
    assert all({"id", "score"} <= set(r) for r in data["retrieved"])


SEED_QUESTIONS = [
    {"id": "s1", "question": "What does the Council note about the regional commissions?",
     "gold": ["E/RES/2012/5:3"], "answer_contains": ["regional commissions"], "answerable": True},
    {"id": "s2", "question": "How many delegates attended the 2011 Internet Governance Forum?",
     "gold": [], "answer_contains": [], "answerable": False},
]


def test_cli_eval_json_shape(seed_index_dir, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in SEED_QUESTIONS), encoding="utf-8")
    out = _wsis("eval", str(questions), "--json", index_dir=seed_index_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("recall@1", "recall@3", "recall@5", "mrr", "answer_contains", "citation_precision",
                "abstention_accuracy", "retrieval_ms_p50", "retrieval_ms_p95", "ask_ms_p50", "ask_ms_p95"):
        assert isinstance(data[key], float), key
    assert len(data["questions"]) == len(SEED_QUESTIONS)
    q = data["questions"][0]
    assert set(q) >= {"id", "retrieved", "citations", "answer", "abstained"} and len(q["retrieved"]) >= 10


def test_cli_reports_missing_index_without_traceback(tmp_path):
    out = _wsis("ask", "anything", index_dir=tmp_path / "none")
    assert out.returncode == 2
    assert "no index at" in out.stderr and "wsis index" in out.stderr and "Traceback" not in out.stderr


def test_answer_weights_come_from_the_fitted_file():
    """`scripts/fit_answers.py` writes the clause-ranking weights; the assistant reads them, nothing hard-coded."""
    import json

    from assistant import assistant as module

    fitted = json.loads(module.ANSWERS_PATH.read_text(encoding="utf-8"))
    assert (fitted["close_share"], fitted["clause_weight"], fitted["neighbour_share"],
            fitted["overview_citations"]) == (
        module.CLOSE_SHARE, module.CLAUSE_WEIGHT, module.NEIGHBOUR_SHARE, module.OVERVIEW_CITATIONS)
    assert not {"rank_decay", "recency_decay", "type_bonus"} & set(fitted)  # learned by the clause model now


def test_sources_lead_with_what_the_answer_cites():
    """The answer may quote the third passage retrieved: the sources list it first, then the rest in order;
    a cited paragraph retrieval did not return (another year's family member) joins the list."""
    from assistant.assistant import cited_first
    from assistant.types import Citation, Hit
    from index.paragraph import OPERATIVE, Paragraph

    def p(loc: str, symbol: str = "E/RES/2030/1") -> Paragraph:
        return Paragraph(symbol=symbol, loc=loc, kind=OPERATIVE, text=f"Notes item {loc}.", order=int(loc))

    hits = [Hit(p(n), 1.0 / int(n)) for n in ("1", "2", "3", "4")]
    older = p("3", "E/RES/2029/1")
    citations = [Citation(1, hits[2].paragraph, "Notes item 3"), Citation(2, older, "Notes item 3"),
                 Citation(3, hits[2].paragraph, "Notes item 3")]
    ordered = cited_first(hits, citations)
    assert [h.paragraph.id for h in ordered] == ["E/RES/2030/1:3", "E/RES/2029/1:3", "E/RES/2030/1:1",
                                                 "E/RES/2030/1:2", "E/RES/2030/1:4"]
    assert ordered[0] is hits[2] and ordered[1].score == 0.0
    assert cited_first(hits, []) == hits


def test_only_passages_naming_the_asked_place_answer():
    """The Forum held in Lillestrøm does not answer a question about the one held in Katowice, however
    similar; with no passage naming the place, nothing is filtered (the abstention rule decides)."""
    from assistant.assistant import _naming_the_places
    from assistant.types import Hit
    from index.paragraph import OPERATIVE, Paragraph

    def hit(loc: str, text: str) -> tuple[tuple[str, str], Hit]:
        p = Paragraph(symbol="E/RES/2030/1", loc=loc, kind=OPERATIVE, text=text, order=int(loc))
        return (p.id, p.language), Hit(p, 1.0)

    oslo = dict([hit("1", "Notes the Forum held in Oslo, Norway, under the theme “Building governance together”")])
    katowice = dict([hit("2", "Notes the Forum organized in Katowice, Poland, under the theme “Internet united”")])
    both = {**oslo, **katowice}
    assert list(_naming_the_places(both, "What was the theme of the Forum held in Katowice?")) == list(katowice)
    assert _naming_the_places(both, "What was the theme of the Forum?") == both  # no place named
    assert _naming_the_places(oslo, "What was the theme of the Forum held in Katowice?") == oslo


def test_a_named_year_answers_from_that_year():
    """"Back in 2012 …" is answered from 2012 (or from a passage that writes the year: the meeting held in 2021
    is recorded by the 2022 resolution); a year that bounds a span names no answer."""
    from assistant.assistant import _of_the_year
    from assistant.types import Hit
    from index.paragraph import OPERATIVE, Paragraph

    def hit(symbol: str, date: str, text: str) -> tuple[tuple[str, str], Hit]:
        p = Paragraph(symbol=symbol, loc="1", kind=OPERATIVE, text=text, order=1, date=date)
        return (p.id, p.language), Hit(p, 1.0)

    old = dict([hit("E/RES/2012/5", "2012-07-24", "Notes that more than half of the world's inhabitants …")])
    new = dict([hit("E/RES/2021/28", "2021-07-22", "Welcomes that almost two thirds of the world's inhabitants …")])
    dated = dict([hit("E/RES/2022/15", "2022-07-21", "Notes the Forum held in Katowice in December 2021")])
    every = {**old, **new, **dated}
    assert list(_of_the_year(every, "Back in 2012, what share of people had access?")) == list(old)
    assert list(_of_the_year(every, "What was the theme of the Forum held in December 2021?")) == list(new) + list(
        dated)
    assert _of_the_year(every, "How has the share of people with access changed since 2012?") == every
    assert _of_the_year(every, "What changed between 2012 and 2021?") == every
    assert _of_the_year(new, "Back in 2012, what share of people had access?") == new  # none of that year
