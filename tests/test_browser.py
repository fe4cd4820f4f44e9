"""One real browser run: `streamlit run` on a loopback port, driven by Debian's headless Chromium."""

from __future__ import annotations

import time

import pytest

from tests.support.browser_support import (
    allow_downloads,
    artifacts_dir,
    ask,
    chromium_paths,
    make_driver,
    streamlit_server,
    wait_for_download,
    wait_for_text,
    wait_until_idle,
)
from tests.support.llm_server import llm_server  # noqa: F401  (session fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _chromium() -> None:
    """`make test` installs Debian's Chromium first; without it the UI is untested, which is a failure."""
    if chromium_paths() is None:
        pytest.fail("Debian's chromium and chromium-driver are not installed (run `make browser`)")

LABEL = "E/RES/2012/5, para."
MONTERREY = "What are countries urged to do about the Monterrey Consensus?"
WRITING = "Writing — the words below are checked against the paragraphs next"


def test_a_question_typed_in_the_browser_gets_a_cited_answer(seed_index_dir, tmp_path):
    from selenium.webdriver.common.by import By

    with streamlit_server(seed_index_dir) as url:
        driver = make_driver(tmp_path / "chromium-profile", 1400, 1400)
        try:
            driver.get(url)
            wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=120)
            wait_until_idle(driver, 120)
            started = time.monotonic()
            ask(driver, "What is the Secretary-General requested to do?")
            answer = wait_for_text(driver, '[data-testid="stChatMessage"]', LABEL, timeout=60)
            seconds = time.monotonic() - started
            wait_until_idle(driver)
            shot = artifacts_dir() / "browser-chat.png"
            assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
            assert LABEL in answer.text and "verified" in answer.text
            assert seconds < 10, f"the answer took {seconds:.1f} s"

            link = next(a for a in answer.find_elements(By.TAG_NAME, "a") if "browse view" in a.text)
            href = link.get_attribute("href")
            assert "view=browse" in href and "doc=E%2FRES%2F2012%2F5" in href
            driver.get(href)
            info = wait_for_text(driver, '[data-testid="stAlert"]', "also marked in the document", timeout=60)
            assert LABEL in info.text
            wait_for_text(driver, '[data-testid="stMarkdown"]', "selected", timeout=30)
            driver.save_screenshot(str(artifacts_dir() / "browser-browse.png"))
        finally:
            driver.quit()


COMPARE_URL = "/?view=compare&old=E/RES/2024/13&new=E/RES/2025/18"
NEW_IN_2025 = "What is new in E/RES/2025/18 compared with E/RES/2024/13?"


def _enabled_word_button(driver):
    """The sidebar's enabled "Word" download button, or False while it is missing or disabled."""
    from selenium.webdriver.common.by import By

    sidebar = driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]')
    for button in sidebar.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button'):
        if "Word" in button.text and button.is_enabled():
            return button
    return False


def test_a_compare_link_shows_the_summary_and_the_word_button_downloads_the_note(compare_index, tmp_path):
    from docx import Document
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with streamlit_server(compare_index) as url:
        driver = make_driver(tmp_path / "chromium-profile-compare", 1600, 1400)
        try:
            driver.get(url + COMPARE_URL)
            summary = wait_for_text(driver, '[data-testid="stMarkdown"]', "paragraphs unchanged", timeout=120)
            assert summary.text.startswith("E/RES/2024/13 → E/RES/2025/18: ")
            wait_until_idle(driver, 60)
            driver.save_screenshot(str(artifacts_dir() / "browser-compare.png"))
            anchors = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMarkdown"] a')
            links = [a.get_attribute("href") for a in anchors]
            assert any("view=browse" in h and "doc=E%2FRES%2F2025%2F18" in h for h in links)
            assert "view=compare" in driver.current_url and "old=E%2FRES%2F2024%2F13" in driver.current_url

            downloads = allow_downloads(driver, tmp_path / "downloads")
            driver.get(url)
            wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=60)
            wait_until_idle(driver, 60)
            ask(driver, NEW_IN_2025)
            answer = wait_for_text(driver, '[data-testid="stChatMessage"]', "E/RES/2025/18, para.", timeout=60)
            assert "paragraphs unchanged" in answer.text
            wait_until_idle(driver, 60)
            word = WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
                _enabled_word_button,
                "the sidebar's Word button never became enabled after the answer",
            )  # the sidebar redraws once the answer is in the conversation: wait on what the page shows
            word.click()
            note = wait_for_download(downloads, "wsis-conversation.docx")
            paragraphs = Document(str(note)).paragraphs
            lines = [p.text for p in paragraphs]
            assert lines[0] == "WSIS Assistant conversation"
            assert f"Question 1: {NEW_IN_2025}" in lines
            assert any(line.startswith("[1] E/RES/20") for line in lines)  # the numbered source list
            # each cited paragraph links back to this app, at the address the browser used
            links = [h.url for p in paragraphs for h in p.hyperlinks]
            assert links and all(h.startswith(f"{url}/?view=browse&doc=E%2FRES%2F") for h in links), links
            driver.get(links[0])
            wait_for_text(driver, '[data-testid="stAlert"]', "also marked in the document", timeout=60)
        finally:
            driver.quit()


def test_a_generated_answer_streams_then_shows_its_verified_citations(seed_index_dir, llm_server, tmp_path):  # noqa: F811
    """The openai backend chosen in the app answers end to end through the real llama.cpp server."""
    from selenium.webdriver.common.by import By

    env = {"WSIS_BACKEND": "openai", "WSIS_OPENAI_BASE_URL": llm_server.base_url,
           "WSIS_OPENAI_MODEL": llm_server.model, "WSIS_LLM_TIMEOUT": "300"}
    with streamlit_server(seed_index_dir, extra_env=env) as url:
        driver = make_driver(tmp_path / "chromium-profile-llm", 1400, 1400)
        try:
            driver.get(url)
            wait_for_text(driver, '[data-testid="stChatInput"]', "", timeout=120)
            wait_until_idle(driver, 120)
            ask(driver, MONTERREY)
            seen: list[str] = []  # what the chat message showed while the model wrote
            deadline = time.monotonic() + 400
            answer = None
            while time.monotonic() < deadline:
                messages = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')
                text = messages[-1].text if len(messages) >= 2 else ""
                if text and (not seen or seen[-1] != text):
                    seen.append(text)
                if LABEL in text and "openai" in text:
                    answer = messages[-1]
                    break
                time.sleep(0.2)
            assert answer is not None, seen[-3:]
            wait_until_idle(driver, 60)
            answer = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')[-1]
            driver.save_screenshot(str(artifacts_dir() / "browser-generated.png"))
            # The model was called and replied in the schema: no failed call, no unparseable reply.
            assert "the language model call failed" not in answer.text
            assert "not the requested JSON" not in answer.text
            # Its words streamed into the message before the verified answer replaced them.
            streamed = [t for t in seen if LABEL not in t and t.replace(WRITING, "").replace("smart_toy", "").strip()]
            assert streamed, seen[:5]
            # What stays is verified: SmolLM2's own sentences with their statuses, or, when none of
            # them held, the extractive answer saying it stands in for the model and why.
            assert "verified" in answer.text or "not supported by the paragraph" in answer.text
            assert "openai" in answer.text
        finally:
            driver.quit()
