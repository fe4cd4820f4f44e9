"""The app's view model: escaping, highlighting, export, browse grouping, filters, backends."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt

from assistant import ui
from assistant.precedent import word_diff
from assistant.reading_guide import reading_guide
from assistant.types import QUOTED, Answer, Citation, Hit
from index.corpus_index import Filters
from index.crossrefs import build_link_table
from index.glossary import GlossaryEntry
from index.paragraph import Paragraph
from index.settings import load_settings
from tests.support.langtools_corpus import all_paragraphs, seed_paragraphs

HOSTILE = [
    pytest.param("# Heading\n\nnot a paragraph", id="heading"),
    pytest.param("<script>alert(1)</script> and <b>bold</b>", id="html"),
    pytest.param("[click](javascript:alert(1)) ![img](http://x/y.png)", id="link-image"),
    pytest.param("*italic* __bold__ `code` ~~gone~~", id="emphasis"),
    pytest.param("1. first\n- second\n+ third\n> quote", id="block-starts"),
    pytest.param("Title\n===\n\n---\n| a | b |\n|---|---|", id="setext-rule-table"),
    pytest.param("costs $5 and $x^2$ :red[coloured] \\escaped", id="streamlit-syntax"),
]


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)


def _visible(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_corpus_text_renders_as_plain_text(text):
    html = _render(ui.escape_markdown(text))
    tags = set(re.findall(r"</?(\w+)", html))
    assert tags <= {"p", "br"}, html  # no heading, list, link, image, emphasis, table or raw HTML
    assert _visible(html).split() == text.split()


def test_md_keeps_corpus_text_on_one_line():
    assert ui.md("Recalling\n\n# its resolution") == "Recalling \\# its resolution"


def test_streamlit_directives_and_latex_are_escaped():
    out = ui.escape_markdown(":red[x] $y$")
    assert ":red\\[x\\]" in out and "\\$y\\$" in out


def test_highlight_marks_the_question_words_by_stem():
    text = "Requests the Secretary-General to submit to the Commission a report;"
    segments = ui.highlight_segments(text, "What is the Secretary-General requested to do?")
    assert "".join(s for s, _ in segments) == text
    assert [s for s, matched in segments if matched] == ["Requests", "Secretary-General"]


def test_symbols_and_paragraph_numbers_named_in_the_question_are_not_highlighted():
    a = _answer("What does paragraph 35 of E/RES/2012/5 say about the IGF?")
    view = ui.citation_view(Citation(1, _seed("35"), "", QUOTED), a.searched_question)
    assert ":orange-background[IGF]" in view.text
    assert ":orange-background[2012]" not in view.text


def test_highlight_joins_neighbouring_matched_words_into_one_phrase():
    segments = ui.highlight_segments("the Internet Governance Forum and others", "internet governance forum")
    assert ("Internet Governance Forum", True) in segments


def test_highlighted_markdown_escapes_inside_and_outside_the_highlight():
    out = ui.highlighted_markdown("The *forum* [link](x) <b>", "forum")
    assert out.startswith("The \\*:orange-background[forum]\\*")
    assert "<b>" not in out and "\\[link\\]" in out


def _seed(loc: str) -> Paragraph:
    return next(p for p in seed_paragraphs() if p.loc == loc)


def _answer(question: str = "What is the Secretary-General requested to do?") -> Answer:
    p34 = _seed("34")
    return Answer(
        question=question,
        searched_question=question,
        text="The Economic and Social Council requests the Secretary-General to submit a report [1].",
        citations=[Citation(1, p34, "Requests the Secretary-General to submit", QUOTED)],
        hits=[Hit(p34, 1.0)],
    )


def test_answer_markers_are_bold_and_the_text_escaped():
    a = _answer()
    a.text = "The *Council* decides [1]."
    assert ui.answer_markdown(a) == "The \\*Council\\* decides **\\[1\\]**."


def test_citation_view_has_label_document_status_and_browse_link():
    a = _answer()
    view = ui.citation_view(a.citations[0], a.searched_question)
    assert "E/RES/2012/5, para. 34" in view.heading
    assert "2012-07-24" in view.document and "Assessment of the progress" in view.document
    assert "verified" in view.status
    assert ":orange-background[Secretary-General]" in view.text
    assert view.link == "?view=browse&doc=E%2FRES%2F2012%2F5&para=34"


def test_abstention_shows_closest_passages_as_such():
    a = _answer()
    a.abstained, a.citations = True, []
    views = ui.closest_views(a)
    assert views and all("closest passage" in v.heading for v in views)


def test_rewritten_question_gets_small_print():
    a = _answer("And the IGF?")
    assert ui.searched_note(a) is None
    a.searched_question = "What does the resolution say about the IGF?"
    assert ui.searched_note(a) == "Searched for: What does the resolution say about the IGF?"


def test_browse_link_encodes_symbols_with_parentheses():
    link = ui.browse_link("WSIS-05/TUNIS/DOC/6(Rev.1):34")
    assert "(" not in link and ")" not in link
    assert ui.browse_query("WSIS-05/TUNIS/DOC/6(Rev.1):34") == {
        "view": "browse", "doc": "WSIS-05/TUNIS/DOC/6(Rev.1)", "para": "34"}


def test_export_holds_question_answer_and_every_citation_in_full():
    a = _answer()
    text = ui.export_markdown([a], built_at="2026-01-01 10:00 UTC",
                              now=datetime(2026, 1, 2, tzinfo=UTC))
    p34 = _seed("34")
    assert "## 1. What is the Secretary-General requested to do?" in text
    assert "**\\[1\\] E/RES/2012/5, para. 34**" in text
    assert p34.title in text and "2012-07-24" in text and "Economic and Social Council" in text
    quoted = " ".join(line[2:] for line in text.splitlines() if line.startswith("> "))
    assert p34.text in quoted.replace("\\", "")
    assert "index built 2026-01-01 10:00 UTC" in text


def test_export_of_an_abstention_lists_the_closest_passages():
    a = _answer("What is the budget of the IGF in 2030?")
    a.abstained, a.citations = True, []
    text = ui.export_markdown([a])
    assert "Closest passages (they do not answer the question)" in text


def test_browse_groups_follow_the_seed_structure():
    groups = ui.browse_groups(seed_paragraphs())
    items = [i for g in groups for i in g.items]
    assert len(items) == 68
    assert groups[0].title == "Preamble" and len(groups[0].items) == 8
    assert groups[-1].title == "Footnotes" and len(groups[-1].items) == 7
    assert [i.label for i in groups[-1].items][:2] == ["footnote 1", "footnote 2"]
    subs = [i for i in items if i.depth == 1]
    assert [i.label for i in subs] == [f"para. 32 ({c})" for c in "abcdefg"]
    titles = [g.title for g in groups]
    assert "The road ahead" in titles and len(titles) == len(set(titles))


def test_browse_item_shows_verb_and_addressee():
    p = replace(_seed("35"), verb="Urges", addressee="the Secretary-General")
    assert ui.BrowseItem(p, 0, "para. 35").facts == "*Urges* → the Secretary-General"
    assert ui.BrowseItem(_seed("PP1"), 0, "preambular para. 1").facts in ("", "*Recalling*")
    assert ui.BrowseItem(_seed("PP1"), 0, "preambular para. 1").footnote_note == "footnote 1"
    assert ui.BrowseItem(_seed("34"), 0, "para. 34").footnote_note == ""


class FakeIndex:
    """The three attributes of `CorpusIndex` that `document_links` reads."""


def test_document_links_go_both_ways():
    paragraphs = all_paragraphs()
    by_symbol = defaultdict(list)
    for p in paragraphs:
        by_symbol[p.symbol].append(p)
    index = FakeIndex()
    index.links, index.by_symbol = build_link_table(paragraphs), by_symbol
    index.known_ids = {p.id for p in paragraphs}
    seed_links = ui.document_links(index, "E/RES/2012/5")
    tunis = "WSIS-05/TUNIS/DOC/6(Rev.1)"
    out = [line for lines in seed_links.refers_to.values() for line in lines if line.indexed]
    assert any(t.pid and t.pid.startswith(tunis) for line in out for t in line.targets)
    target = next(t.pid for line in out for t in line.targets if t.pid and t.pid.startswith(tunis))
    back = ui.document_links(index, tunis).referred_by[target]
    assert any(t.pid and t.pid.startswith("E/RES/2012/5:") for line in back for t in line.targets)


def test_reading_guide_is_escaped_before_it_is_drawn():
    hostile = Paragraph("X/RES/1", "1", "operative", "Urges the [States](javascript:x) to <b>act</b>;", 1,
                        title="A *title*", body="General Assembly", date="2020-01-01")
    html = _render(ui.escaped_guide(reading_guide([hostile])).to_markdown())
    assert "<a " not in html and "<b>" not in html


def test_diff_markdown_marks_deletions_and_insertions():
    ops, window = word_diff("Urges all States to act", "Strongly urges all Governments to act now")
    out = ui.diff_markdown(ops, window)
    assert ":green[**" in out and ":red[~~" in out


def test_phrase_markdown_highlights_the_phrase_case_insensitively():
    out = ui.phrase_markdown("the Internet  Governance Forum [IGF]", "internet governance forum")
    assert out == "the :orange-background[Internet Governance Forum] \\[IGF\\]"


def test_full_year_range_and_empty_choices_filter_nothing():
    opts = ui.FilterOptions((("E/RES/2012/5", "t"),), ("Economic and Social Council",), (2003, 2012), (), (),
                            ("en",))
    assert ui.make_filters(opts, years=(2003, 2012)) == Filters()
    f = ui.make_filters(opts, years=(2003, 2011), kinds=["operative"], language="en", topics=["SDG 9"])
    assert f.topics == ("SDG 9",)
    assert (f.year_from, f.year_to, f.kinds, f.language) == (2003, 2011, ("operative",), "en")
    assert "years 2003–2011" in ui.describe_filters(f)


def test_extractive_is_always_offered_and_generative_only_when_configured():
    refused = ui.backend_choices(load_settings(openai_base_url=None), probe=lambda url: "ConnectError")
    assert [c.name for c in refused] == ["extractive"]
    configured = ui.backend_choices(
        load_settings(openai_base_url="http://127.0.0.1:9/v1", backend="ollama"),
        probe=lambda url: None if "/models" in url else "ConnectError",
    )
    by_name = {c.name: c for c in configured}
    assert by_name["openai"].available and "127.0.0.1:9" in by_name["openai"].status
    assert not by_name["ollama"].available and "unreachable" in by_name["ollama"].status


def test_glossary_rows_filter_and_label():
    entries = [GlossaryEntry("UNGIS", "United Nations Group on the Information Society", "E/RES/2012/5:1",
                             "E/RES/2012/5:41"),
               GlossaryEntry("IGF", "Internet Governance Forum", "E/RES/2012/5:25", "")]
    rows = ui.glossary_rows(entries, "group")
    assert [r.acronym for r in rows] == ["UNGIS"]
    assert rows[0].source_label == "E/RES/2012/5, para. 1"
    assert rows[0].first_used_label == "E/RES/2012/5, para. 41"
    assert "](?view=browse&doc=E%2FRES%2F2012%2F5&para=41)" in ui.glossary_markdown(rows[0])
    assert [r.acronym for r in ui.glossary_rows(entries)] == ["IGF", "UNGIS"]


def test_language_versions_are_shown_english_first_then_in_un_order():
    versions = {lang: Paragraph("A/RES/80/173", "1", "operative", lang, 1, language=lang)
                for lang in ("zh", "ar", "fr", "en", "ru", "es")}
    assert [p.language for p in ui.ordered_versions(versions)] == ["en", "fr", "es", "ru", "ar", "zh"]


def test_readable_build_time():
    assert ui.readable_time("2026-11-27T20:36:13+0000") == "2026-11-27 20:36 UTC"
    assert ui.readable_time("yesterday") == "yesterday"


def test_filter_years_are_the_corpus_years(seed_assistant):
    """The slider spans the indexed documents' years (one year wider for a one-year corpus), not 2003 onwards."""
    assert ui.filter_options(seed_assistant.index).year_range == (2012, 2013)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, ui.StartState("Chat"), id="bare"),
        pytest.param({"view": "glossary"}, ui.StartState("Glossary"), id="view"),
        pytest.param({"view": "nonsense"}, ui.StartState("Chat"), id="unknown-view"),
        pytest.param({"view": "browse", "doc": "E/RES/2012/5", "para": "35"},
                     ui.StartState("Browse", "E/RES/2012/5", "E/RES/2012/5:35"), id="paragraph-link"),
        pytest.param({"view": "browse", "doc": "E/RES/2012/5"}, ui.StartState("Browse", "E/RES/2012/5"), id="doc"),
    ],
)
def test_start_state_from_the_address_bar(params, expected):
    assert ui.start_state(params) == expected


def test_browse_focus_drops_other_documents_and_warns_on_unknown_ids():
    class Index:
        def get(self, pid):
            return pid == "E/RES/2012/5:35"

    assert ui.browse_focus(Index(), "E/RES/2012/5:35", "E/RES/2012/5") == ("E/RES/2012/5:35", None)
    assert ui.browse_focus(Index(), "A/RES/70/125:1", "E/RES/2012/5") == (None, None)
    assert ui.browse_focus(Index(), "E/RES/2012/5:999", "E/RES/2012/5") == (
        None, "E/RES/2012/5:999 is not an indexed paragraph.")
    assert ui.ordered_languages(["zh", "fr", "en", "xx"]) == ["en", "fr", "zh", "xx"]
