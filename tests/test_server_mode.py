"""Server mode for real: a `chroma run` on loopback holds the vectors, the index dir holds the rest.

The seed corpus is indexed into the server and into an embedded store; both
must retrieve the same paragraphs for every question.  A build killed half-way
stays invisible to readers, and a server that is down gives a one-line message
naming its URL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from unittest import mock

import chromadb
import pytest

from assistant.assistant import Assistant
from index import store
from index.build import build_index
from tests.conftest import corpus_settings
from tests.support.cli_run import CliResult, wsis
from tests.support.local_server import free_port
from tests.support.shared_paths import OWN_EVAL, PROJECT, seed_corpus_dir

pytestmark = pytest.mark.slow

OWN_QUESTIONS = [
    "What does the Council note about the regional commissions?",
    "What is said about the Internet Governance Forum?",
    "Which paragraph invites the Partnership on Measuring ICT for Development to act?",
    "What does the resolution recommend on broadband and the digital divide?",
    "What does paragraph 35 say?",
    "Who should report to the Commission on Science and Technology for Development?",
]


def own_eval_questions() -> list[str]:
    """The project's own question file (seed and langtools questions): more phrasings, no ../shared needed."""
    path = OWN_EVAL
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]


def ids(assistant: Assistant, question: str) -> list[str]:
    return [h.paragraph.id for h in assistant.retrieve(question).hits]


def server_collections(url: str) -> set[str]:
    from urllib.parse import urlparse

    u = urlparse(url)
    client = chromadb.HttpClient(host=u.hostname, port=u.port)
    return {c.name for c in client.list_collections()}


@pytest.fixture(scope="module")
def both(seed_settings, server_seed) -> tuple[Assistant, Assistant]:
    return Assistant(seed_settings), Assistant(server_seed)


# ---------------------------------------------------------------- same answers


def test_server_index_lives_on_the_server(server_seed, chroma_url):
    manifest = store.Manifest.read(server_seed.index_dir)
    assert manifest.mode == chroma_url
    assert manifest.collection_name in server_collections(chroma_url)
    assert not (server_seed.index_dir / "chroma").exists()  # no embedded copy beside it
    gen_dir = store.generation_dir(server_seed.index_dir, manifest.generation)
    assert (gen_dir / "bm25").is_dir() and (gen_dir / "paragraphs.jsonl").exists()


@pytest.mark.parametrize("question", OWN_QUESTIONS)
def test_server_retrieves_what_embedded_retrieves(both, question):
    embedded, server = both
    got = ids(server, question)
    assert got, question
    assert got == ids(embedded, question)


def test_eval_questions_same_ids_in_both_stores(both):
    embedded, server = both
    questions = own_eval_questions()
    assert len(questions) >= 10
    pairs = {q: (ids(embedded, q), ids(server, q)) for q in questions}
    assert all(e for e, _ in pairs.values())
    assert {q: p for q, p in pairs.items() if p[0] != p[1]} == {}


def test_server_answers_what_embedded_answers(both):
    embedded, server = both
    questions = OWN_QUESTIONS + own_eval_questions()
    for q in questions:
        a, b = embedded.ask(q), server.ask(q)
        assert (a.text, a.abstained) == (b.text, b.abstained), q
        assert [c.paragraph.id for c in a.citations] == [c.paragraph.id for c in b.citations], q


def test_reader_reaches_the_same_server_under_another_name(server_seed, chroma_url):
    """The indexer wrote 127.0.0.1; an app that says `localhost` reads the same collections."""
    from dataclasses import replace

    other_name = replace(server_seed, chroma_url=chroma_url.replace("127.0.0.1", "localhost"))
    question = OWN_QUESTIONS[0]
    assert ids(Assistant(other_name), question) == ids(Assistant(server_seed), question)


# ---------------------------------------------------------------- half-finished builds

