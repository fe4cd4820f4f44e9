"""Markdown the app can show safely: escaping corpus text and user input, and highlighting question words.

Two rules hold for all Markdown the `assistant/ui` package builds: corpus text and user input go
through `escape_markdown` (a paragraph cannot open a heading, a list, a link, a colour directive or
raw HTML), and no HTML is produced at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.text import DISPLAY_WORD_RE, content_stems

# --------------------------------------------------------------------------- escaping

# Characters that start inline Markdown anywhere, plus Streamlit's own syntax:
# `$` (LaTeX), `[`/`]` (links, `:color[...]` directives), `~` (strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
# Characters that only matter at the start of a line: lists, setext headings, rules.
_LINE_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text that Markdown (and Streamlit's extensions) shows exactly as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def one_line(text: str) -> str:
    """Collapse whitespace, so a quote or title cannot start a new Markdown block."""
    return " ".join(text.split())


def md(text: str) -> str:
    """Escaped, single-line corpus text or user input, ready to embed in Markdown."""
    return escape_markdown(one_line(text))


# --------------------------------------------------------------------------- highlighting

def _stems(text: str) -> list[str]:
    return content_stems(text)


def highlight_terms(question: str) -> str:
    """The words of a question worth highlighting: without the symbols and paragraph numbers it names."""
    from assistant.question import strip_references

    return strip_references(question)


def highlight_segments(text: str, question: str, stems: Callable[[str], list[str]] = _stems) -> list[
        tuple[str, bool]]:
    """`text` split into (piece, matched) segments; matched = a content word of `question`.

    Words match by stem ("ensuring" matches "ensure"); function words never
    match.  Neighbouring matched words (with only spaces between) form one
    segment, so the highlight reads as a phrase.
    """
    wanted = set(stems(question))
    out: list[tuple[str, bool]] = []

    def add(piece: str, matched: bool) -> None:
        if not piece:
            return
        if out and out[-1][1] == matched:
            out[-1] = (out[-1][0] + piece, matched)
        else:
            out.append((piece, matched))

    pos = 0
    for m in DISPLAY_WORD_RE.finditer(text):
        gap, word = text[pos:m.start()], m.group()
        hit = bool(wanted) and any(s in wanted for s in stems(word))
        if hit and out and out[-1][1] and not gap.strip():
            add(gap + word, True)  # join a matched phrase across the space
        else:
            add(gap, False)
            add(word, hit)
        pos = m.end()
    add(text[pos:], False)
    return out


def highlighted_markdown(text: str, question: str, style: str = "orange-background",
                         stems: Callable[[str], list[str]] = _stems) -> str:
    """Escaped Markdown of `text` with the question's words in a Streamlit colour directive."""
    parts = []
    for piece, matched in highlight_segments(one_line(text), question, stems):
        escaped = escape_markdown(piece)
        parts.append(f":{style}[{escaped}]" if matched else escaped)
    return "".join(parts)
