"""One dispatch point from a file to its paragraphs, by file type.

Each reader turns one file into a `ParsedDocument`.  Readers never guess at
metadata the caller already knows: `meta` (from the catalog/manifest or front
matter) wins, and whatever is inferred from the text is listed in
`ParsedDocument.notes` so the build summary can say so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.parsed import ParsedDocument, ReadError

__all__ = ["SUPPORTED_SUFFIXES", "ParsedDocument", "ReadError", "Reader", "read_file"]


Reader = Callable[[Path, dict], ParsedDocument]


def _readers() -> dict[str, Reader]:
    # Imported lazily so a missing optional parser only breaks its own format.
    from index.readers import docx, html, markdown, pdf, text

    table: dict[str, Reader] = {
        ".md": markdown.read,
        ".markdown": markdown.read,
        ".txt": text.read,
        ".html": html.read,
        ".htm": html.read,
        ".pdf": pdf.read,
        ".docx": docx.read,
    }
    try:
        from index.readers import akn

        table[".xml"] = akn.read
    except ImportError:  # pragma: no cover - the AKN reader lands with issue 6
        pass
    return table


SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx", ".xml")


def read_file(path: Path, meta: dict | None = None) -> ParsedDocument:
    """Read any supported file; raises ReadError with a one-line reason."""
    reader = _readers().get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'!r}")
    return reader(path, dict(meta or {}))
