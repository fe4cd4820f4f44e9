"""A real `chroma run` server on loopback, for tests and the scale benchmark.

Started from the `chroma` script next to the running interpreter (the venv's),
on a free port, with its data in a folder the caller owns; the context manager
waits for the heartbeat, yields the URL and stops the server on the way out.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from subprocess import Popen

from tests.support.local_server import free_port, start_process, stop_process

STARTUP_SECONDS = 60.0


def chroma_executable() -> str:
    beside = Path(sys.executable).parent / "chroma"
    if beside.exists():
        return str(beside)
    found = shutil.which("chroma")
    if not found:
        raise FileNotFoundError(f"no `chroma` command next to {sys.executable} or on PATH; install chromadb")
    return found


def start_chroma_server(data_dir: Path, port: int | None = None) -> tuple[Popen, str]:
    """Start `chroma run --path data_dir --port N --host 127.0.0.1` and wait until it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir.parent / f"{data_dir.name}.chroma.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    command = [chroma_executable(), "run", "--path", str(data_dir), "--port", str(port), "--host", "127.0.0.1"]
    process = start_process(command, log, f"{url}/api/v2/heartbeat", "`chroma run`", STARTUP_SECONDS, env)
    return process, url


stop_chroma_server = stop_process


@contextlib.contextmanager
def running_chroma_server(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """A real server for the duration of a `with` block; yields its URL."""
    process, url = start_chroma_server(data_dir, port)
    try:
        yield url
    finally:
        stop_chroma_server(process)


def process_rss_kb(pid: int) -> int:
    """Resident memory of a running process in KiB (Linux /proc), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
