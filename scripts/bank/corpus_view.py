"""The corpus as the index reads it, for the question bank's tools.

The bank's checker and the writers' paragraph listings must see exactly the
paragraph ids the index holds, so both read the corpus through the index's own
readers and version choice (`index.readers.read_file`, `index.versions.choose_versions`)
instead of a parser of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from index.build import corpus_files
from index.catalog import load_catalog
from index.paragraph import Paragraph
from index.readers import SUPPORTED_SUFFIXES, ReadError, read_file
from index.versions import choose_versions

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@cache
def corpus_paragraphs(corpus_dir: Path = CORPUS) -> tuple[Paragraph, ...]:
    """Every indexed paragraph of every language version, in reading order per document."""
    catalog = load_catalog(corpus_dir)
    parsed = []
    for path in corpus_files(corpus_dir):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            doc = read_file(path, catalog.get(path.relative_to(corpus_dir).as_posix(), {}))
        except ReadError:
            continue
        if doc.paragraphs:
            parsed.append((path, doc))
    chosen = choose_versions(parsed, root=corpus_dir).chosen
    return tuple(p for _, doc in chosen for p in doc.paragraphs)


def by_id(corpus_dir: Path = CORPUS) -> dict[str, list[Paragraph]]:
    """Paragraph id -> its language versions (the id is shared across languages)."""
    out: dict[str, list[Paragraph]] = {}
    for p in corpus_paragraphs(corpus_dir):
        out.setdefault(p.id, []).append(p)
    return out
