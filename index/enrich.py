"""Facts mined from the whole corpus at build time and stored with the index."""

from __future__ import annotations

from index.paragraph import Paragraph


def enrich(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], dict]:
    """Return paragraphs annotated with build-time facts, and the extras to store beside them."""
    return paragraphs, {}
