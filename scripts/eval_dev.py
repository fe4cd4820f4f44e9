"""Every dev question file, split into its fitting and checking parts, through one loaded assistant.

    python scripts/eval_dev.py --index-dir DIR [--part check] [--out rows.json]

Prints one table (file × part: abstain_recall, false_abstain, recall@1/5,
MRR, answer_contains, citation precision, ask p50) and the per-category table
of the checking part.  Quality is quoted on the checking part only
(`assistant/dev_split.py`); the fitting part is what scripts fit on.  With
`--retrieval-only` it also prints dense-only and keyword-only recall@5 per
category beside the fused ranking (issue: the fusion never loses to its parts).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.assistant import Assistant  # noqa: E402
from assistant.dev_split import DEV_FILES, PARTS, dev_file  # noqa: E402
from assistant.evaluation import load_questions, score, score_by_category  # noqa: E402
from index.settings import load_settings  # noqa: E402

COLUMNS = ("questions", "abstain_recall", "false_abstain", "recall@1", "recall@5", "mrr", "answer_contains",
           "citation_precision", "ask_ms_p50")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--part", choices=PARTS, action="append")
    parser.add_argument("--files", nargs="*", default=list(DEV_FILES),
                        help="dev file stems, or paths of held-out question files")
    parser.add_argument("--out", help="write every answer row (JSON) here")
    parser.add_argument("--sides", action="store_true",
                        help="also recall@5 of the dense side alone and the keyword side alone, per category")
    args = parser.parse_args()
    assistant = Assistant(load_settings(index_dir=args.index_dir))
    assistant.ask("warm-up question about the information society")
    parts = args.part or list(PARTS)
    rows_out = []
    print(f"{'file':<16} {'part':<6} " + " ".join(f"{c:>18}" for c in COLUMNS))
    by_cat_check = {}
    for stem in args.files:
        path = question_file(stem)
        stem = path.stem
        for part in parts:
            questions = load_questions(path, part)
            if not questions:  # a held-out file has no fitting part
                continue
            answers = [assistant.ask(q.question) for q in questions]
            m = score(questions, answers)
            print(f"{stem:<16} {part:<6} " + " ".join(f"{m.get(c, 0):>18}" for c in COLUMNS))
            if part == "check":
                for cat, cm in score_by_category(questions, answers).items():
                    by_cat_check.setdefault(cat, []).append((stem, cm))
            for q, a in zip(questions, answers, strict=True):
                rows_out.append({
                    "file": stem, "part": part, "id": q.id, "category": q.category, "answerable": q.answerable,
                    "question": q.question, "gold": list(q.gold), "answer_contains": list(q.answer_contains),
                    "abstained": a.abstained, "answer": a.text, "notes": a.notes,
                    "retrieved": [h.paragraph.id for h in a.hits[:10]],
                    "citations": [c.id for c in a.citations],
                })
    if by_cat_check:
        print("\ncheck part by category")
        print(f"{'category':<14} {'file':<16} " + " ".join(f"{c:>18}" for c in COLUMNS))
        for cat, items in sorted(by_cat_check.items()):
            for stem, cm in items:
                print(f"{cat:<14} {stem:<16} " + " ".join(f"{cm.get(c, 0):>18}" for c in COLUMNS))
    if args.out:
        Path(args.out).write_text(json.dumps(rows_out, ensure_ascii=False, indent=1))
    if args.sides:
        sides(assistant, args.files, parts)


def question_file(name: str) -> Path:
    """A dev file by stem, or any question file by path (held out: all of it is the checking part)."""
    return Path(name) if Path(name).is_file() else dev_file(name)


def sides(assistant: Assistant, files: list[str], parts: list[str]) -> None:
    """recall@5 of fused, dense-only and keyword-only rankings per category (hybrid questions only)."""
    from collections import defaultdict

    from index.corpus_index import Filters

    retriever = assistant.loaded().retriever
    for part in parts:
        table: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        for stem in files:
            for q in load_questions(question_file(stem), part):
                if not q.answerable or q.category in ("precedent", "reference"):
                    continue
                language = retriever._language(q.question, Filters())
                dense, keyword = retriever._side_lists(q.question, language, Filters(language=language))
                fused = [h.paragraph.id for h in retriever.search(q.question, k=10).hits]
                gold = set(q.gold)
                row = tuple(float(bool(gold & {x if isinstance(x, str) else x[0].id for x in ids[:5]}))
                            for ids in (fused, dense, keyword))
                table[q.category or stem].append(row)
                table["all"].append(row)
        print(f"\n{part} part, recall@5: fused / dense only / keyword only")
        for cat, rows in sorted(table.items()):
            n = len(rows)
            f, d, k = (round(sum(r[i] for r in rows) / n, 3) for i in range(3))
            print(f"{cat:<14} {n:>3} {f:>8} {d:>8} {k:>8}{'' if f >= max(d, k) - 0.02 else '  <- fusion loses'}")


if __name__ == "__main__":
    main()
