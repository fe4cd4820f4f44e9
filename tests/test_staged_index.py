"""The staged first index `make run` builds: English first, the other languages after, in another process.

Real model, real Chroma, small fixture documents in three languages.  What must
hold: the staged build followed by the full one gives the index a one-shot
build gives; nothing is embedded twice; a background build killed half-way
keeps what it embedded and leaves the staged index serving; and the query side,
holding the staged index, moves to the complete one when the other process
switches it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from index import store
from index.build import build_index
from index.settings import load_settings
from tests.support.shared_paths import PROJECT
from tests.test_build import DOC_A, make_corpus

DOC_A_FR = """---
symbol: E/RES/2030/1
language: fr
---
Nations Unies
E/RES/2030/1
Conseil économique et social

# 2030/1. Résolution sur le haut débit

Le Conseil économique et social,

Rappelant ses travaux antérieurs sur la connectivité,

1. Exhorte toutes les parties prenantes à étendre le haut débit abordable dans les zones rurales ;

2. Prie le Secrétaire général de faire rapport sur les réseaux communautaires.
"""

DOC_A_ES = """---
symbol: E/RES/2030/1
language: es
---
Naciones Unidas
E/RES/2030/1
Consejo Económico y Social

# 2030/1. Resolución sobre la banda ancha

El Consejo Económico y Social,

Recordando su labor anterior sobre la conectividad,

1. Insta a todas las partes interesadas a ampliar la banda ancha asequible en las zonas rurales;

