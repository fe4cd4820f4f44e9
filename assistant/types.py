"""What the query side hands to the CLI and the UI: hits, citations, answers.

The paragraph itself is always `index.paragraph.Paragraph`; these types only
add what a question adds (a score, a rank, a verification status).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.paragraph import Paragraph

# Citation verification statuses, strongest first.
QUOTED = "quoted"  # the sentence's words are found verbatim in the paragraph
SUPPORTED = "supported"  # not verbatim, but similar enough to the paragraph
UNSUPPORTED = "unsupported"  # the paragraph does not back the sentence
STATUSES = (QUOTED, SUPPORTED, UNSUPPORTED)


@dataclass(frozen=True)
class Hit:
    """A retrieved paragraph with its fused score and where it came from."""

    paragraph: Paragraph
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    dense_similarity: float | None = None
    via: str = "hybrid"  # hybrid | reference (named in the question) | glossary | crossref
    family: tuple[Paragraph, ...] = ()  # the same paragraph in other years' documents, oldest first
    keyword_score: float | None = None  # BM25 score on the keyword side (the reranker reads it)


def of_target(hit: Hit, target: str | int) -> bool:
    """Whether `hit` speaks for a document the question names (its symbol) or a year it names.

    A paragraph standing for its family of near-identical paragraphs speaks
    for each year the family's text was agreed in.
    """
    members = hit.family or (hit.paragraph,)
    if isinstance(target, str):
        return any(p.symbol == target for p in members)
    return any(p.year == target for p in members)


@dataclass(frozen=True)
class Citation:
    marker: int  # the [n] in the answer text
    paragraph: Paragraph
    quote: str  # the words of the paragraph the answer relies on
    status: str = QUOTED
    differences: tuple[str, ...] = ()  # why it is not verified: words the paragraph does not have, …

    @property
    def id(self) -> str:
        return self.paragraph.id

    @property
    def label(self) -> str:
        return self.paragraph.label


@dataclass
class Answer:
    question: str
    searched_question: str  # after follow-up rewriting; equals question when none was needed
    text: str
    citations: list[Citation] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    abstained: bool = False
    backend: str = "extractive"
    notes: list[str] = field(default_factory=list)  # e.g. "fell back to the extractive answer"
    retrieval_ms: float = 0.0
    total_ms: float = 0.0

    @property
    def rewritten(self) -> bool:
        return self.searched_question.strip() != self.question.strip()

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "searched_question": self.searched_question,
            "answer": self.text,
            "abstained": self.abstained,
            "backend": self.backend,
            "notes": self.notes,
            "citations": [
                {"marker": c.marker, "id": c.id, "label": c.label, "quote": c.quote, "status": c.status}
                for c in self.citations
            ],
            "retrieved": [
                {"id": h.paragraph.id, "score": round(h.score, 6), "via": h.via} for h in self.hits
            ],
        }
