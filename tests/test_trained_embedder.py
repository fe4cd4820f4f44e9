"""The embedder trained here: the training script learns, its adapter loads, the manifest tells versions apart.

The training runs on a few questions for a few steps (the real run is
`scripts/train_embedder.py`, minutes); what is checked is that the loss falls
on what it sees, that what it saves is an adapter of a few MB, and that the
query side loads it (merged into the base weights) under a name that carries
the adapter's digest.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from index import embed
from scripts import train_embedder
from scripts.bank import splits
from scripts.bank.corpus_view import corpus_paragraphs

SHIPPED = "wsis-minilm-ft"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """Hard negatives mined for 12 train questions among their gold paragraphs' documents, then 8 steps."""
    rows = [r for r in splits.rows(splits.TRAIN) if r.get("answerable", True) and r.get("gold")][:12]
    symbols = {g.split(":")[0] for r in rows for g in r["gold"]}
    pool = [p for p in corpus_paragraphs() if p.symbol in symbols]
    base = embed.get_embedder(train_embedder.BASE)
    triplets = train_embedder.training_triplets(rows, pool, lambda texts: base.encode(texts))
    out = tmp_path_factory.mktemp("trained") / "tiny-ft"
    log = train_embedder.train(triplets[:8], out, epochs=8, batch_size=8, lr=1e-3, max_steps=8, logging_steps=1)
    return triplets, out, log


def test_triplets_pair_a_question_with_its_gold_and_a_negative_not_worded_like_it(tiny_run) -> None:
    triplets, _, _ = tiny_run
    assert len(triplets) >= 8
    for question, positive, negative in triplets:
        assert question and positive and negative
        assert positive != negative


def test_the_loss_falls_and_only_an_adapter_is_saved(tiny_run) -> None:
    _, out, log = tiny_run
    assert log["losses"][-1] < log["losses"][0]
    assert (out / "adapter_config.json").is_file()
    size = (out / "adapter_model.safetensors").stat().st_size
    assert 100_000 < size < 10_000_000  # a LoRA adapter, not a copy of the 90 MB model
    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["base"] == train_embedder.BASE and record["seed"] == train_embedder.SEED


def test_the_saved_adapter_loads_merged_and_changes_the_vectors(tiny_run, monkeypatch, tmp_path) -> None:
    _, out, _ = tiny_run
    monkeypatch.setattr(embed, "TRAINED_DIR", out.parent)
    embed.model_identity.cache_clear()
    try:
        identity = embed.model_identity(out.name)
        assert identity.startswith(f"{out.name}@") and len(identity) == len(out.name) + 13
        tuned = embed.Embedder(out.name, cache_dir=tmp_path)
        assert (tmp_path / identity.replace("@", "-") / "modules.json").is_file()
        base = embed.get_embedder(train_embedder.BASE)
        text = ["Where will the Internet Governance Forum meet?"]
        a, b = tuned.encode(text)[0], base.encode(text)[0]
        assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-4
        assert float(a @ b) < 0.9999  # the adapter moved it
        assert float(a @ b) > 0.5  # from the base model, not from scratch
    finally:
        embed.model_identity.cache_clear()


def test_the_shipped_model_is_an_adapter_with_its_digest_in_its_name() -> None:
    folder = embed.adapter_dir(SHIPPED)
    assert folder is not None, "index/models/wsis-minilm-ft is written by scripts/train_embedder.py"
    assert (folder / "adapter_model.safetensors").stat().st_size < 10_000_000
    assert embed.model_identity(SHIPPED).startswith(f"{SHIPPED}@")
    assert embed.model_identity("all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    record = json.loads((folder / "training.json").read_text(encoding="utf-8"))
    assert set(record["train_files"]) <= {p.name for p in splits.files(splits.TRAIN)}  # never validation or fresh
