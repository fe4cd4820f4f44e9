"""The page itself: its views, what the address bar means, and the warm-up after loading.

`streamlit_app.py` reads `st.query_params` and session state and draws; what
a link like `?view=browse&doc=E/RES/2012/5&para=35` or
`?view=compare&old=E/RES/2024/13&new=E/RES/2025/18` opens, and which question
warms the caches at start, are decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

VIEWS = ("Chat", "Browse", "Compare", "Precedent", "Glossary")
# Asked once when the app loads: it loads the retriever, the model and the composer, so answers are fast.
WARM_UP_QUESTION = "What is the information society?"


@dataclass(frozen=True)
class StartState:
    """What a first visit opens, read from the address bar."""

    view: str = "Chat"
    browse_doc: str | None = None  # None: leave the document choice alone
    browse_focus: str | None = None
    compare_old: str | None = None  # `?view=compare&old=...&new=...`: the two documents compared
    compare_new: str | None = None


def start_state(params: Mapping[str, str]) -> StartState:
    """`?view=browse&doc=SYMBOL&para=LOC` -> the Browse view at that paragraph; `?view=compare&old=A&new=B`
    -> the Compare view on A and B; unknown views open the chat."""
    view = params.get("view", "chat").capitalize()
    if view == "Compare":
        return StartState(view, compare_old=params.get("old") or None, compare_new=params.get("new") or None)
    doc = params.get("doc")
    if not doc:
        return StartState(view if view in VIEWS else "Chat")
    focus = f"{doc}:{params.get('para')}" if params.get("para") else None
    return StartState(view if view in VIEWS else "Chat", doc, focus)


def warm_up(assistant) -> None:
    """Load everything the first question would load, before any user asks one."""
    from assistant.precedent_service import precedent_index

    assistant.ask(WARM_UP_QUESTION)
    precedent_index(assistant.index)
