"""Word (.docx) reader: python-docx opens the package, lxml reads what it does not model.

- Paragraph numbers Word generates (`w:numPr`, on the paragraph or its style)
  are rendered as printed ("12. ", "(a) ") from `word/numbering.xml`.
- Footnotes live in `word/footnotes.xml`, a part python-docx does not wrap; a
  `w:footnoteReference` becomes the canonical `[^n]`, n being the printed
  number (references in document order), and each note a footnote block.
  A note with a custom mark ("*" reissue notes) is not a numbered footnote.
- The masthead (symbol, body, issue date) sits in the first-page header in UN
  files; its lines are put in front of the body so structure recovery sees the
  same masthead as in the Markdown version.
- Headings are paragraphs in a heading style ("Heading 2", UN "_ H_2/3").
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from index.blocks import FOOTNOTE_DEF, HEADING, TEXT, Block
from index.parsed import ParsedDocument, ReadError
from index.structure import parse_blocks
from index.text import normalize_ws

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE_RE = re.compile(r"^(heading\s*\d|_\s*H_\s*\d|H\d)", re.I)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --------------------------------------------------------------------------- numbering


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(96 + value) if value <= 26 else chr(96 + (value - 1) // 26) + chr(97 + (value - 1) % 26)
    if fmt == "upperLetter":
        return _format_number(value, "lowerLetter").upper()
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, rest = "", value
        for n, s in numerals:
            while rest >= n:
                out, rest = out + s, rest - n
        return out if fmt == "lowerRoman" else out.upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class Numbering:
    """Counts Word list items and renders their printed labels (`lvlText` such as "%1." or "(%2)")."""

    def __init__(self, numbering_xml: bytes | None) -> None:
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}  # (numId, ilvl) -> start, fmt, text
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        if not numbering_xml:
            return
        root = etree.fromstring(numbering_xml)
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.iter(_q("abstractNum")):
            levels = {}
            for lvl in an.iter(_q("lvl")):
                ilvl = int(lvl.get(_q("ilvl"), "0"))
                start = lvl.find(_q("start"))
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                levels[ilvl] = (
                    int(start.get(_q("val"))) if start is not None else 1,
                    fmt.get(_q("val")) if fmt is not None else "decimal",
                    text.get(_q("val")) if text is not None else f"%{ilvl + 1}.",
                )
            abstract[an.get(_q("abstractNumId"))] = levels
        for num in root.iter(_q("num")):
            ref = num.find(_q("abstractNumId"))
            if ref is None:
                continue
            abs_id = ref.get(_q("val"))
            self.abstract_of[num.get(_q("numId"))] = abs_id
            for ilvl, spec in abstract.get(abs_id, {}).items():
                self.levels[(num.get(_q("numId")), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        """The printed label of the next item of list `num_id` at level `ilvl`."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [0] * 9)
        start, _, text = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        label = text
        for level in range(9):
            if f"%{level + 1}" in label:
                spec = self.levels.get((num_id, level), (1, "decimal", ""))
                label = label.replace(f"%{level + 1}", _format_number(counters[level] or spec[0], spec[1]))
        return label


# --------------------------------------------------------------------------- text of a paragraph


def _paragraph_text(p: etree._Element, footnote_numbers: dict[str, int]) -> tuple[str, str]:
    """(text with `[^n]` markers, italic opening phrase) of one `w:p`."""
    parts: list[str] = []
    lead: list[str] = []
    lead_open = True
    known = set(footnote_numbers.values())
    for run in p.iter(_q("r")):
        rpr = run.find(_q("rPr"))
        italic = (
            rpr is not None
            and rpr.find(_q("i")) is not None
            and rpr.find(_q("i")).get(_q("val"))
            not in (
                "0",
                "false",
            )
        )
        run_text: list[str] = []
        for child in run:
            tag = etree.QName(child).localname
            if tag == "t":
                run_text.append(child.text or "")
            elif tag == "tab":
                run_text.append("\t")
            elif tag in ("br", "cr"):
                run_text.append("\n")
            elif tag == "noBreakHyphen":
                run_text.append("-")
            elif tag == "footnoteReference":
                number = footnote_numbers.get(child.get(_q("id")))
                if number is not None:
                    run_text.append(f"[^{number}]")
        text = "".join(run_text)
        if _is_superscript(rpr) and text.strip().isdigit() and int(text) in known:
            text = f"[^{int(text)}]"  # a repeated reference typed as a superscript number
        if lead_open and text.strip():
            if italic:
                lead.append(text)
            elif "".join(parts).strip() and not re.fullmatch(
                r"\s*(\d{1,3}\.|\([a-z]{1,2}\))\s*", "".join(parts)
            ):
                lead_open = False
            elif re.fullmatch(r"\s*(\d{1,3}\.|\([a-z]{1,2}\))\s*", text):
                pass
            else:
                lead_open = False
        elif lead_open and lead and not italic:
            lead_open = False
        parts.append(text)
    return "".join(parts), normalize_ws("".join(lead))


