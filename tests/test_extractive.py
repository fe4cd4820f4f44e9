"""The extractive composer on the seed's real paragraphs: readable, cited, verbatim."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.extractive import ELLIPSIS, best_span, compose_extractive, content_stems, pieces, verb_parts
from assistant.types import QUOTED, Hit
from index.paragraph import OPERATIVE, SUBPARAGRAPH, Paragraph
from tests.support.seed_paragraphs import seed

# Attribution words; plus the body's name, the symbol, the year, the annex numeral and the footnote number.
FRAMING = {"the", "also", "in", "footnote", "of", "member", "states", "preamble", "reads", "annex", "para",
           "preambular"}


def hits(*locs: str, via: str = "hybrid") -> list[Hit]:
    return [Hit(seed(loc), 1.0 / (rank + 60), via=via) for rank, loc in enumerate(locs)]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def assert_verbatim_and_cited(text: str, citations) -> None:
    """Every quote is the paragraph's own words; every sentence is cited; no word comes from elsewhere."""
    assert citations
    for c in citations:
        assert c.status == QUOTED
        source = f"{c.paragraph.chapeau} {c.paragraph.text}"
        for fragment in c.quote.split(ELLIPSIS):
            assert fragment in source, fragment
    for sentence in re.split(r"(?<=\]\.)\s+", text):
        assert re.search(r"\[\d+\]\.$", sentence), sentence
    allowed = set(FRAMING)
    for c in citations:
        p = c.paragraph
        allowed |= set(_words(f"{p.body} {p.chapeau} {p.text} {p.symbol} {p.loc.removeprefix('FN')} {p.year} {p.loc}"))
    assert set(_words(re.sub(r"\[\d+\]", "", text))) <= allowed


def test_baku_question_reads_as_a_sentence_of_the_council():
    text, citations = compose_extractive(
        "Where was the seventh meeting of the Internet Governance Forum held?", hits("35", "25", "36")
    )
    assert text.startswith(
        "In E/RES/2012/5 (2012), the Economic and Social Council urges the Secretary-General "
        "to ensure the continued functioning of the IGF"
    )
    assert "Baku, Azerbaijan" in text
    assert text.endswith("[1].")
    assert [c.id for c in citations] == ["E/RES/2012/5:35"]
    assert citations[0].quote in seed("35").text
    assert citations[0].label == "E/RES/2012/5, para. 35"
    assert_verbatim_and_cited(text, citations)


def test_chooses_the_operative_clause_that_answers():
    text, citations = compose_extractive(
        "Who is invited to update information on their initiatives in the stocktaking database?", hits("4")
    )
    assert text == (
        "In E/RES/2012/5 (2012), the Economic and Social Council invites United Nations entities to update "
        "information on their initiatives in the stocktaking database [1]."
    )
    assert (
        citations[0].quote
        == "invites United Nations entities to update information on their initiatives in the stocktaking "
        "database"
    )


@pytest.mark.parametrize(
    ("question", "locs"),
    [
        pytest.param(
            "What are countries urged to do about the Monterrey Consensus?", ("31", "33"), id="short"
        ),
        pytest.param(
            "What does the resolution say about the Partnership on Measuring ICT for Development?",
            ("32(b)", "32(a)", "46"),
            id="two-subparagraphs",
        ),
        pytest.param("What is the concern about affordable access to ICTs?", ("9", "11", "13"), id="long"),
        pytest.param("Where are the WSIS outcome documents available online?", ("FN1", "PP7"), id="footnote"),
        pytest.param("Which resolution gave the Commission its mandate?", ("PP2", "2"), id="preambular"),
        pytest.param(
            "What did the Council say about capacity development?", ("16", "17", "10"), id="several"
        ),
    ],
)
def test_answers_are_verbatim_and_every_sentence_is_cited(question, locs):
    text, citations = compose_extractive(question, hits(*locs))
    assert_verbatim_and_cited(text, citations)
    assert citations[0].paragraph.loc == locs[0]
    assert [c.marker for c in citations] == list(range(1, len(citations) + 1))