# A real `build_index(rebuild=True)` in a child process that announces the chosen
# point on stdout and then waits there to be killed.
KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from index import build, embed
    from index.settings import Settings

    point = sys.argv[3]

    def pause(label):
        print(label, flush=True)
        time.sleep(600)

    if point == "embedding":
        encode = embed.Embedder.encode
        def encode_then_pause(self, texts, *a, **k):
            encode(self, texts, *a, **k)
            pause("PAUSED")
        embed.Embedder.encode = encode_then_pause
    else:
        write = build.write_collection
        def write_then_pause(*a, **k):
            write(*a, **k)
            pause("PAUSED")
        build.write_collection = write_then_pause

    settings = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), chroma_url=sys.argv[4])
    build.build_index(settings, rebuild=True, progress=False)
    print("FINISHED", flush=True)
    """
)


def start_killable_build(settings, point: str) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(settings.corpus_dir), str(settings.index_dir), point,
         settings.chroma_url],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )
    line = child.stdout.readline().strip()
    if line != "PAUSED":
        child.kill()
        raise AssertionError(f"the build did not reach {point}: {line!r}\n{child.stderr.read()[-3000:]}")
    return child


@pytest.mark.parametrize("point", ["embedding", "collection written"])
def test_killed_build_is_invisible_then_a_complete_build_switches(tmp_path, chroma_url, point):
    settings = corpus_settings(tmp_path / "index", chroma_url)
    first = build_index(settings, progress=False)
    assert first.ok
    gen1 = store.Manifest.read(settings.index_dir).generation
    reader = Assistant(settings)
    before = ids(reader, OWN_QUESTIONS[0])
    assert reader.index.manifest.generation == gen1

    child = start_killable_build(settings, point)
    try:
        # Mid-build: the reader and a newly opened reader both follow generation 1.
        assert not reader.index.is_stale()
        assert ids(reader, OWN_QUESTIONS[0]) == before
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    orphans = store.stale_generations(settings.index_dir, {gen1})
    assert len(orphans) == 1  # the killed build's folder, never named by the manifest
    if point == "collection written":  # ... and its whole collection on the server
        assert store.collection_name(orphans[0]) in server_collections(chroma_url)
    assert store.Manifest.read(settings.index_dir).generation == gen1
    assert reader.index.manifest.generation == gen1
    assert ids(reader, OWN_QUESTIONS[0]) == before
    fresh = Assistant(settings)
    assert fresh.index.manifest.generation == gen1
    assert ids(fresh, OWN_QUESTIONS[0]) == before

    # A complete build switches every reader and cleans up what the killed one left.
    build_index(settings, rebuild=True, progress=False)
    gen3 = store.Manifest.read(settings.index_dir).generation
    assert gen3 not in (gen1, *orphans)
    assert ids(reader, OWN_QUESTIONS[0]) == before
    assert reader.index.manifest.generation == gen3
    collections = server_collections(chroma_url)
    for orphan in orphans:
        assert store.collection_name(orphan) not in collections
        assert not store.generation_dir(settings.index_dir, orphan).exists()
    # The previous generation stays for readers that still hold it.
    assert {store.collection_name(gen1), store.collection_name(gen3)} <= collections


# ---------------------------------------------------------------- server down


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSIS_")}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}


def run_cli(*args: str) -> CliResult:
    """`wsis ARGS` in-process, with no `WSIS_*` variable of the caller's shell in effect."""
    with mock.patch.dict(os.environ, _env(), clear=True):
        return wsis(*args)


def assert_clear_failure(result: CliResult, url: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert url in result.stderr, output
    assert "Traceback" not in output, output


@pytest.fixture
def dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_index_against_a_dead_server_names_the_url(tmp_path, dead_url):
    index_dir = tmp_path / "index"
    result = run_cli("index", "--corpus", str(seed_corpus_dir()), "--index-dir", str(index_dir),
                     "--chroma-url", dead_url, "--quiet")
    assert_clear_failure(result, dead_url)
    assert "cannot reach the Chroma server" in result.stderr
    assert not list(index_dir.glob("gen-*"))  # it failed before writing anything


def test_reading_from_a_dead_server_names_the_url(server_seed, dead_url):
    result = run_cli("docs", "--index-dir", str(server_seed.index_dir), "--chroma-url", dead_url)
    assert_clear_failure(result, dead_url)


def test_ask_against_a_dead_server_names_the_url(server_seed, dead_url):
    result = run_cli("ask", "What does the Council note about the regional commissions?",
                     "--index-dir", str(server_seed.index_dir), "--chroma-url", dead_url)
    assert_clear_failure(result, dead_url)


def test_cli_flag_reads_through_a_live_server(server_seed, chroma_url):
    """The flag alone switches the CLI to the server (the `docs` command reads the server's index)."""
    result = run_cli("docs", "--index-dir", str(server_seed.index_dir), "--chroma-url", chroma_url)
    assert result.returncode == 0, result.stderr
    assert "E/RES/2012/5" in result.stdout


def test_a_server_built_index_is_refused_in_embedded_mode(server_seed):
    result = run_cli("docs", "--index-dir", str(server_seed.index_dir))
    assert result.returncode != 0
    assert server_seed.chroma_url in result.stderr and "Traceback" not in result.stderr


def test_dead_server_message_from_the_library(server_seed, dead_url):
    from dataclasses import replace

    from index.corpus_index import IndexUnavailable

    with pytest.raises(IndexUnavailable, match=dead_url.replace(".", r"\.")):
        Assistant(replace(server_seed, chroma_url=dead_url)).retrieve(OWN_QUESTIONS[0])