def _is_superscript(rpr: etree._Element | None) -> bool:
    align = rpr.find(_q("vertAlign")) if rpr is not None else None
    return align is not None and align.get(_q("val")) == "superscript"


def _num_pr(p: etree._Element, style_numpr: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(_q("pPr"))
    if ppr is not None:
        numpr = ppr.find(_q("numPr"))
        if numpr is not None:
            num_id = numpr.find(_q("numId"))
            ilvl = numpr.find(_q("ilvl"))
            if num_id is not None:
                return num_id.get(_q("val")), int(ilvl.get(_q("val"))) if ilvl is not None else 0
        style = ppr.find(_q("pStyle"))
        if style is not None and style.get(_q("val")) in style_numpr:
            return style_numpr[style.get(_q("val"))]
    return None


def _clean(text: str) -> str:
    """Tabs and layout spaces to single spaces, keeping line breaks."""
    return "\n".join(normalize_ws(line) for line in text.split("\n") if line.strip())


# --------------------------------------------------------------------------- the package


def _styles(styles: etree._Element | None) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """styleId -> name, and styleId -> (numId, ilvl) for styles that number their paragraphs."""
    names: dict[str, str] = {}
    numbered: dict[str, tuple[str, int]] = {}
    if styles is None:
        return names, numbered
    for style in styles.iter(_q("style")):
        sid = style.get(_q("styleId"))
        name = style.find(_q("name"))
        names[sid] = name.get(_q("val")) if name is not None else sid
        numpr = style.find(f"{_q('pPr')}/{_q('numPr')}")
        if numpr is not None and numpr.find(_q("numId")) is not None:
            ilvl = numpr.find(_q("ilvl"))
            level = int(ilvl.get(_q("val"))) if ilvl is not None else 0
            numbered[sid] = (numpr.find(_q("numId")).get(_q("val")), level)
    return names, numbered


def _header_lines(doc) -> list[str]:
    """Lines of the first section's first-page header (UN masthead), de-duplicated."""
    if not doc.sections:
        return []
    section = doc.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    lines: list[str] = []
    for p in header._element.iter(_q("p")):
        for line in _clean(_paragraph_text(p, {})[0]).split("\n"):
            if line and line not in lines:
                lines.append(line)
    return lines


def _related_blob(doc, reltype: str) -> bytes | None:
    for rel in doc.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part.blob
    return None


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError):
        raise ReadError("not a Word .docx file") from None
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"broken Word XML ({exc.msg})") from None


def docx_blocks(path: Path) -> list[Block]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = _open(path)
    document = doc.element
    numbering = Numbering(_related_blob(doc, RT.NUMBERING))
    style_names, style_numpr = _styles(doc.styles.element)
    footnotes_xml = _related_blob(doc, RT.FOOTNOTES)
    header = _header_lines(doc)

    # Printed footnote numbers: references in document order, custom marks excluded.
    footnote_numbers: dict[str, int] = {}
    for ref in document.iter(_q("footnoteReference")):
        if ref.get(_q("customMarkFollows")) in ("1", "true", "on"):
            continue
        footnote_numbers.setdefault(ref.get(_q("id")), len(footnote_numbers) + 1)

    blocks = [Block(TEXT, line) for line in header]
    body = document.find(_q("body"))
    for p in body.iter(_q("p")) if body is not None else ():
        raw, lead = _paragraph_text(p, footnote_numbers)
        text = _clean(raw)
        numpr = _num_pr(p, style_numpr)
        label = numbering.label(*numpr) if numpr else ""
        if not text:
            continue
        if label:
            text = f"{label} {text}"
        ppr = p.find(_q("pPr"))
        style = ppr.find(_q("pStyle")) if ppr is not None else None
        style_name = style_names.get(style.get(_q("val")), style.get(_q("val"))) if style is not None else ""
        is_heading = _HEADING_STYLE_RE.match(style_name) or style_name.lower() == "title"
        if is_heading and not text.startswith("["):
            blocks.append(Block(HEADING, normalize_ws(text)))
        else:
            blocks.append(Block(TEXT, text, lead=lead))

    if footnotes_xml:
        for note in etree.fromstring(footnotes_xml).iter(_q("footnote")):
            number = footnote_numbers.get(note.get(_q("id")))
            if number is None:
                continue  # separators, custom-mark notes
            text = " ".join(_clean(_paragraph_text(p, {})[0]) for p in note.iter(_q("p")))
            blocks.append(Block(FOOTNOTE_DEF, normalize_ws(text), number=str(number)))
    return blocks


def read(path: Path, meta: dict) -> ParsedDocument:
    if path.stat().st_size == 0:
        raise ReadError("empty file")
    return parse_blocks(docx_blocks(path), meta, source=path.name, source_format="docx")
