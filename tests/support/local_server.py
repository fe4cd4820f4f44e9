"""Start a server process on loopback, wait until it answers, stop it: shared by every real-server test."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, name: str, timeout: float) -> None:
    """Poll `url` until it answers 200; fail with the log's tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{name} did not answer on {url} within {timeout:.0f} s:\n{log.read_text()[-2000:]}")


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_process(command: Sequence[str], log: Path, ready_url: str, name: str, timeout: float,
                  env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    """Start `command` with its output in `log` and return once `ready_url` answers."""
    with open(log, "wb") as out:
        process = subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        wait_until_ready(ready_url, process, log, name, timeout)
    except BaseException:
        stop_process(process)
        raise
    return process


@contextmanager
def serving(command: Sequence[str], log: Path, ready_url: str, name: str, timeout: float,
            env: dict | None = None, cwd: Path | None = None) -> Iterator[subprocess.Popen]:
    process = start_process(command, log, ready_url, name, timeout, env, cwd)
    try:
        yield process
    finally:
        stop_process(process)
