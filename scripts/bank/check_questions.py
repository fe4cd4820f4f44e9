"""Check question files against the corpus: the bank's gate (docs/contracts.md question-file contract).

Every row must parse and carry the contract's keys; an answerable row's gold ids must
exist in the index and each `answer_contains` string must occur in one of its gold
paragraphs, in some language version (case and spacing aside); an unanswerable row must
say what was searched for (`searched`), and none of those strings may occur anywhere in
the corpus, in any language, or the question may well be answerable.

    python scripts/bank/check_questions.py FILE.jsonl [FILE.jsonl ...]

Prints one line per problem, naming the file, line and question id; exits 1 if any.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bank.corpus_view import by_id, corpus_paragraphs

CATEGORIES = {"fact", "paraphrase", "cross_year", "thematic", "precedent", "reference", "current",
              "change", "everyday", "typo", "multilingual", "unanswerable"}
UNANSWERABLE_KINDS = {"out_of_corpus", "near_miss", "false_premise", "other_document", "opinion_or_forecast"}
LANGS = {"en", "fr", "es", "ar", "zh", "ru"}


def norm(text: str) -> str:
    """Case, width and spacing folded, so a quote copied from a listing matches its paragraph."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check_row(row: dict, paragraphs: dict[str, list[str]], corpus_text: list[tuple[str, str]],
              strict: bool = True) -> list[str]:
    """Problems of one question row; `paragraphs` maps an id to its normalized language versions.

    `strict` (the bank's files) also asks an unanswerable row for its kind and its searches;
    the older files written before the brief carry neither.
    """
    problems: list[str] = []
    for key in ("id", "question", "gold", "answer_contains", "answerable"):
        if key not in row:
            problems.append(f"missing key {key!r}")
    if problems:
        return problems
    if not isinstance(row["question"], str) or not row["question"].strip():
        problems.append("empty question")
    if row.get("category") and row["category"] not in CATEGORIES:
        problems.append(f"unknown category {row['category']!r}")
    if row.get("lang", "en") not in LANGS:
        problems.append(f"unknown lang {row.get('lang')!r}")
    if row["answerable"] is True:
        if not row["gold"]:
            problems.append("answerable but no gold ids")
        missing = [g for g in row["gold"] if g not in paragraphs]
        problems += [f"gold id {g!r} is not in the index" for g in missing]
        texts = [t for g in row["gold"] if g in paragraphs for t in paragraphs[g]]
        for s in row["answer_contains"]:
            if texts and not any(norm(s) in t for t in texts):
                problems.append(f"answer_contains {s!r} occurs in no gold paragraph")
        if not row["answer_contains"]:
            problems.append("answerable but no answer_contains")
    elif row["answerable"] is False:
        if row["gold"] or row["answer_contains"]:
            problems.append("unanswerable but has gold or answer_contains")
        if not strict:
            return problems
        if row.get("unanswerable_kind") not in UNANSWERABLE_KINDS:
            problems.append(f"unanswerable_kind must be one of {sorted(UNANSWERABLE_KINDS)}")
        searched = row.get("searched") or []
        if not searched:
            problems.append("unanswerable but 'searched' lists nothing")
        for term in searched:
            hits = [pid for pid, text in corpus_text if norm(term) in text]
            if hits:
                problems.append(f"searched {term!r} occurs in {len(hits)} paragraph(s), e.g. {hits[0]}")
    else:
        problems.append("answerable must be true or false")
    return problems


BANK = Path(__file__).resolve().parents[1] / "data" / "bank"


def check_file(path: Path) -> list[str]:
    versions = {pid: [norm(p.text) for p in ps] for pid, ps in by_id().items()}
    corpus_text = [(p.id, norm(p.text)) for p in corpus_paragraphs()]
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: not JSON ({exc.msg})")
            continue
        qid = row.get("id", "?")
        if qid in seen:
            problems.append(f"{path}:{n}: {qid}: duplicate id")
        seen.add(qid)
        strict = BANK in path.resolve().parents
        problems += [f"{path}:{n}: {qid}: {p}" for p in check_row(row, versions, corpus_text, strict)]
    return problems


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="question files (JSON Lines)")
    argv = parser.parse_args(argv).files
    missing = [name for name in argv if not Path(name).is_file()]
    if missing:
        print(f"{missing[0]}: no such question file")
        return 2
    problems = [p for name in argv for p in check_file(Path(name))]
    for p in problems:
        print(p)
    rows = sum(1 for name in argv for line in Path(name).read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{len(argv)} file(s), {rows} question(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
