"""References inside paragraph text, parsed into structured links between paragraphs.

Delegates follow references from one resolution to another: "Reaffirms paragraph
20 of its resolution 2011/16" or "paragraphs 34 to 37 and paragraphs 67 to 72 of
the Tunis Agenda".  This module turns such wording into `Reference` records
(target document symbol plus the paragraph numbers it names), resolves them to
indexed paragraph ids where the target is indexed, and answers "refers to" and
"referred to by" for one paragraph.  Everything here is pure: the index build
calls `build_link_table` once and stores the table as JSON beside the index.

What counts as a reference: a resolution number after the word "resolution"
("General Assembly resolution 66/184", "its resolution 2011/16", "resolution
55/2"), an official symbol ("A/RES/66/184", "A/67/66"), or a named WSIS outcome
document ("the Tunis Agenda"), each optionally preceded by paragraph numbers
("paragraph 20 of", "paras 34 and 35 of").  A bare number ("2018/28. Assessment
...", a heading, or a paragraph's own number) is never a reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from index.paragraph import Paragraph, parent_loc, split_id
from index.symbols import (
    CITED_SYMBOL,
    GENEVA_DECLARATION,
    GENEVA_PLAN,
    RESOLUTION_NUMBER,
    TUNIS_AGENDA,
    TUNIS_COMMITMENT,
    body_kind,
    resolution_symbol,
)
from index.text import MARKUP_AND_RULES_RE

# Named outcome documents: (pattern, symbol).  "Plan of Action" alone is only
# the Geneva one when the sentence is about the Geneva phase (checked below).
_NAMED_DOCS: tuple[tuple[str, str], ...] = (
    (r"Tunis\s+Agenda(?:\s+for\s+the\s+Information\s+Society)?", TUNIS_AGENDA),
    (r"Tunis\s+Commitment", TUNIS_COMMITMENT),
    (r"(?:Geneva\s+)?Declaration\s+of\s+Principles", GENEVA_DECLARATION),
    (r"(?:Geneva\s+)?Plan\s+of\s+Action", GENEVA_PLAN),
)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATE = rf"(?:\s+of\s+\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})"
_BODY = (
    r"(?:the\s+)?(?:(?:UN|United\s+Nations)\s+)?"
    r"(?:General\s+Assembly|Economic\s+and\s+Social\s+Council|ECOSOC|Assembly|Council)"
)
# "resolution(s) N [of DATE] [, N [of DATE]]* [and N [of DATE]]"
_RESOLUTIONS = (
    rf"(?:(?P<its>its)\s+|(?P<body>{_BODY})\s+)?[Rr]esolutions?\s+"
    rf"(?P<nums>{RESOLUTION_NUMBER}{_DATE}?(?:\s*(?:,\s*and|,|and)\s+{RESOLUTION_NUMBER}{_DATE}?)*)"
)
_NAMED = "|".join(f"(?:{pattern})" for pattern, _ in _NAMED_DOCS)
_DOC = rf"(?P<res>{_RESOLUTIONS})|(?P<sym>{CITED_SYMBOL})|(?P<named>{_NAMED})"

_LOC_ITEM = r"\d+(?:\s*\([a-z]{1,3}\))?"
_LOC_WORD = r"(?:[Pp]aragraphs?|[Pp]aras?\.?)"
_LOC_CHAIN = (
    rf"{_LOC_WORD}\s+{_LOC_ITEM}"
    rf"(?:\s*(?:,\s*and|,|and|to|-|–)\s*(?:{_LOC_WORD}\s+)?{_LOC_ITEM})*"
)
_REF_RE = re.compile(rf"(?:(?P<locs>{_LOC_CHAIN})\s+(?:of|in)\s+(?:the\s+|its\s+)?)?(?:{_DOC})")
_SELF_RE = re.compile(
    rf"(?P<locs>{_LOC_CHAIN})\s+(?:of\s+the\s+present\s+resolution|above|below)", re.IGNORECASE
)
_BODY_AFTER_RE = re.compile(
    r"^\s*(?:of\s+|by\s+)(?:the\s+)?(?:(?:UN|United\s+Nations)\s+)?"
    r"(?P<body>General\s+Assembly|Economic\s+and\s+Social\s+Council|ECOSOC)"
)
_MAX_RANGE = 300  # a "range" wider than this is a misreading, not a reference


@dataclass(frozen=True)
class Reference:
    """One link from a paragraph to a document, or to paragraphs of it.

    `target_locs` is empty when the whole document is meant ("General Assembly
    resolution 66/184").  `via` is "text" when the words are in the paragraph
    itself and "footnote" when they are in a footnote the paragraph cites.
    """

    source_id: str
    target_symbol: str
    target_locs: tuple[str, ...]
    text_span: str
    via: str = "text"

    @property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(f"{self.target_symbol}:{loc}" for loc in self.target_locs)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Reference:
        return cls(
            source_id=data["source_id"],
            target_symbol=data["target_symbol"],
            target_locs=tuple(data.get("target_locs", ())),
            text_span=data.get("text_span", ""),
            via=data.get("via", "text"),
        )


@dataclass(frozen=True)
class ResolvedReference:
    """A reference with the indexed paragraph ids it points at (empty when not indexed)."""

    reference: Reference
    ids: tuple[str, ...]
    document_indexed: bool


def clean_text(text: str) -> str:
    """Drop italics and footnote markers so they do not break the patterns."""
    return re.sub(r"\s+", " ", MARKUP_AND_RULES_RE.sub("", text)).strip()


def parse_locs(chain: str) -> tuple[str, ...]:
    """`paragraphs 34 to 37 and paragraphs 67 to 72` -> ('34', ..., '37', '67', ..., '72')."""
    tokens = re.findall(rf"({_LOC_ITEM})|(\bto\b|-|–)", chain)
    locs: list[str] = []
    pending_range = False
    for item, dash in tokens:
        if dash:
            pending_range = bool(locs)
            continue
        loc = re.sub(r"\s+", "", item)
        if pending_range and loc.isdigit() and locs[-1].isdigit():
            start, end = int(locs[-1]), int(loc)
            if start < end <= start + _MAX_RANGE:
                locs.extend(str(n) for n in range(start + 1, end + 1))
            else:
                locs.append(loc)
        else:
            locs.append(loc)
        pending_range = False
    return tuple(dict.fromkeys(locs))


def _named_symbol(span: str, sentence: str) -> str | None:
    for pattern, symbol in _NAMED_DOCS:
        if re.fullmatch(pattern, span):
            # "the Plan of Action" is the Geneva one only beside Geneva / the Declaration.
            geneva = span.startswith("Geneva") or re.search(r"Geneva|Declaration of Principles", sentence)
            if symbol == GENEVA_PLAN and not geneva:
                return None
            return symbol
    return None


def _sentence_around(text: str, start: int) -> str:
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start))
    right = min(x for x in (text.find(";", start), text.find(". ", start), len(text)) if x >= 0)
    return text[left + 1 : right]


def parse_references(
    text: str, source_id: str, body: str = "", source_symbol: str = "", via: str = "text"
) -> list[Reference]:
    """All references in one paragraph's text, in reading order.

    `body` is the body that adopted the source document (Paragraph.body): it
    decides what "its resolution 2011/16" means.
    """
    clean = clean_text(text)
    its_body = body_kind(body)
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for m in _REF_RE.finditer(clean):
        locs = parse_locs(m.group("locs")) if m.group("locs") else ()
        span = m.group(0)
        symbols: list[str] = []
        if m.group("res"):
            after = clean[m.end() : m.end() + 60]
            m_after = _BODY_AFTER_RE.match(after)
            named_body = m.group("body") or (m_after.group("body") if m_after else "")
            kind = body_kind(named_body)
            if m.group("its"):
                kind = its_body
            elif not kind and named_body.strip().lower().endswith("council"):
                kind = "E"
            elif not kind and named_body.strip().lower().endswith("assembly"):
                kind = "A"
            for num in re.findall(RESOLUTION_NUMBER, m.group("nums")):
                symbols.append(resolution_symbol(num, kind if (m.group("its") or named_body) else ""))
        elif m.group("sym"):
            symbols.append(m.group("sym"))
        else:
            named = _named_symbol(m.group("named"), _sentence_around(clean, m.start("named")))
            if named is None:
                continue
            symbols.append(named)
        for i, symbol in enumerate(symbols):
            # Paragraph numbers before a list of resolutions belong to the first only.
            refs.append(Reference(source_id, symbol, locs if i == 0 else (), span, via))
        taken.append(m.span())
    if source_symbol:
        for m in _SELF_RE.finditer(clean):
            if not any(a <= m.start() < b for a, b in taken):
                refs.append(Reference(source_id, source_symbol, parse_locs(m.group("locs")), m.group(0), via))
    return refs


def paragraph_references(p: Paragraph) -> list[Reference]:
    return parse_references(p.text, p.id, body=p.body, source_symbol=p.symbol)


def build_link_table(paragraphs: Iterable[Paragraph]) -> list[Reference]:
    """Every reference in the corpus, both from paragraph text and via cited footnotes.

    A footnote's own references have the footnote as source; the paragraph that
    cites the footnote gets the same targets with `via="footnote"`, because a
    delegate reading paragraph 27 follows footnote 6 to resolution 55/2.
    """
    paragraphs = list(paragraphs)
    table: list[Reference] = []
    by_footnote: dict[str, list[Reference]] = {}
    for p in paragraphs:
        refs = paragraph_references(p)
        table.extend(refs)
        if p.kind == "footnote":
            by_footnote[p.id] = refs
    for p in paragraphs:
        for fn in p.footnotes:
            for ref in by_footnote.get(f"{p.symbol}:{fn}", ()):
                table.append(Reference(p.id, ref.target_symbol, ref.target_locs, ref.text_span, "footnote"))
    return table


def symbol_key(symbol: str) -> str:
    """Compare symbols loosely: case, spaces and a trailing language suffix do not matter."""
    key = re.sub(r"\s+", "", symbol).upper()
    return re.sub(r"-[EFSARC]$", "", key)


def resolve_links(refs: Sequence[Reference], known_ids: set[str]) -> list[ResolvedReference]:
    """Map each reference to the indexed paragraph ids it names.

    A reference to paragraph 32 also resolves to its indexed sub-paragraphs
    32(a), 32(b) ...; a whole-document reference resolves to no paragraph but
    says whether the document is indexed.
    """
    by_symbol: dict[str, dict[str, list[str]]] = {}
    for pid in known_ids:
        symbol, loc = split_id(pid)
        by_symbol.setdefault(symbol_key(symbol), {}).setdefault(parent_loc(loc), []).append(pid)
    out: list[ResolvedReference] = []
    for ref in refs:
        locs = by_symbol.get(symbol_key(ref.target_symbol))
        ids: list[str] = []
        if locs is not None:
            for loc in ref.target_locs:
                ids.extend(sorted(locs.get(parent_loc(loc), ()), key=_loc_sort_key(loc)))
        out.append(ResolvedReference(ref, tuple(ids), locs is not None))
    return out


def _loc_sort_key(wanted: str):
    def key(pid: str) -> tuple[int, str]:
        loc = split_id(pid)[1]
        if "(" in wanted:  # "5(a)" names only that sub-paragraph
            return (0 if loc == wanted else 2, loc)
        return (0 if "(" not in loc else 1, loc)

    return key


def _ref_targets(ref: Reference, pid: str) -> bool:
    symbol, loc = split_id(pid)
    if symbol_key(symbol) != symbol_key(ref.target_symbol):
        return False
    return any(t == loc or (t == parent_loc(loc) and "(" not in t) for t in ref.target_locs)


def links_for(pid: str, table: Sequence[Reference]) -> tuple[list[Reference], list[Reference]]:
    """(refers_to, referred_by) for one paragraph id.

    `referred_by` holds references naming this paragraph (or its parent, for a
    sub-paragraph); whole-document references are in `referring_to_document`.
    """
    refers_to = [r for r in table if r.source_id == pid]
    referred_by = [r for r in table if r.source_id != pid and _ref_targets(r, pid)]
    return refers_to, referred_by


def referring_to_document(symbol: str, table: Sequence[Reference]) -> list[Reference]:
    """References to the document as a whole or to any of its paragraphs."""
    key = symbol_key(symbol)
    return [r for r in table if symbol_key(r.target_symbol) == key]


def dumps(table: Sequence[Reference]) -> str:
    return json.dumps([r.to_dict() for r in table], ensure_ascii=False, indent=1)


def loads(data: str) -> list[Reference]:
    return [Reference.from_dict(d) for d in json.loads(data)]
