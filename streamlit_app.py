"""WSIS Assistant in the browser: chat, browse, compare, precedent and glossary views.

This file only draws.  What to show, and how text is escaped, is decided in
the `assistant/ui/` package; answers come from `Assistant.ask`, precedent from
`assistant/precedent_service.py`, comparisons from `assistant/compare.py`.  Corpus text and user input are rendered as
escaped Markdown only, never as HTML.
"""

from __future__ import annotations

import streamlit as st

from assistant import ui
from assistant.assistant import Assistant
from assistant.compare import CompareError, Comparison, compare_in_index
from assistant.export import conversation_docx_bytes, corpus_description
from assistant.families import families_of
from assistant.precedent import clean
from assistant.precedent_service import phrase_search, precedent_families, precedent_search
from assistant.reading_guide import reading_guide
from assistant.types import Answer
from index.corpus_index import IndexUnavailable
from index.paragraph import Paragraph, split_id
from index.settings import Settings, load_settings

st.set_page_config(page_title="WSIS Assistant", page_icon=":material/gavel:", layout="wide")
ss = st.session_state


# ----------------------------------------------------------------------------- shared resources


@st.cache_resource(show_spinner=False)
def load_assistant(_settings: Settings, key: str) -> Assistant:
    """One assistant per server process: index, keyword store, embedding model, precedent index."""
    assistant = Assistant(_settings)
    ui.warm_up(assistant)  # loads retriever, model, composer and precedent index: answers are fast
    return assistant


@st.cache_data(ttl=60, show_spinner=False)
def probe(url: str) -> str | None:
    return ui.http_probe(url)


@st.cache_resource(show_spinner=False, max_entries=16)
def comparison_of(_index, built_at: str, old: str, new: str, language: str | None) -> Comparison:
    """One alignment per pair and index build, shared by every session (a CompareError is not cached)."""
    return compare_in_index(_index, old, new, language)


def go_to(pid: str) -> None:
    """Open the browse view at one paragraph (a callback: runs before the next draw)."""
    ss.view, ss.browse_doc, ss.browse_focus = "Browse", split_id(pid)[0], pid


def open_compare(old: str, new: str) -> None:
    """Open the compare view on two documents (a callback: runs before the next draw)."""
    ss.view, ss.compare_old, ss.compare_new = "Compare", old, new


def ask_starter(question: str) -> None:
    ss.view, ss.pending = "Chat", question


def new_conversation() -> None:
    ss.turns = []


# ----------------------------------------------------------------------------- drawing pieces


def draw_source(view: ui.SourceView, index, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"{view.heading} · {view.status}")
        st.caption(view.document)
        st.markdown(view.text)
        versions = ui.ordered_versions(index.versions(view.pid))
        cols = st.columns([3, 2])
        cols[0].markdown(f"[Open in the browse view ↗]({view.link})")
        if len(versions) > 1:
            with st.expander(f"Side by side in {len(versions)} languages"):
                draw_versions(versions)
        else:
            cols[1].caption(f"Indexed in {ui.language_name(versions[0].language)} only" if versions else "")


def draw_versions(versions: list[Paragraph]) -> None:
    for col, p in zip(st.columns(len(versions)), versions, strict=True):
        col.markdown(f"**{ui.language_name(p.language)}**")
        col.markdown(ui.md(p.text))


def draw_answer(index, answer: Answer, n: int) -> None:
    if answer.abstained:
        st.warning(ui.answer_markdown(answer), icon=":material/search_off:")
    else:
        st.markdown(ui.answer_markdown(answer))
    note = ui.searched_note(answer)
    if note:
        st.caption(note)
    if answer.abstained:
        views = ui.closest_views(answer)
        if views:
            st.markdown("**Closest passages** — shown for orientation; they do not answer the question.")
        for i, view in enumerate(views):
            draw_source(view, index, f"{n}-c{i}")
    else:
        for c in answer.citations:
            draw_source(ui.citation_view(c, answer.searched_question), index, f"{n}-{c.marker}")
    facts = [f"{answer.backend}", f"{answer.total_ms:.0f} ms", *answer.notes]
    st.caption(ui.md(" · ".join(facts)))


# ----------------------------------------------------------------------------- sidebar


