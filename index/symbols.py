"""UN document symbols: their patterns, the GA/ECOSOC numbering, the bodies and the known WSIS documents.

A symbol is the key of every paragraph id (docs/contracts.md), so every reader, the
cross-reference parser and the question parser read and write symbols with
the rules here: a file name, a masthead line, an AKN FRBR URI, "resolution
66/184" in a paragraph and "E/RES/2012/5" in a question all end up in the
same spelling.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------- the known documents

# The WSIS outcome documents, which have symbols delegates never write: they name them.
TUNIS_AGENDA = "WSIS-05/TUNIS/DOC/6(Rev.1)"
TUNIS_COMMITMENT = "WSIS-05/TUNIS/DOC/7"
GENEVA_DECLARATION = "WSIS-03/GENEVA/DOC/4-E"
GENEVA_PLAN = "WSIS-03/GENEVA/DOC/5-E"

# ---------------------------------------------------------------------- bodies and numbering

GENERAL_ASSEMBLY = "General Assembly"
ECOSOC = "Economic and Social Council"
# The body a symbol's first letter names.
BODY_BY_PREFIX = {"A": GENERAL_ASSEMBLY, "E": ECOSOC, "S": "Security Council"}


def body_kind(body: str) -> str:
    """'A' for the General Assembly, 'E' for ECOSOC, '' when the body is unknown."""
    b = body.lower()
    if "general assembly" in b:
        return "A"
    if "economic and social council" in b or "ecosoc" in b:
        return "E"
    return ""


def resolution_symbol(number: str, its_body: str = "") -> str:
    """`66/184` -> `A/RES/66/184`; `2011/16` -> `E/RES/2011/16` (ECOSOC numbers by year).

    `its_body` is "A" or "E" when the text says "its resolution" and the body
    that adopted the source paragraph is known.
    """
    number = re.sub(r"\s*\(\d{4}\)$", "", number.strip())
    if number.startswith(("A/RES/", "E/RES/")):
        return number
    first = number.split("/", 1)[0]
    if its_body:
        return f"{its_body}/RES/{number}"
    return f"E/RES/{number}" if len(first) == 4 else f"A/RES/{number}"


# ---------------------------------------------------------------------- patterns

# Any official symbol, as a masthead or a reference prints it.
UN_SYMBOL_RE = re.compile(
    r"\b(?:(?:A|E|S)/RES/\d+/\d+(?:\s?\([IVXLC]+\))?"
    r"|WSIS-\d{2}/[A-Z]+/DOC/\d+(?:\s?\(Rev\.\d+\)|/Rev\.\d+)?(?:-E)?"
    r"|(?:A|E|S)(?:/[A-Z0-9.]+)*/\d+(?:/\d+)*)(?!\w)"
)
# A masthead line that is nothing but a symbol (a trailing `*` marks a reissue).
SYMBOL_LINE_RE = re.compile(r"^([A-Z][A-Z0-9.-]*(?:/[A-Za-z0-9.()+-]+)+)\*?$")
# A resolution's or outcome document's own symbol anywhere in masthead text (no document symbols like A/67/66).
OWN_SYMBOL_RE = re.compile(r"\b(?:(?:A|E|S)/RES/\d+/\d+|WSIS-\d{2}/[A-Z]+/DOC/\d+(?:\s?\(Rev\.\d+\)|/Rev\.\d+)?)")
# A GA or ECOSOC resolution symbol as a question writes it (any case).
RESOLUTION_SYMBOL_RE = re.compile(r"\b([AE])/RES/(\d{2,4})/(\d{1,4})\b", re.I)
# Symbols cited in paragraph text: A/RES/66/184, E/RES/2012/5, A/67/66, E/CN.16/2010/3, A/C.2/59/3.
CITED_SYMBOL = r"\b(?:A|E)/(?:[A-Z]+(?:\.\d+)?/)*\d+(?:/\d+)*(?:/Rev\.\d+)?(?:/Add\.\d+)?"
# A resolution number after the word "resolution": 66/184, A/RES/66/184, 2011/16 (2011).
RESOLUTION_NUMBER = r"(?:(?:A|E)/RES/)?\d{1,4}/\d{1,4}(?:\s*\(\d{4}\))?"

# ---------------------------------------------------------------------- spellings

_FILENAME_SYMBOL_RE = re.compile(r"^(A|E|S)-RES-(\d+)-(\d+)$")
# AKN FRBR URIs name the body by its Akoma Ntoso actor: /akn/un/.../unga/2025-12-17/80-173/...
_FRBR_PREFIX = {"unga": "A/RES", "unecosoc": "E/RES"}
# ... and the FRBR author by a short reference: #ga, #ecosoc.
FRBR_BODIES = {"ga": GENERAL_ASSEMBLY, "ecosoc": ECOSOC}


def symbol_from_filename(name: str) -> str:
    """`E-RES-2012-5.md` -> `E/RES/2012/5`: the UN's own way of naming files after symbols."""
    m = _FILENAME_SYMBOL_RE.match(name.rsplit(".", 1)[0])
    return f"{m.group(1)}/RES/{m.group(2)}/{m.group(3)}" if m else ""


def normalize_symbol(raw: str) -> str:
    """`A / RES / 80 / 173` or `a/res/80/173` -> `A/RES/80/173`."""
    return re.sub(r"\s*/\s*", "/", " ".join(raw.split())).upper()


def symbol_from_frbr(uri: str) -> str:
    """`/akn/un/statement/deliberation/unga/2025-12-17/80-173/...` -> `A/RES/80/173`."""
    parts = [p for p in uri.split("/") if p]
    for i, part in enumerate(parts):
        if part in _FRBR_PREFIX and i + 2 < len(parts):
            return f"{_FRBR_PREFIX[part]}/{parts[i + 2].replace('-', '/')}"
    return ""
