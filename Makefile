# One command each, on a fresh machine: `make serve` (set up, build, serve on 127.0.0.1:8000)
# and `make test` (set up, run the whole suite). Each creates and uses .venv itself.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# Material 9.7.2+ prints a warning about MkDocs 2.0 on every run; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve test check lint lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

## build: the site into site/, strict (any warning fails)
build: setup
	$(BIN)/mkdocs build --strict --site-dir site

## serve: build and serve with live reload on http://127.0.0.1:8000/
serve: setup
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

## check: validate the catalog and that its schema is up to date
check: setup
	$(BIN)/statuskb check
	$(BIN)/statuskb schema --check

## lint: ruff and mypy
lint: setup
	$(BIN)/ruff check hooks tests
	$(BIN)/mypy

## test: the whole suite (lint and catalog checks first)
test: check lint
	$(BIN)/pytest

## lock: re-pin requirements.lock from pyproject.toml and requirements-dev.in
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check setuptools -e . -r requirements-dev.in
	{ echo "# Exact versions the site is built and tested with (pip freeze of pyproject.toml + requirements-dev.in)."; \
	  echo "# Regenerate: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; \
	  .lock-venv/bin/python -m pip freeze --all | grep '^setuptools=='; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
