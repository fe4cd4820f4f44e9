"""Do the passages found answer the question?  One calibrated score from evidence about the question.

Similarity alone cannot decide this: a question about a detail the documents
lack ("Who chairs the CSTD working group on data governance?") lands on the
paragraph about that working group with a high similarity, precisely because
the corpus talks about it.  The decision is taken at the level of the clause
that would answer, from evidence about the question:

- **the answer type is there**: who → an actor, when → a date, where → a
  place, how many / how much → a quantity, which country → a country name
  (`assistant.answer_types`), in the clauses that best match the question;
- **the specific ask is supported**: the share of the question's words (idf
  weighted) that the best clause contains, and the clause's embedding
  similarity to the question;
- **specifics the question relies on are in the passages**: numbers and years,
  names and acronyms;
- **words the documents never use**: the idf-weighted share of the question's
  words that occur nowhere in the index.

These features, the retrieval's own scores and the hits of the rule table
(`RULES`: named lookups such as a name the index has nowhere or a place no
passage names, each with its message) are combined by a logistic regression,
the judge, trained by `scripts/train_judge.py` on the question bank's real
answerable and unanswerable questions (`scripts/data/bank/`), its threshold set
on the bank's validation part (`assistant/data/answerability.json`, regenerated
exactly by the script).  No rule decides alone: when the judge abstains, the
first rule that fired gives the message.  A question that names a paragraph
or a document is a lookup: what the index lacks, or a named paragraph that
does not mention what is asked, decides it (`_assess_reference`).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant import answer_types
from assistant.acronyms import ACRONYM_PATTERN
from assistant.extractive import pieces, verb_parts
from assistant.question import parse_question, strip_references
from assistant.types import Hit
from index.paragraph import Paragraph
from index.text import tokenize

MODEL_PATH = Path(__file__).resolve().parent / "data" / "answerability.json"
TOP_HITS = 5  # passages whose clauses are scored
CLAUSES_PER_PASSAGE = 5  # the first few verb-led parts of each (a question's answer is rarely in the 9th)
TYPE_CLAUSES = 3  # the answer type should be in one of the best this-many clauses (half credit up to twice that)
EVIDENCE_FEATURES = (
    "best_similarity",
    "best_coverage",
    "paragraph_coverage",
    "type_held",
    "missing_number",
    "missing_name",
    "known_coverage",
    "ask_missing",
)
RETRIEVAL_FEATURES = ("dense_top", "dense_gap", "keyword_top")
# the question alone, read by a linear model over its embedding (`QuestionPrior`): does it ask for
# something of the kind the documents hold? Learned from the bank, where the near misses ask for a
# chair, a sum, a vote count; its value is the model's log-odds
PRIOR_FEATURES = ("question_prior",)
MAX_TOPIC_TERMS = 3  # a topic named in a few words ("net neutrality"), not a description in everyday words
RARE_NAME_MISSING_DF = 2  # a name this rare, absent from every passage found: the passages are about something else
RARE_TOPIC_DF = 3  # a word this rare in a two-word topic: the pair must occur together somewhere
# "What do the resolutions say about X?": when words the documents never use carry at least this
# share (idf-weighted) of X, the documents do not cover X at all.
UNKNOWN_TOPIC_SHARE = 0.5
# Where a question names its topic: "say about X", "regarding X", "the position on X", "mention X" …
_ABOUT_RE = re.compile(
    r"\b(?:about|regarding|concerning|on the (?:topic|subject|issue) of|"
    r"(?:say|says|said|take|takes|took|position|positions|stance|view|views|anything|something|nothing|line)\s+on|"
    r"(?:mention|mentions|mentioned|address|addresses|addressed|cover|covers|covered|discuss|discusses|discussed)|"
    r"(?:refer|refers|referred|deal|deals|dealt)\s+(?:to|with))\s+(?P<topic>[^?.!]+)",
    re.I)
_EXAMPLES_RE = re.compile(r"\b(?:like|such as|e\.g\.|for example|for instance|including|especially)\b", re.I)
_DETERMINER_RE = re.compile(r"^(?:the|a|an|any|some|this|these|those)\s+", re.I)

# The vocabulary of asking, not of any topic: interrogatives, verbs of saying
# and finding, words that point at the documents themselves.  (Stop words are
# removed by the tokenizer.)
_ASKING_WORDS = (
    "what which who whom whose when where why how many much does do did say says said tell show find give "
    "mention mentions mentioned state states stated according anything something there any regard regarding "
    "about concerning resolution resolutions document documents text texts paragraph paragraphs para "
    "provision provisions language wording me please exactly roughly approximately "
    # asking about change over time ("how has … evolved since 2018")
    "change changed changes evolve evolved evolution shift shifted over years time since between"
)
# The same vocabulary in the other languages questions are read in (interrogatives, verbs of saying).
_ASKING_WORDS_IN = {
    "fr": "que quoi quel quelle quels quelles qui quand où comment combien pourquoi dit disent dire déclare "
          "déclarent mentionne mentionnent évoque évoquent prévoit prévoient selon propos concernant sujet "
          "résolution résolutions document documents texte textes paragraphe paragraphes est-ce",
    "es": "qué cuál cuáles quién quiénes cuándo dónde cómo cuánto cuánta cuántos cuántas dice dicen decir "
          "declara declaran menciona mencionan prevé prevén según acerca respecto resolución resoluciones "
          "documento documentos texto textos párrafo párrafos",
}
# UN bodies a question names as the speaker ("What does the Council note?"); domain knowledge.
_SPEAKER_WORDS = "council assembly general economic social ecosoc united nations un member"
_ACRONYM_NAME_RE = re.compile(ACRONYM_PATTERN)
# Inner capitals or digits ("GovStack", "Partner2Connect"), acronyms, capitalized words; "WSIS+20" whole.
# Codes of letters and digits are names too ("5G", "G20"): a question relying on one the documents never
# write ("2G networks") asks about something they do not cover.
_CODE_RE = re.compile(r"\d+[A-Z][A-Za-z\d]*|[A-Z]\d+[A-Za-z\d]*")
_NAME_RE = re.compile(
    rf"(?<![\w'’])(?:[A-Z][a-z]+[A-Z\d]\w*|[A-Z]{{2,}}\w*|{_CODE_RE.pattern}|[A-Z][a-zà-ÿ]+)(?:[+-]\d+)?"
)
# A number the question asks about; not "20-year", "WSIS+20", "9.c" or a document number.
_NUMBER_RE = re.compile(r"(?<![\w/.+])\d[\d,.]*\d(?![\w/-])|(?<![\w/.+])\d(?![\w/.-])")
# An ordinal in figures ("28th", "28e", "28.º"): the documents write sessions and meetings in words
# ("twenty-eighth session", "vingt-huitième session"), so it is held by either spelling.
_ORDINAL_RE = re.compile(r"(?<![\w/.+])(\d{1,3})(?:st|nd|rd|th|e|er|re|ère|ème|eme|\.?[ºª°])(?![\w])", re.I)
ORDINAL_LANGUAGES = ("en", "fr", "es")  # the languages whose questions are read, and num2words spells
RARE_NAME_DF = 30  # a name found in at most this many paragraphs is specific enough to be missed


@lru_cache(maxsize=8)
def _frame(language: str) -> frozenset[str]:
    from index.verbs import OPERATIVE_VERBS

    words = f"{_ASKING_WORDS} {_SPEAKER_WORDS} {' '.join(OPERATIVE_VERBS)}"
    own = _ASKING_WORDS_IN.get(language, "")
    return frozenset(tokenize(words, "en")) | frozenset(tokenize(f"{words} {own}", language))


@dataclass(frozen=True)
class Clause:
    paragraph: Paragraph
    text: str
    similarity: float
    coverage: float
    hit_rank: int

    @property
    def score(self) -> float:
        return 0.5 * self.similarity + 0.5 * self.coverage


@dataclass(frozen=True)
class Assessment:
    answerable: bool
    probability: float
    reason: str  # why it abstains ("" when it answers)
    kind: str = ""  # judgement | unknown_term | missing_name | premise | reference_mismatch | score
    answer_type: str = answer_types.GENERIC
    features: dict[str, float] = field(default_factory=dict)
    clauses: tuple[Clause, ...] = ()  # best first
    unknown_terms: tuple[str, ...] = ()
    uncovered_part: str = ""  # a part of the question no clause answers (multi-part questions)
    rules: tuple[str, ...] = ()  # the rule table's entries that fired (features of the judge)


@dataclass(frozen=True)
class QuestionPrior:
    """A logistic model over the question's embedding alone (the index's model, normalized).

    Why: the clause evidence compares the question with what was found; what kind of thing the
    question asks for ("who chaired", "how much was pledged") is evidence of its own, and the bank's
    hundreds of written near misses teach it better than a list of asking words would.
    """

    coef: tuple[float, ...]
    intercept: float

    def logit(self, vector: np.ndarray) -> float:
        return float(np.dot(np.asarray(self.coef, dtype=np.float64), vector) + self.intercept)


@dataclass(frozen=True)
class Model:
    """Standardized linear model over named features, fitted by a script and kept as JSON.

    The answerability score is its logistic probability against the operating
    threshold; the reranker (`assistant.rerank`, pairwise, no intercept) orders
    candidates by its linear part alone.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float = 0.0
    threshold: float = 0.5
    target: str = ""
    prior: QuestionPrior | None = None  # the judge's `question_prior` feature (None: read as its mean)

    def linear(self, values: dict[str, float | None]) -> float:
        z = 0.0
        for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            value = values.get(name, 0.0)
            if value is None:
                continue  # a feature this question cannot have (see `evidence`): read as the fitted mean
            z += c * (value - m) / (s or 1.0)
        return z

    def probability(self, values: dict[str, float | None]) -> float:
        return 1.0 / (1.0 + math.exp(-(self.intercept + self.linear(values))))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        prior = data.get("question_prior")
        return cls(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(data["coef"]),
            intercept=float(data.get("intercept", cls.intercept)),
            threshold=float(data.get("threshold", cls.threshold)),
            target=data.get("target", ""),
            prior=QuestionPrior(tuple(prior["coef"]), float(prior["intercept"])) if prior else None,
        )


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    return Model.load() if MODEL_PATH.exists() else None


