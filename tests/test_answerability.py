"""Answerability: answer types, judgement questions, unknown terms, named paragraphs, the fitted score.

Pure parts are table tests on small strings and hand-made paragraphs; the
end-to-end cases run the real assistant on the real seed index.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from assistant import answer_types as at
from assistant.answerability import FEATURES, Clause, Context, Model, _type_held, assess, question_terms
from assistant.types import Hit
from index.paragraph import OPERATIVE, Paragraph
from index.text import tokenize

PROJECT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param("Who chairs the working group on data governance?", at.WHO, id="who"),
        pytest.param("Which body is responsible for the system-wide follow-up?", at.WHO, id="which-body"),
        pytest.param("How many experts sit on the panel?", at.QUANTITY, id="how-many"),
        pytest.param("How much money was pledged to the fund?", at.QUANTITY, id="how-much"),
        pytest.param("What percentage of people use the Internet?", at.QUANTITY, id="what-percentage"),
        pytest.param("When will the review take place?", at.WHEN, id="when"),
        pytest.param("On what exact dates will the meeting be held?", at.WHEN, id="exact-dates"),
        pytest.param("In what year was the Forum first convened?", at.WHEN, id="what-year"),
        pytest.param("By when should the targets be met?", at.WHEN, id="by-when"),
        pytest.param("Where was the Forum held in 2012?", at.WHERE, id="where"),
        pytest.param("Which country hosted the Forum?", at.COUNTRY, id="which-country"),
        pytest.param("¿En qué año empezó el Consejo a alentar la participación?", at.WHEN, id="es-year"),
        pytest.param("Combien de personnes utilisent Internet ?", at.QUANTITY, id="fr-combien"),
        pytest.param("What does the Compact say about data?", at.GENERIC, id="statement"),
        pytest.param("Is the outcome worried about how much power data centres use?", at.GENERIC,
                     id="yes-no-embedding-how-much"),
        pytest.param("Do the resolutions say anything about firms paying taxes where they make money?", at.GENERIC,
                     id="yes-no-embedding-where"),
        pytest.param("Est-ce que le Pacte parle des câbles sous-marins ?", at.GENERIC, id="fr-yes-no"),
        pytest.param("Back in 2012, what share of people had a mobile phone?", at.QUANTITY,
                     id="a-lead-in-is-no-yes-no"),
        pytest.param("What is the annual budget of the Office?", at.QUANTITY, id="what-is-the-budget"),
        pytest.param("What is the role of the Office?", at.GENERIC, id="what-is-the-role"),
        pytest.param("What was the theme of the 2019 Forum?", at.THEME, id="theme"),
        pytest.param("Quel était le thème de la réunion tenue à Lillestrøm ?", at.THEME, id="fr-theme"),
        pytest.param("¿Con qué lema se celebró el Foro?", at.THEME, id="es-lema"),
    ],
)
def test_question_type(question, expected):
    assert at.question_type(question) == expected


@pytest.mark.parametrize(
    ("answer_type", "text", "held"),
    [
        pytest.param(at.WHEN, "to be held from 6 to 9 November 2012 in Baku", True, id="date-month"),
        pytest.param(at.WHEN, "requests the Secretary-General to report annually", True, id="date-period"),
        pytest.param(at.WHEN, "recalls its resolution 2006/46 on the follow-up", False, id="symbol-is-no-date"),
        pytest.param(at.QUANTITY, "some 4.9 billion people, or 63 per cent", True, id="quantity"),
        pytest.param(at.QUANTITY, "welcomes resolution 79/325 of 2024", False, id="symbol-and-year-no-quantity"),
        pytest.param(at.QUANTITY, "the Forum held on 1 September 2023", False, id="date-no-quantity"),
        pytest.param(at.WHERE, "held in Katowice, Poland", True, id="place"),
        pytest.param(at.WHERE, "stresses the importance of capacity-building", False, id="no-place"),
        pytest.param(at.COUNTRY, "thanks the Government of Azerbaijan", True, id="country"),
        pytest.param(at.COUNTRY, "thanks all Governments", False, id="no-country"),
        pytest.param(at.WHO, "requests the Secretary-General to submit a report", True, id="actor"),
        pytest.param(at.GENERIC, "anything at all", True, id="generic"),
    ],
)
def test_holds_type(answer_type, text, held):
    assert at.holds_type(answer_type, text) is held


@pytest.mark.parametrize(
    ("question", "text", "held"),
    [
        pytest.param("How much have donors pledged to the Fund?", "develop innovative voluntary financing options",
                     False, id="money-asked-none-written"),
        pytest.param("How much have donors pledged to the Fund?", "some 4.9 billion people, or 63 per cent", False,
                     id="money-asked-count-written"),
        pytest.param("How much money was mobilized?", "an estimated 100 billion United States dollars a year", True,
                     id="money-currency-name"),
        pytest.param("How much did the review cost?", "a budget of US$ 2.5 million", True, id="money-sign"),
        pytest.param("How much did the review cost?", "in line with SDG 9 and SDG 17", False,
                     id="goal-numbers-are-no-money"),
        pytest.param("¿Cuánto dinero se ha comprometido?", "contributions of 3 million Swiss francs", True,
                     id="es-money"),
        pytest.param("How much of the world's population is online?", "67 per cent of the world population", True,
                     id="how-much-share-is-no-money"),
        pytest.param("How many experts sit on the panel?", "40 independent experts", True, id="count-of-noun"),
        pytest.param("How many experts sit on the panel?", "a panel of 40 members", False, id="count-of-other-noun"),
        pytest.param("Who chairs the working group on data governance?",
                     "Decides to establish, under the Commission, a working group on data governance", False,
                     id="office-asked-body-that-sets-it-up"),
        pytest.param("Who chairs the working group on data governance?",
                     "the working group, to be chaired by the Chair of the Commission", True,
                     id="office-asked-office-named"),
        pytest.param("Who appointed the co-facilitators, at the request of the President of the General Assembly?",
                     "Requests the President of the General Assembly to appoint two co-facilitators", True,
                     id="named-president-is-no-asked-office"),
        pytest.param("On what exact dates will the plenary meeting be held?",
                     "a plenary meeting during the eighty-third session of the General Assembly", False,
                     id="a-day-asked-a-session-given"),
        pytest.param("On what dates will the plenary meeting be held?",
                     "the meeting will be held on 16 and 17 December 2025", True, id="a-day-asked-a-day-given"),
        pytest.param("¿En qué fechas se celebró el Foro?", "held from 19 to 23 March 2018", True, id="es-day-asked"),
        pytest.param("In what year was the Forum first convened?", "convened the Forum in 2006", True,
                     id="a-year-asked-a-year-given"),
        pytest.param("Whose head does the Council thank for the report?",
                     "Expressing its appreciation to the Secretary-General of the Conference for his role", True,
                     id="the-noun-head-is-no-asked-office"),
        pytest.param("Who heads the new office?", "Requests the Secretary-General to establish the office", False,
                     id="the-verb-heads-asks-the-office"),
    ],
)
def test_holds_answer_money_and_counts(question, text, held):
    """A "how much" about paying or giving wants a sum of money; any number does not answer it."""
    assert at.holds_answer(at.question_type(question), question, text) is held


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        pytest.param("Should my country sign the Convention against Cybercrime?", "advice", id="advice"),
        pytest.param("Do you think the Forum is worth attending?", "advice", id="advice-you"),
        pytest.param("Which country has done the best job of implementing the action lines?", "merit",
                     id="merit-best"),
        pytest.param("Is the IGF more useful than the WSIS Forum?", "merit", id="merit-comparison"),
        pytest.param("Will the world actually manage to connect everyone by 2030?", "forecast", id="forecast"),
        pytest.param("Is it likely that the targets will be met?", "forecast", id="forecast-likely"),
        pytest.param("Will the Compact be remembered as a turning point, or as empty promises?", "forecast",
                     id="forecast-how-history-judges"),
        pytest.param("Will the new office make a real difference for small islands?", "forecast",
                     id="forecast-make-a-difference"),
        pytest.param("Will the Forum meet again in 2026?", None, id="a-scheduled-meeting-is-a-fact"),
        pytest.param("What is promised about violence that happens online or gets worse because of it?", None,
                     id="a-change-described-is-no-merit"),
        pytest.param("Should governments run the Internet's technical side, or does ECOSOC see their role as "
                     "public policy?", None, id="advice-asked-of-a-body-is-its-view"),
        pytest.param("Should governments regulate AI, according to the Compact?", None,
                     id="advice-according-to-a-text"),
        pytest.param("What are the best practices for digital inclusion?", None, id="best-practices-is-a-topic"),
        pytest.param("When will the next review take place?", None, id="scheduled-future-is-a-fact"),
        pytest.param("What does the resolution say about broadband?", None, id="statement"),
        pytest.param("Do world leaders want a better yardstick of progress than the size of the economy?", None,
                     id="merit-word-reported-as-their-aim"),
        pytest.param("Is the Compact a better framework than the action lines?", "merit",
                     id="merit-better-than"),
    ],
)
def test_judgement_questions(question, kind):
    found = at.asks_for_judgement(question)
    assert (found.kind if found else None) == kind


# ------------------------------------------------------------------ assess on hand-made paragraphs


def _p(loc: str, text: str, chapeau: str = "") -> Paragraph:
    return Paragraph(symbol="E/RES/2030/1", loc=loc, kind=OPERATIVE, text=text, order=int(loc) if loc.isdigit() else 0,
                     chapeau=chapeau, body="Economic and Social Council", date="2030-07-01")


PARAS = {
    "1": _p("1", "Decides to establish a working group on data governance under the Commission, to report in 2032"),
    "2": _p("2", "Expresses its appreciation to the Government of Finland for hosting the Forum in Helsinki"),
    "3": _p("3", "Requests the Secretary-General to submit an annual report on satellites and connectivity"),
    "4": _p("4", "Decides that the working group on data governance will work in the non\u2011commercial domain"),
}
VOCAB = {"decid", "establish", "work", "group", "data", "govern", "commiss", "report", "2032", "express",
         "appreci", "finland", "host", "forum", "helsinki", "request", "secretary-gener", "secretari",
         "gener", "submit", "annual", "satellit", "connect", "chair", "council", "2031", "nairobi", "theme",
         "domain", "commerci"}


def _ctx() -> Context:
    return Context(df=lambda t: 1 if t in VOCAB else 0, idf=lambda t: 1.0)


# A judge that answers unless a rule of the table fired: these tests check what each rule looks up and
# says; how much a rule's hit weighs is learned (scripts/train_judge.py), not set here.
ALWAYS = Model(features=FEATURES, mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES),
               coef=tuple(-50.0 if f.startswith("rule_") else 0.0 for f in FEATURES), intercept=5.0, threshold=0.5)


def _hits(*locs: str, via: str = "hybrid") -> list[Hit]:
    return [Hit(paragraph=PARAS[loc], score=1.0, via=via) for loc in locs]


@pytest.mark.parametrize(
    ("question", "hits", "answerable", "kind"),
    [
        pytest.param("What working group did the Council establish?", _hits("1", "2"), True, "", id="answerable"),
        pytest.param("What does the Council say about net neutrality in Xanadu?", _hits("1"), False, "unknown_term",
                     id="unknown-name"),
        pytest.param("Should my country join the working group?", _hits("1"), False, "judgement", id="advice"),
        pytest.param("What does paragraph 3 say about satellites?", _hits("3", via="reference"), True, "",
                     id="named-paragraph-on-topic"),
        pytest.param("What does paragraph 2 say about satellites?", _hits("2", via="reference"), False,
                     "reference_mismatch", id="named-paragraph-off-topic"),
        pytest.param("What was the theme of the Forum held in Nairobi?", _hits("2"), False, "missing_name",
                     id="place-the-passages-do-not-name"),
        pytest.param("What was the theme of the Forum held in Helsinki?", _hits("2"), True, "",
                     id="place-the-passage-names"),
        pytest.param("Why did the Council abolish the working group on data governance?", _hits("1"), False,
                     "premise", id="why-premise-in-words-the-documents-never-use"),
        pytest.param("Why did the Council ask Finland to chair the working group on data governance?", _hits("1"),
                     False, "premise", id="why-premise-name-not-in-the-answering-paragraph"),
        pytest.param("Why did the Council establish a working group on data governance?", _hits("1"), True, "",
                     id="why-premise-the-paragraph-holds"),
        pytest.param("Why does the working group on data governance work in the commercial domain?", _hits("4"), False,
                     "premise", id="why-premise-the-paragraph-negates"),
    ],
)
def test_assess_rules(question, hits, answerable, kind):
    result = assess(question, "en", hits, _ctx(), ALWAYS)
    assert result.answerable is answerable, result.reason
    assert result.kind == kind


@pytest.mark.parametrize(
    ("question", "feature", "value"),
    [
        pytest.param("How much money has Finland contributed to the Forum?", "type_held", 0.0,
                     id="quantity-missing"),
        pytest.param("Where was the Forum hosted?", "type_held", 1.0, id="place-present"),
        pytest.param("When will the working group on data governance report?", "type_held", 1.0, id="date-present"),
        pytest.param("What did the Council decide on data governance in 2031?", "missing_number", 1.0,
                     id="year-missing"),
        pytest.param("What did the Council decide about Helsinki data governance?", "missing_name", 1.0,
                     id="name-missing-from-passages"),
        pytest.param("What has the Council decided on data governance since 2031?", "missing_number", 0.0,
                     id="a-year-bounding-a-span-is-not-asked"),
        pytest.param("Who chairs the working group on data governance?", "ask_missing", 0.2,
                     id="the-asked-word-is-the-one-missing"),
        pytest.param("Who chairs the working group on data governance?", "type_held", 0.0,
                     id="an-office-asked-no-passage-names"),
    ],
)
def test_assess_features(question, feature, value):
    hits = _hits("1", "2") if "Helsinki" not in question else _hits("1", "3")
    result = assess(question, "en", hits, _ctx(), ALWAYS)
    assert result.features[feature] == value


@pytest.mark.parametrize(
    ("phrases", "acronym", "expansion"),
    [
        pytest.param(["the United Nations Conference on Trade and Development"] * 2, "UNCTAD",
                     "United Nations Conference on Trade and Development", id="stop-word-gives-a-letter"),
        pytest.param(["the International Telecommunication Union"] * 3, "ITU", "International Telecommunication Union",
                     id="three-letters-repeated"),
        pytest.param(["the International Telecommunication Union"] * 2, "ITU", "", id="short-and-seen-too-rarely"),
        pytest.param(["the Geneva Declaration of Principles"] * 4, "GDPR", "", id="no-extra-letter-for-four"),
        pytest.param(["contributions of non-governmental organizations"] * 3, "NGOs",
                     "non governmental organizations", id="lower-case-phrase"),
        pytest.param(["efforts undertaken by all"] * 5, "EU", "", id="two-letters-never-from-common-words"),
        pytest.param(["ICTs for development"] * 2, "ICT4D",
                     "ICT for development", id="a-digit-read-as-a-word"),
    ],
)
def test_acronyms_spelled_out_by_the_corpus(phrases, acronym, expansion):
    from assistant.acronyms import Acronyms

    paragraphs = [_p(str(i + 1), f"Welcomes the work of {phrase}") for i, phrase in enumerate(phrases)]
    assert Acronyms([], paragraphs).expansion(acronym) == expansion


def test_an_acronym_the_corpus_spells_out_is_no_unknown_name():
    from assistant.acronyms import Acronyms

    paras = [_p(str(i), "Welcomes the report of the Office for Digital and Emerging Technologies") for i in (1, 2)]
    acronyms = Acronyms([], paras)
    vocab = {"offic", "digit", "emerg", "technolog", "report", "welcom"}
    ctx = Context(df=lambda t: 1 if t in vocab else 0, idf=lambda t: 1.0, expand=acronyms.expansion)
    hits = [Hit(paragraph=p, score=1.0) for p in paras]
    result = assess("What did ODET report?", "en", hits, ctx, ALWAYS)
    assert result.answerable, result.reason
    assert result.features["missing_name"] == 0.0


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        pytest.param("What does the EU AI Act require of providers?", ["EU AI Act"], id="act-with-acronyms"),
        pytest.param("Does the Digital Services Act apply to platforms?", ["Digital Services Act"],
                     id="known-words-unknown-name"),
        pytest.param("What did the UN Summit of the Future decide?", [], id="leading-acronym-dropped"),
        pytest.param("What did the UNGIS's Summit of the Future decide?", [], id="leading-possessive-acronym-dropped"),
        pytest.param("What does the Summit of the Future say about data?", [], id="known-name"),
        pytest.param("What does the Convention say?", [], id="one-word-is-too-generic"),
        pytest.param("What does the Global Digital Compact say?", [], id="no-instrument-head"),
        pytest.param("What period does the United Nations Development Programme's Digital Strategy cover?", [],
                     id="owner-named-before-a-known-instrument"),
        pytest.param("What does the Development Programme's Data Strategy cover?",
                     ["Development Programme's Data Strategy"], id="owner-named-before-an-unknown-instrument"),
    ],
)
def test_unknown_named_instruments(question, unknown):
    from assistant.answerability import _unknown_instruments

    written = "the summit of the future adopted the pact; the convention against cybercrime; its digital strategy"
    ctx = Context(df=lambda t: 1, idf=lambda t: 1.0, phrase_known=lambda ph: ph.lower() in written)
    assert _unknown_instruments(question, ctx) == unknown


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        pytest.param("What do the resolutions say about net neutrality?", ["net neutrality"],
                     id="known-words-never-together"),
        pytest.param("What do the resolutions say about the gender divide?", [], id="words-written-together"),
        pytest.param("What do the resolutions say about net connectivity?", [], id="no-rare-word"),
        pytest.param("What do the resolutions say about cyber security?", [], id="written-as-one-word"),
        pytest.param("What position do the resolutions take on net neutrality?", ["net neutrality"],
                     id="position-on-topic"),
        pytest.param("Do the resolutions mention net neutrality?", ["net neutrality"], id="mention-topic"),
        pytest.param("Does any resolution deal with net neutrality?", ["net neutrality"], id="deal-with-topic"),
        pytest.param("Do the resolutions mention the gender divide?", [], id="mention-known-topic"),
        pytest.param("What do the resolutions say about net neutrality, such as zero-rating offers by mobile "
                     "operators?", ["net neutrality"], id="examples-are-not-the-topic"),
    ],
)
def test_two_word_topic_the_documents_never_put_together(question, unknown):
    from assistant.answerability import _unknown_topic

    df = {"net": 10, "neutral": 1, "gender": 2, "divid": 2, "connect": 50, "cyber": 2, "secur": 90, "cybersecur": 4}
    together = {frozenset({"gender", "divid"})}
    ctx = Context(df=lambda t: df.get(t, 0), idf=lambda t: 1.0, near=lambda stems: frozenset(stems) in together)
    assert _unknown_topic(question, "en", ctx) == unknown


@pytest.mark.parametrize(
    ("question", "names"),
    [
        pytest.param("How did the list change between its 2024 and 2025 WSIS resolutions?", [],
                     id="a-name-describing-the-documents"),
        pytest.param("What did the GA's ICT resolution say about UNCTAD?", ["UNCTAD"], id="the-asked-name-stays"),
        pytest.param("What did the WSIS Forum discuss?", ["WSIS", "Forum"], id="a-name-of-a-meeting"),
        pytest.param("How many pledges did the ITU's Partner2Connect coalition get?", ["ITU", "Partner2Connect"],
                     id="a-name-with-a-digit-inside"),
        pytest.param("Quel était le thème du Forum tenu à Lillestrøm, selon la résolution de l'Assemblée générale "
                     "sur les TIC ?", ["Forum", "Lillestrøm"], id="a-name-ending-a-resolutions-title"),
        pytest.param("What did the Council's resolution on WSIS say about UNCTAD?", ["UNCTAD"],
                     id="resolution-on-names-the-document"),
        pytest.param("What does the resolution say about ITU?", ["ITU"], id="say-about-is-the-ask"),
    ],
)
def test_names_the_question_relies_on(question, names):
    from assistant.answerability import _names

    assert _names(question) == names


def test_a_feature_a_question_cannot_have_reads_as_the_fitted_mean():
    model = Model(features=("a", "b"), mean=(0.4, 0.0), scale=(0.2, 1.0), coef=(2.0, 1.0), intercept=0.0,
                  threshold=0.5)
    assert model.probability({"a": None, "b": 1.0}) == model.probability({"a": 0.4, "b": 1.0})


def test_question_terms_drop_asking_words_and_references():
    terms = question_terms("What does paragraph 12 of E/RES/2012/5 say about satellites?", "en")
    assert terms == ["satellit"]


# ------------------------------------------------------------------ the fitted model


def test_model_reads_checked_in_file():
    model = Model.load()
    assert model.features == FEATURES and 0.0 < model.threshold < 1.0
    assert len(model.coef) == len(FEATURES)


# ------------------------------------------------------------------ end to end on the seed


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        pytest.param("What does the Council note about the regional commissions?", True, id="answerable"),
        pytest.param("Should my country follow the regional commissions?", False, id="advice"),
        pytest.param("What does the resolution say about cryptocurrencies?", False, id="topic-never-covered"),
        pytest.param("What does paragraph 3 say about satellites?", False, id="named-paragraph-off-topic"),
    ],
)
def test_seed_answers_and_abstentions(seed_assistant, question, answered):
    answer = seed_assistant.ask(question)
    assert answer.abstained is (not answered), (answer.text, answer.notes)
    if not answered:
        assert answer.hits, "an abstention still shows the closest passages"
        assert answer.text.startswith("The indexed documents do not")


def test_rebuild_between_retrieval_and_glossary_lookup(seed_settings, monkeypatch):
    """A build that replaces the index mid-question: the question finishes on the snapshot it started with."""
    from assistant.assistant import Assistant
    from index import store

    assistant = Assistant(seed_settings)
    loaded = assistant.loaded()
    original = loaded.retriever.search

    def search_then_rebuild(*args, **kwargs):
        result = original(*args, **kwargs)
        manifest = seed_settings.index_dir / store.MANIFEST
        later = time.time() + 5
        os.utime(manifest, (later, later))  # what a finished build's atomic switch looks like to readers
        assert assistant._index.is_stale()
        return result

    monkeypatch.setattr(loaded.retriever, "search", search_then_rebuild)
    answer = assistant.ask("What is UNGIS?")
    assert answer.citations and not answer.abstained
    assert assistant.loaded() is not loaded  # the next question reloads


@pytest.mark.parametrize(
    ("question", "language", "unknown"),
    [
        pytest.param("What did the Forum in Zanzibar decide?", "en", ["Zanzibar"], id="english-name-unknown"),
        pytest.param("¿Qué decidió el Foro celebrado en Katowice (Polonia)?", "es", [],
                     id="spanish-country-name-not-judged"),
        pytest.param("Que dit le rapport de la CNUCED ?", "fr", ["CNUCED"], id="acronym-judged-in-any-language"),
        pytest.param("What do the resolutions say about switching off 2G and 3G networks?", "en", ["2G", "3G"],
                     id="code-of-letters-and-digits-is-a-name"),
        pytest.param("¿Qué dicen sobre las redes 6G?", "es", ["6G"], id="code-judged-in-any-language"),
    ],
)
def test_unknown_names_across_languages(question, language, unknown):
    """A name is spelled per language ("Polonia", "Pologne", "Poland"), and most documents are indexed in
    English only: in a French or Spanish question only acronyms are judged unknown by spelling."""
    from assistant.answerability import _unknown_specifics

    known = {"forum", "foro", "katowic", "decid", "rapport", "dit"}
    ctx = Context(df=lambda t: 1 if t in known else 0, idf=lambda t: 1.0)
    assert _unknown_specifics(question, language, ctx) == unknown


def test_a_place_named_by_a_passage_in_another_language_is_not_missing():
    """A Spanish question about the Forum "celebrado en Helsinki": the English paragraph that names Helsinki
    counts, although the Spanish passage found does not name it (the answer then quotes the English one)."""
    from dataclasses import replace

    from assistant.answerability import _missing_places

    spanish = replace(_p("9", "Acoge con beneplácito el Foro celebrado en Nairobi"), language="es")
    question = "¿Cuál fue el lema del Foro celebrado en Helsinki?"
    both = [Hit(paragraph=spanish, score=1.0), Hit(paragraph=PARAS["2"], score=0.9)]
    assert _missing_places(question, "es", both) == []
    assert _missing_places(question, "es", both[:1]) == ["Helsinki"]
    assert _missing_places(question, "es", both[1:]) == []  # no Spanish passage: not judged


@pytest.mark.parametrize(
    ("question", "ordinals", "numbers"),
    [
        pytest.param("What were the themes of the 28th session?", [28], [], id="en-th"),
        pytest.param("Quels étaient les thèmes de la 28e session ?", [28], [], id="fr-e"),
        pytest.param("¿Cuáles eran los temas del 28.º período de sesiones?", [28], [], id="es-masculine-ordinal"),
        pytest.param("How many of the 40 experts met in 2025?", [], ["40", "2025"], id="cardinals-stay-numbers"),
    ],
)
def test_ordinals_in_figures(question, ordinals, numbers):
    from assistant.answerability import _numbers
    from assistant.answerability import ordinals as read_ordinals

    assert read_ordinals(question) == ordinals
    assert _numbers(question) == numbers


@pytest.mark.parametrize(
    ("text", "held"),
    [
        pytest.param("looking forward to the twenty-eighth session of the Commission", True, id="en-words"),
        pytest.param("la vingt-huitième session de la Commission", True, id="fr-words"),
        pytest.param("el vigésimo octavo período de sesiones", True, id="es-words"),
        pytest.param("the 28th session", True, id="figures"),
        pytest.param("the twenty-seventh session, 28 delegations", False, id="another-ordinal"),
    ],
)
def test_an_ordinal_is_held_in_words_or_figures(text, held):
    from assistant.answerability import holds_ordinal

    assert holds_ordinal(text.lower(), 28) is held


def test_an_ordinal_the_passages_lack_is_a_missing_number():
    """The 28th session's themes are in a paragraph that writes "twenty-eighth"; the 31st's are nowhere."""
    text = ("Looking forward to the twenty-eighth session, which will have as priority themes "
            "“Diversifying economies” and “Technology foresight”,")
    for n, missing in ((28, 0.0), (31, 1.0)):
        result = assess(f"What were the priority themes of the {n}th session?", "en", [Hit(_p("20", text), 1.0)],
                        _ctx(), ALWAYS)
        assert result.features["missing_number"] == missing


def test_a_word_with_no_known_translation_is_not_counted_missing():
    """French "commissions" stems to "comm", which the corpus's lexicon cannot pair with an English stem:
    an English passage about the regional commissions is judged on the words that can be translated."""
    text = "Notes the implementation of the outcomes at the regional level facilitated by the regional commissions;"
    known = {"régional": ["region"]}

    def translate(terms, source, target):
        return [m for t in terms for m in known.get(t, [])]

    result = assess("Que dit la résolution sur les commissions régionales ?", "fr", [Hit(_p("3", text), 1.0)], _ctx(),
                    ALWAYS, translate=translate)
    assert result.features["ask_missing"] == 0.0
    assert result.features["best_coverage"] == 1.0


@pytest.mark.parametrize(
    ("text", "held"),
    [
        pytest.param("held in Lillestrøm, Norway, in 2025 under the theme “Building governance together”", True,
                     id="under-the-theme"),
        pytest.param("which will have as priority themes “Diversifying economies” and “Technology foresight”", True,
                     id="priority-themes"),
        pytest.param("sous le thème « Bâtir la gouvernance ensemble »", True, id="fr-theme"),
        pytest.param("the Forum held in Geneva from 8 to 12 April 2019", False, id="a-meeting-without-its-theme"),
        pytest.param("the themes of the Forum were discussed", False, id="the-word-without-a-title"),
        pytest.param("the final report of the Body, entitled Governing Artificial Intelligence for Humanity", True,
                     id="a-report-title-unquoted-after-entitled"),
    ],
)
def test_a_theme_is_a_quoted_title(text, held):
    assert at.holds_type(at.THEME, text) is held


def test_several_asked_types_in_their_order():
    assert at.question_types("¿En qué fechas y con qué lema se celebró el Foro de 2018?") == [at.WHEN, at.THEME]
    assert at.question_types("How long was the meeting to last, and on which dates?") == [at.QUANTITY, at.WHEN]


def test_an_acronym_of_a_question_not_in_english_is_not_judged_from_the_passages():
    """"la UIT" against Spanish passages naming "la Unión Internacional de Telecomunicaciones": acronyms are
    written per language and spelled out in English only, so only a name can be missing there."""
    from dataclasses import replace

    from assistant.answerability import evidence

    passage = replace(_p("5", "Recuerda el Foro organizado por la Unión Internacional de Telecomunicaciones en 2021"),
                      language="es")
    stems = {"uit": 20, "foro": 40, "organiz": 60, "union": 50, "internacional": 70, "telecomun": 30, "kigali": 3}
    ctx = Context(df=lambda t: stems.get(t, 0), idf=lambda t: 1.0)
    features, _ = evidence("¿Qué foro organizó la UIT?", "es", [Hit(passage, 1.0)], ctx)
    assert features["missing_name"] == 0.0
    features, _ = evidence("¿Qué foro organizó la UIT en Kigali?", "es", [Hit(passage, 1.0)], ctx)
    assert features["missing_name"] == 1.0  # a name, in passages of the question's language


def _clause(loc: str, score: float) -> Clause:
    return Clause(PARAS[loc], PARAS[loc].text, similarity=score, coverage=score, hit_rank=0)


@pytest.mark.parametrize(
    ("clauses", "held"),
    [
        pytest.param([("1", 0.8), ("2", 0.4)], 1.0, id="the-best-clause-holds-the-date"),
        pytest.param([("2", 0.8), ("1", 0.4)], 0.5, id="a-date-only-in-a-clause-half-as-close"),
        pytest.param([("2", 0.8), ("4", 0.8), ("2", 0.8), ("1", 0.8)], 0.5, id="further-down-half-credit"),
        pytest.param([("2", 0.8), ("4", 0.4)], 0.0, id="no-clause-holds-a-date"),
    ],
)
def test_the_asked_type_counts_where_the_answer_would_be(clauses, held):
    """A date in an off-topic recital does not answer "when" for the clause on the asked topic: the clause
    holding it counts by how close it scores to the best one (`_type_held`)."""
    question = "When will the working group on satellites report?"
    assert _type_held(at.WHEN, question, [_clause(loc, s) for loc, s in clauses]) == pytest.approx(held)


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        pytest.param("What does the Pact for the Future say about debt?", True, id="what-does-it-say"),
        pytest.param("Tell me about e-waste.", True, id="tell-me-about"),
        pytest.param("Does ECOSOC want the data published openly?", False, id="yes-no"),
        pytest.param("When will the review take place?", False, id="asks-a-date"),
        pytest.param("How many experts sit on the panel?", False, id="asks-a-number"),
    ],
)
def test_a_question_asking_what_the_documents_say(question, overview):
    """Such a question is answered by every paragraph that says it (`assistant.OVERVIEW_CITATIONS`)."""
    assert at.asks_overview(question) is overview


@pytest.mark.parametrize(
    ("title", "missing"),
    [
        pytest.param("Information and communications technologies for development", 0.0,
                     id="the-title-spells-the-acronym-out"),
        pytest.param("", 1.0, id="no-title-no-acronym"),
    ],
)
def test_a_name_of_the_document_is_held_by_its_title(title, missing):
    """"The ICT for development resolution": the passages found never write "ICT", but their resolution's title spells
    it out, so the name the question describes the document by is held, not missing."""
    from dataclasses import replace as with_

    paragraph = with_(PARAS["3"], title=title)
    ctx = Context(df=lambda t: 1 if t in VOCAB | {"ict"} else 0, idf=lambda t: 1.0,
                  acronym_tokens={"ict": frozenset(tokenize("information communications technologies", "en"))})
    result = assess("What did the Council's ICT for development resolution ask about satellites?", "en",
                    [Hit(paragraph=paragraph, score=1.0, via="hybrid")], ctx, ALWAYS)
    assert result.features["missing_name"] == missing


@pytest.mark.parametrize(
    ("question", "held"),
    [
        pytest.param("What was the theme of the Forum in Katowice?", 1.0, id="the-clause-names-the-place"),
        pytest.param("What was the theme of the Forum in Berlin?", 0.0, id="the-theme-of-another-city"),
        pytest.param("What was the theme of the Forum?", 1.0, id="no-place-named"),
    ],
)
def test_the_asked_type_counts_only_where_the_named_place_is(question, held):
    """The theme of the meeting in Katowice does not answer "the theme of the Forum in Berlin"."""
    katowice = _p("5", "Notes the holding of the Forum in Katowice, Poland, under the theme “Internet united”")
    berlin = _p("6", "Recalls the meetings of the Forum held in Paris in 2018 and in Berlin in 2019")
    clauses = [Clause(p, p.text, similarity=0.7, coverage=0.7, hit_rank=0) for p in (katowice, berlin)]
    assert _type_held(at.THEME, question, clauses) == pytest.approx(held)


@pytest.mark.parametrize(
    ("question", "unindexed"),
    [
        pytest.param("What does resolution 78/132 ask of Member States?", ["A/RES/78/132"], id="ga-number-alone"),
        pytest.param("What does A/RES/80/173 say about the Forum?", [], id="an-indexed-symbol"),
        pytest.param("What did the Council decide in E/RES/2019/24?", ["E/RES/2019/24"], id="ecosoc-symbol"),
        pytest.param("What do the documents say about e-waste?", [], id="no-document-named"),
    ],
)
def test_a_document_the_index_does_not_hold(question, unindexed):
    from assistant.answerability import _unindexed_documents

    ctx = Context(df=lambda _: 1, idf=lambda _: 1.0, indexed_symbols=frozenset({"A/RES/80/173", "E/RES/2025/18"}))
    assert _unindexed_documents(question, ctx) == unindexed
    # without a list of indexed documents (a bare test context) nothing is called unindexed
    assert _unindexed_documents(question, Context(df=lambda _: 1, idf=lambda _: 1.0)) == []
