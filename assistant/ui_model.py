"""What the Streamlit app shows, decided here so that `streamlit_app.py` only draws.

Everything in this module is plain Python over the library's records
(`Paragraph`, `Answer`, `CorpusIndex`) and returns strings, tuples and
small dataclasses, so it is tested without a browser.  Two rules hold for all
Markdown built here: corpus text and user input go through `escape_markdown`
(a paragraph cannot open a heading, a list, a link, a colour directive or raw
HTML), and no HTML is produced at all.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlencode

from assistant.precedent import DiffOp
from assistant.reading_guide import Example, ReadingGuide
from assistant.types import QUOTED, SUPPORTED, UNSUPPORTED, Answer, Citation, Filters
from index.crossrefs import Reference, links_for, resolve_links
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR, SUBPARAGRAPH, Paragraph, human_label, split_id
from index.settings import Settings

VIEWS = ("Chat", "Browse", "Precedent", "Glossary")
# UN official languages: English first (the usual working language), then the UN's order.
LANGUAGE_ORDER = ("en", "fr", "es", "ru", "ar", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية",
                  "zh": "中文"}
KIND_CHOICES = (PREAMBULAR, OPERATIVE, FOOTNOTE)
STARTER_QUESTIONS = (
    "What is the Secretary-General requested to do?",
    "What does the resolution say about the Internet Governance Forum?",
    "What is UNGIS?",
    "What does CSTD stand for?",
    "How should the gender digital divide be addressed?",
)
CLOSEST_PASSAGES = 3
EXPORT_FILE_NAME = "wsis-conversation.md"

# --------------------------------------------------------------------------- escaping

# Characters that start inline Markdown anywhere, plus Streamlit's own syntax:
# `$` (LaTeX), `[`/`]` (links, `:color[...]` directives), `~` (strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
# Characters that only matter at the start of a line: lists, setext headings, rules.
_LINE_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text that Markdown (and Streamlit's extensions) shows exactly as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def one_line(text: str) -> str:
    """Collapse whitespace, so a quote or title cannot start a new Markdown block."""
    return " ".join(text.split())


def md(text: str) -> str:
    """Escaped, single-line corpus text or user input, ready to embed in Markdown."""
    return escape_markdown(one_line(text))


# --------------------------------------------------------------------------- highlighting

_TOKEN_RE = re.compile(r"\w[\w'’-]*\w|\w")


def _stems(text: str) -> list[str]:
    from assistant.extractive import content_stems

    return content_stems(text)


def highlight_terms(question: str) -> str:
    """The words of a question worth highlighting: without the symbols and paragraph numbers it names."""
    from assistant.references import strip_references

    return strip_references(question)


def highlight_segments(text: str, question: str, stems: Callable[[str], list[str]] = _stems) -> list[
        tuple[str, bool]]:
    """`text` split into (piece, matched) segments; matched = a content word of `question`.

    Words match by stem ("ensuring" matches "ensure"); function words never
    match.  Neighbouring matched words (with only spaces between) form one
    segment, so the highlight reads as a phrase.
    """
    wanted = set(stems(question))
    out: list[tuple[str, bool]] = []

    def add(piece: str, matched: bool) -> None:
        if not piece:
            return
        if out and out[-1][1] == matched:
            out[-1] = (out[-1][0] + piece, matched)
        else:
            out.append((piece, matched))

    pos = 0
    for m in _TOKEN_RE.finditer(text):
        gap, word = text[pos:m.start()], m.group()
        hit = bool(wanted) and any(s in wanted for s in stems(word))
        if hit and out and out[-1][1] and not gap.strip():
            add(gap + word, True)  # join a matched phrase across the space
        else:
            add(gap, False)
            add(word, hit)
        pos = m.end()
    add(text[pos:], False)
    return out


def highlighted_markdown(text: str, question: str, style: str = "orange-background",
                         stems: Callable[[str], list[str]] = _stems) -> str:
    """Escaped Markdown of `text` with the question's words in a Streamlit colour directive."""
    parts = []
    for piece, matched in highlight_segments(one_line(text), question, stems):
        escaped = escape_markdown(piece)
        parts.append(f":{style}[{escaped}]" if matched else escaped)
    return "".join(parts)


# --------------------------------------------------------------------------- answers and sources

_MARKER_RE = re.compile(r"\\\[(\d+)\\\]")

