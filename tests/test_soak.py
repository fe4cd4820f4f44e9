"""A short soak: two real Chromium sessions on one real Streamlit server for a minute, no rebuild.

The browser test asks one question in one session; this one keeps two sessions asking at once (with
follow-ups and reloads), which is where a submit dropped by a concurrent rerun, or an exception from
state shared across sessions, would show.  No mocks: `scripts/soak.py`'s own functions drive it.
"""

from __future__ import annotations

import pytest

from scripts.soak import soak
from tests.support.browser_support import artifacts_dir

pytestmark = pytest.mark.slow

KEYS = {"sessions", "minutes", "answers", "exceptions", "lost", "answer_p50_s", "answer_p95_s", "rss_first_mb",
        "rss_last_mb", "rss_max_mb", "rebuild_exit", "fresh_session_s"}


def test_two_sessions_for_a_minute_answer_every_question_without_exceptions(seed_index_dir):
    lines: list[str] = []
    result = soak(seed_index_dir, sessions=2, minutes=1, rebuild=False, timeout=60,
                  log_dir=artifacts_dir() / "soak", say=lines.append)
    report = "\n".join(lines)
    assert set(result) >= KEYS, result
    assert result["answers"] > 0, report
    assert result["exceptions"] == 0, report
    assert result["lost"] == 0, report
    assert result["rebuild_exit"] is None
    assert result["fresh_session_s"] is not None, report
    assert any(line.startswith("min 1:") for line in lines), report
