"""The Streamlit app driven through `streamlit.testing.v1.AppTest` on the real seed index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import ui

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
LABEL = "E/RES/2012/5, para."
UNIT_HEAD = re.compile(r"^\*\*(para\.|preambular para\.|footnote|unnumbered para\.)")


@pytest.fixture
def app(seed_index_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("WSIS_INDEX_DIR", str(seed_index_dir))
    return AppTest.from_file(APP, default_timeout=180)


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def _ask(at: AppTest, question: str) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_a_chat_turn_shows_an_answer_with_citations(app):
    at = _ask(app, "What is the Secretary-General requested to do?")
    texts = _markdown(at)
    assert any(LABEL in t for t in texts)
    assert any("**\\[1\\]**" in t for t in texts)  # the inline marker
    assert any(":orange-background[" in t for t in texts)  # question words highlighted in the source
    assert any("](?view=browse&doc=E%2FRES%2F2012%2F5&para=" in t for t in texts)  # link to the browse view
    assert "verified" in " ".join(texts)


def test_a_filter_excluding_the_only_document_yields_an_abstention(app):
    app.run()
    app.slider(key="f_years").set_range(2013, 2013).run()
    at = _ask(app, "What is the Secretary-General requested to do?")
    assert at.warning and "do not say" in at.warning[0].value
    assert not any(LABEL in t and "verified" in t for t in _markdown(at))
    assert any("years 2013–2013" in c.value for c in at.caption)


def test_the_browse_view_lists_the_68_units_of_the_seed(app):
    app.query_params["view"] = "browse"
    app.run()
    assert not app.exception, app.exception
    heads = [t for t in _markdown(app) if UNIT_HEAD.match(t)]
    assert len(heads) == 68
    assert any(t.startswith("**para. 32 (c)**") for t in heads)
    assert app.main.subheader[0].value == "Preamble"
    assert app.main.subheader[-1].value == "Footnotes"


def test_a_browse_link_opens_at_the_paragraph_and_marks_it(app):
    app.query_params.update({"view": "browse", "doc": "E/RES/2012/5", "para": "35"})
    app.run()
    assert not app.exception, app.exception
    assert "E/RES/2012/5, para. 35" in app.info[0].value
    assert any(t.startswith("**E/RES/2012/5, para. 35**") for t in _markdown(app))  # shown first, in full
    marked = [t for t in _markdown(app) if "selected" in t and UNIT_HEAD.match(t)]
    assert len(marked) == 1 and marked[0].startswith("**para. 35**")
    assert "Secretary-General" in marked[0]  # operative verb and addressee


def test_the_precedent_view_finds_paragraph_27_first(app):
    app.query_params["view"] = "precedent"
    app.run()
    draft = ("Strongly urges the United Nations entities still not actively cooperating in the "
             "implementation of the outcomes of the World Summit through the United Nations system and "
             "in its follow-up to take the necessary steps and commit to a people-centered, inclusive and "
             "development-orientated information society")
    app.text_area(key="draft").input(draft).run()
    assert not app.exception, app.exception
    heads = [t for t in _markdown(app) if "similarity" in t or "cosine" in t]
    assert heads[0].startswith("**E/RES/2012/5, para. 27**")
    diff = _markdown(app)[_markdown(app).index(heads[0]) + 1]
    assert ":green[**Strongly**]" in diff and ":red[~~" in diff


def test_the_export_contains_the_cited_paragraphs_full_text(app):
    at = _ask(app, "What is the Secretary-General requested to do?")
    export = at.code[0].value
    citations = at.session_state["turns"][-1].citations
    assert citations
    for c in citations:
        assert c.label in export
        assert c.paragraph.text in export.replace("\\", "")
    paragraph = citations[0].paragraph
    assert "## 1. What is the Secretary-General requested to do?" in export
    assert paragraph.title in export and paragraph.date in export


def test_a_rewritten_follow_up_shows_what_was_searched_in_small_print(app):
    at = _ask(app, "What does the resolution say about the Internet Governance Forum?")
    at.chat_input[0].set_value("What about paragraph 35?").run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if c.value.startswith("Searched for:")]
    assert notes and "paragraph 35 of E/RES/2012/5" in notes[-1]
    assert len(at.session_state["turns"]) == 2


def test_a_starter_question_runs_when_clicked(app):
    app.run()
    app.button(key="starter-2").click().run()  # "What is UNGIS?"
    assert not app.exception, app.exception
    assert any(m.value == "What is UNGIS?" for m in app.markdown)
    assert any(LABEL in t for t in _markdown(app))


def test_new_conversation_clears_the_chat(app):
    at = _ask(app, "What is UNGIS?")
    assert any(t.startswith("**\\[1\\] ") for t in _markdown(at))
    at.button[[b.label for b in at.button].index("New chat")].click().run()
    assert not any(t.startswith("**\\[1\\] ") for t in _markdown(at))
    assert not at.code


def test_user_input_is_shown_escaped(app):
    at = _ask(app, "# <script>alert(1)</script> [x](javascript:alert(1))")
    shown = [m.value for m in at.markdown if "script" in m.value]
    assert shown and shown[0] == "\\# \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1))"


def test_the_glossary_view_lists_ungis_with_its_source(app):
    app.query_params["view"] = "glossary"
    app.run()
    ungis = [t for t in _markdown(app) if t.startswith("**UNGIS**")]
    assert ungis and "United Nations Group on the Information Society" in ungis[0]
    assert "?view=browse&doc=E%2FRES%2F2012%2F5" in ungis[0]


def test_a_missing_index_shows_the_command_that_fixes_it(tmp_path, monkeypatch):
    monkeypatch.setenv("WSIS_INDEX_DIR", str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "wsis index" in at.error[0].value


BILINGUAL = Path(__file__).resolve().parent / "fixtures" / "ui"


@pytest.fixture(scope="module")
def bilingual_index_dir(tmp_path_factory) -> Path:
    """A tiny English + French document (tests/fixtures/ui), to show language versions side by side."""
    from index.build import build_index
    from index.settings import load_settings

    index_dir = tmp_path_factory.mktemp("bilingual-index")
    report = build_index(load_settings(index_dir=index_dir, corpus_dir=BILINGUAL), progress=False)
    assert report.ok and report.documents == 2, report.failures
    return index_dir


@pytest.fixture
def bilingual_app(bilingual_index_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("WSIS_INDEX_DIR", str(bilingual_index_dir))
    return AppTest.from_file(APP, default_timeout=180)


def test_a_cited_paragraph_is_shown_in_every_indexed_language(bilingual_app):
    at = _ask(bilingual_app, "Which schools should be connected to broadband?")
    assert any("E/RES/2040/1, para. 1" in t for t in _markdown(at))
    assert [e.label for e in at.expander if "languages" in e.label] == ["Side by side in 2 languages"]
    texts = _markdown(at)
    assert "**English**" in texts and "**Français**" in texts
    assert any(t.startswith("Exhorte tous les États") for t in texts)
    assert at.selectbox(key="f_language").options == ["the question's", "English", "Français"]


def test_the_browse_view_shows_a_linked_paragraph_side_by_side(bilingual_app):
    bilingual_app.query_params.update({"view": "browse", "doc": "E/RES/2040/1", "para": "2"})
    bilingual_app.run()
    assert not bilingual_app.exception, bilingual_app.exception
    texts = _markdown(bilingual_app)
    assert any(t.startswith("Requests the Secretary") for t in texts)
    assert any(t.startswith("Prie le Secrétaire général") for t in texts)


# ----------------------------------------------------------------------------- compare view (two ECOSOC resolutions)

COMPARE_URL = {"view": "compare", "old": "E/RES/2024/13", "new": "E/RES/2025/18"}
SUMMARY = re.compile(r"^\*\*E/RES/2024/13 → E/RES/2025/18\*\*: \d+ paragraphs unchanged, \d+ changed, \d+ new, "
                     r"\d+ dropped")


@pytest.fixture
def compare_app(compare_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("WSIS_INDEX_DIR", str(compare_index))
    return AppTest.from_file(APP, default_timeout=180)


def _badges(at: AppTest) -> list[str]:
    return [t.split(" · ")[0] for t in _markdown(at) if t.split(" · ")[0] in ui.STATUS_BADGES.values()]


def test_a_compare_link_opens_both_documents_side_by_side_with_changes_marked(compare_app):
    compare_app.query_params.update(COMPARE_URL)
    compare_app.run()
    assert not compare_app.exception, compare_app.exception
    texts = _markdown(compare_app)
    summary = next(t for t in texts if SUMMARY.match(t))
    assert (compare_app.selectbox(key="compare_old").value, compare_app.selectbox(key="compare_new").value) == \
        ("E/RES/2024/13", "E/RES/2025/18")
    # preambular para. 3 cites last year's resolution: struck on the old side, bold on the new
    i = texts.index("**[preambular para. 3 ↗](?view=browse&doc=E%2FRES%2F2024%2F13&para=PP3)**")
    assert ":red[~~2023/3~~]" in texts[i + 1] and ":green[" not in texts[i + 1]
    assert texts[i + 2] == "**[preambular para. 3 ↗](?view=browse&doc=E%2FRES%2F2025%2F18&para=PP3)**"
    assert ":green[**2024/13**]" in texts[i + 3] and ":red[" not in texts[i + 3]
    badges = _badges(compare_app)
    counts = {status: int(n) for n, status in re.findall(r"(\d+) (?:paragraphs )?(unchanged|changed|new|dropped)",
                                                         summary)}
    assert badges.count(ui.STATUS_BADGES["unchanged"]) == counts["unchanged"] > 50
    assert badges.count(ui.STATUS_BADGES["added"]) == counts["new"] > 0
    assert badges.count(ui.STATUS_BADGES["removed"]) == counts["dropped"] > 0
    assert {k: compare_app.query_params[k] for k in COMPARE_URL} == COMPARE_URL


def test_only_what_changed_hides_the_unchanged_paragraphs(compare_app):
    compare_app.query_params.update(COMPARE_URL)
    compare_app.run()
    everything = _badges(compare_app)
    compare_app.toggle(key="compare_only_changed").set_value(True).run()
    assert not compare_app.exception, compare_app.exception
    changed = _badges(compare_app)
    assert ui.STATUS_BADGES["unchanged"] not in changed
    assert changed == [b for b in everything if b != ui.STATUS_BADGES["unchanged"]] and len(changed) > 10


def test_from_a_document_this_years_against_last_years(compare_app):
    compare_app.query_params.update({"view": "browse", "doc": "E/RES/2025/18"})
    compare_app.run()
    compare_app.button(key="browse-compare").click().run()
    assert not compare_app.exception, compare_app.exception
    assert compare_app.session_state["view"] == "Compare"
    assert any(SUMMARY.match(t) for t in _markdown(compare_app))
    assert compare_app.query_params["old"] == "E/RES/2024/13"


def test_a_document_compared_with_itself_is_one_line_of_warning(compare_app):
    compare_app.query_params.update({**COMPARE_URL, "old": "E/RES/2025/18"})
    compare_app.run()
    assert not compare_app.exception, compare_app.exception
    warnings = [w.value for w in compare_app.warning]
    assert warnings == ["E/RES/2025/18 compared with itself: give two different documents"]
    assert not any(SUMMARY.match(t) for t in _markdown(compare_app))


def test_the_compare_view_needs_two_documents(app):
    app.query_params["view"] = "compare"
    app.run()
    assert not app.exception, app.exception
    assert "needs two indexed documents" in app.info[0].value
