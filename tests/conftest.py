"""Session-wide fixtures: the seed corpus indexed once into an embedded store, and a real Chroma server."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.build import build_index
from index.settings import Settings
from tests.chroma_server import running_chroma_server
from tests.shared_paths import PROJECT

SEED_CORPUS = PROJECT / "corpus"

# `Assistant.ask` composes answers with modules written on the `answer` branch.
ASK_MODULES = ("assistant.extractive", "assistant.conversation")
ASK_READY = all(importlib.util.find_spec(m) is not None for m in ASK_MODULES)
needs_ask = pytest.mark.skipif(not ASK_READY, reason="assistant.extractive/conversation are not merged yet")


def seed_settings(index_dir: Path, chroma_url: str | None = None) -> Settings:
    """Settings for the seed corpus; built from defaults so a WSIS_* variable in the shell cannot leak in."""
    return Settings(corpus_dir=SEED_CORPUS, index_dir=index_dir, chroma_url=chroma_url)


@pytest.fixture(scope="session", autouse=True)
def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def embedded_seed(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed corpus in an embedded Chroma store (built once per session)."""
    settings = seed_settings(tmp_path_factory.mktemp("embedded") / "index")
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    return settings


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on a free loopback port for the whole session."""
    with running_chroma_server(tmp_path_factory.mktemp("chroma-server") / "data") as url:
        yield url


@pytest.fixture(scope="session")
def server_seed(tmp_path_factory: pytest.TempPathFactory, chroma_url: str) -> Settings:
    """The seed corpus with its vectors on the Chroma server (built once per session)."""
    settings = seed_settings(tmp_path_factory.mktemp("server") / "index", chroma_url)
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    return settings