def test_close_hits_that_add_information_are_both_used():
    text, citations = compose_extractive(
        "What does the resolution say about the Partnership on Measuring ICT for Development and its guidelines "
        "and appreciation of its work?",
        hits("32(b)", "32(a)"),
    )
    assert [c.paragraph.loc for c in citations] == ["32(b)", "32(a)"]
    assert (
        "In E/RES/2012/5 (2012), the Economic and Social Council also takes note with appreciation the work of "
        "the Partnership" in text
    )
    assert "[2]." in text


def test_unrelated_lower_hits_are_left_out():
    _, citations = compose_extractive(
        "Why are ICTs still out of reach for people in rural areas of developing countries?",
        hits("13", "16", "27"),
    )
    assert [c.paragraph.loc for c in citations] == ["13"]


def test_repeated_language_from_another_year_is_cited_once():
    later = replace(seed("31"), symbol="E/RES/2013/9", date="2013-07-22")
    _text, citations = compose_extractive(
        "What are countries urged to do about the Monterrey Consensus?", [*hits("31"), Hit(later, 0.01)]
    )
    assert len(citations) == 1


def test_preambular_paragraph_keeps_the_resolutions_own_form():
    text, citations = compose_extractive(
        "Which 2006 resolution gave the Commission its mandate?", hits("PP2")
    )
    assert text.startswith(
        "The preamble of E/RES/2012/5 (2012) reads: “Recalling also its resolution 2006/46 of 28 July 2006"
    )
    assert citations[0].label == "E/RES/2012/5, preambular para. 2"


def test_footnote_names_its_document_and_cites_each_sentence():
    text, _ = compose_extractive("Where are the WSIS outcome documents available online?", hits("FN1"))
    assert text == (
        "Footnote 1 of E/RES/2012/5 (2012) reads: “See A/C.2/59/3, annex, and A/60/687. "
        "The outcome documents are also available from www.itu.int/WSIS/index.html” [1]."
    )


def test_named_paragraph_is_given_whole_and_alone():
    named = hits("43", via="reference") + hits("44")
    _text, citations = compose_extractive("What does paragraph 43 note?", named)
    assert [c.paragraph.loc for c in citations] == ["43"]
    assert citations[0].quote == seed("43").text.rstrip(";")


def test_answer_from_several_documents_names_each():
    other = replace(seed("8"), symbol="E/RES/2013/9")
    text, citations = compose_extractive(
        "What is said about e-government and the growth of mobile telephony?",
        [Hit(seed("28"), 0.03), Hit(other, 0.02)],
    )
    assert [c.id for c in citations] == ["E/RES/2012/5:28", "E/RES/2013/9:8"]
    assert text.startswith("In E/RES/2012/5 (2012), the Economic and Social Council calls upon all stakeholders")
    assert "In E/RES/2013/9 (2012), the Economic and Social Council welcomes" in text
    assert_verbatim_and_cited(text, citations)


def test_long_paragraph_is_cut_to_its_head_and_the_answering_clause():
    filler = ", ".join(f"including item {n} of the list of routine matters" for n in range(8))
    text_ = (
        f"Requests the Secretary-General to report on the follow-up, {filler}, "
        "while noting the role of the regional commissions in the review of the Tunis Agenda"
    )
    long = Paragraph(symbol="X/RES/1", loc="9", kind=OPERATIVE, text=text_, order=0, body="General Assembly",
                     date="2030-12-20")
    fragments, _score = best_span(set(content_stems("What role do the regional commissions play?")), text_)
    assert fragments[0] == "Requests the Secretary-General to report on the follow-up"
    assert fragments[-1].startswith("while noting the role of the regional commissions")
    answer, citations = compose_extractive("What role do the regional commissions play?", [Hit(long, 1.0)])
    assert answer.startswith(
        "In X/RES/1 (2030), the General Assembly requests the Secretary-General to report on the follow-up … while"
    )
    assert_verbatim_and_cited(answer, citations)


def test_subparagraph_without_a_verb_is_led_in_by_its_chapeau():
    sub = Paragraph(
        symbol="X/RES/2", loc="5(a)", kind=SUBPARAGRAPH, order=1, body="General Assembly",
        chapeau="Decides that the review shall address:", text="the digital divide in rural areas;",
    )  # fmt: skip
    text, citations = compose_extractive("What shall the review address?", [Hit(sub, 1.0)])
    assert text == (
        "In X/RES/2, the General Assembly decides that the review shall address “the digital divide in rural "
        "areas” [1]."
    )
    assert citations[0].quote == "the digital divide in rural areas"


