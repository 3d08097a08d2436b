# The primer's commands. Two do all the set-up on a fresh machine:
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    run every check (checker, strict build, unit, browser and PDF tests)
# Both create .venv from the pinned requirements.txt on first use.
# The training editions: `make pdf` writes dist/primer.pdf, `make offline` (which builds the
# PDF first) writes dist/primer-offline.zip.

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
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/python scripts/check_sources.py

test: $(STAMP)
	$(BIN)/python scripts/check_sources.py
	$(BIN)/python -m pytest tests

# Training editions (see docs/downloads.md). Each is built in its own scratch site under
# tmp/editions; only the result goes to dist/.
EDITIONS := tmp/editions

# The print edition: an A4 PDF with cover, contents, numbered chapters and references.
pdf: $(STAMP)
	rm -rf $(EDITIONS)/pdf-site
	ENABLE_PDF_EXPORT=1 OFFLINE=false $(BIN)/mkdocs build --strict --site-dir $(EDITIONS)/pdf-site
	mkdir -p dist
	cp $(EDITIONS)/pdf-site/primer.pdf dist/primer.pdf
	@ls -l dist/primer.pdf

# The offline edition: the whole site, PDF included, as a zip that works from file://.
offline: pdf
	rm -rf $(EDITIONS)/offline-site
	ENABLE_PDF_EXPORT=0 OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(EDITIONS)/offline-site
	$(BIN)/python scripts/offline_bundle.py $(EDITIONS)/offline-site dist/primer-offline.zip

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py

clean:
	rm -rf site dist .pytest_cache $(EDITIONS)
