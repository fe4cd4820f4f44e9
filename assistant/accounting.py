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
from collections import Counter
from collections.abc import Collection, Sequence

from assistant import lexical
from index.text import CONTENT_STOPWORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


QUANTIFIERS = _words("all some many few most no every each any several numerous none both only")
ATTITUDE = _words(
    "concern concerned satisfaction satisfied appreciation appreciative regret regrets gratitude alarm "
    "alarmed disappointment dismay pleasure deep deeply great grave gravely serious seriously particular "
    "profound utmost pleased glad happy delighted gratified heartened reassured encouraged discouraged "
    "disappointed dismayed worried troubled"
)
# Paragraph words whose loss changes who or what a clause covers, or how the body regards it.
_GUARDED = QUANTIFIERS | {"only", "yet", "concern", "satisfaction", "appreciation", "regret", "gratitude"}
# Nouns that name a group a clause covers; the words that narrow it ("landlocked developing countries",
# "persons with disabilities", "women and girls", ", in particular …") may not be left out.
GROUP_NOUNS = _words(
    "countries country states nations economies people peoples persons women men girls boys children youth "
    "stakeholders communities populations groups members users individuals societies regions"
)
# Focusing words: what follows them is singled out ("only", "in particular developing countries").
FOCUS = _words("only particular particularly especially notably mainly primarily specifically exclusively solely")
_POST_MODIFIERS = _words("with without living")  # "persons with disabilities", "people living in poverty"
# The groups of people a post-modifier narrows ("countries with the support of …" is a complement, not a group).
_PEOPLE = _words("people peoples persons women men girls boys children youth individuals users")
_SUBJECTS = _words("we it they he she")  # "We remain …": the verb after the subject is the act
_FUNCTION = _words("the a an of to in for on and or with by at from as its their this these those such")
# Punctuation that ends a statement: a focus after it ("; in particular …") is a new one (`narrowing`).
STATEMENT_BREAKS = ".;:"
_SAYS_WORDS = 6  # the paragraph's words quoted back in a difference
_MAX_DROP = 3  # paragraph words left out at one place that still count as a changed phrase
_MAX_GROUP_DROP = 8  # ... or, ending in the modifier of a group the claim keeps, that still change the group


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


def narrowing(pw: Sequence[str], j: int, aside: bool = False) -> str | None:
    """The paragraph's words from pw[j] on, when leaving them out widens whom the clause covers, else None.

    A focus ("in particular …", "only"), a second group joined to the one
    before ("women | and girls"), or a post-modifier of a group noun
    ("persons | with disabilities").  A focus after a sentence or clause break (`aside`:
    ". In particular, we …", "; in particular …") starts a new statement: the words before it
    say what they say without it.  One after a comma (", in particular African countries") is
    part of what was agreed: a quote that stops before it leaves the emphasis out.
    """
    if not 0 <= j < len(pw):
        return None
    w, prev = pw[j], pw[j - 1] if j > 0 else ""
    nxt = pw[j + 1] if j + 1 < len(pw) else ""
    if (w in FOCUS or (w == "in" and nxt == "particular")) and not aside:
        return " ".join(pw[j : j + 3])
    if w in ("and", "or") and prev in GROUP_NOUNS and nxt in GROUP_NOUNS:
        return f"{w} {nxt}"
    if prev in _PEOPLE and w in _POST_MODIFIERS and nxt and nxt not in _FUNCTION:
        return f"{w} {nxt}"
    return None


