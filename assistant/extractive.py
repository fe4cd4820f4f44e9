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
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.answer_types import holds_type
from assistant.types import QUOTED, Citation, Hit, of_target
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph, parent_loc
from index.text import content_stems
from index.verbs import OPERATIVE_VERBS

# A paragraph (or one verb-led part of it) up to this many words is used whole:
# shorter than that, cutting it saves little and loses context.
MAX_WORDS = 80
# A further paragraph joins the answer only when its best part scores at least
# this share of the first paragraph's best part against the question, and either
# scores as high or covers a question word the answer does not cover yet: every
# extra citation that is not needed costs citation precision ...
CLOSE_SHARE = 0.8
# A paragraph close by in the same document (within `NEIGHBOURS` places of a quoted one) may join at
# a lower share (`neighbour_share`, fitted): a document treats a topic in consecutive paragraphs, so the
# next one on it is more likely the rest of the answer than a far one scoring as high.
NEIGHBOURS = 3
# ... and when it adds at least this many content stems the answer lacks (a
# near-repeat of language already quoted adds nothing).
MIN_NOVEL_STEMS = 3
# Two quotes this similar (rapidfuzz ratio, 0-100) are the same language repeated
# year after year; only the first is used.
DUPLICATE_RATIO = 85
ELLIPSIS = " … "
# A paragraph that only reaffirms others ("paragraphs 34 to 37 and 67 to 72") brings up to this many.
MAX_REFERENCED = 12

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
# A clause ending so announces the next one ("… in its progress report, namely"): a quote cannot stop there.
# ("including", "such as", "in particular" start a piece of their own (`_PIECE_RE`), so never end one.)
_LEADS_ON_RE = re.compile(r"(?:\bnamely|:)\s*$", re.I)
_TRAILING_RE = re.compile(r"(?:[\s,;:]|\band\b|\bor\b)+$")


def overlap_score(question_stems: set[str], text: str) -> float:
    """How much of the question a piece of text covers: distinct shared stems, a small bonus for pairs."""
    stems = content_stems(text)
    shared = question_stems.intersection(stems)
    bigrams = set(itertools.pairwise(stems))
    paired = sum(1 for a, b in bigrams if a in question_stems and b in question_stems)
    return len(shared) + 0.25 * paired


def _clean_end(text: str) -> str:
    return _TRAILING_RE.sub("", text.strip()).rstrip(".")


# "… multi-stakeholder efforts. We will:" - the last sentence leads in to sub-paragraphs quoted on their own.
_LEAD_IN_RE = re.compile(r"(?<=[.;])\s+[^.;:]{1,80}:\s*$")


def without_lead_in(text: str) -> str:
    """A paragraph without the closing lead-in of its sub-paragraphs: quoted, "We will" is a fragment."""
    return _LEAD_IN_RE.sub("", text.rstrip())


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


