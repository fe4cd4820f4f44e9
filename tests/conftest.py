"""Shared fixtures: the real embedding model and a real Chroma index of the seed, built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """An index of the bundled corpus (the seed), built with the real model into a temp dir."""
    from index.build import build_index
    from index.settings import load_settings

    index_dir = tmp_path_factory.mktemp("seed-index")
    report = build_index(load_settings(index_dir=index_dir, corpus_dir=PROJECT / "corpus"), progress=False)
    assert report.ok and report.paragraphs == 68, report.summary()
    return index_dir


@pytest.fixture(scope="session")
def seed_settings(seed_index_dir):
    from index.settings import load_settings

    return load_settings(index_dir=seed_index_dir, corpus_dir=PROJECT / "corpus")


@pytest.fixture(scope="session")
def seed_assistant(seed_settings):
    from assistant.assistant import Assistant

    return Assistant(seed_settings)
