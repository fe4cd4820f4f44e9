"""Word (.docx) exports: a conversation, a document comparison, a precedent search.

Each file has a title, the date and the indexed corpus, then the content, with
every quote in quotation marks followed by its citation ("E/RES/2025/18,
para. 71 [1]") and a numbered source list giving each cited document's symbol,
date and body, and under it each cited paragraph with a link that opens it in
the app's browse view (`APP_URL/?view=browse&doc=...&para=...`, the address
`ui.browse_link` makes; no link when `app_url` is empty).  Changed words are
marked as the Precedent view marks them: struck through where only the older
text has them, bold where only the newer one does.  Dates are written
"17 December 2025".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from assistant.precedent import DiffOp
from index.paragraph import Paragraph

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(value: str | dt.date | None) -> str:
    """`2025-12-17` -> `17 December 2025`; a year alone stays a year; unknown -> `date unknown`."""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    text = (value or "").strip()
    try:
        return long_date(dt.date.fromisoformat(text[:10]))
    except ValueError:
        return text or "date unknown"


def paragraph_url(app_url: str, pid: str) -> str:
    """`http://127.0.0.1:8501/?view=browse&doc=E%2FRES%2F2025%2F18&para=71`: the paragraph in the app."""
    from assistant.ui.answers import browse_link

    return f"{app_url.rstrip('/')}/{browse_link(pid)}"


class Sources:
    """The numbered source list: one entry per cited document, in order of first citation, with the
    paragraphs cited from it (each linked to the app when `app_url` is given)."""

    def __init__(self, app_url: str = "") -> None:
        self.app_url = app_url
        self.entries: dict[str, tuple[str, str]] = {}  # symbol -> (date, body)
        self.paragraphs: dict[str, dict[str, Paragraph]] = {}  # symbol -> {id: paragraph}, in citation order

    def number(self, symbol: str, date: str = "", body: str = "") -> int:
        if symbol not in self.entries:
            self.entries[symbol] = (date, body)
            self.paragraphs[symbol] = {}
        return list(self.entries).index(symbol) + 1

    def add(self, p: Paragraph) -> int:
        """Register a cited paragraph (its document numbered if new); its source number."""
        n = self.number(p.symbol, p.date, p.body)
        self.paragraphs[p.symbol].setdefault(p.id, p)
        return n

    def cite(self, p: Paragraph) -> str:
        return f"{p.label} [{self.add(p)}]"

    def write(self, doc) -> None:
        if not self.entries:
            return
        doc.add_heading("Sources", level=1)
        for n, (symbol, (date, body)) in enumerate(self.entries.items(), start=1):
            doc.add_paragraph(f"[{n}] {symbol}, {long_date(date)}, {body or 'body unknown'}")
            for p in self.paragraphs[symbol].values():
                line = doc.add_paragraph(style="List Bullet")
                if self.app_url:
                    line.add_run(f"{p.label}: ")
                    _hyperlink(line, paragraph_url(self.app_url, p.id))
                else:
                    line.add_run(p.label)


def _hyperlink(para, url: str, text: str | None = None) -> None:
    """A clickable external link (python-docx has no writer for one: the w:hyperlink element by hand)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), para.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([color, underline])
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text or url
    run.append(t)
    link.append(run)
    para._p.append(link)


def _document(title: str, corpus: str, today: dt.date | None = None):
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"Date: {long_date(today or dt.date.today())}")
    if corpus:
        doc.add_paragraph(f"Indexed corpus: {corpus}")
    return doc


def _quote(doc, text: str, citation: str):
    para = doc.add_paragraph()
    para.add_run(f"“{text.strip()}”")
    para.add_run(f" ({citation})")
    return para


def _diff(doc, ops: Iterable[DiffOp], prefix: str = ""):
    para = doc.add_paragraph(prefix)
    first = True
    for op in ops:
        run = para.add_run(("" if first else " ") + " ".join(op.words))
        first = False
        if op.op == "delete":
            run.font.strike = True
        elif op.op == "insert":
            run.bold = True
    return para


def corpus_description(index) -> str:
    """`18 documents, 4,321 paragraphs (built 2026-12-07T02:25:31+0000)` for an indexed corpus."""
    symbols = {d.symbol for d in index.documents}
    m = index.manifest
    return f"{len(symbols)} documents, {m.paragraph_count:,} paragraphs (built {m.built_at})"


# ------------------------------------------------------------------ conversation


def _turn(item) -> tuple[str, str, list[tuple[str, Paragraph | None, str]], bool]:
    """(question, answer, [(label, paragraph, quote)], abstained) from an Answer or a dict."""
    if isinstance(item, dict):
        cites = [(c.get("label", c.get("id", "")), c.get("paragraph"), c.get("quote", ""))
                 for c in item.get("citations", [])]
        return item.get("question", ""), item.get("answer", ""), cites, bool(item.get("abstained"))
    return item.question, item.text, [(c.label, c.paragraph, c.quote) for c in item.citations], item.abstained


