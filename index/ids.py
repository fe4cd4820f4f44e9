"""The one paragraph-id assigner: every reader feeds it, so every format yields docs/contracts.md's ids.

A reader decides *what* a unit is from its format (a numbered paragraph, a
lettered sub-paragraph, a preambular paragraph, an annex heading, a footnote);
this module alone decides what that unit is *called* and where it sorts:

- a numbered paragraph is `N`, its sub-paragraph `N(a)` with the parent's text
  as chapeau; an unnumbered preambular paragraph `PP` + its position from 1;
  any other unnumbered paragraph `U` + its position from 1;
- inside an annex with its own numbering every loc is prefixed `ANNEXI.` and
  the PP/U positions start again; footnotes are never prefixed;
- footnotes (`FN` + marker) come last, numbered markers in numeric order, after
  every body unit: their place on a page is layout, not structure;
- `order` is the reading position, from 1, over body units then footnotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, UNNUMBERED, Paragraph


@dataclass
class Unit:
    """A body unit while its reader still works on it (text may run on over a page break)."""

    loc: str
    kind: str
    text: str
    section: str = ""
    chapeau: str = ""
    verb: str = ""
    footnotes: tuple[str, ...] = ()


class IdAssigner:
    """Numbers the units of one document in reading order; `paragraphs` gives the records."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.prefix = ""  # "" or "ANNEXI."
        self._pp = 0
        self._u = 0

    def annex(self, numeral: str) -> None:
        """An annex with its own numbering starts: prefix its locs, count PP/U afresh."""
        self.prefix = f"ANNEX{numeral}."
        self._pp = self._u = 0

    @property
    def preambular_count(self) -> int:
        """Preambular paragraphs so far in the current part (main text or annex)."""
        return self._pp

    def _add(self, unit: Unit) -> Unit:
        self.units.append(unit)
        return unit

    def numbered(self, number: int | str, text: str, section: str = "", verb: str = "",
                 footnotes: tuple[str, ...] = ()) -> Unit:
        return self._add(Unit(f"{self.prefix}{number}", OPERATIVE, text, section, verb=verb, footnotes=footnotes))

    def lettered(self, parent: Unit, letter: str, text: str, section: str = "", verb: str = "",
                 footnotes: tuple[str, ...] = ()) -> Unit:
        """A sub-paragraph of `parent`; it keeps the parent's text (as it is now) as its chapeau."""
        loc = f"{parent.loc}({letter})"
        return self._add(Unit(loc, SUBPARAGRAPH, text, section, parent.text, verb, footnotes))

    def preambular(self, text: str, section: str = "", verb: str = "", footnotes: tuple[str, ...] = ()) -> Unit:
        self._pp += 1
        return self._add(Unit(f"{self.prefix}PP{self._pp}", PREAMBULAR, text, section, verb=verb, footnotes=footnotes))

    def unnumbered(self, text: str, section: str = "", footnotes: tuple[str, ...] = ()) -> Unit:
        self._u += 1
        return self._add(Unit(f"{self.prefix}U{self._u}", UNNUMBERED, text, section, footnotes=footnotes))

    def paragraphs(self, footnotes: Mapping[str, str]) -> list[Paragraph]:
        """Body units in reading order, then the footnotes (marker -> text), with `order` from 1."""
        out = [
            Paragraph(symbol="", loc=u.loc, kind=u.kind, text=u.text, order=i, section=u.section,
                      chapeau=u.chapeau, footnotes=u.footnotes, verb=u.verb)
            for i, u in enumerate(self.units, start=1)
        ]
        for marker in sorted(footnotes, key=footnote_sort_key):
            out.append(Paragraph(symbol="", loc=f"FN{marker}", kind=FOOTNOTE, text=footnotes[marker],
                                 order=len(out) + 1))
        return out


def footnote_sort_key(marker: str) -> tuple[bool, int, str]:
    """Numbered markers first, in numeric order ("2" before "10"), then any others by name."""
    return (not marker.isdigit(), int(marker) if marker.isdigit() else 0, marker)
