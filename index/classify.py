"""Classification: what a line of a UN resolution is (numbered, lettered, preambular, heading, body line).

Pure predicates and patterns over one block's text, shared by masthead
splitting (`index/masthead.py`) and recovery (`index/structure.py`); the AKN
reader uses `is_preambular_opening` so that both agree on what a preamble is.
"""

from __future__ import annotations

import re

from index.blocks import FOOTNOTE_REF_RE

NUMBERED_RE = re.compile(r"^(\d{1,3})\s?\.\s+(\S.*)$", re.S)
LETTERED_RE = re.compile(r"^\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$", re.S)
ANNEX_RE = re.compile(r"^annex\s*([IVXLC]+|\d+)?\s*$", re.I)
ROMAN_HEADING_RE = re.compile(r"^[IVX]{1,5}\.\s+[A-Z][^.;:]*$")
ACTION_HEADING_RE = re.compile(r"^(Action|Objective|Commitment|Chapter|Part|Section)\s+\d+\s*\.\s+\S")
BODY_LINE_RE = re.compile(
    r"^(The\s+)?(General Assembly|Economic and Social Council|Security Council|Human Rights Council|"
    r"Commission on [A-Z][\w ]+|Conference of the Parties|World Summit on the Information Society)\s*,?$"
)
PLENARY_RE = re.compile(r"^\d+(st|nd|rd|th)\s+plenary meeting\b", re.I)
DATE_LINE_RE = re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$")
REISSUE_RE = re.compile(r"^\*\s*(Reissued|Re-issued)\b", re.I)
REISSUE_NOTE_RE = re.compile(r"^\*\s*Re-?issued\b[^.]*\.\s*", re.I)
TITLE_NUMBER_RE = re.compile(r"^(\d{2,4}/\d+|[IVX]+)\.\s+")
NON_SECTION_HEADINGS = {"resolution", "resolutions", "decision", "decisions"}

# Words a preambular paragraph opens with (after an optional adverb).  Present
# participles not on the list are accepted too; the adjectives must be listed.
PREAMBULAR_OPENERS = (
    "Recalling",
    "Reaffirming",
    "Taking note",
    "Noting",
    "Mindful",
    "Deeply concerned",
    "Recognizing",
    "Acknowledging",
    "Welcoming",
    "Emphasizing",
    "Expressing",
    "Bearing in mind",
    "Convinced",
    "Concerned",
    "Stressing",
    "Underlining",
    "Aware",
    "Considering",
    "Guided by",
    "Having considered",
    "Having examined",
    "Having received",
    "Cognizant",
    "Conscious",
    "Observing",
    "Determined",
    "Alarmed",
    "Reiterating",
    "Affirming",
    "Noting with concern",
    "Believing",
    "Desiring",
    "Encouraged",
    "Highlighting",
    "Underscoring",
    "Committed",
    "Resolved",
    "Seized",
    "Gravely concerned",
    "Seriously concerned",
    "Keeping in mind",
    "Taking into account",
    "Building on",
    "Appreciating",
    "Commending",
)
_ADVERBS = ("Also", "Further", "Deeply", "Gravely", "Seriously", "Strongly", "Firmly", "Fully")
_PREAMBLE_ADJECTIVES = {
    "mindful",
    "concerned",
    "convinced",
    "aware",
    "cognizant",
    "conscious",
    "determined",
    "alarmed",
    "encouraged",
    "committed",
    "resolved",
    "seized",
    "guided",
    "having",
    "bearing",
    "taking",
    "desirous",
}


def is_preambular_opening(text: str, lead: str = "") -> bool:
    """Does this paragraph open like a preambular paragraph (*Recalling*, *Deeply concerned* ...)?"""
    if lead:
        first_lead = lead.split()[0].lower() if lead.split() else ""
        if first_lead.endswith("ing") or first_lead in _PREAMBLE_ADJECTIVES:
            return True
    head = text.lstrip()
    for adverb in _ADVERBS:
        if head.startswith(adverb + " "):
            head = head[len(adverb) + 1 :]
            head = head[:1].upper() + head[1:]
            break
    for opener in PREAMBULAR_OPENERS:
        if head.startswith(opener) and (len(head) == len(opener) or not head[len(opener)].isalpha()):
            return True
    first = re.match(r"[A-Z][a-z]+", head)
    return bool(first and first.group(0).endswith("ing") and first.group(0) not in ("During", "Bring"))


def looks_like_heading(text: str) -> bool:
    """A plain-text line that is a heading: short, capitalised, no closing punctuation.

    Used for formats without heading markup (text, PDF); also catches the
    "I. Sustainable development ..." and "Action 13 . We will ..." lines of
    A/RES/79/1 that its Markdown leaves unmarked.
    """
    t = text.strip()
    if not t or "\n" in t.strip():
        return False
    if ANNEX_RE.match(t) or ROMAN_HEADING_RE.match(t) or ACTION_HEADING_RE.match(t):
        return True
    if len(t) > 150 or t[-1] in ".;,:!?)" or not t[0].isupper():
        return False
    if NUMBERED_RE.match(t) or LETTERED_RE.match(t) or FOOTNOTE_REF_RE.search(t):
        return False
    return not BODY_LINE_RE.match(t) and not PLENARY_RE.match(t) and not DATE_LINE_RE.match(t)


def is_body_line(text: str) -> bool:
    """ "The General Assembly," opens the resolution; a bare "General Assembly" is masthead."""
    return bool(BODY_LINE_RE.match(text)) and (text.startswith("The ") or text.endswith(","))


def letter_index(letter: str) -> int:
    """a->1 ... z->26, aa->27: position of a sub-paragraph letter."""
    if len(letter) == 1:
        return ord(letter) - 96
    return 26 + ord(letter[1]) - 96
