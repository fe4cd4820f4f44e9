"""What the Streamlit app shows, decided here so that `streamlit_app.py` only draws.

Plain Python over the library's records (`Paragraph`, `Answer`, `CorpusIndex`) returning strings,
tuples and small dataclasses, so it is tested without a browser; one module per job:

- `markdown`: escaping corpus text and user input, highlighting question words;
- `languages`: the six UN languages' names and order;
- `answers`: an answer, its sources and closest passages, and the Markdown export;
- `browse`: a document's paragraphs by part, links, reading guide, the focused paragraph;
- `compare`: two documents side by side, changes marked, the pair a link or a document opens;
- `precedent`: differences from agreed language, family timelines, phrase matches;
- `glossary`: acronym rows;
- `sidebar`: index status, backends and filters; `probe`: the one HTTP check (injected into `sidebar`);
- `page`: the views, what the address bar opens, the warm-up after loading.

The app imports the package (`from assistant import ui`) and uses these names from it.
"""

from __future__ import annotations

from assistant.ui.answers import (
    CLOSEST_PASSAGES,
    EXPORT_FILE_NAME,
    STARTER_QUESTIONS,
    STATUS_TEXT,
    SourceView,
    answer_markdown,
    browse_link,
    browse_query,
    citation_view,
    closest_views,
    document_line,
    export_markdown,
    searched_note,
    short_label,
    status_markdown,
)
from assistant.ui.browse import (
    BrowseGroup,
    BrowseItem,
    DocumentLinks,
    LinkLine,
    LinkTarget,
    browse_focus,
    browse_groups,
    document_links,
    escaped_guide,
)
from assistant.ui.compare import (
    LEGEND,
    STATUS_BADGES,
    CompareRow,
    common_languages,
    compare_link,
    compare_query,
    compare_row,
    compare_rows,
    default_pair,
    document_caption,
    previous_of,
    summary_line,
)
from assistant.ui.glossary import (
    GlossaryRow,
    glossary_markdown,
    glossary_rows,
)
from assistant.ui.languages import (
    LANGUAGE_NAMES,
    LANGUAGE_ORDER,
    language_name,
    ordered_languages,
    ordered_versions,
)
from assistant.ui.markdown import (
    escape_markdown,
    highlight_segments,
    highlight_terms,
    highlighted_markdown,
    md,
    one_line,
)
from assistant.ui.page import (
    VIEWS,
    WARM_UP_QUESTION,
    StartState,
    start_state,
    warm_up,
)
from assistant.ui.precedent import (
    TIER_NAMES,
    diff_markdown,
    family_lines,
    paragraph_timeline,
    phrase_markdown,
    phrase_match_line,
    precedent_heading,
)
from assistant.ui.probe import (
    http_probe,
)
from assistant.ui.sidebar import (
    KIND_CHOICES,
    WSIS_START,
    BackendChoice,
    FilterOptions,
    IndexStatus,
    backend_choices,
    describe_filters,
    filter_options,
    index_status,
    indexing_note,
    make_filters,
    readable_time,
)

__all__ = [
    "CLOSEST_PASSAGES",
    "EXPORT_FILE_NAME",
    "KIND_CHOICES",
    "LANGUAGE_NAMES",
    "LANGUAGE_ORDER",
    "LEGEND",
    "STARTER_QUESTIONS",
    "STATUS_BADGES",
    "STATUS_TEXT",
    "TIER_NAMES",
    "VIEWS",
    "WARM_UP_QUESTION",
    "WSIS_START",
    "BackendChoice",
    "BrowseGroup",
    "BrowseItem",
    "CompareRow",
    "DocumentLinks",
    "FilterOptions",
    "GlossaryRow",
    "IndexStatus",
    "LinkLine",
    "LinkTarget",
    "SourceView",
    "StartState",
    "answer_markdown",
    "backend_choices",
    "browse_focus",
    "browse_groups",
    "browse_link",
    "browse_query",
    "citation_view",
    "closest_views",
    "common_languages",
    "compare_link",
    "compare_query",
    "compare_row",
    "compare_rows",
    "default_pair",
    "describe_filters",
    "diff_markdown",
    "document_caption",
    "document_line",
    "document_links",
    "escape_markdown",
    "escaped_guide",
    "export_markdown",
    "family_lines",
    "filter_options",
    "glossary_markdown",
    "glossary_rows",
    "highlight_segments",
    "highlight_terms",
    "highlighted_markdown",
    "http_probe",
    "index_status",
    "indexing_note",
    "language_name",
    "make_filters",
    "md",
    "one_line",
    "ordered_languages",
    "ordered_versions",
    "paragraph_timeline",
    "phrase_markdown",
    "phrase_match_line",
    "precedent_heading",
    "previous_of",
    "readable_time",
    "searched_note",
    "short_label",
    "start_state",
    "status_markdown",
    "summary_line",
    "warm_up",
]
