"""What a question names: paragraphs ("para. 32 (c)", "OP 36"), documents, bodies and years.

Pure functions over the question string.  Resolving what they name against
the index (which documents exist, which paragraph ids) is the retriever's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.symbols import (
    GENEVA_DECLARATION,
    GENEVA_PLAN,
    RESOLUTION_SYMBOL_RE,
    TUNIS_AGENDA,
    TUNIS_COMMITMENT,
    body_kind,
    resolution_symbol,
)

# Well-known WSIS documents by the names delegates use for them.
DOCUMENT_ALIASES: tuple[tuple[str, str, str], ...] = (
    # (regex, symbol, loc prefix inside that document)
    (r"\btunis agenda\b", TUNIS_AGENDA, ""),
    (r"\btunis commitment\b", TUNIS_COMMITMENT, ""),
    (r"\bgeneva declaration(?: of principles)?\b", GENEVA_DECLARATION, ""),
    (r"\bgeneva plan of action\b", GENEVA_PLAN, ""),
    (r"\bglobal digital compact\b|\bgdc\b|\bpacte num[ée]rique mondial\b|\bpacto digital global\b|"
     r"\bpacto digital mundial\b", "A/RES/79/1", "ANNEXI."),
    (r"\bdeclaration on future generations\b|\bd[ée]claration sur les g[ée]n[ée]rations futures\b|"
     r"\bdeclaraci[óo]n sobre las generaciones futuras\b", "A/RES/79/1", "ANNEXII."),
    (r"\bpact for the future\b|\bpacte pour l[’']avenir\b|\bpacto para el futuro\b", "A/RES/79/1", ""),
    (r"\bwsis\s*\+\s*20\b(?:[^.?]{0,40}?\b(?:outcome|review|document|resolution))", "A/RES/80/173", ""),
    (r"\bwsis\s*\+\s*10\b(?:[^.?]{0,40}?\b(?:outcome|review|document|resolution))", "A/RES/70/125", ""),
    (r"\b2030 agenda\b(?! for)", "A/RES/70/1", ""),
)

_RESOLUTION_WORD = r"(?:resolutions?|r[ée]solutions?|resoluci[óo]n(?:es)?)"  # en, fr, es
_RESOLUTION_NUMBER = re.compile(
    r"\b(?:(?P<body>general assembly|ga|economic and social council|ecosoc|council|assembly)(?:'s)?\s+)?"
    rf"{_RESOLUTION_WORD}\s+(?:n[°º]\s*)?(?P<num>\d{{2,4}})/(?P<n>\d{{1,4}})\b",
    re.I,
)
_LETTER = r"\(?\s*(?P<letter>[a-z]{1,2}|[ivx]{1,4})\s*\)"
_PARA = re.compile(
    r"\b(?P<what>operative\s+paragraph|preambular\s+paragraph|paragraphs?|paras?\.?|op|pp|footnote|fn)"
    r"\s*(?P<num>\d{1,3})(?:\s*" + _LETTER + r")?",
    re.I,
)
PARAGRAPH_REF = _PARA  # public: conversation rewriting and retrieval use the same pattern
_BODY = (
    (re.compile(r"\b(?:ecosoc|economic and social council)\b", re.I), "Economic and Social Council"),
    (re.compile(r"\b(?:general assembly|GA)\b"), "General Assembly"),
)
_YEAR = re.compile(r"\b(20[0-4]\d|199\d)\b")


# "ECOSOC's 2022 resolution", "the General Assembly's 2017 ICT resolution", "its 2024 and 2025 WSIS resolutions":
# a year attached to the word resolution names that year's resolution of the body.
_YEAR_RESOLUTION = re.compile(
    r"\b(?P<years>(?:19|20)\d\d(?:\s*(?:and|or|,|&)\s*(?:19|20)\d\d)*)\s+(?:[\w-]+\s+){0,4}?"
    rf"{_RESOLUTION_WORD}\b|\b{_RESOLUTION_WORD}\s+(?:of|in|de|del|en)\s+(?P<years2>(?:19|20)\d\d)\b",
    re.I,
)


def resolution_years(question: str) -> list[int]:
    """Years the question attaches to the word "resolution" ("its 2023 resolution"), in order."""
    out: list[int] = []
    for m in _YEAR_RESOLUTION.finditer(question):
        for y in re.findall(r"(?:19|20)\d\d", m.group("years") or m.group("years2") or ""):
            if int(y) not in out:
                out.append(int(y))
    return out


@dataclass(frozen=True)
class ParagraphRef:
    loc: str  # "35", "32(c)", "PP3", "FN6"
    symbol: str = ""  # the document the question names for it, when it names one


@dataclass
class QuestionRefs:
    paragraphs: list[ParagraphRef] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)  # documents named outright
    loc_prefix: str = ""  # "ANNEXI." when the question names the Global Digital Compact
    bodies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


_BODY_LETTER = {"council": "E", "assembly": "A", "ga": "A"}  # short names a question may use


def _symbol_for_number(num: str, n: str, body_hint: str) -> str:
    """`2011/16` is an ECOSOC numbering (year/number), `66/184` a GA one, unless the body is named."""
    hint = body_hint.lower()
    return resolution_symbol(f"{num}/{n}", body_kind(hint) or _BODY_LETTER.get(hint, ""))


def parse_question(question: str) -> QuestionRefs:
    refs = QuestionRefs()
    text = question
    doc_spans: list[tuple[int, int, str]] = []
    for m in RESOLUTION_SYMBOL_RE.finditer(text):
        sym = f"{m.group(1).upper()}/RES/{m.group(2)}/{m.group(3)}"
        doc_spans.append((m.start(), m.end(), sym))
    for m in _RESOLUTION_NUMBER.finditer(text):
        if any(s <= m.start("num") < e for s, e, _ in doc_spans):
            continue
        body = m.group("body") or ""
        if not body:
            body = "ecosoc" if re.search(r"\b(ecosoc|economic and social council)\b", text, re.I) else ""
        doc_spans.append((m.start(), m.end(), _symbol_for_number(m.group("num"), m.group("n"), body)))
    lowered = text.lower()
    for pattern, symbol, prefix in DOCUMENT_ALIASES:
        m = re.search(pattern, lowered)
        if m:
            doc_spans.append((m.start(), m.end(), symbol))
            if prefix and not refs.loc_prefix:
                refs.loc_prefix = prefix
            break
    doc_spans.sort()
    for _, _, sym in doc_spans:
        if sym not in refs.symbols:
            refs.symbols.append(sym)

    for m in _PARA.finditer(text):
        what = m.group("what").lower()
        num, letter = m.group("num"), (m.group("letter") or "").lower()
        if what in ("op", "pp") and not re.fullmatch(r"(?i)(op|pp)\s*\d+.*", m.group(0)):
            continue
        if what.startswith("preambular") or what == "pp":
            loc = f"PP{num}"
        elif what.startswith("footnote") or what == "fn":
            loc = f"FN{num}"
        else:
            loc = f"{num}({letter})" if letter else num
        # the document named right after the paragraph ("paragraph 20 of resolution 2011/16")
        after = [sym for s, _e, sym in doc_spans if 0 <= s - m.end() <= 40]
        refs.paragraphs.append(ParagraphRef(loc=loc, symbol=after[0] if after else ""))
    for pattern, body in _BODY:
        if pattern.search(text) and body not in refs.bodies:
            refs.bodies.append(body)
    spans = [(s, e) for s, e, _ in doc_spans]
    for m in _YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            refs.years.append(int(m.group(1)))
    return refs


_NAMED_SERIES = re.compile(r"\b(?:wsis|igf|cstd)\s*\+\s*\d+\b|\b20\d\d agenda\b|\bagenda 20\d\d\b", re.I)


def strip_references(question: str) -> str:
    """The question without the words that name documents and paragraphs (their numbers are not facts asked)."""
    text = RESOLUTION_SYMBOL_RE.sub(" ", question)
    text = _RESOLUTION_NUMBER.sub(" ", text)
    text = _PARA.sub(" ", text)
    text = _NAMED_SERIES.sub(" ", text)
    for pattern, _symbol, _prefix in DOCUMENT_ALIASES:
        text = re.sub(pattern, " ", text, flags=re.I)
    return " ".join(text.split())


def strip_paragraph_refs(question: str) -> str:
    """The question without its paragraph references ("What does paragraph 43 note?" -> "What does note?")."""
    stripped = " ".join(_PARA.sub(" ", question).split())
    return stripped if len(stripped.split()) >= 2 else question