# ------------------------------------------------------------------ clauses


def paragraph_clauses(p: Paragraph, max_words: int = 60) -> list[str]:
    """The clauses of a paragraph a question can be answered from: verb-led parts, long ones by sentence."""
    out: list[str] = []
    for part in verb_parts(p.text) or [p.text]:
        if len(part.split()) <= max_words:
            out.append(part)
            continue
        chunk: list[str] = []  # a long part is scored by its pieces: one vector for 200 words says little
        for piece in pieces(part):
            chunk.append(piece)
            if sum(len(c.split()) for c in chunk) >= 25:
                out.append(" ".join(chunk))
                chunk = []
        if chunk:
            out.append(" ".join(chunk))
    return list(dict.fromkeys(c for c in out if c.strip()))


class ClauseEncoder:
    """Embeds clauses with the index's model, each text once (LRU-ish cache), in one batch per question."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], cache_size: int = 20000):
        self._encode = encode
        self._cache: dict[str, np.ndarray] = {}
        self._size = cache_size
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            encoded = self._encode(missing)
            with self._lock:
                if len(self._cache) + len(missing) > self._size:
                    self._cache.clear()
                for t, v in zip(missing, encoded, strict=True):
                    self._cache[t] = v
        with self._lock:
            return [self._cache[t] for t in texts]


# ------------------------------------------------------------------ evidence


def question_terms(question: str, language: str) -> list[str]:
    """The question's own content stems: references to documents and paragraphs, asking words removed."""
    frame = _frame(language)
    return [t for t in dict.fromkeys(tokenize(strip_references(question), language)) if t not in frame]


