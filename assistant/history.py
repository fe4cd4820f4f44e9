"""Answers to "how did it change": one quote per year, and the words that changed between them.

A delegate asking how the language on the unconnected changed between
ECOSOC's 2023 and 2024 resolutions wants both years' words side by side and
the difference named, not the best-matching paragraph of one year.  Two kinds
of question get this answer:

- a question naming two or more years ("between 2023 and 2024", "in 2018 and
  in 2021");
- a question about change over time ("how has … evolved", "since 2018").

The years' paragraphs come from the family of the best answering paragraph
(`assistant.families`: the same paragraph agreed again year after year), the
member of each named year or, without years, the first and the latest; where
the paragraph has no family, from the best answering clause of each named
year.  The quotes stay verbatim; what changed is computed word by word
(`difflib`) between the corresponding parts.  Pure functions: the caller
passes the ranked clauses and the families.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.extractive import ELLIPSIS, quote_span, render_sentence, verb_parts
from assistant.families import asks_history
from assistant.types import QUOTED, Citation, Hit
from index.paragraph import Paragraph
from index.text import content_stems

MAX_CHANGES = 3  # changes named in the answer; the Browse timeline shows every one
MAX_CHANGE_WORDS = 12  # a longer changed stretch is named by its start
SAME_CLAUSE = 80  # wording similarity (0-100) of two quotes at which a word diff says what changed (families: 0.8)


@dataclass(frozen=True)
class Step:
    """One year of the answer: the paragraph and the verbatim part of it that is quoted."""

    hit: Hit
    paragraph: Paragraph
    quote: str


def compared_years(years: Sequence[int]) -> list[int]:
    """The distinct years a question names, oldest first (document numbers are not years here)."""
    return sorted(set(years))


def asks_change(question: str, years: Sequence[int]) -> bool:
    return asks_history(question) or len(compared_years(years)) >= 2


def member_for_year(members: Sequence[Paragraph], year: int) -> Paragraph | None:
    """The family member of `year`, else the latest before it (the text in force that year)."""
    before = [m for m in members if m.year and m.year <= year]
    return before[-1] if before else None


def matching_part(text: str, quote: str) -> str:
    """The verb-led part of `text` closest in wording to `quote` (the same clause in another year's text)."""
    parts = verb_parts(text) or [text]
    return max(parts, key=lambda part: fuzz.ratio(part, quote))


def timeline(
    question: str,
    ranked: Sequence[tuple[Hit, str, float]],
    family_of: Callable[[Paragraph], Sequence[Paragraph]],
    years: Sequence[int],
    bodies: Sequence[str] = (),
    counterpart: Callable[[Paragraph, int], Paragraph | None] | None = None,
    index_years: Sequence[int] = (),
) -> list[Step]:
    """The steps of a change answer, oldest first; [] when the passages found hold one year only.

    `bodies`: the bodies the question names ("ECOSOC's wording"); only their paragraphs speak.
    `counterpart(p, year)`: the paragraph of `year` worded like `p` (`closest_wording`), for a
    paragraph whose family the families step did not link: between two named years the answer
    then quotes the same paragraph of each year, not each year's best clause on the topic.
    It also stands in for a named year the family has no member of (figures updated, so
    the families step did not link it), and, given `index_years` (the indexed documents'
    years), carries "since 2023" and "how has it evolved" to the newest text worded like
    the family's last member.
    """
    if bodies:
        ranked = [r for r in ranked if r[0].paragraph.body in bodies]
    if not ranked:
        return []
    years = compared_years(years)
    stems = set(content_stems(question))
    lead, clause, _score = ranked[0]
    lead_quote = _quote(stems, lead.paragraph.text, clause)
    members = sorted(family_of(lead.paragraph), key=lambda m: (m.date or "", m.symbol))
    latest = _latest_text(members[-1], counterpart, index_years)
    if len(members) >= 2 or latest.id != members[-1].id:
        if years:
            chosen = [m for y in years if (m := _text_of_year(members, y, lead.paragraph, counterpart)) is not None]
            if len(years) == 1:  # "since 2018": that year's text and the latest
                chosen.append(latest)
        else:
            chosen = [members[0], latest]
        chosen = list({m.id: m for m in chosen}.values())
        if len(chosen) >= 2:
            return [
                Step(lead, m, lead_quote if m.id == lead.paragraph.id else matching_part(m.text, lead_quote))
                for m in chosen
            ]
    if len(years) < 2:
        return []
    anchor = next(((h, c) for h, c, _ in ranked if h.paragraph.year in years), None)
    steps: list[Step] = []
    for year in years:
        best = next(((h, c) for h, c, _ in ranked if h.paragraph.year == year), None)
        if anchor is not None and counterpart is not None and year != anchor[0].paragraph.year:
            twin = counterpart(anchor[0].paragraph, year)
            if twin is not None:
                anchor_quote = _quote(stems, anchor[0].paragraph.text, anchor[1])
                steps.append(Step(anchor[0], twin, matching_part(twin.text, anchor_quote)))
                continue
        if best is not None:
            steps.append(Step(best[0], best[0].paragraph, _quote(stems, best[0].paragraph.text, best[1])))
    return steps if len(steps) >= 2 else []


def _text_of_year(members: Sequence[Paragraph], year: int, lead: Paragraph,
                  counterpart: Callable[[Paragraph, int], Paragraph | None] | None) -> Paragraph | None:
    """The paragraph a named year speaks with: its family member, else the counterpart of that
    year's texts, else the text in force that year (`member_for_year`)."""
    exact = [m for m in members if m.year == year]
    if exact:
        return exact[-1]
    twin = counterpart(lead, year) if counterpart is not None else None
    return twin if twin is not None else member_for_year(members, year)


def _latest_text(last: Paragraph, counterpart: Callable[[Paragraph, int], Paragraph | None] | None,
                 index_years: Sequence[int]) -> Paragraph:
    """`last`, or the paragraph of the newest later year's texts worded like it (a re-adoption
    whose figures changed too much for the families step to link it)."""
    if counterpart is None or not last.year:
        return last
    for year in sorted({y for y in index_years if y and y > last.year}, reverse=True):
        twin = counterpart(last, year)
        if twin is not None:
            return twin
    return last


def closest_wording(p: Paragraph, candidates: Sequence[Paragraph]) -> Paragraph | None:
    """The candidate worded most like `p`, when at least `SAME_CLAUSE` alike (rapidfuzz ratio, 0-100).

    A paragraph re-adopted with its figures updated ("4.9 billion people or 63
    per cent" → "5.4 billion people or 67 per cent") may fall below the families'
    threshold; between two named years it is still the same paragraph.
    """
    scored = [(fuzz.ratio(p.text, c.text), c) for c in candidates if c.id != p.id]
    best = max(scored, key=lambda sc: sc[0], default=None)
    return best[1] if best is not None and best[0] >= SAME_CLAUSE else None


def _quote(stems: set[str], text: str, clause: str) -> str:
    """What the answer quotes of a paragraph: its answering clause when whole, else its best span (no fragment)."""
    fragments, _ = quote_span(stems, text, clause)
    return ELLIPSIS.join(fragments)


def word_changes(old: str, new: str, max_changes: int = MAX_CHANGES) -> list[str]:
    """What changed from `old` to `new`, word by word: '“3.8 billion” became “2.6 billion”', 'added “…”'."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = _words(a[i1:i2]), _words(b[j1:j2])
        if op == "replace":
            out.append(f"“{before}” became “{after}”")
        elif op == "insert":
            out.append(f"“{after}” was added")
        else:
            out.append(f"“{before}” was dropped")
    if len(out) > max_changes:
        out = [*out[:max_changes], f"{len(out) - max_changes} more changes"]
    return out


def _words(words: Sequence[str]) -> str:
    text = " ".join(words).strip(" ,;")
    if len(words) > MAX_CHANGE_WORDS:
        text = " ".join(words[:MAX_CHANGE_WORDS]).strip(" ,;") + " …"
    return text


def compose_timeline(steps: Sequence[Step], question_language: str = "en") -> tuple[str, list[Citation]]:
    """The change answer: each year's quote in the document's voice, then what changed between them."""
    sentences: list[str] = []
    citations: list[Citation] = []
    for marker, step in enumerate(steps, start=1):
        sentences.append(render_sentence(step.paragraph, step.quote, marker, question_language=question_language))
        citations.append(Citation(marker=marker, paragraph=step.paragraph, quote=step.quote, status=QUOTED))
    for older, newer in itertools.pairwise(steps):
        if older.paragraph.language != newer.paragraph.language:
            continue
        changes = word_changes(_plain(older.quote), _plain(newer.quote))
        span = f"from {older.paragraph.label} to {newer.paragraph.label}"
        if not changes:
            sentences.append(f"The quoted words are the same {span}.")
        elif fuzz.ratio(older.quote, newer.quote) >= SAME_CLAUSE:
            sentences.append(f"What changed {span}: {'; '.join(changes)}.")
    return " ".join(sentences), citations


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(ELLIPSIS, " ")).strip()