def best_span(question_stems: set[str], text: str, max_words: int = MAX_WORDS, clause: str = "",
              clause_weight: float = 0.0) -> tuple[list[str], float]:
    """The verbatim piece(s) of `text` that best answer the question, and their score.

    Returns verbatim fragments (shown joined by ' … ' when not contiguous).  A
    text within `max_words` is returned whole; otherwise its best verb-led
    part; a part still too long is cut to the window of clauses that scores
    best.  A window that starts inside a sentence is led by that sentence's
    head (its subject and verb), so no quote starts mid-thought; one that
    starts a sentence ("We call upon …" in a paragraph of several) needs no
    head.  A window never stops before a ", that …" clause: the verb before
    it ("affirms the need to ensure, on an equal basis with others, that …")
    would be left without its object.

    A window scores the question words it covers, plus `clause_weight` times
    the share of `clause` it holds: the clause the answerability assessment
    found closest to the question by meaning, which matters most when the
    question is in everyday words and shares none with the text (shared content stems
    measure the share: the assessment's clauses are pieces joined by spaces).  Ties go to
    the window that starts a sentence, then to the shorter one.
    """
    whole = _clean_end(without_lead_in(text))
    if _words(whole) <= max_words:
        return [whole], overlap_score(question_stems, whole)
    clause_stems = set(content_stems(clause)) if clause and clause_weight else set()

    def score(fragment_text: str) -> float:
        if not clause_stems:
            return overlap_score(question_stems, fragment_text)
        held = len(clause_stems.intersection(content_stems(fragment_text))) / len(clause_stems)
        return overlap_score(question_stems, fragment_text) + clause_weight * held

    parts = verb_parts(whole)
    scored = [(score(p), -i, p) for i, p in enumerate(parts)]
    _, _, part = max(scored)
    if _words(part) <= max_words:
        return [part], overlap_score(question_stems, part)
    clauses = pieces(part)
    starts = _sentence_starts(part, clauses)
    best: tuple[tuple[float, bool, int], list[str]] | None = None
    for i in range(len(clauses)):
        head_end = starts[i]
        while head_end + 1 < i and _dangles(clauses[head_end]):
            head_end += 1  # "We stress the importance of investing in, | and ensuring …": the head needs its object
        if i == head_end + 1:
            continue  # the head and this clause side by side: the window from the head reads the same
        head = _join(part, clauses, starts[i], head_end)
        for j in range(i, len(clauses)):
            window = _join(part, clauses, i, j)
            fragments = [window] if starts[i] == i else [head, window]
            size = sum(_words(f) for f in fragments)
            if size > max_words and j > i:
                break
            if size > max_words and starts[i] != i:
                continue
            if j < _list_end(clauses, i, j, max_words):
                continue  # "… in its progress report, namely" announces a list: a quote ends after it
            if j + 1 < len(clauses) and starts[j + 1] != j + 1 and clauses[j + 1].startswith("that "):
                continue  # "… to ensure, on an equal basis with others, | that persons …": the verb needs it
            if _dangles(clauses[j]) or (starts[i] != i and _dangles(head)):
                continue  # a quote never ends on "in", "of", "the": its object would be missing
            key = (score(" ".join(fragments)), starts[i] == i, -size)
            if best is None or key > best[0]:
                best = (key, fragments)
    if best is None:  # even the head alone is over the limit: keep it, it carries the verb
        return [clauses[0]], overlap_score(question_stems, clauses[0])
    return best[1], overlap_score(question_stems, " ".join(best[1]))


# Words a quote cannot end on: a preposition, an article or a conjunction still waits for its object.
_DANGLING_RE = re.compile(r"\b(?:in|of|to|for|with|on|at|by|from|into|onto|upon|the|a|an|and|or|nor|but|that|"
                          r"which|as|than|its|their|our)$", re.I)


def _dangles(text: str) -> bool:
    return bool(_DANGLING_RE.search(text.rstrip()))


def _sentence_starts(source: str, clauses: list[str]) -> list[int]:
    """For each clause, the index of the clause that starts its sentence in `source`."""
    starts: list[int] = []
    position = 0
    for k, clause in enumerate(clauses):
        found = source.find(clause, position)
        before = source[:found].rstrip() if found > 0 else ""
        starts.append(k if k == 0 or re.search(r"[.!?][”\"’)]?$", before) else starts[-1])
        position = max(position, found + len(clause)) if found >= 0 else position
    return starts


def _list_end(clauses: list[str], start: int, end: int, max_words: int) -> int:
    """The last clause a window from `start` to `end` must reach to finish the list it announces.

    After a clause that announces what follows ("…, namely", "… as follows:")
    the window runs to the list's last item, the first clause led by "and",
    when that fits in `max_words`; otherwise at least to the first item.
    """
    need = start
    for k in range(start, min(end + 1, len(clauses) - 1)):
        if not _LEADS_ON_RE.search(clauses[k]):
            continue
        last = next((m for m in range(k + 1, len(clauses)) if clauses[m].startswith("and ")), len(clauses) - 1)
        if sum(_words(c) for c in clauses[start : last + 1]) > max_words:
            last = k + 1
        need = max(need, last)
    return need


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
    return f"the {body}" if body else "the document"


def _with_markers(text: str, marker: int) -> str:
    """Close the sentence with its marker: 'A.' -> 'A [1].' (a quote's inner full stops stay inside it)."""
    return f"{text.rstrip(' .')} [{marker}]."


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
    return bool(word) and word.group(0) in OPERATIVE_VERBS


def _chapeau_lead(chapeau: str, max_words: int = 25) -> str:
    """The chapeau, or its head and its last clause when long (each verbatim)."""
    text = _clean_end(chapeau).rstrip(":")
    if _words(text) <= max_words:
        return text
    clauses = pieces(text)
    return ELLIPSIS.join([clauses[0], clauses[-1]]) if len(clauses) > 1 else text


_LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "ru": "Russian"}
_WE_RE = re.compile(r"^(?:(?P<lead>.*?),\s+)?[Ww]e\s+(?P<rest>.+)$", re.S)


def document_name(p: Paragraph) -> str:
    """How a sentence names the document: 'A/RES/79/1, annex I (2024)', 'E/RES/2025/18 (2025)'."""
    annex = re.match(r"ANNEX([IVXLC]+|\d+)\.", p.loc)
    where = f"{p.symbol}, annex {annex.group(1)}" if annex else p.symbol
    return f"{where} ({p.year})" if p.year else where


def _quoted(text: str) -> str:
    return f"“{text}”"


def family_note(p: Paragraph, family: Sequence[Paragraph]) -> str:
    """'(same text since E/RES/2023/3, para. 62)' when earlier resolutions agreed the very same words.

    What changed between years is shown where it is asked for: the Browse and Precedent timelines.
    """
    from assistant.families import same_text_since

    if len(family) < 2:
        return ""
    since = same_text_since(p, tuple(family))
    return f"(same text since {since.label})" if since is not None else ""


def _with_note(sentence: str, note: str) -> str:
    if not note:
        return sentence
    body = sentence.rstrip()
    m = re.search(r"\s*(\[\d+\])\.$", body)
    if not m:
        return f"{body} {note}"
    return f"{body[: m.start()]} {note} {m.group(1)}."


def render_sentence(p: Paragraph, quote: str, marker: int, *, again: bool = False, name_doc: bool = True,
                    question_language: str = "en") -> str:
    """One answer sentence: an attribution in the document's own voice, the verbatim quote, [marker].

    - operative paragraph of a resolution: "In E/RES/2025/18 (2025), the Economic and Social Council
      urges … [1]." (only the verb's capital changes);
    - a "we" document (the Pact, the Compact, the WSIS+20 outcome): "In A/RES/79/1, annex I (2024),
      Member States commit to “assess …” [1]." (the quote starts after "we");
    - a sub-paragraph: its chapeau leads in, in the same voice;
    - a preambular paragraph, a footnote or a paragraph with its own subject: "The preamble of
      A/RES/76/189 (2021) reads: “Recalling …” [1]." — a full sentence around a verbatim quote;
    - another language's words are quoted as they stand, with the language named.
    """
    doc = document_name(p)
    if p.language != "en" or (question_language != "en" and p.language != question_language):
        language = _LANGUAGE_NAMES.get(p.language, p.language)
        return _with_markers(f"{doc}, {language} text: {_quoted(quote)}", marker)
    if p.kind == FOOTNOTE:
        return _with_markers(f"Footnote {p.loc.removeprefix('FN').split('.')[-1]} of {doc} reads: {_quoted(quote)}",
                             marker)
    subject = _subject(p)
    prefix = f"In {doc}, " if name_doc else ""
    also = " also" if again and not re.match(r"(?i)also\b", quote) else ""
    own = _WE_RE.match(quote)
    last_clause = _chapeau_lead(p.chapeau).split(ELLIPSIS)[-1] if p.chapeau else ""
    last_clause = re.split(r"(?<=[.;])\s+", last_clause)[-1]
    chapeau_we = _WE_RE.match(last_clause) if p.kind == SUBPARAGRAPH and p.chapeau else None
    if chapeau_we and not own:
        sentence = f"{prefix}Member States {chapeau_we.group('rest')} {_quoted(_lower_first(quote))}"
    elif p.kind == SUBPARAGRAPH and p.chapeau and not _starts_with_verb(p, quote) and not own:
        lead = _chapeau_lead(p.chapeau)
        sentence = f"{prefix}{subject}{also} {_lower_first(lead)} {_quoted(_lower_first(quote))}"
    elif own and (own.group("lead") is None or len(own.group("lead").split()) <= 12):
        sentence = f"{prefix}Member States {_quoted(own.group('rest'))}"
    elif p.kind in (OPERATIVE, SUBPARAGRAPH) and _starts_with_verb(p, quote):
        sentence = f"{prefix}{subject}{also} {_lower_first(quote)}"
    elif p.kind == PREAMBULAR:
        return _with_markers(f"The preamble of {doc} reads: {_quoted(quote)}", marker)
    else:
        return _with_markers(f"{p.label} ({p.year}) reads: {_quoted(quote)}" if p.year else
                             f"{p.label} reads: {_quoted(quote)}", marker)
    sentence = sentence[0].upper() + sentence[1:]
    return _with_markers(sentence, marker)


