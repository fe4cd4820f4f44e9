"""One document, several files: pick one source per (symbol, language) and say why.

The same resolution can arrive as the UN's XML, as a Word file and as Markdown or a
PDF, and in up to six languages.  Indexing all of them would put the same paragraph
ids in the store several times, so the index keeps one source per symbol and
language, preferring the one whose structure is explicit (AKN XML, then Word, then
text formats, then PDF), and reports the others instead of indexing them twice.

Two files of the same rank claiming the same symbol and language are a corpus
error (a misnamed file, a wrong symbol in front matter): the first one read wins and
the later one is returned as an error line, never raised, so one bad file does not
stop a build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.readers import ParsedDocument

# Lower is preferred.  Text formats share a rank: none carries more structure than another.
FORMAT_RANK: dict[str, int] = {"akn": 0, "docx": 1, "md": 2, "html": 2, "txt": 2, "pdf": 3}
_SUFFIX_FORMAT = {".xml": "akn", ".docx": "docx", ".md": "md", ".markdown": "md", ".html": "html",
                  ".htm": "html", ".txt": "txt", ".pdf": "pdf"}  # fmt: skip
_UNKNOWN_RANK = 9


@dataclass(frozen=True)
class VersionChoice:
    """What to index, and what to tell the user about the files left out."""

    chosen: list[tuple[Path, ParsedDocument]]
    report: list[str] = field(default_factory=list)  # one line per symbol+language with alternatives
    errors: list[str] = field(default_factory=list)  # same-rank duplicates, not indexed
    skipped: list[tuple[Path, ParsedDocument]] = field(default_factory=list)  # every file not indexed


def source_format(path: Path, parsed: ParsedDocument) -> str:
    """The reader's own `source_format`, else one inferred from the file suffix."""
    return parsed.document.source_format or _SUFFIX_FORMAT.get(path.suffix.lower(), path.suffix.lower())


def rank(path: Path, parsed: ParsedDocument) -> int:
    return FORMAT_RANK.get(source_format(path, parsed), _UNKNOWN_RANK)


def version_key(parsed: ParsedDocument) -> tuple[str, str]:
    """(symbol, language); `E/RES/2018/28*` (the reissue asterisk) is the same document as `E/RES/2018/28`."""
    symbol = " ".join(parsed.document.symbol.split()).rstrip("*").strip().upper()
    return symbol, (parsed.document.language or "en").lower()


def _show(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def choose_versions(parsed: Sequence[tuple[Path, ParsedDocument]], root: Path | None = None) -> VersionChoice:
    """Group by (symbol, language), keep the best-ranked file of each group, report the rest.

    `root` only shortens the paths in report lines.  Input order decides between files
    of one rank (the first wins) and is kept in `chosen`.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (_, doc) in enumerate(parsed):
        groups.setdefault(version_key(doc), []).append(i)

    keep: set[int] = set()
    report: list[str] = []
    errors: list[str] = []
    for (symbol, lang), members in groups.items():
        ordered = sorted(members, key=lambda i: (rank(*parsed[i]), i))  # stable: input order within a rank
        best = ordered[0]
        keep.add(best)
        best_path = _show(parsed[best][0], root)
        first_of_rank: dict[int, int] = {}
        alternatives: list[str] = []
        for i in ordered:
            r = rank(*parsed[i])
            if r in first_of_rank and first_of_rank[r] != i:
                owner = _show(parsed[first_of_rank[r]][0], root)
                errors.append(
                    f"{_show(parsed[i][0], root)}: claims {symbol} [{lang}], already provided by {owner}"
                )
                continue
            first_of_rank.setdefault(r, i)
            if i != best:
                alternatives.append(_show(parsed[i][0], root))
        if alternatives:
            report.append(
                f"{symbol} [{lang}]: using {best_path}; also present as "
                f"{', '.join(alternatives)} (not indexed twice)"
            )
    chosen = [parsed[i] for i in range(len(parsed)) if i in keep]
    skipped = [parsed[i] for i in range(len(parsed)) if i not in keep]
    return VersionChoice(chosen=chosen, report=report, errors=errors, skipped=skipped)
