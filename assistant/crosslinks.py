"""Cross-references at query time: both directions, resolved to indexed paragraphs."""

from __future__ import annotations

from index.corpus_index import CorpusIndex
from index.crossrefs import Reference, links_for, resolve_links
from index.paragraph import Paragraph, human_label


def _target_text(ref: Reference) -> str:
    if not ref.target_locs:
        return ref.target_symbol
    return ", ".join(human_label(ref.target_symbol, loc) for loc in ref.target_locs)


def describe_links(index: CorpusIndex, pid: str) -> tuple[list[str], list[str]]:
    """('refers to' lines, 'referred to by' lines) for `wsis show` and the browse view."""
    refers_to, referred_by = links_for(pid, index.links)
    out_lines = []
    for resolved in resolve_links(refers_to, index.known_ids):
        mark = "indexed" if resolved.ids else "not indexed"
        out_lines.append(f"{_target_text(resolved.reference)} ({mark}): \u201c{resolved.reference.text_span}\u201d")
    in_lines = [f"{human_label(*r.source_id.rsplit(':', 1))}: \u201c{r.text_span}\u201d" for r in referred_by]
    return out_lines, in_lines


def referenced_paragraphs(index: CorpusIndex, pid: str, language: str = "en") -> list[Paragraph]:
    """Indexed paragraphs that paragraph `pid` refers to, in reference order."""
    refers_to, _ = links_for(pid, index.links)
    out: list[Paragraph] = []
    for resolved in resolve_links(refers_to, index.known_ids):
        for target in resolved.ids:
            p = index.get(target, language)
            if p is not None and p.id != pid and p not in out:
                out.append(p)
    return out
