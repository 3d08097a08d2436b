# The primer's commands. Two do all the set-up on a fresh machine:
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    run every check (checker, strict build, unit, browser and PDF tests)
# Both create .venv from the pinned requirements.txt on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build test check pdf offline bench clean deps

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

deps: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/python scripts/check_sources.py

test: $(STAMP)
	$(BIN)/python scripts/check_sources.py
	$(BIN)/python -m pytest tests

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py

clean:
	rm -rf site dist .pytest_cache
