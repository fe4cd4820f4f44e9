"""Paragraph lists for the language-tool tests: the seed plus tests/fixtures/langtools/*.md.

The project's Markdown reader is written in parallel (branch `readers`); until it
is merged these tests split the few well-formed documents they use with the
small splitter below, which knows only what these files contain: optional
front matter, `###` section headings, `N.` paragraphs, `(a)` sub-paragraphs,
italic preambular paragraphs, `<sup>n</sup>` footnotes and `---` page breaks
with a paragraph continuing after them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph
from tests.shared_paths import SEED

FIXTURES = Path(__file__).parent / "fixtures" / "langtools"
SEED_META = {
    "symbol": "E/RES/2012/5",
    "title": "Assessment of the progress made in the implementation of and follow-up to the outcomes "
    "of the World Summit on the Information Society",
    "body": "Economic and Social Council",
    "date": "2012-07-24",
    "type": "resolution",
}

_NUM = re.compile(r"^(\d+)\.\s+(.*)$")
_SUB = re.compile(r"^\(([a-z])\)\s+(.*)$")
_FN = re.compile(r"^<sup>(\d+)</sup>\s+(.*)$")
_SUP = re.compile(r"<sup>(\d+)</sup>")


def _front_matter(text: str) -> tuple[dict, str]:
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}, text
    meta = dict(line.split(": ", 1) for line in m.group(1).splitlines() if ": " in line)
    return meta, text[m.end() :]


def split_markdown(text: str, meta: dict | None = None) -> list[Paragraph]:
    """Split one well-formed UN-style Markdown resolution into paragraph records."""
    front, text = _front_matter(text)
    meta = {**front, **(meta or {})}
    common = {
        "symbol": meta["symbol"],
        "title": meta.get("title", ""),
        "body": meta.get("body", ""),
        "date": meta.get("date", ""),
        "doc_type": meta.get("type", "resolution"),
    }
    units: list[dict] = []
    section = ""
    seen_numbered = False
    parent: dict | None = None
    after_break = False
    for block in re.split(r"\n\s*\n", text):
        line = " ".join(block.split())
        if not line:
            continue
        if line == "---":
            after_break = True
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip().strip("*").strip()
            if line.startswith("###"):
                section = heading
            continue
        if m := _FN.match(line):
            units.append({"kind": FOOTNOTE, "loc": f"FN{m.group(1)}", "text": m.group(2)})
            continue
        if after_break and line[0].islower() and units:
            body_units = [u for u in units if u["kind"] != FOOTNOTE]
            body_units[-1]["text"] += " " + line
            after_break = False
            continue
        after_break = False
        if m := _NUM.match(line):
            seen_numbered = True
            parent = {"kind": OPERATIVE, "loc": m.group(1), "text": m.group(2), "section": section}
            units.append(parent)
        elif (m := _SUB.match(line)) and parent is not None:
            units.append(
                {
                    "kind": SUBPARAGRAPH,
                    "loc": f"{parent['loc']}({m.group(1)})",
                    "text": m.group(2),
                    "section": section,
                    "chapeau": parent["text"],
                }
            )
        elif not seen_numbered and line.startswith("*") and not re.fullmatch(r"\*[^*]+\*", line):
            # Italic participle first; a line wholly in italics is "The Council," itself.
            units.append({"kind": PREAMBULAR, "text": line, "section": ""})
    out: list[Paragraph] = []
    pp = 0
    for order, u in enumerate(units):
        if u["kind"] == PREAMBULAR:
            pp += 1
            u["loc"] = f"PP{pp}"
        footnotes = tuple(f"FN{n}" for n in _SUP.findall(u["text"]))
        out.append(
            Paragraph(
                loc=u["loc"],
                kind=u["kind"],
                text=u["text"].strip(),
                order=order,
                section=u.get("section", ""),
                chapeau=u.get("chapeau", ""),
                footnotes=footnotes,
                **common,
            )
        )
    return out


@cache
def seed_paragraphs() -> tuple[Paragraph, ...]:
    return tuple(split_markdown(SEED.read_text(encoding="utf-8"), SEED_META))


@cache
def fixture_paragraphs(name: str) -> tuple[Paragraph, ...]:
    return tuple(split_markdown((FIXTURES / name).read_text(encoding="utf-8")))


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("*.md"))


def all_paragraphs() -> list[Paragraph]:
    """Seed plus every fixture document, in date order."""
    paras = list(seed_paragraphs())
    for name in fixture_names():
        paras.extend(fixture_paragraphs(name))
    return sorted(paras, key=lambda p: (p.date, p.symbol, p.order))


def by_id(paragraphs) -> dict[str, Paragraph]:
    return {p.id: p for p in paragraphs}
