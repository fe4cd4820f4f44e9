"""Issue 27: one changed word must not pass as SUPPORTED; faithful rewordings must.

Table tests per mutation family against the seed's own paragraphs (E/RES/2012/5),
with the fuzzy similarity (no model needed: the embeddings never decide these),
plus synthetic paragraphs for the dropped-meaning words the seed lacks.
"""

from __future__ import annotations

import pytest

from assistant import lexical
from assistant.types import SUPPORTED, UNSUPPORTED
from assistant.verify import verify_claim
from assistant.wordnet import WordNetMissing, build_nltk_data, source_dir
from index.paragraph import OPERATIVE, Paragraph
from tests.support.seed_paragraphs import seed

P26 = "report of the Working Group on improvements to the Internet Governance Forum"
P9 = "developing countries lack affordable access of information and communication technologies"
P29 = ("to prioritize the development of innovative approaches that will stimulate the provision of universal "
       "access to affordable broadband infrastructure for developing countries")
P29_END = ("to ensure the development of an inclusive, development-orientated and people-centred information "
           "society, and to minimize the digital divide")


def _para(text: str) -> Paragraph:
    return Paragraph(symbol="A/RES/99/1", loc="5", kind=OPERATIVE, text=text, order=5, body="General Assembly")


NON = _para("Encourages non-governmental organizations to contribute to the review of the outcomes;")
ONLY = _para("Notes that only half of the population of least developed countries uses the Internet;")
YET = _para("Notes with concern that many schools are not yet connected to the Internet;")
MEMBER = _para("Calls upon Member States to promote universal and affordable access to the Internet;")
# Shapes the independent adversary (scripts/verifier_adversary.py) found accepted before the fix.
DIVIDES = _para("Notes with concern that there are still significant digital divides, such as between and within "
                "countries and between women and men, and between girls and boys;")
ONLINE = _para("Stresses that human rights defenders must be protected from any form of intimidation and reprisals, "
               "both online and offline;")
INEQUALITY = _para("Acknowledges the linkage between poverty and gender inequality and the need to strengthen support "
                   "for institutions in relation to gender equality and the empowerment of women;")
SESSION = _para("Requests the Commission on Science and Technology for Development to submit its report after its "
                "twenty-eighth session;")
HEALTH = _para("Reaffirms the ambition to strengthen health systems and achieve universal health coverage, and the "
               "full implementation of the 2030 Agenda;")
REMAIN = _para("We remain deeply concerned that one third of the world's population remains food-insecure, and we "
               "will tackle the drivers of food insecurity.")
STAKEHOLDERS = _para("Stresses the need for the full involvement of all Governments and other relevant stakeholders "
                     "in the work of the Forum;")
GROUPS = _para("Calls upon all countries to encourage the inclusiveness of innovation for persons with disabilities "
               "in rural areas, and for young people and landlocked developing countries in the review;")
GIRLS = _para("Redouble our efforts to achieve gender equality and the empowerment of all women and girls;")
MOBILE = _para("Notes that only 78 per cent of women aged 10 and over worldwide use a mobile phone, compared with "
               "87 per cent of men;")
ASIDE = _para("Encourages all stakeholders to extend affordable broadband to rural communities, in particular "
              "in the least developed countries;")
ODA = _para("Welcomes the commitment by most developed countries to reach the goal of 0.7 per cent of gross "
            "national income for official development assistance to least developed countries;")
PLEASED = _para("We are deeply concerned that the digital divide persists between and within countries.")
LIST = _para("Calls for more effective participation by stakeholders from African countries, the least developed "
             "countries, landlocked developing countries and small island developing States;")
FINANCE = _para("Developing countries should have access to finance to pursue their objectives of sustainable "
                "development;")
YOUTH = _para("Create decent jobs, and establish and ensure young people’s access to universal social protection;")
FOCUSED = _para("Calls upon all stakeholders to keep the goal of bridging all digital divides particularly in "
                "relation to ethnicity and to report on progress;")

