"""DOCX reader (work in progress on branch readers)."""

from __future__ import annotations

from pathlib import Path

from index.readers import ParsedDocument, ReadError


def read(path: Path, meta: dict) -> ParsedDocument:
    raise ReadError("the DOCX reader is not finished yet")
