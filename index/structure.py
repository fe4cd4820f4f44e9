"""Structure recovery: from a format-neutral list of text blocks to citable paragraphs.

Every reader (Markdown, text, HTML, PDF, DOCX) reduces its file to `Block`s and
hands them to `parse_blocks`; this module alone decides what a paragraph is, so
the same document in any format yields the same ids (DESIGN.md's contract).

Conventions the readers follow when they build blocks:

- a footnote reference inside text is written as the canonical marker `[^5]`
  (from `<sup>5</sup>`, `w:footnoteReference`, an HTML `<sup>`, or a number
  glued to a word in PDF text);
- a block that starts with an italic phrase carries it in `Block.lead`
  (the seed's *Recalling*, *Urges*), the text itself has no emphasis marks;
- page breaks are `Block(PAGEBREAK)`; footnote definitions are
  `Block(FOOTNOTE, text, number="5")`; headings are `Block(HEADING, text, level)`.

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

import calendar
import re
from dataclasses import dataclass, field, replace

from index.ids import IdAssigner, Unit
from index.paragraph import (
    Document,
    Paragraph,
)
from index.symbols import BODY_BY_PREFIX, OWN_SYMBOL_RE, SYMBOL_LINE_RE, UN_SYMBOL_RE, symbol_from_filename

TEXT = "text"
HEADING = "heading"
FOOTNOTE_DEF = "footnote"
PAGEBREAK = "pagebreak"


@dataclass(frozen=True)
class Block:
    """One paragraph-sized piece of a file, as a reader saw it."""

    kind: str  # TEXT | HEADING | FOOTNOTE_DEF | PAGEBREAK
    text: str = ""
    level: int = 0  # heading level, 0 when unknown
    number: str = ""  # footnote number of a FOOTNOTE_DEF
    lead: str = ""  # italic phrase the block opens with, if the format shows italics


# --------------------------------------------------------------------------- patterns

FOOTNOTE_REF_RE = re.compile(r"\[\^(\d+)\]")
_WS_RE = re.compile(r"\s+")
_NUMBERED_RE = re.compile(r"^(\d{1,3})\s?\.\s+(\S.*)$", re.S)
_LETTERED_RE = re.compile(r"^\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$", re.S)
_ANNEX_RE = re.compile(r"^annex\s*([IVXLC]+|\d+)?\s*$", re.I)
_ROMAN_HEADING_RE = re.compile(r"^[IVX]{1,5}\.\s+[A-Z][^.;:]*$")
_ACTION_HEADING_RE = re.compile(r"^(Action|Objective|Commitment|Chapter|Part|Section)\s+\d+\s*\.\s+\S")
_BODY_LINE_RE = re.compile(
    r"^(The\s+)?(General Assembly|Economic and Social Council|Security Council|Human Rights Council|"
    r"Commission on [A-Z][\w ]+|Conference of the Parties|World Summit on the Information Society)\s*,?$"
)
_PLENARY_RE = re.compile(r"^\d+(st|nd|rd|th)\s+plenary meeting\b", re.I)
_DATE_LINE_RE = re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$")
_REISSUE_RE = re.compile(r"^\*\s*(Reissued|Re-issued)\b", re.I)
_REISSUE_NOTE_RE = re.compile(r"^\*\s*Re-?issued\b[^.]*\.\s*", re.I)
_TITLE_NUMBER_RE = re.compile(r"^(\d{2,4}/\d+|[IVX]+)\.\s+")
_NON_SECTION_HEADINGS = {"resolution", "resolutions", "decision", "decisions"}

# Words a preambular paragraph opens with (after an optional adverb).  Present
# participles not on the list are accepted too; the adjectives must be listed.
PREAMBULAR_OPENERS = (
    "Recalling",
    "Reaffirming",
    "Taking note",
    "Noting",
    "Mindful",
    "Deeply concerned",
    "Recognizing",
    "Acknowledging",
    "Welcoming",
    "Emphasizing",
    "Expressing",
    "Bearing in mind",
    "Convinced",
    "Concerned",
    "Stressing",
    "Underlining",
    "Aware",
    "Considering",
    "Guided by",
    "Having considered",
    "Having examined",
    "Having received",
    "Cognizant",
    "Conscious",
    "Observing",
    "Determined",
    "Alarmed",
    "Reiterating",
    "Affirming",
    "Noting with concern",
    "Believing",
    "Desiring",
    "Encouraged",
    "Highlighting",
    "Underscoring",
    "Committed",
    "Resolved",
    "Seized",
    "Gravely concerned",
    "Seriously concerned",
    "Keeping in mind",
    "Taking into account",
    "Building on",
    "Appreciating",
    "Commending",
)
_ADVERBS = ("Also", "Further", "Deeply", "Gravely", "Seriously", "Strongly", "Firmly", "Fully")
_PREAMBLE_ADJECTIVES = {
    "mindful",
    "concerned",
    "convinced",
    "aware",
    "cognizant",
    "conscious",
    "determined",
    "alarmed",
    "encouraged",
    "committed",
    "resolved",
    "seized",
    "guided",
    "having",
    "bearing",
    "taking",
    "desirous",
}

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}



def normalize_ws(text: str) -> str:
    """Collapse runs of whitespace to one space (the comparison form of a quote)."""
    return _WS_RE.sub(" ", text).strip()


def strip_footnote_refs(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove `[^n]` markers; return the clean text and the cited footnote locs in order."""
    cited: list[str] = []
    for num in FOOTNOTE_REF_RE.findall(text):
        loc = f"FN{int(num)}"
        if loc not in cited:
            cited.append(loc)
    clean = FOOTNOTE_REF_RE.sub("", text)
    clean = re.sub(r"\s+([,.;:])", r"\1", clean)
    return normalize_ws(clean), tuple(cited)


