"""A newcomer's first run, timed: fresh clone -> `make run` -> the first cited answer in a real browser.

`make run` indexes the English texts, opens the chat and embeds the other
languages in the background; the script times each phase (install, first
index stage, serving, first answer), then keeps the chat open until the
background build has completed the index, checks that the open page switched
to it (the sidebar's "still being indexed" note goes away) and that a French
question is answered from the French texts.  Then `make run` again in the same
clone (installed, indexed): time to the first answer.  The 1-minute load
average is sampled throughout: on a shared machine it says what the times mean.
Needs Debian's chromium and chromium-driver (`make browser`) and selenium (`make install-test`).
Prints the times; asserts nothing.  The clone goes into a temp folder and is removed.

    .venv/bin/python scripts/first_run.py [--repo PATH] [--branch NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.support.browser_support import ask, make_driver, wait_for_text  # noqa: E402

QUESTION = "What does the WSIS+20 outcome document say about the Internet Governance Forum?"
FRENCH_QUESTION = "Que dit le document final du SMSI+20 sur le Forum sur la gouvernance d’Internet ?"
PENDING_NOTE = "Still being indexed in the background"


class Phases(threading.Thread):
    """Polls the clone: when install finished, when the first index was switched in, when it was complete.

    Also samples the 1-minute load average every few seconds.
    """

    def __init__(self, clone: Path, started: float):
        super().__init__(daemon=True)
        self.clone, self.started = clone, started
        self.times: dict[str, float] = {}
        self.loads: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        manifest = self.clone / "data" / "index" / "manifest.json"
        last_load = 0.0
        while not self.stop.wait(0.5):
            now = time.monotonic() - self.started
            if now - last_load >= 5:
                self.loads.append(os.getloadavg()[0])
                last_load = now
            if "installed" not in self.times and (self.clone / ".venv" / ".installed").exists():
                self.times["installed"] = now
            if manifest.exists():
                try:
                    pending = json.loads(manifest.read_text()).get("pending_languages", [])
                except (OSError, ValueError):  # being replaced
                    continue
                self.times.setdefault("first_index", now)
                if not pending:
                    self.times.setdefault("complete_index", now)

    def load_summary(self) -> str:
        if not self.loads:
            return "load not sampled"
        return (f"1-min load average min {min(self.loads):.1f}, mean {sum(self.loads) / len(self.loads):.1f}, "
                f"max {max(self.loads):.1f} ({len(self.loads)} samples)")


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


def answers(driver) -> list[str]:
    """Texts of the chat messages that carry a citation label."""
    from selenium.webdriver.common.by import By

    out = []
    for el in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]'):
        try:
            if "para." in el.text:
                out.append(el.text)
        except Exception:  # re-rendered while reading
            continue
    return out


def wait_for_complete_index(driver, phases: Phases, timeout: float) -> dict[str, float]:
    """Keep the chat open until the background build completes the index; then a French question."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while "complete_index" not in phases.times:
        if time.monotonic() > deadline:
            raise SystemExit(f"the background build did not complete the index within {timeout:.0f} s")
        time.sleep(1)
    out = {"complete_index_s": round(phases.times["complete_index"], 1)}
    # the open page reruns by itself once the index is switched (sidebar fragment, every 10 s)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60:
        sidebar = driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text
        if PENDING_NOTE not in sidebar and "Languages: ar, en, es, fr, ru, zh" in sidebar:
            out["page_switched_after_s"] = round(time.monotonic() - t0, 1)
            break
        time.sleep(0.5)
    before = len(answers(driver))
    t0 = time.monotonic()
    ask(driver, FRENCH_QUESTION)
    while time.monotonic() - t0 < 300 and len(answers(driver)) <= before:
        time.sleep(0.3)
    got = answers(driver)
    text = got[-1] if len(got) > before else ""
    out["french_answer_s"] = round(time.monotonic() - t0, 1)
    french = any(w in f" {text} " for w in (" les ", " des ", " du ", " de la ", " et "))
    print(f"  French question after the switch: {'answered in French' if french else 'NOT answered in French'} "
          f"after {out['french_answer_s']} s: {text.splitlines()[-1][:160] if text else '(no answer)'}", flush=True)
    out["french_answered"] = float(french)
    return out


