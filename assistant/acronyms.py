"""Acronyms a question uses, spelled out from the corpus even when the documents never write the acronym.

The documents write "United Nations Conference on Trade and Development" 75
times and "UNCTAD" never; users write "UNCTAD".  The glossary only holds
acronyms the documents use, so a question's acronym is also looked up among
the capitalised names the corpus repeats, by the glossary's own initials
matcher (`index.glossary.initials_cost`).  Without this the assistant told
users that "no passage mentions UNCTAD" above a paragraph naming the
Conference, and the keyword side never searched the spelled-out name.

A match must not happen by chance: the name must occur at least twice, a
short acronym (three letters or fewer) must be spelled exactly one letter per
content word and seen `SHORT_REPEATS` times, and only a long one may take an
extra letter from a word or a stop word ("UNCTAD": and).  Lower-case phrases
the documents keep repeating spell out the rest ("NGOs": non-governmental
organizations); any two random words share the initials of a two-letter
acronym, a phrase seen `SHORT_REPEATS` times does not happen by chance.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence

from index.glossary import capitalised_phrases, initials_cost
from index.paragraph import Paragraph

# An acronym as a question writes it: "UNCTAD", "ICTs", "NGOs", and numeronyms ("ICT4D": ICT for development).
ACRONYM_PATTERN = r"[A-Z][A-Za-z]*[A-Z]s?|[A-Z]{2,}[24][A-Z]"
MIN_REPEATS = 2
# "ICT4D", "B2B": a digit read as the word it sounds like
_NUMERONYM_RE = re.compile(r"([A-Z]{2,})([24])([A-Z])")
_DIGIT_WORDS = {"4": "for", "2": "to"}
SHORT_REPEATS = 3


def acronym_core(acronym: str) -> str:
    """`MDGs` -> `MDG`."""
    return acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") and acronym[:-1].isupper() else acronym


class Acronyms:
    """Acronym -> its spelled-out name: the glossary's, else a repeated capitalised name of the corpus."""

    def __init__(self, glossary: Sequence, paragraphs: Sequence[Paragraph]):
        self._glossary = {acronym_core(e.acronym).upper(): e.expansion for e in glossary}
        self._paragraphs = paragraphs
        self._phrases: Counter | None = None
        self._lowercase: dict[str, str] | None = None
        self._found: dict[str, str] = {}
        self._lock = threading.Lock()

    def _corpus_phrases(self) -> Counter:
        with self._lock:
            if self._phrases is None:
                english = [p for p in self._paragraphs if p.language == "en"]
                self._phrases = Counter(
                    {ph: n for ph, n in capitalised_phrases(english).items() if n >= MIN_REPEATS}
                )
            return self._phrases

    def expansion(self, acronym: str) -> str:
        """The spelled-out name of `acronym`, or "" when neither the glossary nor the corpus has one."""
        core = acronym_core(acronym).upper()
        if core in self._glossary:
            return self._glossary[core]
        numeronym = _NUMERONYM_RE.fullmatch(core)
        if not numeronym and (not core.isalpha() or len(core) < 2):
            return ""
        with self._lock:
            if core in self._found:  # a corpus scan each: once per acronym, not per question
                return self._found[core]
        found = self._numeronym(*numeronym.groups()) if numeronym else self._from_phrases(core)
        with self._lock:
            self._found[core] = found
        return found

    def _from_phrases(self, core: str) -> str:
        """The capitalised name the corpus repeats whose initials spell `core`, else a lower-case phrase."""
        best: tuple[int, int, str] | None = None
        for phrase, count in self._corpus_phrases().items():
            if phrase[:1].upper() != core[0] or any(acronym_core(w).upper() == core for w in phrase.split()):
                continue
            cost = initials_cost(core, phrase)
            if cost is None or not _plausible(core, cost, count):
                continue
            key = (cost, -count, phrase)
            if best is None or key < best:
                best = key
        found = best[2] if best else ""
        if not found and len(core) >= 3:  # two letters are too easily the initials of two common words
            found = self._lowercase_phrases().get(core.lower(), "")
        return found

    def _lowercase_phrases(self, longest: int = 4) -> dict[str, str]:
        """Initials -> the most repeated lower-case phrase of 2-`longest` words (longer than 2 letters) with them."""
        with self._lock:
            if self._lowercase is None:
                phrases: Counter = Counter()
                for p in self._paragraphs:
                    if p.language != "en":
                        continue
                    for span in re.split(r"[^\w\s'’-]", p.text):  # a phrase does not run across punctuation
                        words = [w.lower() for w in re.findall(r"[A-Za-z]+", span.replace("-", " ")) if len(w) > 2]
                        for n in range(2, longest + 1):
                            phrases.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
                by_initials: dict[str, str] = {}
                for phrase, count in phrases.most_common():
                    if count < SHORT_REPEATS:
                        break
                    by_initials.setdefault("".join(w[0] for w in phrase.split()), phrase)
                self._lowercase = by_initials
            return self._lowercase

    def _numeronym(self, left: str, digit: str, right: str) -> str:
        """"ICT4D": ICT (or its spelled-out name) "for" a word the documents write after it starting with D."""
        word = _DIGIT_WORDS[digit]
        heads = [re.escape(left)] + [re.escape(e.split()[0]) + r"[\w\s,]{0,60}?" for e in (self.expansion(left),) if e]
        pattern = re.compile(rf"\b(?:{'|'.join(heads)})s?\s+{word}\s+({right}[a-z]+)", re.I)
        found: Counter = Counter()
        for p in self._paragraphs:
            if p.language == "en":
                found.update(m.group(1).lower() for m in pattern.finditer(p.text))
        if not found:
            return ""
        return f"{self.expansion(left) or left} {word} {found.most_common(1)[0][0]}"

    def known(self, acronym: str) -> bool:
        return bool(self.expansion(acronym))


def _plausible(core: str, cost: int, count: int) -> bool:
    if len(core) <= 3:
        return cost == 0 and count >= SHORT_REPEATS
    return cost <= max(0, len(core) - 5)
