"""Transitional: question parsing moved to `assistant.question`.

Kept only for the quality modules still importing from here; removed with the
commit that points them at the new place.
"""

from assistant.question import (
    DOCUMENT_ALIASES,
    PARAGRAPH_REF,
    ParagraphRef,
    QuestionRefs,
    parse_question,
    resolution_years,
    strip_paragraph_refs,
    strip_references,
)

__all__ = [
    "DOCUMENT_ALIASES",
    "PARAGRAPH_REF",
    "ParagraphRef",
    "QuestionRefs",
    "parse_question",
    "resolution_years",
    "strip_paragraph_refs",
    "strip_references",
]
