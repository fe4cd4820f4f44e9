"""The README and docs/ stay true: links resolve, the commands a reader types exist, the README stays short.

Commands come from ```bash / ```sh / ```console blocks of README.md and docs/*.md, and from inline
code in the README's command sections. Each is checked one of three ways:

- `make X [VAR=v]`: X is a target of the Makefile and VAR one of its variables;
- `wsis SUB ...`: the real parser (`assistant.cli.build_parser`) parses the arguments; an inline
  synopsis (`wsis show ID [--lang fr|all]`) only has its subcommand and every `--flag` looked up;
- `python scripts/X.py ...`: the script's own `main()` runs until its parser has parsed the
  arguments (argparse's `parse_args` is patched to stop there), so nothing else runs;

and the cheap read-only ones in `RUN` are also run as they are written. `export VAR=...` must
name a setting's environment variable. Anything else must be in `UNCHECKED`, with the reason.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import inspect
import io
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.cli import build_parser
from index.settings import describe

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
DOCS = [README, *sorted((PROJECT / "docs").glob("*.md"))]
README_COMMAND_SECTIONS = ("Two commands", "The command line", "Configuration", "Adding documents", "Tests")

# Commands run as written (cheap, read-only, no index needed).
RUN = {"make", "wsis --help", "wsis config"}
# Commands that can be neither parsed nor run here, by their first words, with the reason.
UNCHECKED = {
    ".venv/bin/chroma run": "starts a Chroma server; its flags are chromadb's CLI, not this project's",
    ".venv/bin/streamlit run": "starts the app server; its flags are Streamlit's (`make run` is checked)",
}
SETTINGS_ENV = {env for env, _, _ in describe()} | {"OPENAI_API_KEY", "WSIS_WORDNET_DIR", "WSIS_NLTK_DATA"}
SHELL_ENV = {"PYTHONPATH"}

FENCE_RE = re.compile(r"^(\s*)```(\S*)")
LINK_RE = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
INLINE_RE = re.compile(r"`([^`]+)`")
COMMAND_START = re.compile(r"^(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?(?:wsis|make|python)(?: |$)")


# ------------------------------------------------------------------ reading the markdown


def split_fences(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(prose lines with fenced blocks blanked, [(language, block lines)])."""
    prose, blocks, block, lang = [], [], None, ""
    for line in text.splitlines():
        m = FENCE_RE.match(line)
        if m and block is None:
            block, lang = [], m.group(2).lower()
            prose.append("")
        elif m and block is not None and line.strip() == "```":
            blocks.append((lang, block))
            block = None
            prose.append("")
        elif block is not None:
            block.append(line)
            prose.append("")
        else:
            prose.append(line)
    return prose, blocks


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    prose, _ = split_fences(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for line in prose:
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def links() -> list[tuple[Path, int, str]]:
    out = []
    for path in DOCS:
        prose, _ = split_fences(path.read_text(encoding="utf-8"))
        for n, line in enumerate(prose, 1):
            line = INLINE_RE.sub("", line)
            out += [(path, n, m.group(1)) for m in LINK_RE.finditer(line)]
    return out


@dataclass(frozen=True)
class Command:
    where: str
    text: str
    synopsis: bool  # an inline synopsis with [optional] parts or a|b choices: flags looked up, not parsed


def commands() -> list[Command]:
    out = []
    for path in DOCS:
        rel = path.relative_to(PROJECT)
        text = path.read_text(encoding="utf-8")
        prose, blocks = split_fences(text)
        for lang, lines in blocks:
            if lang not in ("bash", "sh", "shell", "console"):
                continue
            for line in lines:
                line = line.strip()
                if lang == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                if line and not line.startswith("#"):
                    out.append(Command(f"{rel} (block)", line, False))
        if path != README:
            continue
        section = ""
        for line in prose:
            if line.startswith("## "):
                section = line[3:].strip()
            if section not in README_COMMAND_SECTIONS:
                continue
            for m in INLINE_RE.finditer(line.replace("\\|", "|")):
                code = m.group(1).strip()
                if COMMAND_START.match(code) and code not in ("wsis", "python"):  # a bare name is a mention
                    out.append(Command(f"{rel} ({section}, inline)", code, any(c in code for c in "[|…")))
    return out


# ------------------------------------------------------------------ what the code accepts


def makefile() -> tuple[set[str], set[str]]:
    text = (PROJECT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*)\s*:(?!=)", text, flags=re.M))
    variables = set(re.findall(r"^([A-Z_]+)\s*[:?]?=", text, flags=re.M))
    return targets, variables


def subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


class _Parsed(Exception):
    def __init__(self, namespace: argparse.Namespace) -> None:
        self.namespace = namespace


def parse_script(script: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Run the script's `main()` until its parser has parsed `args`; the error argparse gives, or None."""
    original = argparse.ArgumentParser.parse_args

    def parse_and_stop(self, argv=None, namespace=None):
        raise _Parsed(original(self, argv, namespace))

    spec = importlib.util.spec_from_file_location(f"_docs_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_and_stop)
    monkeypatch.setattr(sys, "argv", [str(script), *args])
    takes_argv = bool(inspect.signature(module.main).parameters)
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            module.main(args) if takes_argv else module.main()
    except _Parsed:
        return None
    except SystemExit as exc:
        return None if exc.code == 0 and "--help" in args else f"exit {exc.code}: {stderr.getvalue().strip()}"
    return "main() returned without parsing its arguments"


def parse_wsis(args: list[str]) -> str | None:
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(args)
    except SystemExit as exc:
        if exc.code == 0 and "--help" in args:
            return None
        return f"exit {exc.code}: {stderr.getvalue().strip()}"
    return None


def lookup_wsis_synopsis(code: str) -> str | None:
    """A synopsis: the subcommand (and `corpus fetch`) must exist and accept every `--flag` shown."""
    words = [w for w in code.split()[1:] if re.fullmatch(r"[a-z]+", w)]
    parser = build_parser()
    if words:
        parser = subparser(parser, words[0])
        if parser is None:
            return f"no subcommand {words[0]!r}"
        if words[0] == "corpus":
            parser = subparser(parser, words[1]) if len(words) > 1 else None
            if parser is None:
                return "no `corpus` subcommand named"
    unknown = [f for f in re.findall(r"(?<![\w-])--[a-z][a-z-]*", code) if f not in parser._option_string_actions]
    return f"flags not accepted: {unknown}" if unknown else None


def check(command: Command, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """None when the command is what the code accepts, else why not."""
    words = shlex.split(command.text, comments=True)
    env = []
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        env.append(words.pop(0).split("=", 1)[0])
    if words and words[0] == "export":
        names = [w.split("=", 1)[0] for w in words[1:]]
        bad = [n for n in names if n not in SETTINGS_ENV]
        return f"not a setting's environment variable: {bad}" if bad else None
    if words and words[0].startswith(".venv/bin/") and words[0] != ".venv/bin/python":
        words[0] = words[0].removeprefix(".venv/bin/")
    if not words:
        return "no command"
    if words[0] == "make":
        targets, variables = makefile()
        bad_env = [v for v in env if v not in variables]
        problems = [f"no Makefile target {w!r}" for w in words[1:] if "=" not in w and w not in targets]
        problems += [f"no Makefile variable {w.split('=')[0]!r}" for w in words[1:]
                     if "=" in w and w.split("=")[0] not in variables]
        problems += [f"no Makefile variable {v!r}" for v in bad_env]
        return "; ".join(problems) or None
    bad_env = [v for v in env if v not in SETTINGS_ENV | SHELL_ENV]
    if bad_env:
        return f"unknown environment variables {bad_env}"
    if words[0] == "wsis":
        return lookup_wsis_synopsis(command.text) if command.synopsis else parse_wsis(words[1:])
    if words[0] in ("python", ".venv/bin/python", "python3") and words[1:2] == ["-m"]:
        if importlib.util.find_spec(words[2]) is None:
            return f"no module {words[2]}"
        missing = [w for w in words[3:] if not w.startswith("-") and not (PROJECT / w).exists()]
        return f"no such file: {missing}" if missing else None  # not run: it would run the tests
    if words[0] in ("python", ".venv/bin/python", "python3") and len(words) > 1:
        script = PROJECT / words[1]
        if not (script.suffix == ".py" and script.is_file()):
            return f"no script {words[1]}"
        return parse_script(script, words[2:], monkeypatch)
    return "not a command this test knows how to check: add it to UNCHECKED with the reason"


COMMANDS = commands()


def _id(command: Command) -> str:
    return f"{command.where}: {command.text[:70]}"


# ------------------------------------------------------------------ the tests


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < 200, f"README.md has {lines} lines; move detail to docs/"


@pytest.mark.parametrize(("path", "line", "target"), links(),
                         ids=lambda v: str(v.relative_to(PROJECT)) if isinstance(v, Path) else str(v))
def test_relative_link_resolves(path, line, target):
    if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
        return
    file_part, _, anchor = target.partition("#")
    dest = (path.parent / file_part).resolve() if file_part else path
    assert dest.exists(), f"{path.name}:{line}: {target} -> {dest} does not exist"
    if anchor:
        assert dest.suffix == ".md", f"{path.name}:{line}: anchor on a non-markdown file"
        assert anchor in anchors(dest), f"{path.name}:{line}: no heading #{anchor} in {dest.name}"


def test_commands_are_found():
    """The collector sees the commands (an empty list would pass every check below)."""
    texts = {c.text for c in COMMANDS}
    assert {"make run", "make test", "make"} <= {" ".join(_run_words(t)) for t in texts}
    assert len(COMMANDS) >= 40


@pytest.mark.parametrize("command", COMMANDS, ids=_id)
def test_command_is_accepted(command, monkeypatch):
    reason = next((why for prefix, why in UNCHECKED.items() if command.text.startswith(prefix)), None)
    if reason:
        assert reason  # listed: cannot be checked here
        return
    problem = check(command, monkeypatch)
    assert problem is None, f"{command.where}: `{command.text}`: {problem}"


def _run_words(text: str) -> list[str]:
    return shlex.split(text, comments=True)


@pytest.mark.parametrize("text", sorted(RUN))
def test_cheap_commands_run(text):
    assert any(" ".join(_run_words(c.text)) == text for c in COMMANDS), f"`{text}` is no longer in the docs"
    words = _run_words(text)
    argv = [sys.executable, "-m", "assistant.cli", *words[1:]] if words[0] == "wsis" else words
    out = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    if text == "make":
        targets, _ = makefile()
        listed = set(re.findall(r"make (\S+)", out.stdout))
        assert {"run", "test", "index"} <= listed <= targets
    if text == "wsis config":
        assert all(env in out.stdout for env, _, _ in describe())
