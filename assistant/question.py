"""Question understanding: everything the query side reads out of a question, in one record.

`understand(question)` returns a `Question`: the paragraphs, documents,
bodies and years it names (`QuestionRefs`), the years it attaches to the word
"resolution", the operative verbs and addressees it asks about, the acronym
or term a glossary question asks to expand, and the draft wording a precedent
question quotes.  Pure functions over the question string; resolving what
they name against the index (which documents exist, which paragraph ids,
which glossary entry) is the retriever's, the glossary's and precedent
search's job.  The build side (`index/`) reads no questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index.glossary import GlossaryEntry, lookup
from index.symbols import (
    GENEVA_DECLARATION,
    GENEVA_PLAN,
    RESOLUTION_SYMBOL_RE,
    TUNIS_AGENDA,
    TUNIS_COMMITMENT,
    body_kind,
    resolution_symbol,
)


def _review_outcome(n: int) -> str:
    """The outcome of the n-year WSIS review by its names: "the WSIS+20 outcome", "the WSIS+10 review
    document", and in French and Spanish, where the Summit is the SMSI and the CMSI, "le document final
    de l'examen SMSI+20", "el documento final del examen de la CMSI+20" (the review's word before or after)."""
    return (rf"\bwsis\s*\+\s*{n}\b(?:[^.?]{{0,40}}?\b(?:outcome|review|document|resolution))|"
            rf"\b(?:document\s+final|examen|r[ée]solution|documento\s+final|resoluci[óo]n)\b[^.?]{{0,40}}?"
            rf"\b(?:smsi|cmsi)\s*\+\s*{n}\b|"
            rf"\b(?:smsi|cmsi)\s*\+\s*{n}\b[^.?]{{0,40}}?\b(?:document|examen|r[ée]solution|documento|resoluci[óo]n)")


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
    (_review_outcome(20), "A/RES/80/173", ""),
    (_review_outcome(10), "A/RES/70/125", ""),
    (r"\b2030 agenda\b(?! for)", "A/RES/70/1", ""),
)

_RESOLUTION_WORD = r"(?:resolutions?|r[ée]solutions?|resoluci[óo]n(?:es)?)"  # en, fr, es
# "resolution 2011/16", "resolution (72/200)", and a number in brackets alone ("… the WSIS+20 review
# (79/277)"): a resolution's number, which nothing else in a question is written like.
_RESOLUTION_NUMBER = re.compile(
    r"\b(?:(?P<body>general assembly|ga|economic and social council|ecosoc|council|assembly)(?:'s)?\s+)?"
    rf"(?:{_RESOLUTION_WORD}\s+(?:n[°º]\s*|\(\s*)?|(?<=\())(?P<num>\d{{2,4}})/(?P<n>\d{{1,4}})\b",
    re.I,
)
# A resolution's number written alone ("what does 79/194 ask", "in 2025/18"): a GA session of the WSIS era
# (50-99) or an ECOSOC year, over a number that is not itself a year ("2003/2005" is two years).
_BARE_NUMBER = re.compile(r"(?<![\w/.:-])(?P<num>[5-9]\d|(?:19|20)\d\d)/(?P<n>\d{1,3})(?![\w/])")
_LETTER = r"\(?\s*(?P<letter>[a-z]{1,2}|[ivx]{1,4})\s*\)"
_PARA = re.compile(
    r"\b(?P<what>operative\s+paragraph|preambular\s+paragraph|paragraphs?|paras?\.?|op|pp|footnote|fn)"
    r"\s*(?P<num>\d{1,3})(?:\s*" + _LETTER + r")?",
    re.I,
)
PARAGRAPH_REF = _PARA  # public: conversation rewriting and retrieval use the same pattern
_BODY = (
    (re.compile(r"\b(?:ecosoc|economic and social council)\b", re.I), "Economic and Social Council"),
    (re.compile(r"\b(?:(?i:general assembly)|GA)\b"), "General Assembly"),  # "GA" only in capitals
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
    if len(num) == 2:
        return resolution_symbol(f"{num}/{n}", "A")  # a session number: ECOSOC numbers by year ("2011/16")
    hint = body_hint.lower()
    return resolution_symbol(f"{num}/{n}", body_kind(hint) or _BODY_LETTER.get(hint, ""))


def _speaking_verbs() -> str:
    """"say", "note", "recommend" …: the operative verbs (index/verbs.py) in every form a question uses them."""
    from index.verbs import OPERATIVE_VERBS

    forms = {"say", "says", "said", "state", "states", "stated", "provide", "provides", "provided", "commit",
             "commits", "committed", "dit", "disent", "dice", "dicen", "establece"}
    for third in OPERATIVE_VERBS:
        base = third[:-2] if third.endswith(("sses", "shes", "ches")) else third[:-1]
        forms |= {third, base, base + ("d" if base.endswith("e") else "ed")}
    return "|".join(sorted(forms, key=len, reverse=True))


# A document named and then made to speak ("What does ECOSOC resolution 2025/18 recommend on … the Global
# Digital Compact"): it is the one that answers; the documents named after it are what it speaks of.
_SPEAKS_AFTER = re.compile(rf"[^.?;]{{0,30}}?\b(?:{_speaking_verbs()})\b")
# A document named as the object of the question ("… say about the planned global digital compact") is a
# topic, when the question names its speaker otherwise (another document, a body or a year).
_TOPIC_BEFORE = re.compile(
    r"\b(?:about|on|regarding|concerning|for|sur|sobre|concernant|pour|para)\s+(?:(?:the|le|la|les|el|los|las|its|a)\s+)?"
    r"(?:[\w-]+\s+)?$")


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
    for m in _BARE_NUMBER.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in doc_spans):
            doc_spans.append((m.start(), m.end(), _symbol_for_number(m.group("num"), m.group("n"), "")))
    lowered = text.lower()
    aliases = sorted(
        (m.start(), m.end(), symbol, prefix)
        for pattern, symbol, prefix in DOCUMENT_ALIASES
        if (m := re.search(pattern, lowered))
    )
    alias_spans: list[tuple[int, int, str]] = []
    prefixes: dict[str, str] = {}
    for start, end, symbol, prefix in aliases:
        if any(s <= start < e for s, e, _ in doc_spans):
            continue  # inside a longer name already taken ("Pact for the Future" within its own annex name)
        doc_spans.append((start, end, symbol))
        alias_spans.append((start, end, symbol))
        prefixes.setdefault(symbol, prefix)
    doc_spans.sort()

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
    for sym in _speakers(doc_spans, alias_spans, lowered, refs):
        if sym not in refs.symbols:
            refs.symbols.append(sym)
    refs.loc_prefix = next((prefixes[s] for s in refs.symbols if prefixes.get(s)), "")
    return refs


def _speakers(spans: list[tuple[int, int, str]], alias_spans: list[tuple[int, int, str]], lowered: str,
              refs: QuestionRefs) -> list[str]:
    """The named documents that answer, in question order: not those the question only speaks of.

    The first one made to speak answers alone, unless the question compares ("how did … change",
    two years named).  A document named only as a topic is dropped when the question names its
    speaker otherwise (another document, a body or a year).
    """
    from assistant.families import asks_history  # families loads the index module: only when asked

    symbols = [sym for _, _, sym in spans]
    compares = asks_history(lowered) or len(set(refs.years)) >= 2
    if len(set(symbols)) > 1 and not compares and _SPEAKS_AFTER.match(lowered, spans[0][1]):
        return [symbols[0]]
    kept = [sp for sp in spans if not (sp in alias_spans and _TOPIC_BEFORE.search(lowered[: sp[0]]))]
    if len(kept) < len(spans) and (kept or refs.bodies or refs.years):
        return [sym for _, _, sym in kept]
    return symbols


_NAMED_SERIES = re.compile(r"\b(?:wsis|igf|cstd)\s*\+\s*\d+\b|\b20\d\d agenda\b|\bagenda 20\d\d\b", re.I)


def strip_references(question: str) -> str:
    """The question without the words that name documents and paragraphs (their numbers are not facts asked)."""
    text = RESOLUTION_SYMBOL_RE.sub(" ", question)
    text = _RESOLUTION_NUMBER.sub(" resolution ", text)  # "its 2025 ICT resolution (80/118)" still reads as a document
    text = _PARA.sub(" ", text)
    text = _NAMED_SERIES.sub(" ", text)
    for pattern, _symbol, _prefix in DOCUMENT_ALIASES:
        text = re.sub(pattern, " ", text, flags=re.I)
    return " ".join(text.split())


def strip_paragraph_refs(question: str) -> str:
    """The question without its paragraph references ("What does paragraph 43 note?" -> "What does note?")."""
    stripped = " ".join(_PARA.sub(" ", question).split())
    return stripped if len(stripped.split()) >= 2 else question


# --------------------------------------------------------------------------- verbs and addressees

# Question side: words in a question -> normalized verbs they ask about.
_QUESTION_VERBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bnot(?:e|ed|es)\s+with\s+(?:great\s+)?concern\b|\bconcerned\b", ("notes with great concern",
                                                                           "notes with concern")),
    (r"\b(?:take|takes|took|taken|taking)\s+note\b", ("takes note", "takes note with appreciation")),
    (r"\bcall(?:s|ed)?\s+(?:up)?on\b", ("calls upon",)),
    (r"\brequest(?:s|ed)?\b|\basked\b", ("requests",)),
    (r"\burg(?:e|es|ed)\b", ("urges",)),
    (r"\binvit(?:e|es|ed)\b", ("invites",)),
    (r"\bencourag(?:e|es|ed)\b", ("encourages",)),
    (r"\bdecid(?:e|es|ed)\b|\bdecisions?\b", ("decides",)),
    (r"\breaffirm(?:s|ed)?\b", ("reaffirms",)),
    (r"\brecogni[sz](?:e|es|ed)\b", ("recognizes",)),
    (r"\bwelcom(?:e|es|ed)\b", ("welcomes",)),
    (r"\brecall(?:s|ed)?\b", ("recalls",)),
    (r"\bstress(?:es|ed)?\b", ("stresses",)),
    (r"\bemphasi[sz](?:e|es|ed)\b", ("emphasizes",)),
)
_QUESTION_ADDRESSEES: tuple[tuple[str, str], ...] = (
    (r"\bSecretary[- ]General\b", "Secretary-General"),
    (r"\bMember\s+States\b", "Member States"),
    (r"(?<!Member\s)\bStates\b", "States"),
    (r"\bstakeholders\b", "stakeholders"),
    (r"\b(?:United\s+Nations|UN)\s+entities\b", "United Nations entities"),
    (r"\bCSTD\b|\bCommission\s+on\s+Science\s+and\s+Technology\b", "Commission on Science and Technology for "
     "Development"),
    (r"\binternational\s+community\b", "international community"),
    (r"\bgovernments\b", "Governments"),
)


def question_filters(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(verbs, addressees) a question asks about, for retrieval filters.

    "What is the Secretary-General requested to do?" -> (("requests",), ("Secretary-General",)).
    Empty tuples when the question names none.
    """
    q = " ".join(question.split())
    verbs: list[str] = []
    for pattern, names in _QUESTION_VERBS:
        if re.search(pattern, q, re.IGNORECASE):
            verbs.extend(n for n in names if n not in verbs)
            if pattern.startswith(r"\bnot"):
                q = re.sub(pattern, " ", q, flags=re.IGNORECASE)
    addressees = [name for pattern, name in _QUESTION_ADDRESSEES if re.search(pattern, q, re.IGNORECASE)]
    return tuple(verbs), tuple(dict.fromkeys(addressees))