def keep_evidence(driver, clone: Path, log: Path) -> None:
    """A failed run's screenshot and logs, copied out of the temp folder into test-artifacts/."""
    import shutil

    from tests.support.browser_support import artifacts_dir

    out = artifacts_dir() / f"first-run-{time.strftime('%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(out / "page.png"))
    for path in (log, clone / "data" / "index-background.log"):
        if path.exists():
            shutil.copy(path, out / path.name)
    print(f"failed; screenshot and logs in {out}", flush=True)


def newcomer_env() -> dict[str, str]:
    """This shell's environment without what a newcomer's would not have.

    PYTHONPATH (a developer's checkout on it makes the clone's `wsis` import that checkout's code, and
    index into that checkout's data/) and any WSIS_* setting.
    """
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("WSIS_")}


def run_once(clone: Path, profile: Path, log: Path, wait_for_background: bool = False) -> dict[str, float]:
    """`make run` in `clone` until a cited answer shows in the browser; seconds to each phase.

    With `wait_for_background`, the chat stays open until the background build has completed the index.
    """
    port = free_port()
    started = time.monotonic()
    phases = Phases(clone, started)
    phases.start()
    result: dict[str, float] = {}
    with log.open("a") as out:
        proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env=newcomer_env())
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, timeout=1800)
        serving = time.monotonic() - started
        driver = make_driver(profile)
        try:
            driver.get(f"http://127.0.0.1:{port}/")
            # the app loads the index and the model before it draws the chat input: part of the time measured
            wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=600)
            ask(driver, QUESTION)
            # a citation label: "A/RES/80/173, para. 5" or "…, preambular para. 7"
            answer = wait_for_text(driver, '[data-testid="stChatMessage"]', "para.", timeout=600)
            answered = time.monotonic() - started
            print(f"  answer after {answered:.0f} s: {answer.text.splitlines()[-1][:160]}", flush=True)
            result = {"serving_s": round(serving, 1), "first_answer_s": round(answered, 1)}
            if wait_for_background:
                result |= wait_for_complete_index(driver, phases, timeout=3600)
        except Exception:
            keep_evidence(driver, clone, log)
            raise
        finally:
            driver.quit()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the make, streamlit and anything they started
        proc.wait(timeout=30)
        phases.stop.set()
    result |= {f"{k}_s": round(v, 1) for k, v in phases.times.items() if f"{k}_s" not in result}
    print(f"  {phases.load_summary()}", flush=True)
    return result


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
        first = run_once(clone, work / "profile-1", log, wait_for_background=True)
        background = clone / "data" / "index-background.log"  # the second run overwrites it
        background_lines = background.read_text(errors="replace").splitlines() if background.exists() else []
        second = run_once(clone, work / "profile-2", log)
        total = clone_s + first["first_answer_s"]
        print(f"clone: {clone_s:.1f} s")
        print(f"first `make run`: installed after {first.get('installed_s')} s, first index stage switched in "
              f"after {first.get('first_index_s')} s, serving after {first['serving_s']} s, "
              f"first answer in the browser after {first['first_answer_s']} s")
        print(f"fresh clone -> first answer: {total:.0f} s ({total / 60:.1f} min)")
        print(f"background: index complete (all languages) after {first.get('complete_index_s')} s; the open page "
              f"switched {first.get('page_switched_after_s', 'NOT within 60')} s later; French question answered "
              f"in French: {bool(first.get('french_answered'))} ({first.get('french_answer_s')} s)")
        print(f"second `make run`: serving after {second['serving_s']} s, first answer after "
              f"{second['first_answer_s']} s")
        lines = log.read_text(errors="replace").splitlines()
        lines += ["(background)", *background_lines]
        print("make run output (index summaries):")
        for line in lines:
            if line.startswith(("Indexed", "  added", "  pending", "  0 failures", "  1 failures", "Exporting",
                                "(background)")) or "failures," in line:
                print(f"  {line}")


if __name__ == "__main__":
    main()
