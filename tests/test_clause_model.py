"""Which clause answers: the clause model is fitted by its script from checked-in clauses, and earns its place."""

from __future__ import annotations

import json

import pytest

from assistant import clause_model
from assistant.clause_model import FEATURES, MODEL_PATH, clause_features, load_model
from scripts import fit_clauses
from scripts.bank import splits


def _rows() -> list[dict]:
    text = fit_clauses.FEATURES_PATH.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_script_reproduces_the_checked_in_model() -> None:
    fitted = fit_clauses.fit(_rows())
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert fitted["features"] == shipped["features"] == list(FEATURES)
    assert fitted["fitted_on"] == shipped["fitted_on"]
    for key in ("mean", "scale", "coef"):
        assert fitted[key] == pytest.approx(shipped[key], abs=1e-6), key


def test_fitted_on_train_only_and_no_fresh_file_seen() -> None:
    rows = _rows()
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fitted_on"]
    assert set(shipped["files"]) <= {p.name for p in splits.files(splits.TRAIN)}
    assert not set(shipped["files"]) & {p.name for p in splits.files(splits.VALIDATION)}
    fresh = set(json.loads(splits.SPLITS.read_text(encoding="utf-8"))["fresh"])
    assert not {r["file"] for r in rows} & fresh
    assert shipped["train_questions"] >= 1000


def test_the_model_leads_with_a_gold_paragraph_at_least_as_often_as_the_blend_on_validation() -> None:
    """The reason it ships: on the validation part it orders gold paragraphs first no worse than the blend."""
    rows = [r for r in _rows() if r["part"] == splits.VALIDATION]
    model = load_model()
    learned = fit_clauses.ranking_quality(rows, lambda c: model.weight(tuple(c["features"])))
    blend = fit_clauses.ranking_quality(rows, lambda c: c["old"])
    assert learned["questions"] == blend["questions"] >= 200
    assert learned["precision@1"] >= blend["precision@1"]


def test_clause_features_are_pure_numbers_in_feature_order() -> None:
    values = clause_features(0.8, 0.5, hit_rank=3, holds_type=True, year=2015, latest=2025, current=True,
                             operative=False)
    assert dict(zip(FEATURES, values, strict=True)) == {
        "similarity": 0.8, "coverage": 0.5, "rank_share": 0.25, "holds_type": 1.0, "age": 1.0,
        "current_age": 1.0, "operative": 0.0}
    assert clause_features(0.8, 0.5, 0, False, 2025, 2025, False, True)[FEATURES.index("current_age")] == 0.0
    assert not clause_model.typed("generic") and clause_model.typed("when")


def test_a_model_fitted_on_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "clauses.json"
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "features": ["similarity"]}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"fit_clauses\.py"):
        load_model(path)
