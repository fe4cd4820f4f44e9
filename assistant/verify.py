"""Check a generated answer against the paragraphs it was given, sentence by sentence.

A language model's answer is trusted only as far as its citations hold:

1. The answer is split into sentences; a marker standing alone after a full stop
   ("… Baku. [1]") belongs to the sentence before it.
2. A marker [n] that points to no supplied paragraph is removed from the text.
3. Each remaining (sentence, marker) pair gets a status (`check_claim`):
   - QUOTED when the sentence, after the issuing body's name and framing words
     ("The Economic and Social Council urges …", "according to paragraph 35,"),
     is one contiguous run of the paragraph's words, at least `MIN_QUOTE_WORDS`
     long (or the whole paragraph): case, whitespace, typographic quotes and
     hyphen variants are normalized, nothing else (`quoted_span`).  A run that
     stops at, or starts right after, a negation of the paragraph is no quote.
   - SUPPORTED when none of these differs from the paragraph
     (`claim_differences`): a negation, a number or date, a modal (shall /
     should / may …), an operative verb (urges ≠ decides ≠ invites), an actor
     or name, the issuing body, a paragraph number named in the sentence; no
     clause of the sentence is missing from the paragraph and no two distant
     parts of it are joined; at most `MAX_NEW_STEMS` content words are not the
     paragraph's; and then the blended support score reaches the threshold.
     The embeddings only ever decide between a paraphrase and a loose one:
     they cannot overrule a changed commitment, however similar it sounds.
   - UNSUPPORTED otherwise, with the differences that decided it.
   A sentence takes the best status of its markers.
4. A sentence that is UNSUPPORTED, or carries no marker at all, stays in the
   text, flagged with `UNSUPPORTED_TAG` ("[unsupported]") before its full stop:
   the reader sees exactly which claim has no backing instead of a silently
   shortened answer.  Such sentences do not count in `n_supported`; the caller
   falls back to the extractive answer when `n_supported` is 0.
5. Markers are renumbered 1, 2, … in order of first appearance; one Citation per
   marker, carrying the paragraph's own words the answer relies on (the matched
   span for QUOTED, the closest clause otherwise) and the best status any of its
   sentences earned.

The critical words are found by aligning the claim with the paragraph
(difflib, blocks of ≥ 2 words): a negation, number, modal, operative verb
(any inflection: "is urged" for "Urges" is the same verb) or actor the claim
has outside the aligned blocks must be among the paragraph's unaligned words
in the stretch the claim stands for; a negation the paragraph has there and
the claim lacks is a difference too.  `assistant/adversarial.py` generates
faithful and distorted claims from the corpus to measure exactly this
(`tests/test_adversarial.py`, `make bench`).

The SUPPORTED score blends a lexical and a semantic view: the mean of (a) the
share of the claim's content stems found in the paragraph and (b) the best
`similarity(claim, clause)` over the paragraph, its verb-led parts and clauses.
Its threshold was calibrated before the vetoes existed
(`tests/data/verify_calibration.jsonl`, `tests/test_verify.py::test_calibration`,
64 claims about the seed: 24 paraphrases, 24 invented clauses in the
paragraph's vocabulary, 16 true statements cited to a close but wrong
paragraph; minimising 2·(false accepts) + (false rejects)): 0.72 for both
similarities — all-MiniLM-L6-v2 cosine (`embedding_similarity`, what answers
use): 20/24 paraphrases, 1/40 unsupported accepted by the score alone;
rapidfuzz token-sort ratio of the stems (`fuzzy_similarity`, the default
without a model): 16/24 and 2/40.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from assistant import accounting
from assistant.extractive import pieces, verb_parts
from assistant.types import QUOTED, SUPPORTED, UNSUPPORTED, Citation
from index.paragraph import Paragraph
from index.text import CLAIM_TOKEN_RE, MARKUP_AND_UNDERSCORES_RE, content_stems, split_sentences

Similarity = Callable[[str, str], float]

FUZZY_THRESHOLD = 0.72
EMBEDDING_THRESHOLD = 0.72
QUOTE_COVERAGE = 0.8
MIN_RUN = 4  # shorter shared runs ("of the World Summit") are coincidences, not quotation
LONG_RUN = 8
UNSUPPORTED_TAG = "[unsupported]"

_RANK = {QUOTED: 0, SUPPORTED: 1, UNSUPPORTED: 2}
_MARKER_RE = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # as shown in the verified answer (renumbered markers, tag when unsupported)
    markers: tuple[int, ...]  # renumbered markers it carries
    status: str


@dataclass
class VerifiedAnswer:
    text: str
    citations: list[Citation]
    n_supported: int
    sentences: list[CheckedSentence] = field(default_factory=list)
    removed_markers: list[int] = field(default_factory=list)  # as the model wrote them


def fuzzy_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] without a model: rapidfuzz token-sort ratio of the stemmed content words."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    return fuzz.token_sort_ratio(" ".join(sa), " ".join(sb)) / 100


def stem_recall(claim: str, text: str) -> float:
    """Share of the claim's distinct content stems that occur in `text`."""
    sc = set(content_stems(claim))
    return len(sc & set(content_stems(text))) / len(sc) if sc else 0.0