2. Solicita al Secretario General que informe sobre las redes comunitarias.
"""

FILES = {"a.md": DOC_A, "fr/a.md": DOC_A_FR, "es/a.md": DOC_A_ES}
FRENCH_QUESTION = "Que prie le Conseil au Secrétaire général de faire sur les réseaux communautaires ?"


def big_french(n: int) -> str:
    """A long French document: keeps a build embedding for a few seconds."""
    body = "\n\n".join(
        f"{i}. Décide d'étudier en profondeur la question numéro {i} de la politique du haut débit "
        f"et des réseaux communautaires dans les zones rurales ;" for i in range(1, n + 1)
    )
    return f"---\nsymbol: E/RES/2031/9\nlanguage: fr\n---\nNations Unies\nE/RES/2031/9\n\n# Grande\n\n{body}\n"


def settings(index_dir: Path, corpus: Path):
    return load_settings(index_dir=index_dir, corpus_dir=corpus)


def wsis_index(index_dir: Path, corpus: Path, *args: str, **env: str) -> subprocess.Popen:
    """`wsis index` in its own process, as `make run` starts the background stage."""
    environ = {**os.environ, "WSIS_INDEX_DIR": str(index_dir), "PYTHONPATH": str(PROJECT), **env}
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus), "--quiet",
                             *args], env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def vectors_by_row(s) -> dict[str, np.ndarray]:
    manifest = store.Manifest.read(s.index_dir)
    got = store.chroma_client(s).get_collection(manifest.collection_name).get(include=["embeddings"])
    return dict(zip(got["ids"], (np.asarray(v) for v in got["embeddings"]), strict=True))


def generation_files(s) -> dict[str, str]:
    manifest = store.Manifest.read(s.index_dir)
    gen = store.generation_dir(s.index_dir, manifest.generation)
    return {name: (gen / name).read_text(encoding="utf-8") for name in ("paragraphs.jsonl", "extras.json")}


def test_staged_then_full_build_equals_one_shot_and_embeds_nothing_twice(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", FILES)
    staged, once = settings(tmp_path / "staged", corpus), settings(tmp_path / "once", corpus)

    first = build_index(staged, progress=False, languages=["en"])
    assert first.ok and first.pending_languages == ["es", "fr"] and first.pending == 4
    manifest = store.Manifest.read(staged.index_dir)
    assert manifest.pending_languages == ["es", "fr"]
    assert {d["language"] for d in manifest.documents} == {"en"}
    assert manifest.files["fr/a.md"]["status"].startswith("pending")
    assert first.embedded == first.paragraphs == 3  # only the English pieces went through the model
    # the staged index stays as it is for `--lang en` (the second `make run`)...
    assert build_index(staged, progress=False, languages=["en"]).unchanged
    # ...and a full build adds the other languages, reusing every English vector
    full = build_index(staged, progress=False)
    assert full.ok and not full.unchanged and full.pending_languages == []
    assert (full.added, full.removed, full.embedded, full.reused) == (4, 0, 4, 3)
    assert not list(staged.index_dir.glob("embedded-*"))  # nothing left parked once complete

    one_shot = build_index(once, progress=False)
    assert one_shot.embedded == 7
    a, b = store.Manifest.read(staged.index_dir), store.Manifest.read(once.index_dir)
    assert (a.files, a.documents, a.paragraph_count, a.pending_languages) == \
        (b.files, b.documents, b.paragraph_count, b.pending_languages)
    assert generation_files(staged) == generation_files(once)
    va, vb = vectors_by_row(staged), vectors_by_row(once)
    assert va.keys() == vb.keys() and len(va) == 7
    # the same text through the same model; batches of other sizes round differently in the last bits
    assert all(np.allclose(va[k], vb[k], atol=1e-5) for k in va)
    # and now complete, both forms are no-ops
    assert build_index(staged, progress=False).unchanged
    assert build_index(staged, progress=False, languages=["en"]).unchanged


def test_a_staged_build_keeps_other_languages_already_indexed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", FILES)
    s = settings(tmp_path / "index", corpus)
    build_index(s, progress=False)
    # an English edit: the staged build re-embeds that paragraph and keeps French and Spanish as they are
    (corpus / "a.md").write_text(DOC_A.replace("community networks", "community networks and satellites"))
    report = build_index(s, progress=False, languages=["en"])
    assert report.pending_languages == [] and report.embedded == 1 and report.paragraphs == 7
    # a French edit: that version waits for the full build, which embeds only the changed paragraph
    (corpus / "fr/a.md").write_text(DOC_A_FR.replace("réseaux communautaires", "réseaux communautaires et satellites"))
    staged = build_index(s, progress=False, languages=["en"])
    assert staged.pending_languages == ["fr"] and staged.paragraphs == 5 and staged.embedded == 0
    assert staged.removed == 0  # waiting, not removed
    full = build_index(s, progress=False)
    assert full.pending_languages == [] and full.paragraphs == 7
    assert full.embedded == 1  # the unchanged French paragraphs' vectors were parked, not re-embedded


def test_a_killed_background_build_keeps_the_staged_index_and_what_it_embedded(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {**FILES, "fr/big.md": big_french(300)})
    s = settings(tmp_path / "index", corpus)
    staged = build_index(s, progress=False, languages=["en"])
    assert staged.pending_languages == ["es", "fr"]
    before = store.Manifest.read(s.index_dir)
    checkpoint = store.VectorCheckpoint(s.index_dir, s.embedding_identity, s.resolved_backend)

    # the background stage, with small chunks so that several are saved before it is stopped
    proc = wsis_index(s.index_dir, corpus, WSIS_EMBEDDING_BATCH_SIZE="4")
    deadline = time.time() + 180
    while time.time() < deadline and len(list(checkpoint.dir.glob("chunk-*.npz"))) < 3:
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.05)
    assert store.build_running(s.index_dir)
    proc.send_signal(signal.SIGTERM)  # what `make run`'s trap sends on Ctrl-C or when the app stops
    proc.wait(timeout=60)
    assert not store.build_running(s.index_dir)

    after = store.Manifest.read(s.index_dir)
    assert after.generation == before.generation and after.pending_languages == ["es", "fr"]
    from index.corpus_index import CorpusIndex

    assert {p.language for p in CorpusIndex(s).paragraphs} == {"en"}  # the staged index still serves
    english = store.read_vectors(store.chroma_client(s).get_collection(after.collection_name))
    kept = len(checkpoint.load().keys() - english.keys())  # French and Spanish pieces saved before the kill
    assert kept >= 12

    total = 300 + 2 + 2  # pieces of big.md and the French and Spanish operative paragraphs
    full = build_index(s, progress=False)
    assert full.ok and full.pending_languages == [] and full.paragraphs == 3 + total
    assert full.embedded == total - kept and full.reused == 3 + kept
    assert not checkpoint.dir.exists()


def test_the_query_side_moves_to_the_complete_index_built_by_another_process(tmp_path):
    from assistant import ui
    from assistant.assistant import Assistant

    corpus = make_corpus(tmp_path / "corpus", FILES)
    s = settings(tmp_path / "index", corpus)
    build_index(s, progress=False, languages=["en"])
    assistant = Assistant(s)
    staged = assistant.loaded()
    assert staged.index.languages() == ["en"]
    assert ui.indexing_note(staged.index) == ("Not indexed yet: Français, Español. Run `wsis index` (or "
                                              "`make index`) to add them.")
    before = assistant.retrieve(FRENCH_QUESTION, k=3)
    assert all(h.paragraph.language == "en" for h in before.hits)

    proc = wsis_index(s.index_dir, corpus)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out

    answer = assistant.ask(FRENCH_QUESTION)
    loaded = assistant.loaded()
    assert loaded is not staged and loaded.index.languages() == ["en", "es", "fr"]
    assert answer.hits and answer.hits[0].paragraph.language == "fr"
    assert answer.hits[0].paragraph.id == "E/RES/2030/1:2"
    assert ui.indexing_note(loaded.index) is None
    # a question that started on the staged snapshot finishes on it: its generation is kept
    assert assistant.retrieve(FRENCH_QUESTION, k=3, loaded=staged).hits


def test_the_sidebar_says_which_languages_are_being_indexed(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    corpus = make_corpus(tmp_path / "corpus", FILES)
    s = settings(tmp_path / "index", corpus)
    build_index(s, progress=False, languages=["en"])
    (s.index_dir / store.BUILD_PID).write_text(str(os.getpid()))  # a build is running (this process)
    monkeypatch.setenv("WSIS_INDEX_DIR", str(s.index_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    notes = [i.value for i in at.sidebar.info]
    assert notes == ["Still being indexed in the background: Français, Español. Until it finishes, answers "
                     "come from the languages above; the page switches to the complete index by itself."]
    manifest = json.loads((s.index_dir / store.MANIFEST).read_text())
    assert manifest["pending_languages"] == ["es", "fr"]
