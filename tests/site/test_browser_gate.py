"""Browser tests skip without Debian's Chromium, and fail instead when CI requires it."""

from pathlib import Path

import pytest

from tests.site import browser


def test_a_missing_chromium_skips_with_the_reason(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(browser, "REQUIRE_SERVICES", False)
    with pytest.raises(pytest.skip.Exception, match="needs Debian's Chromium"):
        browser.require_chromium()


def test_a_missing_chromium_fails_when_services_are_required(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(browser, "REQUIRE_SERVICES", True)
    with pytest.raises(pytest.fail.Exception, match="needs Debian's Chromium"):
        browser.require_chromium()
