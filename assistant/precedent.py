"""Precedent ("agreed language") search: where was this wording agreed before, and how did it change?

Secretariat staff check a draft paragraph against what was agreed before.
`PrecedentIndex.search` ranks indexed paragraphs in three tiers:

1. verbatim - the draft's words appear in the paragraph exactly (case,
   punctuation and markup aside), or the whole paragraph appears in the draft;
2. near - word n-gram and character similarity after normalizing UN spelling
   variants and acronyms ("development-orientated" = "development-oriented",
   "ICTs" = "information and communications technologies"), robust to
   reordered lists because unigrams count as much as bigrams;
3. semantic - cosine similarity from an injected callable (the vector store),
   for paragraphs that say the same thing in other words.

Each hit carries a word-level diff against the draft.  `families` groups the
same language across documents and years, ordered by date, with each later
variant diffed against the one before; `phrase_search` finds an exact phrase.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from index.paragraph import Paragraph
from index.text import LOWER_TOKEN_RE, MARKUP_AND_RULES_RE

VERBATIM, NEAR, SEMANTIC = "verbatim", "near", "semantic"
TIERS = (VERBATIM, NEAR, SEMANTIC)

SemanticSearch = Callable[[str, int], Sequence[tuple[str, float]]]

# UN spelling variants and acronym expansions, applied to lower-cased text
# before tokenizing so that both spellings give the same tokens.
VARIANTS: tuple[tuple[str, str], ...] = (
    (r"\borientated\b", "oriented"),
    (r"\bcentered\b", "centred"),
    (r"\bco-operat", "cooperat"),
    (r"\bco-ordinat", "coordinat"),
    (r"\b(\w+)isation\b", r"\1ization"),
    (r"\b(\w{3,})ise(s|d)?\b", r"\1ize\2"),
    (r"\bprogram\b", "programme"),
    (r"\binformation and communications? technolog(?:y|ies)\b", "ict"),
    (r"\bicts\b", "ict"),
    (r"\bworld summit on the information society\b", "wsis"),
    (r"\binternet governance forum\b", "igf"),
    (r"\bcommission (?:on|for) science and technology for development\b", "cstd"),
    (r"\bunited nations group on the information society\b", "ungis"),
    (r"\bun group on the information society\b", "ungis"),
    (r"\beconomic and social council\b", "ecosoc"),
    (r"\bmillennium development goals\b", "mdgs"),
    (r"\bsustainable development goals\b", "sdgs"),
    (r"\bunited nations\b", "un"),
)
_COMPILED = tuple((re.compile(p), r) for p, r in VARIANTS)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def clean(text: str) -> str:
    """Text without italics and footnote markers, quotes and dashes unified, spaces collapsed."""
    return " ".join(MARKUP_AND_RULES_RE.sub("", text).translate(_QUOTES).split())


def light_tokens(text: str) -> list[str]:
    """Words as written, lower-cased: what "verbatim" compares."""
    return LOWER_TOKEN_RE.findall(clean(text).lower())


def canonical_tokens(text: str, extra: Sequence[tuple[re.Pattern, str]] = ()) -> list[str]:
    """Words with spelling variants and acronym expansions normalized: what "near" compares."""
    t = clean(text).lower()
    for rx, repl in (*extra, *_COMPILED):
        t = rx.sub(repl, t)
    return LOWER_TOKEN_RE.findall(t)


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(tokens))


@dataclass(frozen=True)
class DiffOp:
    op: str  # equal | insert | delete ("insert" = in the draft only, "delete" = in the precedent only)
    words: tuple[str, ...]


def word_diff(old: str, new: str, window: bool = True) -> tuple[tuple[DiffOp, ...], tuple[int, int]]:
    """Word-level diff from `old` (the agreed paragraph) to `new` (the draft).

    When the draft is much shorter than the paragraph, the diff covers only the
    part of the paragraph that the draft aligns with; the returned window says
    which words of `old` that is (start, end).  `window=False` always diffs the
    whole of both (comparing two documents' versions of one paragraph).
    """
    a, b = clean(old).split(), clean(new).split()
    ka = [w.lower().strip(".,;:()\"'") for w in a]
    kb = [w.lower().strip(".,;:()\"'") for w in b]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    lo, hi = 0, len(a)
    if window and len(a) > 1.5 * len(b) + 5:
        # Anchor on the longest run the two share and take a draft-sized window around it.
        m = sm.find_longest_match(0, len(ka), 0, len(kb))
        if m.size:
            slack = max(2, len(b) // 5)
            lo = max(0, m.a - m.b - slack)
            hi = min(len(a), m.a + (len(b) - m.b) + slack)
            sm = difflib.SequenceMatcher(None, ka[lo:hi], kb, autojunk=False)
    a = a[lo:hi]
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", tuple(a[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            ops.append(DiffOp("delete", tuple(a[i1:i2])))
        if tag in ("replace", "insert"):
            ops.append(DiffOp("insert", tuple(b[j1:j2])))
    if (lo, hi) != (0, len(ka)):
        # Words of a long paragraph beside the aligned part are context, not changes.
        while ops and ops[0].op == "delete":
            lo += len(ops.pop(0).words)
        while ops and ops[-1].op == "delete":
            hi -= len(ops.pop().words)
    return tuple(ops), (lo, hi)


def render_diff(ops: Iterable[DiffOp]) -> str:
    """Plain-text rendering for the CLI: `[-agreed words-] {+draft words+}`."""
    parts = []
    for op in ops:
        words = " ".join(op.words)
        parts.append(words if op.op == "equal" else f"[-{words}-]" if op.op == "delete" else f"{{+{words}+}}")
    return " ".join(parts)


@dataclass(frozen=True)
class PrecedentHit:
    paragraph: Paragraph
    similarity: float  # 0-1; for "semantic" the cosine
    tier: str  # verbatim | near | semantic
    diff: tuple[DiffOp, ...] = ()
    window: tuple[int, int] = (0, 0)  # words of the paragraph the diff covers

    @property
    def diff_text(self) -> str:
        prefix = "… " if self.window[0] > 0 else ""
        suffix = " …" if self.window[1] < len(clean(self.paragraph.text).split()) else ""
        return prefix + render_diff(self.diff) + suffix

    def to_json(self) -> dict:
        p = self.paragraph
        return {
            "id": p.id,
            "label": p.label,
            "document": p.symbol,
            "date": p.date,
            "tier": self.tier,
            "similarity": round(self.similarity, 4),
            "text": p.text,
            "diff": [{"op": d.op, "words": list(d.words)} for d in self.diff],
            "diff_text": self.diff_text,
        }


@dataclass(frozen=True)
class _Entry:
    paragraph: Paragraph
    light: str  # " w1 w2 ... " for containment tests
    light_len: int
    canon: tuple[str, ...]
    counts: Counter
    bigrams: frozenset


@dataclass(frozen=True)
class _DraftStats:
    canon: tuple[str, ...]
    counts: Counter
    bigrams: frozenset
    joined: str

    @classmethod
    def of(cls, canon: Sequence[str]) -> _DraftStats:
        return cls(tuple(canon), Counter(canon), frozenset(_bigrams(canon)), " ".join(canon))


def _ratio_bonus(len_p: int, len_d: int) -> float:
    """Penalty for a paragraph shorter than the draft: it can only cover part of it."""
    return 1.0 if len_p >= len_d else (len_p / len_d) ** 0.5


class PrecedentIndex:
    """Built once over the indexed paragraphs; `search` is then a few milliseconds.

    `extra_variants` adds (regex, replacement) pairs to the normalization table,
    e.g. from the corpus glossary (expansion -> acronym).
    """

    def __init__(
        self,
        paragraphs: Iterable[Paragraph],
        near_threshold: float = 0.5,
        extra_variants: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.near_threshold = near_threshold
        self._extra = tuple((re.compile(p), r) for p, r in extra_variants)
        self.entries: list[_Entry] = []
        self.by_id: dict[str, int] = {}
        self._postings: dict[object, list[int]] = defaultdict(list)
        for p in paragraphs:
            if not p.text.strip():
                continue
            light = light_tokens(p.text)
            canon = tuple(canonical_tokens(p.text, self._extra))
            entry = _Entry(
                p, f" {' '.join(light)} ", len(light), canon, Counter(canon), frozenset(_bigrams(canon))
            )
            idx = len(self.entries)
            self.entries.append(entry)
            self.by_id[p.id] = idx
            for key in set(canon) | entry.bigrams:
                self._postings[key].append(idx)

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, canon: Sequence[str], limit: int = 300) -> list[int]:
        """Paragraphs sharing the most bigrams with the draft (all of them share at least one)."""
        keys: set[object] = _bigrams(canon) or set(canon)
        shared: Counter = Counter()
        for key in keys:
            shared.update(self._postings.get(key, ()))
        if not shared:
            return []
        floor = max(1, int(0.2 * len(keys)))
        best = [idx for idx, n in shared.most_common(limit) if n >= floor]
        return best or [idx for idx, _ in shared.most_common(limit)]

    def similarity(self, draft_canon: Sequence[str], entry: _Entry) -> float:
        """Near-verbatim similarity 0-1 of a (normalized) draft to one paragraph."""
        return self._similarity(_DraftStats.of(draft_canon), entry)

    @staticmethod
    def _similarity(d: _DraftStats, entry: _Entry) -> float:
        n_d = max(len(d.canon), 1)
        shared_uni = sum((d.counts & entry.counts).values())
        shared_bi = len(d.bigrams & entry.bigrams)
        len_p = max(len(entry.canon), 1)
        if len_p >= n_d:  # the draft is (part of) the paragraph
            cover = (shared_uni / n_d + (shared_bi / len(d.bigrams) if d.bigrams else shared_uni / n_d)) / 2
        else:  # the paragraph is (part of) the draft
            p_bi = max(len(entry.bigrams), 1)
            cover = (shared_uni / len_p + shared_bi / p_bi) / 2 * _ratio_bonus(len_p, n_d)
        if 0.67 <= len_p / n_d <= 1.5:
            # Character similarity catches small spelling differences the table lacks;
            # below 0.85 it only measures that two texts are UN English.
            chars = fuzz.ratio(d.joined, " ".join(entry.canon)) / 100
            if chars >= 0.85:
                cover = max(cover, chars)
        return min(cover, 1.0)

    def search(self, draft: str, k: int = 10, semantic: SemanticSearch | None = None) -> list[PrecedentHit]:
        """The k paragraphs closest in wording to `draft`: verbatim, then near, then semantic."""
        light = light_tokens(draft)
        canon = canonical_tokens(draft, self._extra)
        if not light:
            return []
        needle = f" {' '.join(light)} "
        stats = _DraftStats.of(canon)
        scored: list[tuple[int, float, str, Paragraph, int]] = []
        seen: set[int] = set()
        for idx in self._candidates(canon):
            e = self.entries[idx]
            if needle in e.light:
                scored.append((0, 1.0, e.paragraph.date, e.paragraph, idx))
            elif e.light_len >= 8 and e.light in needle:
                scored.append((0, e.light_len / len(light), e.paragraph.date, e.paragraph, idx))
            else:
                sim = self._similarity(stats, e)
                if sim < self.near_threshold:
                    continue
                scored.append((1, sim, e.paragraph.date, e.paragraph, idx))
            seen.add(idx)
        scored.sort(key=lambda t: (t[0], -t[1], t[2] or "9999", t[3].symbol, t[3].order))
        hits = [self._hit(p, sim, TIERS[tier], draft) for tier, sim, _, p, _ in scored[:k]]
        if semantic is not None and len(hits) < k:
            for pid, cosine in semantic(draft, k + len(hits)):
                idx = self.by_id.get(pid)
                if idx is None or idx in seen:
                    continue
                seen.add(idx)
                hits.append(self._hit(self.entries[idx].paragraph, float(cosine), SEMANTIC, draft))
                if len(hits) >= k:
                    break
        return hits

    def phrase_search(self, phrase: str) -> PhraseResult:
        """`phrase_search` over the indexed paragraphs."""
        return phrase_search(phrase, (e.paragraph for e in self.entries))

    @staticmethod
    def _hit(p: Paragraph, sim: float, tier: str, draft: str) -> PrecedentHit:
        diff, window = word_diff(p.text, draft)
        return PrecedentHit(p, round(sim, 4), tier, diff, window)


def language_similarity(a: str, b: str) -> float:
    """Symmetric similarity of two paragraphs' language (0-1), for grouping families."""
    return token_similarity(canonical_tokens(a), canonical_tokens(b))


def token_similarity(ca: Sequence[str], cb: Sequence[str]) -> float:
    """`language_similarity` over canonical tokens already computed (a caller comparing many pairs
    normalizes each paragraph once: the regular expressions are most of the cost)."""
    if not ca or not cb:
        return 0.0
    uni = 2 * sum((Counter(ca) & Counter(cb)).values()) / (len(ca) + len(cb))
    ba, bb = _bigrams(ca), _bigrams(cb)
    bi = 2 * len(ba & bb) / (len(ba) + len(bb)) if ba and bb else uni
    return (uni + bi) / 2


@dataclass(frozen=True)
class Variant:
    """A later appearance of a family's language, diffed against the previous one."""

    paragraph: Paragraph
    similarity: float  # to the previous variant
    diff: tuple[DiffOp, ...]

    @property
    def changed(self) -> bool:
        return any(op.op != "equal" for op in self.diff)

    @property
    def diff_text(self) -> str:
        return render_diff(self.diff)


@dataclass(frozen=True)
class Family:
    """The same language across documents and years: where it first appeared and how it changed."""

    first: Paragraph
    variants: tuple[Variant, ...] = field(default=())

    @property
    def members(self) -> tuple[Paragraph, ...]:
        return (self.first, *(v.paragraph for v in self.variants))

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.symbol for p in self.members))

    def to_json(self) -> dict:
        return {
            "first": {"id": self.first.id, "label": self.first.label, "date": self.first.date,
                      "text": self.first.text},
            "variants": [
                {"id": v.paragraph.id, "label": v.paragraph.label, "date": v.paragraph.date,
                 "similarity": round(v.similarity, 4), "changed": v.changed, "diff_text": v.diff_text}
                for v in self.variants
            ],
        }


