"""The one record that crosses every stage: a citable paragraph of a UN document.

Readers produce `Paragraph`s, the store keeps them, the assistant cites them and
the UI draws them.  Chroma metadata is derived from, and turned back into, this
record in exactly one place (`to_metadata` / `from_metadata`) so that no other
module re-derives paragraph facts from dicts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Paragraph kinds.  Numbered paragraphs of a document numbered throughout (the
# Tunis Agenda, the Pact for the Future) are "operative" too: docs/contracts.md calls
# them "numbered (operative)" paragraphs.
PREAMBULAR = "preambular"
OPERATIVE = "operative"
SUBPARAGRAPH = "subparagraph"
FOOTNOTE = "footnote"
UNNUMBERED = "unnumbered"
KINDS = (PREAMBULAR, OPERATIVE, SUBPARAGRAPH, FOOTNOTE, UNNUMBERED)

# How `index.embed.Embedder.paragraph_pieces` cuts a paragraph for the model; part of the content
# hash, so changing the rule (and this name) re-embeds instead of reusing vectors cut another way.
PIECES = "windows+clauses-1"

_ANNEX_RE = re.compile(r"^ANNEX([IVXLC]+|\d+)\.(.+)$")
_SUB_RE = re.compile(r"^(\d+)\(([a-z]{1,3}|[ivx]+)\)$")


@dataclass(frozen=True)
class Document:
    """Metadata of one document (one language version of one symbol)."""

    symbol: str
    title: str = ""
    body: str = ""
    date: str = ""  # ISO date, "" when unknown
    doc_type: str = "resolution"
    language: str = "en"
    source: str = ""  # file the text was read from, relative to the corpus
    source_format: str = ""  # md | txt | html | pdf | docx | akn
    inferred: tuple[str, ...] = ()  # metadata fields guessed from the text
    topics: tuple[str, ...] = ()  # classification keywords (SDGs, UNBIS, EuroVoc)
    paragraphs: int = 0  # citable units, once indexed

    @property
    def year(self) -> int:
        return int(self.date[:4]) if self.date[:4].isdigit() else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form kept in the index manifest."""
        return {**asdict(self), "inferred": list(self.inferred), "topics": list(self.topics)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["inferred"] = tuple(values.get("inferred", ()))
        values["topics"] = tuple(values.get("topics", ()))
        return cls(**values)


@dataclass(frozen=True)
class Paragraph:
    """One citable unit: `SYMBOL:LOC` per docs/contracts.md's paragraph-id contract."""

    symbol: str
    loc: str
    kind: str
    text: str
    order: int
    section: str = ""
    chapeau: str = ""  # lead-in of the parent, for sub-paragraphs
    footnotes: tuple[str, ...] = ()  # locs of the footnotes this paragraph cites ("FN5")
    language: str = "en"
    title: str = ""
    body: str = ""
    date: str = ""
    doc_type: str = "resolution"
    verb: str = ""  # operative verb phrase ("Urges", "Calls upon")
    addressee: str = ""  # who the paragraph addresses ("the Secretary-General")
    topics: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.symbol}:{self.loc}"

    @property
    def year(self) -> int:
        return int(self.date[:4]) if self.date[:4].isdigit() else 0

    @property
    def label(self) -> str:
        return human_label(self.symbol, self.loc)

    @property
    def retrieval_text(self) -> str:
        """What is embedded and keyword-indexed: a sub-paragraph carries its chapeau."""
        parts = [self.section, self.chapeau, self.text]
        return "\n".join(p for p in parts if p)

    @property
    def content_hash(self) -> str:
        """Changes exactly when what is embedded changes; used to skip re-embedding.

        What is embedded is the retrieval text cut into pieces by `PIECES`' rule,
        so a new rule changes every hash and old vectors are not reused under it.
        """
        return hashlib.sha1(f"{PIECES}\n{self.retrieval_text}".encode()).hexdigest()

    def with_document(self, doc: Document) -> Paragraph:
        return replace(
            self,
            symbol=doc.symbol,
            language=doc.language,
            title=doc.title,
            body=doc.body,
            date=doc.date,
            doc_type=doc.doc_type,
            topics=doc.topics,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form kept in the index's paragraphs file; `from_metadata` reads it back."""
        return asdict(self)

    def to_metadata(self) -> dict[str, Any]:
        """Flat, Chroma-compatible metadata (str/int only)."""
        meta = asdict(self)
        meta["footnotes"] = ",".join(self.footnotes)
        meta["topics"] = "|".join(self.topics)
        meta["year"] = self.year
        meta["pid"] = self.id
        return meta

    @classmethod
    def from_metadata(cls, meta: dict[str, Any], text: str | None = None) -> Paragraph:
        """The one decoder: reads `to_metadata`'s flat form and `to_dict`'s JSON form alike.

        Keys that are not fields (`pid`, `year`, a store's `hash`) are ignored, so
        a store may add its own columns without breaking the record.
        """
        names = cls.__dataclass_fields__
        values = {k: v for k, v in meta.items() if k in names}
        values["footnotes"] = _sequence(meta.get("footnotes", ()), ",")
        values["topics"] = _sequence(meta.get("topics", ()), "|")
        if text is not None:
            values["text"] = text
        return cls(**values)


def _sequence(value: Any, sep: str) -> tuple[str, ...]:
    """A tuple field from its JSON list or from its `sep`-joined metadata string."""
    items = value if isinstance(value, list | tuple) else str(value).split(sep)
    return tuple(str(v) for v in items if v)


def split_id(pid: str) -> tuple[str, str]:
    """`E/RES/2012/5:32(c)` -> (`E/RES/2012/5`, `32(c)`); symbols never contain ':'."""
    symbol, _, loc = pid.rpartition(":")
    if not symbol:
        raise ValueError(f"not a paragraph id: {pid!r}")
    return symbol, loc


def parent_loc(loc: str) -> str:
    """The numbered paragraph a unit belongs to: `78(f)` and `78` -> `78`, `ANNEXI.29(b)` -> `ANNEXI.29`."""
    return re.sub(r"\(.*\)$", "", loc)


def human_label(symbol: str, loc: str) -> str:
    """The label a delegate would write: `E/RES/2012/5, para. 32 (c)`."""
    annex = ""
    m = _ANNEX_RE.match(loc)
    if m:
        annex, loc = f", annex {m.group(1)}", m.group(2)
    if loc.startswith("PP"):
        unit = f"preambular para. {loc[2:]}"
    elif loc.startswith("FN"):
        unit = f"footnote {loc[2:]}"
    elif loc.startswith("U"):
        unit = f"unnumbered para. {loc[1:]}"
    else:
        sub = _SUB_RE.match(loc)
        unit = f"para. {sub.group(1)} ({sub.group(2)})" if sub else f"para. {loc}"
    return f"{symbol}{annex}, {unit}"