STATUS_TEXT = {
    QUOTED: ":green[verified: quoted verbatim]",
    SUPPORTED: ":blue[verified: supported by the paragraph]",
    UNSUPPORTED: ":red[not supported by the paragraph]",
}


def answer_markdown(answer: Answer) -> str:
    """The answer text, escaped, with its [n] markers drawn as bold citation markers."""
    text = escape_markdown(answer.text)
    return _MARKER_RE.sub(lambda m: f"**\\[{m.group(1)}\\]**", text)


def status_markdown(status: str) -> str:
    return STATUS_TEXT.get(status, escape_markdown(status))


def document_line(p: Paragraph) -> str:
    """`*Title* — Economic and Social Council, 2012-07-24` (escaped)."""
    facts = ", ".join(x for x in (p.body, p.date) if x)
    title = f"*{md(p.title)}*" if p.title else md(p.symbol)
    return title + (f" — {md(facts)}" if facts else "")


def browse_query(pid: str, view: str = "browse") -> dict[str, str]:
    symbol, loc = split_id(pid)
    return {"view": view, "doc": symbol, "para": loc}


def browse_link(pid: str) -> str:
    """Relative URL that opens the browse view at paragraph `pid`: `?view=browse&doc=...&para=...`."""
    return "?" + urlencode(browse_query(pid))


def short_label(p: Paragraph) -> str:
    """The label without the symbol (`para. 32 (c)`), for a document's own listing."""
    label = p.label
    prefix = f"{p.symbol}, "
    return label[len(prefix):] if label.startswith(prefix) else label


@dataclass(frozen=True)
class SourceView:
    """One source under an answer, as drawn: heading, document line, status and highlighted text."""

    heading: str
    document: str
    status: str
    text: str
    link: str
    pid: str


def citation_view(c: Citation, question: str) -> SourceView:
    p = c.paragraph
    return SourceView(
        heading=f"**\\[{c.marker}\\] {md(p.label)}**",
        document=document_line(p),
        status=status_markdown(c.status),
        text=highlighted_markdown(p.text, highlight_terms(question)),
        link=browse_link(p.id),
        pid=p.id,
    )


def closest_views(answer: Answer, n: int = CLOSEST_PASSAGES) -> list[SourceView]:
    """The closest passages of an abstention, labelled as such (they do not answer)."""
    out = []
    for hit in answer.hits[:n]:
        p = hit.paragraph
        out.append(SourceView(
            heading=f"**{md(p.label)}** · closest passage",
            document=document_line(p),
            status=":gray[does not answer the question]",
            text=highlighted_markdown(p.text, highlight_terms(answer.searched_question)),
            link=browse_link(p.id),
            pid=p.id,
        ))
    return out


def searched_note(answer: Answer) -> str | None:
    """Small print for a rewritten follow-up: what was actually searched."""
    return f"Searched for: {md(answer.searched_question)}" if answer.rewritten else None


# --------------------------------------------------------------------------- languages


def ordered_versions(versions: dict[str, Paragraph]) -> list[Paragraph]:
    """Language versions of one paragraph in display order (English, then the UN order)."""
    rank = {lang: i for i, lang in enumerate(LANGUAGE_ORDER)}
    return [versions[k] for k in sorted(versions, key=lambda k: (rank.get(k, len(rank)), k))]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# --------------------------------------------------------------------------- export


def export_markdown(answers: Sequence[Answer], built_at: str = "", now: datetime | None = None) -> str:
    """The conversation as a Markdown briefing: questions, answers, and each citation in full.

    Each citation carries its label, document title, body, date, verification
    status and the paragraph's full text as a block quote.  Corpus text is
    kept as written except for what would break the Markdown structure.
    """
    now = now or datetime.now(UTC)
    built = f"; index built {built_at}" if built_at else ""
    lines = ["# WSIS Assistant — conversation", "", f"Exported {now:%Y-%m-%d %H:%M} UTC{built}.", ""]
    for n, answer in enumerate(answers, 1):
        lines += [f"## {n}. {md(answer.question)}", ""]
        if answer.rewritten:
            lines += [f"*Searched for: {md(answer.searched_question)}*", ""]
        lines += [escape_markdown(answer.text), ""]
        if answer.abstained:
            if answer.hits:
                lines += ["Closest passages (they do not answer the question):", ""]
                for hit in answer.hits[:CLOSEST_PASSAGES]:
                    lines += _export_source(f"{hit.paragraph.label}", hit.paragraph, "")
        elif answer.citations:
            lines += ["Sources:", ""]
            for c in answer.citations:
                lines += _export_source(f"[{c.marker}] {c.label}", c.paragraph, c.status)
    return "\n".join(lines).rstrip() + "\n"


