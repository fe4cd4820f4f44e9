"""`make bench`: embedding throughput, no-change re-index, and our retrieval against a naive RAG pipeline.

Prints numbers; asserts nothing.  Uses the seed plus the 17 resolutions of
../shared/corpus/md when ../shared is there (the seed alone otherwise), and
then runs the scale benchmark (scripts/bench_scale.py) unless --no-scale.

1. `wsis index --rebuild` on the corpus: paragraphs (pieces) embedded per
   second, against raw `SentenceTransformer.encode` on the same texts in the
   same run.  The ratio is the figure (aim: >= 0.8).  Two ratios: end to end
   (the whole command, process start, model load, parsing and writing
   included) and over the embedding phase the progress bar shows.
2. `wsis index` again on the unchanged corpus: seconds.
3. `wsis eval` on the question file against the pipeline a user would
   otherwise build: LangChain RecursiveCharacterTextSplitter(1000, 200) over the
   same documents, the same model in Chroma, top-5.  A chunk counts for a gold
   paragraph when it contains most (>= 60 %) of that paragraph's word 4-grams.
4. The citation verifier against every claim `assistant/adversarial.py`
   generates from the shared corpus (the real embedding model, as for
   answers): the share of mutated claims accepted (target 0) and of faithful
   claims accepted (target >= 0.90), per kind.
5. With --generation: the bundled SmolLM2 behind the real llama.cpp server on
   the dev check questions (scripts/bench_generation.py): parseable structured
   replies, outcomes, generated sentences that verify.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from tests.shared_paths import SHARED  # noqa: E402


def bench_corpus(workdir: Path) -> tuple[Path, Path | None]:
    """The seed plus the shared Markdown resolutions, with their catalog; and the question file."""
    corpus = workdir / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "E-RES-2012-5.md", corpus)
    if SHARED is None:
        shutil.copy(PROJECT / "corpus" / "catalog.json", corpus)
        return corpus, None
    (corpus / "md").mkdir()
    for f in (SHARED / "corpus" / "md").glob("*.md"):
        shutil.copy(f, corpus / "md")
    catalog = json.loads((SHARED / "corpus" / "catalog.json").read_text())
    for entry in catalog:
        entry["files"] = {"md": entry["files"]["md"]}
    (corpus / "catalog.json").write_text(json.dumps(catalog))
    return corpus, SHARED / "eval" / "dev_corpus.jsonl"


def wsis(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=PROJECT,
                          capture_output=True, text=True, check=False)


def embedding_throughput(corpus: Path, index_dir: Path, env: dict) -> dict:
    from assistant.corpus_index import CorpusIndex
    from index.embed import get_embedder
    from index.settings import load_settings

    t0 = time.perf_counter()
    out = wsis("index", "--corpus", str(corpus), "--rebuild", "--quiet", env=env)
    build_s = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"wsis index failed:\n{out.stdout}\n{out.stderr}")
    settings = load_settings(index_dir=index_dir)
    paragraphs = CorpusIndex(settings).paragraphs
    embedder = get_embedder(settings.embedding_model)
    texts = [piece for p in paragraphs for piece in embedder.pieces(p.retrieval_text)]
    embedder.encode(texts[:32], batch_size=settings.embedding_batch_size)  # warm-up
    t0 = time.perf_counter()
    embedder.model.encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True)
    raw_s = time.perf_counter() - t0
    summary = out.stdout
    embed_line = re.search(r"embedded (\d+) pieces", summary)
    pieces = int(embed_line.group(1)) if embed_line else len(texts)
    phase = re.search(r"\(([\d.]+) pieces/s while embedding\)", summary)
    phase_rate = float(phase.group(1)) if phase else 0.0
    t0 = time.perf_counter()
    again = wsis("index", "--corpus", str(corpus), "--quiet", env=env)
    noop_s = time.perf_counter() - t0
    return {
        "paragraphs": len(paragraphs),
        "pieces": pieces,
        "index_rebuild_s": round(build_s, 1),
        "index_pieces_per_s": round(pieces / build_s, 1),
        "raw_encode_s": round(raw_s, 1),
        "raw_pieces_per_s": round(len(texts) / raw_s, 1),
        "ratio": round((pieces / build_s) / (len(texts) / raw_s), 2),
        "embedding_phase_pieces_per_s": phase_rate,
        "embedding_phase_ratio": round(phase_rate / (len(texts) / raw_s), 2),
        "no_change_reindex_s": round(noop_s, 2),
        "no_change_reported": "(no changes)" in again.stdout,
    }


def _ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))} or {tuple(words)}


def naive_rag(corpus: Path, questions_file: Path, index_dir: Path) -> dict:
    """RecursiveCharacterTextSplitter(1000, 200) + the same model in Chroma, top-5, scored per paragraph."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.corpus_index import CorpusIndex
    from index.embed import get_embedder
    from index.settings import load_settings

    settings = load_settings(index_dir=index_dir)
    paragraphs = {p.id: p for p in CorpusIndex(settings).paragraphs}
    embedder = get_embedder(settings.embedding_model)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks: list[str] = []
    for path in sorted(corpus.rglob("*.md")):
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

    paragraphs = shared_paragraphs(SHARED / "corpus")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-scale", action="store_true", help="skip the 1k/10k/100k scale run")
    parser.add_argument("--generation", action="store_true",
                        help="also run SmolLM2 on the dev check questions (real llama.cpp server; minutes)")
    parser.add_argument("--only-verifier", action="store_true", help="only the adversarial verifier rates")
    args = parser.parse_args()
    if SHARED is not None:
        adversarial_rates()
    if args.only_verifier:
        return
    with tempfile.TemporaryDirectory(prefix="wsis-bench-") as tmp:
        work = Path(tmp)
        corpus, questions = bench_corpus(work)
        index_dir = work / "index"
        env = {**os.environ, "WSIS_INDEX_DIR": str(index_dir), "PYTHONPATH": str(PROJECT)}
        print(f"Corpus: {corpus} ({'seed + 17 shared resolutions' if questions else 'seed only'})")
        t = embedding_throughput(corpus, index_dir, env)
        print("\n== Embedding throughput (wsis index --rebuild vs raw SentenceTransformer.encode)")
        for k, v in t.items():
            print(f"  {k:<22} {v}")
        if questions:
            out = wsis("eval", str(questions), "--json", env=env)
            ours = json.loads(out.stdout)
            naive = naive_rag(corpus, questions, index_dir)
            print(f"\n== Retrieval on {questions.name} (paragraph level)")
            print(f"  {'pipeline':<46} {'recall@5':>9} {'MRR':>7}")
            print(f"  {'WSIS Assistant (hybrid, structure-aware)':<46} {ours['recall@5']:>9} {ours['mrr']:>7}")
            print(f"  {'naive: RecursiveCharacterTextSplitter + Chroma':<46} {naive['recall@5']:>9} {naive['mrr']:>7}")
            print(f"  ours: answer_contains {ours['answer_contains']}, citation precision "
                  f"{ours['citation_precision']}, abstention {ours['abstention_accuracy']}, "
                  f"retrieval p50 {ours['retrieval_ms_p50']} ms, ask p50 {ours['ask_ms_p50']} ms")
            print(f"  naive: {naive['chunks']} chunks")
        if questions and args.generation:
            print("\n== SmolLM2 on the dev check questions (scripts/bench_generation.py)", flush=True)
            subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench_generation.py"),
                            "--index-dir", str(index_dir)], cwd=PROJECT, env=env, check=False)
    if not args.no_scale and (PROJECT / "scripts" / "bench_scale.py").exists():
        print("\n== Scale (scripts/bench_scale.py)", flush=True)
        subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench_scale.py")], cwd=PROJECT, check=False)


if __name__ == "__main__":
    main()