def _choose(question_stems: set[str], hits: list[Hit], max_citations: int,
            ranked: Sequence[tuple[Hit, str, float]] | None = None, close_share: float = CLOSE_SHARE,
            clause_weight: float = 0.0, asked_types: Sequence[str] = (),
            targets: Sequence[str | int] = (), neighbour_share: float | None = None) -> list[_Pick]:
    """The paragraphs that answer, best first.

    With `ranked` (paragraphs ordered by their best answering clause, from the
    answerability assessment) the best clause's paragraph leads, whatever the
    hit order; a further paragraph joins only when its clause scores close to
    the first's and adds words of the question the answer lacks; a paragraph
    next to a quoted one joins at `neighbour_share` of it and needs only to add
    content, since it goes on with the topic the quote began.  A question
    that asks several things ("how long …, and on which dates") also gets, for
    each asked type of answer the chosen quotes lack, the best further
    paragraph whose quote holds one (one more citation at most), and a
    question naming several documents or years ("in 2012 …, and in 2025")
    a quote from each that the chosen ones leave unheard.
    """
    if not hits:
        return []
    if hits[0].via == "reference":
        # The question named these paragraphs (and those they refer to): give them whole, nothing else.
        named = [h for h in hits if h.via in ("reference", "crossref")][: max(max_citations, MAX_REFERENCED)]
        return [_Pick(h, [_clean_end(h.paragraph.text)], 0.0) for h in named]
    if ranked:
        candidates = [(hit, clause, score) for hit, clause, score in ranked]
    else:
        candidates = [(h, "", 0.0) for h in hits[: max(max_citations * 2, 5)]]
    picks: list[_Pick] = []
    first_score = None
    seen: set[str] = set()
    for hit, clause, clause_score in candidates:
        if len(picks) >= max_citations:
            break
        fragments, overlap = quote_span(question_stems, hit.paragraph.text, clause, clause_weight)
        pick = _Pick(hit, fragments, overlap)
        if first_score is None:
            picks.append(pick)
            first_score = clause_score if ranked else overlap
            seen = set(content_stems(pick.quote))
            continue
        score = clause_score if ranked else overlap
        share = close_share
        near = neighbour_share is not None and any(_neighbours(hit.paragraph, p.hit.paragraph) for p in picks)
        if near:
            share = min(close_share, neighbour_share)
        if score <= 0 or score < share * first_score:
            continue
        stems = set(content_stems(pick.quote))
        if not near and not (question_stems & stems) - seen:
            continue  # answers no part of the question the answer leaves open (a neighbour goes on with it)
        if len(stems - seen) < MIN_NOVEL_STEMS:
            continue
        if any(fuzz.ratio(pick.quote, p.quote) >= DUPLICATE_RATIO for p in picks):
            continue
        picks.append(pick)
        seen |= stems
    if len(asked_types) > 1 and picks:
        picks += _completing(question_stems, candidates, picks, asked_types, clause_weight)
    if picks:
        picks += _from_each(question_stems, candidates, picks, targets, clause_weight)
    return picks


def _from_each(question_stems: set[str], candidates: Sequence[tuple[Hit, str, float]], picks: list[_Pick],
               targets: Sequence[str | int], clause_weight: float) -> list[_Pick]:
    """For each document or year the question names that no chosen quote speaks for, its best candidate quote."""
    out: list[_Pick] = []
    for target in targets:
        if any(of_target(p.hit, target) for p in picks + out):
            continue
        for hit, clause, score in candidates:
            if of_target(hit, target) and not (clause and score <= 0):
                out.append(_further_pick(question_stems, hit, clause, score, clause_weight))
                break
    return out


def _further_pick(question_stems: set[str], hit: Hit, clause: str, score: float, clause_weight: float) -> _Pick:
    """A candidate's quote, scored by its clause (or, without one, by the question words it holds)."""
    fragments, overlap = quote_span(question_stems, hit.paragraph.text, clause, clause_weight)
    return _Pick(hit, fragments, score if clause else overlap)