def _export_source(head: str, p: Paragraph, status: str) -> list[str]:
    facts = ", ".join(x for x in (p.body, p.date) if x)
    meta = " — ".join(x for x in (p.title, facts, status) if x)
    quote = [f"> {escape_markdown(line)}" if line.strip() else ">" for line in p.text.splitlines()]
    return [f"**{escape_markdown(head)}** — {escape_markdown(meta)}", "", *quote, ""]


# --------------------------------------------------------------------------- browse


@dataclass(frozen=True)
class BrowseItem:
    paragraph: Paragraph
    depth: int  # 0 = paragraph, 1 = sub-paragraph
    label: str  # `para. 35`, `preambular para. 3`, `footnote 7`

    @property
    def facts(self) -> str:
        """`*Urges* → the Secretary-General`, for operative paragraphs that name them."""
        p = self.paragraph
        if not p.verb:
            return ""
        verb = f"*{md(p.verb)}*"
        return verb + (f" → {md(p.addressee)}" if p.addressee else "")

    @property
    def footnote_note(self) -> str:
        """`footnotes 5, 6`: the footnotes this paragraph cites (they are listed at the end)."""
        numbers = [loc.removeprefix("FN") for loc in self.paragraph.footnotes]
        if not numbers:
            return ""
        return ("footnote " if len(numbers) == 1 else "footnotes ") + md(", ".join(numbers))


@dataclass(frozen=True)
class BrowseGroup:
    title: str
    items: tuple[BrowseItem, ...]


def _annex_of(loc: str) -> str:
    m = re.match(r"ANNEX([IVXLC]+|\d+)\.", loc)
    return f"Annex {m.group(1)}" if m else ""


def browse_groups(paragraphs: Iterable[Paragraph]) -> list[BrowseGroup]:
    """A document's paragraphs as it is structured: preamble, sections, annexes, footnotes last.

    Consecutive paragraphs under the same heading form a group; sub-paragraphs
    stay under their paragraph one level deeper; footnotes are collected at
    the end, as a reader finds them at the foot of the page.
    """
    paras = sorted(paragraphs, key=lambda p: p.order)
    groups: list[tuple[str, list[BrowseItem]]] = []
    notes: list[BrowseItem] = []
    for p in paras:
        item = BrowseItem(p, 1 if p.kind == SUBPARAGRAPH else 0, short_label(p))
        if p.kind == FOOTNOTE:
            notes.append(item)
            continue
        annex = _annex_of(p.loc)
        if p.kind == PREAMBULAR:
            title = "Preamble"
        elif p.section:
            title = p.section
        else:
            title = "Operative part" if p.kind in (OPERATIVE, SUBPARAGRAPH) else "Text"
        if annex:
            title = f"{annex} — {title}" if title not in ("Text",) else annex
        if groups and groups[-1][0] == title:
            groups[-1][1].append(item)
        else:
            groups.append((title, [item]))
    out = [BrowseGroup(title, tuple(items)) for title, items in groups]
    if notes:
        out.append(BrowseGroup("Footnotes", tuple(notes)))
    return out


@dataclass(frozen=True)
class LinkTarget:
    label: str
    pid: str | None  # None when the target is not indexed


@dataclass(frozen=True)
class LinkLine:
    """One cross-reference as the browse view shows it: the wording and where it leads."""

    text_span: str
    targets: tuple[LinkTarget, ...]
    indexed: bool


@dataclass
class DocumentLinks:
    refers_to: dict[str, list[LinkLine]] = field(default_factory=dict)
    referred_by: dict[str, list[LinkLine]] = field(default_factory=dict)