def test_splitters_keep_words_verbatim():
    four = seed("4").text
    parts = verb_parts(four)
    assert [p.split()[0] for p in parts] == ["Reiterates", "encourages", "invites"]
    assert all(p in four for p in parts)
    assert pieces("to be held in Baku, Azerbaijan, including its structures; and more") == [
        "to be held in Baku, Azerbaijan",
        "including its structures",
        "and more",
    ]


def test_numbered_paragraph_with_its_own_subject_is_quoted_as_it_stands():
    we = Paragraph(
        symbol="WSIS-05/TUNIS/DOC/6(Rev.1)", loc="111", kind=OPERATIVE, order=0, body="World Summit",
        text="We request the General Assembly to make an overall review of WSIS outcomes in 2015.",
    )  # fmt: skip
    text, _ = compose_extractive("When is the overall review?", [Hit(we, 1.0)])
    assert text == ("In WSIS-05/TUNIS/DOC/6(Rev.1), Member States “request the General Assembly to make an "
                    "overall review of WSIS outcomes in 2015” [1].")


def test_a_close_hit_that_answers_no_new_part_of_the_question_is_not_cited():
    _, citations = compose_extractive(
        "What does the resolution say about the Partnership on Measuring ICT for Development?",
        hits("32(b)", "32(a)"),
    )
    assert [c.paragraph.loc for c in citations] == ["32(b)"]


def _para(kind: str, text: str, *, symbol: str = "E/RES/2030/1", loc: str = "5", body: str = "Economic and Social "
          "Council", chapeau: str = "", date: str = "2030-07-01") -> Paragraph:
    return Paragraph(symbol=symbol, loc=loc, kind=kind, text=text, order=1, body=body, chapeau=chapeau, date=date)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            _para(OPERATIVE, "Urges the Secretary-General to ensure the continued functioning of the Forum;"),
            "In E/RES/2030/1 (2030), the Economic and Social Council urges the Secretary-General to ensure the "
            "continued functioning of the Forum [1].",
            id="ecosoc-third-person",
        ),
        pytest.param(
            _para(OPERATIVE, "Decides to convene a high-level meeting in 2031;", symbol="A/RES/85/1",
                  body="General Assembly", date="2030-12-20"),
            "In A/RES/85/1 (2030), the General Assembly decides to convene a high-level meeting in 2031 [1].",
            id="assembly-third-person",
        ),
        pytest.param(
            _para(OPERATIVE, "We recognize that digital cooperation is essential.", symbol="A/RES/85/2",
                  body="General Assembly"),
            "In A/RES/85/2 (2030), Member States “recognize that digital cooperation is essential” [1].",
            id="we-document",
        ),
        pytest.param(
            _para(SUBPARAGRAPH, "Assess the future directions and implications of artificial intelligence systems;",
                  symbol="A/RES/79/1", loc="ANNEXI.55(a)", body="General Assembly", chapeau="We will:",
                  date="2024-09-22"),
            "In A/RES/79/1, annex I (2024), Member States will “assess the future directions and implications of "
            "artificial intelligence systems” [1].",
            id="we-annex-subparagraph-with-chapeau",
        ),
        pytest.param(
            _para(SUBPARAGRAPH, "the digital divide in rural areas;", loc="5(a)",
                  chapeau="Decides that the review shall address:"),
            "In E/RES/2030/1 (2030), the Economic and Social Council decides that the review shall address “the "
            "digital divide in rural areas” [1].",
            id="third-person-subparagraph-with-chapeau",
        ),
        pytest.param(
            _para("preambular", "Recalling its resolution 2006/46 of 28 July 2006,", loc="PP2"),
            "The preamble of E/RES/2030/1 (2030) reads: “Recalling its resolution 2006/46 of 28 July 2006” [1].",
            id="preambular",
        ),
    ],
)
def test_attribution_in_the_documents_voice(paragraph, expected):
    text, citations = compose_extractive("anything about it?", [Hit(paragraph, 1.0)])
    assert text == expected
    assert citations[0].quote in paragraph.text


