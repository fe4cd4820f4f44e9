"""Shared fixtures: the real embedding model and a real Chroma index of the seed, built once per session.

Server mode gets a real `chroma run` on a free loopback port, and the seed indexed into it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from tests.support.shared_paths import COMPARE_PAIR, seed_corpus_dir

# What `make test-fast` leaves out (`-m "not llm and not browser and not e2e and not heavy"`), marked
# here and only here, from what a test uses, so a new test that starts the LLM server or a browser is
# marked without anyone remembering to: a fixture it requests (directly or through another fixture), or
# a module its file imports (anywhere in the file, imports inside functions too).  Markers: pyproject.toml.
MARK_BY_FIXTURE = {
    "llm_server": "llm",  # the real llama.cpp server (tests/support/llm_server.py)
    "chroma_url": "e2e",  # a real `chroma run` (server_seed requests it too)
    # Minutes of CPU each on 2 cores (pytest --durations): the en+fr corpus index, the six-language
    # index, a training run of the embedder.
    "corpus_assistant": "heavy",
    "ml_settings": "heavy",
    "tiny_run": "heavy",
}
MARK_BY_IMPORT = {
    "tests.support.llm_server": "llm",
    "llama_cpp": "llm",
    "tests.support.browser_support": "browser",  # Streamlit + headless Chromium; `make browser`'s tools
    "selenium": "browser",
    "tests.support.chroma_server": "e2e",
}
# Files that need more than their imports show: the staged index runs `wsis index` in subprocesses
# (one killed half-way); the Word-to-PDF test calls LibreOffice.
MARK_BY_FILE = {
    "test_staged_index.py": "e2e",
    "test_word_pdf.py": "browser",  # LibreOffice headless and pdftoppm, which `make browser` installs
}
# Single tests of a minute or more with no fixture to key on: every mutated claim through the verifier,
# and the scripts that refit a checked-in model from the question bank.
MARK_BY_TEST = {
    "test_adversarial.py::test_no_mutated_claim_is_accepted_and_faithful_ones_are": "heavy",
    "test_judge.py::test_the_script_reproduces_the_checked_in_judge_and_rule_counts": "heavy",
    "test_rerank.py::test_fitting_script_reproduces_checked_in_parameters": "heavy",
}


@cache
def _imported_marks(path: Path) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return frozenset(mark for module, mark in MARK_BY_IMPORT.items()
                     for name in names if name == module or name.startswith(module + "."))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(item.path)
        marks = {MARK_BY_FIXTURE[f] for f in getattr(item, "fixturenames", ()) if f in MARK_BY_FIXTURE}
        marks |= _imported_marks(path)
        if path.name in MARK_BY_FILE:
            marks.add(MARK_BY_FILE[path.name])
        test = f"{path.name}::{getattr(item, 'originalname', item.name)}"  # parametrized: every case
        if test in MARK_BY_TEST:
            marks.add(MARK_BY_TEST[test])
        for mark in sorted(marks):
            item.add_marker(mark)


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """An index of the seed document alone, built with the real model into a temp dir."""
    from index.build import build_index
    from index.settings import load_settings

    index_dir = tmp_path_factory.mktemp("seed-index")
    report = build_index(load_settings(index_dir=index_dir, corpus_dir=seed_corpus_dir()), progress=False)
    assert report.ok and report.paragraphs == 68, report.summary()
    return index_dir


@pytest.fixture(scope="session")
def seed_settings(seed_index_dir):
    from index.settings import load_settings

    return load_settings(index_dir=seed_index_dir, corpus_dir=seed_corpus_dir())


@pytest.fixture(scope="session")
def seed_assistant(seed_settings):
    from assistant.assistant import Assistant

    return Assistant(seed_settings)


def corpus_settings(index_dir: Path, chroma_url: str | None = None):
    """Settings for the seed corpus from defaults only, so a WSIS_* variable in the shell cannot leak in."""
    from index.settings import Settings

    return Settings(corpus_dir=seed_corpus_dir(), index_dir=index_dir, chroma_url=chroma_url)


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    """A real `chroma run` on a free loopback port for the whole session."""
    from tests.support.chroma_server import running_chroma_server

    with running_chroma_server(tmp_path_factory.mktemp("chroma-server") / "data") as url:
        yield url


@pytest.fixture(scope="session")
def server_seed(tmp_path_factory, chroma_url):
    """The seed corpus with its vectors on the Chroma server (built once per session)."""
    from index.build import build_index

    settings = corpus_settings(tmp_path_factory.mktemp("server") / "index", chroma_url)
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    return settings


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory):
    """The bundled corpus in English and French (the 18 resolutions, 23 documents), indexed once per session.

    For answerability and ranking tests on the real documents; the six-language build is exercised by
    the language tests.
    """
    import json
    import shutil

    from assistant.assistant import Assistant
    from index.build import build_index
    from index.settings import load_settings
    from tests.support.shared_paths import CORPUS

    corpus = tmp_path_factory.mktemp("corpus-en-fr")
    for sub in ("md", "docx", "akn/en", "akn/fr"):
        shutil.copytree(CORPUS / sub, corpus / sub)
    for f in CORPUS.glob("*.md"):
        if f.name != "README.md":
            shutil.copy(f, corpus / f.name)
    catalog = json.loads((CORPUS / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog:
        akn = entry.get("files", {}).get("akn")
        if isinstance(akn, dict):
            entry["files"]["akn"] = {lang: path for lang, path in akn.items() if lang in ("en", "fr")}
    (corpus / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    settings = load_settings(index_dir=tmp_path_factory.mktemp("corpus-index"), corpus_dir=corpus)
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    return Assistant(settings)


@pytest.fixture(scope="session")
def compare_index(tmp_path_factory):
    """A real index of two ECOSOC resolutions (English; 2024/13 also in French), built once: comparisons."""
    import json
    import shutil

    from index.build import build_index
    from index.settings import Settings
    from tests.support.shared_paths import CORPUS

    corpus = tmp_path_factory.mktemp("compare-corpus")
    entries = []
    for entry in json.loads((CORPUS / "catalog.json").read_text(encoding="utf-8")):
        if entry["symbol"] not in COMPARE_PAIR:
            continue
        akn = {lang: f for lang, f in entry["files"]["akn"].items()
               if lang == "en" or (lang == "fr" and entry["symbol"] == COMPARE_PAIR[0])}
        entry["files"] = {"md": entry["files"]["md"], "akn": akn}
        for f in (entry["files"]["md"], *akn.values()):
            (corpus / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(CORPUS / f, corpus / f)
        entries.append(entry)
    (corpus / "catalog.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("compare-index")
    report = build_index(Settings(corpus_dir=corpus, index_dir=index_dir), progress=False)
    assert report.ok, report.summary()
    return index_dir
