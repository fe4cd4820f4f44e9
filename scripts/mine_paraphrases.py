"""Write assistant/data/attested_paraphrases.tsv: one-word rewordings the corpus itself attests.

Why: a resolution re-adopted year after year keeps most clauses and rewords a
few ("efforts" one year, "endeavours" the next).  A word pair that two
versions of the same clause use in the same place is a paraphrase the
documents themselves accept, where WordNet may not list it.  Only safe pairs
are kept: both plain lower-case content words, neither a word the verifier
checks on its own (number, negation, modal, operative verb, actor, quantifier,
attitude word), not opposites, not one stem, and the substitution framed by at
least `CONTEXT` identical words on each side in two paragraphs that agree on
at least `MIN_RATIO` of their words; a pair must be attested `MIN_PAIRS` times.

    python scripts/mine_paraphrases.py [CORPUS_DIR]
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import lexical  # noqa: E402
from assistant.accounting import ATTITUDE, QUANTIFIERS  # noqa: E402
from assistant.adversarial import shared_paragraphs  # noqa: E402
from assistant.verify import critical, word_tokens  # noqa: E402
from index.text import CONTENT_STOPWORDS  # noqa: E402

SHINGLE, MIN_SHARED, MIN_RATIO, CONTEXT, MIN_PAIRS = 6, 3, 0.85, 3, 2
OUT = ROOT / "assistant" / "data" / "attested_paraphrases.tsv"


def _safe(token) -> bool:
    w = token.word
    return (w.isalpha() and len(w) > 2 and not token.capital and w not in CONTENT_STOPWORDS
            and w not in QUANTIFIERS and w not in ATTITUDE and critical(token) is None)


def mine(corpus: Path) -> dict[tuple[str, str], list[str]]:
    paragraphs = [p for p in shared_paragraphs(corpus) if p.language == "en"]
    tokens = [word_tokens(p.text) for p in paragraphs]
    by_shingle: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, ts in enumerate(tokens):
        words = [t.word for t in ts]
        for k in range(len(words) - SHINGLE + 1):
            by_shingle[tuple(words[k : k + SHINGLE])].add(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in by_shingle.values():
        if len(ids) <= 20:  # boilerplate shared by dozens of paragraphs says nothing about rewording
            for a in ids:
                for b in ids:
                    if a < b and paragraphs[a].symbol != paragraphs[b].symbol:
                        shared[(a, b)] += 1
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (a, b), n in shared.items():
        if n < MIN_SHARED:
            continue
        x, y = tokens[a], tokens[b]
        m = difflib.SequenceMatcher(None, [t.word for t in x], [t.word for t in y], autojunk=False)
        if m.ratio() < MIN_RATIO:
            continue
        ops = m.get_opcodes()
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1 or not 0 < k < len(ops) - 1:
                continue
            before, after = ops[k - 1], ops[k + 1]
            if before[2] - before[1] < CONTEXT or after[2] - after[1] < CONTEXT:
                continue
            u, v = x[i1], y[j1]
            if not (_safe(u) and _safe(v)) or lexical.stem(u.word) == lexical.stem(v.word):
                continue
            if lexical.opposes(u.word, v.word):
                continue
            found[tuple(sorted((u.word, v.word)))].append(f"{paragraphs[a].id} ~ {paragraphs[b].id}")
    return {pair: sources for pair, sources in found.items() if len(set(sources)) >= MIN_PAIRS}


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    pairs = mine(corpus)
    lines = ["# word\tparaphrase\tsource (paragraph pairs of re-adopted texts; scripts/mine_paraphrases.py)"]
    for (u, v), sources in sorted(pairs.items()):
        lines.append(f"{u}\t{v}\t{len(set(sources))} pairs, e.g. {sorted(set(sources))[0]}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
