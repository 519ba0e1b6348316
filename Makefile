# News Digest. `make site` builds the site from seeds/, `make test` runs the tests.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.site

site: $(VENV)/.site  ## Import seeds/ and build the static site into site/
	$(BIN)/digest build

serve: $(VENV)/.site  ## Preview on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve

check: $(VENV)/.site  ## Validate every article's front matter
	$(BIN)/digest check

lint: $(VENV)/.test
	$(BIN)/ruff check digest tests bench
	$(BIN)/ruff format --check digest tests bench
	$(BIN)/mypy

test: $(VENV)/.test lint  ## Lint, type-check and run the test suite
	$(BIN)/pytest

clean:
	rm -rf site .digest/cache
