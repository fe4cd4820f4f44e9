"""Make the seed resolution in other formats (PDF, DOCX, HTML, plain text) for reader tests.

The seed's Markdown is parsed here with a few regexes of its own (not with the
reader under test) into a `Content`: title, body line, headings, paragraphs
with `[^n]` footnote references and italic leads, footnote texts.  Each writer
lays that out the way such a file is really made:

- PDF (fpdf2): A4, a running header carrying the symbol, page numbers and a
  job number in the footer, footnotes at the foot of the page where they are
  cited (raised small numbers in the text), paragraphs running over page
  breaks, long words hyphenated at line ends;
- DOCX (python-docx): operative paragraphs and sub-paragraphs numbered by Word
  (`w:numPr` with a numbering definition, no typed numbers), real footnotes in
  a `word/footnotes.xml` part, the symbol in the page header;
- HTML: headings, `<p>`, `<em>`, `<sup>` references, a footnotes section;
- text: form-feed pages, footnotes after a `____` line at each page foot,
  reference numbers glued to words, saved as Windows-1252.

Run `python -m tests.support.make_fixtures OUTDIR` to look at the files.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SYMBOL = "E/RES/2012/5"
BODY_LINE = "The Economic and Social Council,"


@dataclass
class Item:
    kind: str  # "heading" | "para"
    text: str  # with [^n] references
    lead: str = ""  # italic opening phrase (after the enumerator, for numbered paragraphs)


@dataclass
class Content:
    title: str
    items: list[Item] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)


def seed_content(seed: Path) -> Content:
    """The seed's Markdown as a layout-free `Content` (page breaks removed, split paragraphs joined)."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", seed.read_text(encoding="utf-8")) if c.strip()]
    content = Content(title="")
    for chunk in chunks:
        if chunk == "---":
            continue
        heading = re.match(r"^#+\s*\**(.*?)\**$", chunk)
        if heading:
            text = heading.group(1)
            if text == "Resolution":
                continue
            if not content.title:
                content.title = text
            else:
                content.items.append(Item("heading", text))
            continue
        note = re.match(r"^<sup>(\d+)</sup>\s*(.*)$", chunk, re.S)
        if note:
            content.footnotes[int(note.group(1))] = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", note.group(2))
            continue
        if chunk.startswith("*The Economic"):
            continue
        text = re.sub(r"<sup>(\d+)</sup>", r"[^\1]", chunk)
        lead = re.match(r"^(?:\d+\.\s+|\([a-z]\)\s+)?\*([^*]+)\*", text)
        text = text.replace("*", "")
        if text[0].islower() and not text.startswith("("):
            content.items[-1].text += " " + text
            continue
        content.items.append(Item("para", text, lead.group(1) if lead else ""))
    return content


def _split_enum(text: str) -> tuple[str, str]:
    m = re.match(r"^(\d+\.|\([a-z]\))\s+(.*)$", text, re.S)
    return (m.group(1), m.group(2)) if m else ("", text)


# --------------------------------------------------------------------------- PDF


