"""The chat under load: one real Streamlit server, N real headless Chromium sessions, M minutes.

Unit and single-browser tests never have two sessions asking at once, never
reload a page mid-conversation and never swap the index under a serving app;
this soak does all three, because that is how the chat is used when it is
shared.  Each session types a question into the chat input, presses Enter and
then waits on what the page shows, never on a fixed sleep: first the question
as a user message in the conversation, then the answer (one more assistant
message, its facts line drawn, no running indicator).  A question sent but never
shown as a user message within the timeout is *lost*; a Streamlit exception
block on a page is an *exception*.  With `--rebuild`, `wsis index --rebuild`
runs on the served index folder at a third of the run (the app must switch to
the new build by itself); the sessions keep asking until it has ended, so the
switch happens under load (`ran_minutes` says how long that made the run; a
rebuild still running after --rebuild-timeout is stopped).  After the soak a fresh session asks one question,
timed: does the server still answer a newcomer promptly?

It prints one line a minute and ends with one JSON line (the numbers to keep).
Needs Debian's chromium and chromium-driver (`make browser`) and selenium (`make install-test`).

    .venv/bin/python scripts/soak.py [--sessions 4] [--minutes 3] [--rebuild] [--index-dir data/index]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.support.browser_support import chromium_paths, make_driver  # noqa: E402
from tests.support.local_server import free_port, serving  # noqa: E402

# Plain questions about the documents the corpus ships (WSIS follow-up, IGF, ECOSOC and GA resolutions):
# used when no --questions file is given (tests/data/ holds reference files, not question lists).
QUESTIONS: tuple[str, ...] = (
    "What is the Secretary-General requested to do?",
    "What does the WSIS+20 outcome document say about the Internet Governance Forum?",
    "What is the mandate of the Commission on Science and Technology for Development?",
    "What are countries urged to do about the Monterrey Consensus?",
    "What does the Global Digital Compact say about artificial intelligence?",
    "How is the digital divide described in the ECOSOC resolutions?",
    "What does the General Assembly decide about the WSIS+20 review?",
    "Which resolution extended the mandate of the Internet Governance Forum?",
    "What is said about gender equality and ICTs?",
    "What role do the regional commissions play in WSIS follow-up?",
    "What does ECOSOC resolution 2012/5 say about broadband?",
    "What is asked of the International Telecommunication Union?",
    "What do the resolutions say about cybersecurity?",
    "What is the role of the private sector and civil society in the WSIS process?",
    "What does the Pact for the Future say about digital cooperation?",
    "How should the WSIS action lines be aligned with the 2030 Agenda?",
    "What is said about financing mechanisms for ICT for development?",
    "What does the General Assembly recognize about human rights online?",
    "What is the WSIS Forum and who organizes it?",
    "What does the outcome say about data governance?",
)
FOLLOW_UPS: tuple[str, ...] = ("And when?", "What about the Secretary-General?", "What about paragraph 3?",
                               "Which resolution says that?")

CHAT_INPUT = '[data-testid="stChatInput"] textarea'
MESSAGE = '[data-testid="stChatMessage"]'
USER_AVATAR = '[data-testid="stChatMessageAvatarUser"]'
EXCEPTION = '[data-testid="stException"]'
RUNNING = '[data-testid="stStatusWidget"]'
STALE = '[data-stale="true"]'
FACTS = re.compile(r"\b\d+ ms\b")  # the caption every drawn answer ends with: "extractive · 123 ms"
SPINNER_TEXTS = ("Searching the documents", "Writing — the words below")


@dataclass
class Tally:
    """What every session has seen so far; one lock, because sessions are threads."""

    answers: list[float] = field(default_factory=list)  # seconds from Enter to the drawn answer
    lost: list[str] = field(default_factory=list)  # "question: why" for each question never shown
    exceptions: int = 0  # Streamlit exception blocks seen on pages (counted once per page load)
    errors: list[str] = field(default_factory=list)  # harness-side failures (timeouts after the question showed)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> tuple[list[float], int, int, int]:
        with self.lock:
            return list(self.answers), len(self.lost), self.exceptions, len(self.errors)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, rounded to 0.1 s; None with no values (a JSON null, not a made-up 0)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children, MB (psutil; /proc if psutil is missing)."""
    try:
        import psutil

        proc = psutil.Process(pid)
        total = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
        return round(total / 2**20, 1)
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def load_questions(path: Path | None) -> list[str]:
    """Questions from a file (JSON lines with "question", as `wsis eval` reads, or one per line), else the list."""
    if path is None:
        return list(QUESTIONS)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(json.loads(line)["question"] if line.startswith("{") else line)
    if not out:
        raise SystemExit(f"{path}: no questions")
    return out