UNSUPPORTED_CASES = [
    # the nine claims of the issue
    pytest.param("26", f"The Council rejects the {P26}.", "rejects", id="issue-rejects"),
    pytest.param("9", f"The Council notes with great concern that few {P9}.", "few", id="issue-few"),
    pytest.param("9", f"The Council notes with great concern that many {P9.replace('lack', 'have')}.", "have",
                 id="issue-have-for-lack"),
    pytest.param("9", f"The Council notes with satisfaction that many {P9}.", "satisfaction",
                 id="issue-satisfaction"),
    pytest.param("29", f"The Council urges all stakeholders {P29.replace('developing', 'developed')}.", "developed",
                 id="issue-developed"),
    pytest.param("29", f"The Council urges some stakeholders {P29}.", "some", id="issue-some"),
    pytest.param("29", f"The Council urges all stakeholders {P29.replace('to affordable', 'to expensive')}.",
                 "expensive", id="issue-expensive"),
    pytest.param("29", f"The Council urges all stakeholders {P29_END.replace('minimize', 'maximize')}.", "maximize",
                 id="issue-maximize"),
    pytest.param("26", f"The Council takes note with concern of the {P26}.", "concern", id="issue-concern"),
    # opposite swaps
    pytest.param("9", f"The Council notes with great concern that many {P9.replace('affordable', 'unaffordable')}.",
                 "unaffordable", id="opposite-unaffordable"),
    pytest.param("29", f"The Council urges all stakeholders {P29_END.replace('inclusive', 'exclusive')}.",
                 "exclusive", id="opposite-exclusive"),
    pytest.param("9", "The Council emphasizes the need to effectively harness technology, including information "
                 "and communications technologies, to widen the digital divide.", "widen", id="opposite-widen"),
    # quantifier changes
    pytest.param("29", f"The Council urges most stakeholders {P29}.", "most", id="quantifier-most"),
    pytest.param("29", f"The Council urges few stakeholders {P29}.", "few", id="quantifier-few"),
    pytest.param("9", f"The Council notes with great concern that all {P9}.", "all", id="quantifier-all"),
    # verbs outside the operative list
    pytest.param("26", f"The Council ignores the {P26}.", "ignores", id="verb-ignores"),
    pytest.param("26", f"The Council condemns the {P26}.", "condemn", id="verb-condemns"),
    pytest.param("26", f"The Council disregards the {P26}.", "disregards", id="verb-disregards"),
    # attitude changes
    pytest.param("26", f"The Council takes note with regret of the {P26}.", "regret", id="attitude-regret"),
    pytest.param("26", f"The Council takes note with satisfaction of the {P26}.", "satisfaction",
                 id="attitude-satisfaction"),
    pytest.param("26", f"The Council takes note of the {P26}.", "appreciation", id="attitude-dropped"),
    # scope changes
    pytest.param("29", "The Council urges all stakeholders " + P29.replace("for developing countries", "for countries"),
                 "developing", id="scope-developing-dropped"),
    pytest.param(MEMBER, "The General Assembly calls upon all States to promote universal and affordable access to "
                 "the Internet.", "", id="scope-all-states"),
    pytest.param("29", f"The Council urges stakeholders {P29}.", "all", id="scope-all-dropped"),
    # independent adversary: an opposite swapped in for a word the paragraph has elsewhere in the pair
    pytest.param(DIVIDES, "The General Assembly notes with concern that there are still significant digital "
                 "divides, such as between and within countries and between women and women.", "men",
                 id="opposite-pair-collapsed-men"),
    pytest.param(DIVIDES, "The General Assembly notes with concern that there are still significant digital "
                 "divides, such as between and within countries and between women and men, and between girls and "
                 "girls.", "boys", id="opposite-pair-collapsed-boys"),
    pytest.param(ONLINE, "Human rights defenders must be protected from any form of intimidation and reprisals, "
                 "both online and online.", "offline", id="opposite-online-online"),
    pytest.param(INEQUALITY, "The General Assembly acknowledges the linkage between poverty and gender equality and "
                 "the need to strengthen support for institutions.", "inequality", id="opposite-in-prefix-dropped"),
    pytest.param(SESSION, "The General Assembly requests the Commission on Science and Technology for Development "
                 "to submit its report before its twenty-eighth session.", "after", id="opposite-before-after"),
    pytest.param(HEALTH, "The General Assembly reaffirms the ambition to strengthen health systems and achieve "
                 "partial health coverage.", "partial", id="quantifier-universal-partial"),
    pytest.param(REMAIN, "We reject deeply concerned that one third of the world's population remains "
                 "food-insecure.", "reject", id="verb-after-we"),
    pytest.param(STAKEHOLDERS, "The General Assembly stresses the need for the full involvement of all Governments "
                 "and other all stakeholders in the work of the Forum.", "relevant", id="scope-relevant-to-all"),
    pytest.param(GROUPS, "The General Assembly calls upon all countries to encourage the inclusiveness of "
                 "innovation for persons in rural areas, and for young people and landlocked developing countries "
                 "in the review.", "with disabilities", id="scope-post-modifier-dropped"),
    pytest.param(GROUPS, "The General Assembly calls upon all countries to encourage the inclusiveness of "
                 "innovation for persons with disabilities in rural areas, and for people and landlocked developing "
                 "countries in the review.", "young", id="scope-young-people"),
    pytest.param(GROUPS, "The General Assembly calls upon all countries to encourage the inclusiveness of "
                 "innovation for persons with disabilities in rural areas, and for young people and developing "
                 "countries in the review.", "landlocked", id="scope-landlocked-dropped"),
    pytest.param(GIRLS, "Redouble our efforts to achieve gender equality and the empowerment of all women.", "girls",
                 id="scope-and-girls-cut-off"),
    pytest.param(FOCUSED, "The General Assembly calls upon all stakeholders to keep the goal of bridging all "
                 "digital divides and to report on progress.", "particularly", id="scope-focus-dropped"),
    pytest.param(ASIDE, "The General Assembly encourages all stakeholders to extend affordable broadband to rural "
                 "communities.", "in particular", id="scope-quote-stops-before-in-particular"),
    # a full run of the independent adversary (27 of 1,483 accepted before these)
    pytest.param(ODA, "The General Assembly welcomes the commitment by most developing countries to reach the goal "
                 "of 0.7 per cent of gross national income for official development assistance to least developed "
                 "countries.", "developed", id="opposite-counted-where-the-paragraph-has-both"),
    pytest.param(PLEASED, "We are deeply pleased that the digital divide persists between and within countries.",
                 "pleased", id="attitude-concerned-to-pleased"),
    pytest.param(LIST, "The General Assembly calls for more effective participation by stakeholders from African "
                 "countries, the developing countries.", "landlocked", id="scope-list-cut-to-another-group"),
    pytest.param(LIST, "The General Assembly calls for more effective participation by stakeholders from African "
                 "countries, the least developed countries, landlocked developing countries and developing "
                 "countries.", "countries", id="scope-group-noun-swapped"),
    pytest.param(FINANCE, "Countries should have access to finance to pursue their objectives of sustainable "
                 "development.", "developing", id="scope-modifier-before-the-quote-left-out"),
    pytest.param(YOUTH, "Create decent jobs, and establish and ensure people’s access to universal social "
                 "protection.", "young", id="scope-modifier-of-a-possessive-group"),
    # dropped meaning words
    pytest.param(MOBILE, "78 per cent of women aged 10 and over worldwide use a mobile phone.", "only",
                 id="dropped-only-before-a-quote"),
    pytest.param(NON, "The General Assembly encourages governmental organizations to contribute to the review of "
                 "the outcomes.", "non-governmental", id="dropped-non"),
    pytest.param(ONLY, "The General Assembly notes that half of the population of least developed countries uses "
                 "the Internet.", "only", id="dropped-only"),
    pytest.param(YET, "The General Assembly notes with concern that many schools are connected to the Internet.",
                 "yet", id="dropped-not-yet"),
]