_DESCRIBES_DOCUMENT_RE = re.compile(
    r"(?:’s|'s)?(?:\s+(?:19|20)\d\d)?\s+(?:[A-Z]{2,}\w*\s+)?(?:resolutions?|r[ée]solutions?|resoluci[óo]n(?:es)?|"
    r"reviews?|outcomes?(?:\s+documents?)?|documents?|process)\b",
    re.I)
# ... and a name that ends a resolution's title: "la résolution de l'Assemblée générale sur les TIC",
# "the Council's resolution on WSIS" (the name says which document, not what is asked).
_DOCUMENT_ON_RE = re.compile(
    r"\b(?:resolutions?|r[ée]solutions?|resoluci[óo]n(?:es)?)"
    r"(?:[\s'’]+(?:of|de|del|du|des|the|la|le|les|l|its|sa|su|General|Assembly|Assembl[ée]e|g[ée]n[ée]rale|"
    r"Asamblea|Council|Conseil|Consejo|ECOSOC|(?:19|20)\d\d))*"
    r"\s+(?:on|sur|sobre)\s+(?:(?:the|les|la|le|las|los|el)\s+|l['’])?$",
    re.I)


def _names(question: str) -> list[str]:
    """Names and acronyms the question relies on (not its first word, not the speaker bodies)."""
    text = strip_references(question)
    out = []
    for m in _NAME_RE.finditer(text):
        word = m.group(0)
        before = text[: m.start()].rstrip()
        if (not before or before[-1] in ".?!¿¡:\"“") and not re.fullmatch(r"[A-Z]{2,}\w*", word):
            continue  # a capital that only starts the sentence
        if _DESCRIBES_DOCUMENT_RE.match(text, m.end()) or _DOCUMENT_ON_RE.search(text[: m.start()]):
            continue  # "its 2024 WSIS resolutions", "the ICT resolution": which documents, not what is asked
        out.append(word)
    return list(dict.fromkeys(out))


def _spelled_alike(name: str) -> bool:
    """An acronym or a code ("ITU", "5G"): written the same in every language, unlike "Polonia"."""
    return bool(_ACRONYM_NAME_RE.fullmatch(name) or _CODE_RE.fullmatch(name))


def _judged_here(name: str, language: str, passages: Sequence[Paragraph]) -> bool:
    """Whether the passages can tell that `name` is missing from them.

    Names are spelled per language ("Polonia", "Poland"), acronyms too ("TIC" and "ICT", "CNUCED" and
    "UNCTAD", "UIT" and "ITU", "CMSI" and "WSIS"), and the corpus spells acronyms out in English only:
    in a question not in English an acronym is not judged from the passages (`_unknown_specifics` still
    judges one that no paragraph writes), nor a name when a passage is in another language.  A code
    ("5G") is written alike everywhere.
    """
    if language == "en" or _CODE_RE.fullmatch(name):
        return True
    if _ACRONYM_NAME_RE.fullmatch(name):
        return False
    return all(p.language == language for p in passages)


def _numbers(question: str) -> list[str]:
    """Numbers written as figures; an ordinal ("28.º") is not one (`ordinals`)."""
    text = _ORDINAL_RE.sub(" ", strip_references(question))
    return list(dict.fromkeys(_NUMBER_RE.findall(text)))


def ordinals(question: str) -> list[int]:
    """The ordinals a question writes in figures: "the 28th session", "la 28e session", "el 28.º período"."""
    return list(dict.fromkeys(int(m.group(1)) for m in _ORDINAL_RE.finditer(strip_references(question))))


@lru_cache(maxsize=1024)
def ordinal_spellings(n: int) -> tuple[str, ...]:
    """How the documents may write the n-th: in figures or in words, in each language read."""
    from num2words import num2words

    words = {num2words(n, to="ordinal", lang=lang).lower() for lang in ORDINAL_LANGUAGES}
    return (num2words(n, to="ordinal_num", lang="en"), *sorted(words))


def holds_ordinal(lowered_text: str, n: int) -> bool:
    """Does the text write the n-th ("twenty-eighth", "vingt-huitième", "28th")?"""
    return any(mentions(lowered_text, spelling) for spelling in ordinal_spellings(n))


# A year that bounds a span of time ("since 2015", "between 2018 and 2021") is not a fact the answer must hold.
_RANGE_YEARS_RE = re.compile(
    r"\b(?:since|from|after|before|until|till|between|depuis|desde|entre)\s+((?:19|20)\d\d)"
    r"(?:\s*(?:and|to|-|–|et|y|a)\s*((?:19|20)\d\d))?", re.I)


def span_years(question: str) -> set[str]:
    """Years that bound a span of time in the question ("since 2015", "between 2018 and 2021")."""
    return {y for m in _RANGE_YEARS_RE.finditer(question) for y in m.groups() if y}


def named_year(question: str) -> int | None:
    """The one year a question names as a fact ("Back in 2012, …"), not as a span's bound; else None."""
    from assistant.question import understand

    years = {y for y in understand(question).refs.years if str(y) not in span_years(question)}
    return years.pop() if len(years) == 1 else None


def _asked_numbers(question: str) -> list[str]:
    bounds = span_years(question)
    return [n for n in _numbers(question) if n not in bounds]


def mentions(lowered_text: str, name: str) -> bool:
    """`name` written as a word of the text ("ITU" is not in "institutions")."""
    return re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered_text) is not None


def _coverage(terms: Sequence[str], weights: dict[str, float], tokens: set[str]) -> float:
    total = sum(weights[t] for t in terms)
    return sum(weights[t] for t in terms if t in tokens) / total if total else 1.0


