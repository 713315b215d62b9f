"""A database that goes away and comes back: 503 meanwhile, and no restart needed.

Real servers throughout: gunicorn with DEBUG off and persistent connections
(CONN_MAX_AGE=60) in front of PostgreSQL. The outage is a PostgreSQL server of the test's
own (stopped and started for real); the shared server is never stopped, only our own
connections to our own test database are terminated.
"""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from tests import conftest, database_template
from tests.ops.servers import ROOT, Gunicorn, production_env

PERSISTENT = {"CONN_MAX_AGE": "60", "WEB_CONCURRENCY": "1"}


@pytest.fixture(scope="module")
def archive_database(cluster, static_root, django_db_setup):
    """A migrated archive database in the cluster.

    A copy (pg_dump, pg_restore) of the run's template database, which is migrated and
    holds the archive; where there is none, ``manage.py migrate`` into an empty one (half
    a minute more).
    """
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE archive")
    url = cluster.url("archive")
    template = conftest.TEMPLATE
    if template is None or template.vendor != "postgresql":
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=production_env(url, static_root),
            check=True,
            timeout=600,
        )
        return url
    settings = connection.settings_dict
    source = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{template.name}"
    )
    dump = cluster.folder / "template.dump"
    # Under the template's lock: PostgreSQL copies no template a session is reading.
    with database_template.locked(template.directory):
        run(
            [
                str(cluster.bin / "pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={dump}",
                source,
            ]
        )
    run(
        [
            str(cluster.bin / "pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={url}",
            str(dump),
        ]
    )
    return url


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def log_lines(log) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def assert_serving(server: Gunicorn) -> None:
    for path in ("/", "/ventures/", "/api/v1/ventures/", "/readyz"):
        status, _, body = server.get(path)
        assert status == 200, (path, status, body[:500])


def test_pages_and_api_answer_503_while_the_database_is_down_and_recover_without_restart(
    cluster, archive_database, static_root, tmp_path
):
    log = tmp_path / "gunicorn.log"
    with Gunicorn(archive_database, static_root, log, **PERSISTENT) as server:
        assert_serving(server)

        cluster.stop()
        status, headers, body = server.get("/ventures/")
        assert status == 503
        assert headers["Content-Type"].startswith("text/html")
        assert headers["Retry-After"] == "30"
        assert b"database is not answering" in body

        status, headers, body = server.get("/api/v1/ventures/")
        assert status == 503
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {
            "detail": "The archive's database is not answering. Please try again in a minute."
        }

        status, _, body = server.get("/readyz")
        assert status == 503
        assert json.loads(body)["checks"] == {
            "database": "unreachable",
            "migrations": "not checked",
        }
        assert server.get("/healthz")[0] == 200

        cluster.start()
        assert_serving(server)
        assert server.process.poll() is None

    # Every 503 is logged (/readyz's too); the two requests that hit the dead database
    # with the traceback that says why, and each with its request id.
    outage = [line for line in log_lines(log) if line.get("status_code") == 503]
    assert len(outage) == 3
    assert all(line["request_id"] != "-" for line in outage)
    failed = [line for line in outage if "exc_info" in line]
    assert len(failed) == 2
    assert all("OperationalError" in line["exc_info"] for line in failed)


def test_a_database_restart_costs_no_failed_request_with_persistent_connections(
    cluster, archive_database, static_root, tmp_path
):
    with Gunicorn(archive_database, static_root, tmp_path / "gunicorn.log", **PERSISTENT) as server:
        assert_serving(server)
        cluster.stop()
        cluster.start()
        # The worker's connection died with the server; the first request after the
        # restart notices (CONN_HEALTH_CHECKS) and reconnects.
        assert_serving(server)


def test_a_terminated_connection_is_replaced_on_the_next_request(postgres, static_root, tmp_path):
    name = connection.settings_dict["NAME"]
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with Gunicorn(url, static_root, tmp_path / "gunicorn.log", **PERSISTENT) as server:
        assert server.get("/api/v1/ventures/")[0] == 200
        with connection.cursor() as cursor:
            # Only connections to this run's own test database, never anyone else's.
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            (terminated,) = cursor.fetchone()
        assert terminated >= 1
        for path in ("/api/v1/ventures/", "/ventures/", "/readyz"):
            assert server.get(path)[0] == 200, path
