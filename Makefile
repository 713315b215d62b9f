# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate load superuser lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Loads the fixtures into an empty archive only, so edits made in the admin survive.
load: migrate
	$(BIN)/python manage.py load_archive

run: load
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

superuser: migrate
	$(BIN)/python manage.py createsuperuser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache

# Speed at national scale, measured side by side in one run (docs/BENCHMARKS.md):
# PostgreSQL databases named by BENCH_DATABASE_URL (default h_gen_bench_1x/_10x) are
# filled with synthetic data once and reused. Options go in BENCH_ARGS, e.g.
# make bench BENCH_ARGS="--quick --only lists,pages --sizes 1x"
.PHONY: bench
$(VENV)/.installed-bench: requirements.txt benchmarks/requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -r benchmarks/requirements.txt
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
