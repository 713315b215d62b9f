"""Browser fixtures for the site's tests; the other fixtures come from tests/conftest.py."""

from __future__ import annotations

import os

import pytest

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
def site(live_server, transactional_db, archive):
    """The live server with the whole archive committed; its base URL."""
    return live_server.url
