"""Paragraph records of the seed resolution by loc, read with the project's own reader."""

from __future__ import annotations

from functools import cache

from index.paragraph import Paragraph
from tests.support.langtools_corpus import seed_paragraphs as _seed_in_order


@cache
def seed_paragraphs() -> dict[str, Paragraph]:
    """Every citable unit of the seed, by loc (`35`, `32(c)`, `PP2`, `FN1`)."""
    return {p.loc: p for p in _seed_in_order()}


def seed(loc: str) -> Paragraph:
    return seed_paragraphs()[loc]
