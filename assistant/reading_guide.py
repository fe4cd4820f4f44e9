"""A short "how to read a resolution" panel, generated from an indexed document itself.

Trainers explain how a resolution is built: a preamble of unnumbered
paragraphs that start with a participle (*Recalling*), then numbered operative
paragraphs that start with a verb (*Urges*), grouped under section headings,
some split into lettered sub-paragraphs, with footnotes for sources.  The panel
shows each part with a real example and its citation, so a newcomer learns the
form on the document in front of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.crossrefs import clean_text
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph
from index.verbs import analyse, normalize_verb

_EXAMPLE_CHARS = 160


@dataclass(frozen=True)
class Example:
    id: str
    label: str
    text: str  # shortened to a line


@dataclass(frozen=True)
class Part:
    count: int
    example: Example | None


@dataclass(frozen=True)
class Section:
    title: str
    first: Example | None  # its first paragraph
    count: int  # numbered paragraphs under it


@dataclass(frozen=True)
class ReadingGuide:
    symbol: str
    title: str
    body: str
    date: str
    preamble: Part
    operative: Part
    verbs: tuple[tuple[str, int], ...]  # normalized verb, how many operative paragraphs use it
    sections: tuple[Section, ...] = field(default=())
    subparagraphs: Part = Part(0, None)
    footnotes: Part = Part(0, None)

    def to_markdown(self) -> str:
        return render_markdown(self)


def _short(text: str) -> str:
    text = clean_text(text)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1].rsplit(" ", 1)[0] + " …"


def _example(p: Paragraph | None) -> Example | None:
    return Example(p.id, p.label, _short(p.text)) if p else None


def _pick(paragraphs: list[Paragraph], prefer_verb: bool = False) -> Paragraph | None:
    """A typical example: for operative paragraphs, the first that addresses someone."""
    if prefer_verb:
        for p in paragraphs:
            info = analyse(p.text)
            if info and info.addressee:
                return p
    return paragraphs[0] if paragraphs else None


def reading_guide(paragraphs: Iterable[Paragraph]) -> ReadingGuide:
    """The guide for one document's paragraphs (all of one symbol, in any order)."""
    paras = sorted(paragraphs, key=lambda p: p.order)
    if not paras:
        raise ValueError("reading_guide needs the paragraphs of one document")
    first = paras[0]
    by_kind: dict[str, list[Paragraph]] = {k: [] for k in (PREAMBULAR, OPERATIVE, SUBPARAGRAPH, FOOTNOTE)}
    for p in paras:
        by_kind.setdefault(p.kind, []).append(p)
    verbs: Counter = Counter()
    for p in by_kind[OPERATIVE]:
        info = analyse(p.text)
        verb = info.verb if info else normalize_verb(p.verb) if p.verb else ""
        if verb:
            verbs[verb] += 1
    sections: dict[str, list[Paragraph]] = {}
    for p in paras:
        if p.section and p.kind == OPERATIVE:
            sections.setdefault(p.section, []).append(p)
    return ReadingGuide(
        symbol=first.symbol,
        title=first.title,
        body=first.body,
        date=first.date,
        preamble=Part(len(by_kind[PREAMBULAR]), _example(_pick(by_kind[PREAMBULAR]))),
        operative=Part(len(by_kind[OPERATIVE]), _example(_pick(by_kind[OPERATIVE], prefer_verb=True))),
        verbs=tuple(verbs.most_common()),
        sections=tuple(
            Section(title, _example(members[0]), len(members))
            for title, members in sections.items()
        ),
        subparagraphs=Part(len(by_kind[SUBPARAGRAPH]), _example(_pick(by_kind[SUBPARAGRAPH]))),
        footnotes=Part(len(by_kind[FOOTNOTE]), _example(_pick(by_kind[FOOTNOTE]))),
    )


def _quote(e: Example | None) -> str:
    return f"> {e.text} — *{e.label}*" if e else ""


def render_markdown(g: ReadingGuide) -> str:
    """The panel as Markdown, for `wsis show --guide` and the UI."""
    adopted = f", adopted by the {g.body}" if g.body else ""
    when = f" on {g.date}" if g.date else ""
    lines = [f"### How to read {g.symbol}", "", f"*{g.title}*{adopted}{when}.", ""]
    if g.preamble.count:
        lines += [
            f"**Preamble** — {g.preamble.count} unnumbered paragraphs that give the background: what "
            "the body recalls, notes and recognizes. They start with a participle (*Recalling*, "
            "*Noting*) and decide nothing. Example:",
            _quote(g.preamble.example),
            "",
        ]
    if g.operative.count:
        verb_list = ", ".join(f"*{v}* ({n})" for v, n in g.verbs[:8])
        lines += [
            f"**Operative part** — {g.operative.count} numbered paragraphs; each starts with a verb that "
            "says what the body does (decides, requests, urges) and often names who is addressed. "
            "Example:",
            _quote(g.operative.example),
            "",
        ]
        if verb_list:
            lines += [f"Verbs used here: {verb_list}.", ""]
    if g.sections:
        lines += ["**Sections** — headings group the operative paragraphs:", ""]
        lines += [
            f"- {s.title}: {s.count} paragraphs, from {s.first.label if s.first else '?'}" for s in g.sections
        ]
        lines.append("")
    if g.subparagraphs.count:
        lines += [
            f"**Sub-paragraphs** — {g.subparagraphs.count} lettered items (a), (b) … continue the "
            "lead-in (chapeau) of their paragraph. Example:",
            _quote(g.subparagraphs.example),
            "",
        ]
    if g.footnotes.count:
        lines += [
            f"**Footnotes** — {g.footnotes.count}; they give the sources a paragraph refers to. Example:",
            _quote(g.footnotes.example),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
