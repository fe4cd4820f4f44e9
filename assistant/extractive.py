"""The default answer backend: an answer made only of the retrieved paragraphs' own words.

No language model is involved.  `compose_extractive` picks, for each paragraph it
uses, the part that best answers the question and renders it as a sentence of
the body that adopted it, exactly as the document reads:

- operative paragraph (and a sub-paragraph with its own verb):
  "The Economic and Social Council urges the Secretary-General to ensure … [1]."
  The body's name comes from `Paragraph.body`; only the first letter of the
  operative verb is lower-cased.
- preambular paragraph: the resolution's own form, chapeau plus participle:
  "The Economic and Social Council, recalling its resolution 2006/46 … [1]."
  (We do not turn "recalling" into "recalls": that would be our word, not theirs.)
- footnote: "Footnote 1 of E/RES/2012/5: See A/C.2/59/3, annex … [1]."
- any other unit: its text as it stands.

The only words that are not the paragraph's are framing words: the body's name
("The Economic and Social Council"), "also" when the same body speaks again,
"In SYMBOL," when the answer draws on several documents, "Footnote n of SYMBOL:"
and the punctuation that closes a sentence.  Every sentence ends with its
citation marker [n], and each `Citation.quote` holds the exact words used; when
a long paragraph is shortened, the kept pieces are joined by " … " in the quote
and in the answer, each piece verbatim.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from assistant.types import QUOTED, Citation, Hit
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph

# A paragraph (or one verb-led part of it) up to this many words is used whole:
# shorter than that, cutting it saves little and loses context.
MAX_WORDS = 80
# A further paragraph joins the answer only when its best part scores at least
# this share of the first paragraph's best part against the question, and either
# scores as high or covers a question word the answer does not cover yet: every
# extra citation that is not needed costs citation precision ...
CLOSE_SHARE = 0.8
# ... and when it adds at least this many content stems the answer lacks (a
# near-repeat of language already quoted adds nothing).
MIN_NOVEL_STEMS = 3
# Two quotes this similar (rapidfuzz ratio, 0-100) are the same language repeated
# year after year; only the first is used.
DUPLICATE_RATIO = 85
ELLIPSIS = " … "
# A paragraph that only reaffirms others ("paragraphs 34 to 37 and 67 to 72") brings up to this many.
MAX_REFERENCED = 12

# Words that carry no topic: function words plus the vocabulary of asking.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves whose anything something say says said tell show give
    mention mentioned mentions according regarding concerning resolution resolutions
    text paragraph paragraphs para council assembly"""
STOPWORDS = frozenset(_STOP_TEXT.split())

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")

# Third-person operative verbs (and verb phrases) that start a new verb-led part
# inside one operative paragraph: "…, encourages all stakeholders …, and invites …".
_OPERATIVE_VERBS = (
    "acknowledges|affirms|appreciates|calls upon|calls on|commends|considers|decides|draws attention|"
    "emphasizes|emphasises|encourages|endorses|expresses|highlights|invites|looks forward|notes|"
    "reaffirms|recalls|recognizes|recognises|recommends|reiterates|requests|stresses|supports|"
    "takes note|underlines|underscores|urges|welcomes"
)
_VERB_BOUNDARY_RE = re.compile(
    rf"(?:[,;]\s+(?:and\s+)?|\s+and\s+)(?=(?:also\s+|further\s+|in this regard\s+|"
    rf"in this respect\s+)?(?:{_OPERATIVE_VERBS})\b)"
)
# Smaller pieces of a long verb-led part: "; ", ", " before a word that starts a
# clause ("…, to be held from 6 to 9 November 2012 in Baku, Azerbaijan" keeps the
# place name whole, "people-centred, inclusive and …" keeps the list whole), and
# sentence ends.
_CLAUSE_STARTERS = (
    "to|which|that|who|whose|while|including|in|particularly|especially|notably|with|as|by|through|and|"
    "but|whereas|where|when|thereby|such as|inter alia|among|within|[a-z]+ing"
)
_PIECE_RE = re.compile(rf"(?<=;)\s+|(?<=,)\s+(?=(?:{_CLAUSE_STARTERS})\b)|(?<=[.!?])\s+(?=[A-Z])")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_TRAILING_RE = re.compile(r"(?:[\s,;:]|\band\b|\bor\b)+$")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer; the keyword index uses the same English stemmer

    return Stemmer.Stemmer("english")


def content_stems(text: str) -> list[str]:
    """Stemmed content words of `text`, in order (stopwords and one-letter tokens dropped)."""
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]
    words = [w for w in words if w not in STOPWORDS and len(w) > 1]
    return _stemmer().stemWords(words)