def _date_key(p: Paragraph) -> tuple[str, str, int]:
    return (p.date or "9999", p.symbol, p.order)


def families(items: Iterable[PrecedentHit | Paragraph], threshold: float = 0.6) -> list[Family]:
    """Group paragraphs (or hits) whose language is the same or close, each family ordered by date.

    Grouping is transitive (A~B, B~C puts A, B, C together), so a paragraph
    that drifted over many years stays one family.  Families are ordered by
    their first appearance.
    """
    paras = list(
        {(p := i.paragraph if isinstance(i, PrecedentHit) else i).id: p for i in items}.values()
    )
    parent = list(range(len(paras)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(paras)):
        for j in range(i + 1, len(paras)):
            if root(i) != root(j) and language_similarity(paras[i].text, paras[j].text) >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[Paragraph]] = defaultdict(list)
    for i, p in enumerate(paras):
        groups[root(i)].append(p)
    out: list[Family] = []
    for members in groups.values():
        members.sort(key=_date_key)
        variants = []
        for prev, cur in pairwise(members):
            diff, _ = word_diff(prev.text, cur.text)
            variants.append(Variant(cur, round(language_similarity(prev.text, cur.text), 4), diff))
        out.append(Family(members[0], tuple(variants)))
    out.sort(key=lambda f: _date_key(f.first))
    return out


