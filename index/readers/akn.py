"""Reader for the UN's Akoma Ntoso XML (AKN4UN), as in UNxml/GAresolutions and UNxml/ECOSOCresolutions.

The XML carries the structure explicitly, so this reader walks elements instead of
re-parsing text: `preamble/container` are preambular paragraphs, `paragraph/num` are
the printed paragraph numbers, `list/intro` + `point` are a chapeau and its lettered
sub-paragraphs, `authorialNote` are footnotes, `subheading`/`heading` are section
headings, and `attachments/attachment/doc` holds annexes (split further by their
"Annex I", "Annex II" headings, since A/RES/79/1 keeps both annexes in one `doc`).

A few encoding habits of the UN's markup are absorbed here, each checked against the
Markdown versions of the same documents:

- section headings sometimes arrive as numberless `paragraph`s whose text is all bold,
  as `H23` paragraphs with a Roman `num` ("I. Sustainable development ..."), or as a
  one-point `sublist` at the end of a list;
- lettered sub-paragraphs sometimes arrive as numberless paragraphs beginning "(a)";
- a run of paragraphs numbered 1, 2, ... right after paragraph 7 of the Global
  Digital Compact is a list inside paragraph 7, not new paragraphs;
- Arabic versions number paragraphs "12 -", letter sub-paragraphs in abjad order
  "(أ)", and wrap footnote markers in superscript parentheses.

Topics (document-level, copied onto every paragraph) use one format:
`SDG 9` for Sustainable Development Goals, `UNBIS:INFORMATION SOCIETY` for UNBIS
thesaurus terms (upper case, as the thesaurus prints them), `EuroVoc:digital divide`
for EuroVoc terms (lower case), `DHLAUTH:Internet Governance Forum` for the Dag
Hammarskjöld Library's authority names of bodies and conferences, and
`Agenda:Strengthening of the United Nations System` for an agenda-item keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from index.classify import is_preambular_opening
from index.ids import IdAssigner, Unit
from index.paragraph import (
    FOOTNOTE,
    Document,
    Paragraph,
)
from index.parsed import ParsedDocument, ReadError
from index.symbols import FRBR_BODIES, normalize_symbol, symbol_from_frbr

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_P = f"{{{AKN_NS}}}p"
_DOC = f"{{{AKN_NS}}}doc"

LANGUAGES = {"eng": "en", "fra": "fr", "spa": "es", "ara": "ar", "zho": "zh", "rus": "ru"}

# Arabic sub-paragraph letters follow the abjad order; the UN maps them to a, b, c, ...
_ABJAD = "أبجد" + "ه" + "وزحطيكلمنسعفصقرشتثخذضظغ"
_ABJAD_MAP = {ch: chr(ord("a") + i) for i, ch in enumerate(_ABJAD[:26])}
_ABJAD_MAP["ا"] = "a"
_ABJAD_MAP["إ"] = "a"

_NUM_RE = re.compile(r"^\s*(\d+)\s*[.\-–]?\s*$")
_ROMAN_NUM_RE = re.compile(r"^\s*([IVXLC]+)\s*\.?\s*$")
_LETTER_RE = re.compile(r"^\s*\(?\s*([a-z]{1,2}|[ivx]+|[\u0600-\u06ff]{1,2}\u0640?)\s*\)\s*$")
_LEADING_LETTER_RE = re.compile(r"^\(([a-z]{1,2})\)\s+")
_LEADING_NUM_RE = re.compile(r"^(\d+)\s*(?:\.|-|–)\s+")
_SENTENCE_END = set(",;:.!?)”’\"'，；：。！？）、،؛…")
_NESTED_ITEM_PREFIX = "{n}. "
_AR_PREAMBLE = ("إذ ", "وإذ ")

_ANNEX_HEADING = re.compile(r"^(?:annex|annexe|anexo|приложение)\s+([IVXLC]+|\d+)\s*$", re.IGNORECASE)
_ANNEX_WORDS_AR = {"الأول": "I", "الثاني": "II", "الثالث": "III", "الرابع": "IV", "الخامس": "V"}
_ANNEX_WORDS_ZH = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


# ---------------------------------------------------------------- metadata


@dataclass(frozen=True)
class AknMeta:
    """What the FRBR block and the cover page say about a document."""

    symbol: str
    date: str  # adoption date, ISO
    body: str
    language: str  # two letters
    title: str
    topics: tuple[str, ...] = ()


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path, namespaces={"a": AKN_NS})
    return found[0] if found else None


def is_akn(root: etree._Element) -> bool:
    return etree.QName(root).namespace == AKN_NS and _local(root) == "akomaNtoso"


def read_meta(root: etree._Element) -> AknMeta:
    """Metadata from the FRBR block (symbol, date, body, language) and the preface (title)."""
    work = _first(root, "./*/a:meta/a:identification/a:FRBRWork")
    expr = _first(root, "./*/a:meta/a:identification/a:FRBRExpression")
    symbol = ""
    date = ""
    body = ""
    language = ""
    if work is not None:
        this = _first(work, "./a:FRBRthis")
        symbol = symbol_from_frbr(this.get("value", "")) if this is not None else ""
        adopted = _first(work, "./a:FRBRdate[@name='adoption']")
        date = adopted.get("date", "") if adopted is not None else ""
        author = _first(work, "./a:FRBRauthor")
        body = FRBR_BODIES.get(author.get("href", "").lstrip("#").lower(), "") if author is not None else ""
    if expr is not None:
        lang = _first(expr, "./a:FRBRlanguage")
        code = lang.get("language", "") if lang is not None else ""
        language = LANGUAGES.get(code, code[:2])
    if not symbol:
        num = _first(root, "./*/a:coverPage//a:docNumber[@refersTo='#symbol']")
        symbol = normalize_symbol("".join(num.itertext())) if num is not None else ""
    if not body:
        auth = _first(root, "./*/a:coverPage//a:docAuthority[@refersTo='#issuingBody']")
        body = _ws("".join(auth.itertext())) if auth is not None else ""
    title_el = _first(root, "./*/a:preface//a:docTitle")
    title = _ws("".join(title_el.itertext())) if title_el is not None else ""
    return AknMeta(symbol, date, body, language, title, _topics(root))


def _topics(root: etree._Element) -> tuple[str, ...]:
    out: list[str] = []
    for kw in root.xpath("./*/a:meta/a:classification/a:keyword", namespaces={"a": AKN_NS}):
        value = (kw.get("value") or "").strip()
        dictionary = (kw.get("dictionary") or "").strip()
        if not value:
            continue
        if kw.get("refersTo") == "agenda":  # the agenda item, its dictionary is the agenda's symbol
            topic = "Agenda:" + " ".join((kw.get("showAs") or value).split()).rstrip(".")
        elif dictionary == "SDGO":
            topic = f"SDG {value}"
        elif dictionary.startswith("UNBIS"):
            topic = "UNBIS:" + value.replace("_", " ").upper()
        elif dictionary == "EuroVoc":
            topic = "EuroVoc:" + value.replace("_", " ").lower()
        else:
            topic = f"{dictionary or 'keyword'}:{value.replace('_', ' ')}"
        if topic not in out:
            out.append(topic)
    return tuple(out)


# ---------------------------------------------------------------- text


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def _ws(text: str) -> str:
    """Collapse whitespace; drop the gaps a removed footnote marker leaves between Chinese characters."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def _is_note_paren(el: etree._Element) -> bool:
    """Arabic prints footnote markers as superscript '(' note ')'; the parentheses are part of the marker."""
    if _local(el) != "sup" or (el.text or "").strip() not in ("(", ")"):
        return False
    neighbours = (el.getprevious(), el.getnext())
    return any(n is not None and _local(n) == "authorialNote" for n in neighbours)


