"""Chat questions answered from a document comparison: "What is new in the 2025 ECOSOC resolution
compared with 2024?", "What was dropped from E/RES/2025/18?".

`asks_comparison` reads the question; `resolve_pair` finds the two indexed
documents it means (symbols named, or years with a body: one year means that
year's document against the one before it of the same body and series);
`compare_answer` composes a short cited answer listing the new (or dropped)
paragraphs, each quoted and cited on its own side, and what went the other way.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from assistant.compare import ADDED, REMOVED, SPLIT, CompareError, Comparison, compare_in_index
from assistant.types import QUOTED, Answer, Citation, Hit
from index.paragraph import Paragraph

NEW_RE = re.compile(r"\b(?:what(?:'s|’s| is| was| are)?\s+(?:the\s+)?new|new (?:paragraphs?|language|text)|"
                    r"added|introduced|inserted)\b", re.I)
DROPPED_RE = re.compile(r"\b(?:dropped|removed|deleted|omitted|left out|no longer)\b", re.I)
CUE_RE = re.compile(r"\b(?:compared?|since|than|from|previous|preceding|last year's|in the \d{4}|"
                    r"E/RES/|A/RES/)", re.I)
SYMBOL_RE = re.compile(r"\b(?:E/RES/\d{4}/\d+|A/RES/\d+/\d+)\b", re.I)
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
BODIES = (
    (re.compile(r"\b(?:ECOSOC|Economic and Social Council)\b", re.I), "Economic and Social Council"),
    (re.compile(r"\b(?:General Assembly|GA)\b"), "General Assembly"),
)
LISTED = 8  # paragraphs quoted for what was asked; the rest are counted
OTHER_SIDE = 3  # paragraphs quoted for the other direction
QUOTE_WORDS = 24


def asks_comparison(question: str) -> str | None:
    """`"added"` or `"removed"` when the question asks what is new or what was dropped between documents."""
    if not CUE_RE.search(question):
        return None
    if DROPPED_RE.search(question):
        return REMOVED
    if NEW_RE.search(question):
        return ADDED
    return None


def _body(question: str) -> str | None:
    for rx, body in BODIES:
        if rx.search(question):
            return body
    return None


def resolve_pair(question: str, documents) -> tuple[str, str] | None:
    """(old symbol, new symbol) the question compares, from indexed `documents` (one per symbol is enough)."""
    docs = {d.symbol: d for d in documents}
    symbols = [s for s in dict.fromkeys(m.upper() for m in SYMBOL_RE.findall(question)) if s in docs]
    years = sorted({int(y) for y in YEAR_RE.findall(SYMBOL_RE.sub(" ", question))})
    body = _body(question) or (docs[symbols[0]].body if symbols else None)

    def of_year(year: int, like: str | None = None) -> str | None:
        cands = [d for d in docs.values() if d.year == year and (body is None or d.body == body)]
        if like:
            cands.sort(key=lambda d: -fuzz.token_set_ratio(d.title, docs[like].title))
        elif len(cands) > 1:
            return None
        return cands[0].symbol if cands else None

    def before(symbol: str) -> str | None:
        return preceding(symbol, docs.values())

    if len(symbols) >= 2:
        a, b = sorted(symbols[:2], key=lambda s: docs[s].date)
        return a, b
    if len(symbols) == 1:
        s = symbols[0]
        other = of_year(years[0], like=s) if years else before(s)
        if other is None or other == s:
            return None
        return tuple(sorted((s, other), key=lambda x: docs[x].date))  # type: ignore[return-value]
    if not years or body is None:
        return None
    newest = of_year(years[-1])
    if newest is None:
        return None
    oldest = of_year(years[0], like=newest) if len(years) > 1 else before(newest)
    if oldest is None or oldest == newest:
        return None
    return oldest, newest


def preceding(symbol: str, documents) -> str | None:
    """The document before `symbol` in its series: same body, earlier date, the most alike title; or None."""
    docs = {d.symbol: d for d in documents}
    cur = docs.get(symbol)
    if cur is None:
        return None
    cands = [d for d in docs.values() if d.body == cur.body and d.date and cur.date and d.date < cur.date]
    cands = [d for d in cands if fuzz.token_set_ratio(d.title, cur.title) >= 80] or cands
    return max(cands, key=lambda d: d.date).symbol if cands else None


def _excerpt(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")


def compose(comparison: Comparison, asked: str) -> tuple[str, list[Citation]]:
    """The answer text and its citations for what was `asked` (ADDED or REMOVED)."""
    c = comparison
    citations: list[Citation] = []

    def cite(p: Paragraph) -> str:
        citations.append(Citation(marker=len(citations) + 1, paragraph=p, quote=p.text, status=QUOTED))
        return f"{p.label}: “{_excerpt(p.text)}” [{len(citations)}]"

    added = [p for ch in c.of(ADDED) for p in ch.new]
    removed = [p for ch in c.of(REMOVED) for p in ch.old]
    splits = c.of(SPLIT)
    main, other = (added, removed) if asked == ADDED else (removed, added)
    head = (f"Compared with {c.old_symbol} ({c.old_date[:4]}), {c.new_symbol} ({c.new_date[:4]}): {c.summary}.")
    if c.different_bodies:
        head += f" The two are from different bodies ({c.old_body}; {c.new_body})."
    what = "new" if asked == ADDED else "dropped"
    if not main:
        lines = [head, f"No paragraph was {what if asked == REMOVED else 'added'}."]
    else:
        lines = [head, f"{'New' if asked == ADDED else 'Dropped'} paragraphs:"]
        lines += [f"- {cite(p)}" for p in main[:LISTED]]
        if len(main) > LISTED:
            lines.append(f"- and {len(main) - LISTED} more (`wsis compare {c.old_symbol} {c.new_symbol}`).")
    if other:
        which = "Also dropped" if asked == ADDED else "Also new"
        listed = "; ".join(cite(p) for p in other[:OTHER_SIDE])
        more = f"; and {len(other) - OTHER_SIDE} more" if len(other) > OTHER_SIDE else ""
        lines.append(f"{which}: {listed}{more}.")
    if splits:
        lines.append(f"{len(splits)} paragraph(s) were split in two.")
    return "\n".join(lines), citations


def compare_answer(index, question: str) -> Answer | None:
    """The answer to a "what is new / what was dropped" question from the comparison, or None."""
    asked = asks_comparison(question)
    if asked is None:
        return None
    pair = resolve_pair(question, index.documents)
    if pair is None:
        return None
    try:
        comparison = compare_in_index(index, *pair)
    except (CompareError, ValueError):
        return None
    text, citations = compose(comparison, asked)
    return Answer(question=question, searched_question=question, text=text, citations=citations,
                  hits=[Hit(paragraph=c.paragraph, score=1.0, via="compare") for c in citations],
                  notes=[f"from the comparison of {pair[0]} and {pair[1]}"])