def test_family_member_says_since_when_the_text_is_the_same():
    from assistant.extractive import family_note

    old = _para(OPERATIVE, "Urges all stakeholders to bridge the digital divide and to promote access.",
                symbol="E/RES/2023/3", loc="62", date="2023-07-20")
    new = replace(old, symbol="E/RES/2025/18", loc="71", date="2025-07-20")
    assert family_note(new, (old, new)) == "(same text since E/RES/2023/3, para. 62)"
    changed = replace(new, text="Urges all stakeholders to bridge the digital divide and to promote affordable "
                                "access.")
    assert family_note(changed, (old, changed)) == ""  # what changed is the timeline's job
    text, _ = compose_extractive("What about the digital divide?", [Hit(new, 1.0, family=(old, new))])
    assert text.endswith("(same text since E/RES/2023/3, para. 62) [1].")


def test_no_hits_no_answer():
    assert compose_extractive("anything?", []) == ("", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("We have a unique opportunity to advance governance of artificial intelligence. We will:",
                     "We have a unique opportunity to advance governance of artificial intelligence.",
                     id="closing-lead-in-dropped"),
        pytest.param("We decide to:", "We decide to:", id="a-lead-in-alone-stays"),
        pytest.param("Requests the Secretary-General to report on the following: data and statistics",
                     "Requests the Secretary-General to report on the following: data and statistics",
                     id="colon-inside-a-sentence"),
    ],
)
def test_closing_lead_in_of_sub_paragraphs_is_not_quoted(text, expected):
    from assistant.extractive import best_span, without_lead_in

    assert without_lead_in(text) == expected
    assert not best_span({"intellig"}, text)[0][0].endswith("We will")


@pytest.mark.parametrize(
    ("lead", "items", "tail"),
    [
        pytest.param("namely", ["understanding the divide through sex-disaggregated data",
                                "integrating a gender perspective into strategies",
                                "and sharing good practices"], "and taking note further of the report on skills",
                     id="namely"),
    ],
)
def test_a_quote_never_stops_on_a_word_that_announces_a_list(lead, items, tail):
    """'… contained in its progress report, namely' is a fragment: the quote runs to the list's last item."""
    head = ("Taking note also of the Working Group on the Digital Gender Divide of the Broadband Commission and "
            "the recommendations for action in bridging the gender digital divide contained in its progress report")
    filler = ", ".join(f"which also recalls item {n} of the routine agenda of the Commission" for n in range(4))
    text_ = f"{head}, {lead}, {', '.join(items)}, {tail}, {filler},"
    fragments, _ = best_span(set(content_stems("What did the working group recommend for the gender divide?")),
                             text_)
    quote = " … ".join(fragments)
    assert not quote.endswith(lead)
    assert quote.endswith(items[-1]) and quote.startswith("Taking note also")
    assert quote in text_  # verbatim


# A "we" paragraph of three sentences, over the whole-quote limit (made for these tests).
_MEDIA = (
    "We underscore the need to respect and protect the independence and diversity of media, including digital "
    "media, which are essential to maintaining information integrity and access to reliable and accurate "
    "information. We emphasize the importance of safeguarding journalists, media workers and other civil society "
    "actors. We call upon all stakeholders to strengthen independent and public media, support media workers and "
    "ensure the conditions that allow journalism to operate freely, sustainably and in the public interest without "
    "harassment, surveillance or arbitrary detention linked to their legitimate activities."
)
_ACCESS = (
    "We note that the Convention on the Rights of Persons with Disabilities affirms the need to ensure, on an "
    "equal basis with others, that persons with disabilities have access to information and communications "
    "technologies and systems. We are concerned that persons with disabilities nevertheless remain less likely "
    "to access the Internet. We call for concerted action by all stakeholders to promote accessibility and equal "
    "access to the Internet and digital resources as a priority, including through the availability of "
    "accessible and assistive technologies and the integration of accessibility-by-design principles in digital "
    "development."
)


def test_a_window_that_starts_a_sentence_needs_no_head():
    """The answer is in the last two sentences: quoted as they stand, not behind the first sentence's head."""
    question = "What do they say about keeping journalists and media workers safe from harassment and detention?"
    fragments, _ = best_span(set(content_stems(question)), _MEDIA)
    assert fragments == [_MEDIA[_MEDIA.index("We emphasize"):].rstrip(".")]


