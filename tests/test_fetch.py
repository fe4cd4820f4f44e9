"""`fetch_corpus` against a loopback server serving the bundled corpus/akn in the UNxml repositories' layout."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from index.fetch import UnsafePath, fetch_corpus, load_manifest, planned_files, validate_akn
from index.settings import load_settings
from tests.support.cli_run import wsis
from tests.support.shared_paths import CORPUS

FOLDERS = {"English": "en", "French": "fr", "Spanish": "es", "Arabic": "ar", "Chinese": "zh", "Russian": "ru"}


class _Mirror:
    """What the fake server serves, and which files it breaks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.faults: dict[str, str] = {}  # file name -> 500 | 500once | truncate | cut | swap:<other file>
        self.hits: Counter[str] = Counter()


def _handler(mirror: _Mirror) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")  # repo, ref, dir, Language, file
            name = parts[-1]
            mirror.hits[name] += 1
            fault = mirror.faults.get(name, "")
            if fault == "500" or (fault == "500once" and mirror.hits[name] == 1):
                self.send_error(500, "boom")
                return
            lang = FOLDERS.get(parts[-2] if len(parts) >= 5 else "", "")
            local = mirror.root / lang / (fault.removeprefix("swap:") if fault.startswith("swap:") else name)
            if not lang or not local.is_file():
                self.send_error(404, "not found")
                return
            body = local.read_bytes()
            if fault == "cut":
                body = body[: len(body) // 2]
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body) + (5000 if fault == "truncate" else 0)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def mirror() -> Iterator[tuple[_Mirror, str]]:
    state = _Mirror(CORPUS / "akn")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _manifest(symbols: list[str], extra: list[dict] | None = None) -> dict:
    full = load_manifest()
    docs = [d for d in full["documents"] if d["symbol"] in symbols] + (extra or [])
    return {**full, "documents": docs}


MISSING = {"symbol": "E/RES/2099/1", "title": "Not yet adopted", "body": "Economic and Social Council",
           "date": "2099-07-01", "type": "resolution", "repo": "ECOSOCresolutions", "dir": "2099",
           "file": "E_RES_2099_1_{L}.xml"}  # fmt: skip


def test_fetch_reports_each_failure_and_resumes_once_the_server_is_fixed(tmp_path: Path, mirror):
    state, url = mirror
    manifest = _manifest(["E/RES/2023/3", "A/RES/80/173", "A/RES/80/118"], [MISSING])
    state.faults = {
        "E_RES_2023_3_E.xml": "500once",  # recovered by the retry
        "E_RES_2023_3_F.xml": "500",  # server error on every attempt
        "A_RES_80_173-2520874E.xml": "truncate",  # Content-Length larger than the body
        "A_RES_80_118-2520736F.xml": "cut",  # complete transfer of a cut XML file
        "A_RES_80_118-2520736E.xml": "swap:E_RES_2024_13-2414121E.xml",  # another resolution
    }
    dest = tmp_path / "corpus"
    first = fetch_corpus(dest, ["en", "fr"], url, manifest, progress=False, retries=2, backoff=0)

    status = {(r.symbol, r.language): r for r in first.results}
    assert [r.path for r in first.fetched] == [
        "akn/en/E_RES_2023_3_E.xml",
        "akn/fr/A_RES_80_173-2520874F.xml",
    ]
    assert (
        "HTTP 500" in status["E/RES/2023/3", "fr"].detail
        and "3 attempts" in status["E/RES/2023/3", "fr"].detail
    )
    assert state.hits["E_RES_2023_3_F.xml"] == 3
    assert "incomplete" in status["A/RES/80/173", "en"].detail
    assert "not well-formed" in status["A/RES/80/118", "fr"].detail
    assert "expected A/RES/80/118" in status["A/RES/80/118", "en"].detail
    assert "404" in status["E/RES/2099/1", "en"].detail and state.hits["E_RES_2099_1_E.xml"] == 1  # no retry
    assert len(first.failed) == 6 and not first.ok
    assert first.summary() == "2 fetched, 0 skipped (already present), 6 failed"
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.xml*")) == [
        "akn/en/E_RES_2023_3_E.xml",
        "akn/fr/A_RES_80_173-2520874F.xml",
    ]  # nothing invalid or partial is kept
    catalog = json.loads(first.catalog_path.read_text())
    assert {e["symbol"]: e["files"]["akn"] for e in catalog} == {
        "E/RES/2023/3": {"en": "akn/en/E_RES_2023_3_E.xml"},
        "A/RES/80/173": {"fr": "akn/fr/A_RES_80_173-2520874F.xml"},
    }

    # An interrupted run left a partial file; the server is fixed.
    (dest / "akn/en/A_RES_80_173-2520874E.xml.part").write_bytes(b"<akomaNtoso")
    state.faults = {}
    state.hits.clear()
    second = fetch_corpus(dest, ["en", "fr"], url, manifest, progress=False, retries=2, backoff=0)
    assert [r.path for r in second.skipped] == [
        "akn/en/E_RES_2023_3_E.xml",
        "akn/fr/A_RES_80_173-2520874F.xml",
    ]
    assert state.hits["E_RES_2023_3_E.xml"] == 0  # valid files are not downloaded again
    assert len(second.fetched) == 4
    assert [r.symbol for r in second.failed] == ["E/RES/2099/1", "E/RES/2099/1"]
    assert second.lines()[-1] == "4 fetched, 2 skipped (already present), 2 failed"
    assert not list(dest.rglob("*.part"))
    for r in second.fetched + second.skipped:
        assert (dest / r.path).read_bytes() == (CORPUS / r.path).read_bytes()
    catalog = {e["symbol"]: e for e in json.loads(second.catalog_path.read_text())}
    assert set(catalog) == {"E/RES/2023/3", "A/RES/80/173", "A/RES/80/118"}
    assert catalog["A/RES/80/118"]["files"]["akn"] == {
        "en": "akn/en/A_RES_80_118-2520736E.xml",
        "fr": "akn/fr/A_RES_80_118-2520736F.xml",
    }
    assert catalog["A/RES/80/118"]["date"] == "2025-12-15"