@contextmanager
def streamlit_server(index_dir: Path, log: Path, timeout: float = 180.0) -> Iterator[tuple[str, int]]:
    """`streamlit run streamlit_app.py` headless on a free loopback port with no file watcher; yields (url, pid).

    No file watcher: as in `make run`, watching the checkout costs CPU and a rebuild's writes must not
    look like code changes.
    """
    port = free_port()
    env = {**os.environ, "WSIS_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1",
           "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, "-m", "streamlit", "run", str(PROJECT / "streamlit_app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    url = f"http://127.0.0.1:{port}"
    with serving(cmd, log, f"{url}/_stcore/health", "streamlit", timeout, env=env, cwd=PROJECT) as proc:
        yield url, proc.pid


# ----------------------------------------------------------------------------- reading the page


def _safe(fn, default):
    """Run a page read; an element re-rendered while being read (stale) gives `default`, the caller polls again."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        return fn()
    except (StaleElementReferenceException, WebDriverException):
        return default


def messages(driver) -> list[tuple[str, str]]:
    """The conversation as the page shows it: (role, text) per chat message, in order."""
    from selenium.webdriver.common.by import By

    def read():
        out = []
        for el in driver.find_elements(By.CSS_SELECTOR, MESSAGE):
            role = "user" if el.find_elements(By.CSS_SELECTOR, USER_AVATAR) else "assistant"
            out.append((role, el.text))
        return out

    return _safe(read, None)


def page_idle(driver) -> bool:
    """No script run in progress for this session: no running indicator and no stale (greyed) element."""
    from selenium.webdriver.common.by import By

    return _safe(lambda: not driver.find_elements(By.CSS_SELECTOR, RUNNING)
                 and not driver.find_elements(By.CSS_SELECTOR, STALE), False)


def input_ready(driver):
    """The chat input's textarea when it is enabled and empty (ready for a new question), else False."""
    from selenium.webdriver.common.by import By

    def read():
        for area in driver.find_elements(By.CSS_SELECTOR, CHAT_INPUT):
            if area.is_enabled() and area.get_attribute("disabled") is None and area.get_property("value") == "":
                return area
        return False

    return _safe(read, False)


def input_value(driver) -> str | None:
    from selenium.webdriver.common.by import By

    return _safe(lambda: driver.find_element(By.CSS_SELECTOR, CHAT_INPUT).get_property("value"), None)


def exception_count(driver) -> int:
    from selenium.webdriver.common.by import By

    return _safe(lambda: len(driver.find_elements(By.CSS_SELECTOR, EXCEPTION)), 0)


def wait(predicate, timeout: float, poll: float = 0.2):
    """Poll `predicate` until it returns something truthy (returned) or `timeout` passes (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(poll)


def wait_ready(driver, timeout: float):
    """Until the app is idle and the chat input is enabled and empty, twice in a row 0.3 s apart.

    Twice: between two reruns (the starter of a page load, a fragment, the rerun after an index switch)
    the page can look idle for one poll.
    """
    def ready():
        if not (page_idle(driver) and input_ready(driver)):
            return False
        time.sleep(0.3)
        return page_idle(driver) and input_ready(driver)

    return wait(ready, timeout)


def is_answer(role: str, text: str) -> bool:
    """A drawn answer: an assistant message with its facts line and no spinner left."""
    return role == "assistant" and bool(FACTS.search(text)) and not any(s in text for s in SPINNER_TEXTS)


# ----------------------------------------------------------------------------- one question


@dataclass
class Outcome:
    kind: str  # "answer", "lost" or "error"
    seconds: float = 0.0
    why: str = ""


def ask_and_wait(driver, question: str, timeout: float) -> Outcome:
    """Type `question`, press Enter, wait for it in the conversation and then for its answer.

    Only sends when the page is ready (idle, input enabled and empty).  The input is never cleared by
    the harness: if after Enter it still holds the text and no new user message appears, the question
    is lost, and the reason is what the page showed.
    """
    from selenium.webdriver.common.keys import Keys

    if not wait_ready(driver, timeout):
        return Outcome("error", why=f"page never ready to send (input {input_value(driver)!r})")
    before = messages(driver) or []
    users_before = sum(1 for role, _ in before if role == "user")
    area = input_ready(driver)
    if not area:
        return Outcome("error", why="input not ready right after the wait")
    area.send_keys(question)
    typed = wait(lambda: input_value(driver) == question, 10)
    if not typed:
        return Outcome("error", why=f"typed text not in the input: {input_value(driver)!r}")
    started = time.monotonic()
    area.send_keys(Keys.ENTER)

    def shown():
        now = messages(driver)
        if now is None:
            return False
        users = [text for role, text in now if role == "user"]
        return len(users) > users_before and question in users[-1]

    if not wait(shown, timeout):
        left = input_value(driver)
        why = ("input still holds the question" if left == question else f"input holds {left!r}") + \
              f", {sum(1 for r, _ in (messages(driver) or []) if r == 'user')} user messages (was {users_before})"
        return Outcome("lost", why=why)

    def answered():
        now = messages(driver)
        if not now or not page_idle(driver):
            return False
        role, text = now[-1]
        return len(now) >= 2 and now[-2][0] == "user" and question in now[-2][1] and is_answer(role, text)

    if not wait(answered, timeout):
        return Outcome("error", why="question shown, answer never drawn")
    return Outcome("answer", time.monotonic() - started)


# ----------------------------------------------------------------------------- sessions


def open_chat(driver, url: str, timeout: float) -> bool:
    """Load the page and wait until the chat can take a question."""
    driver.get(url)
    return bool(wait_ready(driver, timeout))


def run_session(n: int, url: str, questions: list[str], stop: threading.Event, tally: Tally, profile: Path,
                timeout: float, seed: int) -> None:
    """One browser: questions in rotation (each session starts elsewhere), a follow-up about one in four,
    a page reload about one in eight (a reload is a fresh Streamlit session: an empty conversation)."""
    rng = random.Random(seed + n)
    rotation = itertools.islice(itertools.cycle(questions), n * len(questions) // 4 + n, None)
    driver = make_driver(profile / f"session-{n}", 1200, 1000)
    try:
        if not open_chat(driver, url, timeout * 2):
            with tally.lock:
                tally.errors.append(f"session {n}: the chat never became ready")
            return
        seen_exceptions = 0
        asked = 0
        while not stop.is_set():
            if asked and rng.random() < 0.125:
                seen_exceptions = 0
                if not open_chat(driver, url, timeout * 2):
                    with tally.lock:
                        tally.errors.append(f"session {n}: not ready after a reload")
                    continue
            question = rng.choice(FOLLOW_UPS) if asked and rng.random() < 0.25 else next(rotation)
            outcome = ask_and_wait(driver, question, timeout)
            asked += 1
            shown = exception_count(driver)
            with tally.lock:
                tally.exceptions += max(0, shown - seen_exceptions)
                if outcome.kind == "answer":
                    tally.answers.append(outcome.seconds)
                elif outcome.kind == "lost":
                    tally.lost.append(f"session {n}: {question!r}: {outcome.why}")
                else:
                    tally.errors.append(f"session {n}: {question!r}: {outcome.why}")
            seen_exceptions = max(seen_exceptions, shown)
            if outcome.kind != "answer":  # start the next question from a known page
                open_chat(driver, url, timeout * 2)
                seen_exceptions = 0
    finally:
        driver.quit()


def fresh_session(url: str, profile: Path, timeout: float) -> float | None:
    """After the soak, a newcomer asks one question: seconds from Enter to the drawn answer, None if none."""
    driver = make_driver(profile / "fresh", 1200, 1000)
    try:
        if not open_chat(driver, url, timeout * 2):
            return None
        outcome = ask_and_wait(driver, QUESTIONS[0], timeout)
        return round(outcome.seconds, 1) if outcome.kind == "answer" else None
    finally:
        driver.quit()


class Rebuild(threading.Thread):
    """`wsis index --rebuild` on the served index folder, started at a given time; keeps its exit status."""

    def __init__(self, index_dir: Path, at: float, log: Path, corpus: Path | None = None):
        super().__init__(daemon=True)
        self.index_dir, self.at, self.log, self.corpus = index_dir, at, log, corpus
        self.proc: subprocess.Popen | None = None
        self.exit: int | None = None
        self.seconds: float | None = None

    def run(self) -> None:
        time.sleep(max(0.0, self.at - time.monotonic()))
        wsis = Path(sys.executable).with_name("wsis")
        cmd = [str(wsis)] if wsis.exists() else [sys.executable, "-m", "assistant.cli"]
        env = {**os.environ, "WSIS_INDEX_DIR": str(self.index_dir), "HF_HUB_OFFLINE": "1",
               "TOKENIZERS_PARALLELISM": "false"}
        cmd += ["index", "--rebuild", "--quiet", "--index-dir", str(self.index_dir)]
        if self.corpus:
            cmd += ["--corpus", str(self.corpus)]
        started = time.monotonic()
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=PROJECT)
            self.exit = self.proc.wait()
        self.seconds = round(time.monotonic() - started, 1)


def soak(index_dir: Path, sessions: int = 4, minutes: float = 3.0, rebuild: bool = False,
         questions: list[str] | None = None, timeout: float = 90.0, seed: int = 1,
         rebuild_timeout: float = 900.0, log_dir: Path | None = None, corpus: Path | None = None,
         say=print) -> dict:
    """Run the soak and return the result (the JSON line's fields); `say` gets the per-minute lines.

    `corpus` is the folder the rebuild reads (default: `wsis index`'s, corpus/): the one the index was built from.
    """
    questions = questions or list(QUESTIONS)
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="wsis-soak-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    rss: list[float] = []
    with tempfile.TemporaryDirectory(prefix="wsis-soak-profiles-") as profiles, \
            streamlit_server(index_dir, log_dir / "streamlit.log") as (url, pid):
        profile = Path(profiles)
        rss_start = rss_mb(pid)  # before any page: the model loads with the first session
        say(f"serving {url} (pid {pid}) on {index_dir}; {sessions} sessions for {minutes:g} min; logs in {log_dir}")
        started = time.monotonic()
        until = started + minutes * 60
        stop = threading.Event()  # set at `until`, or later once the rebuild has ended: its switch happens under load
        builder = Rebuild(index_dir, started + minutes * 20, log_dir / "rebuild.log", corpus) if rebuild else None
        if builder:
            builder.start()
        threads = [threading.Thread(target=run_session, daemon=True,
                                    args=(n, url, questions, stop, tally, profile, timeout, seed))
                   for n in range(sessions)]
        for t in threads:
            t.start()
            time.sleep(1.0)  # Chromium start-ups one by one: two cores
        minute = 0
        while any(t.is_alive() for t in threads):
            time.sleep(1.0)
            elapsed = time.monotonic() - started
            if builder and builder.is_alive() and time.monotonic() - builder.at > rebuild_timeout:
                say(f"rebuild still running after {rebuild_timeout:.0f} s: stopped")
                if builder.proc:
                    builder.proc.terminate()
                builder.join(30)
            if time.monotonic() >= until and not (builder and builder.is_alive()):
                stop.set()
            if not rss and tally.snapshot()[0]:  # the first answer: loaded and warm, the baseline for growth
                rss.append(rss_mb(pid))
            if elapsed >= (minute + 1) * 60:
                minute += 1
                if not rss:  # no answer yet: growth is measured from the start
                    rss.append(rss_start)
                rss.append(rss_mb(pid))
                answers, lost, exceptions, errors = tally.snapshot()
                rebuild_note = ""
                if builder and builder.proc:
                    rebuild_note = f", rebuild {'running' if builder.exit is None else f'exit {builder.exit}'}"
                say(f"min {minute}: answers {len(answers)}, lost {lost}, exceptions {exceptions}, "
                    f"errors {errors}, p50 {percentile(answers, 0.5)} s, p95 {percentile(answers, 0.95)} s, "
                    f"server RSS {rss[-1]:.0f} MB{rebuild_note}")
        ran = round((time.monotonic() - started) / 60, 2)
        rebuild_exit = builder.exit if builder else None
        if not rss:
            rss.append(rss_start)
        rss.append(rss_mb(pid))
        fresh = fresh_session(url, profile, timeout)
        rss.append(rss_mb(pid))
    answers, lost, exceptions, errors = tally.snapshot()
    for line in tally.lost + tally.errors:
        say(f"  {line}")
    return {
        "sessions": sessions, "minutes": minutes, "ran_minutes": ran, "answers": len(answers), "exceptions": exceptions,
        "lost": lost, "errors": errors, "answer_p50_s": percentile(answers, 0.5),
        "answer_p95_s": percentile(answers, 0.95), "rss_first_mb": rss[0], "rss_last_mb": rss[-1],
        "rss_max_mb": max(rss), "rss_start_mb": rss_start, "rebuild_exit": rebuild_exit,
        "rebuild_s": builder.seconds if builder else None, "fresh_session_s": fresh,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=4, help="browser sessions at once (default 4)")
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the run (default 3)")
    parser.add_argument("--rebuild", action="store_true",
                        help="run `wsis index --rebuild` on the served index at a third of the run")
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("WSIS_INDEX_DIR", "data/index")),
                        help="index folder to serve (default: WSIS_INDEX_DIR or data/index)")
    parser.add_argument("--questions", type=Path, help="question file: JSON lines with \"question\", or one a line")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for a question or an answer")
    parser.add_argument("--rebuild-timeout", type=float, default=900.0,
                        help="seconds the rebuild may take before it is stopped (default 900)")
    parser.add_argument("--corpus", type=Path, help="the folder the rebuild reads (default: corpus/)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-dir", type=Path, help="server and rebuild logs (default: a temp folder)")
    args = parser.parse_args(argv)
    if chromium_paths() is None:
        print("chromium and chromedriver are not installed (run `make browser`)", file=sys.stderr)
        return 2
    if not (args.index_dir / "manifest.json").exists():
        print(f"{args.index_dir}: no index (run `make index`)", file=sys.stderr)
        return 2
    result = soak(args.index_dir.resolve(), args.sessions, args.minutes, args.rebuild,
                  load_questions(args.questions), args.timeout, args.seed, args.rebuild_timeout,
                  args.log_dir, args.corpus, say=lambda line: print(line, flush=True))
    print(json.dumps(result), flush=True)
    ok = result["answers"] and not result["lost"] and not result["exceptions"] and result["rebuild_exit"] in (None, 0)
    return 0 if ok else 1  # a rebuild that failed or was stopped is a failed soak too


if __name__ == "__main__":
    sys.exit(main())
