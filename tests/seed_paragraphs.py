"""Paragraph records of the seed resolution, for the answer-composition tests.

A deliberately small stand-in for the Markdown reader (written in parallel, in
`index/readers/markdown.py`): enough to give the composer and the verifier the
seed's real wording.  Markup is dropped (italics, <sup>n</sup> footnote calls),
page breaks are joined, footnotes become FN units.  Switch to `read_file` once
the reader is merged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph
from tests.shared_paths import SEED

SYMBOL = "E/RES/2012/5"
BODY = "Economic and Social Council"

_FOOTNOTE_RE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_OPERATIVE_RE = re.compile(r"^(\d+)\.\s+(.*)$")
_SUB_RE = re.compile(r"^\(([a-z])\)\s+(.*)$")


def _plain(text: str) -> str:
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def _verb(text: str) -> str:
    m = re.match(r"\*([^*]+)\*", text)
    return m.group(1).strip() if m else ""


def _blocks(markdown: str) -> list[str]:
    """Text blocks; a block starting in lower case continues the last numbered one across a page break."""
    blocks: list[str] = []
    last_numbered: int | None = None
    for raw in re.split(r"\n\s*\n", markdown):
        block = raw.strip()
        if not block or block == "---":
            continue
        if block[0].islower() and last_numbered is not None:
            blocks[last_numbered] = f"{blocks[last_numbered]} {block}"
            continue
        if _OPERATIVE_RE.match(block):
            last_numbered = len(blocks)
        blocks.append(block)
    return blocks


@lru_cache(maxsize=1)
def seed_paragraphs() -> dict[str, Paragraph]:
    """Every citable unit of the seed, by loc (`35`, `32(c)`, `PP2`, `FN1`)."""
    units: dict[str, Paragraph] = {}
    preamble = 0
    parent: Paragraph | None = None
    meta = {"symbol": SYMBOL, "body": BODY, "date": "2012-07-24", "title": "Assessment of the progress"}
    for block in _blocks(SEED.read_text(encoding="utf-8")):
        order = len(units)
        if m := _FOOTNOTE_RE.match(block):
            loc = f"FN{m.group(1)}"
            units[loc] = Paragraph(loc=loc, kind=FOOTNOTE, text=_plain(m.group(2)), order=order, **meta)
        elif m := _OPERATIVE_RE.match(block):
            p = Paragraph(
                loc=m.group(1),
                kind=OPERATIVE,
                text=_plain(m.group(2)),
                verb=_verb(m.group(2)),
                order=order,
                **meta,
            )
            units[p.loc] = parent = p
        elif (m := _SUB_RE.match(block)) and parent is not None:
            loc = f"{parent.loc}({m.group(1)})"
            units[loc] = Paragraph(
                loc=loc,
                kind=SUBPARAGRAPH,
                text=_plain(m.group(2)),
                verb=_verb(m.group(2)),
                chapeau=parent.text,
                order=order,
                **meta,
            )
        elif block.startswith("*") and not block.startswith("*The ") and parent is None:
            preamble += 1
            loc = f"PP{preamble}"
            units[loc] = Paragraph(
                loc=loc, kind=PREAMBULAR, text=_plain(block), verb=_verb(block), order=order, **meta
            )
    return units


def seed(loc: str) -> Paragraph:
    return seed_paragraphs()[loc]