def conversation_docx_bytes(turns: Sequence, corpus: str = "", today: dt.date | None = None,
                            app_url: str = "") -> bytes:
    """The conversation's .docx file as bytes, for a download button."""
    import io

    buffer = io.BytesIO()
    conversation_docx(turns, buffer, corpus=corpus, today=today, app_url=app_url)
    return buffer.getvalue()


def conversation_docx(turns: Sequence, path, corpus: str = "", title: str = "WSIS Assistant conversation",
                      today: dt.date | None = None, app_url: str = "") -> Path:
    """Write a conversation (Answers, or dicts with question/answer/citations/abstained) to a .docx file."""
    doc = _document(title, corpus, today)
    sources = Sources(app_url)
    for n, item in enumerate(turns, start=1):
        question, answer, cites, abstained = _turn(item)
        doc.add_heading(f"Question {n}: {question}", level=1)
        if abstained:
            doc.add_paragraph("The assistant abstained: the indexed documents do not answer this question.")
        doc.add_paragraph(answer)
        for label, paragraph, quote in cites:
            citation = sources.cite(paragraph) if paragraph is not None else label
            _quote(doc, quote, citation)
    sources.write(doc)
    return _save(doc, path)


def _save(doc, path):
    """Save to `path`, or into a binary stream (what a download button sends)."""
    if hasattr(path, "write"):
        doc.save(path)
        return path
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# ------------------------------------------------------------------ comparison and precedent


def comparison_docx(comparison, path: Path | str, corpus: str = "", today: dt.date | None = None,
                    app_url: str = "") -> Path:
    """Write a `compare.Comparison` to a .docx file: summary, then every change with its words marked;
    the source list links each changed paragraph, on both sides."""
    from assistant.compare import UNCHANGED

    c = comparison
    doc = _document(f"Comparison of {c.old_symbol} and {c.new_symbol}", corpus, today)
    sources = Sources(app_url)
    sources.number(c.old_symbol, c.old_date, c.old_body)
    sources.number(c.new_symbol, c.new_date, c.new_body)
    doc.add_paragraph(f"{c.old_symbol} [1] ({long_date(c.old_date)}) compared with {c.new_symbol} [2] "
                      f"({long_date(c.new_date)}), language: {c.language}.")
    if c.different_bodies:
        doc.add_paragraph(f"The two documents are from different bodies: {c.old_body} and {c.new_body}.")
    doc.add_paragraph(c.summary)
    doc.add_paragraph("Struck-through words are only in the older text, bold words only in the newer one.")
    for change in c.changes:
        if change.status == UNCHANGED:
            continue
        heading = f"{change.status}: " + " → ".join(
            part for part in (", ".join(p.label for p in change.old), ", ".join(p.label for p in change.new)) if part)
        doc.add_heading(heading, level=2)
        for p in (*change.old, *change.new):
            sources.add(p)
        if change.diff:
            _diff(doc, change.diff)
        else:
            for p in change.new or change.old:
                _quote(doc, p.text, sources.cite(p))
    sources.write(doc)
    return _save(doc, path)


def precedent_docx(draft: str, hits: Sequence, families: Sequence = (), path: Path | str = "precedent.docx",
                   corpus: str = "", today: dt.date | None = None, app_url: str = "") -> Path:
    """Write a precedent search (hits with their word diffs, family timelines) to a .docx file."""
    doc = _document("Precedent search", corpus, today)
    sources = Sources(app_url)
    doc.add_paragraph(f"Draft: “{draft.strip()}”")
    doc.add_paragraph("Struck-through words are only in the agreed text, bold words only in the draft.")
    for h in hits:
        p = h.paragraph
        doc.add_heading(f"{p.label} ({long_date(p.date)}): {h.tier}, similarity {h.similarity:.2f}", level=2)
        _quote(doc, p.text, sources.cite(p))
        if h.diff and any(op.op != "equal" for op in h.diff):
            _diff(doc, h.diff, prefix="Differences: ")
    for n, family in enumerate(families, start=1):
        if len(family.members) < 2:
            continue
        doc.add_heading(f"Family {n}: first agreed in {family.first.label} ({long_date(family.first.date)})",
                        level=2)
        sources.cite(family.first)
        for v in family.variants:
            sources.cite(v.paragraph)
            if v.changed:
                _diff(doc, v.diff, prefix=f"then {v.paragraph.label} ({long_date(v.paragraph.date)}): ")
            else:
                doc.add_paragraph(f"then {v.paragraph.label} ({long_date(v.paragraph.date)}): unchanged")
    sources.write(doc)
    return _save(doc, path)