def _collect(el: etree._Element, parts: list[str], notes: list[etree._Element]) -> None:
    """Text of `el` without footnotes (collected separately into `notes`)."""
    if el.text:
        parts.append(el.text)
    for child in el:
        name = _local(child)
        if name == "authorialNote":
            notes.append(child)
        elif name == "eol":
            parts.append(" ")
        elif name and name != "img" and not _is_note_paren(child):
            _collect(child, parts, notes)
        if child.tail:
            parts.append(child.tail)


def text_and_notes(el: etree._Element) -> tuple[str, list[etree._Element]]:
    """Whitespace-normalized text of an element (its `p`s joined) and the footnotes it cites."""
    parts: list[str] = []
    notes: list[etree._Element] = []
    ps = [p for p in el.iter(_P) if not any(_local(a) == "authorialNote" for a in p.iterancestors())]
    for p in ps or [el]:
        _collect(p, parts, notes)
        parts.append(" ")
    return _ws("".join(parts)), notes


def _note_text(note: etree._Element) -> str:
    parts: list[str] = []
    _collect(note, parts, [])
    text = _ws("".join(parts))
    return re.sub(r"^\(\)\s*", "", text)  # Arabic leaves an empty "()" where the marker was


def _all_bold(el: etree._Element) -> bool:
    """True when every character of the element's text sits inside bold spans (a heading)."""
    plain: list[str] = []

    def walk(node: etree._Element, bold: bool) -> None:
        is_bold = bold or "bold" in (node.get("class") or "").split()
        if node.text and not is_bold:
            plain.append(node.text)
        for child in node:
            if _local(child) != "authorialNote":
                walk(child, is_bold)
            if child.tail and not is_bold:
                plain.append(child.tail)

    for p in el.iter(_P):
        walk(p, False)
    return not "".join(plain).strip(" \t\n.:")


