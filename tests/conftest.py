"""Shared test fixtures: the archive loaded once per session, and backend gates.

The database contract every test can rely on:

- ``archive``: the whole archive as built from the five articles. It is loaded and committed
  once per run into a template database that each xdist worker copies
  (tests/database_template.py), not once per test; each test runs inside a transaction that
  is rolled back at its end, so a test may change or delete records freely.
- ``db`` without ``archive``: the archive's tables (people, ventures, sources) are empty, as
  ``migrate`` leaves them. They are emptied in a transaction that the consecutive tests
  starting from empty tables share (shared data without rows, below), each test in a
  savepoint inside it; its rollback brings the archive back for the next test that asks
  for it at no cost.
- Transactional tests (``transactional_db``, ``live_server``, ``django_db(transaction=True)``)
  commit for real and see the archive only if they ask for it. When one ends, the test
  database is a new copy of the template, where it was made from one; elsewhere Django
  empties every table, the review groups the data migrations made included, and the next
  test gets those rows back, and the archive too if it asks.

- Shared data (``shared_data`` below): rows a builder makes for a fixture, kept in an
  open transaction of their own for the consecutive tests that ask for that fixture; each
  of those tests runs in a savepoint inside it, rolled back at its end, so it finds them
  as the builder left them, as if built for it alone. Tests marked ``django_db`` (without
  options) share it too.

Every test therefore sees what it asked for, whatever ran before it on the same worker.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, field
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
from django.test import TestCase, TransactionTestCase
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


@dataclass
class DatabaseReady:
    """Whether this process's test database exists (``django_db_setup`` ran)."""

    ready: bool = False


DATABASE_READY = DatabaseReady()


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
    DATABASE_READY.ready = True
    yield
    DATABASE_READY.ready = False
    with django_db_blocker.unblock():
        end_shared_data()
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


def uses_database(item) -> bool:
    """Whether a test (its item, or its fixture request) uses the test database."""
    node = getattr(item, "node", item)
    return (
        node.get_closest_marker("django_db") is not None
        or "_django_db_helper" in item.fixturenames
        or "live_server" in item.fixturenames
    )


@pytest.fixture(scope="session", autouse=True)
def _a_copy_of_the_template_instead_of_a_flush():
    """End a transactional test with a fresh copy of the template, not Django's flush.

    Django ends one by emptying every table (and making content types and permissions
    again); the next database test then needed the template's copy anyway, for the data
    migrations' rows (and the archive). Copying it at once gives the next test the same
    database as before, and saves the flush: on PostgreSQL a TRUNCATE of every table and
    the post_migrate work, a second or two per transactional test. Where there is no
    template, or the test used another database too, Django flushes as before.
    """
    flush = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        if (
            TEMPLATE is None
            or isinstance(self, TestCase)
            or list(self._databases_names(include_mirrors=False)) != [connection.alias]
        ):
            flush(self)
            COMMITTED.archive = False
            COMMITTED.migrated_rows = False
            return
        database_template.reset(TEMPLATE)
        COMMITTED.archive = True
        COMMITTED.migrated_rows = True

    TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = flush


@dataclass
class SharedBuilder:
    build: Callable[[], object]
    archive: bool  # built beside the archive (else over its empty tables)
    base: str | None  # the shared data set it adds to, built first


# Fixture name: its builder.
SHARED_BUILDERS: dict[str, SharedBuilder] = {}


@dataclass
class Shared:
    """The shared data set whose transaction is open, if any (see ``shared_data``)."""

    name: str | None = None
    values: dict[str, object] = field(default_factory=dict)  # by fixture name, base included
    archive: bool = False
    atomic: transaction.Atomic | None = None


SHARED = Shared()

# What makes a test transactional: those commit, so they never share data.
TRANSACTIONAL_FIXTURES = (
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
)


def shared_data(*, archive: bool = False, base: str | None = None):
    """Make a builder of test rows a fixture whose rows are built once for a run of tests.

    The fixture's value is what the builder returns (keep it to ids and other plain
    values: the tests share it). ``base`` names another such fixture whose rows this one
    adds to (and depends on). Consecutive tests that ask for the fixture (none
    transactional or marked ``django_db`` with options, each asking for the archive
    exactly when the builder says so, and for no other shared data set than its base)
    share one build: it runs in a transaction opened before the first of them, which
    stays open while they run (each in a savepoint inside it, rolled back at its end) and
    is rolled back before a database test that does not ask for the same. Every other
    test that asks for it has it built inside its own transaction, as a plain fixture.
    Either way a test finds the rows exactly as the builder made them, and the rest of
    the database as the contract above says: the archive if ``archive``, else its tables empty.
    """

    def decorate(build: Callable[[], object]):
        name = build.__name__
        if name in SHARED_BUILDERS:
            raise ValueError(f"two shared data sets are named {name}")
        if base is not None and SHARED_BUILDERS[base].archive != archive:
            raise ValueError(f"{name} and its base {base} differ on the archive")
        SHARED_BUILDERS[name] = SharedBuilder(build, archive, base)

        def fixture(**depends_on):
            return SHARED.values[name] if name in SHARED.values else build()

        # It depends on its base, else on the archive or on the database (pytest reads
        # the names from the signature).
        depends_on = base or ("archive" if archive else "db")
        fixture.__signature__ = inspect.Signature(
            [inspect.Parameter(depends_on, inspect.Parameter.KEYWORD_ONLY)]
        )
        fixture.__doc__ = build.__doc__
        return pytest.fixture(name=name)(fixture)

    return decorate


