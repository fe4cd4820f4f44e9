"""Where an index lives and how it is switched atomically.

Layout of `index_dir` (the same in embedded and server mode):

    manifest.json            the current build: generation, model, parser version, files, counts
    chroma/                  the embedded Chroma store (embedded mode only)
    gen-<id>/paragraphs.jsonl  every Paragraph record, in document order
    gen-<id>/bm25/           the bm25s keyword index over the same records, same order
    gen-<id>/extras.json     cross-reference links and glossary mined at build time
    .build.lock              held by the one build allowed at a time
    .build.pid               the process id of that build, for "is a build running?" (the UI asks)
    embedded-<key>/          vectors a build has embedded but not yet switched in (see VectorCheckpoint)

Vectors live in a Chroma collection named after the generation, embedded or on
a `chroma run` server.  A build writes a whole new generation beside the old
one and only then replaces `manifest.json` (an atomic rename): a reader never
sees a half-written build, and a build killed half-way leaves the previous one
in place.  In server mode the index dir must be reachable by both the indexer
and the app (same machine or a shared volume) because it holds the keyword
index and the manifest; the vectors are on the server, one collection per
generation, and a collection whose generation the manifest does not name is
never opened by a reader.  The next build removes what a killed build left
(its `gen-*` folder and its collection), found through the folder, so several
index dirs can share one server without touching each other's collections.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.paragraph import Paragraph
from index.settings import Settings

MANIFEST = "manifest.json"
LOCK = ".build.lock"
BUILD_PID = ".build.pid"
COLLECTION_PREFIX = "wsis"
# Chroma metadata keys used in `where` filters; everything else stays in paragraphs.jsonl.
FILTER_KEYS = ("pid", "symbol", "body", "year", "doc_type", "kind", "section", "language", "verb", "addressee")


class StoreError(Exception):
    """The index cannot be used as it is; the message says what to run."""


@dataclass
class Manifest:
    generation: str
    model: str
    parser_version: str
    built_at: str
    mode: str  # "embedded" or the server URL
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    paragraph_count: int = 0
    previous_generation: str = ""
    # torch | onnx | onnx-int8: vectors of one backend are close to, not equal to, another's.
    # Manifests written before the setting existed were all torch.
    embedding_backend: str = "torch"
    # Languages of the corpus this generation leaves out because a staged build (`wsis index --lang en`)
    # embedded only some languages; the next full `wsis index` adds them.  Empty for a complete index.
    pending_languages: list[str] = field(default_factory=list)

    @property
    def collection_name(self) -> str:
        return collection_name(self.generation)

    @classmethod
    def read(cls, index_dir: Path) -> Manifest | None:
        path = index_dir / MANIFEST
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def write(self, index_dir: Path) -> None:
        tmp = index_dir / f".{MANIFEST}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False), encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / MANIFEST)


def new_generation() -> str:
    return f"{time.strftime('%Y%m%d%H%M%S')}{secrets.token_hex(3)}"


def collection_name(generation: str) -> str:
    return f"{COLLECTION_PREFIX}-{generation}"


def generation_dir(index_dir: Path, generation: str) -> Path:
    return index_dir / f"gen-{generation}"


def mode_of(settings: Settings) -> str:
    return settings.chroma_url or "embedded"


def same_store_kind(built_mode: str, settings: Settings) -> bool:
    """Whether a reader can follow an index built in `built_mode`: embedded with embedded, server with server.

    Readers compare only the kind, not the URL: the indexer and the app may
    reach one server under different names (127.0.0.1 on the host, `chroma`
    inside a container network).  A reader pointed at a server that lacks the
    generation's collection is told so by the collection lookup, naming both URLs.
    """
    return (built_mode == "embedded") == settings.embedded


# ---------------------------------------------------------------- Chroma client


def chroma_client(settings: Settings):
    """Embedded persistent client, or an HttpClient when WSIS_CHROMA_URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.embedded:
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    url = urlparse(settings.chroma_url or "")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreError(f"WSIS_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL")
    try:
        client = chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
        client.heartbeat()
    except Exception as exc:  # chromadb raises several types for a dead server
        raise StoreError(
            f"cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}). "
            f"Start one with `chroma run --path DIR --port {url.port or 8000}` or unset WSIS_CHROMA_URL."
        ) from None
    return client


def chroma_metadata(p: Paragraph, piece: int) -> dict[str, Any]:
    meta = p.to_metadata()
    out = {k: meta[k] for k in FILTER_KEYS}
    out["hash"] = p.content_hash
    out["piece"] = piece
    return out