_LINK_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def document_links(index, symbol: str) -> DocumentLinks:
    """Cross-references of one document's paragraphs, both directions, resolved once per document."""
    per_index = _LINK_CACHE.setdefault(index, {})
    if symbol in per_index:
        return per_index[symbol]
    table: list[Reference] = index.links
    ids = list(dict.fromkeys(p.id for p in index.by_symbol.get(symbol, [])))
    own = [r for r in table if r.source_id in set(ids)]
    out = DocumentLinks()
    for resolved in resolve_links(own, index.known_ids):
        ref = resolved.reference
        if resolved.ids:
            targets = tuple(LinkTarget(human_label(*split_id(t)), t) for t in resolved.ids)
        elif ref.target_locs:
            targets = tuple(LinkTarget(human_label(ref.target_symbol, loc), None) for loc in ref.target_locs)
        else:
            targets = (LinkTarget(ref.target_symbol, None),)
        out.refers_to.setdefault(ref.source_id, []).append(
            LinkLine(ref.text_span, targets, bool(resolved.ids)))
    for pid in ids:
        _, referred_by = links_for(pid, table)
        for ref in referred_by:
            source = ref.source_id
            line = LinkLine(ref.text_span, (LinkTarget(human_label(*split_id(source)), source),), True)
            out.referred_by.setdefault(pid, []).append(line)
    per_index[symbol] = out
    return out


def _escaped_example(e: Example | None) -> Example | None:
    return replace(e, text=md(e.text), label=md(e.label)) if e else None


def escaped_guide(g: ReadingGuide) -> ReadingGuide:
    """The reading guide with every corpus string escaped, so its Markdown is safe to draw."""
    changes = {}
    for f in fields(g):
        value = getattr(g, f.name)
        if isinstance(value, str):
            changes[f.name] = md(value)
    changes["preamble"] = replace(g.preamble, example=_escaped_example(g.preamble.example))
    changes["operative"] = replace(g.operative, example=_escaped_example(g.operative.example))
    changes["subparagraphs"] = replace(g.subparagraphs, example=_escaped_example(g.subparagraphs.example))
    changes["footnotes"] = replace(g.footnotes, example=_escaped_example(g.footnotes.example))
    changes["verbs"] = tuple((md(v), n) for v, n in g.verbs)
    changes["sections"] = tuple(
        replace(s, title=md(s.title), first=_escaped_example(s.first)) for s in g.sections)
    return replace(g, **changes)


# --------------------------------------------------------------------------- precedent


def diff_markdown(ops: Iterable[DiffOp], window: tuple[int, int] = (0, 0), total_words: int = 0) -> str:
    """A word diff as Markdown: ~~words only in the agreed text~~ and **words only in the draft**."""
    parts = []
    for op in ops:
        words = escape_markdown(" ".join(op.words))
        if op.op == "equal":
            parts.append(words)
        elif op.op == "delete":
            parts.append(f":red[~~{words}~~]")
        else:
            parts.append(f":green[**{words}**]")
    prefix = "… " if window[0] > 0 else ""
    suffix = " …" if total_words and window[1] < total_words else ""
    return prefix + " ".join(parts) + suffix


TIER_NAMES = {"verbatim": "verbatim", "near": "near-verbatim", "semantic": "same meaning"}


def precedent_heading(hit) -> str:
    """`**E/RES/2012/5, para. 27** · near-verbatim · similarity 0.96`."""
    tier = TIER_NAMES.get(hit.tier, hit.tier)
    what = "cosine" if hit.tier == "semantic" else "similarity"
    return f"**{md(hit.paragraph.label)}** · {tier} · {what} {hit.similarity:.2f}"


def family_lines(family) -> list[str]:
    """A precedent family as a timeline: year by year, first agreement, then each later use and its change."""
    first = family.first
    lines = [f"**{md(first.date[:4] or '?')}** · first agreed in **{md(first.label)}** "
             f"({md(first.date or 'date unknown')})"]
    for v in family.variants:
        year = md(v.paragraph.date[:4] or "?")
        if v.changed:
            lines.append(f"**{year}** · **{md(v.paragraph.label)}**, changed: {diff_markdown(v.diff)}")
        else:
            lines.append(f"**{year}** · **{md(v.paragraph.label)}**, same wording")
    return lines


def paragraph_timeline(p: Paragraph, members) -> list[str]:
    """The family of one paragraph (other years' versions, oldest first) as timeline lines, `p` marked."""
    if len(members) < 2:
        return []
    return [f"{line}  ← this paragraph" if f"**{md(p.label)}**" in line else line
            for line in _family_timeline(tuple(members))]


@lru_cache(maxsize=4096)
def _family_timeline(members: tuple[Paragraph, ...]) -> tuple[str, ...]:
    """Computed once per family, not on every Streamlit rerun of the browse view (word diffs are not free)."""
    from assistant.precedent import families as group_families

    fams = group_families(members, threshold=0.0)
    return tuple(family_lines(fams[0])) if fams else ()


