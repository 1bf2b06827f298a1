# The two set-up commands of the README, and the pieces of the test command.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: all setup test lint types unit bench
all: test

# One command: everything into .venv, then the main job on the sample papers.
setup:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pipeline ingest raw/

# One command: lint, format, types and every test.
test: lint types unit

lint:
	$(BIN)/ruff check pipeline tests benchmarks tools
	$(BIN)/ruff format --check pipeline tests benchmarks tools

types:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

bench:
	$(BIN)/python benchmarks/tables.py