def _paragraph(where) -> Paragraph:
    return seed(where) if isinstance(where, str) else where


@pytest.mark.parametrize(("where", "claim", "named"), UNSUPPORTED_CASES)
def test_one_changed_word_is_unsupported_and_named(where, claim, named):
    result = verify_claim(claim, _paragraph(where))
    assert result.status == UNSUPPORTED, result
    assert named in " ".join(result.differences), result.differences


FAITHFUL_CASES = [
    pytest.param("26", f"The Council takes note with appreciation of the {P26}.", id="verbatim-framed"),
    pytest.param("26", "The Council took note with appreciation of the reports of the Working Group on "
                 "improvements to the Internet Governance Forum.", id="inflection-took-reports"),
    pytest.param("29", f"All stakeholders are urged {P29}.", id="passive-addressee"),
    pytest.param("9", "The Council notes with great concern that many developing countries lack low-cost access "
                 "to information and communication technologies.", id="wordnet-low-cost"),
    pytest.param("29", f"The Council urges all stakeholders {P29_END.replace('ensure', 'guarantee')}.",
                 id="wordnet-guarantee"),
    pytest.param("31", "The Council urges all countries to make concrete endeavours to fulfil their commitments "
                 "under the Monterrey Consensus of the International Conference on Financing for Development.",
                 id="wordnet-endeavours"),
    pytest.param(DIVIDES, "The General Assembly notes with concern that there are still significant digital "
                 "divides, such as between and within countries and between men and women.", id="reorder-pair"),
    pytest.param(GIRLS, "Redouble our efforts to achieve gender equality and the empowerment of all girls and women.",
                 id="reorder-groups"),
    pytest.param(FOCUSED, "The General Assembly calls upon all stakeholders to keep the goal of bridging all digital "
                 "divides particularly in relation to ethnicity.", id="focus-kept"),
    pytest.param("12", "The Council recognizes that the transition to a mobile-led communications environment is "
                 "leading to important changes in operators' business models and that it requires significant "
                 "rethinking of the ways in which individuals and communities make use of networks and devices.",
                 id="wordnet-important"),
]


