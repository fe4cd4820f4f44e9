"""Every word of a claim that is not the paragraph's own must be accounted for (issue 27).

One changed word can turn a paragraph into its opposite ("takes note with
appreciation" -> "rejects", "developing" -> "developed", "many" -> "few")
while every other word, and the embedding similarity, stays the same.  So
after aligning claim and paragraph (difflib, word by word) each claim word the
alignment leaves over must be explained (`assistant/lexical.py`):

- a word of the paragraph, or an inflection or derivation of one;
- a WordNet synonym, or a paraphrase the corpus attests, of a paragraph word;
- a function word — except the words that are never free: quantifiers
  (all, some, many, few …), degree and attitude words (great, concern,
  satisfaction, appreciation, regret …) and the claim's leading verb (the act
  of the acting body: "rejects" where the paragraph "takes note").  These
  count only when the paragraph itself has them.
A word that is the opposite of a paragraph word there (WordNet antonym or
`assistant/data/opposites.tsv`) is a contradiction, said as such.  And a
paragraph word inside the stretch the claim stands for that changes its scope
or attitude (a quantifier, "only", "yet", an attitude noun, one side of an
opposite pair: "developing countries" -> "countries") may not be dropped.
Numbers, negations, modals, operative verbs and actors are checked by
`assistant.verify.critical_differences`; their indices come in as `skip`.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence

from assistant import lexical
from index.text import CONTENT_STOPWORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


QUANTIFIERS = _words("all some many few most no every each any several numerous none both only")
ATTITUDE = _words(
    "concern concerned satisfaction satisfied appreciation appreciative regret regrets gratitude alarm "
    "alarmed disappointment dismay pleasure deep deeply great grave gravely serious seriously particular "
    "profound utmost"
)
# Paragraph words whose loss changes who or what a clause covers, or how the body regards it.
_GUARDED = QUANTIFIERS | {"only", "yet", "concern", "satisfaction", "appreciation", "regret", "gratitude"}
_SAYS_WORDS = 6  # the paragraph's words quoted back in a difference
_MAX_DROP = 3  # paragraph words left out at one place that still count as a changed phrase


def _quote(words: Sequence[str]) -> str:
    return "“" + " ".join(words) + "”"


def _says(source: str, tokens: Sequence, j1: int, j2: int) -> str:
    """The paragraph's words at tokens[j1:j2], without function words at the ends, as written."""
    while j1 < j2 and tokens[j1].word in CONTENT_STOPWORDS:
        j1 += 1
    while j2 > j1 and tokens[j2 - 1].word in CONTENT_STOPWORDS:
        j2 -= 1
    if j1 == j2:
        return ""
    j2 = min(j2, j1 + _SAYS_WORDS)
    return "“" + " ".join(source[tokens[j1].start : tokens[j2 - 1].end].split()) + "”"


def _is_verb(word: str) -> bool:
    return bool(lexical.wordnet().synsets(word, "v"))


def word_differences(
    claim_tokens: Sequence, para_tokens: Sequence, source: str, region: tuple[int, int],
    skip: Collection[int] = (),
) -> tuple[list[str], list[str]]:
    """(differences that always count, claim words nothing accounts for) for an aligned claim.

    `claim_tokens` / `para_tokens` are `assistant.verify.Token`s of the claim
    (framing removed) and of `source`; `region` the paragraph tokens the claim
    stands for; `skip` the claim indices another check already judged.
    """
    cw, pw = [t.word for t in claim_tokens], [t.word for t in para_tokens]
    lo, hi = region
    para_words = set(pw)
    para_stems = {lexical.stem(w) for w in pw}
    content = [w for w in dict.fromkeys(pw) if w not in CONTENT_STOPWORDS and len(w) > 1 and w.isalpha()]
    claim_stems = {lexical.stem(w) for w in cw}
    always: list[str] = []
    unaccounted: list[str] = []
    matcher = difflib.SequenceMatcher(None, cw, pw, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        says = _says(source, para_tokens, j1, j2)
        tail = f"; it says {says}" if says else ""
        flagged = False
        for i in range(i1, i2):
            w = cw[i]
            if i in skip or w in para_words or not any(ch.isalpha() for ch in w):
                continue
            nearby = [pw[j] for j in range(j1, j2)] + pw[lo:hi]
            opposite = next((v for v in nearby if lexical.opposes(w, v)), None)
            if opposite:
                always.append(f"contradicts the paragraph: {_quote([w])} where it says {_quote([opposite])}")
                flagged = True
                continue
            never_free = w in QUANTIFIERS or w in ATTITUDE or (i == 0 and _is_verb(w))
            if never_free:
                if not any(lexical.inflects(w, v) for v in para_words):
                    always.append(f"{_quote([w])} is not in the paragraph{tail}")
                    flagged = True
                continue
            if w in CONTENT_STOPWORDS or len(w) <= 1:
                continue
            if lexical.stem(w) in para_stems or any(lexical.same_meaning(w, v) for v in content):
                continue
            unaccounted.append(f"{_quote([w])} is not in the paragraph{tail}")
            flagged = True
        if flagged or j2 - j1 > _MAX_DROP:  # a longer stretch left out is an elision, not a changed phrase
            continue
        for j in range(max(j1, lo), min(j2, hi)):
            v = pw[j]
            if v in cw or lexical.stem(v) in claim_stems or any(lexical.same_meaning(w, v) for w in cw[i1:i2]):
                continue
            if v in _GUARDED or lexical.has_opposite_entry(v):
                always.append(f"drops {_quote([v])}, which the paragraph has there")
    return always, unaccounted