# --------------------------------------------------------------------------- classification


def is_preambular_opening(text: str, lead: str = "") -> bool:
    """Does this paragraph open like a preambular paragraph (*Recalling*, *Deeply concerned* ...)?"""
    if lead:
        first_lead = lead.split()[0].lower() if lead.split() else ""
        if first_lead.endswith("ing") or first_lead in _PREAMBLE_ADJECTIVES:
            return True
    head = text.lstrip()
    for adverb in _ADVERBS:
        if head.startswith(adverb + " "):
            head = head[len(adverb) + 1 :]
            head = head[:1].upper() + head[1:]
            break
    for opener in PREAMBULAR_OPENERS:
        if head.startswith(opener) and (len(head) == len(opener) or not head[len(opener)].isalpha()):
            return True
    first = re.match(r"[A-Z][a-z]+", head)
    return bool(first and first.group(0).endswith("ing") and first.group(0) not in ("During", "Bring"))


def looks_like_heading(text: str) -> bool:
    """A plain-text line that is a heading: short, capitalised, no closing punctuation.

    Used for formats without heading markup (text, PDF); also catches the
    "I. Sustainable development ..." and "Action 13 . We will ..." lines of
    A/RES/79/1 that its Markdown leaves unmarked.
    """
    t = text.strip()
    if not t or "\n" in t.strip():
        return False
    if _ANNEX_RE.match(t) or _ROMAN_HEADING_RE.match(t) or _ACTION_HEADING_RE.match(t):
        return True
    if len(t) > 150 or t[-1] in ".;,:!?)" or not t[0].isupper():
        return False
    if _NUMBERED_RE.match(t) or _LETTERED_RE.match(t) or FOOTNOTE_REF_RE.search(t):
        return False
    return not _BODY_LINE_RE.match(t) and not _PLENARY_RE.match(t) and not _DATE_LINE_RE.match(t)


def is_body_line(text: str) -> bool:
    """ "The General Assembly," opens the resolution; a bare "General Assembly" is masthead."""
    return bool(_BODY_LINE_RE.match(text)) and (text.startswith("The ") or text.endswith(","))


def _letter_index(letter: str) -> int:
    """a->1 ... z->26, aa->27: position of a sub-paragraph letter."""
    if len(letter) == 1:
        return ord(letter) - 96
    return 26 + ord(letter[1]) - 96


# --------------------------------------------------------------------------- metadata