# ---------------------------------------------------------------- blocks


@dataclass
class _Block:
    """One structural unit in reading order, before ids are assigned."""

    kind: str  # heading | annex | container (preambular by markup) | unnumbered | numbered | letter
    text: str = ""
    num: str = ""
    notes: list[etree._Element] = field(default_factory=list)
    points: list[_Block] = field(default_factory=list)
    raw: str = ""  # for a number read from the text: the full text, used if the number is out of sequence


def parse_num(raw: str) -> str:
    """`12.`, `12 -`, `\\t12.` -> `12`; `(a)`, `a)`, `(أ)` -> `a`; Roman `II.` -> `II`; else ''."""
    m = _NUM_RE.match(raw)
    if m:
        return m.group(1)
    m = _LETTER_RE.match(raw)
    if m:
        letter = m.group(1).rstrip("\u0640")
        if letter.isascii():
            return letter
        return _ABJAD_MAP.get(letter[0], "")
    m = _ROMAN_NUM_RE.match(raw)
    return m.group(1) if m else ""


def annex_numeral(heading: str) -> str | None:
    """`Annex II` (or its French/Spanish/Russian/Arabic/Chinese form) -> `II`; None if not an annex."""
    text = _ws(heading)
    m = _ANNEX_HEADING.match(text)
    if m:
        return m.group(1).upper()
    if text.startswith("المرفق"):
        word = text.removeprefix("المرفق").strip()
        return _ANNEX_WORDS_AR.get(word, "I" if not word else None)
    if text.startswith("附件"):
        word = text.removeprefix("附件").strip()
        return _ANNEX_WORDS_ZH.get(word, "I" if not word else None)
    if text.lower() in ("annex", "annexe", "anexo", "приложение"):
        return ""
    return None


def _heading_block(text: str) -> _Block:
    numeral = annex_numeral(text)
    return _Block("annex", text=text, num=numeral) if numeral is not None else _Block("heading", text=text)