@dataclass
class Context:
    """What the assessor needs from a loaded index (kept small so tests can build one by hand)."""

    df: Callable[[str], int]
    idf: Callable[[str], float]
    encoder: ClauseEncoder | None = None
    glossary_terms: frozenset[str] = frozenset()  # lower-cased acronyms and expansion words
    # acronym -> its spelled-out name, from the glossary or the corpus ("UNCTAD"; `assistant.acronyms`)
    expand: Callable[[str], str] | None = None
    document_years: frozenset[str] = frozenset()  # years of the indexed documents ("the 2017 resolution")
    indexed_symbols: frozenset[str] = frozenset()  # the documents the index holds ("A/RES/80/173")
    phrase_known: Callable[[str], bool] | None = None  # does an indexed paragraph write this phrase?
    near: Callable[[Sequence[str]], bool] | None = None  # do these stems occur within a few words of each other?
    # acronym token -> tokens of its spelled-out form: a clause saying "Internet Governance Forum" covers "IGF"
    acronym_tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    question: str = ""  # the question `acronym_tokens` was extended for (`for_question`)

    def with_acronyms(self, tokens: set[str]) -> set[str]:
        """`tokens` plus the acronyms whose spelled-out words they all contain."""
        extra = {a for a, words in self.acronym_tokens.items() if words and words <= tokens}
        return tokens | extra if extra else tokens

    def spelled_out(self, name: str) -> str:
        return self.expand(name) if self.expand is not None and _ACRONYM_NAME_RE.fullmatch(name) else ""

    def for_question(self, question: str) -> Context:
        """This context, also knowing the spelled-out words of the question's acronyms the glossary lacks."""
        if self.question == question:
            return self  # already extended (`assess` extends it, then hands it to `evidence`)
        extra = {}
        for name in _names(question):
            token = name.lower()
            if token not in self.acronym_tokens and (expansion := self.spelled_out(name)):
                words = frozenset(tokenize(expansion)) - _frame("en")
                if words:
                    extra[token] = words
                    extra[token.rstrip("s")] = words
        return replace(self, acronym_tokens={**self.acronym_tokens, **extra}, question=question)


def _paragraph_tokens(p: Paragraph) -> set[str]:
    return set(tokenize(f"{p.chapeau} {p.text}", p.language))


def assess(
    question: str,
    language: str,
    hits: Sequence[Hit],
    ctx: Context,
    model: Model | None = None,
    translate: Callable[[list[str], str, str], list[str]] | None = None,
) -> Assessment:
    """Answer or abstain: the learned judge over `evidence` and the rule table's lookups.

    A question naming a paragraph or document (a direct hit) is a lookup and
    keeps its own checks (`_assess_reference`); every other question is decided
    by the judge's probability alone, the rules' hits being among its features.
    """
    model = model if model is not None else default_model()
    answer_type = answer_types.question_type(question)
    terms = question_terms(question, language)
    ctx = ctx.for_question(question)
    direct = [h for h in hits if h.via not in ("hybrid",)]
    if not hits:
        for rule, found in fired_rules(Probe(question, language, (), ctx, ()), ("question",)):
            return Assessment(False, 0.0, rule.message(found), rule.kind, answer_type, unknown_terms=found.terms)
        return Assessment(False, 0.0, "nothing in the indexed documents matches the question", "score", answer_type)
    features, clauses = evidence(question, language, hits, ctx, terms, answer_type, translate)
    probe = Probe(question, language, tuple(hits), ctx, clauses)
    fired = fired_rules(probe, () if not direct else ("question",))
    if direct:
        for rule, found in fired:  # a lookup named by the question: what the index lacks decides
            return Assessment(False, 0.0, rule.message(found), rule.kind, answer_type, features, clauses,
                              unknown_terms=found.terms)
        return _assess_reference(question, language, direct, terms, ctx, answer_type, features, clauses, translate)
    features.update(judge_features(hits, {rule.name for rule, _ in fired}))
    features["question_prior"] = question_prior(question, ctx, model)
    probability = model.probability(features) if model else 1.0
    threshold = model.threshold if model else 0.0
    if probability < threshold:
        if fired:
            rule, found = fired[0]
            return Assessment(False, probability, rule.message(found), rule.kind, answer_type, features, clauses,
                              unknown_terms=found.terms, rules=tuple(r.name for r, _ in fired))
        return Assessment(False, probability, _score_reason(features, answer_type, question), "score", answer_type,
                          features, clauses)
    return Assessment(True, probability, "", "", answer_type, features, clauses,
                      uncovered_part=_uncovered_part(question, clauses), rules=tuple(r.name for r, _ in fired))


def question_prior(question: str, ctx: Context, model: Model | None) -> float | None:
    """The judge's reading of the question alone (`QuestionPrior`); None without a model or an encoder."""
    if model is None or model.prior is None or ctx.encoder is None:
        return None
    return model.prior.logit(ctx.encoder.vectors([question])[0])


def judge_features(hits: Sequence[Hit], fired: set[str]) -> dict[str, float]:
    """The retrieval's own scores and the rule table's hits, beside `evidence`'s features."""
    dense = [h.dense_similarity for h in hits[:TOP_HITS] if h.dense_similarity is not None]
    keyword = [h.keyword_score for h in hits[:TOP_HITS] if h.keyword_score is not None]
    out = {
        "dense_top": max(dense) if dense else 0.0,
        "dense_gap": (max(dense) - min(dense)) if len(dense) > 1 else 0.0,
        "keyword_top": math.log1p(max(keyword)) if keyword else 0.0,
    }
    out.update({f"rule_{rule.name}": float(rule.name in fired) for rule in RULES})
    return out


# ------------------------------------------------------------------ the rule table


@dataclass(frozen=True)
class Probe:
    """What a rule may look at: the question and the passages found, with the index's statistics."""

    question: str
    language: str
    hits: tuple[Hit, ...]
    ctx: Context
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Found:
    """A rule's hit: the words it found missing (for the abstention's message), or why it spoke."""

    terms: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Rule:
    """One hand-written check: a lookup in the index or a reading of what is asked.

    It does not decide alone: its hit is a feature of the judge, and its message
    is the abstention's when the judge abstains.  `scripts/train_judge.py` counts
    its hits on the bank's train and validation parts (`assistant/data/rule_hits.json`);
    a rule that fires on fewer than three train questions leaves the table.
    """

    name: str
    kind: str  # Assessment.kind when its message speaks
    serves: str  # the class of questions it is for
    stage: str  # "question": reads the question and the index; "passages": also the passages found
    check: Callable[[Probe], Found | None]
    template: str

    def message(self, found: Found) -> str:
        return self.template.format(terms=", ".join(found.terms), reason=found.reason)


