"""One paragraph as `wsis show` prints it: label, section, text, language versions, links."""

from __future__ import annotations

from index.corpus_index import CorpusIndex
from index.paragraph import Paragraph


def _block(p: Paragraph, with_language: bool) -> list[str]:
    head = p.label + (f"  [{p.language}]" if with_language else "")
    lines = [head]
    doc = f"{p.title} ({p.body}, {p.date})" if p.title else ""
    if doc:
        lines.append(doc)
    if p.section:
        lines.append(f"Section: {p.section}")
    if p.verb or p.addressee:
        label = "Operative verb" if p.kind in ("operative", "subparagraph") else "Opening"
        lines.append(f"{label}: " + " / ".join(x for x in (p.verb, p.addressee) if x))
    if p.chapeau:
        lines.append(f"Chapeau: {p.chapeau}")
    lines += ["", p.text]
    if p.footnotes:
        lines.append("Cites: " + ", ".join(p.footnotes))
    return lines


def render_paragraph(index: CorpusIndex, pid: str, lang: str = "en") -> str | None:
    versions = index.versions(pid)
    if not versions:
        return None
    if lang == "all":
        chosen = list(versions.values())
    elif lang in versions:
        chosen = [versions[lang]]
    else:
        return None
    lines: list[str] = []
    for n, p in enumerate(chosen):
        if n:
            lines += ["", "-" * 60]
        lines += _block(p, with_language=len(versions) > 1 or lang != "en")
    refers_to, referred_by = links(index, pid)
    if refers_to:
        lines += ["", "Refers to:"] + [f"  {r}" for r in refers_to]
    if referred_by:
        lines += ["", "Referred to by:"] + [f"  {r}" for r in referred_by]
    return "\n".join(lines)


def links(index: CorpusIndex, pid: str) -> tuple[list[str], list[str]]:
    """Human-readable cross-reference lines in both directions (empty before links are mined)."""
    from assistant.crosslinks import describe_links

    return describe_links(index, pid)
