"""`wsis index`: from a corpus folder to a new index generation, incrementally and safely.

Re-embedding is the only expensive step, so it is the only incremental one:
every file is re-read when anything changed (parsing the whole corpus takes
about a second), and vectors are reused by content hash from the previous
generation.  A corpus whose files and settings are unchanged is detected from
the manifest alone, without loading the model.

A build can be staged (`wsis index --lang en`): only the chosen languages' new
text is embedded, the other language versions are kept where their vectors are
already indexed and otherwise left out, named in the manifest as pending; the
next full `wsis index` adds them.  `make run` uses this to open the chat after
the English texts and embed the other five languages in the background.  Every
chunk of vectors is saved as soon as it is embedded (`store.VectorCheckpoint`),
so a build killed half-way, staged or not, loses at most one chunk.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from index import enrich, store
from index.catalog import load_catalog
from index.keyword import build_keyword_index
from index.paragraph import Paragraph
from index.readers import SUPPORTED_SUFFIXES, ParsedDocument, ReadError, read_file
from index.settings import PARSER_VERSION, Settings
from index.versions import choose_versions

# Files in a corpus folder that are about the corpus, not documents of it.
IGNORED_NAMES = {
    "readme.md", "readme.txt", "attribution.md", "catalog.json", "sources.tsv", "changelog.md", "license.txt",
}


@dataclass
class BuildReport:
    corpus_dir: Path
    documents: int = 0
    paragraphs: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    embedded: int = 0  # pieces actually run through the model
    reused: int = 0  # pieces whose vectors came from the previous generation
    failures: list[str] = field(default_factory=list)  # "path: problem"
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    unchanged: bool = False
    pending: int = 0  # paragraphs of languages a staged build left for the next full build
    pending_languages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [
            f"Indexed {self.documents} documents, {self.paragraphs} paragraphs from {self.corpus_dir}"
            + (" (no changes)" if self.unchanged else ""),
            f"  added {self.added}, changed {self.changed}, removed {self.removed}; "
            f"embedded {self.embedded} pieces, reused {self.reused}"
            + (f" ({self.embedded / self.embed_seconds:.1f} pieces/s while embedding)" if self.embed_seconds else ""),
        ]
        if self.pending_languages:
            lines.append(
                f"  pending: {f'{self.pending} paragraphs in ' if self.pending else ''}"
                f"{', '.join(self.pending_languages)} "
                "(not embedded in this stage; a full `wsis index` adds them)"
            )
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  FAILED {f}" for f in self.failures]
        lines.append(f"  {len(self.failures)} failures, {self.seconds:.1f} s")
        return "\n".join(lines)


def corpus_files(corpus_dir: Path) -> list[Path]:
    files = [
        p
        for p in sorted(corpus_dir.rglob("*"))
        if p.is_file()
        and not any(part.startswith((".", "_")) for part in p.relative_to(corpus_dir).parts)
        and p.name.lower() not in IGNORED_NAMES
    ]
    return files


def _fingerprint(path: Path, meta: dict) -> str:
    h = hashlib.sha1(path.read_bytes())
    h.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return h.hexdigest()


class BuildLocked(Exception):
    pass


class EmptyCorpus(Exception):
    """No readable document: the previous index stays, unless emptying it was asked for explicitly.

    A mistyped `--corpus`, a fetch whose every download failed or a folder of
    broken files would otherwise replace a working index with nothing (and
    bm25s fails on an empty corpus with `max() arg is an empty sequence`).
    """


def build_index(settings: Settings, corpus_dir: Path | None = None, rebuild: bool = False,
                progress: bool = True, allow_empty: bool = False,
                languages: Sequence[str] | None = None) -> BuildReport:
    """Index `corpus_dir` (default: settings.corpus_dir) so the index reflects exactly that folder.

    With `languages`, a staged build: only those languages' text is embedded;
    a version in another language is kept when the current index already holds
    it unchanged (its vectors are reused), otherwise it is left out and its
    language recorded as pending in the manifest.  The full build that follows
    gives the same index as a one-shot build, re-embedding nothing this stage
    or an interrupted build already embedded.

    Raises EmptyCorpus when the folder has no readable document (or none in
    `languages`); with `allow_empty` the index is removed instead (the query
    side then reports that there is no index).
    """
    started = time.perf_counter()
    corpus_dir = (corpus_dir or settings.corpus_dir).resolve()
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / store.LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(
            f"another `wsis index` is running on {index_dir} (lock {store.LOCK} is held); "
            "wait for it to finish and run again"
        ) from None
    try:
        store.write_build_pid(index_dir)
        selected = frozenset(lang.strip() for lang in languages if lang.strip()) if languages else None
        report = _build_locked(settings, corpus_dir, rebuild, progress, allow_empty, selected or None)
    finally:
        store.clear_build_pid(index_dir)
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(settings: Settings, corpus_dir: Path, rebuild: bool, progress: bool,
                  allow_empty: bool = False, selected: frozenset[str] | None = None) -> BuildReport:
    report = BuildReport(corpus_dir=corpus_dir)
    index_dir = settings.index_dir
    previous = store.Manifest.read(index_dir)
    catalog = load_catalog(corpus_dir)
    files = corpus_files(corpus_dir)
    metas = {p: catalog.get(p.relative_to(corpus_dir).as_posix(), {}) for p in files}
    fingerprints = {p.relative_to(corpus_dir).as_posix(): _fingerprint(p, metas[p]) for p in files}

    backend = settings.resolved_backend
    compatible = (
        previous is not None
        and previous.model == settings.embedding_identity
        and previous.embedding_backend == backend
        and previous.parser_version == PARSER_VERSION
        and previous.mode == store.mode_of(settings)
    )
    # A staged index is complete for this build when no language it left out is asked for now.
    pending_before = set(previous.pending_languages) if previous is not None else set()
    still_pending = pending_before if selected is None else pending_before & selected
    if (
        compatible
        and not rebuild
        and previous is not None
        and not still_pending
        and {k: v["sha"] for k, v in previous.files.items()} == fingerprints
        and all(v.get("status") != "failed" for v in previous.files.values())
    ):
        report.unchanged = True
        report.documents = len(previous.documents)
        report.paragraphs = previous.paragraph_count
        report.pending_languages = list(previous.pending_languages)
        return report
    # Connect before any work: an unreachable server fails at once, naming its URL.
    client = store.chroma_client(settings)
    # Load the model while the files are read: it takes seconds that would otherwise be idle.
    loading = ThreadPoolExecutor(max_workers=1)
    embedder_future = loading.submit(_load_embedder, settings)
    loading.shutdown(wait=False)

    # 1. Read every file; a failure is reported and keeps that file's previous paragraphs.
    parsed: list[tuple[Path, ParsedDocument]] = []
    file_status: dict[str, dict] = {}
    failed: list[str] = []
    for path in files:
        rel = path.relative_to(corpus_dir).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.failures.append(f"{rel}: unsupported file type {path.suffix or '(none)'!r}; skipped")
            file_status[rel] = {"sha": fingerprints[rel], "status": "failed"}
            continue
        try:
            doc = read_file(path, metas[path])
            if not doc.paragraphs:
                raise ReadError("no paragraphs found")
        except ReadError as exc:
            report.failures.append(f"{rel}: {exc}")
            file_status[rel] = {"sha": fingerprints[rel], "status": "failed"}
            failed.append(rel)
            continue
        except Exception as exc:  # a reader bug must not sink the other documents
            report.failures.append(f"{rel}: unexpected {type(exc).__name__}: {exc}")
            file_status[rel] = {"sha": fingerprints[rel], "status": "failed"}
            failed.append(rel)
            continue
        report.notes += [f"{rel}: {n}" for n in doc.notes]
        parsed.append((path, doc))

    choice = choose_versions(parsed, root=corpus_dir)
    report.notes += choice.report
    report.failures += choice.errors

    old_paragraphs: list[Paragraph] = []
    if previous is not None:
        old_file = store.generation_dir(index_dir, previous.generation) / "paragraphs.jsonl"
        if old_file.exists():
            old_paragraphs = store.read_paragraphs(old_file)
    old_hash = {(p.language, p.id): p.content_hash for p in old_paragraphs}
    # Vectors depend only on the model and the embedded text (keyed by content hash), so they are
    # reused across parser versions; --rebuild re-embeds everything.
    vectors_reusable = (
        previous is not None and not rebuild and previous.model == settings.embedding_identity
        and previous.embedding_backend == backend and previous.mode == store.mode_of(settings)
    )

    paragraphs: list[Paragraph] = []
    documents: list[dict] = []
    pending: list[Paragraph] = []  # left out by a staged build
    for path, doc in choice.chosen:
        rel = path.relative_to(corpus_dir).as_posix()
        d = doc.document
        version = [p.with_document(d) for p in doc.paragraphs]
        status = {"sha": fingerprints[rel], "status": "ok", "symbol": d.symbol, "language": d.language}
        # A staged build embeds only its languages; another language's version stays if the index
        # already holds it as it is now (nothing to embed), else it waits for the full build.
        if selected is not None and d.language not in selected and not (
            vectors_reusable and all(old_hash.get((p.language, p.id)) == p.content_hash for p in version)
        ):
            pending += version
            file_status[rel] = {**status, "status": "pending (language not embedded in this stage)"}
            continue
        paragraphs += version
        documents.append(replace(d, source=rel, paragraphs=len(doc.paragraphs)).to_dict())
        file_status[rel] = status
    for path, _doc in choice.skipped:
        rel = path.relative_to(corpus_dir).as_posix()
        file_status[rel] = {"sha": fingerprints[rel], "status": "not indexed (another version used)"}
    report.pending = len(pending)
    report.pending_languages = sorted({p.language for p in pending})
    # Nothing already indexed is lost because a file turned bad: keep its last good version.
    if previous is not None and failed:
        have = {(p.symbol, p.language) for p in paragraphs}
        for rel in failed:
            old = previous.files.get(rel, {})
            key = (old.get("symbol"), old.get("language"))
            if old.get("status") == "ok" and key not in have:
                kept = [p for p in old_paragraphs if (p.symbol, p.language) == key]
                if kept:
                    paragraphs += kept
                    documents += [e for e in previous.documents if (e["symbol"], e["language"]) == key]
                    report.notes.append(f"{rel}: kept the previously indexed version ({len(kept)} paragraphs)")
                    file_status[rel] = {**old, "sha": "stale"}

    if not paragraphs and pending:
        raise EmptyCorpus(
            f"no document in {', '.join(sorted(selected or ()))} in {corpus_dir} (it has "
            f"{', '.join(report.pending_languages)}); the index at {index_dir} is unchanged"
        )
    if not paragraphs:
        return _empty(settings, client, corpus_dir, previous, report, allow_empty)

    # Verbs, cross-references and the glossary do not change what is embedded (the content hash):
    # mine them in a thread while the model embeds (torch releases the GIL).
    mining = ThreadPoolExecutor(max_workers=1)
    enriched = mining.submit(enrich.enrich, paragraphs)
    mining.shutdown(wait=False)

    # 2. Diff against the previous generation at paragraph level (a pending paragraph is not removed:
    # it comes back with the full build).
    new_hash = {(p.language, p.id): p.content_hash for p in paragraphs}
    waiting = {(p.language, p.id) for p in pending}
    report.added = sum(1 for k in new_hash if k not in old_hash)
    report.changed = sum(1 for k, h in new_hash.items() if k in old_hash and old_hash[k] != h)
    report.removed = sum(1 for k in old_hash if k not in new_hash and k not in waiting)
    report.documents = len(documents)
    report.paragraphs = len(paragraphs)

    # 3. Embed what changed, then write the new generation and switch the manifest.
    reuse: dict = {}
    if vectors_reusable and previous is not None:
        try:
            reuse = store.read_vectors(client.get_collection(previous.collection_name))
        except Exception:  # the previous collection is gone: embed everything
            reuse = {}
    checkpoint = store.VectorCheckpoint(index_dir, settings.embedding_identity, backend)
    if rebuild:
        checkpoint.clear()
    saved = checkpoint.load()  # what an interrupted build embedded, or a staged one parked
    reuse.update(saved)
    if pending and reuse:
        # The new generation will not hold the pending versions' vectors that the old one had:
        # park them, so the full build that follows does not embed them again.
        hashes = {p.content_hash for p in pending}
        keys = [k for k in reuse if k not in saved and k.rpartition("#")[0] in hashes]
        checkpoint.save(keys, [reuse[k] for k in keys])
    # The generation's folder exists from here on, so a build killed while embedding leaves an
    # orphan the next build removes.
    generation = new_generation_dir(settings.index_dir)
    rows, vectors = _embed_rows(embedder_future.result(), settings, paragraphs, reuse, report, progress,
                                checkpoint)
    annotated, extras = enriched.result()
    position = {id(p): n for n, p in enumerate(paragraphs)}
    rows = [(rid, annotated[position[id(p)]], piece, text) for rid, p, piece, text in rows]
    paragraphs = annotated
    write_generation(
        settings, client, paragraphs, rows, vectors, extras=extras, documents=documents,
        files=file_status, previous=previous, generation=generation,
        pending_languages=report.pending_languages,
    )
    if not pending:  # every vector is in the new generation's collection now
        checkpoint.clear()
    return report


def _empty(settings: Settings, client, corpus_dir: Path, previous: store.Manifest | None, report: BuildReport,
           allow_empty: bool) -> BuildReport:
    """No paragraphs to index: refuse in one line, or remove the index when that is what was asked."""
    index_dir = settings.index_dir
    if not allow_empty:
        why = f"no readable document in {corpus_dir}"
        if report.failures:
            why += f" ({len(report.failures)} failed, e.g. {report.failures[0]})"
        kept = (
            f"the index at {index_dir} is unchanged ({previous.paragraph_count} paragraphs)"
            if previous is not None and previous.paragraph_count else "nothing was indexed"
        )
        raise EmptyCorpus(f"{why}; {kept}; run with --allow-empty to empty the index")
    for generation in store.stale_generations(index_dir, set()):
        store.remove_generation(client, index_dir, generation)
    (index_dir / store.MANIFEST).unlink(missing_ok=True)
    report.notes.append(f"no readable document: the index at {index_dir} was emptied (--allow-empty)")
    return report


@dataclass
class WriteTimes:
    """Seconds spent in each step of writing a generation (the scale benchmark reports them)."""

    vectors: float = 0.0  # Chroma collection: create + add every row
    keyword: float = 0.0  # bm25s: tokenize, index, save
    records: float = 0.0  # paragraphs.jsonl, extras.json, manifest switch, cleanup


Row = tuple[str, Paragraph, int, str]  # (row id, paragraph, piece number, piece text)


def piece_rows(paragraphs: list[Paragraph], pieces=lambda p: [p.retrieval_text]) -> list[Row]:
    """One row per embedded piece; `pieces` cuts a paragraph for the model."""
    return [
        (store.row_id(p, i), p, i, piece)
        for p in paragraphs
        for i, piece in enumerate(pieces(p))
    ]


def write_generation(settings: Settings, client, paragraphs: list[Paragraph], rows: list[Row], vectors,
                     *, extras: dict | None = None, documents: list[dict] | None = None,
                     files: dict | None = None, previous: store.Manifest | None = None,
                     generation: str | None = None,
                     pending_languages: Sequence[str] = ()) -> tuple[store.Manifest, WriteTimes]:
    """Write a whole generation beside the current one, then make it current with one rename.

    `vectors[n]` is the vector of `rows[n]`; `generation` is one made by
    `new_generation_dir` (a new one by default).  The generation folder exists
    before anything else is written, so a build killed at any later point
    leaves an orphan that the next build recognises and removes (with its
    server collection); readers only ever follow the manifest, so they never
    see it.  `build_index` and the scale benchmark both write through here.
    """
    times = WriteTimes()
    index_dir = settings.index_dir
    generation = generation or new_generation_dir(index_dir)
    gen_dir = store.generation_dir(index_dir, generation)
    t0 = time.perf_counter()
    write_collection(settings, client, generation, rows, vectors)
    times.vectors = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_keyword_index(paragraphs, gen_dir / "bm25")
    times.keyword = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.write_paragraphs(gen_dir / "paragraphs.jsonl", paragraphs)
    (gen_dir / "extras.json").write_text(json.dumps(extras or {}, ensure_ascii=False), encoding="utf-8")
    manifest = store.Manifest(
        generation=generation,
        model=settings.embedding_identity,
        parser_version=PARSER_VERSION,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        mode=store.mode_of(settings),
        files=files or {},
        documents=documents or [],
        paragraph_count=len(paragraphs),
        previous_generation=previous.generation if previous else "",
        embedding_backend=settings.resolved_backend,
        pending_languages=sorted(pending_languages),
    )
    manifest.write(index_dir)
    # Keep the previous generation for readers still holding it; drop anything older or orphaned.
    keep = {generation, manifest.previous_generation}
    for stale in store.stale_generations(index_dir, keep):
        store.remove_generation(client, index_dir, stale)
    times.records = time.perf_counter() - t0
    return manifest, times


def new_generation_dir(index_dir: Path) -> str:
    """A fresh generation id whose (empty) folder now exists in `index_dir`."""
    generation = store.new_generation()
    store.generation_dir(index_dir, generation).mkdir(parents=True)
    return generation


def write_collection(settings: Settings, client, generation: str, rows: list[Row], vectors) -> None:
    """The generation's Chroma collection, in batches the client accepts."""
    collection = client.create_collection(
        store.collection_name(generation),
        metadata={"hnsw:space": "cosine", "model": settings.embedding_identity, "parser": PARSER_VERSION},
        embedding_function=None,
    )
    size = min(client.get_max_batch_size(), 5000)
    for chunk in store.batched(list(range(len(rows))), size):
        collection.add(
            ids=[rows[n][0] for n in chunk],
            embeddings=[vectors[n] for n in chunk],
            metadatas=[store.chroma_metadata(rows[n][1], rows[n][2]) for n in chunk],
        )


