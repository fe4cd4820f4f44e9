"""`wsis eval`: run a question file (docs/contracts.md format) through `ask` and score it.

The headline abstention numbers are `abstain_recall` (share of the questions the
documents do not answer on which the assistant said so) and `false_abstain`
(share of answerable questions it refused).  `abstention_accuracy` is kept, but
on a mostly answerable file it hides both failures.  When the file has
`category` fields, every metric is reported per category too.

`part` restricts the run to the fitting or the checking part of a dev file
(`assistant.dev_split`); quality is quoted on the checking part.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.assistant import Assistant
from assistant.dev_split import assign
from assistant.types import Answer


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold: tuple[str, ...]
    answer_contains: tuple[str, ...]
    answerable: bool
    category: str = ""


def load_questions(path: Path, part: str | None = None) -> list[Question]:
    """The questions of a JSON Lines file; only the `part` ("fit"/"check") of a dev file when given."""
    out = []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rows.append(d)
            out.append(Question(
                id=str(d["id"]), question=d["question"], gold=tuple(d.get("gold", ())),
                answer_contains=tuple(d.get("answer_contains", ())), answerable=bool(d.get("answerable", True)),
                category=str(d.get("category") or ""),
            ))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a question line ({exc})") from None
    if part is not None:
        parts = assign(path.stem, rows)
        out = [q for q in out if parts[q.id] == part]
    return out


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    idx = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[idx]


def _mean(xs: list[float]) -> float:
    return round(statistics.fmean(xs), 4) if xs else 0.0


def score(questions: list[Question], answers: list[Answer], k: int = 5) -> dict:
    """Retrieval and answer metrics over answerable questions, abstention over all."""
    rr, r1, r3, rk, contains, cited, cited_gold, abst_ok = [], [], [], [], [], 0, 0, 0
    refused_unanswerable, refused_answerable = [], []
    for q, a in zip(questions, answers, strict=True):
        retrieved = [h.paragraph.id for h in a.hits]
        if q.answerable == (not a.abstained):
            abst_ok += 1
        if not q.answerable:
            refused_unanswerable.append(1.0 if a.abstained else 0.0)
            continue
        refused_answerable.append(1.0 if a.abstained else 0.0)
        gold = set(q.gold)
        rank = next((i for i, pid in enumerate(retrieved, start=1) if pid in gold), None)
        rr.append(1.0 / rank if rank else 0.0)
        r1.append(1.0 if rank and rank <= 1 else 0.0)
        r3.append(1.0 if rank and rank <= 3 else 0.0)
        rk.append(1.0 if rank and rank <= k else 0.0)
        text = a.text.lower()
        contains.append(1.0 if all(s.lower() in text for s in q.answer_contains) else 0.0)
        ids = {c.id for c in a.citations}
        cited += len(ids)
        cited_gold += len(ids & gold)
    return {
        "questions": len(questions),
        "answerable": len(rr),
        "unanswerable": len(refused_unanswerable),
        "recall@1": _mean(r1),
        "recall@3": _mean(r3),
        f"recall@{k}": _mean(rk),
        "mrr": _mean(rr),
        "answer_contains": _mean(contains),
        "citation_precision": round(cited_gold / cited, 4) if cited else 0.0,
        "abstain_recall": _mean(refused_unanswerable),
        "false_abstain": _mean(refused_answerable),
        "abstention_accuracy": round(abst_ok / len(questions), 4) if questions else 0.0,
        "retrieval_ms_p50": round(_percentile([a.retrieval_ms for a in answers], 0.5), 1),
        "retrieval_ms_p95": round(_percentile([a.retrieval_ms for a in answers], 0.95), 1),
        "ask_ms_p50": round(_percentile([a.total_ms for a in answers], 0.5), 1),
        "ask_ms_p95": round(_percentile([a.total_ms for a in answers], 0.95), 1),
    }


def score_by_category(questions: list[Question], answers: list[Answer], k: int = 5) -> dict[str, dict]:
    """`score` per category; empty when the file has no categories."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(questions):
        if q.category:
            groups[q.category].append(i)
    return {
        cat: score([questions[i] for i in idx], [answers[i] for i in idx], k=k)
        for cat, idx in sorted(groups.items())
    }


def run_eval(assistant: Assistant, path: Path, k: int = 5, backend: str | None = None,
             part: str | None = None) -> tuple[dict, list[dict]]:
    questions = load_questions(path, part)
    assistant.ask("warm-up question about the information society", backend="extractive")
    answers = [assistant.ask(q.question, backend=backend) for q in questions]
    metrics = score(questions, answers, k=k)
    by_category = score_by_category(questions, answers, k=k)
    if by_category:
        metrics["by_category"] = by_category
    if part:
        metrics["part"] = part
    rows = [
        {
            "id": q.id,
            "category": q.category,
            "answerable": q.answerable,
            "question": q.question,
            "retrieved": [h.paragraph.id for h in a.hits],
            "citations": [c.id for c in a.citations],
            "answer": a.text,
            "abstained": a.abstained,
            "notes": a.notes,
        }
        for q, a in zip(questions, answers, strict=True)
    ]
    return metrics, rows


HEADLINE = ("abstain_recall", "false_abstain", "recall@1", "recall@5", "mrr", "answer_contains",
            "citation_precision")


def format_metrics(metrics: dict, k: int = 5) -> str:
    """Plain-text report: the overall metrics, then a table per category."""
    lines = [f"{key:<22} {value}" for key, value in metrics.items() if key != "by_category"]
    by_category = metrics.get("by_category") or {}
    if by_category:
        cols = [c.replace("@5", f"@{k}") for c in HEADLINE]
        lines.append("")
        lines.append(f"{'category':<14} {'n':>3} " + " ".join(f"{c:>18}" for c in cols))
        for cat, m in by_category.items():
            lines.append(f"{cat:<14} {m['questions']:>3} " + " ".join(f"{m.get(c, 0.0):>18}" for c in cols))
    return "\n".join(lines)