@pytest.mark.parametrize(
    ("question", "clause", "weight", "starts"),
    [
        pytest.param("Is anything done for the blind and the deaf?", "", 0.0, "We are concerned",
                     id="no-shared-word-no-clause-shortest-sentence"),
        pytest.param("Is anything done for the blind and the deaf?",
                     "We call for concerted action by all stakeholders to promote accessibility and equal access "
                     "to the Internet and digital resources as a priority including through the availability of "
                     "accessible and assistive technologies", 1.0, "We call for concerted action",
                     id="the-assessed-clause-leads-when-no-word-is-shared"),
    ],
)
def test_the_quote_leans_to_the_clause_closest_by_meaning(question, clause, weight, starts):
    fragments, _ = best_span(set(content_stems(question)), _ACCESS, clause=clause, clause_weight=weight)
    assert len(fragments) == 1 and fragments[0].startswith(starts)
    assert fragments[0] in _ACCESS


def test_a_quote_never_stops_before_the_object_of_its_verb():
    """"… affirms the need to ensure, on an equal basis with others" would leave "ensure" without its object."""
    question = "What does the Convention on the Rights of Persons with Disabilities affirm?"
    fragments, _ = best_span(set(content_stems(question)), _ACCESS)
    assert not any(f.endswith("with others") for f in fragments)
    assert fragments[0].startswith("We note that the Convention")
    assert fragments[0].endswith("information and communications technologies and systems")


def test_a_head_that_ends_on_a_preposition_reaches_its_object():
    """"We stress the importance of investing in" is no head: it runs on to what is invested in."""
    text = (
        "We stress the importance of investing in, and ensuring equitable access to, essential services for all "
        "children and young people, especially health, education and social protection, to advance their social "
        "and economic development, including through the expansion of vocational training and lifelong learning "
        "opportunities for young people in every region and in every country, in line with national priorities, "
        "while supporting teachers"
    )
    fragments, _ = best_span(set(content_stems("What about teachers?")), text)
    assert not any(re.search(r"\b(?:in|to|of)$", f) for f in fragments)
    assert fragments[-1].endswith("while supporting teachers")


def test_a_question_asking_two_things_gets_a_quote_for_each():
    """"How long … and on which dates": the dates are in the next paragraph, which joins for them alone."""
    from assistant.answer_types import QUANTITY, WHEN

    def para(loc: str, text: str) -> Paragraph:
        return Paragraph(symbol="A/RES/79/277", loc=loc, kind=OPERATIVE, text=text, order=int(loc),
                         body="General Assembly", date="2025-03-27")

    first = para("1", "Decides that the overall review will be concluded by a two-day high-level meeting of the "
                      "General Assembly, to be preceded by an intergovernmental preparatory process;")
    second = para("2", "Also decides that the meeting will be held on 16 and 17 December 2025;")
    unrelated = para("3", "Invites the President of the General Assembly to appoint two co-facilitators;")
    question = "How long was the high-level meeting concluding the review to last, and on which dates?"
    found = [Hit(first, 0.9), Hit(unrelated, 0.5), Hit(second, 0.4)]
    alone, _ = compose_extractive(question, found, max_citations=1)
    assert "December" not in alone
    answer, citations = compose_extractive(question, found, max_citations=1, asked_types=(QUANTITY, WHEN))
    assert [c.paragraph.loc for c in citations] == ["1", "2"]
    assert "16 and 17 December 2025" in answer
    assert_verbatim_and_cited(answer, citations)


def test_a_question_naming_two_years_gets_a_quote_from_each():
    """"What did ECOSOC note in 2012, and what in 2025?": the best quotes are both from 2025."""

    def para(symbol: str, year: int, loc: str, text: str) -> Paragraph:
        return Paragraph(symbol=symbol, loc=loc, kind=OPERATIVE, text=text, order=int(loc),
                         body="Economic and Social Council", date=f"{year}-07-01")

    newer = para("E/RES/2025/18", 2025, "124", "Takes note of the report entitled “A Twenty-Year Review”;")
    newer2 = para("E/RES/2025/18", 2025, "121", "Takes note also of the report of the Commission on its session;")
    older = para("E/RES/2012/5", 2012, "7", "Takes note of the report entitled “Experience to Date and Prospects”;")
    question = "Which report did ECOSOC take note of in 2012, and which report in 2025?"
    found = [Hit(newer, 0.9), Hit(newer2, 0.8), Hit(older, 0.5)]
    alone, citations = compose_extractive(question, found, max_citations=2)
    assert "Experience to Date" not in alone
    answer, citations = compose_extractive(question, found, max_citations=2, targets=(2012, 2025))
    assert {c.paragraph.year for c in citations} == {2012, 2025}
    assert "Experience to Date and Prospects" in answer
    assert_verbatim_and_cited(answer, citations)


