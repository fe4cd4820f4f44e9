"""`make bench`: embedding backends side by side, no-change re-index, and our retrieval against naive RAG.

Prints numbers; asserts nothing.  Uses the bundled corpus (`corpus/`, 18
resolutions, six languages where the UN publishes them) and the dev question
files of ../shared/eval when they are there; then runs the scale benchmark
(scripts/bench_scale.py) unless --no-scale.

1. For each embedding backend (torch, onnx, onnx-int8; WSIS_EMBEDDING_BACKEND):
   `wsis index --rebuild` on the bundled corpus, end to end and over the
   embedding phase, in pieces per second; raw encode of the same pieces in
   this process (the backend's own speed, without parsing or writing) and the
   cosine of its vectors to PyTorch's; query encoding latency (one thread, as
   the query side runs it); recall@5 and MRR of `wsis eval` on
   dev_questions (seed-only index), dev_corpus and dev_realistic (bundled
   corpus).  The machine is shared, so compare the rows of one run, not runs.
2. `wsis index` again on the unchanged corpus: seconds.
3. `wsis eval` on dev_corpus against the pipeline a user would otherwise
   build: LangChain RecursiveCharacterTextSplitter(1000, 200) over the same
   documents, the same model in Chroma, top-5.  A chunk counts for a gold
   paragraph when it contains most (>= 60 %) of that paragraph's word 4-grams.
4. The citation verifier against every claim `assistant/adversarial.py`
   generates from the bundled corpus (the real embedding model, as for
   answers): the share of mutated claims accepted (target 0) and of faithful
   claims accepted (target >= 0.90), per kind.
4b. The independent adversary (scripts/verifier_adversary.py, written from the
   verifier's interface only): per family of distortion (opposite, quantifier,
   verb, attitude, scope, dropped) and of faithful control (verbatim, framing,
   inflection, reorder), claims accepted (QUOTED or SUPPORTED) / total; printed
   apart from section 4's numbers.
5. Document comparison (`wsis compare`): precision and recall of the
   paragraph alignment against the hand-checked reference in
   tests/data/compare_reference.jsonl (yearly ECOSOC and GA pairs), and the
   summary line of every yearly pair in the corpus.
6. With --generation: the bundled SmolLM2 behind the real llama.cpp server on
   the dev check questions (scripts/bench_generation.py): parseable structured
   replies, outcomes, generated sentences that verify.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from tests.support.shared_paths import CORPUS, shared_eval_dir, write_seed_corpus  # noqa: E402

BACKENDS = ("torch", "onnx", "onnx-int8")
# (question file, which index it is asked against)
QUESTION_FILES = (("dev_questions", "seed"), ("dev_corpus", "bundled"), ("dev_realistic", "bundled"))


def wsis(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=PROJECT,
                          capture_output=True, text=True, check=False)


def build(corpus: Path, index_dir: Path, backend: str) -> tuple[dict, dict]:
    """`wsis index --rebuild` with `backend`: seconds, pieces, rates; and the env that reads this index."""
    env = {**os.environ, "WSIS_INDEX_DIR": str(index_dir), "WSIS_EMBEDDING_BACKEND": backend,
           "PYTHONPATH": str(PROJECT)}
    t0 = time.perf_counter()
    out = wsis("index", "--corpus", str(corpus), "--rebuild", "--quiet", env=env)
    seconds = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"wsis index ({backend}) failed:\n{out.stdout}\n{out.stderr}")
    pieces = int(re.search(r"embedded (\d+) pieces", out.stdout).group(1))
    phase = re.search(r"\(([\d.]+) pieces/s while embedding\)", out.stdout)
    t0 = time.perf_counter()
    again = wsis("index", "--corpus", str(corpus), "--quiet", env=env)
    return {
        "index_rebuild_s": round(seconds, 1),
        "pieces": pieces,
        "index_pieces_per_s": round(pieces / seconds, 1),
        "embedding_phase_pieces_per_s": float(phase.group(1)) if phase else 0.0,
        "no_change_reindex_s": round(time.perf_counter() - t0, 2),
        "no_change_reported": "(no changes)" in again.stdout,
    }, env


def raw_encode(texts: list[str], backend: str, reference, questions: list[str]) -> tuple[dict, object]:
    """The backend's own encode speed on `texts`, cosine to `reference` (PyTorch's vectors), query latency."""
    import numpy as np

    from index.embed import get_embedder
    from index.settings import load_settings

    settings = load_settings(embedding_backend=backend)
    embedder = get_embedder(settings.embedding_model, backend, settings.model_cache_dir)
    embedder.encode(texts[:32], batch_size=settings.embedding_batch_size)  # warm-up
    t0 = time.perf_counter()
    vectors = embedder.encode(texts, batch_size=settings.embedding_batch_size)
    seconds = time.perf_counter() - t0
    row = {"raw_pieces_per_s": round(len(texts) / seconds, 1)}
    if reference is not None:
        cos = (vectors * reference).sum(axis=1)
        row["cosine_to_torch_min"] = round(float(cos.min()), 3)
        row["cosine_to_torch_mean"] = round(float(cos.mean()), 4)
    latencies = []
    for q in questions:
        t0 = time.perf_counter()
        embedder.encode([q], threads=1)
        latencies.append((time.perf_counter() - t0) * 1000)
    if latencies:
        row["query_encode_ms_p50"] = round(statistics.median(latencies), 1)
        row["query_encode_ms_p95"] = round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 1)
    return row, np.asarray(vectors)


def evaluate(question_file: Path, env: dict) -> dict:
    out = wsis("eval", str(question_file), "--json", env=env)
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-200:]}
    data = json.loads(out.stdout)
    return {"recall@5": data["recall@5"], "mrr": data["mrr"]}


def compare_backends(work: Path, corpus: Path, backends: list[str], eval_dir: Path | None, sample: int) -> dict:
    """Every number of section 1, per backend."""
    from index.corpus_index import CorpusIndex
    from index.embed import get_embedder
    from index.settings import load_settings

    seed = write_seed_corpus(work / "seed-corpus")
    rows: dict[str, dict] = {}
    envs: dict[str, dict] = {}
    for backend in backends:
        rows[backend], envs[backend] = build(corpus, work / f"index-{backend}", backend)
    first = load_settings(index_dir=work / f"index-{backends[0]}", embedding_backend=backends[0])
    embedder = get_embedder(first.embedding_model, "torch", first.model_cache_dir)
    texts = [piece for p in CorpusIndex(first).paragraphs for piece in embedder.paragraph_pieces(p)]
    texts = texts[:sample] if sample else texts
    questions = []
    if eval_dir is not None:
        questions = [json.loads(line)["question"] for line in (eval_dir / "dev_corpus.jsonl").read_text().splitlines()
                     if line.strip()]
    reference = None
    for backend in ["torch", *[b for b in backends if b != "torch"]]:
        row, vectors = raw_encode(texts, backend, reference, questions)
        reference = vectors if backend == "torch" else reference
        rows.setdefault(backend, {}).update(row)
    if eval_dir is not None:
        for backend in backends:
            seed_env = build(seed, work / f"seed-index-{backend}", backend)[1]
            for name, which in QUESTION_FILES:
                path = eval_dir / f"{name}.jsonl"
                if path.exists():
                    scores = evaluate(path, seed_env if which == "seed" else envs[backend])
                    rows[backend].update({f"{name} {k}": v for k, v in scores.items()})
    return rows


def _ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))} or {tuple(words)}


def naive_rag(corpus: Path, questions_file: Path, index_dir: Path, backend: str = "torch") -> dict:
    """RecursiveCharacterTextSplitter(1000, 200) + the same model in Chroma, top-5, scored per paragraph."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.build import corpus_files
    from index.corpus_index import CorpusIndex
    from index.embed import get_embedder
    from index.settings import load_settings

    settings = load_settings(index_dir=index_dir, embedding_backend=backend)
    paragraphs = {p.id: p for p in CorpusIndex(settings).paragraphs if p.language == "en"}
    embedder = get_embedder(settings.embedding_model, backend, settings.model_cache_dir)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks: list[str] = []
    for path in [f for f in corpus_files(corpus) if f.suffix == ".md"]:
        chunks += splitter.split_text(path.read_text(encoding="utf-8"))
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    col = client.create_collection("naive", metadata={"hnsw:space": "cosine"}, embedding_function=None)
    t0 = time.perf_counter()
    vectors = embedder.encode(chunks, batch_size=settings.embedding_batch_size)
    embed_s = time.perf_counter() - t0
    for i in range(0, len(chunks), 1000):
        col.add(ids=[str(n) for n in range(i, min(i + 1000, len(chunks)))], embeddings=vectors[i : i + 1000].tolist(),
                documents=chunks[i : i + 1000])
    chunk_grams = [_ngrams(c) for c in chunks]
    rr, r5 = [], []
    for line in questions_file.read_text().splitlines():
        q = json.loads(line)
        if not q.get("answerable", True):
            continue
        res = col.query(query_embeddings=[embedder.encode_query(q["question"]).tolist()], n_results=5)
        ranked = [int(i) for i in res["ids"][0]]
        rank = None
        for pos, idx in enumerate(ranked, start=1):
            for gid in q["gold"]:
                p = paragraphs.get(gid)
                if p is None:
                    continue
                grams = _ngrams(p.text)
                if len(grams & chunk_grams[idx]) >= 0.6 * len(grams):
                    rank = pos
                    break
            if rank:
                break
        rr.append(1 / rank if rank else 0.0)
        r5.append(1.0 if rank else 0.0)
    return {"chunks": len(chunks), "chunk_embed_s": round(embed_s, 1),
            "recall@5": round(sum(r5) / len(r5), 4), "mrr": round(sum(rr) / len(rr), 4)}