def _paragraph_blocks(par: etree._Element) -> list[_Block]:
    """Blocks for one `paragraph` element of a mainBody."""
    head = _first(par, "./a:subheading|./a:heading")
    if head is not None:
        return [_heading_block(_ws("".join(head.itertext())))]
    num_el = _first(par, "./a:num")
    num = parse_num(num_el.text or "") if num_el is not None else ""
    lst = _first(par, "./a:list")
    if lst is not None:
        intro = _first(lst, "./a:intro")
        text, notes = text_and_notes(intro) if intro is not None else ("", [])
        block = _Block("numbered" if num.isdigit() else "unnumbered", text=text, num=num, notes=notes)
        trailing: list[_Block] = []
        for point in lst.xpath("./a:point|./a:sublist/a:point", namespaces={"a": AKN_NS}):
            p_num_el = _first(point, "./a:num")
            p_raw = p_num_el.text or "" if p_num_el is not None else ""
            p_content = _first(point, "./a:content")
            p_text, p_notes = text_and_notes(p_content if p_content is not None else point)
            if _local(point.getparent()) == "sublist" and _ROMAN_NUM_RE.match(p_raw):
                # A section heading ("II. International peace and security") mis-encoded as a sublist.
                trailing.append(_Block("heading", text=f"{_ws(p_raw)} {p_text}"))
                continue
            block.points.append(_Block("letter", text=p_text, num=parse_num(p_raw), notes=p_notes))
        return [block, *trailing]
    content = _first(par, "./a:content")
    if content is None:
        return []
    text, notes = text_and_notes(content)
    if not text:
        return []
    raw_num = _ws(num_el.text or "") if num_el is not None else ""
    if num.isdigit():
        return [_Block("numbered", text=text, num=num, notes=notes)]
    if num and _ROMAN_NUM_RE.match(raw_num):
        return [_heading_block(f"{raw_num} {text}")]
    if not num_el_present(num_el) and (_all_bold(content) or _looks_like_heading(text, notes)):
        return [_heading_block(text)]
    m = _LEADING_NUM_RE.match(text)
    if m:  # Arabic versions sometimes type "24 –" into the text instead of a <num>
        return [_Block("numbered", text=text[m.end() :], num=m.group(1), notes=notes, raw=text)]
    m = _LEADING_LETTER_RE.match(text)
    if m:
        return [_Block("letter", text=text[m.end() :], num=m.group(1), notes=notes)]
    return [_Block("unnumbered", text=text, notes=notes)]


def _looks_like_heading(text: str, notes: list[etree._Element]) -> bool:
    """Unstyled headings (Chinese versions print them plain): short, no footnote, no closing punctuation."""
    return not notes and len(text) <= 160 and text[-1] not in _SENTENCE_END


def num_el_present(num_el: etree._Element | None) -> bool:
    return num_el is not None and bool((num_el.text or "").strip())


def _doc_blocks(doc: etree._Element) -> list[_Block]:
    """Blocks of a `statement` or an attachment `doc`, in reading order."""
    blocks: list[_Block] = []
    for part in doc:
        name = _local(part)
        if name == "preamble":
            for child in part:
                if _local(child) == "container":
                    text, notes = text_and_notes(child)
                    if text:
                        blocks.append(_Block("container", text=text, notes=notes))
        elif name == "mainBody":
            for par in part:
                if _local(par) == "paragraph":
                    blocks.extend(_paragraph_blocks(par))
        elif name == "attachments":
            for sub in part.iter(_DOC):
                sub_blocks = _doc_blocks(sub)
                if not sub_blocks or sub_blocks[0].kind != "annex":
                    sub_blocks.insert(0, _Block("annex", text="", num=""))
                blocks.extend(sub_blocks)
    return blocks


# ---------------------------------------------------------------- ids


def _opens_preamble(text: str, after_preamble: bool) -> bool:
    """A preambular opening, for versions whose preamble is not marked up as `container`s.

    English uses the Markdown reader's rule (participles: *Recalling*, *Building on*), so both
    readers agree; Arabic preambular paragraphs open with إذ / وإذ ("whereas"), and one that
    opens with و ("and") right after them continues the preamble.
    """
    if is_preambular_opening(text):
        return True
    return text.startswith(_AR_PREAMBLE) or (after_preamble and text.startswith("و"))


@dataclass
class _Scope:
    """The main text or one annex: its own numbering (prefix and PP/U counters are the assigner's)."""

    seen_numbered: bool = False
    last_num: int = 0
    nested_next: int = 0  # next item number of a numbered list nested in the last paragraph
    seen_container: bool = False  # a <preamble> container seen: what follows before para. 1 is preamble too