def test_a_paragraph_next_to_the_quoted_one_joins_at_its_own_share():
    """A document treats a topic in consecutive paragraphs: the next one joins at `neighbour_share`."""

    def para(loc: str, text: str) -> Paragraph:
        return Paragraph(symbol="A/RES/80/173", loc=loc, kind=OPERATIVE, text=text, order=int(loc),
                         body="General Assembly", date="2025-12-17")

    first = para("98", "We call upon the Forum to report annually on the outcomes of its meetings;")
    near = para("100", "We call upon all United Nations entities to take the outcomes of the Forum into account;")
    far = para("20", "We call upon all stakeholders to take the digital divides into account;")
    question = "What is the Forum to report, and who should take its outcomes into account?"
    ranked = [(Hit(first, 0.9), first.text, 1.0), (Hit(near, 0.8), near.text, 0.6), (Hit(far, 0.7), far.text, 0.6)]
    hits = [h for h, _, _ in ranked]
    _, alone = compose_extractive(question, hits, ranked=ranked, close_share=0.8)
    assert [c.paragraph.loc for c in alone] == ["98"]
    answer, citations = compose_extractive(question, hits, ranked=ranked, close_share=0.8, neighbour_share=0.5)
    assert [c.paragraph.loc for c in citations] == ["98", "100"]
    assert_verbatim_and_cited(answer, citations)


def test_a_neighbour_goes_on_with_the_topic_without_new_question_words():
    """"What does the Pact say about debt?": the next sub-paragraph on debt adds to the answer though it
    holds no question word the first quote lacks; a far paragraph doing the same does not join."""

    def para(loc: str, order: int, text: str) -> Paragraph:
        return Paragraph(symbol="A/RES/79/1", loc=loc, kind=OPERATIVE, text=text, order=order,
                         body="General Assembly", date="2024-09-22")

    first = para("78", 78, "We are deeply concerned by unsustainable debt burdens in many developing countries")
    near = para("78(a)", 79, "We will strengthen the sovereign debt architecture, including through debt swaps")
    far = para("12", 12, "We will address debt vulnerabilities through enhanced cooperation among creditors")
    question = "What does the Pact say about debt?"
    ranked = [(Hit(first, 0.9), first.text, 1.0), (Hit(far, 0.8), far.text, 0.8), (Hit(near, 0.7), near.text, 0.8)]
    hits = [h for h, _, _ in ranked]
    answer, citations = compose_extractive(question, hits, ranked=ranked, max_citations=3, close_share=0.7,
                                           neighbour_share=0.7)
    assert [c.paragraph.loc for c in citations] == ["78", "78(a)"]
    assert "debt swaps" in answer
    assert_verbatim_and_cited(answer, citations)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        pytest.param(("78", 296), ("78(f)", 302), True, id="a-paragraph-and-its-sixth-sub-paragraph"),
        pytest.param(("78(a)", 297), ("78(f)", 302), True, id="two-sub-paragraphs-of-one-paragraph"),
        pytest.param(("78", 296), ("79", 299), True, id="within-three-places"),
        pytest.param(("78", 296), ("84", 320), False, id="far-in-the-same-document"),
        pytest.param(("ANNEXI.29", 500), ("ANNEXI.29(b)", 507), True, id="annex-paragraph-and-its-part"),
    ],
)
def test_neighbouring_paragraphs(a, b, near):
    from assistant.extractive import _neighbours

    def para(loc: str, order: int) -> Paragraph:
        return Paragraph(symbol="A/RES/79/1", loc=loc, kind=OPERATIVE, text="Text.", order=order)

    assert _neighbours(para(*a), para(*b)) is near
