"""An independent adversary for the citation verifier: claims made from corpus paragraphs.

Written from the verifier's public interface only (`assistant.verify.verify_claim`,
`embedding_similarity`, the statuses QUOTED / SUPPORTED / UNSUPPORTED), not from
its code, so that it tests the verifier from outside.  The first adversary
(`assistant/adversarial.py`) is not used or read either.

From the English paragraphs of every document of the bundled corpus, with a
fixed seed, it makes claims that each cite one paragraph:

- distortions, in families a checker could be blind to:
  ``opposite`` (developing -> developed, rural -> urban, increase -> decrease ...),
  ``quantifier`` (all -> some, many -> few, most -> few, no -> some ...),
  ``verb`` (the opening operative verb -> rejects / condemns / ignores / opposes / dismisses),
  ``attitude`` (with concern -> with satisfaction, welcomes -> regrets ...),
  ``scope`` (Member States -> all States, developing countries -> countries,
  women and girls -> women, a dropped "in particular ..." qualifier ...),
  ``dropped`` (a meaning-carrying word left out: non-, only, not yet, not, without ...);
- faithful controls: ``verbatim`` (a clause of the paragraph as it stands),
  ``framing`` (the issuing body + the paragraph's opening clause: "The General
  Assembly welcomes ..."), ``inflection`` (the same with the verb in the past tense,
  or a preambular participle turned into a finite verb) and ``reorder`` (the two
  words of an "A and B" pair swapped).

A claim is a clause of the paragraph (a run between semicolons or colons, cut
down to comma-delimited pieces around the changed word when long) with the
mutation applied.  Each family samples at most `PER_FAMILY` claims, spread over
its rules (round robin), so that one frequent rule does not fill the family.

    python scripts/verifier_adversary.py [--per-family N] [--seed S] [--examples K] [--json]

prints, per family, how many claims the verifier accepted (QUOTED or SUPPORTED).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from index.paragraph import FOOTNOTE, Paragraph  # noqa: E402
from index.verbs import OPERATIVE_VERBS  # noqa: E402

SEED = 20250101
PER_FAMILY = 250
MIN_WORDS = 8
MAX_WORDS = 40

DISTORTION_FAMILIES = ("opposite", "quantifier", "verb", "attitude", "scope", "dropped")
FAITHFUL_FAMILIES = ("verbatim", "framing", "inflection", "reorder")
FAMILIES = FAITHFUL_FAMILIES + DISTORTION_FAMILIES


@dataclass(frozen=True)
class Claim:
    text: str
    paragraph_id: str
    family: str
    faithful: bool
    rule: str = ""  # what was changed, "developing -> developed"
    original: str = ""  # the paragraph span the claim was made from


# --- rules -----------------------------------------------------------------------------------
# (pattern, replacement, rule name).  The pattern matches case-insensitively at word
# boundaries; the replacement keeps the matched word's capitalization.  A group named
# "w" marks the part to replace when the pattern needs context around it.

def _pairs(*pairs: tuple[str, str]) -> list[tuple[str, str, str]]:
    """Word pairs, each way round."""
    out = []
    for a, b in pairs:
        out.append((rf"\b{a}\b", b, f"{a} -> {b}"))
        out.append((rf"\b{b}\b", a, f"{b} -> {a}"))
    return out


def _one_way(*pairs: tuple[str, str]) -> list[tuple[str, str, str]]:
    return [(rf"\b{a}\b", b, f"{a} -> {b}") for a, b in pairs]


_COUNTRY_NOUNS = r"(?:countries|country|nations|States|economies|world|regions)"

OPPOSITE_RULES = [
    (rf"\b(?P<w>developing)(?= {_COUNTRY_NOUNS}\b)", "developed", "developing -> developed"),
    (rf"(?<!least )\b(?P<w>developed)(?= {_COUNTRY_NOUNS}\b)", "developing", "developed -> developing"),
    *_pairs(("rural", "urban"), ("women", "men"), ("girls", "boys"), ("online", "offline"),
            ("increase", "decrease"), ("increased", "decreased"), ("increasing", "decreasing"),
            ("minimize", "maximize"), ("strengthen", "weaken"), ("strengthening", "weakening"),
            ("strengthened", "weakened"), ("inclusive", "exclusive"), ("positive", "negative"),
            ("opportunities", "risks"), ("benefits", "harms"), ("higher", "lower"),
            ("advantages", "disadvantages"), ("success", "failure"), ("before", "after"),
            ("national", "international"), ("short-term", "long-term"), ("secure", "insecure"),
            ("accessible", "inaccessible"), ("equal", "unequal"), ("narrow", "widen"),
            ("narrowing", "widening"), ("more", "less"), ("greater", "lesser")),
    *_one_way(("public", "private"), ("private", "public"), ("affordable", "expensive"),
              ("lack", "have"), ("reduce", "increase"), ("reducing", "increasing"),
              ("bridge", "widen"), ("bridging", "widening"), ("enhance", "reduce"),
              ("enhancing", "reducing"), ("promote", "discourage"), ("promoting", "discouraging"),
              ("progress", "setbacks"), ("open", "closed"), ("safe", "unsafe"),
              ("sustainable", "unsustainable"), ("effective", "ineffective")),
]

QUANTIFIER_RULES = [
    (r"\b(?P<w>all States)\b", "some States", "all States -> some States"),
    (r"\b(?P<w>all)\b(?= (?:States|countries|Member|stakeholders|people|forms|levels|relevant|"
     r"persons|regions|sectors|members|parties|actors|entities|women|countries|of)\b)", "some", "all -> some"),
    *_one_way(("many", "few"), ("every", "some"), ("most", "few"), ("each", "some"),
              ("always", "sometimes"), ("several", "few"), ("both", "one of"),
              ("some", "all"), ("few", "many"), ("any", "some"), ("everyone", "some people"),
              ("majority", "minority"), ("universal", "partial"), ("fully", "partly")),
    (r"\b(?P<w>no)\b(?= (?:one|country|person|single|longer)\b)", "some", "no -> some"),
]

ATTITUDE_RULES = [
    *_one_way(("with concern", "with satisfaction"), ("with great concern", "with great satisfaction"),
              ("with deep concern", "with deep satisfaction"), ("with appreciation", "with regret"),
              ("with satisfaction", "with concern"), ("with interest", "with indifference"),
              ("its appreciation", "its regret"), ("its concern", "its satisfaction"),
              ("welcomes", "regrets"), ("welcoming", "regretting"), ("welcome", "regret"),
              ("concerned", "pleased"), ("alarmed", "reassured"), ("appreciates", "deplores"),
              ("commends", "criticizes"), ("applauds", "laments"), ("gratitude", "disappointment"),
              ("encouraged", "discouraged")),
    (r"\b(?P<w>concern)(?= (?:that|about|at|over)\b)", "satisfaction", "concern -> satisfaction"),
]

SCOPE_RULES = [
    (r"\b(?P<w>Member States)\b", "all States", "Member States -> all States"),
    (r"(?<!least )(?<!landlocked )(?<!island )\b(?P<w>developing countries)\b", "countries",
     "developing countries -> countries"),
    (r"\b(?P<w>least developed countries)\b", "developing countries",
     "least developed countries -> developing countries"),
    (r"\b(?P<w>landlocked developing countries)\b", "developing countries",
     "landlocked developing countries -> developing countries"),
    (r"\b(?P<w>small island developing States)\b", "developing countries",
     "small island developing States -> developing countries"),
    (r"\b(?P<w>women and girls)\b", "women", "women and girls -> women"),
    (r"\b(?P<w>persons with disabilities)\b", "persons", "persons with disabilities -> persons"),
    (r"\b(?P<w>African countries)\b", "countries", "African countries -> countries"),
    (r"(?<!least )\b(?P<w>developed countries)\b", "countries", "developed countries -> countries"),
    (r"\b(?P<w>relevant stakeholders)\b", "all stakeholders", "relevant stakeholders -> all stakeholders"),
    (r"\b(?P<w>the Secretary-General)\b", "all Member States", "the Secretary-General -> all Member States"),
    (r"\b(?P<w>young people)\b", "people", "young people -> people"),
    (r"\b(?P<w>(?:the )?least developed)\b(?= and )", "", "least developed (list item) -> dropped"),
    # "..., in particular X," / " particularly in X" / "especially X": the qualifier dropped
    (r"(?P<w>,? (?:in particular|particularly|especially|notably)(?: in| for| among| of)? [^,;:.]{3,60}?)"
     r"(?=[,;:.]|$)", "", "in particular X -> dropped"),
]

DROPPED_RULES = [
    (r"\b(?P<w>non-)(?=[a-z])", "", "non- -> dropped"),
    (r"\b(?P<w>only )", "", "only -> dropped"),
    (r"\b(?P<w>not yet )", "", "not yet -> dropped"),
    (r"(?<!whether )(?<!if )\b(?P<w>not )(?!only\b)(?!yet\b)", "", "not -> dropped"),
    (r"\b(?P<w>without )", "", "without -> dropped"),
    (r"\b(?P<w>never )", "", "never -> dropped"),
    (r"\b(?P<w>no longer )", "", "no longer -> dropped"),
    (r"\b(?P<w>cannot)\b", "can", "cannot -> can"),
    (r"\b(?P<w>un)(?=(?:equal|affordable|acceptable|connected|served|even|safe)\b)", "",
     "un- -> dropped"),
    (r"\b(?P<w>in)(?=(?:sufficient|adequate|equality|equalities|accessible|effective)\b)", "",
     "in- -> dropped"),
    (r"\b(?P<w>lack of )", "", "lack of -> dropped"),
    (r"\b(?P<w>insufficient )", "", "insufficient -> dropped"),
]

def _split(words: str) -> list[str]:
    return words.split()


# The verb family: the paragraph's opening verb (operative, preambular participle,
# imperative of an action list, or "We <verb>") replaced by one outside the UN list.
NEGATIVE_VERBS = ("rejects", "condemns", "ignores", "opposes", "dismisses")
_NEG_ING = {"rejects": "rejecting", "condemns": "condemning", "ignores": "ignoring",
            "opposes": "opposing", "dismisses": "dismissing"}
_NEG_BASE = {"rejects": "reject", "condemns": "condemn", "ignores": "ignore",
             "opposes": "oppose", "dismisses": "dismiss"}

# Verb phrases kept with the head when it is replaced: "Calls upon" -> "Rejects", "Takes note of" -> ...
_HEAD_TAILS = r"(?: (?:upon|on|for|note(?: with (?:great |deep )?(?:appreciation|concern|satisfaction))?(?: of)?|" \
              r"forward to|attention to|with (?:great |deep )?(?:appreciation|concern|satisfaction|interest)))?"
_ADVERB = r"(?:(?:Also|Further|Again|Once again|Strongly|Firmly|Further also|also|further) )?"
_PARTICIPLES = frozenset(_split(
    "recognizing noting recalling welcoming reaffirming taking expressing stressing emphasizing "
    "acknowledging reiterating underlining bearing underscoring convinced recommitting highlighting "
    "affirming"
))
_IMPERATIVES = frozenset(_split(
    "promote ensure support strengthen encourage call take enhance develop address request invite "
    "scale continue implement accelerate reaffirm increase redouble urge foster establish provide "
    "create build advance leverage invest protect"
))
_BASE_VERBS = frozenset(v[:-2] if v.endswith("es") and v[:-2].endswith(("ss", "sh")) else v[:-1]
                        for v in OPERATIVE_VERBS)

_LEAD_RE = re.compile(rf"^(?P<adv>{_ADVERB})(?P<head>[A-Za-z]+)(?P<tail>{_HEAD_TAILS})(?=[ ,])")
_WE_RE = re.compile(
    rf"^We,?(?P<adv> (?:also|further|again|strongly|firmly))? (?P<head>[a-z]+)(?P<tail>{_HEAD_TAILS})(?=[ ,])"
)


@dataclass(frozen=True)
class Lead:
    """The opening verb phrase of a paragraph: text[start:end] is it, `form` its grammatical form."""

    start: int
    end: int
    adverb: str
    head: str  # lower-case head verb ("welcomes", "recognizing", "promote")
    tail: str  # "upon", " note with appreciation" ...
    form: str  # "third" | "participle" | "imperative" | "we"


def lead_verb(text: str) -> Lead | None:
    m = _WE_RE.match(text)
    if m and m["head"] in _BASE_VERBS:
        return Lead(m.start("head"), m.end("tail"), (m["adv"] or "").strip(), m["head"], m["tail"], "we")
    m = _LEAD_RE.match(text)
    if not m:
        return None
    head = m["head"].lower()
    if head in OPERATIVE_VERBS:
        form = "third"
    elif head in _PARTICIPLES:
        form = "participle"
    elif head in _IMPERATIVES and not m["adv"]:
        form = "imperative"
    else:
        return None
    return Lead(m.start("head"), m.end("tail"), m["adv"].strip(), head, m["tail"], form)


# --- clauses -----------------------------------------------------------------------------------

_CLAUSE_SPLIT_RE = re.compile(r"[;:]\s+|(?<=[a-z0-9)])\.\s+(?=[A-Z])")


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause: runs between semicolons, colons and full stops."""
    spans, start = [], 0
    for m in _CLAUSE_SPLIT_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        s2 = s + len(chunk) - len(chunk.lstrip())
        e2 = s + len(chunk.rstrip().rstrip(".;:,"))
        if e2 > s2:
            out.append((s2, e2))
    return out


