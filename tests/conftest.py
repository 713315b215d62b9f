"""Shared test fixtures: the archive loaded once per session, and backend gates.

The database contract every test can rely on:

- ``archive``: the whole archive as built from the five articles. It is loaded and committed
  once per run into a template database that each xdist worker copies
  (tests/database_template.py), not once per test; each test runs inside a transaction that
  is rolled back at its end, so a test may change or delete records freely.
- ``db`` without ``archive``: the archive's tables (people, ventures, sources) are empty, as
  ``migrate`` leaves them. They are emptied inside the test's transaction, so the rollback
  brings the archive back for the next test at no cost.
- Transactional tests (``transactional_db``, ``live_server``, ``django_db(transaction=True)``)
  commit for real and see the archive only if they ask for it. Django empties every table
  when one ends, the review groups the data migrations made included; the next test gets
  those rows back, and the archive too if it asks (a new copy of the template, where the
  database was made from one).

Every test therefore sees what it asked for, whatever ran before it on the same worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings

from tests import database_template

FIXTURES = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))

# The apps whose tables hold the archive; everything else is framework or user data.
ARCHIVE_APPS = ("people", "ventures", "sources")

# CI sets REQUIRE_SERVICES=1: there a test that needs PostgreSQL must run, not skip.
REQUIRE_SERVICES = os.getenv("REQUIRE_SERVICES", "") not in ("", "0", "false")


@dataclass
class Committed:
    """What the test database holds outside any test's transaction (one per process)."""

    archive: bool = False  # the archive's rows are committed
    migrated_rows: bool = True  # the rows the data migrations made are there
    migrated_snapshot: str = ""  # those rows, serialized right after migrate


COMMITTED = Committed()


@dataclass
class Visible:
    """Whether the running test currently sees the archive."""

    archive: bool = False


VISIBLE = Visible()


# The changes feed's outbox (in core) describes the archive's rows: it is loaded and
# emptied with them.
FEED_APPS = ("core",)


