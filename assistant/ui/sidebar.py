"""The sidebar: index status, answer backends, and the filters drawn from the index itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.ui.languages import language_name, ordered_languages
from assistant.ui.markdown import md
from index.corpus_index import Filters
from index.paragraph import FOOTNOTE, OPERATIVE, PREAMBULAR
from index.settings import Settings

KIND_CHOICES = (PREAMBULAR, OPERATIVE, FOOTNOTE)


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

    pending = ", ".join(language_name(c) for c in ordered_languages(index.manifest.pending_languages))
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
