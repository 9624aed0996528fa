# MotCua: every target a newcomer needs. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
UI := admin_ui
PG_VERSION := $(shell ls /etc/postgresql 2>/dev/null | head -n 1)

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck ui services browser bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/motcua: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(UI)/node_modules/.installed: $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UI)/dist/index.html: $(UI)/node_modules/.installed $(shell find $(UI)/src $(UI)/public $(UI)/index.html $(UI)/vite.config.js 2>/dev/null)
	cd $(UI) && npm run build --silent

ui: $(UI)/dist/index.html ## build the web UI (bpmn-js) into admin_ui/dist

run: $(BIN)/motcua ui ## create .venv, install everything, prepare the SQLite catalogue and demo data, start the app
	$(BIN)/motcua setup
	$(BIN)/motcua demo
	$(BIN)/motcua serve --host $(HOST) --port $(PORT)

services: ## start PostgreSQL and Redis if they are installed here but stopped
	@if [ -n "$(PG_VERSION)" ] && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then \
	  pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start || true; fi
	@if command -v redis-server >/dev/null && ! redis-cli ping >/dev/null 2>&1; then \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true; fi

browser: ## install Debian's chromium (browser tests) and DejaVu fonts (PDF forms) where this machine allows it
	@{ command -v chromium >/dev/null && [ -d /usr/share/fonts/truetype/dejavu ]; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	  || echo "chromium or fonts-dejavu-core not installed: those tests will skip (or fail under CI=true)"; }

lint: $(BIN)/motcua ## ruff over the tree, mypy strict over engine/, bpmn/, simulations/
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(BIN)/motcua ui services browser lint ## install what tests need and run them all (SQLite, PostgreSQL, Redis, browser)
	$(BIN)/pytest

bench: $(BIN)/motcua ## run the benchmarks whose tables go into the README (catalogue, engine, API, simulator; engine and API need PostgreSQL)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/catalog.py
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/simulate.py

clean: ## remove the virtualenv, the UI build and local data
	rm -rf $(VENV) $(UI)/node_modules $(UI)/dist var .pytest_cache .mypy_cache .ruff_cache
	find . -path ./.venv -prune -o -name '*.nb[ic]' -print -delete  # numba's compiled kernel cache
