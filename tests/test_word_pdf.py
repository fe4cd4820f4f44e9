"""Word notes as a reader sees them: rendered to PDF by LibreOffice headless, pages counted, page 1 saved as PNG.

`make test` installs Debian's `libreoffice-writer` and `poppler-utils` first (the `browser` target);
without them the rendering is untested, which is a failure, not a skip.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.compare import compare
from assistant.export import comparison_docx, conversation_docx
from assistant.types import QUOTED, Answer, Citation
from tests.support.browser_support import artifacts_dir
from tests.support.shared_paths import COMPARE_PAIR, CORPUS

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 12, 7)
APP_URL = "http://127.0.0.1:8501"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (run `make browser`: libreoffice-writer, poppler-utils)")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """A comparison note (ECOSOC 2024/13 -> 2025/18) and a one-question conversation note, as PDF files."""
    from assistant.adversarial import shared_paragraphs

    folder = tmp_path_factory.mktemp("word-notes")
    paragraphs = shared_paragraphs(CORPUS)
    old, new = COMPARE_PAIR
    comparison = compare([p for p in paragraphs if p.symbol == old], [p for p in paragraphs if p.symbol == new])
    comparison_docx(comparison, folder / "comparison.docx", corpus="2 documents", today=TODAY, app_url=APP_URL)
    p = next(p for p in paragraphs if p.id == f"{new}:PP3")
    question = "What does the 2025 resolution recall first?"
    answer = Answer(question=question, searched_question=question,
                    text=f"It recalls resolution 2024/13 (“{p.text[:40]}…”) [1].",
                    citations=[Citation(marker=1, paragraph=p, quote=p.text, status=QUOTED)])
    conversation_docx([answer], folder / "conversation.docx", corpus="2 documents", today=TODAY, app_url=APP_URL)
    profile = (folder / "lo-profile").as_uri()  # a profile of its own: no clash with a running LibreOffice
    subprocess.run([tool("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "comparison.docx"), str(folder / "conversation.docx")],
                   check=True, capture_output=True, timeout=300)
    return {name: folder / f"{name}.pdf" for name in ("comparison", "conversation")}


def pdfinfo_pages(pdf: Path) -> int:
    out = subprocess.run([tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def test_a_one_question_note_is_one_page(rendered):
    reader = PdfReader(rendered["conversation"])
    assert len(reader.pages) == pdfinfo_pages(rendered["conversation"]) == 1
    text = reader.pages[0].extract_text()
    assert "WSIS Assistant conversation" in text and "7 December 2026" in text
    assert "E/RES/2025/18, preambular para. 3 [1]" in text
    assert "[1] E/RES/2025/18, 29 July 2025, Economic and Social Council" in text
    assert f"{APP_URL}/?view=browse&doc=E%2FRES%2F2025%2F18&para=PP3" in "".join(text.split())  # the link


def test_a_comparison_note_renders_to_several_pages_and_page_one_is_saved(rendered):
    pdf = rendered["comparison"]
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert pages == pdfinfo_pages(pdf)
    assert 3 <= pages <= 40, pages  # 40-odd changed paragraphs with their words marked, then the sources
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Comparison of E/RES/2024/13 and E/RES/2025/18" in first
    assert re.search(r"\d+ paragraphs unchanged, \d+ changed, \d+ new, \d+ dropped", first)
    sources = " ".join(" ".join(page.extract_text() for page in reader.pages).split()).split(" Sources ")[-1]
    assert sources.startswith("[1] E/RES/2024/13, 23 July 2024, Economic and Social Council")
    assert "[2] E/RES/2025/18, 29 July 2025, Economic and Social Council" in sources
    assert "E/RES/2025/18, preambular para. 3: http://" in sources  # each changed paragraph, linked
    stem = artifacts_dir() / "word-note-comparison-page1"
    subprocess.run([tool("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True, timeout=60)
    png = stem.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
