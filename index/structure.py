"""Structure recovery: from a format-neutral list of text blocks to citable paragraphs.

Every reader (Markdown, text, HTML, PDF, DOCX) reduces its file to `Block`s and
hands them to `parse_blocks`; this module alone decides what a paragraph is, so
the same document in any format yields the same ids (docs/contracts.md's contract).

The other jobs sit beside it: `index/blocks.py` (the `Block` conventions and
plain-text blocking), `index/classify.py` (what a line is), `index/masthead.py`
(metadata from the masthead) and `index/ids.py` (what a unit is called).

Decisions (documented here because tests assert them):

- Paragraph text never contains footnote markers: `[^n]` is removed and the
  footnote's loc (`FN5`) goes into `Paragraph.footnotes`.
- Footnotes come last, in the order of their numbers, after every body unit:
  their place on a page is layout, not structure, and this keeps the order the
  same in every format.
- The body line ("The General Assembly,"), the masthead, the title heading,
  the closing "25th plenary meeting / 7 June 2023" lines and a reissue note
  ("* Reissued for technical reasons ...") are not paragraphs.
- Inside an annex with its own numbering every unit's loc is prefixed
  `ANNEXI.` (`ANNEXI.12`, `ANNEXI.13(a)`, `ANNEXII.PP1`); footnotes are numbered
  through the whole document and are never prefixed.
- A numbered item that breaks the running sequence (Annex I para. 7's list of
  objectives 1.–5.) belongs to the paragraph before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.blocks import FOOTNOTE_DEF, FOOTNOTE_REF_RE, HEADING, PAGEBREAK, Block, strip_footnote_refs
from index.classify import (
    ANNEX_RE,
    DATE_LINE_RE,
    LETTERED_RE,
    NON_SECTION_HEADINGS,
    NUMBERED_RE,
    PLENARY_RE,
    REISSUE_NOTE_RE,
    REISSUE_RE,
    TITLE_NUMBER_RE,
    is_body_line,
    is_preambular_opening,
    letter_index,
    looks_like_heading,
)
from index.ids import IdAssigner, Unit
from index.masthead import infer_metadata, split_masthead
from index.paragraph import Document, Paragraph
from index.parsed import ParsedDocument, ReadError
from index.symbols import symbol_from_filename
from index.text import normalize_ws

# --------------------------------------------------------------------------- recovery


@dataclass
class _Part:
    """The main text or one annex: its own numbering (the PP/U counters are the assigner's)."""

    last_number: int | None = None
    current: Unit | None = None  # last numbered paragraph
    letter: int = 0  # last sub-paragraph letter index under `current`


@dataclass
class Recovered:
    paragraphs: list[Paragraph]
    masthead: list[str] = field(default_factory=list)
    title_heading: str = ""
    notes: list[str] = field(default_factory=list)


def recover(blocks: list[Block], title: str = "") -> Recovered:
    """Turn a document's blocks into paragraphs (without document metadata)."""
    masthead, title_heading, body = split_masthead(blocks)
    known_titles = {normalize_ws(t).lower() for t in (title, title_heading) if t}
    known_titles |= {TITLE_NUMBER_RE.sub("", t) for t in known_titles}
    notes: list[str] = []
    ids = IdAssigner()
    footnotes: dict[int, str] = {}
    part = _Part()
    section = ""
    last_body: Unit | None = None
    after_break = False
    expect_annex_title = False
    nested_last = 0  # last item number of a nested list inside `part.current`

    def append_to(unit: Unit, text: str, sep: str = " ") -> None:
        unit.text = f"{unit.text}{sep}{text}"

    for block in body:
        text = block.text.strip()
        if block.kind == PAGEBREAK:
            after_break = True
            continue
        if block.kind == FOOTNOTE_DEF:
            num = int(block.number)
            reissue = REISSUE_NOTE_RE.match(text)
            if reissue:  # Word files put the "* Reissued ..." note into the first footnote
                notes.append(f"dropped the reissue note: {reissue.group(0).strip()}")
                text = text[reissue.end() :]
            if num in footnotes:
                footnotes[num] = f"{footnotes[num]} {text}"
            else:
                footnotes[num] = text
            continue
        if not text:
            continue
        plain = normalize_ws(text)
        is_heading = block.kind == HEADING or (
            looks_like_heading(plain) and not (last_body and after_break and _unfinished(last_body.text))
        )
        if is_heading:
            annex = ANNEX_RE.match(plain)
            if annex:
                numeral = annex.group(1) or "I"
                ids.annex(numeral.upper())
                part = _Part()
                section, expect_annex_title, last_body = "", True, None
                continue
            if plain.lower() in NON_SECTION_HEADINGS or plain.lower() in known_titles:
                continue
            section = plain
            expect_annex_title = False
            after_break = False
            continue
        if REISSUE_RE.match(plain):
            notes.append(f"dropped the reissue note: {plain}")
            continue
        if is_body_line(plain):
            continue
        if PLENARY_RE.match(plain) or (DATE_LINE_RE.match(plain) and last_body is None):
            continue
        if DATE_LINE_RE.match(plain) and ids.units and ids.units[-1].text and PLENARY_RE.match(ids.units[-1].text):
            continue

        # A paragraph that runs on after a page break (or after the footnotes at a page foot).
        starts_lower = plain[0].islower() and not LETTERED_RE.match(plain)
        runs_on = starts_lower or (after_break and last_body is not None and _unfinished(last_body.text))
        if last_body is not None and runs_on and not (NUMBERED_RE.match(plain) or LETTERED_RE.match(plain)):
            if re.search(r"[a-z]-$", last_body.text) and plain[0].islower():
                last_body.text = last_body.text[:-1] + plain  # a word hyphenated over the page break
            else:
                append_to(last_body, plain)
            after_break = False
            continue
        after_break = False

        numbered = NUMBERED_RE.match(plain)
        if numbered:
            number = int(numbered.group(1))
            rest = numbered.group(2)
            expected = (part.last_number or 0) + 1
            in_sequence = number == expected or (part.last_number is None and number > 0)
            nested = part.current is not None and (
                (number == 1 and part.current.text.rstrip().endswith(":"))
                or (nested_last and number == nested_last + 1)
            )
            if nested and not (number == expected and not nested_last):
                append_to(part.current, f"{number}. {rest}")
                nested_last = number
                last_body = part.current
                continue
            if not in_sequence:
                if number > expected:
                    notes.append(f"numbering jumps from {part.last_number} to {number}")
                else:
                    notes.append(f"paragraph {number} repeats or goes back after {part.last_number}")
            nested_last = 0
            part.last_number = number
            part.letter = 0
            verb = block.lead.strip(" ,")
            part.current = ids.numbered(number, rest, section, verb=verb)
            last_body = part.current
            continue

        lettered = LETTERED_RE.match(plain)
        if lettered and part.current is not None:
            letter, rest = lettered.group(1), lettered.group(2)
            is_letter = len(letter) <= 2 and letter.isalpha() and letter_index(letter) == part.letter + 1
            if is_letter:
                part.letter += 1
                last_body = ids.lettered(part.current, letter, rest, section, verb=block.lead.strip(" ,"))
                continue
            # (i), (ii) ... under a sub-paragraph: part of that sub-paragraph.
            if last_body is not None:
                append_to(last_body, plain)
                continue

        if part.last_number is None and is_preambular_opening(plain, block.lead):
            last_body = ids.preambular(plain, section, verb=block.lead)
            continue
        last_body = ids.unnumbered(plain, section)

    if expect_annex_title:
        notes.append("an annex heading with no paragraphs after it")
    for unit in ids.units:  # the markers become the cited footnotes' locs
        unit.text, unit.footnotes = strip_footnote_refs(unit.text)
        unit.chapeau = strip_footnote_refs(unit.chapeau)[0] if unit.chapeau else ""
        unit.verb = normalize_ws(unit.verb)
    paragraphs = ids.paragraphs({str(num): strip_footnote_refs(text)[0] for num, text in footnotes.items()})
    return Recovered(paragraphs, masthead, title_heading, notes)


def _unfinished(text: str) -> bool:
    """Text that stops mid-sentence (no closing punctuation): it continues on the next page."""
    t = FOOTNOTE_REF_RE.sub("", text).rstrip()
    return bool(t) and t[-1] not in '.;:!?”")'


# --------------------------------------------------------------------------- the whole document

META_KEYS = ("symbol", "title", "body", "date", "type", "language")


def parse_blocks(blocks: list[Block], meta: dict, source: str, source_format: str) -> ParsedDocument:
    """Blocks + known metadata -> ParsedDocument; infers what `meta` lacks, or raises ReadError."""
    if not any(b.text.strip() for b in blocks):
        raise ReadError("no text found (empty file?)")
    recovered = recover(blocks, title=str(meta.get("title") or ""))
    guessed = infer_metadata(recovered.masthead, recovered.title_heading, str(meta.get("header") or ""))
    if not meta.get("symbol") and "symbol" not in guessed and symbol_from_filename(source):
        guessed["symbol"] = symbol_from_filename(source)
        recovered.notes.append("symbol taken from the file name")
    known = {k: str(v) for k, v in meta.items() if k in META_KEYS and v}
    inferred = tuple(k for k in ("symbol", "title", "body", "date") if k not in known and guessed.get(k))
    values = {**{k: guessed[k] for k in inferred}, **known}
    symbol = values.get("symbol", "").rstrip("*").strip()
    if not symbol:
        raise ReadError("cannot determine the document symbol (no catalog entry, front matter or masthead)")
    doc_type = values.get("type") or ("resolution" if "/RES/" in symbol else "document")
    document = Document(
        symbol=symbol,
        title=values.get("title", ""),
        body=values.get("body", ""),
        date=values.get("date", ""),
        doc_type=doc_type,
        language=values.get("language", "en"),
        source=str(meta.get("source") or source),
        source_format=source_format,
        inferred=inferred,
    )
    notes = [f"inferred {k}: {values[k]}" for k in inferred] + recovered.notes
    paragraphs = [p.with_document(document) for p in recovered.paragraphs]
    if not paragraphs:
        raise ReadError("no paragraphs found")
    return ParsedDocument(document=document, paragraphs=paragraphs, notes=notes)
