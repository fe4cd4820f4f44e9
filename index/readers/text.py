"""Plain-text reader: UTF-8, or a legacy 8-bit encoding detected with charset-normalizer.

Form feeds separate pages; a `---`/`____` line opens a page's footnote zone
("5 Text of the note"); footnote numbers glued to words ("Society,5") are
references.  Everything else is `index.structure`'s job.
"""

from __future__ import annotations

from pathlib import Path

from index.blocks import plain_text_blocks
from index.parsed import ParsedDocument, ReadError
from index.structure import parse_blocks

_FALLBACK = "cp1252"
_LATIN_LOOKALIKES = {
    "cp1252",
    "cp1250",
    "cp1257",
    "cp1254",
    "latin_1",
    "iso8859_1",
    "iso8859_2",
    "iso8859_15",
    "iso8859_9",
    "iso8859_13",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
    "ascii",
}


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding).  UTF-8 first; else charset-normalizer's guess; else Windows-1252.

    Binary data (NUL bytes) is refused: a text file never contains them.
    """
    if b"\x00" in data[:4096]:
        raise ReadError("binary data, not a text file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _FALLBACK
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        # A Western document: cp1252 over its look-alikes (they would lose curly quotes or dashes).
        if best is not None and best.encoding not in _LATIN_LOOKALIKES:
            encoding = best.encoding
    except ImportError:  # pragma: no cover - charset-normalizer ships with requests/chromadb
        pass
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode(_FALLBACK, errors="replace"), _FALLBACK


def read(path: Path, meta: dict) -> ParsedDocument:
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode(data)
    pages = [page.splitlines() for page in text.replace("\r\n", "\n").split("\f")]
    parsed = parse_blocks(plain_text_blocks(pages), meta, source=path.name, source_format="txt")
    if encoding != "utf-8":
        parsed.notes.append(f"decoded as {encoding}")
    return parsed