def _base(word: str) -> str:
    """A word without its possessive ending: "people’s" names the group "people"."""
    for end in ("’s", "'s", "’", "'"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def _phrase_head(pw: Sequence[str], j2: int, at_claim_end: bool) -> int:
    """Where the paragraph's phrase replaced at pw[..j2] ends: j2, or, when the claim ends there, past the
    group noun the paragraph's phrase goes on to ("… and developing countries" stands for "… and small
    island | developing States": the region stops where the claim's words run out, the phrase does not)."""
    if not at_claim_end:
        return j2
    for j in range(j2, min(len(pw), j2 + _MAX_DROP)):
        if pw[j] in GROUP_NOUNS:
            return j + 1
        if pw[j] in _FUNCTION:
            break
    return j2


def narrowed_before(pw: Sequence[str], b: int) -> str | None:
    """The paragraph word just before pw[b], when a quote starting at pw[b] may not leave it out, else None.

    A focus ("only 78 per cent" quoted from "78 per cent"), or the word that says
    which group pw[b] is: a quantifier or one side of an opposite pair ("Developing
    countries should have access" quoted as "Countries should have access").
    """
    if not 0 < b <= len(pw):
        return None
    w = pw[b - 1]
    if w in FOCUS:
        return w
    if b < len(pw) and pw[b] in GROUP_NOUNS and (w in QUANTIFIERS or lexical.has_opposite_entry(w)):
        return w
    return None


def _narrows_group(pw: Sequence[str], j1: int, j2: int) -> str | None:
    """A dropped stretch pw[j1:j2] that narrows a group: a focus, a group noun, a modifier or post-modifier."""
    stretch = pw[j1:j2]
    if any(v in FOCUS for v in stretch):
        return next(v for v in stretch if v in FOCUS)
    head = [_base(v) for v in pw[j2 : j2 + 2]]
    names_group = bool(head) and (head[0] in GROUP_NOUNS or (len(head) > 1 and head[1] in GROUP_NOUNS
                                                             and head[0] not in _FUNCTION))
    last = stretch[-1] if stretch else ""
    if j2 - j1 <= _MAX_GROUP_DROP and names_group and last.isalpha() and last not in _FUNCTION:
        # a list cut so that its last group loses its modifier: "the least developed countries,
        # landlocked | developing countries" quoted as "the developing countries"
        return last
    if j2 - j1 > _MAX_DROP:
        return None
    if any(v in GROUP_NOUNS for v in stretch):
        return next(v for v in stretch if v in GROUP_NOUNS)
    content = [v for v in stretch if v not in _FUNCTION and v.isalpha()]
    if content and names_group:
        return content[-1]  # "landlocked | developing countries", "young | people"
    if j1 > 0 and pw[j1 - 1] in GROUP_NOUNS and stretch[0] in _POST_MODIFIERS:
        return " ".join(stretch)
    return None


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
    region_count = Counter(pw[lo:hi])
    claim_count = Counter(cw)
    lead = 1 if len(cw) > 1 and cw[0] in _SUBJECTS else 0
    # Leftover words are aligned within the stretch the claim stands for, not with a like word far off.
    matcher = difflib.SequenceMatcher(None, cw, pw[lo:hi], autojunk=False)
    opcodes = [(tag, i1, i2, j1 + lo, j2 + lo) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    # paragraph words the alignment left over: a claim word among them was moved, not swapped ("men and women")
    # (not the words before the claim's start, which the region takes in only as a margin)
    left_over = Counter(v for tag, i1, i2, j1, j2 in opcodes if tag != "equal" and i2 > 0 for v in pw[j1:j2])
    moved = Counter(w for tag, i1, i2, _, _ in opcodes if tag != "equal" for w in cw[i1:i2])  # claim side
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        # at the claim's start, the paragraph words its framing may stand for too ("rejects" / "Takes note with")
        says = _says(source, para_tokens, max(0, j1 - 3) if i1 == 0 else j1, j2)
        tail = f"; it says {says}" if says else ""
        flagged = False
        for i in range(i1, i2):
            w = cw[i]
            # the head of a phrase swapped for another group's: the last words of both stretches, the
            # paragraph's phrase followed to its group noun where the claim ends ("… and developing
            # countries" for "… and small island developing States"; an actor word, so checked before `skip`)
            head = _phrase_head(pw, j2, i2 == len(cw))
            if (tag == "replace" and i == i2 - 1 and w in GROUP_NOUNS and w in para_words
                    and pw[head - 1] in GROUP_NOUNS and pw[head - 1] != w and not left_over[w]
                    and claim_count[pw[head - 1]] < Counter(pw[lo:head])[pw[head - 1]]):
                always.append(f"{_quote([w])} where the paragraph says {_quote([pw[head - 1]])}{tail}")
                flagged = True
                continue
            if i in skip or not any(ch.isalpha() for ch in w):
                continue
            if w in para_words:
                # A paragraph word put where its opposite stood ("between girls and girls", "developed and
                # developed countries"), the opposite left out of the claim: a contradiction all the same.
                # (counted: "most developing … least developed" still has one "developed" left over)
                swapped = next((v for v in pw[j1:j2] if claim_count[v] < region_count[v]
                                and lexical.opposes(w, v)), None)
                if swapped:
                    always.append(f"contradicts the paragraph: {_quote([w])} where it says {_quote([swapped])}")
                    flagged = True
                elif (w in QUANTIFIERS or w in ATTITUDE) and claim_count[w] > region_count[w] and \
                        not any(lexical.inflects(w, v) for v in pw[j1:j2]):
                    always.append(f"{_quote([w])} is not in the paragraph there{tail}")  # "all other all …"
                    flagged = True
                continue
            nearby = [pw[j] for j in range(j1, j2)] + pw[lo:hi]
            opposite = next((v for v in nearby if lexical.opposes(w, v)), None)
            if opposite:
                always.append(f"contradicts the paragraph: {_quote([w])} where it says {_quote([opposite])}")
                flagged = True
                continue
            never_free = w in QUANTIFIERS or w in ATTITUDE or (i == lead and _is_verb(w))
            if never_free:  # only where the claim stands for the paragraph, not anywhere in it
                if not any(lexical.inflects(w, v) for v in [*pw[j1:j2], *pw[lo:hi]]):
                    always.append(f"{_quote([w])} is not in the paragraph{tail}")
                    flagged = True
                continue
            if w in CONTENT_STOPWORDS or len(w) <= 1:
                continue
            if lexical.stem(w) in para_stems or any(lexical.same_meaning(w, v) for v in content):
                continue
            unaccounted.append(f"{_quote([w])} is not in the paragraph{tail}")
            flagged = True
        # At the claim's edge the region is only widened (NEAR_REGION): what lies there is left out, not changed.
        if flagged or not (i2 > i1 or 0 < i1 < len(cw)):
            continue
        # A stretch replaced by words of the claim's own is judged by those words; one replaced by
        # function words or a quantifier only ("relevant stakeholders" -> "all stakeholders") is a drop.
        # (A claim word that is the paragraph's next word is the alignment cut short: "children and | people".)
        bare = all(w in QUANTIFIERS or w in _FUNCTION or w in pw[j2 : j2 + 1] for w in cw[i1:i2])
        if bare and lo <= j1 < hi and j2 > j1:
            narrowed = _narrows_group(pw, j1, j2)
            # counted: "most | developed countries … least developed" still leaves one "developed" out;
            # a word the claim has elsewhere unaligned was moved, not dropped
            left_out = narrowed and any(claim_count[v] < region_count[v] and not moved[v] for v in narrowed.split())
            if left_out and not any(
                    lexical.same_meaning(w, v) for w in cw[i1:i2] for v in narrowed.split()):
                always.append(f"drops {_quote([narrowed])}, which narrows whom the paragraph means there")
                continue
        if j2 - j1 > _MAX_DROP:  # a longer stretch left out is an elision, not a changed phrase
            continue
        for j in range(max(j1, lo), min(j2, hi)):
            v = pw[j]
            if v in cw or any(lexical.same_meaning(w, v) for w in cw[i1:i2]):
                continue
            if lexical.stem(v) in claim_stems and not any(lexical.opposes(w, v) for w in cw):
                continue
            if v in _GUARDED or (bare and lexical.has_opposite_entry(v)):
                always.append(f"drops {_quote([v])}, which the paragraph has there")
    # The claim ends (or starts) where the paragraph goes on to narrow it: "… all women" of
    # "all women and girls", "… for countries" of "for countries, in particular African countries".
    solid = [b for b in matcher.get_matching_blocks()[:-1] if b.size >= 2]
    if solid and solid[-1].a + solid[-1].size == len(cw):
        end = lo + solid[-1].b + solid[-1].size
        gap = source[para_tokens[end - 1].end : para_tokens[end].start] if 0 < end < len(para_tokens) else ""
        narrowed = narrowing(pw, end, any(ch in gap for ch in STATEMENT_BREAKS))
        if narrowed:
            always.append(f"stops before {_quote(narrowed.split())}, which narrows whom the paragraph means")
    before = narrowed_before(pw, lo + solid[0].b) if solid and solid[0].a == 0 else None
    if before:
        always.append(f"leaves out {_quote([before])} before it, which the paragraph has")
    return always, unaccounted