def shared_chain(name: str) -> list[str]:
    """A shared data set's name and its bases', the first built first."""
    chain = []
    while name is not None:
        chain.insert(0, name)
        name = SHARED_BUILDERS[name].base
    return chain


# The shared data set of every database test that asks for no other one and not for the
# archive: no rows, over the archive's tables emptied (see ``_archive_as_asked``).
EMPTY_ARCHIVE = "the archive's tables empty"
SHARED_BUILDERS[EMPTY_ARCHIVE] = SharedBuilder(lambda: None, archive=False, base=None)


def in_a_plain_transaction(item) -> bool:
    """Whether the test runs in a transaction rolled back at its end, on the default
    database only (``db``, or a ``django_db`` mark without options)."""
    if any(name in item.fixturenames for name in TRANSACTIONAL_FIXTURES):
        return False
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return True
    from pytest_django.fixtures import validate_django_db

    transactional, reset_sequences, databases, serialized, available_apps = validate_django_db(
        marker
    )
    return not (transactional or reset_sequences or serialized or available_apps) and (
        databases is None or set(databases) == {"default"}
    )


def shared_name_for(item) -> str | None:
    """The shared data set this test can use (see ``shared_data``), if any."""
    if not uses_database(item) or not in_a_plain_transaction(item):
        return None
    names = {name for name in item.fixturenames if name in SHARED_BUILDERS}
    if not names:
        return None if "archive" in item.fixturenames else EMPTY_ARCHIVE
    widest = [name for name in names if names <= set(shared_chain(name))]
    if not widest:
        return None
    if ("archive" in item.fixturenames) != SHARED_BUILDERS[widest[0]].archive:
        return None
    return widest[0]


def start_shared_data(name: str) -> None:
    """Open the shared data's transaction and build it (over the committed database)."""
    atomic = transaction.atomic()
    atomic.__enter__()
    # A block of the test harness, as TestCase marks its own: durable blocks may nest in it.
    atomic._from_testcase = True
    SHARED.atomic = atomic
    SHARED.archive = SHARED_BUILDERS[name].archive
    try:
        if COMMITTED.archive and not SHARED.archive:
            empty_archive()
        for part in shared_chain(name):
            SHARED.values[part] = SHARED_BUILDERS[part].build()
        check_deferred_constraints()
    except BaseException:
        end_shared_data()
        raise
    SHARED.name = name