@st.fragment(run_every=10)
def draw_indexing_note(index) -> None:
    """Languages still being indexed; reruns the page once the background build has switched the index."""
    if index.is_stale():
        st.rerun(scope="app")
    note = ui.indexing_note(index)
    if note:
        st.info(note, icon=":material/hourglass_top:")


def draw_sidebar(assistant: Assistant, index, settings: Settings):
    """Status, controls, filters, backend and starters; returns (filters, backend)."""
    with st.sidebar:
        st.title("WSIS Assistant")
        st.caption("Answers from the WSIS documents, cited by paragraph.")
        status = ui.index_status(index)
        st.markdown("  \n".join(status.lines()))
        if ui.indexing_note(index):
            draw_indexing_note(index)
        controls = st.container()  # filled by `draw_conversation_controls` once this run's answer is in

        st.subheader("Try asking")
        for i, q in enumerate(ui.STARTER_QUESTIONS):
            st.button(q, key=f"starter-{i}", on_click=ask_starter, args=(q,), width="stretch")

        st.subheader("Filters for the next answer")
        opts = ui.filter_options(index)
        titles = dict(opts.symbols)
        symbols = st.multiselect("Documents", [s for s, _ in opts.symbols], key="f_symbols",
                                 format_func=lambda s: f"{s} — {titles.get(s, '')}"[:80], placeholder="all")
        bodies = st.multiselect("Body", opts.bodies, key="f_bodies", placeholder="all")
        years = st.slider("Years", *opts.year_range, value=opts.year_range, key="f_years")
        kinds = st.multiselect("Paragraph kind", ui.KIND_CHOICES, key="f_kinds", placeholder="all")
        verbs = st.multiselect("Operative verb", opts.verbs, key="f_verbs", placeholder="any")
        addressees = st.multiselect("Addressed to", opts.addressees, key="f_addressees", placeholder="anyone")
        topics = st.multiselect("Topics", opts.topics, key="f_topics", placeholder="any") if opts.topics else ()
        language = None
        if len(opts.languages) > 1:
            language = st.selectbox("Language", ["", *opts.languages], key="f_language",
                                    format_func=lambda c: ui.language_name(c) if c else "the question's")
        filters = ui.make_filters(opts, symbols, bodies, years, kinds, verbs, addressees, language, topics)

        st.subheader("Answer backend")
        choices = ui.backend_choices(settings, probe)
        usable = [c for c in choices if c.available]
        names = [c.name for c in usable]
        default = names.index(settings.backend) if settings.backend in names else 0
        by_name = {c.name: c for c in choices}
        backend = st.radio("Backend", names, index=default, key="backend", label_visibility="collapsed",
                           format_func=lambda n: by_name[n].label,
                           captions=[ui.md(by_name[n].status) for n in names])
        for c in choices:
            if not c.available:
                st.caption(ui.md(f"{c.label}: {c.status}"))
    return filters, backend, controls


def draw_conversation_controls(controls, built_at: str, corpus: str = "", app_url: str = "") -> None:
    c1, c2, c3 = controls.columns(3)
    c1.button("New chat", on_click=new_conversation, icon=":material/restart_alt:", disabled=not ss.turns,
              width="stretch")
    c2.download_button("Export", data=ui.export_markdown(ss.turns, built_at), file_name=ui.EXPORT_FILE_NAME,
                       mime="text/markdown", disabled=not ss.turns, icon=":material/download:",
                       width="stretch", help="Download the conversation as Markdown, every citation in full")
    c3.download_button("Word", data=conversation_docx_bytes(ss.turns, corpus, app_url=app_url) if ss.turns else b"",
                       file_name="wsis-conversation.docx", disabled=not ss.turns, icon=":material/description:",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       width="stretch", help="Download the conversation as a Word briefing note, sources numbered")


# ----------------------------------------------------------------------------- views


def ask_streaming(assistant: Assistant, question: str, filters, backend: str) -> Answer:
    """Stream a generative backend's words while it writes, then replace them with the verified answer."""
    final: list[Answer] = []

    def words():
        for event in assistant.ask_events(question, history=list(ss.turns), filters=filters, backend=backend):
            if isinstance(event, Answer):
                final.append(event)
            else:
                yield ui.escape_markdown(event)  # the model's words are text, never markup

    live = st.empty()
    with live.container(), st.spinner("Searching the documents…" if backend == "extractive" else
                                      "Writing — the words below are checked against the paragraphs next"):
        st.write_stream(words())
    live.empty()
    return final[-1]


