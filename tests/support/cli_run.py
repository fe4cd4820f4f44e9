"""Run the `wsis` command in this process: `main(argv)` with its output captured.

The CLI only wires (STYLE.md 9), so calling `main` with an argument list tests
what a user's shell would run, without paying a new interpreter and a model
load per call.  Only a test that must kill the process mid-build starts one.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from assistant.cli import main


@dataclass(frozen=True)
class CliResult:
    """What a shell would see: the exit status and both output streams."""

    returncode: int
    stdout: str
    stderr: str


def wsis(*args: str) -> CliResult:
    """`wsis ARGS...` in-process; argparse's own exits (usage errors, `--help`) become a return code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return CliResult(code, out.getvalue(), err.getvalue())