def write_pdf(
    content: Content, path: Path, symbol: str = SYMBOL, encrypt_password: str | None = None
) -> Path:
    from fpdf import FPDF

    body_size, note_size, line_h, note_h = 10.5, 8.0, 5.0, 3.8
    pdf = FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    width = pdf.w - 50
    bottom = pdf.h - 22
    pending: list[int] = []
    placed: set[int] = set()

    def notes_height(numbers: list[int]) -> float:
        if not numbers:
            return 0.0
        pdf.set_font("helvetica", size=note_size)
        rows = sum(len(_wrap(pdf, f"{n} {content.footnotes[n]}", width)) for n in numbers)
        return rows * note_h + 4

    def new_page() -> None:
        if pdf.page:
            finish_page()
        pdf.add_page()
        pdf.set_font("helvetica", size=8)
        pdf.set_xy(25, 10)
        pdf.cell(width, 4, symbol, align="R")
        pdf.set_xy(25, 24)

    def finish_page() -> None:
        if pending:
            pdf.set_font("helvetica", size=note_size)
            y = bottom - notes_height(pending) + 4
            pdf.line(25, y - 2, 70, y - 2)
            for n in pending:
                for row in _wrap(pdf, f"{n} {content.footnotes[n]}", width):
                    pdf.set_xy(25, y)
                    pdf.cell(width, note_h, row)
                    y += note_h
            placed.update(pending)
            pending.clear()
        pdf.set_font("helvetica", size=8)
        pdf.set_xy(25, pdf.h - 14)
        pdf.cell(width / 2, 4, "GE.12-51234" if pdf.page == 1 else "")
        pdf.set_xy(25, pdf.h - 14)
        pdf.cell(width, 4, str(pdf.page), align="R")

    def write_line(tokens: list[str], lead_words: int) -> None:
        """One line: words, the first `lead_words` italic, `[^n]` raised and small."""
        if pdf.get_y() + line_h > bottom - notes_height(pending + _refs(" ".join(tokens))):
            new_page()
        x = 25.0
        y = pdf.get_y()
        for i, token in enumerate(tokens):
            style = "I" if i < lead_words else ""
            for piece in re.split(r"(\[\^\d+\])", token + " "):
                if not piece:
                    continue
                ref = re.match(r"\[\^(\d+)\]", piece)
                if ref:
                    pdf.set_font("helvetica", size=6.5)
                    pdf.set_xy(x, y - 1.2)
                    pdf.cell(pdf.get_string_width(ref.group(1)), 4, ref.group(1))
                    x += pdf.get_string_width(ref.group(1))
                    if int(ref.group(1)) not in placed and int(ref.group(1)) not in pending:
                        pending.append(int(ref.group(1)))
                    continue
                pdf.set_font("helvetica", style=style, size=body_size)
                pdf.set_xy(x, y)
                pdf.cell(pdf.get_string_width(piece), line_h, piece)
                x += pdf.get_string_width(piece)
        pdf.set_xy(25, y + line_h)

    new_page()
    pdf.set_font("helvetica", style="B", size=12)
    pdf.multi_cell(width, 6, "Resolution")
    pdf.ln(2)
    pdf.set_font("helvetica", style="B", size=body_size)
    pdf.multi_cell(width, line_h, content.title)
    pdf.ln(3)
    write_line(BODY_LINE.split(), 5)
    pdf.ln(2)
    for item in content.items:
        if item.kind == "heading":
            if pdf.get_y() + 3 * line_h > bottom - notes_height(pending):
                new_page()
            pdf.set_font("helvetica", style="B", size=body_size)
            pdf.multi_cell(width, line_h, item.text)
            pdf.ln(2)
            continue
        enum, rest = _split_enum(item.text)
        words = ([enum] if enum else []) + rest.split()
        lead_count = len(item.lead.split()) if item.lead else 0
        pdf.set_font("helvetica", size=body_size)
        rows = _wrap_words(pdf, words, width, hyphenate=True)
        start = 1 if enum else 0
        for row_index, row in enumerate(rows):
            italic = 0
            if row_index == 0 and lead_count:
                italic = start + lead_count
            write_line(row, italic if row_index == 0 else 0)
            if row_index == 0 and enum and lead_count:
                pass
        pdf.ln(2)
    finish_page()
    if encrypt_password:
        pdf.set_encryption(owner_password="owner", user_password=encrypt_password)
    pdf.output(str(path))
    return path


def _refs(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[\^(\d+)\]", text)]


def _wrap(pdf, text: str, width: float) -> list[str]:
    return [" ".join(row) for row in _wrap_words(pdf, text.split(), width, hyphenate=False)]


def _wrap_words(pdf, words: list[str], width: float, hyphenate: bool) -> list[list[str]]:
    """Greedy wrap; a long plain word that does not fit is hyphenated at the line end."""

    def w(token: str) -> float:
        return pdf.get_string_width(re.sub(r"\[\^(\d+)\]", r"\1", token) + " ")

    rows: list[list[str]] = [[]]
    used = 0.0
    for word in words:
        if used + w(word) <= width or not rows[-1]:
            rows[-1].append(word)
            used += w(word)
            continue
        if hyphenate and re.fullmatch(r"[a-z]{9,}", word):
            for cut in range(len(word) - 4, 3, -1):
                if used + w(word[:cut] + "-") <= width:
                    rows[-1].append(word[:cut] + "-")
                    rows.append([word[cut:]])
                    used = w(word[cut:])
                    break
            else:
                rows.append([word])
                used = w(word)
            continue
        rows.append([word])
        used = w(word)
    return rows


# --------------------------------------------------------------------------- DOCX


def write_docx(content: Content, path: Path, symbol: str = SYMBOL) -> Path:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = symbol

    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    # abstractNum elements must precede num elements.
    for num in numbering.findall(qn("w:num")):
        numbering.remove(num)
        numbering.append(num)

    notes_xml = [
        f"<w:footnotes {nsdecls('w')}>",
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>",
    ]
    for n, text in sorted(content.footnotes.items()):
        notes_xml.append(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_xml(text)}</w:t></w:r></w:p>'
            "</w:footnote>"
        )
    notes_xml.append("</w:footnotes>")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "".join(notes_xml).encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)

    document.add_heading("Resolution", level=1)
    document.add_heading(content.title, level=2)
    document.add_paragraph().add_run(BODY_LINE).italic = True
    for item in content.items:
        if item.kind == "heading":
            document.add_heading(item.text, level=3)
            continue
        enum, rest = _split_enum(item.text)
        p = document.add_paragraph()
        if enum:
            ilvl = 1 if enum.startswith("(") else 0
            ppr = p._p.get_or_add_pPr()
            ppr.append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
            )
        lead = item.lead
        if lead and rest.startswith(lead):
            p.add_run(lead).italic = True
            rest = rest[len(lead) :]
        for piece in re.split(r"(\[\^\d+\])", rest):
            ref = re.match(r"\[\^(\d+)\]", piece)
            if ref:
                run = p.add_run()
                run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
                run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{ref.group(1)}"/>'))
            elif piece:
                p.add_run(piece)
    document.save(str(path))
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- HTML and text