def _judgement_check(kind: str) -> Callable[[Probe], Found | None]:
    def check(probe: Probe) -> Found | None:
        judged = answer_types.asks_for_judgement(probe.question)
        return Found(reason=judged.reason) if judged is not None and judged.kind == kind else None
    return check


def _terms_check(find: Callable[[Probe], list[str]]) -> Callable[[Probe], Found | None]:
    def check(probe: Probe) -> Found | None:
        found = find(probe)
        return Found(terms=tuple(found)) if found else None
    return check


_NOT_SAID = "the documents do not answer this: {reason}"
_NOT_MENTIONED = "the indexed documents do not mention {terms}"
RULES: tuple[Rule, ...] = (
    Rule("advice", "judgement", "advice asked of the documents ('should my country …')", "question",
         _judgement_check("advice"), _NOT_SAID),
    Rule("merit", "judgement", "a judgement of merit ('was it a success', 'the best …')", "question",
         _judgement_check("merit"), _NOT_SAID),
    Rule("forecast", "judgement", "a prediction ('will the IGF still exist in 2040')", "question",
         _judgement_check("forecast"), _NOT_SAID),
    Rule("unknown_specific", "unknown_term", "a name, acronym, code or number the index has nowhere", "question",
         _terms_check(lambda p: _unknown_specifics(p.question, p.language, p.ctx)), _NOT_MENTIONED),
    Rule("unknown_instrument", "unknown_term", "an instrument (an Act, a Convention …) the documents never name",
         "question", _terms_check(lambda p: _unknown_instruments(p.question, p.ctx)), _NOT_MENTIONED),
    Rule("unknown_topic", "unknown_term", "a topic in a few words the documents never put together", "question",
         _terms_check(lambda p: _unknown_topic(p.question, p.language, p.ctx)), _NOT_MENTIONED),
    Rule("unindexed_document", "unknown_term", "a document named by its symbol or number that the index does not hold",
         "question", _terms_check(lambda p: _unindexed_documents(p.question, p.ctx)),
         "the indexed documents do not include {terms}"),
    Rule("premise", "premise", "'why did …' questions taking for granted what no passage found says", "passages",
         _terms_check(lambda p: _premise_names_missing(p.question, p.language, p.clauses, p.ctx)),
         "the question takes for granted what no passage found says ({terms})"),
    Rule("missing_rare_name", "missing_name", "a rare name of the question no passage found mentions", "passages",
         _terms_check(lambda p: _missing_rare_names(p.question, p.language, p.hits, p.ctx)),
         "no passage found mentions {terms}"),
    Rule("missing_place", "missing_name", "a place the question names that no passage found names", "passages",
         _terms_check(lambda p: _missing_places(p.question, p.language, p.hits)), "no passage found mentions {terms}"),
)


FEATURES = EVIDENCE_FEATURES + RETRIEVAL_FEATURES + PRIOR_FEATURES + tuple(f"rule_{rule.name}" for rule in RULES)


def fired_rules(probe: Probe, stages: Sequence[str] = ()) -> list[tuple[Rule, Found]]:
    """The rules of `stages` (all when empty) that fire on `probe`, in the table's order."""
    out = []
    for rule in RULES:
        if stages and rule.stage not in stages:
            continue
        found = rule.check(probe)
        if found is not None:
            out.append((rule, found))
    return out


def _uncovered_part(question: str, clauses: Sequence[Clause]) -> str:
    """For a question asking several things ("where and when"), the asked type no answering clause holds."""
    types = answer_types.question_types(question)
    best = [c.text for c in clauses[: 2 * TYPE_CLAUSES]]
    missing = [t for t in types[1:] if not any(answer_types.holds_type(t, c) for c in best)]
    return ", ".join(answer_types.TYPE_NAMES.get(t, t) for t in missing)


def _unknown_specifics(question: str, language: str, ctx: Context) -> list[str]:
    """Names, acronyms and numbers of the question that occur nowhere in the index (nor in the glossary)."""
    out = []
    for name in _names(question):
        toks = tokenize(name, language) or tokenize(name, "en")
        if not toks or name.lower() in ctx.glossary_terms:
            continue
        if language != "en" and not _spelled_alike(name):
            continue  # "Polonia", "Pologne": a name is spelled per language, and many documents are English only
        if ctx.spelled_out(name):
            continue  # an abbreviation of words the documents spell out ("UNCTAD", "NGOs")
        if all(ctx.df(t) == 0 for t in toks):
            out.append(name)
    for number in _numbers(question):
        if len(number) >= 3 and ctx.df(number) == 0 and ctx.df(number.replace(",", "")) == 0:
            out.append(number)
    return out


def _held_by(paragraphs: Sequence[Paragraph], ctx: Context) -> tuple[str, set[str]]:
    """The lower-cased text and the tokens of `paragraphs` (acronyms they spell out included), with the
    titles of their documents: a passage speaks within its resolution, so "the 2019 ICT resolution"
    names what the title "Information and communications technologies for …" spells out."""
    titles = list(dict.fromkeys(p.title for p in paragraphs if p.title))
    text = " ".join([*(f"{p.chapeau} {p.text}" for p in paragraphs), *titles]).lower()
    tokens: set[str] = set()
    for p in paragraphs:
        tokens |= _paragraph_tokens(p) | set(tokenize(p.title, p.language))
    return text, ctx.with_acronyms(tokens)


def _name_tokens(name: str, language: str) -> list[str]:
    return [t for t in tokenize(name, language) if t not in _frame(language)]


