# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench translations compile-translations system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

system-deps:
	@sh scripts/system-deps.sh

compile-translations: $(STAMP)
	$(BIN)/pybabel -q compile -d translations

run: system-deps $(STAMP) compile-translations
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) cities import data/member-cities.csv
	MOOC_DEVELOPMENT=1 MOOC_BASE_URL=http://127.0.0.1:5000 $(FLASK) run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: system-deps $(STAMP) compile-translations lint
	$(BIN)/pytest

bench: system-deps $(STAMP) compile-translations
	$(BIN)/python bench/run.py

# Extract new strings, merge them into fr and es, compile. Translate the .po files, then run again.
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot mooc
	$(BIN)/pybabel -q update -N -i translations/messages.pot -d translations
	$(BIN)/pybabel -q compile -d translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
