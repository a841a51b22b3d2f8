# admtrack: `make run` sets up and serves the dashboard; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The embedded SQLite database lives here unless ADMTRACK_DATABASE_URL points elsewhere.
export ADMTRACK_DATA_DIR ?= $(CURDIR)/var

.PHONY: run install dev test lint typecheck contracts pytest bench snapshot clean report-deps i18n i18n-status

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "admtrack needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

run: install
	$(BIN)/admtrack init
	$(BIN)/admtrack serve --host $(HOST) --port $(PORT)

lint: dev
	$(BIN)/ruff check src tests bench docs
	$(BIN)/ruff format --check src tests bench docs

typecheck: dev
	$(BIN)/mypy

contracts: dev
	$(BIN)/lint-imports

# Interface translations (docs/i18n.md): collect every string into locale/messages.pot and merge
# it into each language's messages.po; `make i18n-status` prints the completeness table.
i18n: install
	$(BIN)/admtrack i18n update

i18n-status: install
	$(BIN)/admtrack i18n status

# The reports need Pango (WeasyPrint), the Noto fonts of the region's scripts, pdftoppm and pdftotext:
# on Debian `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-ui-core poppler-utils`.
report-deps:
	@command -v fc-list >/dev/null || { echo "fontconfig missing: apt-get install fontconfig"; exit 1; }
	@for f in "Noto Sans" "Noto Sans Khmer" "Noto Sans Lao" "Noto Sans Myanmar" "Noto Sans Thai"; do \
	  fc-list : family | grep -qx "$$f" || { echo "font $$f missing: apt-get install fonts-noto-core fonts-noto-ui-core"; exit 1; }; done
	@command -v pdftoppm >/dev/null || { echo "pdftoppm missing: apt-get install poppler-utils"; exit 1; }
	@command -v pdftotext >/dev/null || { echo "pdftotext missing: apt-get install poppler-utils"; exit 1; }
	@ldconfig -p | grep -q libpangoft2-1.0 || { echo "Pango missing: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }
	@echo "report fonts and tools found"

pytest: dev report-deps
	$(BIN)/pytest

test: lint typecheck contracts pytest

bench: dev
	$(BIN)/python bench/run_all.py

# Rebuild the bundled snapshot from the raw public files (see docs/data.md).
RAW ?= ../shared/data/raw
snapshot: install
	$(BIN)/admtrack data snapshot --raw $(RAW)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .hypothesis