def _assign(blocks: list[_Block]) -> list[Paragraph]:
    """Feed each block to the id assigner (docs/contracts.md's ids); footnotes go last, in marker order."""
    ids = IdAssigner()
    notes: dict[str, str] = {}
    scope = _Scope()
    annexes = 0
    section = ""
    last_parent: Unit | None = None

    def fn_locs(elements: list[etree._Element]) -> tuple[str, ...]:
        locs = []
        for note in elements:
            marker = (note.get("marker") or "").strip() or str(len(notes) + 1)
            notes.setdefault(marker, _note_text(note))
            locs.append(f"FN{marker}")
        return tuple(locs)

    def add_letters(parent: Unit, points: list[_Block]) -> None:
        for point in points:
            ids.lettered(parent, point.num, point.text, section, footnotes=fn_locs(point.notes))

    def _add_unnumbered(block: _Block) -> None:
        nonlocal last_parent
        text = f"({block.num}) {block.text}" if block.kind == "letter" else block.text
        if block.kind == "container":
            scope.seen_container = True
        in_preamble = ids.preambular_count > 0
        preambular = block.kind == "container" or scope.seen_container or _opens_preamble(text, in_preamble)
        if scope.seen_numbered or not preambular:
            para = ids.unnumbered(text, section, footnotes=fn_locs(block.notes))
        else:
            para = ids.preambular(text, section, footnotes=fn_locs(block.notes))
        if block.points:
            last_parent = para
            add_letters(para, block.points)

    for block in blocks:
        if block.kind == "annex":
            annexes += 1
            numeral = block.num or _ROMAN[min(annexes, len(_ROMAN)) - 1]
            ids.annex(numeral)
            scope = _Scope()
            section, last_parent = "", None
        elif block.kind == "heading":
            section = block.text
        elif block.kind == "numbered" and block.raw and int(block.num) != scope.last_num + 1:
            _add_unnumbered(_Block("unnumbered", text=block.raw, notes=block.notes))
        elif block.kind == "numbered":
            n = int(block.num)
            if (
                scope.seen_numbered
                and last_parent is not None
                and n != scope.last_num + 1
                and (n == 1 or n == scope.nested_next)
            ):
                # A numbered list inside the previous paragraph (Global Digital Compact, para. 7).
                last_parent.text = f"{last_parent.text} {_NESTED_ITEM_PREFIX.format(n=n)}{block.text}"
                last_parent.footnotes += fn_locs(block.notes)
                scope.nested_next = n + 1
                continue
            scope.seen_numbered, scope.last_num, scope.nested_next = True, n, 0
            last_parent = ids.numbered(n, block.text, section, footnotes=fn_locs(block.notes))
            add_letters(last_parent, block.points)
        elif block.kind == "letter" and last_parent is not None:
            add_letters(last_parent, [block])
        else:  # unnumbered (or a stray letter with no parent)
            _add_unnumbered(block)
    return ids.paragraphs(notes)


# ---------------------------------------------------------------- entry points


def parse_akn(data: bytes, meta: dict | None = None, source: str = "") -> ParsedDocument:
    """Parse AKN4UN XML bytes; `meta` (catalog values) wins over what the XML says."""
    meta = dict(meta or {})
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not well-formed XML: {exc}") from exc
    if not is_akn(root):
        raise ReadError(f"not Akoma Ntoso XML (root element {root.tag!r})")
    found = read_meta(root)
    notes: list[str] = []
    symbol = normalize_symbol(meta.get("symbol") or found.symbol)
    if not symbol:
        raise ReadError("no document symbol in the FRBR block or cover page")
    if meta.get("symbol") and found.symbol and normalize_symbol(meta["symbol"]) != found.symbol:
        notes.append(f"catalog symbol {meta['symbol']} differs from the XML's {found.symbol}")
    document = Document(
        symbol=symbol,
        title=found.title or meta.get("title", ""),  # the XML's title is in the version's own language
        body=meta.get("body") or found.body,
        date=meta.get("date") or found.date,
        doc_type=meta.get("type") or meta.get("doc_type") or "resolution",
        language=found.language or meta.get("language") or "en",  # catalogs list one language per symbol
        source=source,
        source_format="akn",
        topics=found.topics,
    )
    statement = next((c for c in root if _local(c) in ("statement", "resolution", "doc")), None)
    if statement is None:
        raise ReadError("no statement/doc element under akomaNtoso")
    paragraphs = [p.with_document(document) for p in _assign(_doc_blocks(statement))]
    if not any(p.kind != FOOTNOTE for p in paragraphs):
        raise ReadError("no paragraphs found in the XML body")
    return ParsedDocument(document=document, paragraphs=paragraphs, notes=notes)


def read(path: Path, meta: dict) -> ParsedDocument:
    """Reader entry point registered for `.xml` in `index.readers`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror}") from exc
    return parse_akn(data, meta, source=str(path))