def adversarial_rates() -> None:
    """Print the verifier's acceptance of generated faithful and mutated claims (section 4)."""
    from assistant.adversarial import FAITHFUL_KINDS, MUTATION_KINDS, evaluate, generate, shared_paragraphs
    from assistant.verify import embedding_similarity
    from index.embed import get_embedder
    from index.settings import load_settings

    paragraphs = shared_paragraphs(CORPUS)
    claims = generate(paragraphs)
    similarity = embedding_similarity(get_embedder(load_settings().embedding_model).model)
    similarity.cache_size = 1_000_000
    t0 = time.perf_counter()
    rates = evaluate(claims, {p.id: p for p in paragraphs}, similarity)
    print(f"\n== Citation verifier on {len(claims)} claims generated from {len(paragraphs)} paragraphs "
          f"({time.perf_counter() - t0:.0f} s)")
    for kind in FAITHFUL_KINDS + MUTATION_KINDS:
        print(f"  {kind:<18} accepted {rates.accepted[kind]:>5} / {rates.counts[kind]:<5}")
    accepted, total = rates.rate(MUTATION_KINDS)
    print(f"  mutated claims accepted:  {accepted}/{total} = {accepted / max(total, 1):.4f}  (target 0)")
    accepted, total = rates.rate(FAITHFUL_KINDS)
    print(f"  faithful claims accepted: {accepted}/{total} = {accepted / max(total, 1):.4f}  (target >= 0.90)")


