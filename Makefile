# The primer's commands. Two do all the set-up on a fresh machine:
#   make serve       build the site and serve it at http://127.0.0.1:8000 (PORT=8001 for another)
#   make test        run every check (checker, strict build, unit, browser and PDF tests)
# Both create .venv from the pinned requirements.txt on first use, with PYTHON (default python3,
# 3.11.5 or newer: scripts/setup_checks.py says so clearly when it is not). The environment is
# rebuilt by itself when its interpreter is too old or gone, or PYTHON names another one, and
# re-synced when requirements.txt changes.
#   make test-fast   the checker and every test that needs neither a browser nor the PDF
#   make system-deps install the system packages listed in scripts/system-packages.txt
# The training editions: `make pdf` writes dist/primer.pdf and dist/primer-id.pdf (Indonesian),
# `make handouts` the chapter handouts in dist/handouts/ and dist/handouts/id/ (the same build),
# `make offline` (which builds both first) writes dist/primer-offline.zip; each is rebuilt only
# when its inputs changed.

# Was PYTHON chosen by the user (command line or environment)? Then .venv must be made from it.
PYTHON_GIVEN := $(filter command line environment,$(origin PYTHON))
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
SYSTEM_PACKAGES := $(strip $(shell sed -e 's/\#.*//' scripts/system-packages.txt 2>/dev/null))
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build test test-fast check pdf handouts offline bench bench-build clean distclean deps system-deps FORCE

# "ok", or why .venv has to be made again (empty: there is no working .venv/bin/python).
VENV_STATE := $(shell $(BIN)/python scripts/setup_checks.py venv $(if $(PYTHON_GIVEN),'$(PYTHON)') 2>/dev/null)

$(STAMP): requirements.txt $(if $(filter ok,$(VENV_STATE)),,FORCE)
	@if [ "$(VENV_STATE)" != ok ]; then \
	  command -v $(PYTHON) >/dev/null 2>&1 || { \
	    echo "make: PYTHON=$(PYTHON) was not found. The primer needs Python 3.11.5 or newer:" \
	         "install it, then run e.g. 'make PYTHON=python3.11 serve'." >&2; exit 1; }; \
	  $(PYTHON) scripts/setup_checks.py python '$(PYTHON)' || exit 1; \
	  if [ -e $(VENV) ]; then \
	    echo "make: rebuilding $(VENV): $(or $(VENV_STATE),its Python does not run)"; \
	    rm -rf $(VENV); \
	  fi; \
	  echo "make: creating $(VENV) with $(PYTHON) and installing requirements.txt"; \
	  $(PYTHON) -m venv $(VENV) || exit 1; \
	  $(BIN)/pip install --quiet --upgrade pip || exit 1; \
	fi
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

FORCE:

deps: $(STAMP)

# Debian/Ubuntu packages for the browser and PDF tests and the print edition (one list, also
# used by .ci/run and quoted in README.md and CONTRIBUTING.md).
system-deps:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y --no-install-recommends \
	  $(if $(shell command -v npm 2>/dev/null),$(filter-out npm,$(SYSTEM_PACKAGES)),$(SYSTEM_PACKAGES))

serve: $(STAMP)
	@$(BIN)/python scripts/setup_checks.py port '$(PORT)'
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/python scripts/check_sources.py

# External judges the tests run offline (the Nu HTML Checker), pinned in tests/tools.
TOOLS := tests/tools/node_modules/.installed
$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm was not found: install the system" \
	  "packages (make system-deps), then run make test again." >&2; exit 1; }
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --silent
	touch $@

test: $(STAMP) $(TOOLS)
	$(BIN)/python scripts/check_sources.py
	$(BIN)/python -m pytest tests

# The writing loop: everything except the tests marked `browser` or `pdf` (pytest.ini).
test-fast: $(STAMP) $(TOOLS)
	$(BIN)/python scripts/check_sources.py
	$(BIN)/python -m pytest tests -m "not browser and not pdf"