# --------------------------------------------------------------------------- glossary questions

_QUESTION_RES = (
    re.compile(r"^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?(?P<t>.+?)\s+"
               r"(?:stand\s+for|mean|refer\s+to)\s*\??\s*$", re.IGNORECASE),
    re.compile(r"^\s*what(?:'s|\s+is|\s+are|\s+was)\s+(?:the\s+)?(?:acronym|abbreviation)\s+(?:for|of)\s+"
               r"(?P<t>.+?)\s*\??\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:define|expand|meaning\s+of|what\s+is\s+the\s+meaning\s+of)\s+(?P<t>.+?)\s*\??\s*$",
               re.IGNORECASE),
    re.compile(r"^\s*what(?:'s|\s+is|\s+are|\s+was)\s+(?:the\s+|an?\s+)?(?P<t>[A-Za-z]{2,10})\s*\??\s*$",
               re.IGNORECASE),
)


def glossary_terms(question: str) -> tuple[str, ...]:
    """The terms a glossary question may ask to expand ("What is UNGIS?" -> ("UNGIS",)), in pattern order."""
    return tuple(m.group("t") for rx in _QUESTION_RES if (m := rx.match(question)))


def answer_glossary_question(question: str, glossary: Sequence[GlossaryEntry]) -> GlossaryEntry | None:
    """The entry a glossary question asks about ("What is UNGIS?", "What does CSTD stand for?").

    None for anything else, including content questions that mention an
    acronym ("What is the role of UNGIS?"), which retrieval should answer.
    """
    for term in glossary_terms(question):
        entry = lookup(term, glossary)
        if entry is not None:
            return entry
    return None


