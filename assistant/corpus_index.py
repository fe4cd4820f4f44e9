"""Transitional: the store's reader moved to `index.corpus_index`, beside its writer.

Kept only for the quality modules still importing it from here; removed with
the commit that points them at the new place.
"""

from index.corpus_index import REBUILD_HINT, CorpusIndex, Filters, IndexUnavailable

__all__ = ["REBUILD_HINT", "CorpusIndex", "Filters", "IndexUnavailable"]
