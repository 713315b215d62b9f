"""Backups of the whole database, and restores into an empty one.

Two formats:

- **JSON** (``.json``), on any backend: ``dumpdata`` of every table except what Django
  rebuilds itself (content types, permissions, sessions), with natural foreign keys so
  permissions are found by name in the new database, and primary keys kept so every
  link, API URL and history row stays as it was. Portable between SQLite and PostgreSQL
  and readable; slow on a national archive (it reads row by row).
- **PostgreSQL custom format** (``.dump``): ``pg_dump -Fc`` and ``pg_restore``, the way
  to back up a large archive. PostgreSQL only.

A restore refuses a database that already holds records or users (it never merges into
or overwrites an archive), and is all or nothing: a JSON restore loads in one
transaction, ``pg_restore`` runs with ``--single-transaction --exit-on-error``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core import outbox

JSON = "json"
POSTGRES = "postgres"
SUFFIXES = {".json": JSON, ".dump": POSTGRES}

#: Rebuilt by ``migrate`` in the new database and found there by natural key; and the
#: search index of name keys, which loading the records rebuilds from their names
#: (``core.search``), so a dump of it would only be restored to be replaced; and the
#: flow listing's summaries, which triggers rebuild as the flows are loaded (restored
#: too, they would count them twice).
NOT_DUMPED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "core.namekey",
    "ventures.flowsummary",
    "ventures.flowendsummary",
)
#: Rows the migrations seed, which a restore replaces with the backup's own.
SEEDED = (Group,)
_IGNORED_WHEN_EMPTY = {ContentType, Permission, Session, *SEEDED}


class BackupError(Exception):
    """A backup or restore that cannot be done, said in one sentence."""


@dataclass(frozen=True)
class Result:
    path: Path
    format: str


def format_for(path: Path) -> str:
    try:
        return SUFFIXES[path.suffix]
    except KeyError:
        raise BackupError(
            f"{path.name}: name a backup file .json (portable JSON) or .dump "
            "(PostgreSQL custom format)."
        ) from None


def is_postgres(using: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[using].vendor == "postgresql"


def default_path(directory: Path, stamp: str, using: str = DEFAULT_DB_ALIAS) -> Path:
    """``archive-<stamp>.dump`` on PostgreSQL, ``archive-<stamp>.json`` elsewhere."""
    return directory / f"archive-{stamp}{'.dump' if is_postgres(using) else '.json'}"


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Write the whole database to ``path``, in the format its suffix names."""
    kind = format_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The changes feed as of the rows written: this connection's uncommitted changes
    # (a backup taken inside a transaction) get their events first.
    outbox.flush(using)
    partial = path.with_name(path.name + ".partial")
    # Written aside and renamed when complete, so a failed backup never leaves a file
    # that looks like a good one.
    try:
        if kind == JSON:
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=list(NOT_DUMPED),
                output=str(partial),
                database=using,
                verbosity=0,
            )
        else:
            _run_postgres_tool(
                "pg_dump", ["--format=custom", "--no-owner", f"--file={partial}"], using
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return Result(path, kind)


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Load a backup into an empty database.

    A JSON backup goes into a database that is new or only migrated (``migrate`` runs
    first); a ``.dump`` into a new one with no tables at all (it brings its own).
    """
    kind = format_for(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    if kind == JSON:
        _restore_json(path, using)
    else:
        _restore_postgres(path, using)
    return Result(path, kind)


def non_empty_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables that hold rows a restore would have to overwrite."""
    existing = set(connections[using].introspection.table_names())
    return [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in existing
        and model not in _IGNORED_WHEN_EMPTY
        and model._meta.auto_created not in _IGNORED_WHEN_EMPTY
        and model._base_manager.using(using).exists()
    ]


def _refuse_unless_empty(using: str) -> None:
    filled = non_empty_tables(using)
    if filled:
        shown = ", ".join(filled[:5]) + (" …" if len(filled) > 5 else "")
        raise BackupError(
            f"The database already holds data ({shown}); restore into an empty database."
        )


def _restore_json(path: Path, using: str) -> None:
    # Refused before migrate too, so a restore aimed at the wrong database changes nothing.
    _refuse_unless_empty(using)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    with transaction.atomic(using=using):
        _refuse_unless_empty(using)
        for model in SEEDED:
            model._base_manager.using(using).all().delete()
        call_command("loaddata", str(path), database=using, verbosity=0)


def _restore_postgres(path: Path, using: str) -> None:
    if not is_postgres(using):
        raise BackupError(f"{path.name} is a PostgreSQL dump; this database is not PostgreSQL.")
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        (tables,) = cursor.fetchone()
    if tables:
        raise BackupError(
            f"The database already has {tables} tables; restore a .dump into a new, "
            "empty database (createdb), without running migrate first."
        )
    _run_postgres_tool(
        "pg_restore",
        ["--no-owner", "--single-transaction", "--exit-on-error", str(path)],
        using,
        database_flag="--dbname",
    )


def _run_postgres_tool(
    tool: str, arguments: list[str], using: str, database_flag: str | None = None
) -> None:
    if not is_postgres(using):
        raise BackupError(f"{tool} needs PostgreSQL; back up to a .json file instead.")
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    settings = connections[using].settings_dict
    # Connection details through libpq's environment, so a password never shows in ps.
    given = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings["NAME"],
    }
    env = {**os.environ, **{name: str(value) for name, value in given.items() if value}}
    command = [executable, *arguments]
    if database_flag:
        command.insert(1, f"{database_flag}={settings['NAME']}")
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        message = finished.stderr.strip().splitlines()
        raise BackupError(f"{tool} failed: {message[-1] if message else finished.returncode}")
