"""Compare two documents paragraph by paragraph: what stayed, changed, moved, was added, dropped, split or merged.

Alignment is an assignment problem, not a greedy walk: every old paragraph
is scored against every new one (rapidfuzz over normalized text), and
`scipy.optimize.linear_sum_assignment` picks the pairing with the highest
total similarity, with the distance between the two paragraphs' relative
positions as a small tie-break (identical boilerplate pairs in order).  A
paragraph may stay unpaired at the price of `THRESHOLD`: a pair less
similar than that is an addition plus a removal.

Then, on the pairing:

- a pair out of order with the rest (not on the longest run of pairs in
  document order) is *moved* when it is at least `MOVE_THRESHOLD` alike, else
  an addition plus a removal; a paragraph renumbered only because others were
  added or dropped before it is not moved;
- an unpaired paragraph whose text is part of an adjacent paragraph's partner
  on the other side makes a *split* (one old, two new) or a *merge* (two old,
  one new) with it;
- a pair of the same text (markup, quotes and spacing aside) is *unchanged*,
  any other *changed*, with the word diff the precedent view draws
  (`assistant.precedent.word_diff`).

Everything here is pure: `align` works on (loc, text) pairs, `compare` on
two documents' paragraph lists.  The CLI and the chat only format.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from assistant.precedent import DiffOp, clean, render_diff, word_diff
from index.paragraph import FOOTNOTE, Paragraph

UNCHANGED, CHANGED, MOVED, ADDED, REMOVED, SPLIT, MERGED = (
    "unchanged", "changed", "moved", "added", "removed", "split", "merged")
STATUSES = (UNCHANGED, CHANGED, MOVED, ADDED, REMOVED, SPLIT, MERGED)

THRESHOLD = 0.55  # least similarity (0-1) for two paragraphs to be versions of one another
ORDER_WEIGHT = 0.02  # tie-break: cost per unit of difference in relative position
PART_OF = 85  # rapidfuzz partial_ratio for "this text is part of that one" (split/merge)
MOVE_THRESHOLD = 0.65  # a pair out of document order has no support from position: it must be this similar
SPLIT_GAIN = 0.05  # the joined pieces must match the whole better than the paired piece alone, by this much


# Typography that is no change of wording: non-breaking and soft hyphens, direction marks, zero-width spaces.
_TYPOGRAPHY = str.maketrans({"\u2011": "-", "\u2010": "-", "\u00ad": None, "\u200e": None, "\u200f": None,
                             "\u200b": None, "\ufeff": None})


def plain(text: str) -> str:
    """The text as read, typography unified: what is diffed."""
    return " ".join(clean(text).translate(_TYPOGRAPHY).split())


def normalized(text: str) -> str:
    """What is compared: the text without markup, quotes, dashes and hyphens unified, lower-cased."""
    return plain(text).lower()


def _score(a: str, b: str, **_) -> float:
    """0-100: the mean of the Indel ratio (same wording) and the token-set ratio (one text grown from the other)."""
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


def similarity(a: str, b: str) -> float:
    """Similarity of two paragraphs' texts, 0-1."""
    return _score(normalized(a), normalized(b)) / 100


@dataclass(frozen=True)
class Link:
    """One line of a comparison: which old units became which new units, and how."""

    status: str
    old: tuple[int, ...]  # indices into the old units
    new: tuple[int, ...]  # indices into the new units
    similarity: float = 0.0


