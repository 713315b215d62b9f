"""One migrated test database per run, copied for each process and after each flush.

Migrating the test database and loading the archive into it cost most of a minute of
CPU; pytest-xdist's workers each used to pay both, and every transactional
test paid the fixtures' load again for the archive test after it (its flush empties every
table). Instead the first process that needs a test database builds a *template* under a
file lock (``migrate``, then the archive committed) and every process copies it:

- PostgreSQL: ``CREATE DATABASE test_x_gwN TEMPLATE test_x_template``;
- SQLite: the backup API copies the template's file into the in-memory test database.

The same copy puts the template's state back after a flush, in place of the data
migrations' rows deserialized and the fixtures loaded again. What a test sees is exactly
what it saw before: the rows ``migrate`` and ``loaddata`` made, byte for byte.

The template lives as long as the run: a worker may need a fresh copy until its last test.
The process that started the run (xdist's controller, or the only process under ``-n 0``)
drops it at the end (``drop_template``), and ``.ci/run`` drops ``test_<db>%`` as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

STATE_FILE = "db-template.json"
LOCK_FILE = "db-template.lock"


@dataclass(frozen=True)
class Template:
    vendor: str
    name: str  # PostgreSQL: a database name; SQLite: a file path
    directory: Path  # shared by every process of the run (the lock and the state file)


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """One process at a time: building the template, or copying it (PostgreSQL refuses a
    template database that another session is connected to)."""
    with open(directory / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def template_for(directory: Path, worker: str) -> Template:
    if connection.vendor == "sqlite":
        return Template("sqlite", str(directory / "template.sqlite3"), directory)
    # pytest-django names a worker's database test_x_gw0: the template is test_x_template,
    # inside the test_x namespace that .ci/run cleans up.
    test_name = connection.creation._get_test_db_name()
    base = test_name.removesuffix(f"_{worker}") if worker else test_name
    return Template("postgresql", f"{base}_template", directory)


def _set_name(name: str) -> None:
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _build_postgresql(template: Template, fill: Callable[[], None]) -> None:
    """Create the template as Django creates a test database (migrate), then ``fill`` it."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    own_test_name = test_settings.get("NAME")
    old_name = connection.settings_dict["NAME"]
    test_settings["NAME"] = template.name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        fill()
    finally:
        connection.close()
        _set_name(old_name)
        test_settings["NAME"] = own_test_name


def _copy_postgresql(source: str, target: str) -> None:
    connection.close()
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        # FORCE: a thread of a live server may still hold a connection to the old copy.
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(source)}")


def _copy_sqlite(source: str) -> None:
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as template:
        template.backup(connection.connection)


def create_test_db(template: Template, fill: Callable[[], None]) -> None:
    """This process's test database, a copy of the run's template (built first, with
    ``fill`` run in it, by the first process to get here)."""
    state = template.directory / STATE_FILE
    name = connection.creation._get_test_db_name()
    with locked(template.directory):
        built = state.exists()
        if template.vendor == "postgresql":
            if not built:
                _build_postgresql(template, fill)
            _copy_postgresql(template.name, name)
            connection.close()
            _set_name(name)
        elif built:
            connection.close()
            _set_name(name)
            _copy_sqlite(template.name)
        else:
            # Migrated in memory as usual (a file would wait on a sync per migration),
            # then written out once.
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            fill()
            partial = Path(f"{template.name}.partial")
            with contextlib.closing(sqlite3.connect(partial)) as target:
                connection.connection.backup(target)
            partial.replace(template.name)
        if not built:
            state.write_text(json.dumps({"vendor": template.vendor, "name": template.name}))
    connection.ensure_connection()


def reset(template: Template) -> None:
    """Put the template's state back into this process's test database (outside any
    transaction): every table as ``migrate`` and the archive left it."""
    if template.vendor == "postgresql":
        with locked(template.directory):
            _copy_postgresql(template.name, connection.settings_dict["NAME"])
        connection.ensure_connection()
    else:
        _copy_sqlite(template.name)


def drop_template(directory: Path) -> None:
    """Remove the run's template, if one was built (call it once no process needs it)."""
    state = directory / STATE_FILE
    if not state.exists():
        return
    described = json.loads(state.read_text())
    if described["vendor"] == "postgresql":
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(described['name'])} WITH (FORCE)")
    else:
        Path(described["name"]).unlink(missing_ok=True)
    state.unlink()
