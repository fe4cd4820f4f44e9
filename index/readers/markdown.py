"""Markdown reader: the seed (from a PDF, `---` page breaks, `<sup>n</sup>` footnotes,
italics) and the shared corpus (`[^n]` footnotes, `###` subheadings, no italics).

Reduces the file to `Block`s; `index.structure` does the rest.  YAML front matter
(`---` / `symbol: ...` / `---` at the very top) supplies metadata the caller's
`meta` (catalog) does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from index.blocks import FOOTNOTE_DEF, HEADING, PAGEBREAK, TEXT, Block
from index.parsed import ParsedDocument, ReadError
from index.structure import META_KEYS, parse_blocks

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE_RE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
_MD_FOOTNOTE_DEF_RE = re.compile(r"^\[\^(\d+)\]:\s*(.*)$", re.S)
_SUP_FOOTNOTE_DEF_RE = re.compile(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)$", re.S)
_SUP_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_LINK_RE = re.compile(r"\[([^\]^][^\]]*)\]\(([^)]*)\)")
_LEAD_RE = re.compile(r"^((?:\d{1,3}\.|\([a-z]{1,2}\))\s+)?\*([^*]+)\*")
_FRONT_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def read_front_matter(text: str) -> tuple[dict, str]:
    """Split `---\\nkey: value\\n---` off the top; returns ({} , text) when there is none."""
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict) or not set(data) & set(META_KEYS):
        return {}, text  # a page break followed by text, not front matter
    return {k: str(v) for k, v in data.items() if v is not None}, text[m.end() :]


def inline_to_plain(text: str) -> str:
    """Markdown inline markup -> plain text with canonical `[^n]` footnote markers."""
    text = _SUP_RE.sub(r"[^\1]", text)
    text = _LINK_RE.sub(r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</?(em|i|strong|b|span)[^>]*>", "", text)
    text = text.replace("\\*", "\x00")
    text = re.sub(r"\*{1,3}", "", text)
    text = re.sub(r"(?<!\w)_{1,2}([^_]+)_{1,2}(?!\w)", r"\1", text)
    text = text.replace("\x00", "*")
    return re.sub(r"\\([\\`_{}\[\]()#+\-.!])", r"\1", text)


def markdown_blocks(text: str) -> list[Block]:
    """Split Markdown into blocks at blank lines; headings and rules are blocks of their own."""
    blocks: list[Block] = []
    chunk: list[str] = []

    def flush() -> None:
        if not chunk:
            return
        raw = "\n".join(line.rstrip() for line in chunk).strip()
        chunk.clear()
        if not raw:
            return
        fn = _MD_FOOTNOTE_DEF_RE.match(raw) or _SUP_FOOTNOTE_DEF_RE.match(raw)
        if fn:
            blocks.append(Block(FOOTNOTE_DEF, inline_to_plain(fn.group(2)).strip(), number=fn.group(1)))
            return
        lead = _LEAD_RE.match(raw)
        blocks.append(Block(TEXT, inline_to_plain(raw), lead=lead.group(2) if lead else ""))

    for line in text.splitlines():
        heading = _HEADING_RE.match(line)
        if heading:
            flush()
            blocks.append(
                Block(HEADING, inline_to_plain(heading.group(2)).strip(), level=len(heading.group(1)))
            )
        elif _RULE_RE.match(line):
            flush()
            blocks.append(Block(PAGEBREAK))
        elif not line.strip():
            flush()
        else:
            chunk.append(line)
    flush()
    return blocks


def read(path: Path, meta: dict) -> ParsedDocument:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    front, body = read_front_matter(text)
    merged = {**front, **{k: v for k, v in meta.items() if v}}
    return parse_blocks(markdown_blocks(body), merged, source=path.name, source_format="md")
