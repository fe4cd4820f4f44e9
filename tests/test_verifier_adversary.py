"""The independent verifier adversary's generator (scripts/verifier_adversary.py), not the verifier's verdicts.

Checks that each distortion really changes the word its rule names, that the faithful
controls are the paragraph's words (a substring, a framing, a tense or an "and" pair
swapped) and that a seed gives the same claims.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from index.paragraph import Paragraph
from scripts import verifier_adversary as va

BODIES = ("The General Assembly ", "The Economic and Social Council ", "The Council ")


@cache
def paragraphs() -> tuple[Paragraph, ...]:
    return tuple(va.english_paragraphs())


@cache
def claims() -> tuple[va.Claim, ...]:
    return tuple(va.generate(paragraphs()))


def by_id() -> dict[str, Paragraph]:
    return {p.id: p for p in paragraphs()}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:").lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)


def _strip_body(text: str) -> str:
    for body in BODIES:
        if text.startswith(body):
            return text[len(body):]
    raise AssertionError(f"no framing: {text}")


def test_every_family_from_every_document():
    counts = Counter(c.family for c in claims())
    assert set(counts) == set(va.FAMILIES)
    assert all(n >= 200 for n in counts.values()), counts
    documents = {c.paragraph_id.rsplit(":", 1)[0] for c in claims()}
    assert len(documents) == 18
    assert all(c.faithful == (c.family in va.FAITHFUL_FAMILIES) for c in claims())
    assert all(c.paragraph_id in by_id() for c in claims())


def test_deterministic_with_the_seed():
    again = va.generate(paragraphs())
    assert tuple(again) == claims()
    other = va.generate(paragraphs(), seed=va.SEED + 1)
    assert other != list(claims())
    assert Counter(c.family for c in other) == Counter(c.family for c in claims())


def test_claims_are_sentences_drawn_from_their_paragraph():
    table = by_id()
    for c in claims():
        assert c.text.endswith(".")
        assert c.original in table[c.paragraph_id].text
        assert len(c.original.split()) >= va.MIN_WORDS


def _one_replacement(original: str, old: str, new: str) -> set[str]:
    """Every text made by replacing one occurrence of `old` (any case) in `original` by `new`."""
    out = set()
    for m in re.finditer(re.escape(old), original, flags=re.IGNORECASE):
        repl = new[:1].upper() + new[1:] if m.group()[:1].isupper() and new else new
        out.add(_norm(original[:m.start()] + repl + original[m.end():]))
    return out


@pytest.mark.parametrize("family", ["opposite", "quantifier", "attitude", "scope", "dropped"])
def test_rule_families_change_the_named_words(family):
    for c in (c for c in claims() if c.family == family):
        old, new = c.rule.split(" -> ")
        assert _norm(c.text) != _norm(c.original)
        if c.rule == "in particular X -> dropped":
            assert re.search(r"in particular|particularly|especially|notably", c.original, re.IGNORECASE)
            assert len(c.text.split()) < len(c.original.split())
            continue
        if c.rule == "least developed (list item) -> dropped":
            assert "least developed" in c.original.lower() and "least developed and" not in c.text.lower()
            continue
        new = "" if new == "dropped" else new
        # "non-" / "only" / "without": the word (with its space, or the prefix) left out
        olds = [old.rstrip("-") + "-"] if old.endswith("-") and old == "non-" else [old, old + " "]
        if old in ("un-", "in-"):
            olds = [old[:-1]]
        made = set().union(*(_one_replacement(c.original, o, new) for o in olds))
        assert _norm(c.text) in made, (c.rule, c.original, c.text)
        assert old.rstrip("-").lower() in c.original.lower()


def test_verb_family_replaces_the_opening_verb():
    for c in (c for c in claims() if c.family == "verb"):
        old, new = c.rule.split(" -> ")
        assert any(neg[:5] in new.lower() for neg in va.NEGATIVE_VERBS), c.rule
        assert old.lower().split()[-1] not in _norm(c.text).split()[:3] or old.lower() == new.lower()
        words = _norm(c.text).split()
        assert any(w.startswith(tuple(v[:-2] for v in va.NEGATIVE_VERBS)) for w in words[:8]), c.text
        # the rest of the clause is kept
        at = c.original.lower().index(old.lower())
        assert at <= len("We also "), (c.rule, c.original)
        assert _norm(c.original[at + len(old):]) in _norm(c.text)


def test_verbatim_controls_are_substrings():
    table = by_id()
    for c in (c for c in claims() if c.family == "verbatim"):
        assert c.text[:-1] in table[c.paragraph_id].text
        assert c.text[:-1] == c.original.rstrip(" ,;:.")


def test_framing_controls_are_the_body_and_the_clause():
    for c in (c for c in claims() if c.family == "framing"):
        assert _strip_body(c.text).lower().rstrip(".") == c.original.lower().rstrip(" ,;:.")
        assert c.original == by_id()[c.paragraph_id].text[:len(c.original)]


def test_inflection_controls_change_only_the_verb():
    for c in (c for c in claims() if c.family == "inflection"):
        old, new = c.rule.split(" -> ")
        rest = _strip_body(c.text)
        assert new.split()[0] in _words(rest)[:3], (c.rule, c.text)
        assert _norm(rest).replace(new.lower(), old.lower(), 1) == _norm(c.original), (c.rule, c.text)


def test_reorder_controls_swap_an_and_pair():
    for c in (c for c in claims() if c.family == "reorder"):
        pair, swapped = c.rule.split(" -> ")
        assert pair in c.original and swapped in c.text
        assert Counter(_words(c.text.lower())) == Counter(_words(c.original.lower()))
        assert _norm(c.text) != _norm(c.original)


def _para(text: str, loc: str = "3", kind: str = "operative") -> Paragraph:
    return Paragraph(symbol="A/RES/1/1", loc=loc, kind=kind, text=text, order=1, body="General Assembly")


def test_small_paragraph_families():
    p = _para("Welcomes the efforts of all States to increase affordable access to the Internet in rural areas, "
              "in particular in the least developed countries;")
    got = {c.family: c for c in va.generate([p])}
    texts = {c.text for c in va.generate([p], per_family=50)}
    tail = ", in particular in the least developed countries."
    for text in ("Welcomes the efforts of all States to decrease affordable access to the Internet in rural areas",
                 "Welcomes the efforts of all States to increase affordable access to the Internet in urban areas",
                 "Welcomes the efforts of all States to increase expensive access to the Internet in rural areas",
                 "Welcomes the efforts of some States to increase affordable access to the Internet in rural areas",
                 "Regrets the efforts of all States to increase affordable access to the Internet in rural areas"):
        assert text + tail in texts
    assert "Welcomes the efforts of all States to increase affordable access to the Internet in rural areas." in texts
    assert ("Welcomes the efforts of all States to increase affordable access to the Internet in rural areas, "
            "in particular in the developing countries.") in texts
    assert got["framing"].text == ("The General Assembly welcomes the efforts of all States to increase affordable "
                                   "access to the Internet in rural areas" + tail)
    assert got["verbatim"].text == p.text[:-1] + "."
    assert got["inflection"].text.startswith("The General Assembly welcomed the efforts")
    assert got["verb"].text.split()[0] in ("Rejects", "Condemns", "Ignores", "Opposes", "Dismisses")


def test_lead_verbs():
    assert va.lead_verb("Also welcomes the report").head == "welcomes"
    assert va.lead_verb("Calls upon Member States to act").tail == " upon"
    assert va.lead_verb("Recognizing that the digital divide persists").form == "participle"
    assert va.lead_verb("We recognize that ...").form == "we"
    assert va.lead_verb("Promote access to data").form == "imperative"
    assert va.lead_verb("The digital divide persists") is None
    assert va._past("stresses") == "stressed" and va._past("calls") == "called" and va._past("notes") == "noted"
    assert va._finite("recognizing") == "recognizes" and va._finite("reaffirming") == "reaffirms"