def _missing_rare_names(question: str, language: str, hits: Sequence[Hit], ctx: Context) -> list[str]:
    """Rare names of the question (in at most `RARE_NAME_MISSING_DF` paragraphs) that no top passage holds."""
    top = [h.paragraph for h in hits[:TOP_HITS]]
    raw, found = _held_by(top, ctx)
    out = []
    for name in _names(question):
        toks = _name_tokens(name, language)
        if not toks or any(ctx.df(t) == 0 or ctx.df(t) > RARE_NAME_MISSING_DF for t in toks):
            continue
        if ctx.spelled_out(name) or not _judged_here(name, language, top):
            continue  # a rare acronym of a body the documents name in full ("ITU"): not rare, a topic word
        if mentions(raw, name) or any(t in found for t in toks):
            continue
        out.append(name)
    return out


def _missing_places(question: str, language: str, hits: Sequence[Hit]) -> list[str]:
    """Places the question names that no top passage names (a conference held elsewhere).

    Judged only when some top passage is in the question's language (a city may be spelled
    otherwise in another); a passage in another language that names the place counts, and the
    answer then quotes a passage that names it (`assistant.assistant.ranked_clauses`).
    """
    top = [h.paragraph for h in hits[:TOP_HITS]]
    if not any(p.language == language for p in top):
        return []
    raw = " ".join(f"{p.chapeau} {p.text}" for p in top).lower()
    return [pl for pl in _asked_places(question) if not mentions(raw, pl)]


def _asked_places(question: str) -> list[str]:
    return answer_types.places_in(strip_references(question))


def _clause_text(c: Clause) -> str:
    """A clause as it reads in its paragraph (a sub-paragraph led by its chapeau's last words), lower-cased."""
    return f"{_chapeau_tail(c.paragraph)} {c.text}".lower()


_WHY_RE = re.compile(r"^\s*(?:and\s+)?(?:why|pourquoi|por\s*qu[ée])\b", re.I)


def _premise_names_missing(question: str, language: str, clauses: Sequence[Clause], ctx: Context) -> list[str]:
    """Names and words in the premise of a why-question that the best answering paragraph does not hold.

    "Why did the outcome move the secretariat from DESA to the ITU?" takes a
    fact for granted; when the paragraph that best answers it does not name
    the ITU, or the premise uses a word the documents never use ("abolish"),
    the documents do not record that fact (a false premise), and explaining
    the paragraph found would endorse it.
    """
    if not _WHY_RE.match(question) or not clauses:
        return []
    never = [w for w in re.findall(r"[\w’'-]+", strip_references(question))
             if (toks := [t for t in tokenize(w, language) if t not in _frame(language)])
             and all(ctx.df(t) == 0 for t in toks) and not ctx.spelled_out(w) and w.lower() not in ctx.glossary_terms]
    if never:
        return never  # the premise says something in words the documents never use ("abolish", "wind up")
    best = clauses[0].paragraph
    if best.language != language:
        return []
    raw, found = _held_by([best], ctx)
    negated = _only_negated(question, raw)
    if negated:
        return negated  # "Why does the Compact cover military uses?" of a text "in the non-military domain"
    out = []
    for name in _names(question):
        toks = _name_tokens(name, language)
        if toks and _judged_here(name, language, [best]) and not mentions(raw, name) and not all(
                t in found for t in toks):
            out.append(name)
    return out


_NEGATED_PREFIX = "non[-\u2010\u2011]"  # "non-military", with a hyphen or its non-breaking forms


def _only_negated(question: str, lowered_text: str) -> list[str]:
    """Words of the question that the text writes only negated ("military": only as "non-military")."""
    out = []
    for word in dict.fromkeys(re.findall(r"[a-z][\w-]{3,}", strip_references(question).lower())):
        if word.startswith("non"):
            continue
        negated = re.search(rf"\b{_NEGATED_PREFIX}{re.escape(word)}\b", lowered_text)
        plain = re.search(rf"(?<![\w\-\u2010\u2011]){re.escape(word)}\b", lowered_text)
        if negated and not plain:
            out.append(word)
    return out


# The last word of a named instrument or event ("the Digital Services Act", "the AI Action Summit"):
# domain vocabulary of treaties, meetings and programmes, not of any topic.
_INSTRUMENT_HEADS = (
    "Act|Acts|Convention|Treaty|Agreement|Accord|Declaration|Summit|Conference|Protocol|Charter|Strategy|"
    "Initiative|Framework|Regulation|Directive|Law|Week|Plan|Programme|Program|Roadmap|Road Map|Principles|Code"
)
_INSTRUMENT_RE = re.compile(
    r"(?<![\w-])((?:[A-Z][\w’'-]*\s+(?:(?:of|on|for|the|and|against|in)\s+)*)+"
    rf"(?:{_INSTRUMENT_HEADS})"
    r"(?:\s+(?:of|on|for|against|in)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?)"  # "… of the Future"
    r"(?:’s|'s)?(?![\w-])"
)


def _unindexed_documents(question: str, ctx: Context) -> list[str]:
    """The documents the question names as its speaker ("what does resolution 78/213 say") that the index
    lacks.  Often a paragraph recalls them (and answers "for how long did 70/125 extend the mandate"), so
    this is evidence for the judge, not a veto."""
    if not ctx.indexed_symbols:
        return []
    return [s for s in parse_question(question).symbols if s not in ctx.indexed_symbols]


def _unknown_instruments(question: str, ctx: Context) -> list[str]:
    """Named instruments and events ("the EU AI Act", "the AI Action Summit") no indexed paragraph names.

    Every word may be known ("Digital", "Services", "Act") while the name is
    not: the name is looked up as a phrase.  Leading acronyms are dropped one
    by one ("UN Summit of the Future" is the "Summit of the Future"); a name
    of a single word before its head is too generic to judge ("the Convention").
    """
    if ctx.phrase_known is None:
        return []
    out = []
    for m in _INSTRUMENT_RE.finditer(strip_references(question)):
        words = m.group(1).split()
        while words and all(t in _frame("en") for t in tokenize(words[0], "en")):
            words = words[1:]  # "Does the …", "Under the …": the question's own words, not the name's
        candidates = []
        owned = next((words[i + 1:] for i, w in enumerate(words) if w.endswith(("’s", "'s"))), [])
        while len(words) >= 2:
            candidates.append(" ".join(words))
            if not re.fullmatch(r"(?:[A-Z]{2,}s?|[A-Z][a-z]?[A-Z]\w*)(?:’s|'s)?", words[0]):
                break
            words = words[1:]
        if len(owned) >= 2:
            candidates.append(" ".join(owned))  # "the Development Programme's Digital Strategy": its name
        if candidates and not any(ctx.phrase_known(c) for c in candidates):
            out.append(candidates[0])
    return out