# Training editions (see docs/downloads.md). Each is built in its own scratch site under
# tmp/editions; only the result goes to dist/. They are rebuilt only when something they are
# built from is newer, or when the edition stamp (tag or commit, uncommitted changes) changed.
EDITIONS ?= tmp/editions
DIST     ?= dist
# where the site build (scripts/mkdocs_hooks.py) finds the editions it publishes
export PRIMER_DIST_DIR := $(abspath $(DIST))
# What an edition is built from (the same list as INPUTS in scripts/edition.py).
EDITION_INPUTS := mkdocs.yml bibliography.bib CONTRIBUTING.md requirements.txt \
  $(shell find docs scripts overrides sources -type f ! -path '*/__pycache__/*' ! -name '*.pyc' 2>/dev/null)

# Rewritten only when the stamp changes, so that its date tells make when that was (`+`: also
# under `make -n`, which then shows truthfully whether an edition would be rebuilt).
$(EDITIONS)/edition.txt: FORCE | $(STAMP)
	+@$(BIN)/python scripts/edition.py --write $@

# The print edition: an A4 PDF with cover, contents, numbered chapters and references. The same
# build writes the handouts (one A4 PDF per chapter and one of the trainers' summary, from the
# same pages: scripts/pdf/handouts.py), so `make pdf` and `make handouts` share one build; the
# Indonesian handouts, from the Indonesian book, go to $(DIST)/handouts/id/.
HANDOUTS := $(DIST)/handouts/.built
pdf: $(DIST)/primer.pdf $(DIST)/primer-id.pdf
	@echo "$<, $(DIST)/primer-id.pdf: $$(head -1 $(EDITIONS)/edition.txt)"

handouts: $(HANDOUTS)
	@ls $(DIST)/handouts/*.pdf $(DIST)/handouts/id/*.pdf
	@echo "$(DIST)/handouts: $$(head -1 $(EDITIONS)/edition.txt)"

$(DIST)/primer.pdf: $(EDITION_INPUTS) $(EDITIONS)/edition.txt $(STAMP)
	rm -rf $(EDITIONS)/pdf-site
	ENABLE_PDF_EXPORT=1 OFFLINE=false $(BIN)/mkdocs build --strict --site-dir $(EDITIONS)/pdf-site
	mkdir -p $(DIST)
	cp $(EDITIONS)/pdf-site/primer.pdf $(DIST)/primer.pdf
	cp $(EDITIONS)/pdf-site/primer-id.pdf $(DIST)/primer-id.pdf
	rm -rf $(DIST)/handouts
	cp -r $(EDITIONS)/pdf-site/handouts $(DIST)/handouts
	touch $(HANDOUTS)
	@ls -l $(DIST)/primer.pdf

# The Indonesian print edition: written by the same build (mkdocs-static-i18n builds /id/
# after /, and mkdocs-to-pdf prints each; scripts/hooks/i18n.py names it primer-id.pdf).
$(DIST)/primer-id.pdf: $(DIST)/primer.pdf
	@test -f $@ || { rm -f $(DIST)/primer.pdf; echo "make: $@ is missing; run 'make pdf'" \
	  "again to rebuild both print editions" >&2; exit 1; }

# written by the recipe above; only a dist/handouts deleted by hand needs the build again
$(HANDOUTS): $(DIST)/primer.pdf
	@test -f $@ || { rm -f $(DIST)/primer.pdf; echo "make: $(DIST)/handouts is missing;" \
	  "run 'make handouts' again to rebuild the print edition and its handouts" >&2; exit 1; }

# The offline edition: the whole site, PDF included, as a zip that works from file://.
offline: $(DIST)/primer-offline.zip
	@echo "$<: $$(head -1 $(EDITIONS)/edition.txt)"

$(DIST)/primer-offline.zip: $(DIST)/primer.pdf $(DIST)/primer-id.pdf $(HANDOUTS) $(EDITION_INPUTS) $(EDITIONS)/edition.txt $(STAMP)
	rm -rf $(EDITIONS)/offline-site
	ENABLE_PDF_EXPORT=0 OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(EDITIONS)/offline-site
	$(BIN)/python scripts/offline_bundle.py $(EDITIONS)/offline-site $@

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py

# How long the strict site build takes and where the time goes (target: <= 10 s on 2 cores).
bench-build: $(STAMP)
	$(BIN)/python scripts/bench_build.py

# Build outputs (the site, the editions and their scratch builds, test caches).
clean:
	rm -rf site $(DIST) tmp .pytest_cache

# Everything generated, the virtual environment included: back to a fresh clone.
distclean: clean
	rm -rf $(VENV) .hypothesis
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
