"""`wsis`: the command line.  It checks arguments, calls one library function, prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from index.settings import Settings, describe, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index_dir", None),
        chroma_url=getattr(args, "chroma_url", None),
    )


def _assistant(settings: Settings):
    from assistant.assistant import Assistant

    return Assistant(settings)


def _fail(message: str, code: int = 2) -> int:
    print(f"wsis: {message}", file=sys.stderr)
    return code


# ------------------------------------------------------------------ commands


def cmd_index(args: argparse.Namespace) -> int:
    from index.build import BuildLocked, EmptyCorpus, build_index

    settings = _settings(args)
    try:
        languages = [lang for lang in (args.lang or "").split(",") if lang.strip()] or None
        report = build_index(settings, rebuild=args.rebuild, progress=not args.quiet, allow_empty=args.allow_empty,
                             languages=languages)
    except (BuildLocked, FileNotFoundError, EmptyCorpus, ValueError) as exc:
        return _fail(str(exc))
    print(report.summary())
    return 0 if report.ok else 1


def cmd_docs(args: argparse.Namespace) -> int:
    index = _assistant(_settings(args)).index
    print(f"{'symbol':<28} {'lang':<4} {'date':<10} {'paras':>5}  title")
    for d in sorted(index.documents, key=lambda d: (d.date, d.symbol, d.language)):
        print(f"{d.symbol:<28} {d.language:<4} {d.date:<10} {d.paragraphs:>5}  {d.title[:80]}")
    m = index.manifest
    print(f"\n{len({d.symbol for d in index.documents})} documents, {m.paragraph_count} paragraphs; built {m.built_at}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from assistant.show import render_paragraph

    index = _assistant(_settings(args)).index
    text = render_paragraph(index, args.id, args.lang)
    if text is None:
        have = sorted(index.versions(args.id))
        if have:
            return _fail(f"no paragraph {args.id!r} in language {args.lang!r}; indexed: {', '.join(have)}", 1)
        return _fail(f"no paragraph {args.id!r} in the index (see `wsis docs`)", 1)
    print(text)
    return 0


def _filters(args: argparse.Namespace):
    from index.corpus_index import Filters

    return Filters(
        symbols=tuple(args.doc or ()),
        bodies=tuple(args.body or ()),
        year_from=args.year_from,
        year_to=args.year_to,
        kinds=tuple(args.kind or ()),
        language=args.lang,
        verbs=tuple(args.verb or ()),
        addressees=tuple(args.addressee or ()),
    )


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
        return
    if answer.rewritten:
        print(f"(searched: {answer.searched_question})")
    print(answer.text)
    for note in answer.notes:
        print(f"  note: {note}")
    if answer.citations:
        print()
        for c in answer.citations:
            print(f"[{c.marker}] {c.label} ({c.status}): {c.quote}")
    elif answer.abstained:
        print("\nClosest passages:")
        for h in answer.hits[:3]:
            print(f"  {h.paragraph.label}: {h.paragraph.text[:200]}")


def cmd_ask(args: argparse.Namespace) -> int:
    assistant = _assistant(_settings(args))
    answer = assistant.ask(args.question, filters=_filters(args), backend=args.backend)
    _print_answer(answer, args.json)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.types import Answer

    assistant = _assistant(_settings(args))
    history: list[Answer] = []
    print("WSIS Assistant. Ask about the indexed documents; an empty line or Ctrl-D ends.")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            break
        if not question:
            break
        answer = assistant.ask(question, history=history, backend=args.backend)
        _print_answer(answer, False)
        history.append(answer)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluation import format_metrics, run_eval

    assistant = _assistant(_settings(args))
    try:
        metrics, rows = run_eval(assistant, Path(args.file), k=args.k, backend=args.backend, part=args.part)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps({**metrics, "questions": rows, "count": metrics["questions"]}, ensure_ascii=False))
    else:
        print(format_metrics(metrics, k=args.k))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from assistant.verify import verify_claim

    assistant = _assistant(_settings(args))
    paragraph = assistant.index.get(args.cite, args.lang)
    if paragraph is None:
        return _fail(f"no paragraph {args.cite!r} in the index: the citation itself is wrong (see `wsis docs`)", 1)
    result = verify_claim(args.claim, paragraph, assistant.similarity())
    if args.json:
        print(json.dumps({"claim": args.claim, "cite": paragraph.id, "label": paragraph.label, **result.to_json()},
                         ensure_ascii=False, indent=1))
    else:
        print(f"{result.status.upper()}: {paragraph.label}")
        print(f"  paragraph's words: {result.span}")
        for difference in result.differences:
            print(f"  differs: {difference}")
    return 0 if result.status != "unsupported" else 1


def cmd_precedent(args: argparse.Namespace) -> int:
    from assistant import precedent_service as service

    assistant = _assistant(_settings(args))
    draft = args.draft.strip()
    quoted = len(draft) > 2 and draft[0] in "\"“" and draft[-1] in "\"”"
    if args.phrase or quoted:
        result = service.phrase_search(assistant, draft.strip("\"“”"))
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
            return 0
        print(f"“{result.phrase}”: {result.total_paragraphs} paragraphs, {result.total_occurrences} times")
        for symbol, count in result.per_document.items():
            print(f"  {symbol:<28} {count}")
        for p, n in result.matches:
            print(f"{p.label} ({p.date}){' x' + str(n) if n > 1 else ''}")
        return 0
    hits = service.precedent_search(assistant, draft, k=args.k)
    families = service.precedent_families(hits)
    if args.docx:
        from assistant.export import corpus_description, precedent_docx

        precedent_docx(draft, hits, families, args.docx, corpus=corpus_description(assistant.index),
                       app_url=assistant.settings.app_url)
    if args.json:
        print(json.dumps({"hits": [h.to_json() for h in hits], "families": [f.to_json() for f in families]},
                         ensure_ascii=False, indent=1))
        return 0
    for h in hits:
        p = h.paragraph
        print(f"{p.label} ({p.date}) — {h.tier}, similarity {h.similarity:.2f}")
        print(f"  {h.diff_text}\n")
    for n, family in enumerate(families, start=1):
        if len(family.members) < 2:
            continue
        print(f"Family {n}: first agreed in {family.first.label} ({family.first.date})")
        for v in family.variants:
            change = v.diff_text if v.changed else "unchanged"
            print(f"  then {v.paragraph.label} ({v.paragraph.date}): {change}")
    return 0


def _corpus_index(args: argparse.Namespace):
    """The loaded index alone (no retriever, no models): what comparing and exporting read."""
    from index.corpus_index import CorpusIndex

    return CorpusIndex(_settings(args))


def cmd_compare(args: argparse.Namespace) -> int:
    from assistant.compare import UNCHANGED, CompareError, compare_in_index
    from assistant.export import comparison_docx, corpus_description, long_date

    index = _corpus_index(args)
    try:
        comparison = compare_in_index(index, args.old, args.new, args.lang)
    except CompareError as exc:
        return _fail(str(exc))
    if args.docx:
        comparison_docx(comparison, args.docx, corpus=corpus_description(index), app_url=index.settings.app_url)
    if args.json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False, indent=1))
        return 0
    c = comparison
    print(f"{c.old_symbol} ({c.old_body}, {long_date(c.old_date)}) -> {c.new_symbol} ({c.new_body}, "
          f"{long_date(c.new_date)}) [{c.language}]")
    if c.different_bodies:
        print(f"note: different bodies ({c.old_body}; {c.new_body})")
    print(c.summary)
    for change in c.changes:
        if change.status == UNCHANGED:
            continue
        old = ", ".join(p.loc for p in change.old) or "-"
        new = ", ".join(p.loc for p in change.new) or "-"
        print(f"\n{change.status:<8} {old} -> {new}")
        if change.diff:
            print(f"  {change.diff_text}")
        else:
            for p in change.new or change.old:
                print(f"  {p.text}")
    if args.docx:
        print(f"\nwritten: {args.docx}")
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    index = _assistant(_settings(args)).index
    entries = sorted(index.glossary, key=lambda e: e.acronym.lower())
    if args.term:
        entries = [e for e in entries if e.acronym.lower() == args.term.lower()]
        if not entries:
            return _fail(f"{args.term!r} is not in the glossary of the indexed documents", 1)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        first = f"; first used {e.first_used_id}" if e.first_used_id and e.first_used_id != e.source_id else ""
        print(f"{e.acronym:<10} {e.expansion}  ({e.source_id}{first})")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    from assistant.reading_guide import reading_guide

    index = _assistant(_settings(args)).index
    paragraphs = [p for p in index.by_symbol.get(args.symbol, []) if p.language == args.lang]
    if not paragraphs:
        return _fail(f"no document {args.symbol!r} [{args.lang}] in the index (see `wsis docs`)", 1)
    print(reading_guide(paragraphs).to_markdown())
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from index.build import BuildLocked, EmptyCorpus, build_index
    from index.fetch import fetch_corpus, load_manifest

    settings = _settings(args)
    dest = Path(args.dest) if args.dest else settings.corpus_dir
    languages = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    try:
        manifest = load_manifest(Path(args.manifest) if args.manifest else None)
        report = fetch_corpus(dest, languages, args.base_url or settings.fetch_base_url, manifest=manifest,
                              progress=not args.quiet)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    print(report.summary())
    if args.no_index:
        return 0 if report.ok else 1
    try:
        build = build_index(settings, corpus_dir=dest, progress=not args.quiet)
    except (BuildLocked, FileNotFoundError, EmptyCorpus, ValueError) as exc:
        for line in report.lines()[:-1]:
            print(line)
        return _fail(str(exc), 1)
    print(build.summary())
    return 0 if report.ok and build.ok else 1


def cmd_config(args: argparse.Namespace) -> int:
    for env, default, help_ in describe():
        print(f"{env:<28} {help_} (default: {default}; now: {os.environ.get(env, '-')})")
    return 0


# ------------------------------------------------------------------ wiring


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wsis", description="WSIS Assistant: cited answers from WSIS documents")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index-dir", help="index folder (default: data/index, or WSIS_INDEX_DIR)")
    common.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (or WSIS_CHROMA_URL)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", parents=[common], help="index a corpus folder")
    p.add_argument("--corpus", help="folder of documents (default: corpus/)")
    p.add_argument("--rebuild", action="store_true", help="re-read and re-embed everything")
    p.add_argument("--allow-empty", action="store_true",
                   help="a folder with no readable document empties the index (default: refuse, keep it)")
    p.add_argument("--lang", help="a staged build: embed only these languages now (comma-separated, e.g. en); "
                   "other languages keep what is already indexed, the rest waits for a full `wsis index`")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("docs", parents=[common], help="list indexed documents")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("show", parents=[common], help="print one paragraph by id, e.g. 'E/RES/2012/5:35'")
    p.add_argument("id")
    p.add_argument("--lang", default="en", help="language version: en fr es ar zh ru, or 'all'")
    p.set_defaults(func=cmd_show)

    ask_opts = argparse.ArgumentParser(add_help=False)
    ask_opts.add_argument("--backend", choices=["extractive", "openai", "ollama"], help="answer backend")
    for name in ("ask", "chat"):
        p = sub.add_parser(name, parents=[common, ask_opts], help=f"{name} about the documents")
        if name == "ask":
            p.add_argument("question")
            p.add_argument("--json", action="store_true")
            p.add_argument("--doc", action="append", help="restrict to a document symbol (repeatable)")
            p.add_argument("--body", action="append", help="restrict to a body, e.g. 'General Assembly'")
            p.add_argument("--year-from", type=int)
            p.add_argument("--year-to", type=int)
            p.add_argument("--kind", action="append", choices=["preambular", "operative", "footnote"])
            p.add_argument("--lang", help="answer from this language's versions")
            p.add_argument("--verb", action="append", help="operative verb, e.g. 'requests' (repeatable)")
            p.add_argument("--addressee", action="append", help="addressee, e.g. 'Secretary-General' (repeatable)")
            p.set_defaults(func=cmd_ask)
        else:
            p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", parents=[common, ask_opts], help="score a question file")
    p.add_argument("file")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--part", choices=["fit", "check"],
                   help="only the fitting or the checking part of a dev file (assistant/dev_split.py)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("verify", parents=[common], help="check a sentence against the paragraph it cites")
    p.add_argument("claim", help="the sentence, as quoted or paraphrased")
    p.add_argument("--cite", required=True, help="the paragraph id it is said to come from, e.g. 'E/RES/2012/5:35'")
    p.add_argument("--lang", default="en", help="language version of the paragraph")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("precedent", parents=[common], help="where draft wording was agreed before")
    p.add_argument("draft", help='draft text; in double quotes ("...") for an exact phrase search')
    p.add_argument("--phrase", action="store_true", help="exact phrase search (case and spacing ignored)")
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--json", action="store_true")
    p.add_argument("--docx", help="also write the result to this Word file")
    p.set_defaults(func=cmd_precedent)

    p = sub.add_parser("compare", parents=[common], help="compare two documents paragraph by paragraph")
    p.add_argument("old", help="the earlier document's symbol, e.g. E/RES/2024/13")
    p.add_argument("new", help="the later document's symbol, e.g. E/RES/2025/18")
    p.add_argument("--lang", help="language version to compare (default: English, else one both have)")
    p.add_argument("--json", action="store_true", help="every pair with its status and the ids on both sides")
    p.add_argument("--docx", help="also write the comparison to this Word file")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("glossary", parents=[common], help="acronyms and where the documents spell them out")
    p.add_argument("term", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("guide", parents=[common], help="how to read a resolution, drawn from an indexed document")
    p.add_argument("symbol", nargs="?", default="E/RES/2012/5")
    p.add_argument("--lang", default="en")
    p.set_defaults(func=cmd_guide)

    p = sub.add_parser("corpus", help="manage the corpus folder")
    corpus_sub = p.add_subparsers(dest="corpus_command", required=True)
    p = corpus_sub.add_parser("fetch", parents=[common], help="download official AKN4UN XML of WSIS resolutions")
    p.add_argument("--lang", default="en", help="comma-separated: en,fr,es,ar,zh,ru")
    p.add_argument("--dest", help="corpus folder to fetch into (default: the corpus folder)")
    p.add_argument("--base-url", help="mirror of the UN resolution repositories (or WSIS_FETCH_BASE_URL)")
    p.add_argument("--manifest", help="a manifest of documents to fetch (default: the curated WSIS list)")
    p.add_argument("--no-index", action="store_true", help="only download")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser("config", help="list settings and their environment variables")
    p.set_defaults(func=cmd_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(argv)
    from index.corpus_index import IndexUnavailable
    from index.store import StoreError

    try:
        return int(args.func(args) or 0)
    except (IndexUnavailable, StoreError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `wsis glossary | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
