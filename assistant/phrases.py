"""Is a phrase written in the indexed documents?  Names and two-word topics are looked up as phrases.

"the Digital Services Act" is made of words the documents use, and "net
neutrality" of two words they use apart; whether the documents write the
name or put the two words together is a lookup in their text, lower-cased and
joined once per loaded index.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from index.paragraph import Paragraph


class PhraseLookup:
    """The indexed paragraphs' text, lower-cased with single spaces, one line per paragraph (built on first use)."""

    def __init__(self, paragraphs: Sequence[Paragraph]):
        self._paragraphs = paragraphs
        self._lines: list[str] | None = None
        self._text = ""
        self._lock = threading.Lock()

    def _read(self) -> list[str]:
        with self._lock:
            if self._lines is None:
                self._lines = [" ".join(f"{p.chapeau} {p.text}".split()).lower() for p in self._paragraphs]
                self._text = "\n".join(self._lines)
            return self._lines

    def known(self, phrase: str) -> bool:
        """Is `phrase` written somewhere (any case, as whole words)?"""
        self._read()
        needle = " ".join(phrase.lower().split())
        if needle not in self._text:  # a plain substring scan first: most lookups end here
            return False
        return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", self._text) is not None

    def near(self, stems: Sequence[str], window: int = 3) -> bool:
        """Do two word stems occur within `window` words of each other, in either order?"""
        a, b = (s.lower() for s in stems)
        gap = rf"\w*(?:[^\w\n]+\w+){{0,{window - 1}}}?[^\w\n]+"
        pattern = re.compile(rf"\b(?:{re.escape(a)}{gap}{re.escape(b)}|{re.escape(b)}{gap}{re.escape(a)})")
        # only the paragraphs holding both words are searched: a few, for the rare words this is asked of
        return any(pattern.search(line) for line in self._read() if a in line and b in line)
