"""Transitional: BM25 tokens moved to the text toolkit, `index.text`.

Kept only for the quality modules still importing `tokenize` from here; removed
with the commit that points them at the toolkit.
"""

from index.text import LANGUAGES, detect_language, tokenize

__all__ = ["LANGUAGES", "detect_language", "tokenize"]
