"""Masthead metadata: the symbol, body, date and title printed above a resolution's first paragraph.

Readers that know a document's metadata (catalog, front matter, AKN FRBR)
pass it in; this module guesses only what they lack, from the masthead lines
that `split_masthead` cuts off the front of the blocks.
"""

from __future__ import annotations

import calendar
import re

from index.blocks import FOOTNOTE_DEF, HEADING, PAGEBREAK, Block
from index.classify import (
    ANNEX_RE,
    NON_SECTION_HEADINGS,
    NUMBERED_RE,
    TITLE_NUMBER_RE,
    is_body_line,
    is_preambular_opening,
)
from index.symbols import BODY_BY_PREFIX, OWN_SYMBOL_RE, SYMBOL_LINE_RE, UN_SYMBOL_RE
from index.text import normalize_ws

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}


def parse_date(text: str) -> str:
    """`7 June 2023` anywhere in text -> `2023-06-07`; "" when there is none."""
    m = re.search(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b", text)
    if not m or m.group(2).lower() not in _MONTHS:
        return ""
    return f"{int(m.group(3)):04d}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"


def infer_metadata(masthead: list[str], title_heading: str = "", header: str = "") -> dict[str, str]:
    """Guess symbol, title, body and date from a UN masthead (the lines above the title).

    Only the masthead (and `header`, a running page header a PDF reader removed)
    is searched: a symbol quoted in the body ("resolution A/RES/66/184") is a
    reference, not the document's own symbol.
    """
    found: dict[str, str] = {}
    for line in masthead:
        m = SYMBOL_LINE_RE.match(line.strip())
        if m and UN_SYMBOL_RE.search(m.group(1)):
            found["symbol"] = m.group(1)
            break
    if "symbol" not in found:
        m = OWN_SYMBOL_RE.search("\n".join([*masthead, header]))
        if m:
            found["symbol"] = m.group(0)
    joined = "\n".join(masthead)
    m = re.search(r"Resolution adopted by the (.+?) on (\d{1,2} [A-Z][a-z]+ \d{4})", joined)
    if m:
        found["body"] = m.group(1).strip()
        found["date"] = parse_date(m.group(2))
    else:
        for body in ("General Assembly", "Economic and Social Council", "Security Council"):
            if any(line.strip() == body for line in masthead):
                found["body"] = body
        date = parse_date(joined)
        if date:
            found["date"] = date
    if "body" not in found and "symbol" in found:
        prefix = found["symbol"].split("/")[0]
        if prefix in BODY_BY_PREFIX:
            found["body"] = BODY_BY_PREFIX[prefix]
    if title_heading:
        found["title"] = TITLE_NUMBER_RE.sub("", title_heading).strip()
    return found


def split_masthead(blocks: list[Block]) -> tuple[list[str], str, list[Block]]:
    """Cut the masthead and title off the front; return (masthead lines, title heading, rest).

    The front ends at the body line ("The General Assembly,") or at the first
    paragraph that is clearly content (numbered, or preambular).
    """
    masthead: list[str] = []
    title = ""
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if block.kind == HEADING:
            if ANNEX_RE.match(text):
                return masthead, title, blocks[i:]
            if text.startswith("["):  # "[on the report of the Second Committee (A/72/417)]"
                masthead.append(normalize_ws(text))
            elif text.lower() in NON_SECTION_HEADINGS:
                continue
            elif not title:
                title = text
            else:
                return masthead, title, blocks[i:]
            continue
        if block.kind == PAGEBREAK:
            continue
        if block.kind == FOOTNOTE_DEF:
            return masthead, title, blocks[i:]
        first_line = text.splitlines()[0] if text else ""
        if (
            is_body_line(normalize_ws(text))
            or NUMBERED_RE.match(text)
            or is_preambular_opening(text, block.lead)
            or (len(text) > 200 and "\n" not in text and not TITLE_NUMBER_RE.match(first_line))
        ):
            return masthead, title, blocks[i:]
        if TITLE_NUMBER_RE.match(first_line) and not title:
            title = normalize_ws(text)
            continue
        masthead.extend(normalize_ws(line) for line in text.splitlines() if line.strip())
    # Nothing looked like the start of a resolution: there was no masthead, all of it is text.
    return [], "", [b for b in blocks if b.kind != HEADING or b.text.strip() != title]