def overlap_score(question_stems: set[str], text: str) -> float:
    """How much of the question a piece of text covers: distinct shared stems, a small bonus for pairs."""
    stems = content_stems(text)
    shared = question_stems.intersection(stems)
    bigrams = set(itertools.pairwise(stems))
    paired = sum(1 for a, b in bigrams if a in question_stems and b in question_stems)
    return len(shared) + 0.25 * paired


def _clean_end(text: str) -> str:
    return _TRAILING_RE.sub("", text.strip()).rstrip(".")


def _lower_first(text: str) -> str:
    """'Urges the …' -> 'urges the …'; leaves acronyms and proper names ('ICT', 'United …') alone."""
    m = re.match(r"[A-Z][a-z]+", text)
    if not m or m.group(0) in {"United", "General", "Member", "States", "Governments"}:
        return text
    return text[0].lower() + text[1:]


def verb_parts(text: str) -> list[str]:
    """Split an operative paragraph into its verb-led parts, each verbatim, trailing ', and' removed."""
    parts = [p for p in _VERB_BOUNDARY_RE.split(text) if p and p.strip()]
    return [_clean_end(p) for p in parts]


def pieces(text: str) -> list[str]:
    """Split a long part into clauses at '; ', ', ' before a lower-case word and sentence ends."""
    return [p for p in (_clean_end(x) for x in _PIECE_RE.split(text)) if p]


def _words(text: str) -> int:
    return len(text.split())


def best_span(question_stems: set[str], text: str, max_words: int = MAX_WORDS) -> tuple[list[str], float]:
    """The verbatim piece(s) of `text` that best answer the question, and their score.

    Returns verbatim fragments (shown joined by ' … ' when not contiguous).  A
    text within `max_words` is returned whole; otherwise its best verb-led
    part; a part still too long is cut to the window of clauses that scores
    best, led by the part's head (verb and object) when the window does not
    start there.  Ties go to the window that starts at the head, then to the
    shorter one (clauses that match nothing of the question are left out).
    """
    whole = _clean_end(text)
    if _words(whole) <= max_words:
        return [whole], overlap_score(question_stems, whole)
    parts = verb_parts(whole)
    scored = [(overlap_score(question_stems, p), -i, p) for i, p in enumerate(parts)]
    score, _, part = max(scored)
    if _words(part) <= max_words:
        return [part], score
    clauses = pieces(part)
    head = clauses[0]
    best: tuple[tuple[float, bool, int], list[str]] | None = None
    for i in range(len(clauses)):
        for j in range(i, len(clauses)):
            window = _join(part, clauses, i, j)
            fragments = [window] if i == 0 else [head, window]
            size = sum(_words(f) for f in fragments)
            if size > max_words and j > i:
                break
            if size > max_words and i > 0:
                continue
            key = (overlap_score(question_stems, " ".join(fragments)), i == 0, -size)
            if best is None or key > best[0]:
                best = (key, fragments)
    if best is None:  # even the head alone is over the limit: keep it, it carries the verb
        return [head], overlap_score(question_stems, head)
    return best[1], best[0][0]


def _join(source: str, clauses: list[str], start: int, end: int) -> str:
    """The verbatim stretch of `source` from clause `start` through clause `end`."""
    begin = source.find(clauses[start])
    last = source.find(clauses[end], begin)
    return source[begin : last + len(clauses[end])]


@dataclass(frozen=True)
class _Pick:
    hit: Hit
    fragments: list[str]
    score: float

    @property
    def quote(self) -> str:
        return ELLIPSIS.join(self.fragments)


def _subject(p: Paragraph) -> str:
    body = re.sub(r"^the\s+", "", p.body.strip(), flags=re.IGNORECASE)
    return f"The {body}" if body else f"Paragraph {p.loc} of {p.symbol}"


def _with_markers(text: str, marker: int) -> str:
    """Close every sentence of `text` with its marker: 'A. B' -> 'A [1]. B [1].'"""
    sentences = [s.rstrip(" .") for s in _SENTENCE_END_RE.split(text) if s.strip()]
    return " ".join(f"{s} [{marker}]." for s in sentences)


def _starts_with_verb(p: Paragraph, quote: str) -> bool:
    """Does the quote open with the body's verb ("Urges …", "also notes …"), so the body can be its subject?

    Numbered paragraphs of declarations ("We reaffirm …") and reports have
    their own subject and are quoted as they stand.
    """
    if p.verb and quote.lower().startswith(p.verb.lower()):
        return True
    first = re.sub(r"^(?:also|further)\s+", "", _lower_first(quote))
    if re.match(rf"(?:{_OPERATIVE_VERBS})\b", first):
        return True
    word = re.match(r"[a-z]+", first)
    return bool(word) and len(word.group(0)) > 4 and word.group(0).endswith("s")


