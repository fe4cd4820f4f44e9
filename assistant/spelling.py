"""Typos in English questions, corrected towards the indexed documents' own words.

Users type "permanant" and "goverments"; the keyword index and the judge's word
coverage see a word the documents never use and the question looks
unanswerable.  A word is corrected only when neither the documents nor an
English word list (symspellpy's frequency dictionary) know it, and only to a
word the documents use, one edit away (symspellpy; a transposition is one edit).
A real word the documents lack ("drones") is kept: that absence is evidence the
judge reads.  An acronym (all capitals) is never corrected: "ICCPR" is a name.

Why one edit and no acronyms: on the English questions of the bank's train part,
two-edit corrections were wrong 7 times in 9 ("ICCPR" -> "occur", "jollof" ->
"follow", "onwards" -> "towards"), every correction of an acronym was wrong (4 of
4), and the one-edit corrections were right ("goverments", "reveiw", "permanant").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity

MAX_EDITS = 1
MIN_LENGTH = 5  # shorter words have too many neighbours
_WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The words of symspellpy's English frequency dictionary (82,765 words)."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


class Speller:
    """Corrects a question's unknown words to the documents' vocabulary; built once per index."""

    def __init__(self, texts: Iterable[str]):
        counts = Counter(w.lower() for t in texts for w in _WORD_RE.findall(t))
        self.vocabulary = counts
        self._symspell = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=7)
        for word, n in counts.items():
            if len(word) >= MIN_LENGTH - MAX_EDITS:
                self._symspell.create_dictionary_entry(word, n)

    def correction(self, word: str) -> str | None:
        """The documents' word `word` is a typo of, or None when it is known or too far from any."""
        lowered = word.lower()
        if (len(lowered) < MIN_LENGTH or word.isupper() or lowered in self.vocabulary
                or lowered in english_words()):
            return None
        found = self._symspell.lookup(lowered, Verbosity.CLOSEST, max_edit_distance=MAX_EDITS)
        if not found:
            return None
        best = found[0].term
        return best.capitalize() if word[0].isupper() else best

    def correct(self, text: str) -> str:
        """`text` with each typo replaced by the documents' word (everything else as typed)."""
        return _WORD_RE.sub(lambda m: self.correction(m.group(0)) or m.group(0), text)
