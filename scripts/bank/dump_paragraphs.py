"""Write one listing per document and language (`id<TAB>text`) for question writers.

Writers see the documents and the id contract only; this listing is the documents
with each paragraph's id in front, so a writer can cite what they read.

    python scripts/bank/dump_paragraphs.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bank.corpus_view import corpus_paragraphs


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "bank-docs")
    out.mkdir(parents=True, exist_ok=True)
    files: dict[Path, list[str]] = {}
    for p in corpus_paragraphs():
        name = out / f"{p.symbol.replace('/', '-')}.{p.language}.txt"
        head = f"# {p.symbol} ({p.language}) {p.date} {p.body}: {p.title}"
        lines = files.setdefault(name, [head])
        text = " ".join(p.text.split())
        lead = f" [chapeau: {' '.join(p.chapeau.split())}]" if p.chapeau else ""
        lines.append(f"{p.id}\t{text}{lead}")
    for name, lines in files.items():
        name.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(files)} listings in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