def _neighbours(a: Paragraph, b: Paragraph) -> bool:
    """Within `NEIGHBOURS` places in the same document, or parts of one paragraph ("78" and "78(f)",
    "78(a)" and "78(f)"): a paragraph's sub-paragraphs go on with its topic however many there are."""
    if a.symbol != b.symbol or a.language != b.language:
        return False
    return abs(a.order - b.order) <= NEIGHBOURS or parent_loc(a.loc) == parent_loc(b.loc)


def _completing(question_stems: set[str], candidates: Sequence[tuple[Hit, str, float]], picks: list[_Pick],
                asked_types: Sequence[str], clause_weight: float) -> list[_Pick]:
    """For a type of answer the question asks and no chosen quote holds, the best candidate quote that does."""
    chosen = {(p.hit.paragraph.id, p.hit.paragraph.language) for p in picks}
    missing = [t for t in asked_types if not any(holds_type(t, p.quote) for p in picks)]
    if not missing:
        return []
    for hit, clause, score in candidates:
        if (hit.paragraph.id, hit.paragraph.language) in chosen or (clause and score <= 0):
            continue  # already quoted, or a clause that answers nothing of the question
        pick = _further_pick(question_stems, hit, clause, score, clause_weight)
        if any(holds_type(t, pick.quote) for t in missing):
            return [pick]
    return []


MIN_CLAUSE_WORDS = 8  # a shorter verb-led part ("Calls upon Member States") is a fragment, not an answer


def quote_span(question_stems: set[str], text: str, clause: str, clause_weight: float = 0.0) -> tuple[list[str], float]:
    """The verbatim part to quote: the answering clause when it is a whole verb-led part, else `best_span`
    (which leans `clause_weight` towards the window holding that clause)."""
    if clause and clause in text and MIN_CLAUSE_WORDS <= _words(clause) <= MAX_WORDS and any(
        clause == part for part in verb_parts(_clean_end(without_lead_in(text)))
    ):
        return [clause], overlap_score(question_stems, clause)
    return best_span(question_stems, text, clause=clause, clause_weight=clause_weight)


def compose_extractive(question: str, hits: list[Hit], max_citations: int = 2,
                       ranked: Sequence[tuple[Hit, str, float]] | None = None,
                       question_language: str = "en", close_share: float = CLOSE_SHARE,
                       clause_weight: float = 0.0, asked_types: Sequence[str] = (),
                       targets: Sequence[str | int] = (),
                       neighbour_share: float | None = None) -> tuple[str, list[Citation]]:
    """Compose a cited answer from `hits` (best first) using only the paragraphs' own words.

    `ranked` orders the answering paragraphs by their best clause (the
    answerability assessment's clause scores); without it the first hit
    leads.  Later paragraphs join when their clause scores close to the
    first's and add information the answer lacks (`close_share`, fitted for
    the assistant by `scripts/fit_answers.py`; `CLOSE_SHARE` otherwise,
    and `clause_weight`, how far a long paragraph's quote leans to the assessed clause,
    `asked_types`: the types of answer a question asking several things wants, one quote each,
    `targets`: the documents or years it names, one quote each (`assistant.retrieval.answer_targets`),
    `neighbour_share`: the share for a paragraph next to a quoted one (`NEIGHBOURS`),
    `MIN_NOVEL_STEMS`, `DUPLICATE_RATIO`); at most `max_citations`, so an
    answer reads in seconds and cites only what answers.  Hits retrieved
    because the question named them (`Hit.via == "reference"`) are given
    whole.  Returns the answer text ("" when there are no hits) and one QUOTED
    citation per sentence, marker numbers in order of appearance.
    """
    question_stems = set(content_stems(question))
    picks = _choose(question_stems, hits, max_citations, ranked, close_share, clause_weight, asked_types, targets,
                    neighbour_share)
    sentences: list[str] = []
    citations: list[Citation] = []
    spoken: set[tuple[str, str]] = set()
    for marker, pick in enumerate(picks, start=1):
        p = pick.hit.paragraph
        key = (p.symbol, _subject(p))
        sentence = render_sentence(p, pick.quote, marker, again=key in spoken, question_language=question_language)
        sentences.append(_with_note(sentence, family_note(p, pick.hit.family)))
        spoken.add(key)
        citations.append(Citation(marker=marker, paragraph=p, quote=pick.quote, status=QUOTED))
    return " ".join(sentences), citations