def _load_embedder(settings: Settings):
    from index.embed import embedder_for

    return embedder_for(settings)


def _embed_rows(embedder, settings: Settings, paragraphs: list[Paragraph], reuse: dict, report: BuildReport,
                progress: bool, checkpoint: store.VectorCheckpoint | None = None) -> tuple[list[Row], list]:
    """Rows for every piece and their vectors: reused by content hash, embedded otherwise.

    Each embedded chunk goes to `checkpoint` at once, so a build killed later keeps it.
    """
    rows = piece_rows(paragraphs, embedder.paragraph_pieces)
    vectors: list = [reuse.get(store.vector_key(p.content_hash, i)) for _, p, i, _ in rows]
    # Longest first, globally: each batch then pads to similar lengths (encode only sorts within a call).
    todo = sorted((n for n, v in enumerate(vectors) if v is None), key=lambda n: -len(rows[n][3]))
    report.reused = len(rows) - len(todo)
    report.embedded = len(todo)
    started = time.perf_counter()
    if todo:
        bar = tqdm(total=len(todo), unit="para", desc="Embedding", disable=not progress)
        for chunk in store.batched(todo, settings.embedding_batch_size * 4):
            encoded = embedder.encode([rows[n][3] for n in chunk], batch_size=settings.embedding_batch_size)
            for n, vec in zip(chunk, encoded, strict=True):
                vectors[n] = vec
            if checkpoint is not None:
                checkpoint.save([store.vector_key(rows[n][1].content_hash, rows[n][2]) for n in chunk], encoded)
            bar.update(len(chunk))
        bar.close()
    report.embed_seconds = time.perf_counter() - started
    return rows, vectors