def _relative(n: int) -> np.ndarray:
    return np.arange(n) / max(n - 1, 1)


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k] = v
            tail_pos[k] = i
        prev[i] = tail_pos[k - 1] if k else -1
    out: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def align(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]],
          threshold: float = THRESHOLD) -> list[Link]:
    """Align two sequences of (loc, text) units; links in the new document's order, removals where they stood."""
    n, m = len(old), len(new)
    old_norm = [normalized(t) for _, t in old]
    new_norm = [normalized(t) for _, t in new]
    if n and m:
        sim = process.cdist(old_norm, new_norm, scorer=_score, dtype=np.float32, workers=1) / 100
    else:
        sim = np.zeros((n, m), dtype=np.float32)
    pairs: dict[int, int] = {}
    if n and m:
        order = np.abs(_relative(n)[:, None] - _relative(m)[None, :])
        big = 1e6
        cost = np.full((n + m, m + n), big)
        cost[:n, :m] = np.where(sim >= threshold, 1 - sim + ORDER_WEIGHT * order, big)
        skip = (1 - threshold) / 2 + ORDER_WEIGHT / 2  # leaving one unit unpaired; a pair below the threshold loses
        cost[np.arange(n), m + np.arange(n)] = skip
        cost[n + np.arange(m), np.arange(m)] = skip
        cost[n:, m:] = 0
        rows, cols = linear_sum_assignment(cost)
        pairs = {int(i): int(j) for i, j in zip(rows, cols, strict=True) if i < n and j < m and cost[i, j] < big}
    old_free = set(range(n)) - set(pairs)
    new_free = set(range(m)) - set(pairs.values())
    partner = {j: i for i, j in pairs.items()}

    def joined(texts: Sequence[str]) -> str:
        return " ".join(texts)

    groups: list[tuple[str, tuple[int, ...], tuple[int, ...], float]] = []
    # Splits: an old unit whose new partner and an unpaired neighbour of that partner together make it.
    for i, j in sorted(pairs.items()):
        for k in (j - 1, j + 1):
            if k in new_free and fuzz.partial_ratio(new_norm[k], old_norm[i]) >= PART_OF:
                pieces = tuple(sorted((j, k)))
                whole = _score(old_norm[i], joined([new_norm[x] for x in pieces])) / 100
                if whole >= sim[i, j] + SPLIT_GAIN:
                    groups.append((SPLIT, (i,), pieces, whole))
                    new_free.discard(k)
                    break
    # Merges: a new unit whose old partner and an unpaired neighbour of that partner together make it.
    for j, i in sorted(partner.items()):
        if any(g[0] == SPLIT and i in g[1] for g in groups):
            continue
        for k in (i - 1, i + 1):
            if k in old_free and fuzz.partial_ratio(old_norm[k], new_norm[j]) >= PART_OF:
                pieces = tuple(sorted((i, k)))
                whole = _score(new_norm[j], joined([old_norm[x] for x in pieces])) / 100
                if whole >= sim[i, j] + SPLIT_GAIN:
                    groups.append((MERGED, pieces, (j,), whole))
                    old_free.discard(k)
                    break
    # Both halves too unlike the whole to pair on their own: adjacent unpaired units joined.
    for i in sorted(old_free):
        for j in sorted(new_free):
            if j + 1 in new_free:
                whole = fuzz.ratio(old_norm[i], joined([new_norm[j], new_norm[j + 1]])) / 100
                if whole >= threshold:
                    groups.append((SPLIT, (i,), (j, j + 1), whole))
                    old_free.discard(i)
                    new_free -= {j, j + 1}
                    break
    for j in sorted(new_free):
        for i in sorted(old_free):
            if i + 1 in old_free:
                whole = fuzz.ratio(new_norm[j], joined([old_norm[i], old_norm[i + 1]])) / 100
                if whole >= threshold:
                    groups.append((MERGED, (i, i + 1), (j,), whole))
                    old_free -= {i, i + 1}
                    new_free.discard(j)
                    break
    grouped_old = {i for g in groups for i in g[1]}
    grouped_new = {j for g in groups for j in g[2]}
    plain = sorted((i, j) for i, j in pairs.items() if i not in grouped_old and j not in grouped_new)
    in_order = _longest_increasing([j for _, j in plain])
    links: list[Link] = []
    for pos, (i, j) in enumerate(plain):
        if pos not in in_order and sim[i, j] < MOVE_THRESHOLD:  # far away and only loosely alike: two changes
            old_free.add(i)
            new_free.add(j)
            continue
        status = MOVED if pos not in in_order else UNCHANGED if old_norm[i] == new_norm[j] else CHANGED
        links.append(Link(status, (i,), (j,), round(float(sim[i, j]), 4)))
    links += [Link(status, o, w, round(s, 4)) for status, o, w, s in groups]
    links += [Link(ADDED, (), (j,)) for j in new_free]
    links += [Link(REMOVED, (i,), ()) for i in old_free]
    return _in_reading_order(links)


