"""Acronyms and their expansions, mined from the corpus, each citing a real paragraph.

Newcomers meet CSTD, IGF, UNGIS and MDGs in every paragraph; documents
rarely spell them out next to the acronym (the seed says "United Nations Group
on the Information Society" in paragraph 1 and "UNGIS" in paragraph 41).  So
an expansion is found three ways, strongest first:

1. defined: "Internet Governance Forum (IGF)" - a parenthesised acronym after
   words whose initials spell it;
2. curated: a short list of well-known WSIS acronyms, used only when the
   expansion occurs verbatim in the corpus (so the entry cites a paragraph);
3. matched: a capitalised word sequence anywhere in the corpus whose initials
   spell the acronym ("United Nations Group on the Information Society").

Every entry records where the expansion is first spelled out and where the
acronym is first used ("first" = earliest document date, then reading order).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache

from index.paragraph import Paragraph
from index.text import CONNECTOR_WORDS, MARKUP_RE, NAME_WORD_RE

# Well-known acronyms and expansions, in order of preference.  Used only when
# an expansion is found verbatim in the corpus.
CURATED: dict[str, tuple[str, ...]] = {
    "CSTD": ("Commission on Science and Technology for Development",),
    "ECOSOC": ("Economic and Social Council",),
    "ICT": (
        "information and communications technology",
        "information and communication technology",
        "information and communications technologies",
        "information and communication technologies",
    ),
    "IGF": ("Internet Governance Forum",),
    "ITU": ("International Telecommunication Union",),
    "MDGs": ("Millennium Development Goals",),
    "SDGs": ("Sustainable Development Goals",),
    "UN": ("United Nations",),
    "UNCTAD": ("United Nations Conference on Trade and Development",),
    "UNDP": ("United Nations Development Programme",),
    "UNESCO": ("United Nations Educational, Scientific and Cultural Organization",),
    "UNGIS": ("United Nations Group on the Information Society",),
    "WSIS": ("World Summit on the Information Society",),
}

_ACRONYM_RE = re.compile(r"(?<![/\w.-])([A-Z][A-Z0-9&]*[A-Z])(s?)(?![\w/]|\.\d)")
_ROMAN_RE = re.compile(r"^[IVXLCDM]+$")
_DEFINED_RE = re.compile(r"\(\s*([A-Z][A-Z0-9&]*[A-Z]s?)\s*\)")
_MAX_PREFIX = 3  # "ECOSOC": Economic (ECO) and Social (SO) Council (C)


@dataclass(frozen=True)
class GlossaryEntry:
    acronym: str
    expansion: str
    source_id: str  # paragraph where the expansion is first spelled out
    first_used_id: str  # paragraph where the acronym is first used ("" if never)
    how: str = "matched"  # defined | curated | matched
    variants: tuple[str, ...] = ()  # other spellings of the expansion seen in the corpus

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> GlossaryEntry:
        return cls(**{**data, "variants": tuple(data.get("variants", ()))})


def _clean(text: str) -> str:
    return " ".join(MARKUP_RE.sub("", text).split())


def _core(acronym: str) -> str:
    """`MDGs` -> `MDG`: the letters the expansion's initials must spell."""
    return acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym


def _split_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for part in NAME_WORD_RE.findall(phrase) for w in part.split("-") if w)


@cache
def _match_cost(letters: str, words: tuple[str, ...]) -> int | None:
    """How badly `words` spell `letters` by their initials; None when they do not.

    Content words give the first 1-3 letters of themselves (each extra letter
    costs 1); stop words give nothing, or their initial at a cost of 1.
    """
    if not letters:
        return 0 if all(w.lower() in CONNECTOR_WORDS for w in words) else None
    if not words:
        return None
    word, rest = words[0], words[1:]
    lw = word.lower()
    best: int | None = None
    stop = lw in CONNECTOR_WORDS
    if stop:
        best = _match_cost(letters, rest)
    for n in range(1, min(1 if stop else _MAX_PREFIX, len(word), len(letters)) + 1):
        if lw[:n] != letters[:n].lower():
            break
        sub = _match_cost(letters[n:], rest)
        cost = n if stop else n - 1  # a stop word that gives a letter costs 1 ("UNCTAD": and)
        if sub is not None and (best is None or sub + cost < best):
            best = sub + cost
    return best


def initials_cost(acronym: str, phrase: str) -> int | None:
    """0 when every content word gives exactly one letter; None when no match."""
    words = _split_words(phrase)
    if not words or words[0].lower() in CONNECTOR_WORDS or words[-1].lower() in CONNECTOR_WORDS:
        return None
    return _match_cost(_core(acronym).upper(), words)


def _same_name(variant: str, expansion: str) -> bool:
    """A spelling variant shares most content words ("UN Group on the Information Society")."""
    words = {w.lower() for w in _split_words(expansion) if w.lower() not in CONNECTOR_WORDS}
    other = {w.lower() for w in _split_words(variant) if w.lower() not in CONNECTOR_WORDS}
    return len(other) > 1 and len(words & other) >= 0.5 * len(words)