def _unknown_topic(question: str, language: str, ctx: Context) -> list[str]:
    """The "about X" of a question when X is mostly words the documents never use (["net neutrality"])."""
    m = _ABOUT_RE.search(strip_references(question))
    if not m:
        return []
    # "cryptocurrencies like bitcoin": the examples illustrate the topic, they are not part of its name
    topic = _DETERMINER_RE.sub("", _EXAMPLES_RE.split(m.group("topic"), maxsplit=1)[0].strip(" ,;"))
    terms = [t for t in dict.fromkeys(tokenize(topic, language)) if t not in _frame(language)]
    if not terms or len(terms) > MAX_TOPIC_TERMS or any(t in ctx.glossary_terms for t in terms):
        return []
    if any(ctx.spelled_out(w.strip(",;:")) for w in topic.split()):
        return []  # an acronym the documents spell out ("ICT4D")
    weights = {t: ctx.idf(t) for t in terms}
    total = sum(weights.values())
    unknown = sum(w for t, w in weights.items() if ctx.df(t) == 0)
    if total and unknown / total >= UNKNOWN_TOPIC_SHARE:
        return [topic]
    # A two-word term of known words the documents never put together ("net neutrality": "net" as in
    # net-zero, "neutrality" as in carbon neutrality): the concept is not covered.
    if (len(terms) == 2 and ctx.near is not None and min(ctx.df(t) for t in terms) <= RARE_TOPIC_DF
            and not ctx.near(terms) and not _written_as_one_word(topic, language, ctx)):
        return [topic]
    return []


def _written_as_one_word(topic: str, language: str, ctx: Context) -> bool:
    """"cyber security" where the documents write "cybersecurity" (or "cyber-security")."""
    words = re.findall(r"[\w’'-]+", topic)
    return any((toks := tokenize(joiner.join(words), language)) and all(ctx.df(t) > 0 for t in toks)
               and len(toks) == 1 for joiner in ("", "-"))


def evidence(
    question: str,
    language: str,
    hits: Sequence[Hit],
    ctx: Context,
    terms: list[str] | None = None,
    answer_type: str | None = None,
    translate: Callable[[list[str], str, str], list[str]] | None = None,
) -> tuple[dict[str, float], tuple[Clause, ...]]:
    """The feature values (`FEATURES`) and the scored clauses of the top passages, best first."""
    terms = terms if terms is not None else question_terms(question, language)
    ctx = ctx.for_question(question)
    answer_type = answer_type or answer_types.question_type(question)
    weights = {t: ctx.idf(t) for t in terms}
    top = list(hits[:TOP_HITS])

    def terms_for(p: Paragraph) -> tuple[list[str], dict[str, float]]:
        if p.language == language or translate is None:
            return terms, weights
        # a word with no known translation is left out: the passage's language cannot be searched for it
        mapped = translate(terms, language, p.language) or terms
        return mapped, {t: ctx.idf(t) for t in mapped}

    texts: list[tuple[int, Paragraph, str]] = []
    for rank, h in enumerate(top):
        for c in paragraph_clauses(h.paragraph)[:CLAUSES_PER_PASSAGE]:
            texts.append((rank, h.paragraph, c))
    sims: list[float]
    if ctx.encoder is not None and texts:
        qv = ctx.encoder.vectors([question])[0]
        vecs = ctx.encoder.vectors([t for _, _, t in texts])
        sims = [float(v @ qv) for v in vecs]
    else:
        sims = [0.0] * len(texts)
    clauses = []
    paragraph_cov = 0.0
    known_cov = 0.0
    for h in top:
        p_terms, p_weights = terms_for(h.paragraph)
        toks = ctx.with_acronyms(_paragraph_tokens(h.paragraph))
        paragraph_cov = max(paragraph_cov, _coverage(p_terms, p_weights, toks))
        known = [t for t in p_terms if ctx.df(t) > 0]
        known_cov = max(known_cov, _coverage(known, p_weights, toks) if known else 1.0)
    for (rank, p, text), sim in zip(texts, sims, strict=True):
        p_terms, p_weights = terms_for(p)
        toks = ctx.with_acronyms(set(tokenize(f"{_chapeau_tail(p)} {text}", p.language)))
        clauses.append(Clause(p, text, sim, _coverage(p_terms, p_weights, toks), rank))
    clauses.sort(key=lambda c: (-c.score, c.hit_rank))

    passages = [h.paragraph for h in top]
    # every token of the passages and their titles, with each acronym they spell out
    raw, found_tokens = _held_by(passages, ctx)
    doc_years = {str(h.paragraph.year) for h in top} | set(ctx.document_years)
    missing_number = any(
        n not in doc_years and not re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d])", raw)
        for n in _asked_numbers(question)
    ) or any(not holds_ordinal(raw, n) for n in ordinals(question))
    missing_name = False
    for name in _names(question):
        if not _judged_here(name, language, passages):
            continue
        toks = _name_tokens(name, language)
        if not toks or any(ctx.df(t) == 0 or ctx.df(t) > RARE_NAME_DF for t in toks):
            continue  # unknown (a rule decides those) or common: a topic word, not a specific to hold
        # found_tokens holds an acronym wherever a passage spells it out (Context.with_acronyms)
        if not any(t in found_tokens for t in toks) and not mentions(raw, name):
            missing_name = True
    missing_name = missing_name or _missing_place(question, language, clauses[: 2 * TYPE_CLAUSES])
    best = clauses[0] if clauses else None
    ask_missing = _largest_missing_share(clauses[:TYPE_CLAUSES], terms, weights, ctx, language, translate)
    type_held = 1.0
    if answer_type != answer_types.GENERIC:
        type_held = _type_held(answer_type, question, clauses, language)
    features = {
        # MiniLM is an English model: a French question against an English clause says little by its
        # vector, so the similarity is left out (None: the model reads the fitted mean) rather than low
        "best_similarity": (best.similarity if best.paragraph.language == language else None) if best else 0.0,
        "best_coverage": best.coverage if best else 0.0,
        "paragraph_coverage": paragraph_cov,
        "type_held": type_held,
        "missing_number": float(missing_number),
        "missing_name": float(missing_name),
        "known_coverage": known_cov,
        "ask_missing": ask_missing,
    }
    return features, tuple(clauses)


