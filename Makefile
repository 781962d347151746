# The README's two commands: `make demo` and `make test`. Each creates the virtual environment
# if it is missing and installs the pinned dependencies (requirements.lock) first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint typecheck layers unit install lock clean serve messages

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip install --python $(BIN)/python -q -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Install, initialise the SQLite database, load the Anhui data, print the target register and start the platform.
demo: $(STAMP)
	$(BIN)/carbonpeak demo --serve --host $(HOST) --port $(PORT)

## Install and run every check: ruff, mypy, import-linter, then pytest against SQLite and PostgreSQL.
test: $(STAMP) lint typecheck layers unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest

## Re-extract the pages' strings into the message catalogues (zh_CN, en) and compile them.
WEB := src/carbonpeak/web
messages: $(STAMP)
	cd $(WEB) && ../../../$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project carbonpeak -o locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(WEB)/locale/messages.pot -d $(WEB)/locale -D messages
	$(BIN)/pybabel compile -d $(WEB)/locale -D messages

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
