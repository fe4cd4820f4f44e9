"""PDF reader (pypdf): text with positions and fonts, then page layout turned into blocks.

pypdf's visitor gives every text fragment with its position, font and size.
From those this module:

- groups fragments into lines, and a small raised number inside a line into a
  footnote reference `[^n]`;
- drops page furniture: lines in the top/bottom margin that repeat across
  pages (running header with the symbol, footer), page numbers, UN job numbers
  (`GE.12-51234`, `12-34567`) and barcode text (`*1251234*`);
- takes the smaller-type lines at a page foot as that page's footnotes;
- starts a new paragraph at a vertical gap or at an enumerator ("12.", "(c)");
  bold lines are headings, an italic opening is the paragraph's lead;
- rejoins words hyphenated across a line break ("imple-" + "mentation"), but
  keeps the hyphen of a compound the document spells with one elsewhere
  ("decision-makers");
- marks numbers glued to words ("Society,11") as references when no raised
  number was seen.

A paragraph that continues on the next page is joined by `index.structure`.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from index.blocks import HEADING, PAGEBREAK, TEXT, Block, footnote_blocks, mark_glued_footnotes
from index.parsed import ParsedDocument, ReadError
from index.structure import parse_blocks
from index.text import normalize_ws

_MARGIN = 0.09  # share of the page height that counts as top/bottom margin
_FURNITURE_RES = [
    re.compile(r"^(page\s+)?\d{1,4}(\s*(/|of)\s*\d{1,4})?$", re.I),  # page numbers
    re.compile(r"^[-–]\s*\d{1,4}\s*[-–]$"),
    re.compile(r"^(GE|NY|V|E|A)?\.?\d{2}-\d{4,6}(\s*\([A-Z]\))?(\s+\S+)?$"),  # job numbers
    re.compile(r"^\*\d{6,8}\*$"),  # barcode text
]
_ENUM_RE = re.compile(r"^(\d{1,3}\.\s|\([a-z]{1,2}\)\s)")


@dataclass
class _Frag:
    text: str
    x: float
    y: float
    size: float
    font: str


@dataclass
class _Line:
    y: float
    size: float  # size of the line's main type
    frags: list[_Frag] = field(default_factory=list)
    text: str = ""
    bold: bool = False
    lead: str = ""


def _fragments(page) -> list[_Frag]:
    frags: list[_Frag] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip("\n"):
            return
        scale = abs(tm[3] * cm[3]) or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        for part in text.split("\n"):
            if part.strip():
                frags.append(_Frag(part, x, y, font_size * scale, font))

    page.extract_text(visitor_text=visit)
    return frags


def _lines(frags: list[_Frag]) -> list[_Line]:
    """Fragments -> lines, top to bottom; a raised small number becomes `[^n]`.

    Full-size fragments are grouped by baseline first; a small fragment then
    joins the line whose baseline is just below it (a superscript) or level with
    it, and otherwise forms a line of its own (footnote text at the page foot).
    """
    sizes: Counter[float] = Counter()
    for frag in frags:
        sizes[round(frag.size, 1)] += len(frag.text)
    main = sizes.most_common(1)[0][0] if sizes else 10.0
    lines: list[_Line] = []
    small: list[_Frag] = []
    for frag in sorted(frags, key=lambda f: (-f.y, f.x)):
        if frag.size < main * 0.8:
            small.append(frag)
            continue
        target = next((ln for ln in lines if abs(ln.y - frag.y) <= max(ln.size, frag.size) * 0.45), None)
        if target is None:
            lines.append(_Line(frag.y, frag.size, [frag]))
            continue
        target.frags.append(frag)
        if frag.size > target.size:
            target.size, target.y = frag.size, frag.y
    for frag in small:
        target = (
            next(
                (
                    ln
                    for ln in lines
                    if ln.size >= main * 0.8 and -0.2 * ln.size <= frag.y - ln.y <= 0.8 * ln.size
                ),
                None,
            )
            if frag.text.strip().isdigit()
            else None
        )
        if target is None:
            target = next((ln for ln in lines if abs(ln.y - frag.y) <= frag.size * 0.45), None)
        if target is None:
            lines.append(_Line(frag.y, frag.size, [frag]))
        else:
            target.frags.append(frag)
    for line in lines:
        line.frags.sort(key=lambda f: f.x)
        parts: list[str] = []
        lead: list[str] = []
        lead_open = True
        for frag in line.frags:
            raised = frag.size < line.size * 0.8 and frag.y > line.y + 0.2
            if raised and frag.text.strip().isdigit():
                parts.append(f"[^{frag.text.strip()}]")
                continue
            italic = "italic" in frag.font.lower() or "oblique" in frag.font.lower()
            if lead_open and italic:
                lead.append(frag.text)
            elif frag.text.strip() and not (lead_open and _ENUM_RE.match(frag.text.strip() + " ")):
                lead_open = False
            if parts and parts[-1].startswith("[^") and frag.text[:1].isalnum():
                parts.append(" ")  # the space after a raised reference is often not drawn
            parts.append(frag.text)
        line.text = normalize_ws("".join(parts))
        line.lead = normalize_ws("".join(lead))
        body = [f for f in line.frags if f.text.strip()]
        line.bold = bool(body) and all("bold" in f.font.lower() for f in body)
    lines.sort(key=lambda ln: -ln.y)
    return lines


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _is_furniture(text: str) -> bool:
    return any(rx.match(text) for rx in _FURNITURE_RES)


def _join_lines(lines: list[str], vocabulary: set[str]) -> str:
    """Join a paragraph's lines, undoing end-of-line hyphenation."""
    out = ""
    for line in lines:
        if out.endswith("-") and line[:1].islower():
            head = re.search(r"(\w+)-$", out)
            tail = re.match(r"\w+", line)
            compound = f"{head.group(1)}-{tail.group(0)}".lower() if head and tail else ""
            out = out + line if compound in vocabulary else out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def pdf_blocks(path: Path) -> tuple[list[Block], str]:
    """(blocks, running header text) of a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF (a password is needed to read it)")
        pages = [(float(p.mediabox.height), _lines(_fragments(p))) for p in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"not a readable PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    except Exception as exc:  # pypdf raises assorted errors on damaged or encrypted files
        if "crypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ReadError("encrypted PDF (a password is needed to read it)") from None
        raise ReadError(f"not a readable PDF ({exc.__class__.__name__})") from None
    if not any(lines for _, lines in pages):
        raise ReadError("no extractable text in the PDF (a scanned image? it needs OCR first)")

    # Running headers/footers: margin lines whose text (digits ignored) recurs on several pages.
    margin_keys: Counter[str] = Counter()
    for height, lines in pages:
        keys = {
            _furniture_key(ln.text)
            for ln in lines
            if ln.y > height * (1 - _MARGIN) or ln.y < height * _MARGIN
        }
        margin_keys.update(keys)
    repeated = {k for k, n in margin_keys.items() if n >= 2}
    header = ""
    sizes: Counter[float] = Counter()
    for _, lines in pages:
        for ln in lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0

    kept_pages: list[tuple[list[_Line], list[str]]] = []
    for height, lines in pages:
        body: list[_Line] = []
        notes: list[str] = []
        for ln in lines:
            in_margin = ln.y > height * (1 - _MARGIN) or ln.y < height * _MARGIN
            if (in_margin and _furniture_key(ln.text) in repeated) or _is_furniture(ln.text):
                if in_margin and ln.y > height / 2 and not header:
                    header = ln.text
                continue
            if ln.size < body_size * 0.9 and ln.y < height * 0.5:
                notes.append(ln.text)
            else:
                body.append(ln)
        kept_pages.append((body, notes))

    all_text = " ".join(ln.text for body, _ in kept_pages for ln in body)
    vocabulary = {w.lower() for w in re.findall(r"\w+-\w+", all_text)}
    note_blocks = [footnote_blocks(notes) for _, notes in kept_pages]
    numbers = {int(b.number) for blocks in note_blocks for b in blocks}

    blocks: list[Block] = []
    for index, (body, _) in enumerate(kept_pages):
        if index:
            blocks.append(Block(PAGEBREAK))
        gaps = [a.y - b.y for a, b in itertools.pairwise(body) if a.y - b.y > 0]
        normal_gap = statistics.median(gaps) if gaps else body_size * 1.2
        para: list[_Line] = []

        def flush(para: list[_Line] = para) -> None:
            if not para:
                return
            text = mark_glued_footnotes(_join_lines([ln.text for ln in para], vocabulary), numbers)
            if all(ln.bold for ln in para):
                blocks.append(Block(HEADING, text))
            else:
                blocks.append(Block(TEXT, text, lead=para[0].lead))
            para.clear()

        previous: _Line | None = None
        for ln in body:
            new_para = previous is None or (
                previous.y - ln.y > normal_gap * 1.3 or _ENUM_RE.match(ln.text) or ln.bold != previous.bold
            )
            if new_para:
                flush()
            para.append(ln)
            previous = ln
        flush()
        blocks.extend(note_blocks[index])
    return blocks, header


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def pypdf_messages(messages: list[str]) -> Iterator[list[str]]:
    """Collect pypdf's logged and `warnings` messages into `messages` instead of printing them.

    pypdf reports repairs ("invalid pdf header", "EOF marker not found") through
    its logger; with no handler configured Python prints them raw in the middle
    of `wsis index`'s progress.  They belong on that file's line of the summary.
    """
    logger = logging.getLogger("pypdf")
    handler, propagate = _Collect(messages), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield messages
            finally:
                messages += [str(w.message) for w in caught]
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _pypdf_said(messages: list[str], count: int = 3, width: int = 80) -> str:
    """pypdf's messages on one short line: the first `count`, each cut to `width` characters."""
    unique = list(dict.fromkeys(" ".join(m.split()) for m in messages if m.strip()))
    shown = "; ".join(m if len(m) <= width else m[: width - 1] + "…" for m in unique[:count])
    return f"pypdf: {shown}" + ("; …" if len(unique) > count else "")


def read(path: Path, meta: dict) -> ParsedDocument:
    if path.stat().st_size == 0:
        raise ReadError("empty file")
    messages: list[str] = []
    try:
        with pypdf_messages(messages):
            blocks, header = pdf_blocks(path)
    except ReadError as exc:
        # A failure line stays one short line: the error, then what pypdf noticed on the way.
        raise ReadError(f"{exc} ({_pypdf_said(messages, 2, 36)})" if messages else str(exc)) from None
    doc = parse_blocks(blocks, {**meta, "header": header}, source=path.name, source_format="pdf")
    if messages:
        doc.notes.append(_pypdf_said(messages))
    return doc