def row_id(p: Paragraph, piece: int) -> str:
    return f"{p.language}|{p.id}#{piece}"


def split_row_id(row: str) -> tuple[str, str]:
    """`en|E/RES/2012/5:32(c)#0` -> (`en`, `E/RES/2012/5:32(c)`): the inverse of `row_id`."""
    language, _, rest = row.partition("|")
    return language, rest.rpartition("#")[0]


def batched(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def vector_key(content_hash: str, piece: int) -> str:
    """How a vector is found again for reuse: the paragraph's content hash and the piece number."""
    return f"{content_hash}#{piece}"


def read_vectors(collection) -> dict[str, np.ndarray]:
    """`hash#piece` -> vector for every row of a collection, to reuse instead of re-embedding."""
    out: dict[str, np.ndarray] = {}
    total = collection.count()
    page = 5000
    for offset in range(0, total, page):
        got = collection.get(include=["embeddings", "metadatas"], limit=page, offset=offset)
        for meta, vec in zip(got["metadatas"], got["embeddings"], strict=True):
            out[vector_key(meta["hash"], meta["piece"])] = np.asarray(vec, dtype=np.float32)
    return out


# ---------------------------------------------------------------- paragraphs file


def write_paragraphs(path: Path, paragraphs: Iterable[Paragraph]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for p in paragraphs:
            fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")


def read_paragraphs(path: Path) -> list[Paragraph]:
    with open(path, encoding="utf-8") as fh:
        return [Paragraph.from_metadata(json.loads(line)) for line in fh]


def remove_generation(client, index_dir: Path, generation: str) -> None:
    """Drop one generation's collection and files; missing parts are fine."""
    # not there (a build killed before creating it) is the normal case
    with contextlib.suppress(Exception):
        client.delete_collection(collection_name(generation))
    shutil.rmtree(generation_dir(index_dir, generation), ignore_errors=True)


def stale_generations(index_dir: Path, keep: set[str]) -> list[str]:
    return [
        d.name[4:] for d in index_dir.glob("gen-*") if d.is_dir() and d.name[4:] not in keep
    ]


# ---------------------------------------------------------------- builds in progress


def write_build_pid(index_dir: Path) -> None:
    """Record the running build's process id (called with the build lock held)."""
    (index_dir / BUILD_PID).write_text(str(os.getpid()), encoding="utf-8")


def clear_build_pid(index_dir: Path) -> None:
    (index_dir / BUILD_PID).unlink(missing_ok=True)


def build_running(index_dir: Path) -> bool:
    """Whether a `wsis index` is working on `index_dir` now.

    Read from the pid file the build writes under its lock, not by probing the
    lock: taking the lock, even for a moment, could make a build that starts at
    that instant refuse.  A build killed with SIGKILL leaves its pid file; a
    dead process id reads as "not running".
    """
    try:
        pid = int((index_dir / BUILD_PID).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


# ---------------------------------------------------------------- embedded, not yet switched in


class VectorCheckpoint:
    """Vectors a build has embedded, saved as they come, until a complete index holds them.

    Embedding is the only slow step of a build, and a build's vectors otherwise
    reach disk only when its generation is written at the end: a build killed
    half-way (Ctrl-C on `make run` while the other languages are embedded in
    the background) would lose minutes of work.  Every chunk of vectors is
    saved here at once (`hash#piece` -> vector, one `.npz` per chunk, written
    atomically), and the next build reads them back like the previous
    generation's vectors.  The folder is keyed by model and backend, whose
    vectors are not interchangeable.  A staged build also parks here the
    reusable vectors of the documents it leaves out, so the full build that
    follows re-embeds nothing.  Cleared by the first build that leaves nothing
    pending.
    """

    def __init__(self, index_dir: Path, model: str, backend: str):
        key = hashlib.sha1(f"{model}\0{backend}".encode()).hexdigest()[:12]
        self.dir = index_dir / f"embedded-{key}"

    def load(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for path in sorted(self.dir.glob("chunk-*.npz")):
            try:
                with np.load(path) as data:
                    out.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except Exception:  # a damaged chunk only costs re-embedding its pieces
                continue
        return out

    def save(self, keys: list[str], vectors) -> None:
        if not keys:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"chunk-{time.time_ns()}-{os.getpid()}"
        tmp = self.dir / f".{name}.tmp.npz"
        np.savez(tmp, keys=np.array(keys), vectors=np.asarray(vectors, dtype=np.float32))
        os.replace(tmp, self.dir / f"{name}.npz")

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
