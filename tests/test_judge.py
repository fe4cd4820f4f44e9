"""The judge and its rule table: fitted by the script from checked-in evidence, every rule earning its place."""

from __future__ import annotations

import json

from assistant.answerability import FEATURES, MODEL_PATH, RULES, Model
from scripts import train_judge
from scripts.bank import splits


def _rows() -> list[dict]:
    text = train_judge.FEATURES_PATH.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_script_reproduces_the_checked_in_judge_and_rule_counts() -> None:
    """`scripts/train_judge.py --from-features` regenerates both files exactly."""
    rows = _rows()
    params, _ = train_judge.fit(rows)
    assert json.loads(MODEL_PATH.read_text(encoding="utf-8")) == json.loads(json.dumps(params))
    hits = json.loads(train_judge.RULE_HITS_PATH.read_text(encoding="utf-8"))
    assert hits == json.loads(json.dumps(train_judge.rule_hits(rows)))


def test_the_judge_reads_every_feature_and_was_fitted_on_the_train_part_only() -> None:
    model = Model.load()
    assert model.features == FEATURES and len(model.coef) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    fitted = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fitted_on"]
    train_files = {p.name for p in splits.files(splits.TRAIN)}
    assert set(fitted["files"]) <= train_files
    assert not set(fitted["files"]) & {p.name for p in splits.files(splits.VALIDATION)}
    assert fitted["validation_false_abstain"] <= train_judge.TARGET_FALSE_ABSTAIN


def test_the_evidence_covers_the_bank_and_keeps_fresh_files_out() -> None:
    rows = _rows()
    parts = {r["part"] for r in rows}
    assert parts == {splits.TRAIN, splits.VALIDATION}
    seen = {r["file"] for r in rows}
    fresh = json.loads(splits.SPLITS.read_text(encoding="utf-8"))["fresh"]
    assert not seen & set(fresh)
    unanswerable = sum(1 for r in rows if r["part"] == splits.TRAIN and not r["answerable"])
    assert unanswerable >= 200  # real unanswerable questions, not generated variants


def test_every_rule_fires_on_at_least_three_train_questions() -> None:
    hits = json.loads(train_judge.RULE_HITS_PATH.read_text(encoding="utf-8"))
    assert set(hits) == {rule.name for rule in RULES}
    for name, entry in hits.items():
        assert entry["train"]["fires"] >= train_judge.MIN_TRAIN_HITS, name


def test_a_rule_hit_is_evidence_not_a_veto() -> None:
    """A judge that gives the rules no weight answers though a rule fired, and says which fired."""
    from assistant.answerability import assess
    from tests.test_answerability import _ctx, _hits

    weightless = Model(features=FEATURES, mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES),
                       coef=(0.0,) * len(FEATURES), intercept=5.0, threshold=0.5)
    result = assess("What does the Council say about net neutrality in Xanadu?", "en", _hits("1"), _ctx(), weightless)
    assert result.answerable
    assert "unknown_specific" in result.rules
