"""HTML reader (BeautifulSoup + lxml): headings, paragraphs, list items, `<sup>` footnote marks.

Footnote definitions are recognised as a block that opens with a `<sup>n</sup>`
(the seed's layout) or an element with an id like `fn5` / a footnotes section
(`<section class="footnotes">`, as Markdown converters write them).  Ordered
lists get their printed numbers ("12. ", "(a) ").
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from index.blocks import FOOTNOTE_DEF, HEADING, PAGEBREAK, TEXT, Block
from index.parsed import ParsedDocument, ReadError
from index.readers.text import decode
from index.structure import parse_blocks

_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "dd", "dt", "td", "div"}
_FN_ID_RE = re.compile(r"^(?:fn|footnote|ftn)[-_:]?(\d+)$", re.I)
_NUM_RE = re.compile(r"^\s*\[?(\d{1,3})\]?\s*$")


def _inline(node: Tag) -> str:
    """Text of a block with `<sup>n</sup>` (or a link to a note) as `[^n]`; `<br>` as a newline."""
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, NavigableString):
            if child.find_parent("sup") is not None and child.find_parent("sup") in node.descendants:
                continue
            parts.append(str(child))
        elif child.name == "sup":
            m = _NUM_RE.match(child.get_text())
            parts.append(f"[^{m.group(1)}]" if m else child.get_text())
        elif child.name == "br":
            parts.append("\n")
    return "".join(parts)


def _lead(node: Tag) -> str:
    """The italic phrase a block opens with (`<em>Recalling</em> ...`), if any."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip() and not re.match(r"^\s*(\d{1,3}\.|\([a-z]{1,2}\))\s*$", child):
                return ""
            continue
        if child.name in ("em", "i"):
            return child.get_text().strip()
        if child.name in ("b", "strong", "span"):
            inner = _lead(child)
            if inner:
                return inner
        return ""
    return ""


def _list_prefix(li: Tag) -> str:
    parent = li.parent
    if parent is None or parent.name != "ol":
        return ""
    start = int(parent.get("start", "1") or 1)
    index = start + [c for c in parent.find_all("li", recursive=False)].index(li)
    if parent.get("type") == "a":
        return f"({chr(96 + index)}) "
    return f"{index}. "


def html_blocks(soup: BeautifulSoup) -> list[Block]:
    root = soup.body or soup
    blocks: list[Block] = []
    for node in root.find_all(_BLOCK_TAGS):
        if node.name == "hr":
            blocks.append(Block(PAGEBREAK))
            continue
        own = node
        if node.find(_BLOCK_TAGS - {"hr"}):
            own = copy.copy(node)  # a container: keep only its own text, its children are blocks
            for child in own.find_all(_BLOCK_TAGS):
                child.decompose()
        text = _inline(own).strip()
        if not text:
            continue
        if node.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Block(HEADING, " ".join(text.split()), level=int(node.name[1])))
            continue
        fn_id = next((m for t in (node, *node.parents) if (m := _FN_ID_RE.match(t.get("id") or ""))), None)
        lead_sup = re.match(r"^\[\^(\d+)\]\s*(.*)$", text, re.S)
        if fn_id or lead_sup:
            number = fn_id.group(1) if fn_id else lead_sup.group(1)
            body = lead_sup.group(2) if lead_sup else text
            body = re.sub(r"\s*[↩︎]+\s*$", "", body)
            blocks.append(Block(FOOTNOTE_DEF, body.strip(), number=number))
            continue
        prefix = _list_prefix(node) if node.name == "li" else ""
        blocks.append(Block(TEXT, prefix + text, lead=_lead(own)))
    return blocks


def read(path: Path, meta: dict) -> ParsedDocument:
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("empty file")
    text, _ = decode(data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml raises several types on broken input
        raise ReadError(f"cannot parse HTML ({exc.__class__.__name__})") from None
    return parse_blocks(html_blocks(soup), meta, source=path.name, source_format="html")