def draw_chat(assistant: Assistant, index, filters, backend: str) -> None:
    typed = st.chat_input("Ask about the WSIS documents…")  # pinned to the bottom wherever it is called
    question = typed or ss.pop("pending", None)
    note = ui.describe_filters(filters)
    if note:
        st.caption(note)
    if not ss.turns and not question:
        st.markdown(
            "Ask a question about the indexed WSIS documents. Every answer quotes the documents and "
            "cites each paragraph (*E/RES/2012/5, para. 35*); when the documents do not answer, "
            "the assistant says so and shows the closest passages."
        )
    for n, answer in enumerate(ss.turns):
        with st.chat_message("user"):
            st.markdown(ui.md(answer.question))
        with st.chat_message("assistant"):
            draw_answer(index, answer, n)
    if question:
        with st.chat_message("user"):
            st.markdown(ui.md(question))
        with st.chat_message("assistant"):
            answer = ask_streaming(assistant, question, filters, backend)
            ss.turns = [*ss.turns, answer]  # each Answer knows its question: it is the history
            draw_answer(index, answer, len(ss.turns) - 1)
    if ss.turns:
        with st.expander("Conversation as Markdown (copy, or download from the sidebar)"):
            st.code(ui.export_markdown(ss.turns, ui.index_status(index).built_at), language="markdown")


def draw_link_buttons(lines: list[ui.LinkLine], title: str, key: str) -> None:
    for i, line in enumerate(lines):
        cols = st.columns([2, 3])
        cols[0].caption(f"{title}: “{ui.md(line.text_span)}”")
        with cols[1]:
            for j, target in enumerate(line.targets):
                if target.pid:
                    st.button(ui.md(target.label), key=f"{key}-{i}-{j}", on_click=go_to, args=(target.pid,),
                              type="tertiary", icon=":material/link:")
                else:
                    st.caption(f"{ui.md(target.label)} (not indexed)")


def draw_paragraph(item: ui.BrowseItem, index, links: ui.DocumentLinks, focus: str | None,
                   language: str) -> None:
    p = item.paragraph
    marked = p.loc == focus
    head = f"**{ui.md(item.label)}**"
    if item.facts:
        head += f" · {item.facts}"
    if item.footnote_note:
        head += f" · :gray[{item.footnote_note}]"
    if marked:
        head += " · :orange-badge[selected]"
    body = st.container(border=marked)
    if item.depth:
        body = body.columns([1, 24])[1]
    with body:
        st.markdown(head)
        if language == "all":
            draw_versions(ui.ordered_versions(index.versions(p.id)))
        else:
            shown = index.get(p.id, language) or p
            text = ui.md(shown.text)
            st.markdown(f":orange-background[{text}]" if marked else text)
        draw_link_buttons(links.refers_to.get(p.id, []), "Refers to", f"out-{p.id}")
        draw_link_buttons(links.referred_by.get(p.id, []), "Referred to by", f"in-{p.id}")
        timeline = ui.paragraph_timeline(p, families_of(index).of(p))
        if timeline:
            with st.expander(f"Agreed in {len(timeline)} resolutions: timeline", icon=":material/timeline:"):
                st.markdown("  \n".join(timeline))


def clear_focus() -> None:
    ss.browse_focus = None


def draw_focus(p: Paragraph, index, links: ui.DocumentLinks) -> None:
    """The paragraph a link pointed at, first thing on the page, in every indexed language."""
    st.info(ui.md(f"{p.label}: opened from a link; it is also marked in the document below."),
            icon=":material/bookmark:")
    with st.container(border=True):
        item = ui.BrowseItem(p, 0, p.label)
        st.markdown(f"**{ui.md(p.label)}**" + (f" · {item.facts}" if item.facts else ""))
        if p.section:
            st.caption(ui.md(p.section))
        versions = ui.ordered_versions(index.versions(p.id))
        if len(versions) > 1:
            draw_versions(versions)
        else:
            st.markdown(ui.md(p.text))
        draw_link_buttons(links.refers_to.get(p.id, []), "Refers to", f"focus-out-{p.id}")
        draw_link_buttons(links.referred_by.get(p.id, []), "Referred to by", f"focus-in-{p.id}")
        st.button("Clear the selection", on_click=clear_focus, type="tertiary", icon=":material/close:")