def _missing_place(question: str, language: str, clauses: Sequence[Clause]) -> bool:
    """A place the question names ("held in Baku") that the best clauses in its language do not name.

    The documents often name the same kind of event in another city or year;
    a clause about the conference held in Kigali does not answer a question
    about one held elsewhere.  Judged only when some clause is in the question's
    language (a city may be spelled otherwise in another); a clause in another
    language that names the place counts.
    """
    if not any(c.paragraph.language == language for c in clauses):
        return False
    text = " ".join(_clause_text(c) for c in clauses)
    return any(not mentions(text, place) for place in _asked_places(question))


def _largest_missing_share(
    clauses: Sequence[Clause],
    terms: list[str],
    weights: dict[str, float],
    ctx: Context,
    language: str,
    translate: Callable[[list[str], str, str], list[str]] | None,
) -> float:
    """The idf share of the weightiest question word that none of the best clauses holds.

    Coverage is a share and hides *which* word is missing: a clause about the
    CSTD working group on data governance covers most of "Who chairs the CSTD
    working group on data governance?", all but the one word that is asked.
    Words the index never uses are left to the other features (everyday words).
    """
    known = [t for t in terms if ctx.df(t) > 0]
    total = sum(weights[t] for t in known)
    if not clauses or not total:
        return 0.0
    held: set[str] = set()
    for c in clauses:
        toks = ctx.with_acronyms(set(tokenize(f"{_chapeau_tail(c.paragraph)} {c.text}", c.paragraph.language)))
        if c.paragraph.language == language or translate is None:
            held |= toks
        else:
            # a word with no known translation cannot be judged missing from another language's clause
            held |= {t for t in known if not (mapped := set(translate([t], language, c.paragraph.language)))
                     or mapped & toks}
    missing = [weights[t] for t in known if t not in held]
    return max(missing) / total if missing else 0.0


def _chapeau_tail(p: Paragraph) -> str:
    """A sub-paragraph's lead-in, which belongs to every clause of it."""
    return p.chapeau[-200:] if p.chapeau else ""


def _assess_reference(question, language, direct, terms, ctx, answer_type, features, clauses, translate):
    """A question that names a paragraph is answered from it, unless it asks about something it does not mention."""
    toks: set[str] = set()
    for h in direct:
        toks |= _paragraph_tokens(h.paragraph)
        if translate is not None and h.paragraph.language != language:
            toks |= set(translate(list(_paragraph_tokens(h.paragraph)), h.paragraph.language, language))
    topic = [t for t in terms if ctx.df(t) > 0]
    if topic and not any(t in toks for t in topic):
        label = direct[0].paragraph.label
        words = [w for w in re.findall(r"[\w’'-]+", strip_references(question))
                 if set(tokenize(w, language)) & set(topic)]
        return Assessment(
            False, 0.0, f"{label} does not mention {', '.join(dict.fromkeys(words)) or ', '.join(topic)}; "
            "it is shown as the closest passage",
            "reference_mismatch", answer_type, features, clauses,
        )
    return Assessment(True, 1.0, "", "", answer_type, features, clauses)


def _type_held(answer_type: str, question: str, clauses: Sequence[Clause], language: str = "en") -> float:
    """How well the asked type of answer is held where the answer would be: 1 when one of the best
    `TYPE_CLAUSES` clauses holds it, half that up to twice as far down, each scaled by how close that
    clause scores to the best one.  A date in an off-topic recital ("adopted … on 27 March 2025") does not
    answer "on what dates will the special session be held" when the clause on the session gives none.
    A clause counts only when it names the places the question names: the theme of the meeting in
    Katowice does not answer "the theme of the Forum in Berlin" (a clause in another language, which
    may spell the city otherwise, is not held to this)."""
    places = [] if answer_type in (answer_types.WHERE, answer_types.COUNTRY) else _asked_places(question)
    top = clauses[0].score if clauses else 0.0
    held = 0.0
    for i, c in enumerate(clauses[: 2 * TYPE_CLAUSES]):
        if c.paragraph.language == language and not all(mentions(_clause_text(c), place) for place in places):
            continue
        if answer_types.holds_answer(answer_type, question, c.text):
            closeness = min(1.0, max(c.score, 0.0) / top) if top > 0 else 1.0
            held = max(held, closeness * (1.0 if i < TYPE_CLAUSES else 0.5))
    return held


def _score_reason(features: dict[str, float], answer_type: str, question: str = "") -> str:
    if features.get("missing_number"):
        return "no passage found contains the number or year the question asks about"
    if features.get("missing_name"):
        return "no passage found mentions the name the question relies on"
    if features.get("type_held", 1.0) < 0.5:
        wanted = answer_types.TYPE_NAMES.get(answer_type, "it")
        counted = re.search(r"\bhow\s+(?:many|much)\s+([a-z][\w-]*)", question, re.I)
        if answer_type == answer_types.QUANTITY and counted:
            wanted = f"how many {counted.group(1)}"
        return f"the passages on this topic do not say {wanted}"
    similarity = features.get("best_similarity")
    shown = f"clause similarity {similarity:.2f}, " if similarity is not None else ""
    return f"the closest passages do not address what is asked ({shown}words covered {features['best_coverage']:.2f})"
