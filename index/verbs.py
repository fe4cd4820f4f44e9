"""Operative verbs and addressees: who is asked to do what in a resolution.

A resolution's operative paragraphs each start with a verb phrase (*Urges*,
*Calls upon*, *Notes with great concern*) and many name an addressee (the
Secretary-General, all States).  Delegates ask "what is the Secretary-General
requested to do?", so the index records both for each operative paragraph
and sub-paragraph in a normalized form that retrieval can filter on exactly:
verbs lower-case, third person, without adverbs ("Also welcomes" ->
"welcomes", "We reaffirm" -> "reaffirms", "calls on" -> "calls upon");
addressees without articles ("the Secretary-General" -> "Secretary-General",
"all States" -> "States").

Works on text with or without the seed's italics, on numbered sub-paragraphs
and on Tunis-style "We ..." paragraphs.  Pure functions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.paragraph import OPERATIVE, SUBPARAGRAPH, Paragraph
from index.text import LETTER_WORD_RE, MARKUP_RE


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Third-person operative verbs; a first word outside this list is not a verb
# (Tunis-style "A working definition of Internet governance is ...").
OPERATIVE_VERBS = _words(
    "accepts acknowledges adopts affirms agrees appeals applauds approves asks authorizes bears believes "
    "calls "
    "commends commits condemns confirms considers continues decides declares deplores designates "
    "directs draws emphasizes encourages endorses expresses highlights instructs invites launches "
    "looks notes observes pledges proclaims reaffirms recalls recognizes recommends regrets "
    "reiterates remains reminds renews requests resolves seeks stresses supports takes underlines "
    "underscores undertakes urges welcomes"
)
# Verbs whose object is the addressee ("Requests the Secretary-General to ...").
ADDRESSEE_VERBS = frozenset(
    {
        *_words("requests urges invites encourages asks appeals directs authorizes reminds instructs"),
        "calls upon",
        "expresses its appreciation",
        "expresses its gratitude",
    }
)
_ADVERBS = ("once again", "further also", "also", "further", "again", "strongly", "firmly", "urgently")
_QUALIFIER = r"(?:(?:great|grave|deep|serious|particular|profound|sincere)\s+)?"
_FEELING = r"(?:concern|appreciation|satisfaction|interest|gratitude|regret|alarm)"
# Continuations of a head verb that belong to the verb phrase (lower-case text).
_CONTINUATIONS: dict[str, str] = {
    "calls": r"(?:upon|on|for)\b",
    "takes": rf"note(?:\s+with\s+{_QUALIFIER}{_FEELING})?\b",
    "notes": rf"with\s+{_QUALIFIER}{_FEELING}\b",
    "expresses": rf"(?:its|their|our)\s+{_QUALIFIER}{_FEELING}\b|{_QUALIFIER}{_FEELING}\b",
    "looks": r"forward\s+to\b",
    "draws": r"attention\s+to\b",
    "bears": r"in\s+mind\b",
    "appeals": r"to\b",
}
_VERB_SYNONYMS = {"calls on": "calls upon", "appeals to": "appeals"}

# (pattern at the start of the remainder, canonical addressee), most specific first.
_ADDRESSEES: tuple[tuple[str, str], ...] = (
    (r"(?:the\s+)?Secretary-General\s+of\s+the\s+United\s+Nations\s+Conference\s+on\s+Trade\s+and\s+"
     r"Development", "Secretary-General of UNCTAD"),
    (r"(?:the\s+)?(?:(?:UN|United\s+Nations)\s+)?Secretary-General\b", "Secretary-General"),
    (r"(?:all\s+)?Member\s+States\b", "Member States"),
    (r"(?:all\s+)?States\b", "States"),
    (r"(?:all\s+)?(?:relevant\s+)?stakeholders\b", "stakeholders"),
    (r"(?:the\s+)?(?:all\s+)?(?:relevant\s+)?(?:United\s+Nations|UN)\s+entities\b",
     "United Nations entities"),
    (r"(?:the\s+)?Commission\s+(?:on|for)\s+Science\s+and\s+Technology\s+for\s+Development\b|the\s+CSTD\b",
     "Commission on Science and Technology for Development"),
    (r"(?:the\s+)?international\s+community\b", "international community"),
    (r"(?:all\s+)?[Gg]overnments\b", "Governments"),
    (r"(?:the\s+)?General\s+Assembly\b", "General Assembly"),
    (r"(?:all\s+)?(?:relevant\s+)?(?:United\s+Nations|UN)\s+organizations\b", "United Nations organizations"),
)
_LEAD_RE = re.compile(r"^\s*(?:\d+\.\s+|\([a-z]{1,3}\)\s+)")


@dataclass(frozen=True)
class VerbInfo:
    """The verb phrase and addressee of one paragraph, as written and normalized."""

    phrase: str  # as written: "Notes with great concern", "Also welcomes", "We reaffirm"
    verb: str  # normalized: "notes with great concern", "welcomes", "reaffirms"
    addressee_phrase: str = ""  # as written: "the Secretary-General"
    addressee: str = ""  # normalized: "Secretary-General"


def _clean(text: str) -> str:
    return " ".join(_LEAD_RE.sub("", MARKUP_RE.sub("", text)).split())


def _third_person(base: str) -> str:
    """`reaffirm` -> `reaffirms`, `stress` -> `stresses` (for "We ..." paragraphs)."""
    if base in ("are", "is"):
        return "is"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    return base + "s"


def normalize_verb(phrase: str) -> str:
    """Lower-case, third person, adverbs dropped, synonyms merged."""
    words = " ".join(phrase.lower().split())
    if words.startswith("we "):
        words = words[3:]
        for adv in _ADVERBS:
            if words.startswith(adv + " "):
                words = words[len(adv) + 1 :]
                break
        head, _, rest = words.partition(" ")
        words = f"{_third_person(head)} {rest}".strip()
    else:
        for adv in _ADVERBS:
            if words.startswith(adv + " "):
                words = words[len(adv) + 1 :]
                break
    words = re.sub(r"\s+(?:of|that)$", "", words)
    return _VERB_SYNONYMS.get(words, words)


def normalize_addressee(phrase: str) -> str:
    """Canonical addressee: `the Secretary-General` -> `Secretary-General`, `all States` -> `States`."""
    phrase = " ".join(phrase.split()).strip(" ,;:")
    for pattern, canonical in _ADDRESSEES:
        if re.fullmatch(pattern, phrase):
            return canonical
    return re.sub(r"^(?:the|all|all the)\s+", "", phrase)


def _verb_phrase_at(text: str, start: int) -> tuple[str, int] | None:
    """The verb phrase beginning at `start` (after optional adverbs) and where it ends."""
    rest = text[start:]
    m = re.match(rf"(?:(?:{'|'.join(_ADVERBS)})\s+)*", rest, re.IGNORECASE)
    pos = m.end() if m else 0
    word = LETTER_WORD_RE.match(rest, pos)
    if not word or word.group(0).lower() not in OPERATIVE_VERBS:
        return None
    end = word.end()
    head = word.group(0).lower()
    cont = _CONTINUATIONS.get(head)
    if cont:
        c = re.compile(rf"\s+(?:{cont})", re.IGNORECASE).match(rest, end)
        if c:
            end = c.end()
    # "Welcomes and urges": a second verb joined by "and" belongs to the phrase.
    second = re.compile(r"\s+and\s+([A-Za-z]+)\b").match(rest, end)
    if second and second.group(1).lower() in OPERATIVE_VERBS:
        end = second.end()
    return rest[:end], start + end


def _we_phrase(text: str) -> tuple[str, int] | None:
    """Tunis style: "We reaffirm ...", "We further recognize ...", "We are convinced ..."."""
    m = re.match(rf"We\s+(?:(?:{'|'.join(_ADVERBS)})\s+)*([a-z]+)\b", text)
    if not m:
        return None
    base = m.group(1)
    if base in ("are", "is"):
        adj = re.compile(r"\s+([a-z]+)\b").match(text, m.end())
        return (text[: adj.end()], adj.end()) if adj else None
    third = _third_person(base)
    if third not in OPERATIVE_VERBS:
        return None
    end = m.end()
    cont = _CONTINUATIONS.get(third)
    if cont:
        c = re.compile(rf"\s+(?:{cont})", re.IGNORECASE).match(text, end)
        if c:
            end = c.end()
    return text[:end], end


def _participial_opener(text: str) -> tuple[str, int] | None:
    """ "Recognizing the enabling role ..., reiterates the importance ..." -> `reiterates`."""
    first = LETTER_WORD_RE.match(text)
    if not first or not first.group(0).endswith("ing"):
        return None
    for m in re.finditer(r",\s+(?:and\s+)?", text):
        found = _verb_phrase_at(text, m.end())
        if found and found[0][:1].islower():
            return found
    return None


def _addressee(verb: str, remainder: str) -> str:
    if verb not in ADDRESSEE_VERBS and not any(verb.endswith(" " + v) for v in ("urges", "requests")):
        return ""
    remainder = re.sub(r"^\s*(?:to|of|upon|on)\s+", "", remainder).lstrip(" ,")
    for pattern, _ in _ADDRESSEES:
        m = re.match(pattern, remainder)
        if m:
            return m.group(0)
    if verb.endswith("encourages"):
        return ""  # "Encourages close alignment ...": its object is as often a thing as an actor
    # Otherwise the noun phrase before the infinitive: "international and regional organizations to",
    # possibly with an aside between them ("all countries, in building ..., to take").
    m = re.match(r"([^,;]+?)(?:\s+to\s+[a-z]+\b|,[^;]*?\bto\s+[a-z]+\b)", remainder)
    if not m or remainder.lower().startswith(("that", "the need", "the importance", "a ", "an ")):
        return ""
    phrase = m.group(1)
    return phrase if 0 < len(phrase.split()) <= 10 else ""


def analyse(text: str) -> VerbInfo | None:
    """Verb phrase and addressee of one operative paragraph's text, or None when it has none."""
    clean = _clean(text)
    found = _we_phrase(clean) or _verb_phrase_at(clean, 0) or _participial_opener(clean)
    if not found:
        return None
    phrase, end = found
    verb = normalize_verb(phrase)
    addressee_phrase = _addressee(verb, clean[end:])
    return VerbInfo(
        phrase=phrase.strip(),
        verb=verb,
        addressee_phrase=addressee_phrase,
        addressee=normalize_addressee(addressee_phrase) if addressee_phrase else "",
    )


def annotate(p: Paragraph) -> Paragraph:
    """A copy of an operative paragraph or sub-paragraph with `verb` and `addressee` set (normalized).

    The Markdown reader fills `verb` with the italic lead as written ("Takes note
    that"); this replaces it with the normalized form filters compare against.
    Other kinds are returned unchanged.
    """
    if p.kind not in (OPERATIVE, SUBPARAGRAPH):
        return p
    info = analyse(p.text)
    if info is None:
        # The reader may have recorded an italic lead we do not know as a verb; keep it, normalized.
        return replace(p, verb=normalize_verb(p.verb) if p.verb else "", addressee="")
    return replace(p, verb=info.verb, addressee=info.addressee)
