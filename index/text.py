"""The one text toolkit: words, stems, stop words, sentences and markup, for both sides.

Build side (BM25 tokens, verb and glossary analysis, structure recovery) and
query side (composer, verifier, precedent search, highlighting) read words
from here, so a change to what "a word" is happens in one file.

Components do not all see the same words, on purpose, and each difference is
named here rather than hidden in a module:

- `WORD_RE` (`\\w+`, every script) feeds BM25 through `tokenize`, in all six
  languages.
- `CONTENT_WORD_RE` keeps "people-centred" and "Member States'" whole for the
  English composer, verifier and highlighting (`content_stems`).
- `CLAIM_TOKEN_RE` also keeps "A/67/66" and "9.c" whole: the verifier compares
  a claim with its paragraph token by token, after apostrophes were unified.
- `LOWER_TOKEN_RE` splits lower-cased text at every non-alphanumeric: precedent
  search compares wording, where "e-waste" and "e waste" are the same words.
- `DISPLAY_WORD_RE` is a word as a reader sees it on screen, in any script.
- `LETTER_WORD_RE` (letters and hyphens) reads operative verbs ("Calls upon").
- `NAME_WORD_RE` (letters and apostrophes) reads the words of an acronym's
  expansion.

Markup is stripped by three named patterns for the same reason: whether an
underscore is emphasis, a form's blank line or part of the text differs by job.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s import stopwords as bm25_stopwords

# ---------------------------------------------------------------------- languages and stop words

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
_STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
STOPWORDS: dict[str, set[str]] = {
    "en": set(bm25_stopwords.STOPWORDS_EN_PLUS),
    "fr": set(bm25_stopwords.STOPWORDS_FRENCH),
    "es": set(bm25_stopwords.STOPWORDS_SPANISH),
    "ru": set(bm25_stopwords.STOPWORDS_RUSSIAN),
    "zh": set(bm25_stopwords.STOPWORDS_CHINESE),
    "ar": {"في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "ان", "التي", "الذي", "و", "أو", "ما", "هذا", "هذه"},
}

# Words that carry no topic for the English composer: function words plus the vocabulary of asking.
_QUESTION_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves whose anything something say says said tell show give
    mention mentioned mentions according regarding concerning resolution resolutions
    text paragraph paragraphs para council assembly"""
CONTENT_STOPWORDS = frozenset(_QUESTION_STOP_TEXT.split())

# Short words that may sit inside an acronym's expansion without being initials ("Ministry *of* ICT").
CONNECTOR_WORDS = frozenset(["of", "the", "on", "and", "for", "in", "to", "de", "a", "an", "with", "at", "by"])


@lru_cache(maxsize=8)
def stemmer(language: str) -> Stemmer.Stemmer | None:
    """The Snowball stemmer of a language, loaded once per process; None where there is none (zh)."""
    name = _STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


# ---------------------------------------------------------------------- words

