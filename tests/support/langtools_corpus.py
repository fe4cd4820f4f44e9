"""Paragraph lists for the language-tool tests: the seed plus tests/fixtures/langtools/*.md.

Read with the project's own Markdown reader: the seed with its catalog entry,
the fixtures with their YAML front matter (symbol, title, body, date).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from index.catalog import load_catalog
from index.paragraph import Paragraph
from index.readers import read_file
from tests.support.shared_paths import SEED

FIXTURES = Path(__file__).parents[1] / "fixtures" / "langtools"


@cache
def seed_paragraphs() -> tuple[Paragraph, ...]:
    meta = load_catalog(SEED.parent).get(SEED.name, {})
    return tuple(read_file(SEED, meta).paragraphs)


@cache
def fixture_paragraphs(name: str) -> tuple[Paragraph, ...]:
    return tuple(read_file(FIXTURES / name).paragraphs)


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("*.md"))


def all_paragraphs() -> list[Paragraph]:
    """Seed plus every fixture document, in date order."""
    paras = list(seed_paragraphs())
    for name in fixture_names():
        paras.extend(fixture_paragraphs(name))
    return sorted(paras, key=lambda p: (p.date, p.symbol, p.order))


def by_id(paragraphs) -> dict[str, Paragraph]:
    return {p.id: p for p in paragraphs}