def _words(text: str) -> int:
    return len(text.split())


_TRAILING = frozenset(_split("that and or to of the a an in for with which while by as on at from its their"))


def _trim(text: str, a: int, b: int, keep: int) -> tuple[int, int]:
    """[a, b) without trailing function words ("..., notes with concern that"), never cutting before keep."""
    while True:
        chunk = text[a:b].rstrip(" ,;:.")
        last = chunk.rsplit(" ", 1)
        if len(last) < 2 or last[1].lower() not in _TRAILING or a + len(last[0]) < keep:
            return a, a + len(chunk)
        b = a + len(last[0])


def window(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A claim-sized span of `text` holding [start, end): its clause, cut at commas when long."""
    span = _window(text, start, end)
    return None if span is None else _trim(text, *span, keep=end)


def _window(text: str, start: int, end: int) -> tuple[int, int] | None:
    clause = next(((s, e) for s, e in clause_spans(text) if s <= start and end <= e), None)
    if clause is None:
        return None
    s, e = clause
    if _words(text[s:e]) <= MAX_WORDS:
        return (s, e) if _words(text[s:e]) >= MIN_WORDS else None
    # comma pieces of the clause, grown around the target until long enough
    cuts = sorted({s, *[s + m.end() for m in re.finditer(r",\s+", text[s:e])]})
    pieces = [(a, (cuts[i + 1] if i + 1 < len(cuts) else e)) for i, a in enumerate(cuts)]
    idx = [i for i, (a, b) in enumerate(pieces) if a <= start < b]
    if not idx:
        return None
    lo = hi = idx[0]
    while pieces[hi][1] < end and hi + 1 < len(pieces):
        hi += 1

    def span(lo: int, hi: int) -> tuple[int, int]:
        a, b = pieces[lo][0], pieces[hi][1]
        chunk = text[a:b]
        return a, a + len(chunk.rstrip().rstrip(",;:."))

    while _words(text[slice(*span(lo, hi))]) < 14:
        grown = False
        for nlo, nhi in ((lo - 1, hi), (lo, hi + 1)):
            if nlo >= 0 and nhi < len(pieces) and _words(text[slice(*span(nlo, nhi))]) <= MAX_WORDS:
                lo, hi, grown = nlo, nhi, True
                break
        if not grown:
            break
    a, b = span(lo, hi)
    n = _words(text[a:b])
    return (a, b) if MIN_WORDS <= n <= MAX_WORDS + 15 else None


def _sentence(span_text: str) -> str:
    """A claim sentence: the span, first letter as it is, a full stop at the end."""
    return span_text.rstrip(" ,;:.") + "."


def _case_like(repl: str, original: str) -> str:
    if original[:1].isupper() and repl:
        return repl[:1].upper() + repl[1:]
    return repl


def _claimable(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    return [p for p in paragraphs if p.language == "en" and p.kind != FOOTNOTE and _words(p.text) >= MIN_WORDS]


# --- generation --------------------------------------------------------------------------------

Candidate = tuple[str, Claim]  # (rule, claim)


def _rule_candidates(p: Paragraph, family: str, rules: Sequence[tuple[str, str, str]]) -> Iterator[Candidate]:
    text = p.text
    for pattern, repl, name in rules:
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            g = "w" if "w" in m.groupdict() else 0
            start, end = m.span(g)
            span = window(text, start, end)
            if span is None:
                continue
            a, b = span
            if not (a <= start and end <= b):
                continue
            new = _case_like(repl, m.group(g))
            mutated = text[a:start] + new + text[end:b]
            mutated = re.sub(r"\s{2,}", " ", mutated).strip(" ,")
            if start == a and new == "":
                mutated = mutated[:1].upper() + mutated[1:]
            if mutated.rstrip(" ,;:.").lower() == text[a:b].rstrip(" ,;:.").lower() or _words(mutated) < 5:
                continue
            yield name, Claim(_sentence(mutated), p.id, family, False, name, text[a:b])


def _body_name(p: Paragraph) -> str:
    body = p.body or "General Assembly"
    return "The Council" if "Council" in body and zlib.crc32(p.id.encode()) % 2 else f"The {body}"


def _finite(head: str) -> str:
    """'recognizing' -> 'recognizes' (third person of a participle)."""
    irregular = {"taking": "takes", "bearing": "bears", "noting": "notes", "welcoming": "welcomes",
                 "recognizing": "recognizes", "emphasizing": "emphasizes", "acknowledging": "acknowledges",
                 "underlining": "underlines", "underscoring": "underscores", "convinced": "is convinced",
                 "expressing": "expresses", "stressing": "stresses", "affirming": "affirms",
                 "recommitting": "recommits", "highlighting": "highlights", "reiterating": "reiterates"}
    if head in irregular:
        return irregular[head]
    return head[:-3] + "s"


def _past(head: str) -> str:
    """'welcomes' -> 'welcomed', 'calls' -> 'called', 'takes' -> 'took'."""
    irregular = {"takes": "took", "draws": "drew", "seeks": "sought", "bears": "bore", "undertakes": "undertook",
                 "is": "was", "remains": "remained"}
    if head in irregular:
        return irregular[head]
    stem = head[:-1]
    if stem.endswith(("ss", "sh")) and head.endswith("es"):
        stem = head[:-2]
        return stem + "ed"
    return stem + "d" if stem.endswith("e") else stem + "ed"


def _lead_claim_span(p: Paragraph, lead: Lead) -> tuple[int, int] | None:
    return window(p.text, lead.start, lead.end)


def _verb_candidates(p: Paragraph, rng_key: int) -> Iterator[Candidate]:
    lead = lead_verb(p.text)
    if lead is None:
        return
    span = _lead_claim_span(p, lead)
    if span is None or span[0] > lead.start:
        return
    neg = NEGATIVE_VERBS[rng_key % len(NEGATIVE_VERBS)]
    rest = p.text[lead.end:span[1]]
    prefix = p.text[span[0]:lead.start]
    if lead.form == "third":
        verb = neg
    elif lead.form == "participle":
        verb = _NEG_ING[neg]
    else:  # imperative, we
        verb = _NEG_BASE[neg]
    if not prefix:
        verb = verb[:1].upper() + verb[1:]
    original_head = p.text[lead.start:lead.end]
    text = prefix + verb + rest
    yield f"{lead.head} -> {neg}", Claim(_sentence(text), p.id, "verb", False,
                                         f"{original_head.strip()} -> {verb}", p.text[span[0]:span[1]])
    # framed: "The General Assembly rejects ..."
    if lead.form == "third" and span[0] == 0:
        adverb = f"{lead.adverb.lower()} " if lead.adverb else ""
        framed = f"{_body_name(p)} {adverb}{neg}{rest}"
        yield f"{lead.head} -> {neg} (framed)", Claim(_sentence(framed), p.id, "verb", False,
                                                      f"{original_head.strip()} -> {neg}", p.text[span[0]:span[1]])


def _framing_candidates(p: Paragraph) -> Iterator[Candidate]:
    lead = lead_verb(p.text)
    if lead is None or lead.form not in ("third", "participle"):
        return
    span = _lead_claim_span(p, lead)
    if span is None or span[0] != 0:
        return
    body = _body_name(p)
    adverb = f"{lead.adverb.lower()} " if lead.adverb else ""
    head = p.text[lead.start:lead.end]
    rest = p.text[lead.end:span[1]]
    original = p.text[span[0]:span[1]]
    if lead.form == "third":
        framed = f"{body} {adverb}{head[:1].lower()}{head[1:]}{rest}"
        yield "framing", Claim(_sentence(framed), p.id, "framing", True, f"{body} + clause", original)
        past = _past(lead.head) + lead.tail
        yield f"past tense ({lead.head})", Claim(_sentence(f"{body} {adverb}{past}{rest}"), p.id, "inflection",
                                                 True, f"{lead.head} -> {_past(lead.head)}", original)
    else:
        finite = _finite(lead.head)
        tail = lead.tail
        yield f"participle -> finite ({lead.head})", Claim(
            _sentence(f"{body} {adverb}{finite}{tail}{rest}"), p.id, "inflection", True,
            f"{lead.head} -> {finite}", original)


_REORDER_STOP = frozenset(_split(
    "the a an of to in for on and or with by as at from its their all that this these those which who "
    "be is are was were has have had it we our other such further also including well more"
))
_PHRASE_OPENERS = frozenset(_split(
    "the of in for to on with by between among its their our all both and at from through as including "
    "into within across about"
))
_PHRASE_CLOSERS = frozenset(_split(
    "of in for to and at on with by from between within across through that which is are as including "
    "among should will can must has have was were into"
))
_AND_PAIR_RE = re.compile(r"(?<![-\u2011\w])([a-z][a-z]{2,}) and ([a-z][a-z]{2,})(?![-\u2011\w])")  # ‑: non-breaking


def _reorder_candidates(p: Paragraph) -> Iterator[Candidate]:
    text = p.text
    for m in _AND_PAIR_RE.finditer(text):
        a, b = m.group(1), m.group(2)
        if a in _REORDER_STOP or b in _REORDER_STOP or a == b:
            continue
        # a list of more than two ("x, a and b") would change which item is last: skip
        before = text[:m.start()].rstrip()
        if before.endswith(","):
            continue
        # A must start its phrase ("of science and technology", not "domain names and progress")
        previous = before.rsplit(" ", 1)[-1].lower() if before else ""
        if previous and previous not in _PHRASE_OPENERS and not previous.endswith((";", ":", "(")):
            continue
        # ... and B must end it ("science and technology for", not "data and biased results")
        after = text[m.end():].lstrip()
        following = re.match(r"[\w’'-]+", after)
        if following and following.group().lower() not in _PHRASE_CLOSERS:
            continue
        span = window(text, m.start(), m.end())
        if span is None:
            continue
        s, e = span
        swapped = text[s:m.start()] + f"{b} and {a}" + text[m.end():e]
        yield f"{a} and {b} -> {b} and {a}", Claim(_sentence(swapped), p.id, "reorder", True,
                                                   f"{a} and {b} -> {b} and {a}", text[s:e])


def _verbatim_candidates(p: Paragraph) -> Iterator[Candidate]:
    for s, e in clause_spans(p.text):
        n = _words(p.text[s:e])
        if MIN_WORDS <= n <= MAX_WORDS:
            yield p.kind, Claim(_sentence(p.text[s:e]), p.id, "verbatim", True, "verbatim", p.text[s:e])
        elif n > MAX_WORDS:
            span = window(p.text, s, s + 1)
            if span is not None:
                yield p.kind, Claim(_sentence(p.text[span[0]:span[1]]), p.id, "verbatim", True, "verbatim",
                                    p.text[span[0]:span[1]])


def candidates(paragraphs: Sequence[Paragraph]) -> dict[str, list[Candidate]]:
    """Every claim each family can make from the paragraphs (before sampling)."""
    makers: dict[str, Callable[[Paragraph, int], Iterable[Candidate]]] = {
        "verbatim": lambda p, i: _verbatim_candidates(p),
        "framing": lambda p, i: (c for c in _framing_candidates(p) if c[1].family == "framing"),
        "inflection": lambda p, i: (c for c in _framing_candidates(p) if c[1].family == "inflection"),
        "reorder": lambda p, i: _reorder_candidates(p),
        "opposite": lambda p, i: _rule_candidates(p, "opposite", OPPOSITE_RULES),
        "quantifier": lambda p, i: _rule_candidates(p, "quantifier", QUANTIFIER_RULES),
        "verb": _verb_candidates,
        "attitude": lambda p, i: _rule_candidates(p, "attitude", ATTITUDE_RULES),
        "scope": lambda p, i: _rule_candidates(p, "scope", SCOPE_RULES),
        "dropped": lambda p, i: _rule_candidates(p, "dropped", DROPPED_RULES),
    }
    out: dict[str, list[Candidate]] = {}
    for family, make in makers.items():
        seen: set[tuple[str, str]] = set()
        rows = []
        for i, p in enumerate(paragraphs):
            for rule, claim in make(p, i):
                if (claim.paragraph_id, claim.text) not in seen:
                    seen.add((claim.paragraph_id, claim.text))
                    rows.append((rule, claim))
        out[family] = rows
    return out


def _spread(rows: list[Candidate], n: int, rng: random.Random) -> list[Claim]:
    """Up to n claims, taken round robin over the rules (each rule's claims shuffled)."""
    by_rule: dict[str, list[Claim]] = {}
    for rule, claim in rows:
        by_rule.setdefault(rule, []).append(claim)
    queues = []
    for rule in sorted(by_rule):
        claims = by_rule[rule][:]
        rng.shuffle(claims)
        queues.append(claims)
    rng.shuffle(queues)
    out: list[Claim] = []
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop())
    return out


def generate(paragraphs: Iterable[Paragraph], per_family: int = PER_FAMILY, seed: int = SEED) -> list[Claim]:
    """The claims, deterministic for a seed: at most `per_family` per family."""
    ps = sorted(_claimable(paragraphs), key=lambda p: (p.symbol, p.order, p.loc))
    rng = random.Random(seed)
    cands = candidates(ps)
    claims: list[Claim] = []
    for family in FAMILIES:
        claims.extend(_spread(cands[family], per_family, rng))
    return claims


def available(paragraphs: Iterable[Paragraph]) -> dict[str, int]:
    """How many distinct claims the corpus allows per family."""
    ps = sorted(_claimable(paragraphs), key=lambda p: (p.symbol, p.order, p.loc))
    return {family: len(rows) for family, rows in candidates(ps).items()}


# --- evaluation --------------------------------------------------------------------------------

def english_paragraphs() -> list[Paragraph]:
    from scripts.bank.corpus_view import corpus_paragraphs

    return [p for p in corpus_paragraphs() if p.language == "en"]


@dataclass
class Result:
    claim: Claim
    status: str
    differences: tuple[str, ...]

    @property
    def accepted(self) -> bool:
        from assistant.types import QUOTED, SUPPORTED

        return self.status in (QUOTED, SUPPORTED)


def evaluate(claims: Sequence[Claim], paragraphs: dict[str, Paragraph], similarity) -> list[Result]:
    from assistant.verify import verify_claim

    out = []
    for c in claims:
        check = verify_claim(c.text, paragraphs[c.paragraph_id], similarity=similarity)
        out.append(Result(c, check.status, tuple(check.differences)))
    return out


def rates(results: Sequence[Result]) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {f: [0, 0] for f in FAMILIES}
    for r in results:
        row = out[r.claim.family]
        row[0] += r.accepted
        row[1] += 1
    return {f: (a, t) for f, (a, t) in out.items()}


def default_similarity():
    from assistant.verify import embedding_similarity
    from index.embed import get_embedder
    from index.settings import load_settings

    similarity = embedding_similarity(get_embedder(load_settings().embedding_model).model)
    similarity.cache_size = 1_000_000
    return similarity


def run(per_family: int = PER_FAMILY, seed: int = SEED, similarity=None) -> tuple[list[Result], dict[str, int]]:
    paragraphs = english_paragraphs()
    claims = generate(paragraphs, per_family, seed)
    similarity = similarity if similarity is not None else default_similarity()
    results = evaluate(claims, {p.id: p for p in paragraphs}, similarity)
    return results, available(paragraphs)


def report(results: Sequence[Result], allowed: dict[str, int], examples: int = 0, seconds: float = 0.0) -> None:
    by_family = rates(results)
    n_docs = len({r.claim.paragraph_id.rsplit(":", 1)[0] for r in results})
    print(f"\n== Independent verifier adversary (scripts/verifier_adversary.py): {len(results)} claims "
          f"from {n_docs} documents ({seconds:.0f} s)")
    print(f"  {'family':<12} {'kind':<10} {'accepted':>8} / {'total':<6} {'corpus allows':>13}")
    for f in FAMILIES:
        a, t = by_family[f]
        kind = "faithful" if f in FAITHFUL_FAMILIES else "distorted"
        print(f"  {f:<12} {kind:<10} {a:>8} / {t:<6} {allowed.get(f, 0):>13}")
    da = sum(by_family[f][0] for f in DISTORTION_FAMILIES)
    dt = sum(by_family[f][1] for f in DISTORTION_FAMILIES)
    fa = sum(by_family[f][0] for f in FAITHFUL_FAMILIES)
    ft = sum(by_family[f][1] for f in FAITHFUL_FAMILIES)
    print(f"  distortions accepted:     {da}/{dt} = {da / max(dt, 1):.4f}  (target 0)")
    print(f"  faithful claims accepted: {fa}/{ft} = {fa / max(ft, 1):.4f}  (target >= 0.90)")
    if examples:
        rng = random.Random(SEED)
        for f in DISTORTION_FAMILIES:
            acc = [r for r in results if r.claim.family == f and r.accepted]
            for r in rng.sample(acc, min(examples, len(acc))):
                print(f"    [{f}: {r.claim.rule}; {r.status}] {r.claim.paragraph_id}: {r.claim.text}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-family", type=int, default=PER_FAMILY)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--examples", type=int, default=3, help="accepted distortions shown per family")
    parser.add_argument("--json", metavar="FILE", help="also write every claim and its verdict here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    results, allowed = run(args.per_family, args.seed)
    report(results, allowed, args.examples, time.perf_counter() - t0)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps({**asdict(r.claim), "status": r.status, "differences": list(r.differences),
                                     "accepted": r.accepted}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
