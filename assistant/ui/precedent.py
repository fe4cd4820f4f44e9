"""The precedent view: differences from agreed language, family timelines, exact-phrase matches."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.precedent import DiffOp
from assistant.ui.markdown import escape_markdown, md, one_line
from index.paragraph import Paragraph


def diff_markdown(ops: Iterable[DiffOp], window: tuple[int, int] = (0, 0), total_words: int = 0) -> str:
    """A word diff as Markdown: ~~words only in the agreed text~~ and **words only in the draft**."""
    parts = []
    for op in ops:
        words = escape_markdown(" ".join(op.words))
        if op.op == "equal":
            parts.append(words)
        elif op.op == "delete":
            parts.append(f":red[~~{words}~~]")
        else:
            parts.append(f":green[**{words}**]")
    prefix = "… " if window[0] > 0 else ""
    suffix = " …" if total_words and window[1] < total_words else ""
    return prefix + " ".join(parts) + suffix


TIER_NAMES = {"verbatim": "verbatim", "near": "near-verbatim", "semantic": "same meaning"}


def precedent_heading(hit) -> str:
    """`**E/RES/2012/5, para. 27** · near-verbatim · similarity 0.96`."""
    tier = TIER_NAMES.get(hit.tier, hit.tier)
    what = "cosine" if hit.tier == "semantic" else "similarity"
    return f"**{md(hit.paragraph.label)}** · {tier} · {what} {hit.similarity:.2f}"


def family_lines(family) -> list[str]:
    """A precedent family as a timeline: year by year, first agreement, then each later use and its change."""
    first = family.first
    lines = [f"**{md(first.date[:4] or '?')}** · first agreed in **{md(first.label)}** "
             f"({md(first.date or 'date unknown')})"]
    for v in family.variants:
        year = md(v.paragraph.date[:4] or "?")
        if v.changed:
            lines.append(f"**{year}** · **{md(v.paragraph.label)}**, changed: {diff_markdown(v.diff)}")
        else:
            lines.append(f"**{year}** · **{md(v.paragraph.label)}**, same wording")
    return lines


def paragraph_timeline(p: Paragraph, members) -> list[str]:
    """The family of one paragraph (other years' versions, oldest first) as timeline lines, `p` marked."""
    if len(members) < 2:
        return []
    return [f"{line}  ← this paragraph" if f"**{md(p.label)}**" in line else line
            for line in _family_timeline(tuple(members))]


@lru_cache(maxsize=4096)
def _family_timeline(members: tuple[Paragraph, ...]) -> tuple[str, ...]:
    """Computed once per family, not on every Streamlit rerun of the browse view (word diffs are not free)."""
    from assistant.precedent import families as group_families

    fams = group_families(members, threshold=0.0)
    return tuple(family_lines(fams[0])) if fams else ()


def phrase_match_line(p: Paragraph, count: int, phrase: str) -> str:
    return f"**{md(p.label)}** ({md(p.date)}, {count}×): {phrase_markdown(p.text, phrase)}"


def phrase_markdown(text: str, phrase: str) -> str:
    """Escaped `text` with each case-insensitive occurrence of `phrase` highlighted."""
    words = [re.escape(w) for w in phrase.split()]
    if not words:
        return md(text)
    rx = re.compile(r"\s+".join(words), re.IGNORECASE)
    text = one_line(text)
    out, pos = [], 0
    for m in rx.finditer(text):
        out.append(escape_markdown(text[pos:m.start()]))
        out.append(f":orange-background[{escape_markdown(m.group())}]")
        pos = m.end()
    out.append(escape_markdown(text[pos:]))
    return "".join(out)
