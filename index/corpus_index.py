"""The read side of an index: loaded once per process, shared by every question.

It sits beside its writer (`index/build.py`, `index/store.py`) so that the two
halves of the store's format change together; the query side (`assistant/`)
only calls it.

Holds the paragraph records, the keyword index, the Chroma collection and the
embedding model, and answers the three primitive lookups the retriever
composes: by id, by keywords, by vector.  Filters become a boolean row mask
for bm25s and a `where` clause for Chroma, both applied inside the store.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index import store
from index.keyword import KeywordIndex
from index.paragraph import OPERATIVE, SUBPARAGRAPH, Document, Paragraph
from index.settings import PARSER_VERSION, Settings

# A filter keeping at most this many paragraphs is searched exactly (see `_exact_search`).
EXACT_SEARCH_ROWS = 500
MASK_CACHE_SIZE = 256
REBUILD_HINT = "run `wsis index --rebuild` (or `make index`)"


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside the stores, not after retrieval."""

    symbols: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[str, ...] = ()  # preambular | operative | footnote (operative includes sub-paragraphs)
    language: str | None = None
    verbs: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


class IndexUnavailable(Exception):
    """No usable index: missing, built by another model/parser, or its store is unreachable."""


def _kind_values(kinds: tuple[str, ...]) -> list[str]:
    """'operative' means operative paragraphs and their sub-paragraphs."""
    out: list[str] = []
    for k in kinds:
        out += [OPERATIVE, SUBPARAGRAPH] if k == OPERATIVE else [k]
    return sorted(set(out))


