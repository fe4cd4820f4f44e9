"""Keyword tokens for BM25 in the six official UN languages.

The same function tokenizes paragraphs at build time and questions at query
time, so both sides always agree.  Latin, Cyrillic and Arabic scripts are split
on word characters and stemmed with Snowball (PyStemmer); Chinese has no spaces
and is segmented with jieba.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s import stopwords as bm25_stopwords

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
_STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
_STOPWORDS = {
    "en": set(bm25_stopwords.STOPWORDS_EN_PLUS),
    "fr": set(bm25_stopwords.STOPWORDS_FRENCH),
    "es": set(bm25_stopwords.STOPWORDS_SPANISH),
    "ru": set(bm25_stopwords.STOPWORDS_RUSSIAN),
    "zh": set(bm25_stopwords.STOPWORDS_CHINESE),
    "ar": {"في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "ان", "التي", "الذي", "و", "أو", "ما", "هذا", "هذه"},
}
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_FR_HINTS = {"le", "la", "les", "des", "du", "est", "que", "quel", "quelle", "quels", "sur", "dans", "pour", "une"}
_ES_HINTS = {"el", "los", "las", "del", "qué", "que", "es", "sobre", "para", "una", "cuál", "cómo", "dice"}
_SPANISH_MARKS = re.compile(r"[¿¡ñ]|ción\b", re.I)
_FRENCH_MARKS = re.compile(r"[çœ]|\b(?:l|d|qu|n|s)[’']\w|\best-ce\b", re.I)
_EN_HINTS = {"the", "what", "which", "is", "of", "and", "does", "for", "about", "how", "when", "where", "who"}


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    name = _STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


def detect_language(text: str) -> str:
    """Cheap script-and-stopword guess; good enough to pick a question's language."""
    if _CJK.search(text):
        return "zh"
    if _ARABIC.search(text):
        return "ar"
    if _CYRILLIC.search(text):
        return "ru"
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {
        lang: sum(1 for w in words if w in _STOPWORDS[lang] or w in hints)
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
    """Lower-cased, stop-word-free, stemmed tokens.

    Compounds are kept whole beside their parts, so "e-waste", "WSIS+20",
    "9.c" and "ICT4D" match as the documents write them; "%" reads as "per
    cent", and an "e-" prefix also yields "electronic".
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _PERCENT.sub(" per cent", _HYPHENS.sub("-", text))
    stop = _STOPWORDS.get(language, _STOPWORDS["en"])
    if language == "zh":
        import jieba

        jieba.setLogLevel(60)
        words = [w.strip() for w in jieba.lcut(text)]
        return [w for w in words if w and _WORD.fullmatch(w) and w not in stop]
    if language == "ar":
        text = _normalize_arabic(text)
    words = [w for w in _WORD.findall(text) if w not in stop and not (len(w) == 1 and not w.isdigit())]
    stemmer = _stemmer(language)
    tokens = stemmer.stemWords(words) if stemmer else words
    for m in _COMPOUND.finditer(text):
        compound = m.group(0).rstrip(".")
        if not re.search(r"[-+.]", compound):
            continue
        tokens.append(stemmer.stemWord(compound) if stemmer else compound)
        if _E_PREFIX.match(compound):
            tokens.extend(stemmer.stemWords(["electronic"]) if stemmer else ["electronic"])
    return tokens
