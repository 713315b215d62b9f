"""Reads go to a replica when DATABASE_REPLICA_URL is set; writes, and every read of a
request that writes, go to the primary (core.routers).

Settings are read once, at start, so each case runs a fresh Python configured from the
environment, as a deploy would be. On PostgreSQL the replica alias points at the same
database as the primary, through a connection of its own: a row the primary has not
committed is invisible to it, as it would be to a lagging replica.
"""

import json

import pytest
from django.db import connection

from core.routers import ReplicaRouter, start_request
from tests.ops.test_settings import run_django, settings_under
from ventures.models import Sector


def test_a_replica_gets_its_own_persistent_health_checked_connection():
    found = settings_under(
        "DATABASES",
        "DATABASE_ROUTERS",
        DATABASE_URL="postgres://archive@db.example.org:5432/archive",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/archive",
        CONN_MAX_AGE="60",
    )
    primary, replica = found["DATABASES"]["default"], found["DATABASES"]["replica"]
    assert (primary["HOST"], replica["HOST"]) == ("db.example.org", "replica.example.org")
    for config in (primary, replica):
        assert config["CONN_MAX_AGE"] == 60
        assert config["CONN_HEALTH_CHECKS"] is True
        assert "pg_trgm.word_similarity_threshold" in config["OPTIONS"]["options"]
    assert replica["TEST"]["MIRROR"] == "default"
    assert found["DATABASE_ROUTERS"] == ["core.routers.ReplicaRouter"]


def test_postgresql_connections_run_no_parallel_workers_unless_told(postgres):
    # A request's query with a short LIMIT paid a parallel plan's start-up while other
    # requests waited for the same two cores (docs/BENCHMARKS.md).
    found = settings_under("DATABASES", DATABASE_URL="postgres://archive@db.example.org/a")
    assert (
        "-c max_parallel_workers_per_gather=0"
        in found["DATABASES"]["default"]["OPTIONS"]["options"]
    )
    told = settings_under(
        "DATABASES",
        DATABASE_URL="postgres://archive@db.example.org/a",
        DATABASE_PARALLEL_WORKERS="2",
    )
    assert (
        "-c max_parallel_workers_per_gather=2" in told["DATABASES"]["default"]["OPTIONS"]["options"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


def test_postgresql_statements_run_five_times_are_prepared_with_custom_plans(postgres):
    # A statement a connection runs again is parsed once (psycopg prepares it on its
    # fifth run), but planned for each run's values: a generic plan chosen by
    # PostgreSQL made the filtered venture list 2.2x slower at 200,000 ventures.
    found = settings_under("DATABASES", DATABASE_URL="postgres://archive@db.example.org/a")
    options = found["DATABASES"]["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    assert "-c plan_cache_mode=force_custom_plan" in options["options"]
    behind_a_pooler = settings_under(
        "DATABASES",
        DATABASE_URL="postgres://archive@db.example.org/a",
        DATABASE_PREPARED_STATEMENTS="0",
    )["DATABASES"]["default"]["OPTIONS"]
    assert "server_side_binding" not in behind_a_pooler
    assert "prepare_threshold" not in behind_a_pooler
    assert "plan_cache_mode" not in behind_a_pooler["options"]
    # This suite's own connection does what its settings say (on unless the environment
    # running the suite turned them off).
    on = connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    for year in range(2000, 2006):
        assert list(Sector.objects.filter(pk=year).values_list("pk", flat=True)) == []
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_custom_plan" if on else "auto",)
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    sector_reads = [sql for sql in prepared if 'FROM "ventures_sector"' in sql and "$1" in sql]
    assert bool(sector_reads) is on, prepared


def test_without_a_replica_url_there_is_one_database_and_no_router():
    found = settings_under("DATABASES", "DATABASE_ROUTERS", DATABASE_REPLICA_URL="")
    assert list(found["DATABASES"]) == ["default"]
    assert found["DATABASE_ROUTERS"] == []


@pytest.mark.parametrize(
    ("method", "reads_from"),
    [("GET", "replica"), ("HEAD", "replica"), ("POST", "default"), ("DELETE", "default")],
)
@pytest.mark.usefixtures("outside_any_transaction")
def test_a_request_reads_from_the_replica_unless_it_is_unsafe(method, reads_from):
    start_request(sender=None, environ={"REQUEST_METHOD": method})
    assert ReplicaRouter().db_for_read(Sector) == reads_from


@pytest.mark.usefixtures("outside_any_transaction")
def test_reads_after_a_write_in_the_same_request_go_to_the_primary():
    router = ReplicaRouter()
    start_request(sender=None, environ={"REQUEST_METHOD": "GET"})
    assert router.db_for_read(Sector) == "replica"
    assert router.db_for_write(Sector) == "default"
    assert router.db_for_read(Sector) == "default"
    start_request(sender=None, scope={"method": "GET"})  # the next request starts afresh
    assert router.db_for_read(Sector) == "replica"


def test_only_the_primary_is_migrated():
    assert ReplicaRouter().allow_migrate("default", "people")
    assert not ReplicaRouter().allow_migrate("replica", "people")


# The same checks against two real connections to one PostgreSQL database. The probe
# writes a sector inside a transaction it rolls back, so the archive is left unchanged.
PROBE = """
import json
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core.routers import start_request
from ventures.models import Sector

def backend(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

found = {"separate": backend("default") != backend("replica")}
with CaptureQueriesContext(connections["default"]) as primary, \\
        CaptureQueriesContext(connections["replica"]) as replica:
    status = Client().get("/api/v1/sectors/").status_code
found["page"] = [status, len(primary), len(replica)]

start_request(sender=None, environ={"REQUEST_METHOD": "GET"})
found["read_before_write"] = Sector.objects.db_manager().db
with transaction.atomic():
    sector = Sector.objects.create(name="Replica probe", slug="replica-probe")
    found["own_write_seen"] = Sector.objects.filter(pk=sector.pk).exists()
    found["replica_sees_it"] = (
        Sector.objects.using("replica").filter(pk=sector.pk).exists()
    )
    transaction.set_rollback(True)
found["read_after_write"] = Sector.objects.all().db
print(json.dumps(found))
"""


def test_two_aliases_on_one_postgresql_server_route_reads_and_writes(postgres):
    settings = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**settings)
    result = run_django(PROBE, DATABASE_URL=url, DATABASE_REPLICA_URL=url)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["separate"]
    status, on_primary, on_replica = found["page"]
    assert status == 200
    assert on_replica > 0 and on_primary == 0
    assert found["read_before_write"] == "replica"
    assert found["own_write_seen"] and not found["replica_sees_it"]
    assert found["read_after_write"] == "default"


@pytest.fixture(autouse=True)
def _fresh_pin():
    """Each case starts as a new request would, and leaves no pin behind."""
    start_request(sender=None, environ={"REQUEST_METHOD": "GET"})
    yield
    start_request(sender=None, environ={"REQUEST_METHOD": "GET"})
