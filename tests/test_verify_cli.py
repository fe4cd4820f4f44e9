"""`wsis verify "claim" --cite ID`: the answers' checker, for a sentence a staff member pastes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli_run import CliResult
from tests.support.cli_run import wsis as run_wsis

DISTORTED = (
    "The Council does not urge United Nations entities still not actively cooperating in the implementation "
    "of the outcomes of the World Summit to take the necessary steps"
)
VERBATIM = (
    "The Economic and Social Council urges the Secretary-General to ensure the continued functioning of the "
    "IGF and its structures [1]."
)


def wsis(index_dir: Path, *args: str) -> CliResult:
    return run_wsis("verify", *args, "--index-dir", str(index_dir))


def test_a_distorted_quote_is_unsupported_and_says_what_differs(seed_index_dir):
    out = wsis(seed_index_dir, DISTORTED, "--cite", "E/RES/2012/5:27", "--json")
    assert out.returncode == 1, out.stderr
    result = json.loads(out.stdout)
    assert result["status"] == "unsupported" and result["label"] == "E/RES/2012/5, para. 27"
    assert any(d.startswith("negation") for d in result["differences"])
    assert "still not actively cooperating" in result["span"]


def test_a_verbatim_quote_is_quoted_with_its_span(seed_index_dir):
    out = wsis(seed_index_dir, VERBATIM, "--cite", "E/RES/2012/5:35")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("QUOTED: E/RES/2012/5, para. 35")
    assert "paragraph's words: Urges the Secretary-General to ensure" in out.stdout


def test_an_invented_paragraph_number_is_refused(seed_index_dir):
    out = wsis(seed_index_dir, VERBATIM, "--cite", "E/RES/2012/5:99")
    assert out.returncode == 1
    assert "no paragraph 'E/RES/2012/5:99'" in out.stderr and "Traceback" not in out.stderr
