# Set-up and everyday commands. `make example` and `make test` work on a fresh
# machine with only Python 3.10+ and make installed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE := example_site
PORT ?= 8000

.PHONY: install example serve test lint format bench soak fuzz screenshots clean

install: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install -e ".[test,bench]"
	touch $(STAMP)

example: install
	cd $(SITE) && ../$(BIN)/pelican content -s pelicanconf.py -o output --fatal errors

serve: example
	cd $(SITE) && ../$(BIN)/pelican --listen --port $(PORT) -o output -s pelicanconf.py

test: install
	$(BIN)/python -m pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks

# Rebuilds of a 100-post site with random edits, setting changes and cache damage,
# each compared with a cold build (long: about 10 s per build on 2 cores).
SOAK_BUILDS ?= 200

soak: install
	$(BIN)/python scripts/soak.py --builds $(SOAK_BUILDS)

FUZZ_SECONDS ?= 300

fuzz: install
	$(BIN)/python -m pip install -e ".[fuzz]"
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -n 2 tests/test_properties.py tests/test_robustness.py
	mkdir -p .fuzz-corpus
	cd .fuzz-corpus && ../$(BIN)/python ../fuzz/fuzz_stages.py -max_total_time=$(FUZZ_SECONDS) .

screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(SITE)/output $(SITE)/cache
