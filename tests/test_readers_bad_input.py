"""Bad input: each case raises ReadError with one clear line (the caller adds the file name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.readers import ReadError, read_file
from tests.support.make_fixtures import seed_content, write_pdf
from tests.support.shared_paths import SEED


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message and len(message) < 160


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        pytest.param("empty.md", b"", "no text found|empty", id="empty-md"),
        pytest.param("empty.txt", b"", "empty file", id="empty-txt"),
        pytest.param("empty.pdf", b"", "empty file", id="empty-pdf"),
        pytest.param("empty.docx", b"", "empty file", id="empty-docx"),
        pytest.param("blank.html", b"  \n ", "empty file", id="blank-html"),
        pytest.param("garbage.pdf", bytes(range(256)) * 40, "not a readable PDF", id="garbage-pdf"),
        pytest.param(
            "garbage.docx", b"PK\x03\x04 not really a zip" * 10, "not a Word .docx", id="garbage-docx"
        ),
        pytest.param("binary.txt", b"\x00\x01\x02" * 100, "binary data", id="binary-txt"),
        pytest.param("notes.rtf", b"{\\rtf1 hello}", "unsupported file type '.rtf'", id="unknown-extension"),
        pytest.param("README", b"hello", "unsupported file type '\\(none\\)'", id="no-extension"),
        pytest.param(
            "notes.md",
            b"Some notes\n\nThese notes mention resolution A/RES/66/184 but are not a UN document.\n",
            "cannot determine the document symbol",
            id="no-symbol",
        ),
        pytest.param("latin.md", "Recalling “x”".encode("cp1252"), "not UTF-8", id="markdown-not-utf8"),
    ],
)
def test_bad_input_raises_one_clear_line(tmp_path: Path, name: str, data: bytes, match: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=match) as info:
        read_file(path, {})
    _one_line(str(info.value))


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_pdf(seed_content(SEED), tmp_path / "locked.pdf", encrypt_password="secret")
    with pytest.raises(ReadError, match="encrypted PDF") as info:
        read_file(path, {"symbol": "E/RES/2012/5"})
    _one_line(str(info.value))


def test_pdf_without_text(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="no extractable text"):
        read_file(path, {"symbol": "X/1"})


def test_windows_1252_text_file_reads_fine(tmp_path: Path) -> None:
    path = tmp_path / "E-RES-2012-5.txt"
    text = "The Economic and Social Council,\n\nRecalling the report entitled “Digital – divides”,"
    text += "\n\n1. Urges x;\n"
    path.write_bytes(text.encode("cp1252"))
    parsed = read_file(path, {"symbol": "E/RES/2012/5"})
    assert [p.loc for p in parsed.paragraphs] == ["PP1", "1"]
    assert parsed.paragraphs[0].text == "Recalling the report entitled “Digital – divides”,"


def test_pypdf_repairs_go_into_the_files_line_not_raw_to_stderr(tmp_path: Path, capfd) -> None:
    """pypdf's "invalid pdf header" / "EOF marker not found" are reported with the file, never printed raw."""
    good = write_pdf(seed_content(SEED), tmp_path / "good.pdf").read_bytes()
    repaired = tmp_path / "repaired.pdf"
    repaired.write_bytes(b"junk\n" + good)  # pypdf repairs it, and says so
    doc = read_file(repaired, {})
    assert len(doc.paragraphs) == 68
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.replace(b"%%EOF", b""))
    with pytest.raises(ReadError, match="not a readable PDF") as info:
        read_file(truncated, {})
    out, err = capfd.readouterr()
    assert "invalid pdf header" not in (out + err).lower() and "eof marker" not in (out + err).lower()
    assert any(n.startswith("pypdf: invalid pdf header") for n in doc.notes), doc.notes
    assert "(pypdf: " in str(info.value) and "EOF marker not found" in str(info.value)
    _one_line(str(info.value))