WORD_RE = re.compile(r"\w+", re.UNICODE)
CONTENT_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
CLAIM_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['./-][A-Za-z0-9]+)*")
LOWER_TOKEN_RE = re.compile(r"[a-z0-9]+")
DISPLAY_WORD_RE = re.compile(r"\w[\w'’-]*\w|\w")
LETTER_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*")
NAME_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")


def content_stems(text: str) -> list[str]:
    """Stemmed English content words of `text`, in order (stop words and one-letter tokens dropped)."""
    words = [w.lower().replace("’", "'") for w in CONTENT_WORD_RE.findall(text)]
    words = [w for w in words if w not in CONTENT_STOPWORDS and len(w) > 1]
    return stemmer("en").stemWords(words)


# ---------------------------------------------------------------------- whitespace and markup

_WS_RE = re.compile(r"\s+")
FOOTNOTE_MARKER = r"<sup>\s*\d+\s*</sup>|\[\^\d+\]"
# Footnote markers and `*` emphasis: what verb and glossary analysis ignore.
MARKUP_RE = re.compile(rf"{FOOTNOTE_MARKER}|\*+")
# ... and runs of underscores (a form's blank line), for reference parsing and precedent wording.
MARKUP_AND_RULES_RE = re.compile(rf"{FOOTNOTE_MARKER}|\*+|_{{2,}}")
# ... and every underscore, for the verifier, which blanks markup to compare words only.
MARKUP_AND_UNDERSCORES_RE = re.compile(rf"{FOOTNOTE_MARKER}|[*_]+")


def normalize_ws(text: str) -> str:
    """Collapse runs of whitespace to one space (the comparison form of a quote)."""
    return _WS_RE.sub(" ", text).strip()


def strip_markup(text: str, pattern: re.Pattern[str] = MARKUP_RE) -> str:
    """`text` without its markup (one of the patterns above), whitespace collapsed."""
    return " ".join(pattern.sub("", text).split())


# ---------------------------------------------------------------------- sentences

# A sentence of document text ends at . ! ? before a capital, a quote or a parenthesis.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
# An answer's sentence may also end before its next citation marker, and at a line break.
_ANSWER_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\[A-Z“\"(])|\n+")
_LEADING_MARKERS_RE = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+")
ABBREVIATIONS = ("para.", "paras.", "No.", "e.g.", "i.e.", "Mr.", "Ms.", "chap.", "vol.", "p.", "pp.", "art.")


def split_sentences(text: str) -> list[str]:
    """Sentences of an answer; '[n]' standing alone after a full stop joins the sentence before."""
    protected = text
    for i, abbr in enumerate(ABBREVIATIONS):
        protected = re.sub(rf"(?<![A-Za-z]){re.escape(abbr)}", f"\x00{i}\x00", protected)
    parts = _ANSWER_SENTENCE_END_RE.split(protected)
    sentences: list[str] = []
    for part in parts:
        for i, abbr in enumerate(ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        part = part.strip()
        if not part:
            continue
        lead = _LEADING_MARKERS_RE.match(part)
        if sentences and lead:  # "… Baku. [1] Next …": the marker closes the sentence before
            sentences[-1] = f"{sentences[-1]} {lead.group(0).strip()}"
            part = part[lead.end() :].strip()
        if part:
            sentences.append(part)
    return sentences


MIN_CLAUSE_WORDS = 4  # "Stresses that:" alone says nothing a question could match
_CLAUSE_BREAK_RE = re.compile(r";\s+")


def split_clauses(text: str) -> list[str]:
    """A paragraph's sentences, cut again at semicolons; [] when it is one clause.

    The dense side embeds each clause of a paragraph beside the paragraph: one
    MiniLM vector averages everything a long paragraph says, and a question
    about one of its clauses matches that clause's own vector better.  On the
    fitting part, dense-only MRR rose from 0.44 to 0.55 (sentences alone
    0.52; 45-word windows 0.51; clauses carrying their chapeau 0.53).
    """
    clauses = [
        c.strip()
        for sentence in split_sentences(text)
        for c in _CLAUSE_BREAK_RE.split(sentence)
        if len(c.split()) >= MIN_CLAUSE_WORDS
    ]
    return clauses if len(clauses) > 1 else []


# ---------------------------------------------------------------------- language and BM25 tokens

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_FR_HINTS = {"le", "la", "les", "des", "du", "est", "que", "quel", "quelle", "quels", "sur", "dans", "pour", "une"}
_ES_HINTS = {"el", "los", "las", "del", "qué", "que", "es", "sobre", "para", "una", "cuál", "cómo", "dice"}
_SPANISH_MARKS = re.compile(r"[¿¡ñ]|ción\b", re.I)
_FRENCH_MARKS = re.compile(r"[çœ]|\b(?:l|d|qu|n|s)[’']\w|\best-ce\b", re.I)
_EN_HINTS = {"the", "what", "which", "is", "of", "and", "does", "for", "about", "how", "when", "where", "who"}


def detect_language(text: str) -> str:
    """Cheap script-and-stopword guess; good enough to pick a question's language."""
    if _CJK.search(text):
        return "zh"
    if _ARABIC.search(text):
        return "ar"
    if _CYRILLIC.search(text):
        return "ru"
    words = [w.lower() for w in WORD_RE.findall(text)]
    scores = {
        lang: sum(1 for w in words if w in STOPWORDS[lang] or w in hints)
        for lang, hints in (("en", _EN_HINTS), ("fr", _FR_HINTS), ("es", _ES_HINTS))
    }
    scores["es"] += 2 * len(_SPANISH_MARKS.findall(text))
    scores["fr"] += 2 * len(_FRENCH_MARKS.findall(text))
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["en"] else "en"


def _normalize_arabic(text: str) -> str:
    text = _ARABIC_DIACRITICS.sub("", text)
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه").replace("ى", "ي")


# Hyphens as the documents write them (U+2010 hyphen, U+2011 non-breaking hyphen, figure dash,
# minus) are one hyphen: "e‑waste" and "e-waste" are the same word.
_HYPHENS = re.compile(r"[\u2010\u2011\u2012\u2212\u00ad]")
# Words joined by a hyphen, a plus or a dot ("e-waste", "WSIS+20", "9.c", "4.9") are also kept whole.
_COMPOUND = re.compile(r"\w+(?:[-+.]\w+)+\+?|\w+\+")
_PERCENT = re.compile(r"\s*%")
# The documents' "e-" prefix is "electronic" (e-waste, e-government, e-commerce): a UN ICT convention.
_E_PREFIX = re.compile(r"^e-[a-z]")


def tokenize(text: str, language: str = "en") -> list[str]:
    """Lower-cased, stop-word-free, stemmed BM25 tokens; the same function at build and at query time.

    Compounds are kept whole beside their parts, so "e-waste", "WSIS+20",
    "9.c" and "ICT4D" match as the documents write them; "%" reads as "per
    cent", and an "e-" prefix also yields "electronic".  Chinese has no spaces
    and is segmented with jieba.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _PERCENT.sub(" per cent", _HYPHENS.sub("-", text))
    stop = STOPWORDS.get(language, STOPWORDS["en"])
    if language == "zh":
        import jieba

        jieba.setLogLevel(60)
        words = [w.strip() for w in jieba.lcut(text)]
        return [w for w in words if w and WORD_RE.fullmatch(w) and w not in stop]
    if language == "ar":
        text = _normalize_arabic(text)
    words = [w for w in WORD_RE.findall(text) if w not in stop and not (len(w) == 1 and not w.isdigit())]
    stem = stemmer(language)
    tokens = stem.stemWords(words) if stem else words
    for m in _COMPOUND.finditer(text):
        compound = m.group(0).rstrip(".")
        if not re.search(r"[-+.]", compound):
            continue
        tokens.append(stem.stemWord(compound) if stem else compound)
        if _E_PREFIX.match(compound):
            tokens.extend(stem.stemWords(["electronic"]) if stem else ["electronic"])
    return tokens
