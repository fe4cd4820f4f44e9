"""A real Streamlit server and Debian's headless Chromium, for the browser test and README screenshots."""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.local_server import free_port, serving

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver",)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)


def _first(paths: tuple[str, ...], name: str) -> str | None:
    return next((p for p in paths if Path(p).exists()), None) or shutil.which(name)


def chromium_paths() -> tuple[str, str] | None:
    """(chromium, chromedriver) when both are installed (`make browser` installs them)."""
    browser = _first(CHROMIUM_CANDIDATES, "chromium")
    driver = _first(CHROMEDRIVER_CANDIDATES, "chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def streamlit_server(index_dir: Path, port: int | None = None, timeout: float = 90.0,
                     extra_env: dict[str, str] | None = None):
    """`streamlit run streamlit_app.py` on a loopback port; yields its URL, stops it afterwards.

    `extra_env` adds settings (e.g. WSIS_BACKEND and WSIS_OPENAI_BASE_URL for a generative backend).
    """
    port = port or free_port()
    env = {**os.environ, "WSIS_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1",
           "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false", **(extra_env or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", str(PROJECT / "streamlit_app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}"
    log = artifacts_dir() / f"streamlit-{port}.log"
    with serving(cmd, log, f"{url}/_stcore/health", "streamlit", timeout, env=env, cwd=PROJECT):
        yield url


def artifacts_dir() -> Path:
    """`test-artifacts/` (git-ignored): screenshots and server logs of browser runs."""
    path = PROJECT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def make_driver(user_data_dir: Path, width: int = 1400, height: int = 1000):
    """Headless Chromium through chromedriver, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("chromium and chromedriver are not installed (run `make browser`)")
    browser, driver = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(service=Service(driver), options=options)


def wait_for_text(driver, css: str, needle: str, timeout: float = 60.0):
    """The first element matching `css` whose text contains `needle`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def found(d):
        for el in d.find_elements(By.CSS_SELECTOR, css):
            try:
                if needle in el.text:
                    return el
            except Exception:  # re-rendered while reading: try again
                continue
        return False

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(found)


def wait_until_idle(driver, timeout: float = 30.0) -> None:
    """Until Streamlit shows no running indicator (the script finished its rerun)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    time.sleep(0.3)
    WebDriverWait(driver, timeout, poll_frequency=0.2).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))


def ask(driver, question: str) -> None:
    """Type a question into the chat input and send it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=90)
    area = box.find_element(By.TAG_NAME, "textarea")
    area.click()
    area.send_keys(question)
    area.send_keys(Keys.ENTER)


def allow_downloads(driver, folder: Path) -> Path:
    """Downloads (a download button's file) go to `folder`, without a prompt, in headless Chromium too."""
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def wait_for_download(folder: Path, name: str, timeout: float = 30.0) -> Path:
    """The file `name` in `folder` once Chromium has finished writing it (no `.crdownload` left)."""
    path = folder / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise TimeoutError(f"{name} not downloaded into {folder} within {timeout:.0f} s: {sorted(folder.iterdir())}")