# --------------------------------------------------------------------------- precedent questions

_QUOTED_DRAFT = re.compile(r"[\"\u201c](?P<draft>[^\"\u201d]{20,})[\"\u201d]")
_ASKS_PRECEDENT = re.compile(r"\b(agreed|precedent|before|first|earlier|language|wording|appeared|used)\b", re.I)


def quoted_draft(question: str) -> str | None:
    """The draft wording a precedent question quotes ('Where was "…" agreed before?'), if any."""
    m = _QUOTED_DRAFT.search(question)
    if not m or not _ASKS_PRECEDENT.search(question) or len(m.group("draft").split()) < 4:
        return None
    return m.group("draft").strip().rstrip(".…").strip()


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class Question:
    """What one question names and asks for; see the module docstring."""

    text: str
    refs: QuestionRefs
    resolution_years: tuple[int, ...] = ()
    verbs: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    glossary_terms: tuple[str, ...] = ()  # candidates, most specific reading first
    quoted_draft: str | None = None


def understand(question: str) -> Question:
    """Read a question once: references, documents, years, verbs and addressees, glossary term, quoted draft."""
    verbs, addressees = question_filters(question)
    return Question(
        text=question,
        refs=parse_question(question),
        resolution_years=tuple(resolution_years(question)),
        verbs=verbs,
        addressees=addressees,
        glossary_terms=glossary_terms(question),
        quoted_draft=quoted_draft(question),
    )
