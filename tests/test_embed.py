"""Embedding backends: `auto` follows the CPU, and the ONNX exports stay close to PyTorch's vectors."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index import onnx_backend
from index.settings import Settings, load_settings
from tests.support.shared_paths import SEED


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param({"avx2", "avx512f", "avx512_vnni"}, "onnx-int8", id="avx512-vnni"),
        pytest.param({"avx2", "avx_vnni"}, "onnx-int8", id="avx-vnni"),
        pytest.param({"avx2", "fma"}, "torch", id="avx2-only"),
        pytest.param(set(), "torch", id="unknown-cpu"),
    ],
)
def test_auto_backend_follows_the_cpu(monkeypatch, flags: set[str], expected: str) -> None:
    monkeypatch.setattr(onnx_backend, "cpu_flags", lambda: flags)
    assert Settings(embedding_backend="auto").resolved_backend == expected


def test_backend_setting_from_environment_and_unknown_refused(monkeypatch) -> None:
    monkeypatch.setenv("WSIS_EMBEDDING_BACKEND", "onnx")
    assert load_settings().resolved_backend == "onnx"
    with pytest.raises(ValueError, match="unknown embedding backend 'gpu'"):
        _ = replace(load_settings(), embedding_backend="gpu").resolved_backend


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    from index.readers import read_file

    return [p.retrieval_text for p in read_file(SEED, {}).paragraphs]


@pytest.mark.parametrize(("backend", "mean_at_least", "min_at_least"), [("onnx", 0.9999, 0.999),
                                                                        ("onnx-int8", 0.98, 0.95)])
def test_onnx_vectors_match_pytorch(tmp_path_factory, seed_texts, backend, mean_at_least, min_at_least) -> None:
    """Exported offline from the packaged model; fp32 is the same network, int8 stays close."""
    from index.embed import Embedder, get_embedder

    torch = get_embedder("all-MiniLM-L6-v2")
    cache = tmp_path_factory.getbasetemp() / "onnx-cache"
    onnx = Embedder("all-MiniLM-L6-v2", backend, cache)
    assert list(cache.glob(f"*-{backend}-*/model.onnx"))  # exported once, into the cache
    assert onnx.pieces(seed_texts[0]) == torch.pieces(seed_texts[0])
    a, b = torch.encode(seed_texts), onnx.encode(seed_texts)
    assert a.shape == b.shape and np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-4)
    cosine = (a * b).sum(axis=1)
    assert cosine.mean() >= mean_at_least and cosine.min() >= min_at_least, (cosine.mean(), cosine.min())
    # Alone, on one thread: the same vector in fp32; int8 quantizes activations per batch (dynamic
    # quantization), so a text's vector depends a little on its batch-mates.
    alone = float(onnx.encode_query(seed_texts[3]) @ b[3])
    assert alone >= (0.9999 if backend == "onnx" else min_at_least), alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Notes the report of the Secretary-General.", [], id="one-clause-none"),
        pytest.param("Calls upon all stakeholders to act; encourages Member States to share data.",
                     ["Calls upon all stakeholders to act", "encourages Member States to share data."],
                     id="semicolon"),
        pytest.param("Welcomes the report of the Board. It notes, e.g. the data, the gaps in rural areas.",
                     ["Welcomes the report of the Board.", "It notes, e.g. the data, the gaps in rural areas."],
                     id="sentences-abbreviation-kept"),
        pytest.param("Stresses that:; the divide persists in rural and remote areas.", [],
                     id="short-clause-dropped"),
    ],
)
def test_split_clauses(text, expected):
    from index.text import split_clauses

    assert split_clauses(text) == expected


def test_paragraph_pieces_are_the_paragraph_then_its_clauses():
    """The whole paragraph keeps piece 0 (its number does not depend on the clause rule); clauses follow."""
    from index.embed import get_embedder
    from index.paragraph import OPERATIVE, Paragraph

    embedder = get_embedder("all-MiniLM-L6-v2")
    p = Paragraph(symbol="X/RES/1", loc="3", kind=OPERATIVE, order=0, section="Chapter I",
                  text="Calls upon all stakeholders to act; encourages Member States to share data.")
    assert embedder.paragraph_pieces(p) == [
        "Chapter I\nCalls upon all stakeholders to act; encourages Member States to share data.",
        "Calls upon all stakeholders to act", "encourages Member States to share data."]
    one = Paragraph(symbol="X/RES/1", loc="4", kind=OPERATIVE, order=1, text="Notes the report.")
    assert embedder.paragraph_pieces(one) == ["Notes the report."]


def test_content_hash_names_the_piece_rule():
    """Vectors are reused by content hash: a new piece rule must not reuse vectors cut the old way."""
    import hashlib

    from index import paragraph as module
    from index.paragraph import OPERATIVE, Paragraph

    p = Paragraph(symbol="X/RES/1", loc="3", kind=OPERATIVE, order=0, text="Notes the report.")
    assert p.content_hash == hashlib.sha1(f"{module.PIECES}\nNotes the report.".encode()).hexdigest()
    assert p.content_hash != hashlib.sha1(b"Notes the report.").hexdigest()