@dataclass(frozen=True)
class PhraseResult:
    phrase: str
    matches: tuple[tuple[Paragraph, int], ...]  # (paragraph, occurrences in it), by date
    per_document: dict[str, int]  # symbol -> paragraphs containing the phrase

    @property
    def total_paragraphs(self) -> int:
        return len(self.matches)

    @property
    def total_occurrences(self) -> int:
        return sum(n for _, n in self.matches)

    def to_json(self) -> dict:
        return {
            "phrase": self.phrase,
            "paragraphs": self.total_paragraphs,
            "occurrences": self.total_occurrences,
            "per_document": self.per_document,
            "matches": [{"id": p.id, "label": p.label, "date": p.date, "count": n} for p, n in self.matches],
        }


@lru_cache(maxsize=50_000)
def _folded(text: str) -> str:
    """Cleaned, case-folded text; cached because phrase searches repeat over one corpus."""
    return clean(text).casefold()


def phrase_search(phrase: str, paragraphs: Iterable[Paragraph]) -> PhraseResult:
    """Every paragraph containing `phrase` exactly (case- and whitespace-insensitive).

    The phrase must start and end on word boundaries: "ICT" does not match
    inside "ICTs".  Markup (italics, footnote markers) is ignored.
    """
    needle = clean(phrase).casefold()
    if not needle:
        return PhraseResult(phrase, (), {})
    left = r"(?<!\w)" if needle[0].isalnum() else ""
    right = r"(?!\w)" if needle[-1].isalnum() else ""
    rx = re.compile(left + re.escape(needle).replace(r"\ ", r"\s+") + right)
    # Cheap pre-filter: the phrase's longest word must be in the raw text (markup never splits a word).
    probe = max(re.findall(r"\w+", needle) or [""], key=len)
    matches = []
    for p in sorted(paragraphs, key=_date_key):
        if probe and probe not in p.text.casefold():
            continue
        n = len(rx.findall(_folded(p.text)))
        if n:
            matches.append((p, n))
    per_doc = Counter(p.symbol for p, _ in matches)
    return PhraseResult(phrase, tuple(matches), dict(per_doc))
