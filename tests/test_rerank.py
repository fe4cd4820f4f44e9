"""The reranker of the fused ranking's head (`assistant.rerank`) and the fitting data it is fitted on."""

from __future__ import annotations

import json

import pytest

from assistant import dev_split
from assistant.answerability import Model
from assistant.rerank import FEATURES, RERANK_PATH, feature_rows, load_reranker, rerank
from assistant.types import Hit
from index.paragraph import OPERATIVE, PREAMBULAR, Paragraph
from index.text import tokenize


def _p(loc: str, text: str, kind: str = OPERATIVE, language: str = "en") -> Paragraph:
    return Paragraph(symbol="A/RES/99/1", loc=loc, kind=kind, text=text, order=0, language=language,
                     body="General Assembly", date="2030-12-01")


QUESTION = "Who funds the IGF observatory on satellite connectivity?"
CANDIDATES = [
    Hit(_p("1", "Notes the importance of connectivity for all"), score=0.030, dense_similarity=0.61, keyword_score=4.0),
    Hit(_p("2", "Invites Member States to fund the Internet Governance Forum (IGF) observatory on satellite "
                  "connectivity"), score=0.025, dense_similarity=0.58, keyword_score=9.0),
    Hit(_p("PP1", "Recalling its resolutions 56/183 of 21 December 2001, 57/238 of 20 December 2002 and "
                  "60/252 of 27 March 2006,", kind=PREAMBULAR), score=0.020),
]


def _rows(question: str = QUESTION, wants_formulae: bool = False) -> list[dict[str, float]]:
    terms = [t for t in dict.fromkeys(tokenize(question)) if t not in {"who"}]
    return feature_rows(question, "en", terms, CANDIDATES, idf=lambda t: 2.0 if t == "observatori" else 1.0,
                        translate=lambda ts, a, b: list(ts), wants_formulae=wants_formulae)


def test_feature_rows_read_what_each_candidate_holds():
    rows = _rows()
    assert [set(r) for r in rows] == [set(FEATURES)] * 3
    loose, full, recital = rows
    assert full["coverage"] == pytest.approx(1.0) and loose["coverage"] < 0.5
    assert full["rare_held"] == 1.0 and loose["rare_held"] == 0.0  # "observatory" is the rarest word
    assert full["names_held"] == 1.0 and loose["names_held"] == 0.0  # the question names the IGF
    assert full["pairs_held"] > loose["pairs_held"]
    assert loose["fused"] == 1.0 and full["keyword"] == 1.0
    assert recital["dense"] == pytest.approx(0.58)  # missed by the dense side: read as its lowest cosine
    assert recital["keyword"] == 0.0
    assert recital["boilerplate"] == 1.0 and recital["preambular"] == 1.0
    assert _rows(wants_formulae=True)[2]["boilerplate"] == 0.0  # asked for: not a formula to push down


@pytest.mark.parametrize(
    ("question", "held"),
    [
        pytest.param(QUESTION, [0.0, 1.0, 0.0], id="who-wants-an-actor"),
        pytest.param("When was the observatory set up?", [0.0, 0.0, 1.0], id="when-wants-a-date"),
        pytest.param("What does it say about connectivity?", [1.0, 1.0, 1.0], id="statement-always-held"),
    ],
)
def test_type_held(question, held):
    assert [r["type_held"] for r in _rows(question)] == held


def test_ranks_and_the_named_year():
    """Each side's rank as 1/rank (0 when the side missed it); the year a question names, by document or by text."""
    old = Hit(_p("1", "Notes the holding of the Forum in 2012"), score=0.03, dense_similarity=0.6, keyword_score=2.0,
                    dense_rank=2, keyword_rank=None)
    new = Hit(Paragraph(symbol="A/RES/99/2", loc="1", kind=OPERATIVE, text="Notes the Forum", order=0,
                        date="2012-12-01"), score=0.02, dense_similarity=0.5, keyword_score=1.0,
              dense_rank=1, keyword_rank=4)
    other = Hit(_p("2", "Notes the Forum"), score=0.01, dense_similarity=0.4, keyword_score=1.0,
                dense_rank=3, keyword_rank=1)

    def rows(question: str) -> list[dict[str, float]]:
        return feature_rows(question, "en", tokenize(question), [old, new, other], idf=lambda t: 1.0,
                            translate=lambda ts, a, b: list(ts))

    first = rows("Where was the Forum held back in 2012?")
    assert [r["dense_rr"] for r in first] == [0.5, 1.0, pytest.approx(1 / 3)]
    assert [r["keyword_rr"] for r in first] == [0.0, 0.25, 1.0]
    assert [r["year_held"] for r in first] == [1.0, 1.0, 0.0]  # writes 2012; of 2012; neither
    assert [r["year_held"] for r in rows("How has the Forum changed since 2012?")] == [1.0, 1.0, 1.0]


def _model(**weights: float) -> Model:
    return Model(FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES),
                    tuple(weights.get(f, 0.0) for f in FEATURES))


def test_rerank_orders_the_head_by_the_score_and_keeps_the_tail():
    rows = _rows()
    assert rerank(CANDIDATES, rows, _model(coverage=1.0)) == [1, 0, 2]
    assert rerank(CANDIDATES, rows, _model(fused=1.0)) == [0, 1, 2]
    assert rerank(CANDIDATES, rows, _model(coverage=1.0), depth=1) == [0, 1, 2]  # beyond the depth: as fused
    assert rerank(CANDIDATES, rows, None) == [0, 1, 2]  # no fitted file: the fused order stands


def test_checked_in_reranker_is_read():
    model = load_reranker()
    assert model is not None and model.features == FEATURES and len(model.coef) == len(FEATURES)
    assert load_reranker(RERANK_PATH.with_name("absent.json")) is None


def test_fitting_script_reproduces_checked_in_parameters():
    """`scripts/fit_rerank.py --from-features` regenerates assistant/data/rerank.json exactly."""
    from scripts.fit_rerank import CANDIDATES_PATH, fit

    records = [json.loads(line) for line in CANDIDATES_PATH.read_text(encoding="utf-8").splitlines() if line]
    assert json.loads(RERANK_PATH.read_text(encoding="utf-8")) == json.loads(json.dumps(fit(records)))


# ------------------------------------------------------------------ the fitting data


ROWS = [{"id": f"q{i}", "category": "fact", "answerable": True} for i in range(6)]


@pytest.mark.parametrize(
    ("stem", "parts"),
    [
        pytest.param("dev_realistic", {dev_split.FIT: 3, dev_split.CHECK: 3}, id="dev-file-split-in-halves"),
        pytest.param("heldout_questions", {dev_split.FIT: 6}, id="spent-held-out-all-fit"),
        pytest.param("heldout10_questions", {dev_split.CHECK: 6}, id="held-out-all-check"),
    ],
)
def test_split_of_each_kind_of_file(stem, parts):
    assigned = dev_split.assign(stem, ROWS)
    assert {p: list(assigned.values()).count(p) for p in set(assigned.values())} == parts


def test_spent_held_out_file_is_shipped():
    """The spent held-out file is fitted on, so a fresh clone must have it."""
    for stem in dev_split.SPENT_FILES:
        rows = dev_split.read_rows(dev_split.SPENT_DIR / f"{stem}.jsonl")
        assert rows and all({"id", "question", "answerable"} <= set(r) for r in rows)