def archive_tables() -> list[str]:
    return [
        model._meta.db_table
        for app in (*ARCHIVE_APPS, *FEED_APPS)
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def load_archive() -> None:
    call_command("loaddata", *FIXTURES, verbosity=0)


def empty_archive() -> None:
    """Delete every row of the archive's tables, in one transaction (or the test's).

    Plain DELETEs: the foreign keys are deferred on both backends, so the order does not
    matter, and no signal writes history for rows that are only being cleared away.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        for table in archive_tables():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def migrated_models() -> list:
    """Models whose rows migrations may make outside the archive, e.g. the review groups.

    Content types and permissions come first: a flush makes Django create the models' own
    again, but not those a data migration added (``people.publish_record``), and the groups
    refer to them.
    """
    framework = [ContentType, Permission]
    return framework + [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in ARCHIVE_APPS
        and model not in framework
    ]


def snapshot_migrated_rows() -> str:
    objects = [obj for model in migrated_models() for obj in model._base_manager.order_by("pk")]
    # Natural keys throughout: after a flush the framework's rows come back with new ids.
    return serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )


def restore_migrated_rows(snapshot: str) -> None:
    """Put back what the migrations made, after a flush removed it (as loaddata would)."""
    with transaction.atomic():
        deferred = []
        for item in serializers.deserialize("json", snapshot, handle_forward_references=True):
            item.save()
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
        # Rows saved with their own primary keys leave PostgreSQL's sequences behind.
        statements = connection.ops.sequence_reset_sql(no_style(), migrated_models())
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # Django's own advice for test suites: the production hasher costs a third of a second
    # per password here, and no test is about the hasher's strength.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def commit_archive_once() -> None:
    """The old way to a test database's starting point, where there is no template."""
    # A reused database (--reuse-db) may still hold an archive from a previous run.
    empty_archive()
    COMMITTED.migrated_snapshot = snapshot_migrated_rows()
    load_archive()


def snapshot_migrated_rows_beside_the_archive() -> str:
    """What ``snapshot_migrated_rows`` gives before the archive is loaded, taken after."""
    with transaction.atomic():
        empty_archive()
        snapshot = snapshot_migrated_rows()
        transaction.set_rollback(True)
    return snapshot


def worker_id(config) -> str:
    return getattr(config, "workerinput", {}).get("workerid", "")


def shared_directory(config) -> Path:
    """A folder of this run's own that every xdist worker (and the controller) sees."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if worker_id(config) else base


# The template this process copies its test database from (tests/database_template.py);
# None where the database was made the usual way (--reuse-db, --nomigrations, ...).
TEMPLATE: database_template.Template | None = None


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """Create the test database with the archive committed in it, once per process.

    Normally as a copy of the run's template (migrated once, the archive loaded once; see
    tests/database_template.py). ``--reuse-db`` and ``--nomigrations`` keep
    pytest-django's own way (migrate here), and then the archive is loaded here.
    """
    global TEMPLATE
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    copy = (
        django_db_use_migrations
        and not keepdb
        and set(aliases) <= {"default"}
        and not serialized_aliases
        and list(settings.DATABASES) == ["default"]
        and database_template.supported()
    )
    with django_db_blocker.unblock():
        if copy:
            template = database_template.template_for(
                shared_directory(request.config), worker_id(request.config)
            )
            old_name = connection.settings_dict["NAME"]
            database_template.create_test_db(template, fill=load_archive)
            COMMITTED.migrated_snapshot = snapshot_migrated_rows_beside_the_archive()
            TEMPLATE = template
        else:
            if not django_db_use_migrations:
                _disable_migrations()
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
            commit_archive_once()
    COMMITTED.archive = True
    COMMITTED.migrated_rows = True
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            # A connection some thread of the live server or the browser left open would
            # stop the test database's drop (a warning, and the database left behind);
            # they are this session's own, so end them before the drop (from a new
            # connection: a copy of the template ended this one's server process).
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            connection.close()
        if keepdb:
            return
        try:
            if copy:
                connection.creation.destroy_test_db(old_name, verbosity, keepdb=False)
            else:
                teardown_databases(db_cfg, verbosity=verbosity)
        except Exception as exc:  # as pytest-django's own teardown: a warning
            request.node.warn(pytest.PytestWarning(f"Could not drop the test database: {exc!r}"))


def pytest_sessionfinish(session):
    """The process that started the run drops the template once every worker is done."""
    config = session.config
    if worker_id(config) or not hasattr(config, "_tmp_path_factory"):
        return
    directory = shared_directory(config)
    if not (directory / database_template.STATE_FILE).exists():
        return
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        database_template.drop_template(directory)


def uses_database(request) -> bool:
    return (
        request.node.get_closest_marker("django_db") is not None
        or "_django_db_helper" in request.fixturenames
        or "live_server" in request.fixturenames
    )


@pytest.fixture(autouse=True)
def _archive_as_asked(request):
    """Give each database test the archive if it asks for it, and empty tables if not."""
    if not uses_database(request):
        yield
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    wants_archive = "archive" in request.fixturenames

    # Before the test's transaction opens, whatever this test starts from can be committed,
    # and then serves every test after it. (Tests marked django_db have their transaction
    # opened earlier, by pytest-django; for them the steps below happen inside it.)
    with blocker.unblock():
        if not connection.in_atomic_block:
            if TEMPLATE is not None and (
                not COMMITTED.migrated_rows or (wants_archive and not COMMITTED.archive)
            ):
                # A copy of the template: the data migrations' rows and the archive, as
                # they were committed at the start (cheaper than loading them again).
                database_template.reset(TEMPLATE)
                COMMITTED.migrated_rows = True
                COMMITTED.archive = True
            if not COMMITTED.migrated_rows:
                restore_migrated_rows(COMMITTED.migrated_snapshot)
                COMMITTED.migrated_rows = True
            if wants_archive and not COMMITTED.archive:
                load_archive()
                COMMITTED.archive = True

    request.getfixturevalue("_django_db_helper")
    transactional = not connection.in_atomic_block
    if transactional and not wants_archive and COMMITTED.archive:
        empty_archive()
        COMMITTED.archive = False
    if not COMMITTED.migrated_rows:
        restore_migrated_rows(COMMITTED.migrated_snapshot)
    VISIBLE.archive = COMMITTED.archive
    if VISIBLE.archive and not wants_archive:
        empty_archive()  # inside the test's transaction: rolled back with it
        VISIBLE.archive = False

    yield

    if transactional:
        # Django flushes every table when a transactional test ends.
        COMMITTED.archive = False
        COMMITTED.migrated_rows = False


@pytest.fixture
def archive(db):
    """The whole archive as built from the five articles (see the module docstring)."""
    if not VISIBLE.archive:
        # Asked for late (getfixturevalue) or in a test whose transaction was already open
        # while the archive was not committed: load it for this test alone.
        load_archive()
        VISIBLE.archive = True


@pytest.fixture
def postgres(db):
    """Skip (or, under REQUIRE_SERVICES, fail) unless the suite runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://… to run it"
        if REQUIRE_SERVICES and os.getenv("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(reason)
        pytest.skip(reason)
