"""`wsis index` end to end on small fixture corpora: real model, real Chroma, real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import store
from index.build import BuildLocked, build_index
from index.settings import load_settings
from tests.support.cli_run import CliResult, wsis
from tests.support.shared_paths import PROJECT

DOC_A = """United Nations
E/RES/2030/1
Economic and Social Council

# 2030/1. Fixture resolution on broadband

The Economic and Social Council,

Recalling its earlier work on connectivity,

1. Urges all stakeholders to expand affordable broadband in rural areas;

2. Requests the Secretary-General to report on community networks.
"""

DOC_B = """United Nations
A/RES/99/7
General Assembly

# 99/7. Fixture resolution on data

The General Assembly,

1. Decides to convene a meeting on data governance;
"""


def make_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def settings_for(tmp_path: Path, corpus: Path):
    return load_settings(index_dir=tmp_path / "index", corpus_dir=corpus)


def index_ids(settings) -> list[str]:
    from index.corpus_index import CorpusIndex

    return [p.id for p in CorpusIndex(settings).paragraphs]


def test_incremental_add_change_delete(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A, "b.md": DOC_B})
    settings = settings_for(tmp_path, corpus)
    first = build_index(settings, progress=False)
    assert first.ok, first.summary()
    assert (first.documents, first.paragraphs, first.added, first.embedded) == (2, 4, 4, 4)

    again = build_index(settings, progress=False)
    assert again.unchanged and again.embedded == 0
    assert again.seconds < 1.5  # no model load, no re-read: manifest comparison only

    (corpus / "a.md").write_text(DOC_A.replace("community networks", "satellite networks"), encoding="utf-8")
    changed = build_index(settings, progress=False)
    assert (changed.changed, changed.added, changed.removed) == (1, 0, 0)
    assert changed.embedded == 1 and changed.reused == 3  # only the edited paragraph is re-embedded

    (corpus / "b.md").unlink()
    removed = build_index(settings, progress=False)
    assert removed.removed == 1 and removed.documents == 1
    assert index_ids(settings) == ["E/RES/2030/1:PP1", "E/RES/2030/1:1", "E/RES/2030/1:2"]
    # old generations are cleaned up: the current and the previous one remain
    assert len(list(settings.index_dir.glob("gen-*"))) == 2


BAD_INPUTS = {
    "empty.md": "",
    "garbage.pdf": os.urandom(2048),
    "notes.xyz": "some text",
    "nosymbol.md": "Some heading\n\nA paragraph with no symbol anywhere.\n",
    "dupe.md": DOC_A.replace("Fixture resolution on broadband", "Another file with the same symbol"),
}


def test_bad_input_is_reported_and_the_rest_indexed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A, "b.md": DOC_B, **BAD_INPUTS})
    settings = settings_for(tmp_path, corpus)
    report = build_index(settings, progress=False)
    assert not report.ok
    problems = dict(line.split(": ", 1) for line in report.failures)
    assert set(problems) == {"empty.md", "garbage.pdf", "notes.xyz", "nosymbol.md", "dupe.md"}
    assert "unsupported file type" in problems["notes.xyz"]
    assert "symbol" in problems["nosymbol.md"]
    assert "E/RES/2030/1" in problems["dupe.md"] and "a.md" in problems["dupe.md"]
    assert report.documents == 2 and report.paragraphs == 4
    # one line per failure, naming the file, no traceback text
    assert all("Traceback" not in f and "\n" not in f for f in report.failures)


def test_windows_1252_text_file_is_read(tmp_path):
    text = DOC_B.replace("data governance", "\u201cdata governance\u201d").replace("# 99/7. ", "")
    corpus = make_corpus(tmp_path / "corpus", {"b.txt": text.encode("cp1252")})
    report = build_index(settings_for(tmp_path, corpus), progress=False)
    assert report.ok, report.summary()
    from index.corpus_index import CorpusIndex

    para = CorpusIndex(settings_for(tmp_path, corpus)).get("A/RES/99/7:1")
    assert para is not None and "\u201cdata governance\u201d" in para.text


def test_a_file_turned_bad_keeps_its_previous_version(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A, "b.md": DOC_B})
    settings = settings_for(tmp_path, corpus)
    build_index(settings, progress=False)
    (corpus / "b.md").write_text("", encoding="utf-8")
    report = build_index(settings, progress=False)
    assert not report.ok and report.failures[0].startswith("b.md:")
    assert "A/RES/99/7:1" in index_ids(settings)  # nothing already indexed is lost
    assert any("kept the previously indexed version" in n for n in report.notes)


def test_second_build_refuses_while_one_runs(tmp_path):
    from filelock import FileLock

    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A})
    settings = settings_for(tmp_path, corpus)
    settings.index_dir.mkdir(parents=True)
    with FileLock(str(settings.index_dir / store.LOCK)), pytest.raises(BuildLocked, match="another `wsis index`"):
        build_index(settings, progress=False)


def test_build_killed_half_way_leaves_previous_index_usable(tmp_path):
    """SIGKILL during embedding of a second build: readers still get the first build, intact."""
    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A})
    settings = settings_for(tmp_path, corpus)
    build_index(settings, progress=False)
    before = store.Manifest.read(settings.index_dir)
    # a large new document keeps the second build busy embedding
    big = "\n\n".join(f"{n}. Decides to study topic number {n} of broadband policy in depth;" for n in range(1, 400))
    (corpus / "big.md").write_text(f"United Nations\nE/RES/2031/9\n\n# Big\n\n{big}\n", encoding="utf-8")
    env = {**os.environ, "WSIS_INDEX_DIR": str(settings.index_dir), "PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:  # wait until the new generation exists (it is being written)
        gens = {p.name for p in settings.index_dir.glob("gen-*")}
        if len(gens) > 1:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = store.Manifest.read(settings.index_dir)
    assert after.generation == before.generation
    assert index_ids(settings) == ["E/RES/2030/1:PP1", "E/RES/2030/1:1", "E/RES/2030/1:2"]
    # the next build completes, picks up the new document and removes the orphaned generation
    report = build_index(settings, progress=False)
    assert report.ok and report.documents == 2
    assert len(list(settings.index_dir.glob("gen-*"))) == 2


def test_query_side_refuses_an_index_built_with_another_model(tmp_path):
    from index.corpus_index import CorpusIndex, IndexUnavailable

    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A})
    settings = settings_for(tmp_path, corpus)
    build_index(settings, progress=False)
    manifest_path = settings.index_dir / store.MANIFEST
    data = json.loads(manifest_path.read_text())
    data["model"] = "some-other-model"
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(IndexUnavailable, match="wsis index --rebuild"):
        CorpusIndex(settings)


def test_missing_index_message(tmp_path):
    from index.corpus_index import CorpusIndex, IndexUnavailable

    with pytest.raises(IndexUnavailable, match=r"no index at .*wsis index"):
        CorpusIndex(load_settings(index_dir=tmp_path / "nothing"))


def test_seed_index_has_68_units_in_document_order(seed_assistant):
    ids = [p.id for p in seed_assistant.index.paragraphs]
    assert len(ids) == 68
    assert ids[:9] == [f"E/RES/2012/5:PP{n}" for n in range(1, 9)] + ["E/RES/2012/5:1"]
    doc = seed_assistant.index.documents[0]
    assert (doc.symbol, doc.body, doc.date, doc.paragraphs) == (
        "E/RES/2012/5", "Economic and Social Council", "2012-07-24", 68)
    p35 = seed_assistant.index.get("E/RES/2012/5:35")
    assert p35.section == "The road ahead" and p35.verb == "urges" and p35.addressee == "Secretary-General"


def test_query_side_refuses_an_index_embedded_with_another_backend(tmp_path):
    from dataclasses import replace

    from index.corpus_index import CorpusIndex, IndexUnavailable

    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A})
    settings = replace(settings_for(tmp_path, corpus), embedding_backend="torch")
    build_index(settings, progress=False)
    assert store.Manifest.read(settings.index_dir).embedding_backend == "torch"
    with pytest.raises(IndexUnavailable, match=r"torch backend.*onnx-int8.*wsis index --rebuild"):
        CorpusIndex(replace(settings, embedding_backend="onnx-int8"))


def _cli(*args: str) -> CliResult:
    return wsis(*args)


def test_a_folder_with_no_readable_document_keeps_the_index(tmp_path):
    """An empty or all-broken folder says so in one line, exits non-zero and leaves the index as it was."""
    from index.build import EmptyCorpus

    corpus = make_corpus(tmp_path / "corpus", {"a.md": DOC_A})
    settings = settings_for(tmp_path, corpus)
    assert build_index(settings, progress=False).ok
    before = index_ids(settings)
    empty = make_corpus(tmp_path / "empty", {"README.md": "# nothing here\n"})
    broken = make_corpus(tmp_path / "broken", {"empty.md": "", "garbage.pdf": os.urandom(2048)})
    with pytest.raises(EmptyCorpus, match=r"no readable document .*index .* is unchanged \(3 paragraphs\)"):
        build_index(settings, corpus_dir=empty, progress=False)
    assert index_ids(settings) == before

    index_dir = str(settings.index_dir)
    for folder in (empty, broken, tmp_path / "no-such-folder"):
        out = _cli("index", "--corpus", str(folder), "--index-dir", index_dir, "--quiet")
        assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("wsis: "), out.stderr
    assert "2 failed, e.g." in _cli("index", "--corpus", str(broken), "--index-dir", index_dir).stderr
    assert index_ids(settings) == before

    out = _cli("index", "--corpus", str(empty), "--index-dir", index_dir, "--quiet", "--allow-empty")
    assert out.returncode == 0 and "emptied" in out.stdout, out.stdout + out.stderr
    assert store.Manifest.read(settings.index_dir) is None and not list(settings.index_dir.glob("gen-*"))
