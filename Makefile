# qualcode: `make demo` to try it, `make test` to check the code and run every test. Both set up
# what they need. Without make: `python -m pip install .` then `qualcode demo` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := demo/qualcode.db
QC     := $(BIN)/qualcode --project $(DEMO)

.PHONY: demo test check lint format types contracts services bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e .
	$(BIN)/python -m compileall -q qualcode  # bytecode now, so that the first start is fast
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[test]'
	$(BIN)/python -m compileall -q qualcode
	touch $@ $(VENV)/.installed

## demo: set up, build the demo project (bundled codebook and sample interviews), open it
demo: $(VENV)/.installed
	$(QC) demo --fresh  # the same as `qualcode demo` without make; opens the workbench
	@echo
	@echo "The demo project is $(DEMO). Next time open it with:"
	@echo "  . $(VENV)/bin/activate && export QUALCODE_PROJECT=$(DEMO) && qualcode"

## services: what the tests need besides Python (a PostgreSQL server for team mode, Chromium
## for the reviewer's page)
services:
	@bash scripts/ensure-postgres.sh
	@bash scripts/ensure-chromium.sh

## test: what CI and a reviewer run: format and lint (ruff), the layer contracts
## (import-linter), types (mypy), then the whole suite; the first failure stops it
test: lint contracts types services
	$(BIN)/python -m pytest

## check: the same as test
check: test

lint: $(VENV)/.installed-test
	$(BIN)/ruff format --check qualcode tests bench
	$(BIN)/ruff check qualcode tests bench

format: $(VENV)/.installed-test
	$(BIN)/ruff format qualcode tests bench
	$(BIN)/ruff check --fix qualcode tests bench

types: $(VENV)/.installed-test
	$(BIN)/mypy

contracts: $(VENV)/.installed-test
	$(BIN)/lint-imports

## bench: every figure beside its bare baseline, in one run (bench/run.py; under 10 minutes):
## builds or reuses the bench project and the peer corpus under bench/out/ and prints the
## table for BENCHMARKS.md (the JSON goes to bench/out/run.json)
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) demo bench/out .pytest_cache .mypy_cache .ruff_cache
