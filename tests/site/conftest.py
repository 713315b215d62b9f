"""Browser fixtures for the site's tests; the other fixtures come from tests/conftest.py."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.conftest import FIXTURES
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


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the whole archive loaded; its base URL."""
    call_command("loaddata", *FIXTURES, verbosity=0)
    return live_server.url
