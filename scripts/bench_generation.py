"""The generative path with the bundled SmolLM2 behind the real llama.cpp server, on the dev check questions.

Prints, over the checking part of ../shared/eval/{dev_questions,dev_corpus,dev_realistic}.jsonl
(`assistant.dev_split.part_rows(path, "check")`; never tune on it): the share of
questions whose reply was parseable structured output, the outcome of each
(answered / abstained / failed / unparseable / rejected), the share of
generated sentences the verifier kept, and a few answers as the user sees
them.  Retrieval is the assistant's own; the paragraphs go to the model as in
`Assistant.ask`.

    python scripts/bench_generation.py --index-dir DIR [--base-url URL] [--limit N] [--json FILE]

Without --base-url it starts the server itself (tests/support/llm_server.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from tests.support.shared_paths import shared_eval_dir  # noqa: E402

EVAL_DIR = shared_eval_dir()

DEV_FILES = ("dev_questions", "dev_corpus", "dev_realistic")


def check_questions() -> list[tuple[str, dict]]:
    from assistant.dev_split import part_rows

    return [(name, row) for name in DEV_FILES for row in part_rows(EVAL_DIR / f"{name}.jsonl", "check")]


def run(index_dir: Path, base_url: str, model: str, limit: int | None = None, log: Path | None = None) -> dict:
    """Ask every check question through the structured path; the numbers and every answer."""
    from assistant.assistant import Assistant
    from assistant.llm import resolve_response_format
    from index.settings import load_settings

    settings = load_settings(index_dir=index_dir, backend="openai", openai_base_url=base_url,
                             openai_model=model, llm_timeout=120)
    assistant = Assistant(settings)
    rows = []
    for name, q in check_questions()[:limit]:
        hits = assistant.retrieve(q["question"]).hits
        started = time.perf_counter()
        stream = assistant.generation(q["question"], hits, "openai")
        answer = stream.result()
        rows.append({
            "file": name, "id": q["id"], "question": q["question"], "outcome": stream.outcome,
            "parseable": stream.parsed is not None, "sentences": stream.n_sentences, "verified": stream.n_verified,
            "seconds": round(time.perf_counter() - started, 1), "raw": stream.raw, "answer": answer.text,
            "backend": answer.backend, "notes": answer.notes,
            "citations": [(c.marker, c.label, c.status) for c in answer.citations],
        })  # fmt: skip
        print(f"{name}/{q['id']}: {stream.outcome} ({rows[-1]['seconds']} s)", file=sys.stderr)
        if log:  # one line per question as it finishes: a long run can be read before it ends
            with log.open("a", encoding="utf-8") as f:
                f.write(json.dumps(rows[-1], ensure_ascii=False) + "\n")
    outcomes = Counter(r["outcome"] for r in rows)
    sentences = sum(r["sentences"] for r in rows)
    return {
        "questions": len(rows),
        "response_format": resolve_response_format(settings),
        "parseable": sum(r["parseable"] for r in rows),
        "outcomes": dict(outcomes),
        "generated_sentences": sentences,
        "verified_sentences": sum(r["verified"] for r in rows),
        "rows": rows,
    }


def report(result: dict) -> None:
    n = result["questions"] or 1
    print(f"structured output ({result['response_format']}): parseable {result['parseable']}/{result['questions']}"
          f" = {result['parseable'] / n:.0%}")
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(result["outcomes"].items())))
    s = result["generated_sentences"]
    print(f"generated sentences that verify: {result['verified_sentences']}/{s}"
          f" = {result['verified_sentences'] / (s or 1):.0%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", required=True, type=Path)
    parser.add_argument("--base-url", help="a running OpenAI-compatible server (default: start SmolLM2)")
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--json", type=Path, help="write every answer here")
    parser.add_argument("--log", type=Path, help="append each question's row here (JSON Lines) as it finishes")
    args = parser.parse_args()
    if EVAL_DIR is None:
        print("../shared/eval is not on this machine", file=sys.stderr)
        return 1
    with ExitStack() as stack:
        base_url = args.base_url
        if base_url is None:
            from tests.support.llm_server import running_llm_server

            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            base_url = stack.enter_context(running_llm_server(log_dir)).base_url
        result = run(args.index_dir, base_url, args.model, args.limit, args.log)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