def _chapeau_lead(chapeau: str, max_words: int = 25) -> str:
    """The chapeau, or its head and its last clause when long (each verbatim)."""
    text = _clean_end(chapeau)
    if _words(text) <= max_words:
        return text
    clauses = pieces(text)
    return ELLIPSIS.join([clauses[0], clauses[-1]]) if len(clauses) > 1 else text


def render_sentence(
    p: Paragraph, quote: str, marker: int, *, again: bool = False, name_doc: bool = False
) -> str:
    """One answer sentence for a paragraph: framing words plus the verbatim quote plus [marker]."""
    if p.kind == FOOTNOTE:
        return _with_markers(f"Footnote {p.loc.removeprefix('FN')} of {p.symbol}: {quote}", marker)
    if p.language != "en":
        # English framing around another language's words would be neither language: quote alone.
        return _with_markers(f"{p.symbol}: {quote}" if name_doc else quote, marker)
    subject = _subject(p)
    if p.kind == SUBPARAGRAPH and p.chapeau and not _starts_with_verb(p, quote):
        # "(a) the need to …" is not a sentence on its own: lead in with the chapeau,
        # framed by the body unless the chapeau has its own subject ("We decide to:").
        lead = _chapeau_lead(p.chapeau)
        own_voice = re.match(r"(?:We|Our)\b", lead)
        sentence = f"{lead}: {quote}" if own_voice else f"{subject} {_lower_first(lead)}: {quote}"
    elif p.kind == PREAMBULAR or (p.kind in (OPERATIVE, SUBPARAGRAPH) and re.match(r"[A-Za-z]+ing\b", quote)):
        sentence = f"{subject}, {_lower_first(quote)}"
    elif p.kind in (OPERATIVE, SUBPARAGRAPH) and _starts_with_verb(p, quote):
        also = " also" if again and not re.match(r"(?i)also\b", quote) else ""
        sentence = f"{subject}{also} {_lower_first(quote)}"
    else:
        sentence = quote
    if name_doc:
        sentence = f"In {p.symbol}, {_lower_first(sentence) if sentence.startswith('The ') else sentence}"
    return _with_markers(sentence, marker)


def _choose(question_stems: set[str], hits: list[Hit], max_citations: int) -> list[_Pick]:
    if not hits:
        return []
    if hits[0].via == "reference":
        # The question named these paragraphs (and those they refer to): give them whole, nothing else.
        named = [h for h in hits if h.via in ("reference", "crossref")][: max(max_citations, MAX_REFERENCED)]
        return [_Pick(h, [_clean_end(h.paragraph.text)], 0.0) for h in named]
    first = _Pick(hits[0], *best_span(question_stems, hits[0].paragraph.text))
    picks = [first]
    seen = set(content_stems(first.quote))
    for hit in hits[1 : max(max_citations * 2, 5)]:
        if len(picks) >= max_citations:
            break
        pick = _Pick(hit, *best_span(question_stems, hit.paragraph.text))
        if pick.score <= 0 or pick.score < CLOSE_SHARE * first.score:
            continue
        stems = set(content_stems(pick.quote))
        if pick.score < first.score and not (question_stems & stems) - seen:
            continue  # weaker, and answers no part of the question the answer leaves open
        if len(stems - seen) < MIN_NOVEL_STEMS:
            continue
        if any(fuzz.ratio(pick.quote, p.quote) >= DUPLICATE_RATIO for p in picks):
            continue
        picks.append(pick)
        seen |= stems
    return picks


def compose_extractive(question: str, hits: list[Hit], max_citations: int = 3) -> tuple[str, list[Citation]]:
    """Compose a cited answer from `hits` (best first) using only the paragraphs' own words.

    The first hit always answers; later hits join when their best part scores
    close to the first's against the question's content words and adds
    information the answer lacks (`CLOSE_SHARE`, `MIN_NOVEL_STEMS`,
    `DUPLICATE_RATIO`).  Hits retrieved because the question named them
    (`Hit.via == "reference"`) are given whole.  Returns the answer text (""
    when there are no hits) and one QUOTED citation per sentence group, marker
    numbers in order of appearance.
    """
    question_stems = set(content_stems(question))
    picks = _choose(question_stems, hits, max_citations)
    several_docs = len({p.hit.paragraph.symbol for p in picks}) > 1
    sentences: list[str] = []
    citations: list[Citation] = []
    spoken: set[str] = set()
    for marker, pick in enumerate(picks, start=1):
        p = pick.hit.paragraph
        subject = _subject(p)
        sentences.append(
            render_sentence(
                p, pick.quote, marker, again=subject in spoken and not several_docs, name_doc=several_docs
            )
        )
        spoken.add(subject)
        citations.append(Citation(marker=marker, paragraph=p, quote=pick.quote, status=QUOTED))
    return " ".join(sentences), citations
