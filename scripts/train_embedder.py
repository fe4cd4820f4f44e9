"""Fine-tune the packaged all-MiniLM-L6-v2 on the question bank's train part, as a LoRA adapter.

Why: the packaged model matches words, and users ask in their own words ("old phones
thrown out" for e-waste); tuned on questions written from the documents it learns the
corpus's meaning.  What: (question, gold paragraph, hard negative) triplets, the
negative mined from today's retriever (BM25 fused with the packaged model's dense
ranking, reciprocal-rank), with in-batch negatives too (MultipleNegativesRankingLoss).
A paragraph worded like a gold one (re-adopted across years) is never a negative.
Only a LoRA adapter is trained and kept (`index/models/<name>/`, a few hundred KB),
not a copy of the 90 MB model.  Fixed seed; the script, not a hand edit, changes it.

    python scripts/train_embedder.py [--epochs 3] [--out index/models/wsis-minilm-ft] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from scripts.bank import splits  # noqa: E402
from scripts.bank.corpus_view import corpus_paragraphs  # noqa: E402

SEED = 13
BASE = "all-MiniLM-L6-v2"
DEFAULT_OUT = ROOT / "index" / "models" / "wsis-minilm-ft"
LORA_RANK = 16
NEGATIVE_POOL = 10  # the negative is drawn from the fused ranking's first this-many non-gold paragraphs
SAME_WORDING = 85  # rapidfuzz token_set_ratio at which a paragraph says what a gold one says


def training_triplets(rows: list[dict], paragraphs, encode, seed: int = SEED) -> list[tuple[str, str, str]]:
    """(question, positive text, hard negative text) for every answerable row and gold paragraph."""
    import bm25s
    import numpy as np
    from rapidfuzz import fuzz

    from index.text import tokenize

    by_key = {(p.id, p.language): p for p in paragraphs}
    english = [p for p in paragraphs if p.language == "en"]
    texts = [p.retrieval_text for p in english]
    retriever = bm25s.BM25()
    retriever.index([tokenize(t) for t in texts])
    vectors = encode(texts)
    rng = random.Random(seed)
    out = []
    answerable = [r for r in rows if r.get("answerable", True) and r.get("gold")]
    questions = [r["question"] for r in answerable]
    qvecs = encode(questions)
    for row, qv in zip(answerable, qvecs, strict=True):
        gold = set(row["gold"])
        lang = row.get("lang", "en")
        dense = np.argsort(-(vectors @ qv))[:50]
        tokens = tokenize(row["question"])
        lexical = []
        if tokens:
            ids, _ = retriever.retrieve([tokens], k=50, show_progress=False)
            lexical = list(ids[0])
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, i in enumerate(ranking):
                fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (60 + rank)
        gold_texts = [by_key[(g, "en")].text for g in gold if (g, "en") in by_key]
        pool = []
        for i in sorted(fused, key=lambda i: -fused[i]):
            p = english[i]
            if p.id in gold or any(fuzz.token_set_ratio(p.text, t) >= SAME_WORDING for t in gold_texts):
                continue
            pool.append(p)
            if len(pool) == NEGATIVE_POOL:
                break
        for g in sorted(gold):
            positive = by_key.get((g, lang)) or by_key.get((g, "en"))
            if positive is None or not pool:
                continue
            negative = by_key.get((pool[rng.randrange(len(pool))].id, positive.language)) or pool[0]
            out.append((row["question"], positive.retrieval_text, negative.retrieval_text))
    rng.shuffle(out)
    return out


def train(triplets: list[tuple[str, str, str]], out: Path, epochs: float, batch_size: int, lr: float,
          seed: int = SEED, max_steps: int = -1, logging_steps: int = 10, train_files: list[str] = ()) -> dict:
    """Train the adapter and save it with a record of how; returns the training log."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig, TaskType, get_peft_model
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
        losses,
    )
    from sentence_transformers.sentence_transformer.training_args import BatchSamplers

    from index.embed import _model_location

    torch.manual_seed(seed)
    random.seed(seed)
    model = SentenceTransformer(_model_location(BASE), device="cpu")
    model.max_seq_length = 256
    # peft wraps the BERT module itself (sentence-transformers' add_adapter wants a newer peft)
    model[0].model = get_peft_model(model[0].model, LoraConfig(
        task_type=TaskType.FEATURE_EXTRACTION, r=LORA_RANK, lora_alpha=2 * LORA_RANK, lora_dropout=0.05,
        target_modules=["query", "key", "value", "dense"]))
    data = Dataset.from_dict({"anchor": [t[0] for t in triplets], "positive": [t[1] for t in triplets],
                              "negative": [t[2] for t in triplets]})
    work = Path(os.environ.get("WSIS_TRAIN_DIR", "/tmp/wsis-train-embedder"))
    args = SentenceTransformerTrainingArguments(
        output_dir=str(work), num_train_epochs=epochs, per_device_train_batch_size=batch_size,
        learning_rate=lr, warmup_steps=0.1, seed=seed, data_seed=seed, max_steps=max_steps,
        batch_sampler=BatchSamplers.NO_DUPLICATES, save_strategy="no", logging_steps=logging_steps, report_to="none",
        use_cpu=True, dataloader_num_workers=0, disable_tqdm=True,
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=data,
                                         loss=losses.MultipleNegativesRankingLoss(model))
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    model[0].model.save_pretrained(str(out))  # the adapter only
    (out / "README.md").unlink(missing_ok=True)  # peft's blank model card
    losses_seen = [e["loss"] for e in trainer.state.log_history if "loss" in e]
    record = {"base": BASE, "seed": seed, "epochs": epochs, "batch_size": batch_size, "learning_rate": lr,
              "triplets": len(triplets), "train_seconds": round(seconds, 1), "loss_first": losses_seen[:1],
              "loss_last": losses_seen[-1:], "max_steps": max_steps, "train_files": list(train_files)}
    (out / "training.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return {**record, "losses": losses_seen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--max-steps", type=int, default=-1, help="stop after this many steps (tests)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N train rows (tests)")
    args = parser.parse_args(argv)

    from index.embed import get_embedder

    rows = splits.rows(splits.TRAIN)
    if args.limit:
        rows = rows[: args.limit]
    base = get_embedder(BASE)
    triplets = training_triplets(rows, corpus_paragraphs(), lambda texts: base.encode(texts, batch_size=64))
    print(f"{len(rows)} train questions -> {len(triplets)} triplets", flush=True)
    log = train(triplets, args.out, args.epochs, args.batch_size, args.lr, max_steps=args.max_steps,
                train_files=[p.name for p in splits.files(splits.TRAIN)])
    print(json.dumps({k: v for k, v in log.items() if k != "losses"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