class CorpusIndex:
    def __init__(self, settings: Settings):
        self.settings = settings
        manifest = store.Manifest.read(settings.index_dir)
        if manifest is None:
            raise IndexUnavailable(f"no index at {settings.index_dir}; {REBUILD_HINT}")
        if manifest.model != settings.embedding_identity or manifest.parser_version != PARSER_VERSION:
            raise IndexUnavailable(
                f"the index at {settings.index_dir} was built with model {manifest.model!r} and parser "
                f"version {manifest.parser_version}; this version uses {settings.embedding_identity!r} and "
                f"parser version {PARSER_VERSION}; {REBUILD_HINT}"
            )
        if manifest.embedding_backend != settings.resolved_backend:
            raise IndexUnavailable(
                f"the index at {settings.index_dir} was embedded with the {manifest.embedding_backend} backend; "
                f"this process uses {settings.resolved_backend} (WSIS_EMBEDDING_BACKEND="
                f"{settings.embedding_backend}); {REBUILD_HINT}, or set WSIS_EMBEDDING_BACKEND="
                f"{manifest.embedding_backend}"
            )
        if not store.same_store_kind(manifest.mode, settings):
            raise IndexUnavailable(
                f"the index at {settings.index_dir} was built for {manifest.mode} vectors, but this process "
                f"uses {store.mode_of(settings)}; {REBUILD_HINT} with the same WSIS_CHROMA_URL"
            )
        self.manifest = manifest
        gen_dir = store.generation_dir(settings.index_dir, manifest.generation)
        try:
            self.paragraphs: list[Paragraph] = store.read_paragraphs(gen_dir / "paragraphs.jsonl")
            self.keyword = KeywordIndex(gen_dir / "bm25")
            extras_path = gen_dir / "extras.json"
            self.extras: dict = json.loads(extras_path.read_text()) if extras_path.exists() else {}
        except FileNotFoundError as exc:
            raise IndexUnavailable(f"the index at {settings.index_dir} is incomplete ({exc}); {REBUILD_HINT}") from None
        try:
            client = store.chroma_client(settings)
            self.collection = client.get_collection(manifest.collection_name)
        except store.StoreError as exc:
            raise IndexUnavailable(str(exc)) from None
        except Exception:
            where = "" if settings.embedded else (
                f" on the Chroma server at {settings.chroma_url} (the index was built against {manifest.mode})"
            )
            raise IndexUnavailable(
                f"the vector collection {manifest.collection_name} of the index at {settings.index_dir} "
                f"is missing{where}; {REBUILD_HINT}"
            ) from None
        self._vector_rows = self.collection.count()  # a generation never changes: count once
        self._manifest_mtime = (settings.index_dir / store.MANIFEST).stat().st_mtime
        self.documents = [Document.from_dict(d) for d in manifest.documents]
        self.row_of: dict[tuple[str, str], int] = {}
        self.by_symbol: dict[str, list[Paragraph]] = defaultdict(list)
        for i, p in enumerate(self.paragraphs):
            self.row_of[(p.id, p.language)] = i
            self.by_symbol[p.symbol].append(p)
        self._languages = sorted({p.language for p in self.paragraphs})  # asked on every question
        self._columns = self._build_columns()
        self._embedder = None
        self._lock = threading.Lock()
        self._masks: dict[Filters, np.ndarray | None] = {}

    # ------------------------------------------------------------------ basics

    @property
    def embedder(self):
        if self._embedder is None:
            from index.embed import embedder_for

            self._embedder = embedder_for(self.settings)
        return self._embedder

    def is_stale(self) -> bool:
        """True once another build has switched the manifest; the caller reloads."""
        try:
            return (self.settings.index_dir / store.MANIFEST).stat().st_mtime != self._manifest_mtime
        except FileNotFoundError:
            return True

    @cached_property
    def links(self):
        from index.crossrefs import Reference

        return [Reference.from_dict(d) for d in self.extras.get("links", [])]

    @cached_property
    def glossary(self):
        from index.glossary import GlossaryEntry

        return [GlossaryEntry.from_dict(d) for d in self.extras.get("glossary", [])]

    @cached_property
    def known_ids(self) -> set[str]:
        return {p.id for p in self.paragraphs}

    def languages(self) -> list[str]:
        return list(self._languages)

    def get(self, pid: str, language: str = "en") -> Paragraph | None:
        row = self.row_of.get((pid, language))
        if row is None and language != "en":
            return None
        if row is None:  # a document indexed only in another language
            for lang in self.languages():
                row = self.row_of.get((pid, lang))
                if row is not None:
                    break
        return self.paragraphs[row] if row is not None else None

    def versions(self, pid: str) -> dict[str, Paragraph]:
        """Every indexed language version of one paragraph id."""
        out = {}
        for lang in self.languages():
            row = self.row_of.get((pid, lang))
            if row is not None:
                out[lang] = self.paragraphs[row]
        return out

    def document(self, symbol: str, language: str = "en") -> Document | None:
        for d in self.documents:
            if d.symbol == symbol and d.language == language:
                return d
        return next((d for d in self.documents if d.symbol == symbol), None)

    def symbols(self) -> list[str]:
        return sorted({d.symbol for d in self.documents})

    # ------------------------------------------------------------------ filters

    def _build_columns(self) -> dict[str, np.ndarray]:
        ps = self.paragraphs
        return {
            "symbol": np.array([p.symbol for p in ps], dtype=object),
            "body": np.array([p.body for p in ps], dtype=object),
            "year": np.array([p.year for p in ps], dtype=np.int32),
            "kind": np.array([p.kind for p in ps], dtype=object),
            "language": np.array([p.language for p in ps], dtype=object),
            "verb": np.array([p.verb for p in ps], dtype=object),
            "addressee": np.array([p.addressee for p in ps], dtype=object),
        }

    def _topic_symbols(self, topics: tuple[str, ...]) -> tuple[str, ...]:
        wanted = {t.lower() for t in topics}
        return tuple(sorted({d.symbol for d in self.documents if wanted & {t.lower() for t in d.topics}})) or (
            "\u2205",
        )

    def effective(self, filters: Filters) -> Filters:
        """Topic filters are per document: turn them into a symbol filter."""
        if not filters.topics:
            return filters
        symbols = self._topic_symbols(filters.topics)
        if filters.symbols:
            symbols = tuple(s for s in symbols if s in filters.symbols) or ("\u2205",)
        from dataclasses import replace

        return replace(filters, topics=(), symbols=symbols)

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows the filters keep (None: all).  Cached on the index, so it goes when the index is reloaded."""
        filters = self.effective(filters)
        if filters not in self._masks:
            if len(self._masks) >= MASK_CACHE_SIZE:
                self._masks.pop(next(iter(self._masks)))
            self._masks[filters] = _build_mask(self, filters)
        return self._masks[filters]

    def where(self, filters: Filters) -> dict | None:
        """The `mask` rules as a Chroma `where`; None when they keep every row.

        A clause that keeps every row is not free in Chroma: at 100k rows the
        always-true `language = "en"` of a one-language index made each query
        ~50x slower (metadata pre-filtering), so it is not sent at all.
        """
        if self.mask(filters) is None:
            return None
        filters = self.effective(filters)
        clauses: list[dict] = []
        if filters.symbols:
            clauses.append({"symbol": {"$in": list(filters.symbols)}})
        if filters.bodies:
            clauses.append({"body": {"$in": list(filters.bodies)}})
        if filters.year_from is not None:
            clauses.append({"year": {"$gte": int(filters.year_from)}})
        if filters.year_to is not None:
            clauses.append({"year": {"$lte": int(filters.year_to)}})
        if filters.kinds:
            clauses.append({"kind": {"$in": _kind_values(filters.kinds)}})
        if filters.language and self._languages != [filters.language]:
            clauses.append({"language": filters.language})
        if filters.verbs:
            clauses.append({"verb": {"$in": list(filters.verbs)}})
        if filters.addressees:
            clauses.append({"addressee": {"$in": list(filters.addressees)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def allows(self, p: Paragraph, filters: Filters) -> bool:
        """The same rules as `mask`/`where`, for the few paragraphs found by direct lookup."""
        m = self.mask(filters)
        return True if m is None else bool(m[self.row_of[(p.id, p.language)]])

    # ------------------------------------------------------------------ search

    def keyword_search(self, query: str, language: str, k: int, filters: Filters,
                       tokens: list[str] | None = None) -> list[tuple[Paragraph, float]]:
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        hits = self.keyword.search(query, language, k, mask, tokens=tokens)
        return [(self.paragraphs[row], score) for row, score in hits]

    def dense_search(self, query: str, k: int, filters: Filters) -> list[tuple[Paragraph, float]]:
        """Cosine similarity, best piece per paragraph."""
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        vector = self.embedder.encode_query(query)
        where = self.where(filters)
        n = min(k * 2, max(1, self._vector_rows))
        if mask is not None and int(mask.sum()) <= EXACT_SEARCH_ROWS:
            scored = self._exact_search(vector, where, n)
        else:
            with self._lock:  # row ids name the paragraph: no metadata to fetch
                res = self.collection.query(
                    query_embeddings=[vector.tolist()], n_results=n, where=where, include=["distances"]
                )
            scored = [(row_id, 1.0 - float(d)) for row_id, d in zip(res["ids"][0], res["distances"][0], strict=True)]
        best: dict[tuple[str, str], float] = {}
        for row_id, sim in scored:
            language, pid = store.split_row_id(row_id)
            key = (pid, language)
            if sim > best.get(key, -2.0):
                best[key] = sim
        out = []
        for (pid, lang), sim in sorted(best.items(), key=lambda kv: -kv[1])[:k]:
            row = self.row_of.get((pid, lang))
            if row is not None:
                out.append((self.paragraphs[row], sim))
        return out

    def _exact_search(self, vector: np.ndarray, where: dict | None, n: int) -> list[tuple[str, float]]:
        """Exact cosine over the few rows a filter keeps, fetched from Chroma by that filter.

        Chroma's HNSW search with a `where` that keeps a few rows walks most of the graph: at
        100k rows, 90 ms for a 74-paragraph document against 14 ms fetching its vectors and
        scoring them here (exact, too).  From ~1000 rows on HNSW wins (40 ms against 67 at
        1241 rows), hence EXACT_SEARCH_ROWS.  The filter is still applied by the store.
        """
        with self._lock:
            got = self.collection.get(where=where, include=["embeddings"])
        if not got["ids"]:
            return []
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        sims = vectors @ vector / np.maximum(np.linalg.norm(vectors, axis=1) * np.linalg.norm(vector), 1e-12)
        top = np.argsort(-sims)[:n]
        return [(got["ids"][i], float(sims[i])) for i in top]

def _build_mask(index: CorpusIndex, filters: Filters) -> np.ndarray | None:
    if filters == Filters():
        return None
    cols = index._columns
    m = np.ones(len(index.paragraphs), dtype=bool)
    if filters.symbols:
        m &= np.isin(cols["symbol"], list(filters.symbols))
    if filters.bodies:
        m &= np.isin(cols["body"], list(filters.bodies))
    if filters.year_from is not None:
        m &= cols["year"] >= filters.year_from
    if filters.year_to is not None:
        m &= cols["year"] <= filters.year_to
    if filters.kinds:
        m &= np.isin(cols["kind"], _kind_values(filters.kinds))
    if filters.language:
        m &= cols["language"] == filters.language
    if filters.verbs:
        m &= np.isin(cols["verb"], list(filters.verbs))
    if filters.addressees:
        m &= np.isin(cols["addressee"], list(filters.addressees))
    return None if m.all() else m
