"""Which word may stand for which: inflections, WordNet synonyms, opposites, corpus-attested paraphrases.

The verifier (`assistant/accounting.py`) asks two questions of a claim word
the paragraph does not have: is it the same meaning as a paragraph word
(`explains`), and is it the opposite of one (`opposes`)?  Answers come from
maintained data, not from lists in code:

- inflections and derivations: the Snowball stem, and WordNet's
  derivationally related forms;
- synonyms: WordNet 3.0 (`assistant/wordnet.py`) lemmas sharing a synset, or
  in a satellite / verb-group / see-also synset of it;
- opposites: WordNet antonyms plus `assistant/data/opposites.tsv`, the pairs
  that matter in UN text and WordNet lacks (developing/developed: one stem, so
  those are compared as written);
- paraphrases the corpus attests: `assistant/data/attested_paraphrases.tsv`
  (`scripts/mine_paraphrases.py`), word pairs one re-adopted paragraph writes
  where an earlier version of it has the other.
A synonym that is also an opposite of a paragraph word explains nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assistant.wordnet import wordnet
from index.text import stemmer

_DATA = Path(__file__).parent / "data"
_POS = ("n", "v", "a", "r")


def stem(word: str) -> str:
    return stemmer("en").stemWord(word.lower())


def _pairs(name: str) -> list[tuple[str, str]]:
    path = _DATA / name
    if not path.is_file():
        return []
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return [(r[0].strip().lower(), r[1].strip().lower()) for r in rows if len(r) >= 2 and not r[0].startswith("#")]


def _keys(word: str, other: str) -> tuple[str, str]:
    """Stems, or the words as written when the stemmer merges them (developing / developed)."""
    a, b = stem(word), stem(other)
    return (word, other) if a == b else (a, b)


@cache
def _table(name: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for a, b in _pairs(name):
        ka, kb = _keys(a, b)
        found.setdefault(ka, set()).add(kb)
        found.setdefault(kb, set()).add(ka)
    return {k: frozenset(v) for k, v in found.items()}


def _in_table(name: str, word: str, other: str) -> bool:
    ka, kb = _keys(word, other)
    return kb in _table(name).get(ka, ())


@cache
def lemmas(word: str) -> frozenset[str]:
    """The word and its WordNet base forms in every part of speech ("efforts" -> "effort")."""
    wn = wordnet()
    w = word.lower()
    return frozenset({w} | {m for pos in _POS if (m := wn.morphy(w, pos))})


@cache
def synonyms(word: str) -> frozenset[str]:
    """Lemma names sharing a synset with the word, or in a synset one link away.

    One link: similar-to, verb group, see-also, and the direct hypernym or
    hyponym ("headway" for "progress", "foster" for "promote", "raise" for
    "increase": the rewordings an answer makes).  Opposites are ruled out
    before synonyms are asked (`same_meaning`).
    """
    found: set[str] = set()
    for synset in wordnet().synsets(word.lower()):
        related = [*synset.similar_tos(), *synset.verb_groups(), *synset.also_sees(), *synset.hypernyms(),
                   *synset.hyponyms()]
        for s in [synset, *related]:
            found.update(name.lower().replace("_", " ") for name in s.lemma_names())
    return frozenset(found)


@cache
def antonyms(word: str) -> frozenset[str]:
    """WordNet antonyms of any sense of the word (and of its derivationally related forms' senses)."""
    found: set[str] = set()
    for synset in wordnet().synsets(word.lower()):
        for lemma in synset.lemmas():
            found.update(a.name().lower() for a in lemma.antonyms())
    return frozenset(found)


@cache
def derivations(word: str) -> frozenset[str]:
    """Stems of the WordNet derivationally related forms of the word ("importance" -> "import")."""
    found: set[str] = set()
    for synset in wordnet().synsets(word.lower()):
        for lemma in synset.lemmas():
            if lemma.name().lower() in lemmas(word):
                found.update(stem(d.name()) for d in lemma.derivationally_related_forms())
    return frozenset(found)


def opposes(word: str, other: str) -> bool:
    """True when `word` is an opposite of `other`: a WordNet antonym or a pair in opposites.tsv."""
    word, other = word.lower(), other.lower()
    if word == other:
        return False
    if other in (f"non-{word}", f"un{word}") or word in (f"non-{other}", f"un{other}"):
        return True  # "governmental" where it says "non-governmental"
    if _in_table("opposites.tsv", word, other):
        return True
    return bool(antonyms(word) & lemmas(other)) or bool(antonyms(other) & lemmas(word))


def attested(word: str, other: str) -> bool:
    """True when the corpus writes `word` where a re-adopted version of the paragraph has `other`."""
    return _in_table("attested_paraphrases.tsv", word.lower(), other.lower())


def inflects(word: str, other: str) -> bool:
    """True when both are forms of one word: one stem, or one WordNet base form ("took" / "takes")."""
    return stem(word) == stem(other) or bool(lemmas(word) & lemmas(other))


def same_meaning(word: str, other: str) -> bool:
    """Inflection, derivation, WordNet synonym or attested paraphrase of `other` (opposites never)."""
    word, other = word.lower(), other.lower()
    if opposes(word, other):
        return False
    if stem(word) == stem(other) or stem(other) in derivations(word) or stem(word) in derivations(other):
        return True
    return bool(synonyms(other) & lemmas(word)) or bool(synonyms(word) & lemmas(other)) or attested(word, other)


def has_opposite_entry(word: str) -> bool:
    """True when opposites.tsv lists the word (as written, or by stem): one side of a pair that matters."""
    word = word.lower()
    table = _table("opposites.tsv")
    return word in table or stem(word) in table