def write_html(content: Content, path: Path, symbol: str = SYMBOL) -> Path:
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{_xml(content.title)}</title></head><body>",
        f"<header><p>United Nations</p><p>{symbol}</p><p>Economic and Social Council</p></header>",
        "<h2>Resolution</h2>",
        f"<h3>{_xml(content.title)}</h3>",
        f"<p><em>{BODY_LINE}</em></p>",
    ]
    for item in content.items:
        if item.kind == "heading":
            out.append(f"<h3>{_xml(item.text)}</h3>")
            continue
        text = _xml(item.text)
        text = re.sub(r"\[\^(\d+)\]", r'<sup><a href="#fn\1" id="fnref\1">\1</a></sup>', text)
        if item.lead:
            text = text.replace(_xml(item.lead), f"<em>{_xml(item.lead)}</em>", 1)
        out.append(f"<p>{text}</p>")
    out.append('<section class="footnotes"><ol>')
    for n, text in sorted(content.footnotes.items()):
        out.append(f'<li id="fn{n}"><p>{_xml(text)} <a href="#fnref{n}">↩</a></p></li>')
    out.append("</ol></section></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_text(content: Content, path: Path, symbol: str = SYMBOL, encoding: str = "cp1252") -> Path:
    """Pages of ~12 items; one paragraph is cut in two over a page break, mid-sentence."""
    head = ["United Nations", symbol, "Economic and Social Council", "", "Resolution", "", content.title, ""]
    pages: list[list[str]] = [[*head, BODY_LINE, ""]]
    notes: list[list[int]] = [[]]
    for index, item in enumerate(content.items):
        text = re.sub(r"\[\^(\d+)\]", r"\1", item.text)
        if index and index % 12 == 0:
            pages.append([])
            notes.append([])
        if index == 30:  # run this paragraph over the page break
            words = text.split()
            pages[-1] += [" ".join(words[: len(words) // 2]), ""]
            pages.append([" ".join(words[len(words) // 2 :]), ""])
            notes.append([])
        else:
            pages[-1] += [text, ""]
        notes[-1] += _refs(item.text)
    chunks = []
    for lines, numbers in zip(pages, notes, strict=True):
        foot = ["_____", *[f"{n} {content.footnotes[n]}" for n in numbers]] if numbers else []
        chunks.append("\n".join(lines + foot) + "\n")
    path.write_bytes("\f".join(chunks).encode(encoding))
    return path


def make_all(seed: Path, outdir: Path) -> dict[str, Path]:
    content = seed_content(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    return {
        "pdf": write_pdf(content, outdir / "E-RES-2012-5.pdf"),
        "docx": write_docx(content, outdir / "E-RES-2012-5.docx"),
        "html": write_html(content, outdir / "E-RES-2012-5.html"),
        "txt": write_text(content, outdir / "E-RES-2012-5.txt"),
    }


if __name__ == "__main__":
    from tests.support.shared_paths import SEED

    for kind, made in make_all(SEED, Path(sys.argv[1] if len(sys.argv) > 1 else "fixtures-out")).items():
        print(kind, made)
