"""`wsis eval`: run a question file (DESIGN.md format) through `ask` and score it."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from assistant.assistant import Assistant
from assistant.types import Answer


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold: tuple[str, ...]
    answer_contains: tuple[str, ...]
    answerable: bool


def load_questions(path: Path) -> list[Question]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(Question(
                id=str(d["id"]), question=d["question"], gold=tuple(d.get("gold", ())),
                answer_contains=tuple(d.get("answer_contains", ())), answerable=bool(d.get("answerable", True)),
            ))
        except (json.JSONDecodeError, KeyError) as exc:
            raise ValueError(f"{path}:{n}: not a question line ({exc})") from None
    return out


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    idx = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[idx]


def score(questions: list[Question], answers: list[Answer], k: int = 5) -> dict:
    """Metrics per the issue: retrieval over answerable questions, abstention over all."""
    rr, r1, r3, rk, contains, cited, cited_gold, abst_ok = [], [], [], [], [], 0, 0, 0
    for q, a in zip(questions, answers, strict=True):
        retrieved = [h.paragraph.id for h in a.hits]
        if q.answerable == (not a.abstained):
            abst_ok += 1
        if not q.answerable:
            continue
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
    mean = lambda xs: round(statistics.fmean(xs), 4) if xs else 0.0  # noqa: E731
    return {
        "questions": len(questions),
        "answerable": len(rr),
        "recall@1": mean(r1),
        "recall@3": mean(r3),
        f"recall@{k}": mean(rk),
        "mrr": mean(rr),
        "answer_contains": mean(contains),
        "citation_precision": round(cited_gold / cited, 4) if cited else 0.0,
        "abstention_accuracy": round(abst_ok / len(questions), 4) if questions else 0.0,
        "retrieval_ms_p50": round(_percentile([a.retrieval_ms for a in answers], 0.5), 1),
        "retrieval_ms_p95": round(_percentile([a.retrieval_ms for a in answers], 0.95), 1),
        "ask_ms_p50": round(_percentile([a.total_ms for a in answers], 0.5), 1),
        "ask_ms_p95": round(_percentile([a.total_ms for a in answers], 0.95), 1),
    }


def run_eval(assistant: Assistant, path: Path, k: int = 5, backend: str | None = None) -> tuple[dict, list[dict]]:
    questions = load_questions(path)
    assistant.ask("warm-up question about the information society", backend="extractive")
    answers = [assistant.ask(q.question, backend=backend) for q in questions]
    metrics = score(questions, answers, k=k)
    rows = [
        {
            "id": q.id,
            "retrieved": [h.paragraph.id for h in a.hits],
            "citations": [c.id for c in a.citations],
            "answer": a.text,
            "abstained": a.abstained,
        }
        for q, a in zip(questions, answers, strict=True)
    ]
    return metrics, rows
