# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# What the app needs (make run), and the test tools on top of it (make test, make bench).
STAMP := $(VENV)/.installed-app-$(SUM)
DEV_STAMP := $(VENV)/.installed-dev-$(SUM)

.PHONY: run test lint bench translations compile-translations clean deps-run deps-test deps-bench verifier axe screenshots lrs
VERIFIER := tests/credentials/verifier
DEMO ?= 1
LRS := tests/xapi/lrs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-app-*
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-dev-*
	touch $@

deps-run deps-test deps-bench:
	@sh scripts/system-deps.sh $(@:deps-%=%)

compile-translations: $(STAMP)
	$(BIN)/pybabel -q compile -d translations

# A developer's machine: plain HTTP on 127.0.0.1 (production refuses to start without its settings).
run: export MOOC_DEVELOPMENT = 1
run: export MOOC_BASE_URL = http://127.0.0.1:5000
run: deps-run $(STAMP) compile-translations
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) cities import data/member-cities.csv
	@# DEMO=1 (the default): a demo admin, trainer and learner, printed with their password.
	@if [ "$(DEMO)" = 1 ]; then MOOC_BASE_URL=http://127.0.0.1:5000 $(FLASK) demo accounts; fi
	@# A worker beside the server (jobs on SQLite under instance/); it stops with the server.
	MOOC_DEVELOPMENT=1 MOOC_BASE_URL=http://127.0.0.1:5000 sh -c '$(FLASK) worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker" EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port 5000'

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: deps-test $(DEV_STAMP) compile-translations lint verifier axe lrs
	$(BIN)/pytest

# Digital Bazaar's credential verifier, a test peer from the npm registry (pinned by its lock file).
verifier: $(VERIFIER)/node_modules/.package-lock.json
$(VERIFIER)/node_modules/.package-lock.json: $(VERIFIER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd $(VERIFIER) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the credential verifier tests will be skipped"; fi

# axe-core for the browser tests' accessibility checks (npm registry, pinned by its lock file).
AXE := tests/browser/axe
axe: $(AXE)/node_modules/.package-lock.json
$(AXE)/node_modules/.package-lock.json: $(AXE)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd $(AXE) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility checks of the browser tests will be skipped"; fi

# docs/screenshots/: the main pages at 1366x900 and 390x844 (headless Chromium, Selenium).
screenshots: deps-test $(DEV_STAMP) compile-translations
	$(BIN)/python scripts/screenshots.py

# Learning Locker's xapi-statements, a real LRS for the xAPI tests (GPL: a separate process, never
# imported), from the npm registry, pinned by its lock file.
lrs: $(LRS)/node_modules/.package-lock.json
$(LRS)/node_modules/.package-lock.json: $(LRS)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd $(LRS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the real-LRS xAPI tests will be skipped"; fi

bench: deps-bench $(DEV_STAMP) compile-translations
	$(BIN)/python bench/run.py

# Extract new strings, merge them into fr and es, compile. Translate the .po files, then run again.
translations: $(DEV_STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot mooc
	$(BIN)/pybabel -q update -N -i translations/messages.pot -d translations
	$(BIN)/pybabel -q compile -d translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(VERIFIER)/node_modules $(AXE)/node_modules $(LRS)/node_modules
