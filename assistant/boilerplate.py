"""Formulae of UN resolutions that rarely answer a question: they rank only when asked for.

Every resolution opens and closes with the same kinds of paragraphs: chains of
recitals that list earlier resolutions by number and date ("Recalling its
resolutions 56/183 of 21 December 2001, 57/238 of …"), adoption lines
("Adopts the following outcome document"), opening formulas ("We, the
Ministers and heads of delegations …") and agenda housekeeping ("Decides to
include in the provisional agenda of its … session the item entitled …").
They share many words with any question about the topic and fill the top of
a ranking without answering it.  They are recognised by their form — the
share of the text taken by references to other documents, the formula they
open with — not by their topic, and demoted unless the question asks about
resolutions, decisions or adoption itself.
"""

from __future__ import annotations

import re

from index.paragraph import FOOTNOTE, PREAMBULAR, Paragraph

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)")
_REFERENCE_RE = re.compile(
    rf"\b(?:resolutions?|decisions?)\s+\d{{2,4}}/\d{{1,4}}(?:\s*[A-Z]\b)?|\b\d{{2,4}}/\d{{1,4}}\b|"
    rf"\bof\s+\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\b[AE]/(?:RES/)?[\w./()]+"
)
_OPENING_RE = re.compile(
    r"^\s*(?:We,\s+the\s+(?:Heads|Ministers|heads|representatives|Member)|Adopts\s+the\s+following|"
    r"Adopted\s+at\s+the|\d+(?:st|nd|rd|th)\s+plenary\s+meeting|Decides\s+to\s+include\s+in\s+the\s+provisional"
    r"\s+agenda|Decides\s+to\s+remain\s+seized)",
)
_RECITAL_RE = re.compile(r"^\s*(?:Recalling|Reaffirming|Recalling\s+also|Recalling\s+further|Noting|Taking\s+note)\b")
# "Recalling its resolution 78/132 of 19 December 2023 on information and communications technologies for
# sustainable development, as well as previous resolutions on the issue": an earlier text named by number,
# date and title, and nothing said of it ...
_TITLE_RECITAL_RE = re.compile(
    rf"^\s*(?:Recalling|Reaffirming)(?:\s+also|\s+further)?\s+(?:its|General\s+Assembly|Economic\s+and\s+Social"
    rf"\s+Council|the)\s+(?:resolutions?|decisions?)\s+\d{{2,4}}/\d{{1,4}}(?:\s+[A-Z])?\s+of\s+\d{{1,2}}\s+{_MONTH}"
    rf"\s+\d{{4}}(?:,?\s+(?:on|entitled)\s+[^;]*?)?(?:,?\s+as\s+well\s+as\s+(?:all\s+)?(?:its\s+)?previous\s+"
    rf"resolutions\s+on\s+the\s+(?:issue|subject|matter)|,?\s+and\s+all\s+(?:its\s+)?previous\s+resolutions"
    rf"[^;]*)?[,;.]?\s*$"
)
# ... unless it says something of it ("…, in which it adopted …", "… and the mandate that it gave …").
_SAYS_OF_IT_RE = re.compile(r"\b(?:which|whereby|that|where|wherein|including)\b")
REFERENCE_SHARE = 0.3  # a recital whose references take at least this share of its text is a list of them

_ASKS_RE = re.compile(
    r"\b(?:which|what|quelle|quel|qu[ée]|cu[áa]l)\s+(?:\w+\s+){0,3}(?:resolutions?|decisions?|r[ée]solutions?|"
    r"resoluci[oó]n(?:es)?|decisi[oó]n(?:es)?)\b|\b(?:adopt\w*|recall\w*|reaffirm\w*|rappel\w*|record[oó]|"
    r"agenda\s+item)\b|\b\d{2,4}/\d{1,4}\b",
    re.I,
)


def reference_share(text: str) -> float:
    """Share of the characters of `text` that are references to other documents (numbers, dates, symbols)."""
    covered = sum(len(m.group(0)) for m in _REFERENCE_RE.finditer(text))
    return covered / max(len(text), 1)


def is_boilerplate(p: Paragraph) -> bool:
    """A formula rather than substance: adoption line, opening formula, agenda item, recital list of resolutions,
    recital naming one earlier resolution by its title."""
    if p.kind == FOOTNOTE:
        return False
    text = p.text
    if _OPENING_RE.match(text):
        return True
    if p.kind == PREAMBULAR and _RECITAL_RE.match(text):
        if _TITLE_RECITAL_RE.match(text) and not _SAYS_OF_IT_RE.search(text):
            return True
        return reference_share(text) >= REFERENCE_SHARE or len(_REFERENCE_RE.findall(text)) >= 4
    return False


def asks_for_boilerplate(question: str) -> bool:
    """The question is about resolutions, decisions, recitals or adoption themselves."""
    return bool(_ASKS_RE.search(question))
