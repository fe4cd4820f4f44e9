"""Check a generated answer against the paragraphs it was given, sentence by sentence.

A language model's answer is trusted only as far as its citations hold:

1. The answer is split into sentences; a marker standing alone after a full stop
   ("… Baku. [1]") belongs to the sentence before it.
2. A marker [n] that points to no supplied paragraph is removed from the text.
3. Each remaining (sentence, marker) pair gets a status:
   - QUOTED when the sentence, minus its markers and framing words, is found in
     the cited paragraph: at least `QUOTE_COVERAGE` of its words lie in runs
     of ≥ `MIN_RUN` consecutive words shared with the paragraph, the longest run
     being ≥ 8 words (or the whole sentence, when shorter);
   - SUPPORTED when `similarity(sentence, clause)` reaches the threshold for
     some clause of the paragraph (or the whole paragraph);
   - UNSUPPORTED otherwise.
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

The SUPPORTED score blends a lexical and a semantic view: the mean of (a) the
share of the claim's content stems found in the paragraph and (b) the best
`similarity(claim, clause)` over the paragraph, its verb-led parts and clauses.
(a) alone cannot tell a paraphrase from a contradiction built from the same
words; (b) alone forgives invented specifics that sound on topic.

Calibration (`tests/data/verify_calibration.jsonl`, re-measured by
`tests/test_verify.py::test_calibration`): 64 claims about the seed resolution,
each citing one seed paragraph — 24 paraphrases of what the cited paragraph says
(should be SUPPORTED), 24 invented clauses written in that paragraph's own
vocabulary ("…forbidden from collecting national data…") and 16 true statements
cited to a topically close but wrong paragraph (should be UNSUPPORTED).  Sweeping
the threshold and minimising 2·(false accepts) + (false rejects) — a wrongly
accepted claim costs more than a rejected paraphrase, which only sends the
reader to the extractive answer — gave 0.72 for both similarities:

- (b) = all-MiniLM-L6-v2 cosine (`embedding_similarity`), threshold 0.72:
  20/24 paraphrases accepted, 1/40 unsupported accepted (0 of 16
  misattributed), accuracy 0.92;
- (b) = rapidfuzz token-sort ratio of the stems (`fuzzy_similarity`, the
  default), threshold 0.72: 16/24 paraphrases accepted, 2/40 unsupported
  accepted (0 of 16 misattributed), accuracy 0.84.

For comparison, the cosine alone needed 0.81 for zero false accepts and then
kept 17/24 paraphrases; the stem recall alone reached only 0.78 accuracy.
Invented clauses that reuse the paragraph's words (negations, reversals) are the
residual risk; a wrong paragraph number is caught.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from assistant.extractive import content_stems, pieces, verb_parts
from assistant.types import QUOTED, SUPPORTED, UNSUPPORTED, Citation
from index.paragraph import Paragraph

Similarity = Callable[[str, str], float]

FUZZY_THRESHOLD = 0.72
EMBEDDING_THRESHOLD = 0.72
QUOTE_COVERAGE = 0.8
MIN_RUN = 4  # shorter shared runs ("of the World Summit") are coincidences, not quotation
LONG_RUN = 8
UNSUPPORTED_TAG = "[unsupported]"

_RANK = {QUOTED: 0, SUPPORTED: 1, UNSUPPORTED: 2}
_MARKER_RE = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_LEADING_MARKERS_RE = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+")
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-'’./][A-Za-z0-9]+)*")
# Words an answer may add around a quote without making it less of a quote.
_FRAMING_WORDS = (
    "the a an also in of and that this it its council assembly general economic social footnote states "
    "says said according to paragraph para resolution document"
)
_FRAMING = frozenset(_FRAMING_WORDS.split())
_ABBREVIATIONS = (
    "para.",
    "paras.",
    "No.",
    "e.g.",
    "i.e.",
    "Mr.",
    "Ms.",
    "chap.",
    "vol.",
    "p.",
    "pp.",
    "art.",
)


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


def support_score(claim: str, paragraph: Paragraph, similarity: Similarity) -> tuple[float, str]:
    """(blended support score, the closest clause of the paragraph); see the module docstring."""
    source = f"{paragraph.chapeau} {paragraph.text}" if paragraph.chapeau else paragraph.text
    best, clause = max(((similarity(claim, c), c) for c in _clauses(paragraph)), key=lambda x: x[0])
    return 0.5 * stem_recall(claim, source) + 0.5 * best, clause


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower().rstrip("."), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def split_sentences(text: str) -> list[str]:
    """Sentences of an answer; '[n]' standing alone after a full stop joins the sentence before."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = re.sub(rf"(?<![A-Za-z]){re.escape(abbr)}", f"\x00{i}\x00", protected)
    parts = re.split(r"(?<=[.!?])\s+(?=[\[A-Z“\"(])|\n+", protected)
    sentences: list[str] = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
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


def _claim(sentence: str) -> str:
    return re.sub(r"\s+", " ", _MARKER_RE.sub(" ", sentence.replace(UNSUPPORTED_TAG, " "))).strip()


def quoted_span(claim: str, paragraph_text: str) -> str | None:
    """The paragraph's own words that `claim` quotes, or None when it does not quote it."""
    c = [t for t, _, _ in _tokens(claim)]
    ptoks = _tokens(paragraph_text)
    p = [t for t, _, _ in ptoks]
    if not c or not p:
        return None
    blocks = difflib.SequenceMatcher(None, c, p, autojunk=False).get_matching_blocks()
    blocks = [b for b in blocks if b.size >= min(MIN_RUN, len(c))]
    if not blocks:
        return None
    covered = {b.a + k for b in blocks for k in range(b.size)}
    counted = [i for i, t in enumerate(c) if i in covered or t not in _FRAMING]
    coverage = sum(1 for i in counted if i in covered) / max(len(counted), 1)
    if coverage < QUOTE_COVERAGE or max(b.size for b in blocks) < min(LONG_RUN, len(c)):
        return None
    start, end = ptoks[blocks[0].b][1], ptoks[blocks[-1].b + blocks[-1].size - 1][2]
    return paragraph_text[start:end]


def _clauses(paragraph: Paragraph) -> list[str]:
    found = [paragraph.text]
    for part in verb_parts(paragraph.text):
        found.append(part)
        found.extend(pieces(part))
    return list(dict.fromkeys(c for c in found if c))


def check_claim(
    claim: str, paragraph: Paragraph, similarity: Similarity, threshold: float
) -> tuple[str, str]:
    """(status, the paragraph's words the claim relies on) for one claim against one paragraph."""
    source = f"{paragraph.chapeau} {paragraph.text}" if paragraph.chapeau else paragraph.text
    span = quoted_span(claim, source)
    if span is not None:
        return QUOTED, span
    score, clause = support_score(claim, paragraph, similarity)
    return (SUPPORTED if score >= threshold else UNSUPPORTED), clause


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
    best: dict[int, tuple[str, str]] = {}  # new marker -> (status, quote)
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
            result = check_claim(claim, supplied[n - 1], similarity, threshold)
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
        Citation(marker=new, paragraph=supplied[by_new[new] - 1], quote=best[new][1], status=best[new][0])
        for new in sorted(best)
    ]
    return VerifiedAnswer(
        text=" ".join(s.text for s in checked),
        citations=citations,
        n_supported=sum(1 for s in checked if s.status != UNSUPPORTED),
        sentences=checked,
        removed_markers=removed,
    )
