"""The compare view: two documents side by side, each line of the comparison with its changes marked.

`streamlit_app.py` picks the two symbols and draws `compare_rows`; which pair
opens by default, which document comes before another ("this year's against
last year's"), what the address bar says and how each side is marked (the
Precedent view's word diff, split in two: struck words on the old side, bold
words on the new) are decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from assistant.compare import ADDED, CHANGED, MERGED, MOVED, REMOVED, SPLIT, UNCHANGED, Change, Comparison
from assistant.compare_service import preceding
from assistant.precedent import DiffOp
from assistant.ui.answers import browse_link, short_label
from assistant.ui.markdown import md
from assistant.ui.precedent import diff_markdown
from index.paragraph import Paragraph

STATUS_BADGES = {
    UNCHANGED: ":gray-badge[unchanged]",
    CHANGED: ":orange-badge[changed]",
    MOVED: ":blue-badge[moved]",
    ADDED: ":green-badge[new]",
    REMOVED: ":red-badge[dropped]",
    SPLIT: ":violet-badge[split]",
    MERGED: ":violet-badge[merged]",
}
LEGEND = ("On the left, :red[~~struck~~] words are only in the older document; on the right, "
          ":green[**bold**] words are only in the newer one.")


@dataclass(frozen=True)
class CompareRow:
    """One line of a comparison as drawn: a status badge, and each side's paragraph labels (linked) and text."""

    status: str
    badge: str
    old_heading: str  # "" when the line has nothing on that side
    new_heading: str
    old_text: str
    new_text: str
    note: str = ""  # "renumbered, similarity 0.93"

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED


def compare_query(old: str, new: str) -> dict[str, str]:
    return {"view": "compare", "old": old, "new": new}


def compare_link(old: str, new: str) -> str:
    """Relative URL that opens the compare view on two documents: `?view=compare&old=...&new=...`."""
    return "?" + urlencode(compare_query(old, new))


def previous_of(index, symbol: str) -> str | None:
    """The document before `symbol` in its series (last year's resolution), when one is indexed."""
    return preceding(symbol, index.documents)


def default_pair(index, old: str | None = None, new: str | None = None) -> tuple[str, str]:
    """The pair to open: the one asked for when both are indexed, else the newest document with a
    predecessor against that predecessor, else the first two documents."""
    symbols = index.symbols()
    if old in symbols and new in symbols:
        return old, new  # type: ignore[return-value]
    if new in symbols and previous_of(index, new):
        return previous_of(index, new), new  # type: ignore[return-value]
    by_date = sorted(symbols, key=lambda s: index.document(s).date or "", reverse=True)
    for s in by_date:
        before = previous_of(index, s)
        if before:
            return before, s
    return (symbols[0], symbols[1]) if len(symbols) > 1 else (symbols[0], symbols[0])


def summary_line(c: Comparison) -> str:
    """`**E/RES/2024/13 → E/RES/2025/18**: 112 paragraphs unchanged, 23 changed, 9 new, 4 dropped`."""
    return f"**{md(c.old_symbol)} → {md(c.new_symbol)}**: {md(c.summary)}"


def _heading(paragraphs: Iterable[Paragraph]) -> str:
    return " + ".join(f"[{md(short_label(p))} ↗]({browse_link(p.id)})" for p in paragraphs)


def _side(ops: Iterable[DiffOp], drop: str) -> str:
    """One side of a word diff: the other side's words left out."""
    return diff_markdown(op for op in ops if op.op != drop)


def _text(paragraphs: Iterable[Paragraph]) -> str:
    return "  \n".join(md(p.text) for p in paragraphs)


def compare_row(change: Change) -> CompareRow:
    if change.diff:
        old_text, new_text = _side(change.diff, "insert"), _side(change.diff, "delete")
    else:
        old_text, new_text = _text(change.old), _text(change.new)
    notes = []
    if change.renumbered:
        notes.append("renumbered")
    if change.old and change.new and change.status != UNCHANGED:
        notes.append(f"similarity {change.similarity:.2f}")
    return CompareRow(change.status, STATUS_BADGES.get(change.status, change.status), _heading(change.old),
                      _heading(change.new), old_text, new_text, ", ".join(notes))


def compare_rows(c: Comparison, only_changed: bool = False) -> list[CompareRow]:
    """Every line of the comparison in the newer document's order; `only_changed` leaves out the unchanged."""
    rows = [compare_row(ch) for ch in c.changes]
    return [r for r in rows if r.changed] if only_changed else rows


def document_caption(index, symbol: str) -> str:
    d = index.document(symbol)
    return md(f"{d.symbol} · {d.body} · {d.date} · {d.title}")



def common_languages(index, old: str, new: str) -> list[str]:
    """The languages both documents are indexed in, in the UN order (English first)."""
    from assistant.ui.languages import ordered_languages

    both = {p.language for p in index.by_symbol.get(old, ())} & {p.language for p in index.by_symbol.get(new, ())}
    return ordered_languages(both)
