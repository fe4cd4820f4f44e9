"""`wsis corpus fetch`: download the official AKN4UN XML of the WSIS resolutions.

The UN publishes its resolutions as Akoma Ntoso XML in two public repositories,
UNxml/GAresolutions and UNxml/ECOSOCresolutions, laid out as
`<dir>/<Language>/<file>` where the file name ends in the language letter
(`80session/French/A_RES_80_173-2520874F.xml`).  `fetch_manifest.json` lists the
WSIS-related ones; this module fetches them for the languages asked for into
`<dest>/akn/<lang>/`, the layout of the shared test corpus, and writes a
`catalog.json` next to them so that indexing picks up their metadata.

A file is kept only once it is well-formed Akoma Ntoso carrying the expected symbol
and language: a download goes to `<name>.part` and is renamed into place after
validation, so an interrupted run never leaves a half file under the real name.  A
second run skips files that are present and valid, and fetches the rest.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from lxml import etree
from tqdm import tqdm

from index.readers import ReadError
from index.readers.akn import is_akn, parse_akn, read_meta

FETCHED, SKIPPED, FAILED = "fetched", "skipped", "failed"
_CHUNK = 64 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class FileResult:
    symbol: str
    language: str
    path: str  # relative to dest, e.g. "akn/fr/A_RES_80_173-2520874F.xml"
    url: str
    status: str  # fetched | skipped | failed
    detail: str = ""

    def line(self) -> str:
        tail = f": {self.detail}" if self.detail else ""
        return f"{self.status:8} {self.symbol} [{self.language}] {self.path}{tail}"


@dataclass
class FetchReport:
    """Per-file outcome of one `fetch_corpus` run, and where the catalog was written."""

    results: list[FileResult] = field(default_factory=list)
    catalog_path: Path | None = None

    def _with(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def fetched(self) -> list[FileResult]:
        return self._with(FETCHED)

    @property
    def skipped(self) -> list[FileResult]:
        return self._with(SKIPPED)

    @property
    def failed(self) -> list[FileResult]:
        return self._with(FAILED)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        counts = len(self.fetched), len(self.skipped), len(self.failed)
        return "{} fetched, {} skipped (already present), {} failed".format(*counts)

    def lines(self) -> list[str]:
        """Failures first (they need attention), then the one-line summary."""
        return [r.line() for r in self.failed] + [self.summary()]


class _DownloadError(Exception):
    """One file could not be downloaded; the message is the report's detail."""


def load_manifest(path: Path | None = None) -> dict[str, Any]:
    """The curated manifest shipped with the package, or another one (tests, mirrors)."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return json.loads(resources.files("index").joinpath("fetch_manifest.json").read_text(encoding="utf-8"))


def planned_files(
    manifest: dict[str, Any], languages: list[str]
) -> list[tuple[dict[str, Any], str, str, str]]:
    """(document entry, language, repository path, local relative path) for every file to fetch."""
    langs = manifest["languages"]
    unknown = [lang for lang in languages if lang not in langs]
    if unknown:
        raise ValueError(f"unknown language(s) {', '.join(unknown)}; choose from {', '.join(langs)}")
    out = []
    for entry in manifest["documents"]:
        for lang in languages:
            folder, letter = langs[lang]
            name = entry["file"].replace("{L}", letter)
            out.append((entry, lang, f"{entry['dir']}/{folder}/{name}", f"akn/{lang}/{name}"))
    return out


class UnsafePath(ValueError):
    """A manifest entry names a file outside the destination folder."""


def check_inside(dest: Path, plan: list[tuple[dict[str, Any], str, str, str]]) -> None:
    """Refuse the whole plan if any file would land outside `dest` (`../../x`, an absolute path, a symlink out).

    Checked before anything is downloaded, replaced or deleted: `_fetch_one`
    removes a present file that fails validation, which must never reach a file
    the user did not give to the fetch.
    """
    root = dest.resolve()
    for entry, lang, _repo_path, rel in plan:
        name = entry.get("file", "")
        target = (dest / rel).resolve()
        if Path(name).is_absolute() or Path(rel).is_absolute() or not target.is_relative_to(root):
            raise UnsafePath(
                f"manifest entry {entry.get('symbol', '?')} [{lang}]: file {name!r} would be written to {target}, "
                f"outside the destination folder {root}; refused, nothing was fetched"
            )


def file_url(base_url: str, manifest: dict[str, Any], entry: dict[str, Any], repo_path: str) -> str:
    ref = manifest["repositories"][entry["repo"]]["ref"]
    return f"{base_url.rstrip('/')}/{entry['repo']}/{ref}/{repo_path}"


def validate_akn(data: bytes, symbol: str, language: str) -> str | None:
    """None when `data` is AKN XML of `symbol` in `language` with readable paragraphs; else why not."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        return f"not well-formed XML ({exc})"
    if not is_akn(root):
        return "not Akoma Ntoso XML"
    meta = read_meta(root)
    if meta.symbol != symbol:
        return f"symbol in the FRBR block is {meta.symbol or '(none)'}, expected {symbol}"
    if meta.language != language:
        return f"language in the FRBR block is {meta.language or '(none)'}, expected {language}"
    try:
        parse_akn(data, {})
    except ReadError as exc:
        return str(exc)
    return None