def draw_browse(index) -> None:
    symbols = index.symbols()
    if ss.get("browse_doc") not in symbols:
        ss.browse_doc = symbols[0]
    doc_symbol = st.selectbox("Document", symbols, key="browse_doc",
                              format_func=lambda s: f"{s} — {index.document(s).title}"[:120])
    doc = index.document(doc_symbol)
    paragraphs = [p for p in index.by_symbol[doc_symbol] if p.language == doc.language] or \
        index.by_symbol[doc_symbol]
    langs = ui.ordered_languages(p.language for p in index.by_symbol[doc_symbol])
    st.markdown(f"### {ui.md(doc.title)}")
    st.caption(ui.md(f"{doc.symbol} · {doc.body} · {doc.date} · {len(paragraphs)} citable units · "
                     f"read from {doc.source} ({doc.source_format})"))
    previous = ui.previous_of(index, doc_symbol)
    if previous:
        st.button(f"What changed since {previous}: compare side by side", key="browse-compare",
                  on_click=open_compare, args=(previous, doc_symbol), type="tertiary", icon=":material/compare:")
    language = doc.language
    if len(langs) > 1:
        options = [*langs, "all"]
        language = st.segmented_control(
            "Language", options, default=doc.language, key=f"lang-{doc_symbol}",
            format_func=lambda c: "Side by side" if c == "all" else ui.language_name(c)) or doc.language
    focus_id, problem = ui.browse_focus(index, ss.get("browse_focus"), doc_symbol)
    if problem:
        st.warning(ui.md(problem))
    focus = split_id(focus_id)[1] if focus_id else None
    params = ui.browse_query(focus_id) if focus_id else {"view": "browse", "doc": doc_symbol}
    st.query_params.from_dict(params)  # the address bar always points at what is shown
    with st.expander("How to read a resolution", expanded=False, icon=":material/school:"):
        st.markdown(ui.escaped_guide(reading_guide(paragraphs)).to_markdown())
    links = ui.document_links(index, doc_symbol)
    if focus:
        draw_focus(index.get(focus_id, language if language != "all" else doc.language), index, links)
    for group in ui.browse_groups(paragraphs):
        st.subheader(ui.md(group.title), divider="gray")
        for item in group.items:
            draw_paragraph(item, index, links, focus, language)


def draw_compare_row(row: ui.CompareRow) -> None:
    with st.container(border=row.changed):
        st.markdown(row.badge + (f" · :gray[{row.note}]" if row.note else ""))
        left, right = st.columns(2)
        for col, heading, text in ((left, row.old_heading, row.old_text), (right, row.new_heading, row.new_text)):
            if heading:
                col.markdown(f"**{heading}**")
                col.markdown(text)


def draw_compare(index) -> None:
    symbols = index.symbols()
    if len(symbols) < 2:
        st.info("Comparing needs two indexed documents; this index has one.")
        return
    ss.compare_old, ss.compare_new = ui.default_pair(index, ss.get("compare_old"), ss.get("compare_new"))
    title = {s: f"{s} — {index.document(s).title}"[:100] for s in symbols}
    c1, c2 = st.columns(2)
    old = c1.selectbox("Older document", symbols, key="compare_old", format_func=title.get)
    new = c2.selectbox("Newer document", symbols, key="compare_new", format_func=title.get)
    c1.caption(ui.document_caption(index, old))
    c2.caption(ui.document_caption(index, new))
    previous = ui.previous_of(index, new)
    if previous and previous != old:
        c2.button(f"Against the one before it ({previous})", on_click=open_compare, args=(previous, new),
                  type="tertiary", icon=":material/history:")
    st.query_params.from_dict(ui.compare_query(old, new))  # the address bar opens this comparison
    languages = ui.common_languages(index, old, new)
    language = None
    if len(languages) > 1:
        language = st.segmented_control("Language", languages, default=languages[0], key=f"cmp-lang-{old}-{new}",
                                        format_func=ui.language_name)
    try:
        with st.spinner("Aligning the two documents…"):
            comparison = comparison_of(index, index.manifest.built_at, old, new, language)
    except CompareError as exc:
        st.warning(ui.md(str(exc)), icon=":material/compare_arrows:")
        return
    st.markdown(ui.summary_line(comparison))
    if comparison.different_bodies:
        st.info(ui.md(f"The two documents are from different bodies: {comparison.old_body} and "
                      f"{comparison.new_body}."), icon=":material/account_balance:")
    only = st.toggle("Only what changed", key="compare_only_changed")
    st.caption(ui.LEGEND)
    for row in ui.compare_rows(comparison, only):
        draw_compare_row(row)


