"""Browser fixtures for the site's tests; the other fixtures come from tests/conftest.py."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from django.core.signals import got_request_exception
from django.db.backends.signals import connection_created

from tests.site.browser import launch, require_chromium


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (skips when Chromium is missing)."""
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM refuses to run
    # beside a running loop unless told that this use is safe (it is: one thread).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def reading_server(django_db_setup, django_db_blocker):
    """A live server of its own for tests that only read the committed archive (``site``).

    Not pytest-django's ``live_server``: that one makes every test that uses it
    transactional, which ends each with a new copy of the test database.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()


@pytest.fixture
def site(reading_server, archive):
    """A live server over the whole archive, committed, that may only read it; its base URL.

    The test's own transaction (``archive``) is rolled back as usual. The server reads
    what is committed, the archive exactly, over connections of its own on PostgreSQL,
    which this fixture makes read-only: a request that tried to write would fail, so no
    test can leave a change committed for the next. (An in-memory SQLite database is one
    connection, shared with the server: there a write would be inside the test's
    transaction, and rolled back with it.) Tests that need the server to write, or to see
    rows they made, use pytest-django's ``live_server`` with ``transactional_db``.

    A request that raised (a write refused, or any other error) fails the test, also where
    the test only looks at the page the browser was given.
    """
    test_thread = threading.get_ident()
    raised = []

    def read_only(sender, connection, **kwargs):
        if connection.vendor == "postgresql" and threading.get_ident() != test_thread:
            with connection.connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = on")

    def record(sender, request=None, **kwargs):
        raised.append(f"{request and request.get_full_path()}: {sys.exc_info()[1]!r}")

    connection_created.connect(read_only, dispatch_uid="tests.site.read_only")
    got_request_exception.connect(record, dispatch_uid="tests.site.raised")
    reading_server._live_server_modified_settings.enable()
    try:
        yield reading_server.url
    finally:
        reading_server._live_server_modified_settings.disable()
        connection_created.disconnect(dispatch_uid="tests.site.read_only")
        got_request_exception.disconnect(dispatch_uid="tests.site.raised")
    assert raised == [], "the live server raised while serving the test"
