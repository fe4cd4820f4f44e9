"""What a reader returns (`ParsedDocument`) and raises (`ReadError`).

Kept apart from the dispatch in `index/readers/__init__.py` so that structure
recovery, which builds these records, needs no import of the readers package
that imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.paragraph import Document, Paragraph


class ReadError(Exception):
    """A file that cannot be read; the message says what is wrong (the caller names the file)."""


@dataclass
class ParsedDocument:
    """One document's metadata, its paragraphs in reading order, and what the reader had to guess."""

    document: Document
    paragraphs: list[Paragraph]
    notes: list[str] = field(default_factory=list)