def _in_reading_order(links: list[Link]) -> list[Link]:
    """New-document order; a removal stands after the link holding the old unit before it."""
    placed = sorted((lk for lk in links if lk.new), key=lambda lk: min(lk.new))
    out: list[Link] = []
    removals = sorted((lk for lk in links if not lk.new), key=lambda lk: lk.old[0])
    for lk in placed:
        while removals and lk.old and removals[0].old[0] < min(lk.old):
            out.append(removals.pop(0))
        out.append(lk)
    return out + removals


# ------------------------------------------------------------------ documents


def comparable(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The units compared: every paragraph, sub-paragraph and annex paragraph; footnotes are not."""
    return sorted((p for p in paragraphs if p.kind != FOOTNOTE), key=lambda p: p.order)


@dataclass(frozen=True)
class Change:
    """One line of a document comparison, with the paragraphs on both sides."""

    status: str
    old: tuple[Paragraph, ...]
    new: tuple[Paragraph, ...]
    similarity: float = 0.0
    diff: tuple[DiffOp, ...] = ()

    @property
    def renumbered(self) -> bool:
        return len(self.old) == len(self.new) == 1 and self.old[0].loc != self.new[0].loc

    @property
    def diff_text(self) -> str:
        return render_diff(self.diff)

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "old": [p.id for p in self.old],
            "new": [p.id for p in self.new],
            "old_labels": [p.label for p in self.old],
            "new_labels": [p.label for p in self.new],
            "similarity": self.similarity,
            "renumbered": self.renumbered,
            "diff": [{"op": d.op, "words": list(d.words)} for d in self.diff],
            "diff_text": self.diff_text if self.diff else "",
        }


@dataclass(frozen=True)
class Comparison:
    old_symbol: str
    new_symbol: str
    language: str
    old_body: str = ""
    new_body: str = ""
    old_date: str = ""
    new_date: str = ""
    changes: tuple[Change, ...] = field(default=())

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def different_bodies(self) -> bool:
        return bool(self.old_body and self.new_body and self.old_body != self.new_body)

    def of(self, *statuses: str) -> list[Change]:
        return [c for c in self.changes if c.status in statuses]

    @property
    def summary(self) -> str:
        """`112 paragraphs unchanged, 23 changed, 9 new, 4 dropped` (moved, split, merged when any)."""
        parts = [f"{self.count(UNCHANGED)} paragraphs unchanged", f"{self.count(CHANGED)} changed",
                 f"{self.count(ADDED)} new", f"{self.count(REMOVED)} dropped"]
        for status in (MOVED, SPLIT, MERGED):
            if self.count(status):
                parts.append(f"{self.count(status)} {status}")
        return ", ".join(parts)

    def to_json(self) -> dict:
        return {
            "old": {"symbol": self.old_symbol, "body": self.old_body, "date": self.old_date},
            "new": {"symbol": self.new_symbol, "body": self.new_body, "date": self.new_date},
            "language": self.language,
            "different_bodies": self.different_bodies,
            "summary": self.summary,
            "counts": {s: self.count(s) for s in STATUSES},
            "pairs": [c.to_json() for c in self.changes],
        }


def compare(old: Sequence[Paragraph], new: Sequence[Paragraph], threshold: float = THRESHOLD) -> Comparison:
    """Compare two documents (one language version each) given as their paragraphs."""
    a, b = comparable(old), comparable(new)
    if not a or not b:
        raise ValueError("nothing to compare: a document without paragraphs")
    links = align([(p.loc, p.text) for p in a], [(p.loc, p.text) for p in b], threshold)
    changes = []
    for lk in links:
        olds = tuple(a[i] for i in lk.old)
        news = tuple(b[j] for j in lk.new)
        diff: tuple[DiffOp, ...] = ()
        if olds and news and lk.status != UNCHANGED:
            diff, _ = word_diff(plain(" ".join(p.text for p in olds)), plain(" ".join(p.text for p in news)),
                                window=False)
        changes.append(Change(lk.status, olds, news, lk.similarity, diff))
    first, last = a[0], b[0]
    return Comparison(first.symbol, last.symbol, first.language, first.body, last.body, first.date, last.date,
                      tuple(changes))


class CompareError(ValueError):
    """Two documents that cannot be compared; the message is one line for the user."""


def compare_in_index(index, old_symbol: str, new_symbol: str, language: str | None = None) -> Comparison:
    """Compare two indexed documents in one language (English unless asked; else the one both have)."""
    known = index.by_symbol
    folded = {s.upper(): s for s in known}
    old_symbol = folded.get(old_symbol.strip().upper(), old_symbol.strip())
    new_symbol = folded.get(new_symbol.strip().upper(), new_symbol.strip())
    if old_symbol == new_symbol:
        raise CompareError(f"{old_symbol} compared with itself: give two different documents")
    for symbol in (old_symbol, new_symbol):
        if symbol not in known:
            raise CompareError(f"no document {symbol!r} in the index (see `wsis docs`)")
    langs_old = {p.language for p in known[old_symbol]}
    langs_new = {p.language for p in known[new_symbol]}
    if language is None:
        both = langs_old & langs_new
        if not both:
            raise CompareError(f"{old_symbol} ({', '.join(sorted(langs_old))}) and {new_symbol} "
                               f"({', '.join(sorted(langs_new))}) are in different languages: nothing to compare")
        language = "en" if "en" in both else sorted(both)[0]
    for symbol, langs in ((old_symbol, langs_old), (new_symbol, langs_new)):
        if language not in langs:
            raise CompareError(f"{symbol} is not indexed in {language!r} (indexed: {', '.join(sorted(langs))}): "
                               "compare two documents in the same language")
    try:
        comparison = compare([p for p in known[old_symbol] if p.language == language],
                             [p for p in known[new_symbol] if p.language == language])
    except ValueError as exc:
        raise CompareError(f"{old_symbol} and {new_symbol}: {exc}") from None
    if all(c.status == UNCHANGED for c in comparison.changes):
        raise CompareError(f"{old_symbol} and {new_symbol} are identical in {language!r} (every paragraph "
                           "unchanged): the same document twice")
    return comparison


# ------------------------------------------------------------------ quality against a reference alignment


def edges(old_locs: Sequence[str], new_locs: Sequence[str]) -> set[tuple[str | None, str | None]]:
    """One line of an alignment as its edges: (old, new) for every pair it joins, (old, None) or (None, new)."""
    if old_locs and new_locs:
        return {(o, n) for o in old_locs for n in new_locs}
    return {(o, None) for o in old_locs} | {(None, n) for n in new_locs}


@dataclass(frozen=True)
class AlignmentScore:
    """Precision and recall of an alignment's edges against a hand-checked reference."""

    old_symbol: str
    new_symbol: str
    true: int
    predicted: int
    reference: int

    @property
    def precision(self) -> float:
        return self.true / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true / self.reference if self.reference else 0.0


def score_alignment(comparison: Comparison, reference: Sequence[dict]) -> AlignmentScore:
    """Score `comparison` against reference rows (`old_doc`, `new_doc`, `old`, `new` locs) of its pair.

    Only predicted edges touching a paragraph the reference covers count, so a
    reference of part of a document scores that part.
    """
    rows = [r for r in reference if (r["old_doc"], r["new_doc"]) == (comparison.old_symbol, comparison.new_symbol)]
    ref = set().union(*(edges(r["old"], r["new"]) for r in rows)) if rows else set()
    covered_old = {o for o, _ in ref if o}
    covered_new = {n for _, n in ref if n}
    pred = set().union(*(edges([p.loc for p in c.old], [p.loc for p in c.new]) for c in comparison.changes))
    pred = {(o, n) for o, n in pred if o in covered_old or n in covered_new}
    return AlignmentScore(comparison.old_symbol, comparison.new_symbol, len(pred & ref), len(pred), len(ref))
