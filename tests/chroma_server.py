"""A real `chroma run` server on loopback, for tests and the scale benchmark.

Started from the `chroma` script next to the running interpreter (the venv's),
on a free port, with its data in a folder the caller owns; the context manager
waits for the heartbeat, yields the URL and stops the server on the way out.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

STARTUP_SECONDS = 60.0


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chroma_executable() -> str:
    beside = Path(sys.executable).parent / "chroma"
    if beside.exists():
        return str(beside)
    found = shutil.which("chroma")
    if not found:
        raise FileNotFoundError(f"no `chroma` command next to {sys.executable} or on PATH; install chromadb")
    return found


def wait_for_heartbeat(url: str, process: subprocess.Popen, log: Path,
                       timeout: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`chroma run` exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    tail = log.read_text()[-2000:]
    raise TimeoutError(f"`chroma run` at {url} gave no heartbeat in {timeout:.0f} s:\n{tail}")


def start_chroma_server(data_dir: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start `chroma run --path data_dir --port N --host 127.0.0.1` and wait until it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir.parent / f"{data_dir.name}.chroma.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [chroma_executable(), "run", "--path", str(data_dir), "--port", str(port), "--host", "127.0.0.1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        wait_for_heartbeat(url, process, log)
    except BaseException:
        stop_chroma_server(process)
        raise
    return process, url


def stop_chroma_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
