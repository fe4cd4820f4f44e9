"""Blocks: the format-neutral pieces every reader reduces its file to, and plain-text blocking.

Conventions the readers follow when they build blocks:

- a footnote reference inside text is written as the canonical marker `[^5]`
  (from `<sup>5</sup>`, `w:footnoteReference`, an HTML `<sup>`, or a number
  glued to a word in PDF text);
- a block that starts with an italic phrase carries it in `Block.lead`
  (the seed's *Recalling*, *Urges*), the text itself has no emphasis marks;
- page breaks are `Block(PAGEBREAK)`; footnote definitions are
  `Block(FOOTNOTE, text, number="5")`; headings are `Block(HEADING, text, level)`.

Formats without markup (text, PDF) are blocked here too (`plain_text_blocks`),
so that a page-foot footnote zone is read the same way for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.text import normalize_ws

TEXT = "text"
HEADING = "heading"
FOOTNOTE_DEF = "footnote"
PAGEBREAK = "pagebreak"


@dataclass(frozen=True)
class Block:
    """One paragraph-sized piece of a file, as a reader saw it."""

    kind: str  # TEXT | HEADING | FOOTNOTE_DEF | PAGEBREAK
    text: str = ""
    level: int = 0  # heading level, 0 when unknown
    number: str = ""  # footnote number of a FOOTNOTE_DEF
    lead: str = ""  # italic phrase the block opens with, if the format shows italics


FOOTNOTE_REF_RE = re.compile(r"\[\^(\d+)\]")


def strip_footnote_refs(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove `[^n]` markers; return the clean text and the cited footnote locs in order."""
    cited: list[str] = []
    for num in FOOTNOTE_REF_RE.findall(text):
        loc = f"FN{int(num)}"
        if loc not in cited:
            cited.append(loc)
    clean = FOOTNOTE_REF_RE.sub("", text)
    clean = re.sub(r"\s+([,.;:])", r"\1", clean)
    return normalize_ws(clean), tuple(cited)


# --------------------------------------------------------------------------- plain text (txt, PDF)

_SEPARATOR_RE = re.compile(r"^\s*[-_—–]{3,}\s*$")
_PLAIN_FOOTNOTE_DEF_RE = re.compile(r"^(\d{1,3})(?!\s*\.\s)\s+(\S.*)$", re.S)
_GLUED_RE = re.compile(r"(?<=[a-z,;:)”’\"])(\d{1,3})(?=\s|$)|(?<=[a-z)]\.)(\d{1,3})(?=\s|$)")


def mark_glued_footnotes(text: str, numbers: set[int]) -> str:
    """`Society,11 ` -> `Society,[^11] ` for footnote numbers the page defines.

    Only a number glued to a lower-case word or to closing punctuation counts, and
    only if a footnote with that number exists: "resolution 2011/16", "2030",
    "A/67/66", "G20", "COVID-19" and "E.02.II.A.7" are left alone.
    """

    def sub(m: re.Match) -> str:
        num = m.group(1) or m.group(2)
        return f"[^{num}]" if int(num) in numbers else num

    return _GLUED_RE.sub(sub, text)


def plain_text_blocks(pages: list[list[str]], footnote_lines: list[list[str]] | None = None) -> list[Block]:
    """Pages of plain-text lines -> blocks.

    Paragraphs are separated by blank lines; a separator line (`---`, `____`)
    opens the footnote zone of a page, where blocks "5 Text of the note" are
    footnote definitions.  `footnote_lines` lets a PDF reader that found the
    notes by font size hand them in per page.  Glued footnote numbers in the
    body become `[^n]` markers.
    """
    blocks: list[Block] = []
    for index, lines in enumerate(pages):
        if index:
            blocks.append(Block(PAGEBREAK))
        body: list[str] = []
        notes: list[str] = list(footnote_lines[index]) if footnote_lines else []
        in_notes = False
        for line in lines:
            if _SEPARATOR_RE.match(line):
                in_notes = True
                body.append("")
                continue
            if (
                in_notes
                and line.strip()
                and not _PLAIN_FOOTNOTE_DEF_RE.match(line.strip())
                and (not notes or not notes[-1].strip())
            ):
                in_notes = False  # text again after the notes (a page break written as ---)
            (notes if in_notes else body).append(line)
        note_blocks = footnote_blocks(notes)
        numbers = {int(b.number) for b in note_blocks}
        for chunk in _paragraph_chunks(body):
            blocks.append(Block(TEXT, mark_glued_footnotes(chunk, numbers)))
        blocks.extend(note_blocks)
    return blocks


def _paragraph_chunks(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            chunks.append(" ".join(current))
            current = []
    return chunks


def footnote_blocks(lines: list[str]) -> list[Block]:
    """Footnote lines -> FOOTNOTE_DEF blocks; a line without a number continues the note above."""
    blocks: list[Block] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        m = _PLAIN_FOOTNOTE_DEF_RE.match(text)
        if m and (not blocks or int(m.group(1)) == int(blocks[-1].number) + 1):
            blocks.append(Block(FOOTNOTE_DEF, m.group(2).strip(), number=m.group(1)))
        elif blocks:
            last = blocks[-1]
            blocks[-1] = replace(last, text=f"{last.text} {text}")
    return blocks
