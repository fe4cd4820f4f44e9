"""The glossary view: acronyms with the paragraph that spells each out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ui.answers import browse_link
from assistant.ui.markdown import md
from index.paragraph import human_label, split_id


@dataclass(frozen=True)
class GlossaryRow:
    acronym: str
    expansion: str
    source_label: str
    source_id: str
    first_used_label: str
    first_used_id: str


def glossary_markdown(row: GlossaryRow) -> str:
    """`**UNGIS** — expansion`, then where it is spelled out and first used, as browse links."""
    where = f"spelled out in [{md(row.source_label)}]({browse_link(row.source_id)})"
    if row.first_used_id:
        where += f" · first used in [{md(row.first_used_label)}]({browse_link(row.first_used_id)})"
    return f"**{md(row.acronym)}** — {md(row.expansion)}  \n:gray[{where}]"


def glossary_rows(entries: Iterable, query: str = "") -> list[GlossaryRow]:
    """Glossary entries matching `query` (in the acronym or the expansion), alphabetical."""
    q = query.strip().casefold()
    out = []
    for e in entries:
        if q and q not in e.acronym.casefold() and q not in e.expansion.casefold():
            continue
        first = human_label(*split_id(e.first_used_id)) if e.first_used_id else ""
        out.append(GlossaryRow(e.acronym, e.expansion, human_label(*split_id(e.source_id)), e.source_id,
                               first, e.first_used_id))
    return sorted(out, key=lambda r: r.acronym.casefold())