def parse_date(text: str) -> str:
    """`7 June 2023` anywhere in text -> `2023-06-07`; "" when there is none."""
    m = re.search(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b", text)
    if not m or m.group(2).lower() not in _MONTHS:
        return ""
    return f"{int(m.group(3)):04d}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"


def infer_metadata(masthead: list[str], title_heading: str = "", header: str = "") -> dict[str, str]:
    """Guess symbol, title, body and date from a UN masthead (the lines above the title).

    Only the masthead (and `header`, a running page header a PDF reader removed)
    is searched: a symbol quoted in the body ("resolution A/RES/66/184") is a
    reference, not the document's own symbol.
    """
    found: dict[str, str] = {}
    for line in masthead:
        m = SYMBOL_LINE_RE.match(line.strip())
        if m and UN_SYMBOL_RE.search(m.group(1)):
            found["symbol"] = m.group(1)
            break
    if "symbol" not in found:
        m = OWN_SYMBOL_RE.search("\n".join([*masthead, header]))
        if m:
            found["symbol"] = m.group(0)
    joined = "\n".join(masthead)
    m = re.search(r"Resolution adopted by the (.+?) on (\d{1,2} [A-Z][a-z]+ \d{4})", joined)
    if m:
        found["body"] = m.group(1).strip()
        found["date"] = parse_date(m.group(2))
    else:
        for body in ("General Assembly", "Economic and Social Council", "Security Council"):
            if any(line.strip() == body for line in masthead):
                found["body"] = body
        date = parse_date(joined)
        if date:
            found["date"] = date
    if "body" not in found and "symbol" in found:
        prefix = found["symbol"].split("/")[0]
        if prefix in BODY_BY_PREFIX:
            found["body"] = BODY_BY_PREFIX[prefix]
    if title_heading:
        found["title"] = _TITLE_NUMBER_RE.sub("", title_heading).strip()
    return found


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


def _split_masthead(blocks: list[Block]) -> tuple[list[str], str, list[Block]]:
    """Cut the masthead and title off the front; return (masthead lines, title heading, rest).

    The front ends at the body line ("The General Assembly,") or at the first
    paragraph that is clearly content (numbered, or preambular).
    """
    masthead: list[str] = []
    title = ""
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if block.kind == HEADING:
            if _ANNEX_RE.match(text):
                return masthead, title, blocks[i:]
            if text.startswith("["):  # "[on the report of the Second Committee (A/72/417)]"
                masthead.append(normalize_ws(text))
            elif text.lower() in _NON_SECTION_HEADINGS:
                continue
            elif not title:
                title = text
            else:
                return masthead, title, blocks[i:]
            continue
        if block.kind == PAGEBREAK:
            continue
        if block.kind == FOOTNOTE_DEF:
            return masthead, title, blocks[i:]
        first_line = text.splitlines()[0] if text else ""
        if (
            is_body_line(normalize_ws(text))
            or _NUMBERED_RE.match(text)
            or is_preambular_opening(text, block.lead)
            or (len(text) > 200 and "\n" not in text and not _TITLE_NUMBER_RE.match(first_line))
        ):
            return masthead, title, blocks[i:]
        if _TITLE_NUMBER_RE.match(first_line) and not title:
            title = normalize_ws(text)
            continue
        masthead.extend(normalize_ws(line) for line in text.splitlines() if line.strip())
    # Nothing looked like the start of a resolution: there was no masthead, all of it is text.
    return [], "", [b for b in blocks if b.kind != HEADING or b.text.strip() != title]


def recover(blocks: list[Block], title: str = "") -> Recovered:
    """Turn a document's blocks into paragraphs (without document metadata)."""
    masthead, title_heading, body = _split_masthead(blocks)
    known_titles = {normalize_ws(t).lower() for t in (title, title_heading) if t}
    known_titles |= {_TITLE_NUMBER_RE.sub("", t) for t in known_titles}
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
            reissue = _REISSUE_NOTE_RE.match(text)
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
            annex = _ANNEX_RE.match(plain)
            if annex:
                numeral = annex.group(1) or "I"
                ids.annex(numeral.upper())
                part = _Part()
                section, expect_annex_title, last_body = "", True, None
                continue
            if plain.lower() in _NON_SECTION_HEADINGS or plain.lower() in known_titles:
                continue
            section = plain
            expect_annex_title = False
            after_break = False
            continue
        if _REISSUE_RE.match(plain):
            notes.append(f"dropped the reissue note: {plain}")
            continue
        if is_body_line(plain):
            continue
        if _PLENARY_RE.match(plain) or (_DATE_LINE_RE.match(plain) and last_body is None):
            continue
        if _DATE_LINE_RE.match(plain) and ids.units and ids.units[-1].text and _PLENARY_RE.match(ids.units[-1].text):
            continue

        # A paragraph that runs on after a page break (or after the footnotes at a page foot).
        starts_lower = plain[0].islower() and not _LETTERED_RE.match(plain)
        runs_on = starts_lower or (after_break and last_body is not None and _unfinished(last_body.text))
        if last_body is not None and runs_on and not (_NUMBERED_RE.match(plain) or _LETTERED_RE.match(plain)):
            if re.search(r"[a-z]-$", last_body.text) and plain[0].islower():
                last_body.text = last_body.text[:-1] + plain  # a word hyphenated over the page break
            else:
                append_to(last_body, plain)
            after_break = False
            continue
        after_break = False

        numbered = _NUMBERED_RE.match(plain)
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

        lettered = _LETTERED_RE.match(plain)
        if lettered and part.current is not None:
            letter, rest = lettered.group(1), lettered.group(2)
            is_letter = len(letter) <= 2 and letter.isalpha() and _letter_index(letter) == part.letter + 1
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


def parse_blocks(blocks: list[Block], meta: dict, source: str, source_format: str):
    """Blocks + known metadata -> ParsedDocument; infers what `meta` lacks, or raises ReadError."""
    from index.readers import ParsedDocument, ReadError

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


# --------------------------------------------------------------------------- plain text (txt, PDF)

_SEPARATOR_RE = re.compile(r"^\s*[-_—–]{3,}\s*$")
_PLAIN_FOOTNOTE_DEF_RE = re.compile(r"^(\d{1,3})(?!\s*\.\s)\s+(\S.*)$", re.S)
_GLUED_RE = re.compile(r"(?<=[a-z,;:)”’\"])(\d{1,3})(?=\s|$)|(?<=[a-z)]\.)(\d{1,3})(?=\s|$)")


def mark_glued_footnotes(text: str, numbers: set[int]) -> str:
    """`Society,11 ` -> `Society,[^11] ` for footnote numbers the page defines.

    Only a number glued to a lower-case word or to closing punctuation counts, and
    only if a footnote with that number exists: "resolution 2011/16", "2030",
    "A/67/66", "G20", "COVID-19" and "E.02.II.A.7" are left alone.
    """

    def sub(m: re.Match) -> str:
        num = m.group(1) or m.group(2)
        return f"[^{num}]" if int(num) in numbers else num

    return _GLUED_RE.sub(sub, text)


def plain_text_blocks(pages: list[list[str]], footnote_lines: list[list[str]] | None = None) -> list[Block]:
    """Pages of plain-text lines -> blocks.

    Paragraphs are separated by blank lines; a separator line (`---`, `____`)
    opens the footnote zone of a page, where blocks "5 Text of the note" are
    footnote definitions.  `footnote_lines` lets a PDF reader that found the
    notes by font size hand them in per page.  Glued footnote numbers in the
    body become `[^n]` markers.
    """
    blocks: list[Block] = []
    for index, lines in enumerate(pages):
        if index:
            blocks.append(Block(PAGEBREAK))
        body: list[str] = []
        notes: list[str] = list(footnote_lines[index]) if footnote_lines else []
        in_notes = False
        for line in lines:
            if _SEPARATOR_RE.match(line):
                in_notes = True
                body.append("")
                continue
            if (
                in_notes
                and line.strip()
                and not _PLAIN_FOOTNOTE_DEF_RE.match(line.strip())
                and (not notes or not notes[-1].strip())
            ):
                in_notes = False  # text again after the notes (a page break written as ---)
            (notes if in_notes else body).append(line)
        note_blocks = footnote_blocks(notes)
        numbers = {int(b.number) for b in note_blocks}
        for chunk in _paragraph_chunks(body):
            blocks.append(Block(TEXT, mark_glued_footnotes(chunk, numbers)))
        blocks.extend(note_blocks)
    return blocks


def _paragraph_chunks(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            chunks.append(" ".join(current))
            current = []
    return chunks


def footnote_blocks(lines: list[str]) -> list[Block]:
    """Footnote lines -> FOOTNOTE_DEF blocks; a line without a number continues the note above."""
    blocks: list[Block] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        m = _PLAIN_FOOTNOTE_DEF_RE.match(text)
        if m and (not blocks or int(m.group(1)) == int(blocks[-1].number) + 1):
            blocks.append(Block(FOOTNOTE_DEF, m.group(2).strip(), number=m.group(1)))
        elif blocks:
            last = blocks[-1]
            blocks[-1] = replace(last, text=f"{last.text} {text}")
    return blocks