def compare_quality() -> None:
    """Print the alignment's precision/recall against the reference and every yearly pair's summary (section 5)."""
    from assistant.adversarial import shared_paragraphs
    from assistant.compare import compare, score_alignment

    reference = PROJECT / "tests" / "data" / "compare_reference.jsonl"
    rows = [json.loads(line) for line in reference.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = shared_paragraphs(CORPUS)
    docs: dict[str, list] = {}
    for p in paragraphs:
        docs.setdefault(p.symbol, []).append(p)
    print(f"\n== Document comparison against {reference.relative_to(PROJECT)} ({len(rows)} lines)")
    print(f"  {'pair':<32} {'precision':>9} {'recall':>7} {'edges':>6}")
    true = predicted = total = 0
    for old, new in sorted({(r["old_doc"], r["new_doc"]) for r in rows}):
        t0 = time.perf_counter()
        score = score_alignment(compare(docs[old], docs[new]), rows)
        true, predicted, total = true + score.true, predicted + score.predicted, total + score.reference
        print(f"  {old + ' -> ' + new:<32} {score.precision:>9.3f} {score.recall:>7.3f} {score.reference:>6}"
              f"  ({(time.perf_counter() - t0) * 1000:.0f} ms)")
    print(f"  {'all':<32} {true / max(predicted, 1):>9.3f} {true / max(total, 1):>7.3f} {total:>6}")
    meta = {p.symbol: (p.body, p.date) for p in paragraphs}
    print("  yearly pairs (same body and title, consecutive dates):")
    series: dict[tuple[str, str], list[str]] = {}
    for symbol, ps in docs.items():
        series.setdefault((meta[symbol][0], ps[0].title), []).append(symbol)
    for _, symbols in sorted(series.items()):
        symbols.sort(key=lambda s: meta[s][1])
        for old, new in itertools.pairwise(symbols):
            print(f"  {old:<14} -> {new:<14} {compare(docs[old], docs[new]).summary}")


def independent_adversary_rates() -> None:
    """Print section 4b: the independent adversary's claims accepted per family."""
    from scripts.verifier_adversary import report, run

    t0 = time.perf_counter()
    results, allowed = run()
    report(results, allowed, examples=2, seconds=time.perf_counter() - t0)


def main() -> None:
    from index.onnx_backend import has_int8_dot_product

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-scale", action="store_true", help="skip the 1k/10k/100k scale run")
    parser.add_argument("--generation", action="store_true",
                        help="also run SmolLM2 on the dev check questions (real llama.cpp server; minutes)")
    parser.add_argument("--only-verifier", action="store_true", help="only the adversarial verifier rates")
    parser.add_argument("--only-compare", action="store_true", help="only the document comparison's quality")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: torch,onnx,onnx-int8")
    parser.add_argument("--sample", type=int, default=0, help="raw-encode only the first N pieces (0: all)")
    parser.add_argument("--corpus", default=str(CORPUS), help="corpus folder (default: the bundled corpus/)")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    eval_dir = shared_eval_dir()
    if not args.only_verifier:
        compare_quality()
    if args.only_compare:
        return
    adversarial_rates()
    independent_adversary_rates()
    if args.only_verifier:
        return
    with tempfile.TemporaryDirectory(prefix="wsis-bench-") as tmp:
        work = Path(tmp)
        print(f"Corpus: {corpus}; question files: {eval_dir or 'none (../shared/eval not found)'}; "
              f"threads: {len(os.sched_getaffinity(0))}; CPU int8 dot product (VNNI): {has_int8_dot_product()}")
        rows = compare_backends(work, corpus, backends, eval_dir, args.sample)
        print(f"\n== Embedding backends ({corpus.name}; same run, same machine)")
        keys = list(dict.fromkeys(k for r in rows.values() for k in r))
        print(f"  {'':<34}" + "".join(f"{b:>12}" for b in rows))
        for k in keys:
            print(f"  {k:<34}" + "".join(f"{rows[b].get(k, '-')!s:>12}" for b in rows))
        if "torch" in rows:
            base = rows["torch"]
            for b in rows:
                if b != "torch":
                    print(f"  {b}: index {rows[b]['index_pieces_per_s'] / base['index_pieces_per_s']:.2f}x, "
                          f"raw encode {rows[b]['raw_pieces_per_s'] / base['raw_pieces_per_s']:.2f}x PyTorch")
        questions = eval_dir / "dev_corpus.jsonl" if eval_dir else None
        if questions is not None and questions.exists():
            backend = backends[0]
            env = {**os.environ, "WSIS_INDEX_DIR": str(work / f"index-{backend}"),
                   "WSIS_EMBEDDING_BACKEND": backend, "PYTHONPATH": str(PROJECT)}
            ours = json.loads(wsis("eval", str(questions), "--json", env=env).stdout)
            naive = naive_rag(corpus, questions, work / f"index-{backend}", backend)
            print(f"\n== Retrieval on {questions.name} (paragraph level, {backend})")
            print(f"  {'pipeline':<46} {'recall@5':>9} {'MRR':>7}")
            print(f"  {'WSIS Assistant (hybrid, structure-aware)':<46} {ours['recall@5']:>9} {ours['mrr']:>7}")
            print(f"  {'naive: RecursiveCharacterTextSplitter + Chroma':<46} {naive['recall@5']:>9} {naive['mrr']:>7}")
            print(f"  ours: answer_contains {ours['answer_contains']}, citation precision "
                  f"{ours['citation_precision']}, abstain_recall {ours['abstain_recall']}, "
                  f"false_abstain {ours['false_abstain']}, "
                  f"retrieval p50 {ours['retrieval_ms_p50']} ms, ask p50 {ours['ask_ms_p50']} ms")
            print(f"  naive: {naive['chunks']} chunks")
        if questions is not None and questions.exists() and args.generation:
            print("\n== SmolLM2 on the dev check questions (scripts/bench_generation.py)", flush=True)
            subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench_generation.py"),
                            "--index-dir", str(work / f"index-{backends[0]}")], cwd=PROJECT, env=env, check=False)
    if not args.no_scale and (PROJECT / "scripts" / "bench_scale.py").exists():
        print("\n== Scale (scripts/bench_scale.py)", flush=True)
        subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench_scale.py")], cwd=PROJECT, check=False)


if __name__ == "__main__":
    main()