def _download(client: httpx.Client, url: str, part: Path, retries: int, backoff: float) -> None:
    """Stream `url` into `part`; retries server errors and broken transfers, not 4xx."""
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * attempt)
        try:
            with client.stream("GET", url) as response:
                if response.status_code == 404:
                    raise _DownloadError("missing on the server (HTTP 404)")
                if 400 <= response.status_code < 500:
                    raise _DownloadError(f"refused by the server (HTTP {response.status_code})")
                if response.status_code >= 500:
                    last = f"server error (HTTP {response.status_code})"
                    continue
                with part.open("wb") as out:
                    for chunk in response.iter_bytes(_CHUNK):
                        out.write(chunk)
                return
        except httpx.TransportError as exc:  # connection refused, reset, body shorter than Content-Length
            last = f"download incomplete ({type(exc).__name__}: {exc})"
    raise _DownloadError(f"{last} after {retries + 1} attempts")


def _fetch_one(
    client: httpx.Client, url: str, target: Path, symbol: str, language: str, retries: int, backoff: float
) -> tuple[str, str]:
    if target.exists():
        problem = validate_akn(target.read_bytes(), symbol, language)
        if problem is None:
            return SKIPPED, ""
        target.unlink()  # present but invalid: fetch it again
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)  # a leftover from an interrupted run is never trusted
    try:
        _download(client, url, part, retries, backoff)
        problem = validate_akn(part.read_bytes(), symbol, language)
        if problem is not None:
            raise _DownloadError(f"invalid file, not kept: {problem}")
        part.replace(target)  # atomic on one file system
        return FETCHED, ""
    except _DownloadError as exc:
        return FAILED, str(exc)
    finally:
        part.unlink(missing_ok=True)


def update_catalog(dest: Path, manifest: dict[str, Any], results: list[FileResult]) -> Path:
    """Add the valid files to `<dest>/catalog.json` (the shared catalog's shape), keeping other entries."""
    path = dest / "catalog.json"
    catalog: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    by_symbol = {e.get("symbol"): e for e in catalog}
    entries = {e["symbol"]: e for e in manifest["documents"]}
    for r in results:
        if r.status == FAILED:
            continue
        doc = entries[r.symbol]
        entry = by_symbol.get(r.symbol)
        if entry is None:
            entry = {k: doc[k] for k in ("symbol", "title", "body", "date", "type") if k in doc}
            entry["language"] = "en"
            entry["files"] = {}
            catalog.append(entry)
            by_symbol[r.symbol] = entry
        entry.setdefault("files", {}).setdefault("akn", {})[r.language] = r.path
        ref = manifest["repositories"][doc["repo"]]["ref"]
        english = doc["file"].replace("{L}", manifest["languages"]["en"][1])
        entry.setdefault("source", f"UNxml/{doc['repo']} {doc['dir']}/English/{english} @ {ref[:12]}")
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def fetch_corpus(
    dest: Path,
    languages: list[str],
    base_url: str,
    manifest: dict[str, Any] | None = None,
    progress: bool = True,
    *,
    retries: int = 2,
    backoff: float = 1.0,
    timeout: float = 60.0,
    client: httpx.Client | None = None,
) -> FetchReport:
    """Fetch every manifest file in `languages` into `dest/akn/<lang>/` and update `dest/catalog.json`.

    Never raises for a single file: each outcome is in the report.  Raises ValueError
    for an unknown language code, and UnsafePath (a ValueError) before touching
    anything when a manifest entry points outside `dest`.
    """
    manifest = manifest or load_manifest()
    dest = Path(dest)
    plan = planned_files(manifest, languages)
    check_inside(dest, plan)
    own_client = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=True)
    report = FetchReport()
    try:
        for entry, lang, repo_path, rel in tqdm(plan, desc="corpus fetch", unit="file", disable=not progress):
            url = file_url(base_url, manifest, entry, repo_path)
            status, detail = _fetch_one(client, url, dest / rel, entry["symbol"], lang, retries, backoff)
            report.results.append(FileResult(entry["symbol"], lang, rel, url, status, detail))
    finally:
        if own_client:
            client.close()
    report.catalog_path = update_catalog(dest, manifest, report.results)
    return report
