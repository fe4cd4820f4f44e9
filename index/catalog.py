"""Document metadata from a `catalog.json` beside the documents.

The catalog is a JSON list shaped like `../shared/corpus/catalog.json`: one entry
per document (symbol, title, body, date, type, language) with its `files`
(`"md": path`, `"docx": path`, `"akn": {lang: path}`), paths relative to the
corpus folder.  `load_catalog` turns it into the per-file `meta` dict that
`index.readers.read_file` takes, so every reader sees the same metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.readers import ReadError

CATALOG_NAME = "catalog.json"
_META_FIELDS = ("symbol", "title", "body", "date", "type", "language")


def catalog_entries(entries: list[dict]) -> dict[str, dict]:
    """Catalog entries -> {relative file path: metadata}; a language-keyed file sets `language`."""
    by_file: dict[str, dict] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("symbol"):
            raise ReadError(f"catalog entry without a symbol: {str(entry)[:80]}")
        base = {k: str(entry[k]) for k in _META_FIELDS if entry.get(k)}
        for value in (entry.get("files") or {}).values():
            if isinstance(value, str):
                by_file[Path(value).as_posix()] = dict(base)
            elif isinstance(value, dict):
                for lang, path in value.items():
                    by_file[Path(path).as_posix()] = {**base, "language": str(lang)}
    return by_file


def load_catalog(corpus_dir: Path) -> dict[str, dict]:
    """Read `corpus_dir/catalog.json`; {} when there is none (metadata then comes from the files)."""
    path = Path(corpus_dir) / CATALOG_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"{CATALOG_NAME} is not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if not isinstance(data, list):
        raise ReadError(f"{CATALOG_NAME} must be a list of document entries")
    return catalog_entries(data)
