"""A newcomer's first run, timed: fresh clone -> `make run` -> the first cited answer in a real browser.

Then `make run` again in the same clone (installed, indexed): time to the first answer.
Needs Debian's chromium and chromium-driver (`make browser`) and selenium (`make install-test`).
Prints the times; asserts nothing.  The clone goes into a temp folder and is removed.

    .venv/bin/python scripts/first_run.py [--repo PATH] [--branch NAME]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.browser_support import ask, make_driver, wait_for_text  # noqa: E402

QUESTION = "What does the WSIS+20 outcome document say about the Internet Governance Forum?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"`make run` ended with {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def run_once(clone: Path, profile: Path, log: Path) -> dict[str, float]:
    """`make run` in `clone` until a cited answer shows in the browser; seconds to serving and to the answer."""
    port = free_port()
    started = time.monotonic()
    with log.open("a") as out:
        proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, timeout=1800)
        serving = time.monotonic() - started
        driver = make_driver(profile)
        try:
            driver.get(f"http://127.0.0.1:{port}/")
            ask(driver, QUESTION)
            try:  # a citation label: "A/RES/80/173, para. 5" or "…, preambular para. 7"
                answer = wait_for_text(driver, '[data-testid="stChatMessage"]', "para.", timeout=600)
            except Exception:
                driver.save_screenshot(str(log.with_suffix(".png")))
                print(f"no cited answer; screenshot {log.with_suffix('.png')}", flush=True)
                raise
            answered = time.monotonic() - started
            print(f"  answer after {answered:.0f} s: {answer.text.splitlines()[-1][:160]}", flush=True)
        finally:
            driver.quit()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the make, streamlit and anything they started
        proc.wait(timeout=30)
    return {"serving_s": round(serving, 1), "first_answer_s": round(answered, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", default=str(PROJECT), help="repository to clone (default: this checkout)")
    parser.add_argument("--branch", default=None, help="branch to clone (default: the checkout's current one)")
    args = parser.parse_args()
    branch = args.branch or subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=args.repo,
                                           capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="wsis-first-run-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        clone = work / "wsis-assistant"
        log = work / "make-run.log"
        t0 = time.monotonic()
        subprocess.run(["git", "clone", "-q", "--branch", branch, args.repo, str(clone)], check=True)
        clone_s = time.monotonic() - t0
        first = run_once(clone, work / "profile-1", log)
        second = run_once(clone, work / "profile-2", log)
        total = clone_s + first["first_answer_s"]
        print(f"clone: {clone_s:.1f} s")
        print(f"first `make run` (install, ONNX export, index, serve): serving after {first['serving_s']} s, "
              f"first answer in the browser after {first['first_answer_s']} s")
        print(f"fresh clone -> first answer: {total:.0f} s ({total / 60:.1f} min)")
        print(f"second `make run`: serving after {second['serving_s']} s, first answer after "
              f"{second['first_answer_s']} s")
        lines = log.read_text(errors="replace").splitlines()
        print("make run output (index summary):")
        for line in lines:
            if line.startswith(("Indexed", "  added", "  0 failures", "  1 failures", "Exporting")) or \
                    "failures," in line:
                print(f"  {line}")


if __name__ == "__main__":
    main()
