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
