"""README screenshots: the chat with citations and the precedent view, in a real headless Chromium.

    python scripts/screenshots.py [--index-dir DIR] [--out docs/screenshots]

Without --index-dir it builds an index of the bundled corpus into a temporary
folder first (about 20 s), so the pictures show exactly what `make run` shows.
Needs Debian's chromium and chromium-driver (`make browser`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.support.browser_support import (  # noqa: E402 - after the path setup above
    ask,
    make_driver,
    streamlit_server,
    wait_for_text,
    wait_until_idle,
)

QUESTION = "What is the Secretary-General requested to do?"
# Paragraph 27 of the seed as a drafter might rework it: a stronger verb, US spelling, one clause dropped.
DRAFT = ("Strongly urges the United Nations entities still not actively cooperating in the implementation of "
         "the outcomes of the World Summit to take the necessary steps and commit to a people-centered, "
         "inclusive and development-orientated information society and to catalyse the attainment of the "
         "internationally agreed development goals, including the Sustainable Development Goals;")
SETTLE_SECONDS = 1.5  # Streamlit fades stale elements in after a rerun; let them settle before a picture


def build_seed_index(index_dir: Path) -> None:
    from index.build import build_index
    from index.settings import load_settings

    report = build_index(load_settings(index_dir=index_dir, corpus_dir=PROJECT / "corpus"), progress=False)
    if not report.ok:
        raise SystemExit(f"index build failed: {report.failures}")


def take(index_dir: Path, out: Path) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with streamlit_server(index_dir) as url, tempfile.TemporaryDirectory() as profile:
        driver = make_driver(Path(profile), 1400, 1250)
        try:
            driver.get(url)
            wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=120)
            wait_until_idle(driver, 120)
            ask(driver, QUESTION)
            wait_for_text(driver, '[data-testid="stChatMessage"]', "E/RES/2012/5, para.", timeout=60)
            wait_until_idle(driver)
            time.sleep(SETTLE_SECONDS)
            question = wait_for_text(driver, '[data-testid="stChatMessage"]', QUESTION)
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", question)
            time.sleep(0.3)
            shots.append(out / "chat.png")
            driver.save_screenshot(str(shots[-1]))

            driver.get(url + "/?view=precedent")
            area = wait_for_text(driver, '[data-testid="stTextArea"]', "Draft", timeout=60)
            wait_until_idle(driver)
            box = area.find_element(By.TAG_NAME, "textarea")
            box.send_keys(DRAFT)
            box.send_keys(Keys.CONTROL, Keys.ENTER)
            wait_for_text(driver, '[data-testid="stMarkdown"]', "near-verbatim", timeout=60)
            wait_until_idle(driver)
            time.sleep(SETTLE_SECONDS)
            shots.append(out / "precedent.png")
            driver.save_screenshot(str(shots[-1]))

            driver.get(url + "/?view=browse&doc=E%2FRES%2F2012%2F5&para=32")
            wait_for_text(driver, '[data-testid="stAlert"]', "also marked in the document", timeout=60)
            wait_until_idle(driver)
            time.sleep(SETTLE_SECONDS)
            shots.append(out / "browse.png")
            driver.save_screenshot(str(shots[-1]))
        finally:
            driver.quit()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, help="an existing index (default: build one of corpus/)")
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            build_seed_index(index_dir)
        for path in take(index_dir, args.out):
            print(path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
