"""An answer as the chat shows it and exports it: text, citation status, sources, closest passages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from assistant.types import QUOTED, SUPPORTED, UNSUPPORTED, Answer, Citation
from assistant.ui.markdown import escape_markdown, highlight_terms, highlighted_markdown, md
from index.paragraph import Paragraph, split_id

STARTER_QUESTIONS = (
    "What is the Secretary-General requested to do?",
    "What does the resolution say about the Internet Governance Forum?",
    "What is UNGIS?",
    "What does CSTD stand for?",
    "How should the gender digital divide be addressed?",
)
CLOSEST_PASSAGES = 3
EXPORT_FILE_NAME = "wsis-conversation.md"


_MARKER_RE = re.compile(r"\\\[(\d+)\\\]")

STATUS_TEXT = {
    QUOTED: ":green[verified: quoted verbatim]",
    SUPPORTED: ":blue[verified: supported by the paragraph]",
    UNSUPPORTED: ":red[not supported by the paragraph]",
}


def answer_markdown(answer: Answer) -> str:
    """The answer text, escaped, with its [n] markers drawn as bold citation markers."""
    text = escape_markdown(answer.text)
    return _MARKER_RE.sub(lambda m: f"**\\[{m.group(1)}\\]**", text)


def status_markdown(status: str) -> str:
    return STATUS_TEXT.get(status, escape_markdown(status))


def document_line(p: Paragraph) -> str:
    """`*Title* — Economic and Social Council, 2012-07-24` (escaped)."""
    facts = ", ".join(x for x in (p.body, p.date) if x)
    title = f"*{md(p.title)}*" if p.title else md(p.symbol)
    return title + (f" — {md(facts)}" if facts else "")


def browse_query(pid: str, view: str = "browse") -> dict[str, str]:
    symbol, loc = split_id(pid)
    return {"view": view, "doc": symbol, "para": loc}


def browse_link(pid: str) -> str:
    """Relative URL that opens the browse view at paragraph `pid`: `?view=browse&doc=...&para=...`."""
    return "?" + urlencode(browse_query(pid))


def short_label(p: Paragraph) -> str:
    """The label without the symbol (`para. 32 (c)`), for a document's own listing."""
    label = p.label
    prefix = f"{p.symbol}, "
    return label[len(prefix):] if label.startswith(prefix) else label


@dataclass(frozen=True)
class SourceView:
    """One source under an answer, as drawn: heading, document line, status and highlighted text."""

    heading: str
    document: str
    status: str
    text: str
    link: str
    pid: str


def citation_view(c: Citation, question: str) -> SourceView:
    p = c.paragraph
    return SourceView(
        heading=f"**\\[{c.marker}\\] {md(p.label)}**",
        document=document_line(p),
        status=status_markdown(c.status) + "".join(f"  \n:red[{escape_markdown(d)}]" for d in c.differences),
        text=highlighted_markdown(p.text, highlight_terms(question)),
        link=browse_link(p.id),
        pid=p.id,
    )


def closest_views(answer: Answer, n: int = CLOSEST_PASSAGES) -> list[SourceView]:
    """The closest passages of an abstention, labelled as such (they do not answer)."""
    out = []
    for hit in answer.hits[:n]:
        p = hit.paragraph
        out.append(SourceView(
            heading=f"**{md(p.label)}** · closest passage",
            document=document_line(p),
            status=":gray[does not answer the question]",
            text=highlighted_markdown(p.text, highlight_terms(answer.searched_question)),
            link=browse_link(p.id),
            pid=p.id,
        ))
    return out


def searched_note(answer: Answer) -> str | None:
    """Small print for a rewritten follow-up: what was actually searched."""
    return f"Searched for: {md(answer.searched_question)}" if answer.rewritten else None


# --------------------------------------------------------------------------- export

def export_markdown(answers: Sequence[Answer], built_at: str = "", now: datetime | None = None) -> str:
    """The conversation as a Markdown briefing: questions, answers, and each citation in full.

    Each citation carries its label, document title, body, date, verification
    status and the paragraph's full text as a block quote.  Corpus text is
    kept as written except for what would break the Markdown structure.
    """
    now = now or datetime.now(UTC)
    built = f"; index built {built_at}" if built_at else ""
    lines = ["# WSIS Assistant — conversation", "", f"Exported {now:%Y-%m-%d %H:%M} UTC{built}.", ""]
    for n, answer in enumerate(answers, 1):
        lines += [f"## {n}. {md(answer.question)}", ""]
        if answer.rewritten:
            lines += [f"*Searched for: {md(answer.searched_question)}*", ""]
        lines += [escape_markdown(answer.text), ""]
        if answer.abstained:
            if answer.hits:
                lines += ["Closest passages (they do not answer the question):", ""]
                for hit in answer.hits[:CLOSEST_PASSAGES]:
                    lines += _export_source(f"{hit.paragraph.label}", hit.paragraph, "")
        elif answer.citations:
            lines += ["Sources:", ""]
            for c in answer.citations:
                lines += _export_source(f"[{c.marker}] {c.label}", c.paragraph, c.status)
    return "\n".join(lines).rstrip() + "\n"


def _export_source(head: str, p: Paragraph, status: str) -> list[str]:
    facts = ", ".join(x for x in (p.body, p.date) if x)
    meta = " — ".join(x for x in (p.title, facts, status) if x)
    quote = [f"> {escape_markdown(line)}" if line.strip() else ">" for line in p.text.splitlines()]
    return [f"**{escape_markdown(head)}** — {escape_markdown(meta)}", "", *quote, ""]