def _ordered(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    indexed = list(enumerate(paragraphs))
    return [p for _, p in sorted(indexed, key=lambda ip: (ip[1].date or "", ip[0]))]


def _acronym_uses(paragraphs: Sequence[Paragraph]) -> dict[str, tuple[str, Counter]]:
    """Core acronym -> (first paragraph id using it, counts of its written forms)."""
    uses: dict[str, tuple[str, Counter]] = {}
    for p in paragraphs:
        for m in _ACRONYM_RE.finditer(_clean(p.text)):
            core, plural = m.group(1), m.group(2)
            if _ROMAN_RE.match(core) or len(core) > 10:
                continue
            _first, forms = uses.setdefault(core, (p.id, Counter()))
            forms[core + plural] += 1
    return uses


def _defined(paragraphs: Sequence[Paragraph]) -> dict[str, str]:
    """Acronym core -> expansion from "Expansion Words (ACR)" definitions."""
    found: dict[str, str] = {}
    for p in paragraphs:
        text = _clean(p.text)
        for m in _DEFINED_RE.finditer(text):
            core = _core(m.group(1))
            if core in found:
                continue
            before = text[: m.start()].split()[-2 * len(core) - 4 :]
            for start in range(len(before)):
                phrase = " ".join(before[start:]).strip(" ,;:")
                if initials_cost(core, phrase) == 0 and phrase[:1].isupper():
                    found[core] = phrase
                    break
    return found


_CAP_RUN_RE = re.compile(
    r"(?:[A-Z][\w’'-]*)(?:,?\s+(?:(?:of|the|on|and|for|in|to|de)\s+)*[A-Z][\w’'-]*)*"
)


def capitalised_phrases(paragraphs: Sequence[Paragraph]) -> Counter:
    """Every capitalised word run (stop words allowed inside) and its sub-runs, with counts."""
    counts: Counter = Counter()
    for p in paragraphs:
        for run in _CAP_RUN_RE.findall(_clean(p.text)):
            words = run.replace(",", " ,").split()
            caps = [i for i, w in enumerate(words) if w[:1].isupper()]
            # Sub-runs end where the run ends: "Agenda for the Information" inside
            # "Tunis Agenda for the Information Society" is no name of its own.
            end = caps[-1]
            for a in caps:
                if end - a < 16:
                    counts[" ".join(words[a : end + 1]).replace(" ,", ",")] += 1
    return counts


def _first_paragraph_with(phrase: str, paragraphs: Sequence[Paragraph], cleaned: list[str]) -> str:
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")
    for p, text in zip(paragraphs, cleaned, strict=True):
        if pattern.search(text):
            return p.id
    return ""


def build_glossary(
    paragraphs: Iterable[Paragraph], curated: dict[str, tuple[str, ...]] | None = None
) -> list[GlossaryEntry]:
    """The corpus glossary, sorted by acronym; every entry cites a paragraph of `paragraphs`."""
    curated = CURATED if curated is None else curated
    ordered = _ordered(paragraphs)
    cleaned = [_clean(p.text).lower() for p in ordered]
    uses = _acronym_uses(ordered)
    defined = _defined(ordered)
    phrases = capitalised_phrases(ordered)
    curated_by_core = {_core(a): (a, exps) for a, exps in curated.items()}

    entries: list[GlossaryEntry] = []
    for core in sorted(set(uses) | set(curated_by_core)):
        matched = sorted(
            (
                (cost, -n, phrase)
                for phrase, n in phrases.items()
                if phrase[:1].upper() == core[0] and (cost := initials_cost(core, phrase)) is not None
                and not any(_core(w) == core for w in phrase.split())
            ),
        )
        expansion, how = "", ""
        if core in defined:
            expansion, how = defined[core], "defined"
        elif core in curated_by_core:
            for candidate in curated_by_core[core][1]:
                if _first_paragraph_with(candidate, ordered, cleaned):
                    expansion, how = candidate, "curated"
                    break
        if not expansion and matched and matched[0][0] == 0:
            expansion, how = matched[0][2], "matched"
        if not expansion:
            continue
        source_id = _first_paragraph_with(expansion, ordered, cleaned)
        if not source_id:
            continue
        first_used, forms = uses.get(core, ("", Counter()))
        acronym = forms.most_common(1)[0][0] if forms else curated_by_core.get(core, (core,))[0]
        variants = tuple(
            dict.fromkeys(
                phrase
                for cost, _, phrase in matched[:8]
                if cost <= 1 and phrase.lower() != expansion.lower() and _same_name(phrase, expansion)
            )
        )
        entries.append(GlossaryEntry(acronym, expansion, source_id, first_used, how, variants))
    return entries


def lookup(term: str, glossary: Sequence[GlossaryEntry]) -> GlossaryEntry | None:
    """The entry for an acronym (any case, plural or not) or for an expansion."""
    t = " ".join(term.strip(" \"'“”‘’?.").split())
    t = re.sub(r"^(?:the|an?)\s+", "", t, flags=re.IGNORECASE)
    for e in glossary:
        if t.upper() in (e.acronym.upper(), _core(e.acronym).upper(), _core(e.acronym).upper() + "S"):
            return e
    for e in glossary:
        if t.lower() == e.expansion.lower() or t.lower() in (v.lower() for v in e.variants):
            return e
    return None


def dumps(glossary: Sequence[GlossaryEntry]) -> str:
    return json.dumps([e.to_dict() for e in glossary], ensure_ascii=False, indent=1)


def loads(data: str) -> list[GlossaryEntry]:
    return [GlossaryEntry.from_dict(d) for d in json.loads(data)]