class EmbeddingSimilarity:
    """Cosine similarity from a sentence-transformers model; each text is encoded once.

    `prime(texts)` encodes many texts in one batch (the verifier primes all
    claims and clauses of an answer before comparing them pairwise).
    """

    def __init__(self, model, cache_size: int = 4096) -> None:
        self.model = model
        self.cache_size = cache_size
        self._vectors: dict[str, Any] = {}

    def prime(self, texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if not missing:
            return
        if len(self._vectors) + len(missing) > self.cache_size:
            self._vectors.clear()
        for text, vector in zip(missing, self.model.encode(missing, normalize_embeddings=True), strict=True):
            self._vectors[text] = vector

    def __call__(self, a: str, b: str) -> float:
        self.prime((a, b))
        return float(self._vectors[a] @ self._vectors[b])


def embedding_similarity(model) -> EmbeddingSimilarity:
    """The injected `similarity` for a sentence-transformers model (threshold `EMBEDDING_THRESHOLD`)."""
    return EmbeddingSimilarity(model)


def _claim(sentence: str) -> str:
    return re.sub(r"\s+", " ", _MARKER_RE.sub(" ", sentence.replace(UNSUPPORTED_TAG, " "))).strip()


# --- the words that change what a sentence commits anyone to ------------------------------------

def _split(text: str) -> list[str]:
    return text.split()


_TYPOGRAPHY = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"}
)
# Footnote references and emphasis are markup, not words: blanked (same length, offsets stay valid).
NEGATIONS = frozenset(_split("not no never nor neither none without cannot n't"))
MODALS = frozenset(_split("shall should may must will would can could might"))
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        _split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000"})
_ORDINALS = {
    w: str(i)
    for i, w in enumerate(
        _split(
            "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        )
    )
}
_MONTHS = frozenset(_split("january february march april june july august september october november december"))
# Operative verbs of a resolution; words that are as often something else ("continues", "supports",
# "takes", "notes" as a noun is rare enough to keep) are left out.
_OPERATIVE = (
    "accept acknowledge adopt affirm agree appeal applaud approve ask authorize call commend commit condemn "
    "confirm decide declare deplore designate direct emphasize encourage endorse express highlight instruct "
    "invite launch note pledge proclaim reaffirm recall recognize recommend regret reiterate remind renew "
    "request resolve stress underline underscore undertake urge welcome"
)


def _verb_forms(base: str) -> dict[str, str]:
    """Every inflection of an operative verb -> its lemma ('urges', 'urged', 'urging' -> 'urge')."""
    stem = base[:-1] if base.endswith("e") else base
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")
    past = base + ("d" if base.endswith("e") else "ed")
    forms = {base, third, past, stem + "ing"}
    if base in {"commit", "regret"}:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return dict.fromkeys(forms, base)


VERB_LEMMAS: dict[str, str] = {f: lemma for b in _OPERATIVE.split() for f, lemma in _verb_forms(b).items()}
# Lower-case nouns that name an actor; capitalized words (Secretary-General, UNESCO, Member States) are
# actors or names by their capital.
_ACTOR_NOUNS = frozenset(
    _split(
        "states governments stakeholders countries society sector community communities entities organizations "
        "organisations agencies commissions secretariat members parliaments academia donors partners "
        "facilitators bodies institutions"
    )
)
# The issuing body of a paragraph, as a claim may name it before a quote ("The Council urges …").
_BODY_NAMES = {
    "Economic and Social Council": ("the economic and social council", "economic and social council",
                                    "the council", "ecosoc"),
    "General Assembly": ("the general assembly", "general assembly", "the assembly"),
}
_ALL_BODY_NAMES = sorted({n for names in _BODY_NAMES.values() for n in names}, key=len, reverse=True)
# Words a sentence may put around a verbatim quote without changing it.
_FRAMING_TOKENS = frozenset(_split("according to paragraph para the resolution document it says that in its also"))
_REFERENCE_RE = re.compile(r"\b(?:paragraphs?|paras?\.?|op|pp)\s+(\d+(?:\s*\([a-z]{1,3}\))?)", re.IGNORECASE)
MIN_QUOTE_WORDS = 6  # a shorter verbatim run ("of the World Summit") is a coincidence, not a quotation
NEAR_REGION = 1  # paragraph words before the claim's start that count as what it replaced ("Urges the")
MAX_JOIN_GAP = 8  # paragraph words a claim may skip, with no word of its own, before a critical word
MAX_NEW_STEMS = 0  # content words a claim may bring that nothing accounts for (assistant/accounting.py)


@dataclass(frozen=True)
class Token:
    word: str  # lower case, typography normalized
    start: int
    end: int
    capital: bool  # written with a capital and not the first word


def _clean(text: str) -> str:
    """Typography normalized and markup blanked, offsets unchanged."""
    return MARKUP_AND_UNDERSCORES_RE.sub(lambda m: " " * len(m.group(0)), text.translate(_TYPOGRAPHY))


def _separators(text: str, tokens: Sequence[Token]) -> list[str]:
    """The punctuation between consecutive tokens (whitespace ignored): ',' ';' '"' or ''."""
    clean = _clean(text)
    return ["".join(clean[a.end : b.start].split()) for a, b in itertools.pairwise(tokens)]


def word_tokens(text: str) -> list[Token]:
    """Word tokens of `text` with offsets into `text`; markup and typography do not count."""
    clean = _clean(text)
    found = list(CLAIM_TOKEN_RE.finditer(clean))
    return [
        Token(m.group(0).lower(), m.start(), m.end(), i > 0 and m.group(0)[0].isupper())
        for i, m in enumerate(found)
    ]


def critical(token: Token) -> str | None:
    """The category-tagged form of a word whose change changes the commitment, else None.

    neg:not, num:2012 (digits, number words and ordinals alike), mod:should,
    verb:urge (any inflection), actor:secretary-general.
    """
    w = token.word.removesuffix("'s")
    if w in NEGATIONS or w.endswith("n't"):
        return "neg:not"
    if w.replace(",", "").isdigit():
        return f"num:{int(w.replace(',', ''))}"
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
    if m:
        return f"num:{int(m.group(1))}"
    if w in _NUMBER_WORDS or w in _ORDINALS:
        return f"num:{_NUMBER_WORDS.get(w) or _ORDINALS[w]}"
    if w in _MONTHS or (w == "may" and token.capital):
        return f"num:{w}"
    if w in MODALS:
        return f"mod:{w}"
    parts = re.split(r"[-/.]", w)
    if len(parts) > 1 and any(x.isdigit() or x in _NUMBER_WORDS or x in _ORDINALS for x in parts):
        return f"num:{w}"  # "70/125", "seventy-fourth", "2030-2035"
    if w in VERB_LEMMAS:
        return f"verb:{VERB_LEMMAS[w]}"
    if w in _ACTOR_NOUNS or (token.capital and w not in _FRAMING_TOKENS) or _ACTOR_NOUNS.intersection(parts):
        return f"actor:{w}"
    return None


@dataclass(frozen=True)
class ClaimCheck:
    """What the checker found for one claim against one paragraph."""

    status: str
    span: str  # the paragraph's words the claim relies on (the quoted span, or the closest clause)
    differences: tuple[str, ...] = ()  # why it is not QUOTED / SUPPORTED, in words a reader can check
    score: float = 0.0  # the blended support score (0 when a difference ruled it out first)

    def to_json(self) -> dict:
        return {"status": self.status, "span": self.span, "differences": list(self.differences),
                "score": round(self.score, 3)}


def paragraph_source(paragraph: Paragraph) -> str:
    """What a claim about a paragraph may draw on: a sub-paragraph's chapeau, then its own text."""
    return f"{paragraph.chapeau} {paragraph.text}" if paragraph.chapeau else paragraph.text


def split_framing(claim: str, paragraph: Paragraph) -> tuple[str, list[str]]:
    """(the claim without the body it names and the references to this paragraph, differences found).

    "The Economic and Social Council urges …" about an ECOSOC paragraph is "urges …";
    naming the other body, or another paragraph number, is a difference.
    """
    differences: list[str] = []
    number = re.match(r"\d+(?:\([a-z]{1,3}\))?", paragraph.loc.split(".")[-1])

    own_text = " ".join(t.word for t in word_tokens(paragraph_source(paragraph)))

    def reference(m: re.Match) -> str:
        cited = re.sub(r"\s+", "", m.group(1))
        if " ".join(t.word for t in word_tokens(m.group(0))) in own_text:
            return m.group(0)  # the paragraph itself names it ("as reflected in paragraph 72 of …")
        if not number or cited != number.group(0):
            differences.append(f"names paragraph {cited}; the cited paragraph is {paragraph.label}")
        return " "

    text = _REFERENCE_RE.sub(reference, claim.translate(_TYPOGRAPHY))
    text = re.sub(r"^\s*(?:according to|in)\b\s*(?:the\s+)?(?:resolution|document)?\s*,?\s*", "", text,
                  flags=re.IGNORECASE)
    low = text.lower().lstrip(" ,:")
    for name in _ALL_BODY_NAMES:
        if low.startswith(name + " ") or low.startswith(name + ","):
            own = _BODY_NAMES.get(paragraph.body, ())
            if name not in own and not paragraph.text.lower().startswith(name):
                differences.append(f"attributes it to {name.removeprefix('the ')}; the paragraph is of the "
                                   f"{paragraph.body or 'unknown body'}")
            text = text.lstrip(" ,:")[len(name):]
            break
    return text.strip(" ,:"), differences


def quoted_span(claim: str, paragraph: Paragraph | str) -> str | None:
    """The paragraph's words that `claim` quotes word for word, or None when it does not.

    The claim, after the issuing body's name and framing words ("The Council",
    "according to paragraph 35,"), must be one contiguous run of the paragraph's
    words of at least `MIN_QUOTE_WORDS` words (or the whole paragraph); case,
    whitespace, typographic quotes and hyphen variants are normalized, nothing
    else.  A run that stops just before, or starts just after, a negation of the
    paragraph is not a quote of what the paragraph says.
    """
    if isinstance(paragraph, str):
        source, rest, framing_diffs = paragraph, claim, []
    else:
        source = paragraph_source(paragraph)
        rest, framing_diffs = split_framing(claim, paragraph)
    if framing_diffs:
        return None
    c = word_tokens(rest)
    p = word_tokens(source)
    if not c or not p:
        return None
    cw, pw = [t.word for t in c], [t.word for t in p]
    m = difflib.SequenceMatcher(None, cw, pw, autojunk=False).find_longest_match(0, len(cw), 0, len(pw))
    if m.size == 0 or m.a + m.size != len(cw) or any(w not in _FRAMING_TOKENS for w in cw[: m.a]):
        return None
    if m.size < min(MIN_QUOTE_WORDS, len(pw)):
        return None
    before = pw[m.b - 1] if m.b > 0 else ""
    after = pw[m.b + m.size] if m.b + m.size < len(pw) else ""
    then = pw[m.b + m.size + 1] if m.b + m.size + 1 < len(pw) else ""
    if before in NEGATIONS or after in NEGATIONS or (after in ("to", "that") and then in NEGATIONS):
        return None
    end = m.b + m.size
    gap = _clean(source)[p[end - 1].end : p[end].start] if 0 < end < len(p) else ""
    statement_ends = any(ch in gap for ch in accounting.STATEMENT_BREAKS)
    if accounting.narrowed_before(pw, m.b) or accounting.narrowing(pw, end, statement_ends):
        return None  # "78 per cent …" of "only 78 per cent …"; "all women" of "all women and girls"
    if _separators(rest, c[m.a : m.a + m.size]) != _separators(source, p[m.b : m.b + m.size]):
        return None  # a comma dropped or added inside the quote: near, but not word for word
    return source[p[m.b].start : p[m.b + m.size - 1].end]


def _near_region(solid: list, n_claim: int, n_para: int) -> tuple[int, int]:
    """The part of the paragraph the claim stands for: its aligned blocks, widened by the claim's ends.

    Claim words before the first aligned block stand for as many paragraph words
    before it, plus NEAR_REGION (a verb the claim moved, an article it dropped:
    "Urges the Secretary-General" -> "The Secretary-General is urged"); claim
    words after the last block stand for as many after it.  Paragraph words
    beyond are what the claim left out, not what it changed.
    """
    if not solid:
        return 0, n_para
    first, last = solid[0], solid[-1]
    tail = n_claim - (last.a + last.size)
    return max(0, first.b - first.a - NEAR_REGION), min(n_para, last.b + last.size + tail)


def _alignment(claim: str, source: str) -> tuple[list[Token], list[Token], list, tuple[int, int]]:
    """(claim tokens, paragraph tokens, aligned blocks of >= 2 words, the region the claim stands for)."""
    c, p = word_tokens(claim), word_tokens(source)
    matcher = difflib.SequenceMatcher(None, [t.word for t in c], [t.word for t in p], autojunk=False)
    solid = [b for b in matcher.get_matching_blocks()[:-1] if b.size >= 2]  # one shared word is chance
    return c, p, solid, _near_region(solid, len(c), len(p))


def critical_differences(claim: str, source: str) -> list[str]:
    """What the claim changes in words that carry the commitment, aligned word by word with `source`.

    The claim is aligned with the paragraph (difflib); a negation, number or
    date, modal, operative verb or actor that the claim adds or substitutes
    must also be among the words the alignment left over in the paragraph
    near that place (so "is urged" for "Urges" passes, "Member States" for
    "the Secretary-General" does not); a negation the paragraph has there and
    the claim drops is a difference too.
    """
    c, p, solid, (lo, hi) = _alignment(claim, source)
    if not c:
        return []
    claim_covered = {b.a + k for b in solid for k in range(b.size)}
    para_covered = {b.b + k for b in solid for k in range(b.size)}
    claim_extra = Counter(k for i, t in enumerate(c) if i not in claim_covered and (k := critical(t)))
    differences = []
    for x, y in itertools.pairwise(solid):
        # An elision ("… to take the necessary steps") is fine; one that hands the words after it a
        # new actor, verb, number, modal or negation ("the Chair of | the Secretary-General to") is not.
        joined = [critical(t) for t in c[y.a : y.a + 2]]
        if y.a == x.a + x.size and y.b - (x.b + x.size) >= MAX_JOIN_GAP and any(joined):
            differences.append(
                f"joins '{' '.join(cw.word for cw in c[x.a + x.size - 2 : y.a + 2])}' from words "
                f"{y.b - x.b - x.size} apart in the paragraph"
            )
    anchored = {b.a + k for b in solid if b.size >= 3 for k in range(b.size)}
    for piece in pieces(claim):
        start = claim.find(piece)
        idx = [i for i, t in enumerate(c) if start <= t.start < start + len(piece)]
        if len(idx) >= 4 and not anchored.intersection(idx):
            differences.append(f"a clause the paragraph does not have: '{piece}'")
    para_extra = Counter(k for j in range(lo, hi) if j not in para_covered and (k := critical(p[j])))
    for key in sorted(claim_extra - para_extra):
        kind, word = key.split(":", 1)
        differences.append(_describe(kind, word, added=True))
    dropped = para_extra - claim_extra
    if dropped["neg:not"]:
        differences.append(_describe("neg", "not", added=False))
    return differences


def _describe(kind: str, word: str, added: bool) -> str:
    what = {"neg": "negation", "num": "number or date", "mod": "modal", "verb": "operative verb",
            "actor": "actor or name"}[kind]
    if not added:
        return f"{what}: drops a negation the paragraph has there"
    return f"{what}: '{word}' is not what the paragraph says there"


def new_stems(claim: str, source: str) -> list[str]:
    """Content stems of the claim that the paragraph does not have (body names and framing aside)."""
    have = set(content_stems(source.translate(_TYPOGRAPHY)))
    have |= set(content_stems(" ".join(_ALL_BODY_NAMES) + " paragraph resolution"))
    return [s for s in dict.fromkeys(content_stems(claim.translate(_TYPOGRAPHY))) if s not in have]


def support_score(claim: str, paragraph: Paragraph, similarity: Similarity) -> tuple[float, str]:
    """(blended support score, the closest clause of the paragraph); see the module docstring."""
    best, clause = max(((similarity(claim, c), c) for c in _clauses(paragraph)), key=lambda x: x[0])
    return 0.5 * stem_recall(claim, paragraph_source(paragraph)) + 0.5 * best, clause


def check_claim(
    claim: str, paragraph: Paragraph, similarity: Similarity | None = None, threshold: float | None = None
) -> ClaimCheck:
    """QUOTED, SUPPORTED or UNSUPPORTED for one claim against one paragraph, with what differs.

    QUOTED: `quoted_span` finds it word for word.  SUPPORTED: no critical
    difference (`critical_differences`), at most `MAX_NEW_STEMS` new content
    stems, and the blended support score reaches `threshold`.  Otherwise
    UNSUPPORTED, with the differences that decided it.
    """
    if similarity is None:
        similarity = fuzzy_similarity
        threshold = FUZZY_THRESHOLD if threshold is None else threshold
    elif threshold is None:
        threshold = EMBEDDING_THRESHOLD
    span = quoted_span(claim, paragraph)
    if span is not None:
        return ClaimCheck(QUOTED, span, (), 1.0)
    rest, differences = claim_differences(claim, paragraph)
    if differences:  # decided without the embeddings; show the clause sharing most words
        clause = max(_clauses(paragraph), key=lambda c: (stem_recall(c, rest), -len(c)))
        return ClaimCheck(UNSUPPORTED, clause, tuple(differences), 0.0)
    score, clause = support_score(rest or claim, paragraph, similarity)
    if score < threshold:
        differences.append(f"too far from the paragraph's wording (support {score:.2f} < {threshold:.2f})")
    return ClaimCheck(UNSUPPORTED if differences else SUPPORTED, clause, tuple(differences), score)


def claim_differences(claim: str, paragraph: Paragraph) -> tuple[str, list[str]]:
    """(the claim without its framing, what it changes or adds): the vetoes of `check_claim`, no model needed."""
    source = paragraph_source(paragraph)
    rest, differences = split_framing(claim, paragraph)
    differences += critical_differences(rest, source)
    differences += word_differences(rest, source)
    return rest, differences


def word_differences(claim: str, source: str) -> list[str]:
    """The claim's words nothing in the paragraph accounts for, its contradictions and dropped scope words.

    `assistant/accounting.py` decides; the words `critical` tags (numbers,
    negations, modals, operative verbs, actors) are `critical_differences`'s.
    More than `MAX_NEW_STEMS` unaccounted content words make a difference each.
    """
    c, p, _, region = _alignment(claim, source)
    if not c:
        return []
    skip = {i for i, t in enumerate(c) if critical(t)}
    always, unaccounted = accounting.word_differences(c, p, source.translate(_TYPOGRAPHY), region, skip)
    return always + (unaccounted if len(unaccounted) > MAX_NEW_STEMS else [])


def _clauses(paragraph: Paragraph) -> list[str]:
    found = [paragraph.text]
    for part in verb_parts(paragraph.text):
        found.append(part)
        found.extend(pieces(part))
    return list(dict.fromkeys(c for c in found if c))


def verify_claim(
    text: str, paragraph: Paragraph, similarity: Similarity | None = None, threshold: float | None = None
) -> ClaimCheck:
    """`wsis verify`: one pasted sentence against the paragraph it is said to come from.

    Markers ("[1]") and an "[unsupported]" tag are ignored; otherwise it is the
    check every generated answer's sentences go through (`check_claim`).
    """
    return check_claim(_claim(text), paragraph, similarity, threshold)


def _flag(sentence: str) -> str:
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else ""
    return f"{body[: len(body) - len(end)].rstrip()} {UNSUPPORTED_TAG}{end or '.'}"


def verify_answer(
    text: str,
    supplied: Sequence[Paragraph],
    similarity: Similarity | None = None,
    threshold: float | None = None,
) -> VerifiedAnswer:
    """Check every sentence of `text` against `supplied` (marker [n] = supplied[n-1]).

    `similarity` defaults to `fuzzy_similarity`; `threshold` defaults to the
    value calibrated for it (`FUZZY_THRESHOLD`), or to `EMBEDDING_THRESHOLD`
    when another similarity (an embedding cosine) is injected.
    """
    if similarity is None:
        similarity = fuzzy_similarity
        threshold = FUZZY_THRESHOLD if threshold is None else threshold
    elif threshold is None:
        threshold = EMBEDDING_THRESHOLD
    renumber: dict[int, int] = {}
    best: dict[int, tuple[str, str, tuple[str, ...]]] = {}  # new marker -> (status, quote, differences)
    removed: list[int] = []
    checked: list[CheckedSentence] = []
    sentences = split_sentences(text)
    if hasattr(similarity, "prime"):  # one batched encode instead of one per pair
        texts = [_claim(s) for s in sentences]
        for n in {
            int(n) for s in sentences for g in _MARKER_RE.findall(s) for n in re.split(r"\s*[,;]\s*", g)
        }:
            if 1 <= n <= len(supplied):
                texts.extend(_clauses(supplied[n - 1]))
        similarity.prime(texts)
    for sentence in sentences:
        valid: list[int] = []

        def keep(match: re.Match, valid: list[int] = valid) -> str:
            numbers = [int(n) for n in re.split(r"\s*[,;]\s*", match.group(1))]
            kept = []
            for n in numbers:
                if 1 <= n <= len(supplied):
                    new = renumber.setdefault(n, len(renumber) + 1)
                    kept.append(new)
                    valid.append(n)
                else:
                    removed.append(n)
            return "".join(f"[{k}]" for k in kept)

        shown = re.sub(r"\s+([.!?,;])", r"\1", re.sub(r" {2,}", " ", _MARKER_RE.sub(keep, sentence))).strip()
        shown = re.sub(r"\s*([.!?])\s*((?:\[\d+\])+)$", r" \2\1", shown)  # "x. [1]" -> "x [1]."
        claim = _claim(shown)
        status = UNSUPPORTED
        for n in dict.fromkeys(valid):
            checked_claim = check_claim(claim, supplied[n - 1], similarity, threshold)
            result = (checked_claim.status, checked_claim.span, checked_claim.differences)
            new = renumber[n]
            if new not in best or _RANK[result[0]] < _RANK[best[new][0]]:
                best[new] = result
            if _RANK[result[0]] < _RANK[status]:
                status = result[0]
        if status == UNSUPPORTED:
            shown = _flag(shown)
        markers = tuple(renumber[n] for n in dict.fromkeys(valid))
        checked.append(CheckedSentence(shown, markers, status))
    by_new = {new: old for old, new in renumber.items()}
    citations = [
        Citation(marker=new, paragraph=supplied[by_new[new] - 1], quote=best[new][1], status=best[new][0],
                 differences=best[new][2] if best[new][0] == UNSUPPORTED else ())
        for new in sorted(best)
    ]
    return VerifiedAnswer(
        text=" ".join(s.text for s in checked),
        citations=citations,
        n_supported=sum(1 for s in checked if s.status != UNSUPPORTED),
        sentences=checked,
        removed_markers=removed,
    )
