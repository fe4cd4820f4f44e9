"""What the tests share that is not a test: paths, fixture material, in-process CLI runs and real servers.

Pytest collects nothing here (no `test_*.py`); `tests/conftest.py` stays one level up, where pytest
looks for it.  The scripts (`scripts/bench*.py`, `first_run.py`, `soak.py`, `screenshots.py`) import
from here too.

- `shared_paths`: the project's own corpus, the seed document, a seed-only corpus copy.
- `seed_paragraphs`, `langtools_corpus`: the seed's (and tests/fixtures/langtools/'s) paragraphs, read
  with the project's own readers.
- `make_fixtures`: the seed in other formats (PDF, DOCX, HTML, text) for the reader tests.
- `cli_run`: `wsis ARGS...` run in this process, output captured.
- `local_server`: start a loopback server process, wait until it answers, stop it.
- `chroma_server`: a real `chroma run` (server mode).
- `llm_server`: a real llama.cpp OpenAI-compatible server with SmolLM2 (needs `make install-test`).
- `browser_support`: a real Streamlit server driven by Debian's headless Chromium (needs `make browser`).

Tests that import `llm_server`, `browser_support` or `chroma_server` are marked `llm`, `browser` or
`e2e` by `tests/conftest.py`, and `make test-fast` leaves them out.
"""
