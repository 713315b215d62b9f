# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` ("auto": one per CPU; 0: a single process); idle
# workers steal queued tests, so a few long ones do not end the run on one worker.
PYTEST_WORKERS ?= auto

.PHONY: run test install install-dev migrate load superuser lint format clean

# A recipe that fails part-way leaves no target behind, so the next run tries again.
.DELETE_ON_ERROR:

# A venv whose creation failed (say, ensurepip missing) is removed, not half-used later.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Python 3.11 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)." \
	    "Run e.g. 'make PYTHON=python3.11 ...'." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# The stamps say "these requirements are installed and the project runs on them": each is
# written only after pip succeeded AND `manage.py check` imported every module (so a
# runtime import of a package the file does not list fails here, and again on the next
# run, instead of hiding behind a stamp). A newer requirements file makes a stamp stale.
# The dev requirements include the runtime ones, so installing them satisfies both.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python manage.py check
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python manage.py check
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
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache

# ---- Production (README: "Running in production") -------------------------------------
# DEBUG defaults to off here; SECRET_KEY and DATABASE_URL (PostgreSQL) must be set.
PROD := DEBUG=$${DEBUG:-0}
BACKUP ?=

.PHONY: serve backup restore

serve: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve runs on PostgreSQL: set DATABASE_URL=postgres://..." >&2; exit 2;; esac
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PROD) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn archive.wsgi --config gunicorn.conf.py

# make backup [BACKUP=path.json|path.dump]: pg_dump on PostgreSQL, JSON otherwise.
backup: install
	$(BIN)/python manage.py backup $(BACKUP)

# make restore BACKUP=path: into an empty database (see manage.py restore --help).
restore: install
	@test -n "$(BACKUP)" || { echo "make restore needs BACKUP=path/to/backup.json|.dump" >&2; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)

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