def phrase_match_line(p: Paragraph, count: int, phrase: str) -> str:
    return f"**{md(p.label)}** ({md(p.date)}, {count}×): {phrase_markdown(p.text, phrase)}"


def phrase_markdown(text: str, phrase: str) -> str:
    """Escaped `text` with each case-insensitive occurrence of `phrase` highlighted."""
    words = [re.escape(w) for w in phrase.split()]
    if not words:
        return md(text)
    rx = re.compile(r"\s+".join(words), re.IGNORECASE)
    text = one_line(text)
    out, pos = [], 0
    for m in rx.finditer(text):
        out.append(escape_markdown(text[pos:m.start()]))
        out.append(f":orange-background[{escape_markdown(m.group())}]")
        pos = m.end()
    out.append(escape_markdown(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- sidebar


@dataclass(frozen=True)
class IndexStatus:
    documents: int
    paragraphs: int
    built_at: str
    languages: tuple[str, ...]

    def lines(self) -> list[str]:
        langs = ", ".join(self.languages)
        return [
            f"**{self.documents}** document{'s' if self.documents != 1 else ''}, "
            f"**{self.paragraphs}** paragraphs",
            f"Built {self.built_at}" if self.built_at else "Build time unknown",
            f"Languages: {langs}",
        ]


def readable_time(iso: str) -> str:
    """`2026-11-27T20:36:13+0000` -> `2026-11-27 20:36 UTC`; unparseable values pass through."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"):
        try:
            return datetime.strptime(iso, fmt).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            continue
    return iso


def index_status(index) -> IndexStatus:
    symbols = {d.symbol for d in index.documents}
    return IndexStatus(
        documents=len(symbols),
        paragraphs=len({p.id for p in index.paragraphs}),
        built_at=readable_time(str(index.manifest.built_at)),
        languages=tuple(index.languages()),
    )


def indexing_note(index) -> str | None:
    """What a staged first index still lacks: which languages, and whether a build is adding them now.

    `make run` opens the chat once the English texts are indexed and embeds the
    other language versions in the background; until that build switches the
    index, a question in those languages is answered from the languages listed.
    """
    from index.store import build_running

    order = {c: n for n, c in enumerate(LANGUAGE_ORDER)}
    codes = sorted(index.manifest.pending_languages, key=lambda c: (order.get(c, len(order)), c))
    pending = ", ".join(language_name(c) for c in codes)
    if not pending:
        return None
    if build_running(index.settings.index_dir):
        return (f"Still being indexed in the background: {pending}. Until it finishes, answers come from "
                "the languages above; the page switches to the complete index by itself.")
    return f"Not indexed yet: {pending}. Run `wsis index` (or `make index`) to add them."


@dataclass(frozen=True)
class BackendChoice:
    name: str
    label: str
    available: bool
    status: str


def backend_choices(settings: Settings,
                    probe: Callable[[str], str | None] | None = None) -> list[BackendChoice]:
    """Extractive always; OpenAI-compatible and Ollama only when configured (or, for Ollama, reachable).

    `probe(url)` returns None when the server answers, else what went wrong.
    """
    out = [BackendChoice("extractive", "Extractive (quotes only, no model)", True, "always available")]
    if settings.openai_base_url or settings.openai_api_key:
        url = (settings.openai_base_url or "https://api.openai.com/v1").rstrip("/")
        problem = probe(url + "/models") if probe else None
        status = f"{settings.openai_model} at {url}" + (f" — unreachable: {problem}" if problem else "")
        label = f"OpenAI-compatible ({settings.openai_model})"
        out.append(BackendChoice("openai", label, not problem, status))
    ollama_default = Settings().ollama_url
    explicit = settings.backend == "ollama" or settings.ollama_url != ollama_default
    problem = probe(settings.ollama_url.rstrip("/") + "/api/tags") if probe else "not probed"
    if explicit or not problem:
        status = f"{settings.ollama_model} at {settings.ollama_url}" + (
            f" — unreachable: {problem}" if problem else "")
        out.append(BackendChoice("ollama", f"Ollama ({settings.ollama_model})", not problem, status))
    return out


def http_probe(url: str, timeout: float = 0.5) -> str | None:
    """None when `url` answers over HTTP, else a short reason."""
    import httpx

    try:
        httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return None


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers, drawn from the index itself."""

    symbols: tuple[tuple[str, str], ...]  # (symbol, title)
    bodies: tuple[str, ...]
    year_range: tuple[int, int]
    verbs: tuple[str, ...]
    addressees: tuple[str, ...]
    languages: tuple[str, ...]
    topics: tuple[str, ...] = ()


WSIS_START = 2003  # the Geneva phase: the slider's start when nothing is indexed yet


def filter_options(index) -> FilterOptions:
    docs = {d.symbol: d for d in index.documents}
    years = [d.year for d in index.documents if d.year]
    hi = max(years) if years else datetime.now(UTC).year
    # The corpus's own years (2012–2025 for the bundled one); one more year at the top keeps a range
    # that can exclude even a one-year corpus.
    lo = min(years) if years else WSIS_START
    return FilterOptions(
        symbols=tuple((s, docs[s].title) for s in sorted(docs)),
        bodies=tuple(sorted({d.body for d in index.documents if d.body})),
        year_range=(lo, max(hi, lo + 1)),
        verbs=tuple(sorted({p.verb for p in index.paragraphs if p.verb and p.kind != PREAMBULAR})),
        addressees=tuple(sorted({p.addressee for p in index.paragraphs if p.addressee})),
        languages=tuple(index.languages()),
        topics=tuple(sorted({t for d in index.documents for t in d.topics})),
    )


def make_filters(options: FilterOptions, symbols: Sequence[str] = (), bodies: Sequence[str] = (),
                 years: tuple[int, int] | None = None, kinds: Sequence[str] = (), verbs: Sequence[str] = (),
                 addressees: Sequence[str] = (), language: str | None = None,
                 topics: Sequence[str] = ()) -> Filters:
    """The sidebar's choices as `Filters`; a full year range or "any" language restricts nothing."""
    year_from = year_to = None
    if years is not None and tuple(years) != options.year_range:
        year_from, year_to = int(years[0]), int(years[1])
    return Filters(
        symbols=tuple(symbols),
        bodies=tuple(bodies),
        year_from=year_from,
        year_to=year_to,
        kinds=tuple(kinds),
        verbs=tuple(verbs),
        addressees=tuple(addressees),
        language=language or None,
        topics=tuple(topics),
    )


def describe_filters(f: Filters) -> str:
    """One line naming the active filters, shown above the chat so an abstention is explained."""
    parts = []
    if f.symbols:
        parts.append("documents " + ", ".join(f.symbols))
    if f.bodies:
        parts.append("body " + ", ".join(f.bodies))
    if f.year_from is not None or f.year_to is not None:
        parts.append(f"years {f.year_from or '…'}–{f.year_to or '…'}")
    if f.kinds:
        parts.append("kinds " + ", ".join(f.kinds))
    if f.verbs:
        parts.append("verbs " + ", ".join(f.verbs))
    if f.addressees:
        parts.append("addressed to " + ", ".join(f.addressees))
    if f.language:
        parts.append("language " + f.language)
    if f.topics:
        parts.append("topics " + ", ".join(f.topics))
    return md("Filters: " + "; ".join(parts)) if parts else ""


# --------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class GlossaryRow:
    acronym: str
    expansion: str
    source_label: str
    source_id: str
    first_used_label: str
    first_used_id: str


def glossary_markdown(row: GlossaryRow) -> str:
    """`**UNGIS** — expansion`, then where it is spelled out and first used, as browse links."""
    where = f"spelled out in [{md(row.source_label)}]({browse_link(row.source_id)})"
    if row.first_used_id:
        where += f" · first used in [{md(row.first_used_label)}]({browse_link(row.first_used_id)})"
    return f"**{md(row.acronym)}** — {md(row.expansion)}  \n:gray[{where}]"


def glossary_rows(entries: Iterable, query: str = "") -> list[GlossaryRow]:
    """Glossary entries matching `query` (in the acronym or the expansion), alphabetical."""
    q = query.strip().casefold()
    out = []
    for e in entries:
        if q and q not in e.acronym.casefold() and q not in e.expansion.casefold():
            continue
        first = human_label(*split_id(e.first_used_id)) if e.first_used_id else ""
        out.append(GlossaryRow(e.acronym, e.expansion, human_label(*split_id(e.source_id)), e.source_id,
                               first, e.first_used_id))
    return sorted(out, key=lambda r: r.acronym.casefold())