def test_a_corrupted_file_on_disk_is_fetched_again(tmp_path: Path, mirror):
    _, url = mirror
    manifest = _manifest(["A/RES/79/277"])
    target = tmp_path / "akn/en/A_RES_79_277-2504977E.xml"
    target.parent.mkdir(parents=True)
    target.write_bytes((CORPUS / "akn/en/A_RES_79_277-2504977E.xml").read_bytes()[:3000])
    report = fetch_corpus(tmp_path, ["en"], url, manifest, progress=False, backoff=0)
    assert [r.status for r in report.results] == ["fetched"]
    assert validate_akn(target.read_bytes(), "A/RES/79/277", "en") is None


def test_manifest_matches_the_bundled_catalog_sources():
    """The manifest's English paths are the ones the bundled corpus was taken from."""
    catalog = {d["symbol"]: d for d in json.loads((CORPUS / "catalog.json").read_text())}
    manifest = load_manifest()
    for entry, _, repo_path, rel in planned_files(manifest, ["en"]):
        source = catalog[entry["symbol"]]["source"]
        assert source.startswith(f"UNxml/{entry['repo']} {repo_path} @ ")
        assert manifest["repositories"][entry["repo"]]["ref"].startswith(source.rsplit("@ ", 1)[1])
        assert (CORPUS / rel).is_file()
    symbols = {d["symbol"] for d in manifest["documents"]}
    assert {"A/RES/80/173", "A/RES/79/277", "A/RES/79/1", "E/RES/2025/18"} <= symbols
    for entry, lang, _, rel in planned_files(manifest, ["fr", "zh", "ar"]):
        if entry["symbol"] in {"A/RES/80/173", "E/RES/2023/3"}:
            assert (CORPUS / rel).is_file(), (lang, rel)


def test_unknown_language_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="unknown language"):
        fetch_corpus(tmp_path, ["de"], "http://127.0.0.1:9", progress=False)


def test_base_url_setting_from_environment(monkeypatch):
    assert load_settings().fetch_base_url == "https://raw.githubusercontent.com/UNxml"
    monkeypatch.setenv("WSIS_FETCH_BASE_URL", "http://mirror.example/UNxml")
    assert load_settings().fetch_base_url == "http://mirror.example/UNxml"


def test_cli_fetch_then_index(tmp_path: Path, mirror):
    """`wsis corpus fetch` downloads into the corpus folder, then indexes it with the rest."""
    _, url = mirror
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(_manifest(["A/RES/79/277"])))
    corpus = tmp_path / "corpus"
    env_args = ["--index-dir", str(tmp_path / "index")]
    out = wsis("corpus", "fetch", "--dest", str(corpus), "--base-url", url,
               "--lang", "en,fr", "--manifest", str(manifest), "--quiet", *env_args)
    # A/RES/79/277 exists in English only: French is reported missing, English fetched and indexed.
    assert out.returncode == 1, out.stdout + out.stderr
    assert (corpus / "akn" / "en").is_dir() and (corpus / "catalog.json").is_file()
    assert "Indexed 1 documents" in out.stdout
    docs = wsis("docs", *env_args)
    assert "A/RES/79/277" in docs.stdout and "2025-03-25" in docs.stdout


@pytest.mark.parametrize("name", ["../../../outside_{L}.xml", "/tmp/wsis-outside_{L}.xml", "../../../../{L}.xml"])
def test_a_manifest_path_leaving_the_destination_is_refused(tmp_path: Path, mirror, name: str):
    """Nothing outside the destination is written, replaced or deleted, even an invalid file there."""
    _, url = mirror
    dest = tmp_path / "a" / "b" / "corpus"
    outside = (dest / "akn" / "en" / name.replace("{L}", "E")).resolve()
    if outside.is_relative_to(tmp_path):
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("not AKN: would be deleted as invalid if it were fetched over")
    entry = {**MISSING, "symbol": "E/RES/2099/2", "file": name}
    with pytest.raises(UnsafePath, match="outside the destination folder"):
        fetch_corpus(dest, ["en"], url, _manifest(["A/RES/79/277"], [entry]), progress=False, backoff=0)
    assert not dest.exists()  # refused before anything was fetched
    if outside.is_relative_to(tmp_path):
        assert outside.read_text().startswith("not AKN")


def test_cli_fetch_with_every_file_failing_says_so_in_one_line(tmp_path: Path, mirror):
    _, url = mirror
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(_manifest([], [MISSING])))
    out = wsis("corpus", "fetch", "--dest", str(tmp_path / "corpus"), "--base-url", url,
               "--manifest", str(manifest), "--quiet", "--index-dir", str(tmp_path / "index"))
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.count("\n") == 1 and "no readable document" in out.stderr
    assert "0 fetched, 0 skipped (already present), 1 failed" in out.stdout and "HTTP 404" in out.stdout
