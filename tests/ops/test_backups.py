"""Backups restore into an empty database and give the API's answers back unchanged.

The source is the archive after deletes and edits, so history rows point at records
that no longer exist (which once stopped ``dumpdata --natural-foreign``). The restored
database must answer every list endpoint exactly as the source does, for the public
and for staff, and dump to the very same JSON (history, users and groups included).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from core import backups
from people.models import Person, Role
from sources.models import Citation
from tests.ops.servers import clean_environ
from tests.ops.snapshot import api_snapshot

ROOT = Path(__file__).resolve().parents[2]
STAFF = "backup-staff"


def edit_the_archive() -> None:
    """Delete a person (their history stays) and edit another, as archivists do."""
    gone = (
        Person.objects.exclude(pk__in=Role.objects.values("person"))
        .filter(flows_out__isnull=True, flows_in__isnull=True, authored_sources__isnull=True)
        .order_by("pk")
        .first()
    )
    Citation.objects.filter(party=gone).delete()
    gone.delete()
    kept = Person.objects.order_by("pk").last()
    kept.description += " (checked against the article)"
    kept.save()
    User.objects.create_user(STAFF, password="pw-backup-staff-long", is_staff=True)


def run(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args),
        cwd=ROOT,
        env=clean_environ(DATABASE_URL=database_url, **env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshots_of(database_url: str, username: str) -> dict:
    result = run(
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        "from tests.ops.snapshot import main; main()",
        database_url=database_url,
        SNAPSHOT_USER=username,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """A database URL with nothing in it: an SQLite file, or a new PostgreSQL database
    named after the test database (so it stays inside this run's namespace)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = postgres_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def assert_same_archive(source_dump: Path, restored_url: str, tmp_path: Path) -> None:
    source = {"anonymous": api_snapshot(), STAFF: api_snapshot(STAFF)}
    assert snapshots_of(restored_url, STAFF) == json.loads(json.dumps(source))
    redump = tmp_path / "redump.json"
    result = run(
        "make", "--no-print-directory", "backup", f"BACKUP={redump}", database_url=restored_url
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert redump.read_text() == source_dump.read_text()
    # The summaries are not in the backup: the triggers rebuilt them as the flows came in.
    check = run(
        sys.executable, "manage.py", "refresh_flow_summary", "--check", database_url=restored_url
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "The funders' and recipients' summary matches the flows" in check.stdout


def test_json_backup_restores_into_an_empty_database_with_identical_api_output(
    archive, empty_database, tmp_path
):
    edit_the_archive()
    dump = tmp_path / "archive.json"
    backups.backup(dump)
    history = [
        row for row in json.loads(dump.read_text()) if row["model"] == "people.historicalperson"
    ]
    assert any(isinstance(row["fields"]["id"], int) for row in history)

    result = run(
        "make", "--no-print-directory", "restore", f"BACKUP={dump}", database_url=empty_database
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Restored {dump} (json)." in result.stdout

    assert_same_archive(dump, empty_database, tmp_path)


def test_dumpdata_with_natural_keys_works_after_a_delete(archive):
    edit_the_archive()
    call_command("dumpdata", "people", natural_foreign=True, natural_primary=True, verbosity=0)


def test_restore_refuses_a_database_that_holds_records_and_changes_nothing(archive, tmp_path):
    dump = tmp_path / "archive.json"
    backups.backup(dump)
    before = Person.objects.count()
    with pytest.raises(backups.BackupError, match=r"already holds data \(.*people\.Party"):
        backups.restore(dump)
    assert Person.objects.count() == before


def test_a_backup_file_must_say_its_format(db, tmp_path):
    with pytest.raises(backups.BackupError, match=r"archive\.zip: name a backup file \.json"):
        backups.backup(tmp_path / "archive.zip")


def test_make_restore_without_a_file_says_what_it_needs(db):
    result = run("make", "--no-print-directory", "restore", database_url="sqlite:///unused")
    assert result.returncode != 0
    assert "make restore needs BACKUP=" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_pg_dump_backup_restores_with_pg_restore_with_identical_api_output(
    postgres, archive, empty_database, tmp_path
):
    # The archive committed (a transactional test), not inside the test's transaction:
    # pg_dump is another connection.
    assert not connection.in_atomic_block
    edit_the_archive()
    dump = tmp_path / "archive.dump"
    backups.backup(dump)
    source_json = tmp_path / "source.json"
    backups.backup(source_json)

    result = run(sys.executable, "manage.py", "restore", str(dump), database_url=empty_database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Restored {dump} (postgres)." in result.stdout

    assert_same_archive(source_json, empty_database, tmp_path)

    again = run(sys.executable, "manage.py", "restore", str(dump), database_url=empty_database)
    assert again.returncode != 0
    assert "restore a .dump into a new, empty database" in again.stderr


def test_a_pg_dump_cannot_be_restored_into_sqlite(tmp_path):
    dump = tmp_path / "archive.dump"
    dump.write_bytes(b"PGDMP")
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    result = run(sys.executable, "manage.py", "restore", str(dump), database_url=target)
    assert result.returncode != 0
    assert "archive.dump is a PostgreSQL dump; this database is not PostgreSQL." in result.stderr
