"""The browse view: a document's paragraphs grouped by part, its links, its reading guide, the focused paragraph."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from assistant.reading_guide import Example, ReadingGuide
from assistant.ui.answers import short_label
from assistant.ui.markdown import md
from index.crossrefs import Reference, links_for, resolve_links
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph, human_label, split_id


@dataclass(frozen=True)
class BrowseItem:
    paragraph: Paragraph
    depth: int  # 0 = paragraph, 1 = sub-paragraph
    label: str  # `para. 35`, `preambular para. 3`, `footnote 7`

    @property
    def facts(self) -> str:
        """`*Urges* → the Secretary-General`, for operative paragraphs that name them."""
        p = self.paragraph
        if not p.verb:
            return ""
        verb = f"*{md(p.verb)}*"
        return verb + (f" → {md(p.addressee)}" if p.addressee else "")

    @property
    def footnote_note(self) -> str:
        """`footnotes 5, 6`: the footnotes this paragraph cites (they are listed at the end)."""
        numbers = [loc.removeprefix("FN") for loc in self.paragraph.footnotes]
        if not numbers:
            return ""
        return ("footnote " if len(numbers) == 1 else "footnotes ") + md(", ".join(numbers))


@dataclass(frozen=True)
class BrowseGroup:
    title: str
    items: tuple[BrowseItem, ...]


def _annex_of(loc: str) -> str:
    m = re.match(r"ANNEX([IVXLC]+|\d+)\.", loc)
    return f"Annex {m.group(1)}" if m else ""


def browse_groups(paragraphs: Iterable[Paragraph]) -> list[BrowseGroup]:
    """A document's paragraphs as it is structured: preamble, sections, annexes, footnotes last.

    Consecutive paragraphs under the same heading form a group; sub-paragraphs
    stay under their paragraph one level deeper; footnotes are collected at
    the end, as a reader finds them at the foot of the page.
    """
    paras = sorted(paragraphs, key=lambda p: p.order)
    groups: list[tuple[str, list[BrowseItem]]] = []
    notes: list[BrowseItem] = []
    for p in paras:
        item = BrowseItem(p, 1 if p.kind == SUBPARAGRAPH else 0, short_label(p))
        if p.kind == FOOTNOTE:
            notes.append(item)
            continue
        annex = _annex_of(p.loc)
        if p.kind == PREAMBULAR:
            title = "Preamble"
        elif p.section:
            title = p.section
        else:
            title = "Operative part" if p.kind in (OPERATIVE, SUBPARAGRAPH) else "Text"
        if annex:
            title = f"{annex} — {title}" if title not in ("Text",) else annex
        if groups and groups[-1][0] == title:
            groups[-1][1].append(item)
        else:
            groups.append((title, [item]))
    out = [BrowseGroup(title, tuple(items)) for title, items in groups]
    if notes:
        out.append(BrowseGroup("Footnotes", tuple(notes)))
    return out


@dataclass(frozen=True)
class LinkTarget:
    label: str
    pid: str | None  # None when the target is not indexed


@dataclass(frozen=True)
class LinkLine:
    """One cross-reference as the browse view shows it: the wording and where it leads."""

    text_span: str
    targets: tuple[LinkTarget, ...]
    indexed: bool


@dataclass
class DocumentLinks:
    refers_to: dict[str, list[LinkLine]] = field(default_factory=dict)
    referred_by: dict[str, list[LinkLine]] = field(default_factory=dict)


_LINK_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def document_links(index, symbol: str) -> DocumentLinks:
    """Cross-references of one document's paragraphs, both directions, resolved once per document."""
    per_index = _LINK_CACHE.setdefault(index, {})
    if symbol in per_index:
        return per_index[symbol]
    table: list[Reference] = index.links
    ids = list(dict.fromkeys(p.id for p in index.by_symbol.get(symbol, [])))
    own = [r for r in table if r.source_id in set(ids)]
    out = DocumentLinks()
    for resolved in resolve_links(own, index.known_ids):
        ref = resolved.reference
        if resolved.ids:
            targets = tuple(LinkTarget(human_label(*split_id(t)), t) for t in resolved.ids)
        elif ref.target_locs:
            targets = tuple(LinkTarget(human_label(ref.target_symbol, loc), None) for loc in ref.target_locs)
        else:
            targets = (LinkTarget(ref.target_symbol, None),)
        out.refers_to.setdefault(ref.source_id, []).append(
            LinkLine(ref.text_span, targets, bool(resolved.ids)))
    for pid in ids:
        _, referred_by = links_for(pid, table)
        for ref in referred_by:
            source = ref.source_id
            line = LinkLine(ref.text_span, (LinkTarget(human_label(*split_id(source)), source),), True)
            out.referred_by.setdefault(pid, []).append(line)
    per_index[symbol] = out
    return out


def _escaped_example(e: Example | None) -> Example | None:
    return replace(e, text=md(e.text), label=md(e.label)) if e else None


def escaped_guide(g: ReadingGuide) -> ReadingGuide:
    """The reading guide with every corpus string escaped, so its Markdown is safe to draw."""
    changes = {}
    for f in fields(g):
        value = getattr(g, f.name)
        if isinstance(value, str):
            changes[f.name] = md(value)
    changes["preamble"] = replace(g.preamble, example=_escaped_example(g.preamble.example))
    changes["operative"] = replace(g.operative, example=_escaped_example(g.operative.example))
    changes["subparagraphs"] = replace(g.subparagraphs, example=_escaped_example(g.subparagraphs.example))
    changes["footnotes"] = replace(g.footnotes, example=_escaped_example(g.footnotes.example))
    changes["verbs"] = tuple((md(v), n) for v, n in g.verbs)
    changes["sections"] = tuple(
        replace(s, title=md(s.title), first=_escaped_example(s.first)) for s in g.sections)
    return replace(g, **changes)


def browse_focus(index, focus_id: str | None, doc_symbol: str) -> tuple[str | None, str | None]:
    """The paragraph to mark in the document shown, and a warning to show instead when it is not indexed.

    A focus left over from another document (the user chose a new one since) is dropped silently.
    """
    if focus_id and split_id(focus_id)[0] != doc_symbol:
        return None, None
    if focus_id and not index.get(focus_id):
        return None, f"{focus_id} is not an indexed paragraph."
    return focus_id, None
