"""Question understanding: one call, one record, on tiny strings."""

from __future__ import annotations

from assistant.question import ParagraphRef, understand


def test_one_record_holds_references_verbs_and_addressees():
    q = understand("What is the Secretary-General requested to do in paragraph 32 (c) of E/RES/2012/5?")
    assert q.refs.paragraphs == [ParagraphRef(loc="32(c)", symbol="E/RES/2012/5")]
    assert q.refs.symbols == ["E/RES/2012/5"]
    assert (q.verbs, q.addressees) == (("requests",), ("Secretary-General",))
    assert q.glossary_terms == () and q.quoted_draft is None


def test_years_bodies_and_resolution_years():
    q = understand("In its 2023 resolution, what did ECOSOC say about the Global Digital Compact?")
    assert q.resolution_years == (2023,)
    assert q.refs.bodies == ["Economic and Social Council"] and q.refs.loc_prefix == ""  # ECOSOC speaks


def test_glossary_term_and_quoted_draft():
    assert understand("What does CSTD stand for?").glossary_terms == ("CSTD",)
    draft = understand('Where was "bridging the digital divide between and within countries" agreed before?')
    assert draft.quoted_draft == "bridging the digital divide between and within countries"
