# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-pg setup clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Sets up, initialises an empty database with the demo site, then starts the app.
run: $(STAMP)
	$(BIN)/frontdesk init --demo --if-empty
	$(BIN)/frontdesk

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

# Issue 15: every figure at 100, 100k and 1M tickets beside its floor (bench/README.md).
# The databases are generated once into BENCH_DIR (1M tickets: about 1.5 GB, a few minutes).
BENCH_DIR ?= /tmp/frontdesk-bench
BENCH_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
bench: $(STAMP)
	$(BIN)/python -m bench --dir $(BENCH_DIR)

bench-pg: $(STAMP)
	$(BIN)/python -m bench --dir $(BENCH_DIR) --pg $(BENCH_PG)

clean:
	rm -rf $(VENV) build dist src/*.egg-info