def check_deferred_constraints() -> None:
    """Check now what the deferred constraints (PostgreSQL's foreign keys) have pending.

    Each test's end checks it too (TestCase's ``check_constraints``), and a test's
    savepoint rollback puts back what was pending before the test: checked once where the
    shared data is built, the archive's deletes and the builder's rows are not checked
    again at the end of every test that shares them (a tenth of a second each for the
    emptied archive). A test's own writes are checked at its end as before. The
    constraints are named, not ``ALL``: ``SET CONSTRAINTS ALL DEFERRED`` afterwards would
    also defer one declared ``DEFERRABLE INITIALLY IMMEDIATE`` for the tests after.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT format('%I.%I', n.nspname, c.conname) FROM pg_constraint c"
            " JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.condeferrable AND c.condeferred AND n.nspname = ANY(current_schemas(false))"
        )
        names = ", ".join(sorted(row[0] for row in cursor.fetchall()))
        if names:
            cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


def end_shared_data() -> None:
    """Roll the shared data back: the database is as committed again."""
    atomic = SHARED.atomic
    SHARED.name, SHARED.values, SHARED.archive, SHARED.atomic = None, {}, False, None
    if atomic is None or atomic not in connection.atomic_blocks:
        # Gone with the connection it was opened on (at the session's end, the live
        # servers' teardown can leave SQLite's a new one): its rows were never committed.
        return
    assert connection.atomic_blocks[-1] is atomic, "a test's transaction is still open"
    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


def worksteal_chunk_starts(count: int, workers: int) -> list[int]:
    """Where each worker's first share of the items starts: worksteal hands the workers
    contiguous shares, each the remaining items divided by the workers left."""
    starts, start = [], 0
    for left in range(workers, 0, -1):
        starts.append(start)
        start += (count - start) // left
    return starts


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under xdist's worksteal, start every worker's share but the first with the tests
    that need no database.

    The first database test of a run builds the template (migrate and the archive, half
    a minute) while every other worker's first database test waits for it on the lock;
    those workers now run the database-free tests first (pytest-django sorted them last,
    after the database tests), and reach the lock when the template is, or nearly is,
    ready. Only the order changes: the same tests run, each with its own fixtures.
    """
    # In a worker (xdist sets its ``dist`` option to "no"; with another distribution
    # than worksteal the shares differ, and only the order changes anyway).
    workers = getattr(config, "workerinput", {}).get("workercount", 0)
    if workers < 2:
        return
    free = [
        item
        for item in items
        if not uses_database(item) and "django_db_setup" not in item.fixturenames
    ]
    if not free or len(free) == len(items):
        return
    taken = {id(item) for item in free}
    rest = iter([item for item in items if id(item) not in taken])
    starts = worksteal_chunk_starts(len(items), workers)[1:]
    ordered = []
    for n, start in enumerate(starts):
        while len(ordered) < start and (item := next(rest, None)) is not None:
            ordered.append(item)
        share = free[n * len(free) // len(starts) : (n + 1) * len(free) // len(starts)]
        ordered.extend(share)
    ordered.extend(rest)
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    items[:] = ordered


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of a database test (and before pytest-django opens its
    transaction): roll back the open shared data set if the test does not share it, and
    open the one it shares if none is open (once the test database exists; the first
    test's fixtures make it). Opened here, before the test's transaction, a data set is
    shared by tests marked ``django_db`` too, which pytest-django gives their transaction
    before any fixture of this file runs."""
    if not uses_database(item):
        return
    shared = shared_name_for(item)
    if SHARED.atomic is not None and shared == SHARED.name:
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        if SHARED.atomic is not None:
            end_shared_data()
        if shared is not None and DATABASE_READY.ready and not connection.in_atomic_block:
            commit_starting_point(wants_archive=SHARED_BUILDERS[shared].archive)
            start_shared_data(shared)


def commit_starting_point(wants_archive: bool) -> None:
    """Commit what a test starts from, outside any transaction: the data migrations'
    rows, and the archive if it asks (it then serves every test after it)."""
    if TEMPLATE is not None and (
        not COMMITTED.migrated_rows or (wants_archive and not COMMITTED.archive)
    ):
        # A copy of the template: the data migrations' rows and the archive, as they
        # were committed at the start (cheaper than loading them again).
        database_template.reset(TEMPLATE)
        COMMITTED.migrated_rows = True
        COMMITTED.archive = True
    if not COMMITTED.migrated_rows:
        restore_migrated_rows(COMMITTED.migrated_snapshot)
        COMMITTED.migrated_rows = True
    if wants_archive and not COMMITTED.archive:
        load_archive()
        COMMITTED.archive = True


@pytest.fixture(autouse=True)
def _archive_as_asked(request):
    """Give each database test the archive if it asks for it, and empty tables if not."""
    if not uses_database(request):
        yield
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    wants_archive = "archive" in request.fixturenames
    shared = shared_name_for(request.node)
    # pytest_runtest_setup rolled back any data set this test does not share.
    assert SHARED.name in (None, shared), "another test's shared data is still open"

    # Before the test's transaction opens, whatever this test starts from can be committed,
    # and then serves every test after it. (Tests marked django_db have their transaction
    # opened earlier, by pytest-django; for them the steps below happen inside it.)
    with blocker.unblock():
        if not connection.in_atomic_block:
            commit_starting_point(wants_archive)
            if shared is not None and SHARED.name is None:
                start_shared_data(shared)

    request.getfixturevalue("_django_db_helper")
    if SHARED.name is not None:
        # The test's transaction is a savepoint in the shared data's: the data set shows
        # the archive exactly when the test asked for it.
        assert connection.atomic_blocks[:1] == [SHARED.atomic], "the shared data's block is gone"
        VISIBLE.archive = SHARED.archive
        yield
        assert connection.atomic_blocks[:1] == [SHARED.atomic], "the test ended the shared block"
        return
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
    # A transactional test's end (_a_copy_of_the_template_instead_of_a_flush) says what
    # it leaves committed.


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


@pytest.fixture
def outside_any_transaction(request):
    """For a test without the database that reads whether the default connection is in
    a transaction (the replica router does): the shared data set an earlier database
    test left open (``shared_data``) is rolled back first, as it would be before a test
    that does not share it, so the test sees what a request outside the suite sees."""
    from pytest_django.plugin import blocking_manager_key

    if SHARED.atomic is not None:
        with request.config.stash[blocking_manager_key].unblock():
            end_shared_data()
    assert not connection.in_atomic_block, "a test's transaction is still open"


@pytest.fixture
def caps(monkeypatch):
    """``caps(count, sample)`` lowers the listings' caps (``core.facets.COUNT_CAP``,
    ``FACET_SAMPLE``: 1,000 in production) for one test, so the archive's few records
    pass them."""
    from core import facets

    def set_caps(count: int, sample: int):
        monkeypatch.setattr(facets, "COUNT_CAP", count)
        monkeypatch.setattr(facets, "FACET_SAMPLE", sample)

    return set_caps