@pytest.mark.parametrize(("where", "claim"), FAITHFUL_CASES)
def test_faithful_rewording_stays_supported(where, claim):
    result = verify_claim(claim, _paragraph(where))
    assert result.status in (SUPPORTED, "quoted"), result


def test_contradiction_is_said_as_such():
    result = verify_claim(f"The Council urges all stakeholders {P29.replace('developing', 'developed')}.", seed("29"))
    assert "contradicts the paragraph: “developed” where it says “developing”" in result.differences


def test_unaccounted_word_says_what_the_paragraph_has():
    result = verify_claim(f"The Council rejects the {P26}.", seed("26"))
    assert result.differences == ("“rejects” is not in the paragraph; it says “Takes note with appreciation”",)


def test_opposites_table_has_a_source_for_every_pair():
    rows = [r for r in (lexical._DATA / "opposites.tsv").read_text(encoding="utf-8").splitlines()
            if r and not r.startswith("#")]
    assert rows and all(len(r.split("\t")) == 3 and r.split("\t")[2].strip() for r in rows)
    assert lexical.opposes("developed", "developing") and lexical.opposes("maximize", "minimize")
    assert not lexical.same_meaning("developed", "developing")


def test_wordnet_missing_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("WSIS_WORDNET_DIR", str(tmp_path))
    with pytest.raises(WordNetMissing, match="wordnet-base"):
        source_dir()


def test_nltk_data_layout_has_lexnames(tmp_path):
    folder = build_nltk_data(tmp_path)
    lines = (folder / "lexnames").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 45 and lines[3].split("\t") == ["03", "noun.Tops", "1"]
    assert (folder / "data.noun").is_file() and not (folder / "data.noun").is_symlink()


def test_answer_and_ui_show_the_words_the_paragraph_does_not_have():
    from assistant.ui.answers import citation_view
    from assistant.verify import verify_answer

    verified = verify_answer(f"The Council rejects the {P26} [1].", [seed("26")])
    assert verified.n_supported == 0 and "[unsupported]" in verified.text
    (citation,) = verified.citations
    assert "“rejects” is not in the paragraph" in " ".join(citation.differences)
    view = citation_view(citation, "What did the Council do with the report?")
    assert "rejects" in view.status and "not supported" in view.status