def draw_precedent(assistant: Assistant) -> None:
    st.markdown("Paste draft language to see where it, or something close to it, was agreed before.")
    draft = st.text_area("Draft language", key="draft", height=140,
                         placeholder="e.g. Urges the United Nations entities to take the necessary steps …")
    k = st.slider("Paragraphs to show", 3, 20, 8, key="precedent_k")
    if draft.strip():
        hits = precedent_search(assistant, draft, k)
        st.caption("In each difference, :red[~~struck~~] words are only in the agreed paragraph and "
                   ":green[**bold**] words only in your draft.")
        if not hits:
            st.info("No paragraph shares this wording.")
        for hit in hits:
            p = hit.paragraph
            with st.container(border=True):
                st.markdown(ui.precedent_heading(hit))
                st.caption(ui.document_line(p))
                st.markdown(ui.diff_markdown(hit.diff, hit.window, len(clean(p.text).split())))
                st.markdown(f"[Open in the browse view ↗]({ui.browse_link(p.id)})")
        fams = [f for f in precedent_families(hits) if f.variants]
        if fams:
            st.subheader("Timelines: where this language first appeared and how it changed")
            for fam in fams:
                with st.container(border=True):
                    st.markdown("  \n".join(ui.family_lines(fam)))
    st.subheader("Exact phrase")
    phrase = st.text_input("Every paragraph containing this phrase (case and spacing ignored)", key="phrase")
    if phrase.strip():
        result = phrase_search(assistant, phrase)
        st.markdown(ui.md(f"{result.total_occurrences} occurrences in {result.total_paragraphs} paragraphs"))
        if result.per_document:
            counts = result.per_document
            st.table({"document": list(counts), "paragraphs": list(counts.values())})
        for p, count in result.matches[:50]:
            st.markdown(ui.phrase_match_line(p, count, phrase))


def draw_glossary(index) -> None:
    symbol = ss.get("browse_doc") or index.symbols()[0]
    with st.expander(f"How to read a resolution, on {symbol}", icon=":material/school:"):
        paragraphs = [p for p in index.by_symbol[symbol] if p.language == index.document(symbol).language]
        st.markdown(ui.escaped_guide(reading_guide(paragraphs)).to_markdown())
    st.markdown("Acronyms used in the documents, each with the paragraph that spells it out.")
    query = st.text_input("Filter", key="glossary_filter", placeholder="e.g. IGF or Internet")
    rows = ui.glossary_rows(index.glossary, query)
    if not rows:
        st.info("No acronym matches." if query else "The index has no glossary yet; rebuild it.")
    for row in rows:
        st.markdown(ui.glossary_markdown(row))


# ----------------------------------------------------------------------------- page


def main() -> None:
    settings = load_settings()
    try:
        with st.spinner("Loading the index and the embedding model (first start only)…"):
            assistant = load_assistant(settings, repr(settings))
            index = assistant.index
    except IndexUnavailable as exc:
        st.error(f"**The index cannot be used.** {ui.md(str(exc))}", icon=":material/error:")
        st.stop()
    if "turns" not in ss:
        ss.turns = []
        start = ui.start_state(st.query_params)
        ss.view = start.view
        if start.browse_doc:
            ss.browse_doc, ss.browse_focus = start.browse_doc, start.browse_focus
        if start.view == "Compare":
            ss.compare_old, ss.compare_new = start.compare_old, start.compare_new
    filters, backend, controls = draw_sidebar(assistant, index, settings)
    view = st.radio("View", ui.VIEWS, key="view", horizontal=True, label_visibility="collapsed")
    if view != "Browse":
        st.query_params.clear()
        if view != "Chat":
            st.query_params["view"] = view.lower()
    if view == "Chat":
        draw_chat(assistant, index, filters, backend)
    elif view == "Browse":
        draw_browse(index)
    elif view == "Compare":
        draw_compare(index)
    elif view == "Precedent":
        draw_precedent(assistant)
    else:
        draw_glossary(index)
    draw_conversation_controls(controls, ui.index_status(index).built_at, corpus_description(index),
                               st.context.url or settings.app_url)  # the address this browser uses


main()
