"""An Archivist's day in a real browser: a change to a published venture waits, an Editor
approves it from the review queue, and history shows it with the archivist's reason.

Runs Debian's Chromium headless through Playwright against pytest-django's live server,
and saves the screenshots in docs/screenshots/. Without /usr/bin/chromium the test skips,
unless REQUIRE_SERVICES is set (as CI does): then it fails.
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from ventures.models import FundingFlow, Venture

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
REQUIRE_SERVICES = os.getenv("REQUIRE_SERVICES", "") not in ("", "0", "false")
PASSWORD = "a long and secret passphrase"
NEW_DESCRIPTION = "Baby clothing brand making organic cotton jumpsuits for infants."
NEW_QUOTE = (
    "They are currently available through some 10 retail channels, including open "
    "marketplaces like Gmarket and Auction."
)


def require_browser(chromium: Path, required: bool) -> None:
    """Skip without a browser; fail instead where the browser is required (CI)."""
    reason = None
    if not chromium.exists():
        reason = f"needs Chromium at {chromium} (Debian's chromium package)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = reason or "needs the playwright package"
    if reason and required:
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


def in_chromium(session: Callable) -> None:
    """Run ``session(browser)`` in a fresh headless Chromium, in a thread of its own.

    Playwright's sync API drives an event loop in the thread that calls it. In a thread
    of its own it never meets another (a session-wide browser of other tests), and the
    test's own thread keeps no running loop, so Django's ORM works there as usual.
    """
    from playwright.sync_api import sync_playwright

    failures = []

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                try:
                    session(browser)
                finally:
                    browser.close()
        except BaseException as failure:
            failures.append(failure)

    thread = threading.Thread(target=run, name="chromium")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture
def chromium():
    require_browser(CHROMIUM, REQUIRE_SERVICES)
    return in_chromium


def log_in(page, url: str, user) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#needs-attention")


def test_an_archivists_change_waits_until_an_editor_approves_it(
    live_server, archive, archivist, editor, chromium
):
    for user in (archivist, editor):
        user.set_password(PASSWORD)
        user.save()
    venture = Venture.objects.get(slug="ryu-ae")
    published = venture.description
    flow = FundingFlow.objects.get(amount_as_stated__startswith="20,000 yuan")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = {}

    def archivist_session(browser) -> None:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, archivist)
        page.goto(f"{live_server.url}/admin/ventures/venture/{venture.pk}/change/")
        page.fill("#id_description", NEW_DESCRIPTION)
        page.fill("#id_change_reason", "The article describes the jumpsuits")
        page.click("input[name=_continue]")
        seen["saved"] = page.inner_text(".messagelist")
        seen["public"] = page.context.request.get(
            f"{live_server.url}{venture.get_absolute_url()}"
        ).text()

        page.goto(f"{live_server.url}/admin/ventures/fundingflow/{flow.pk}/change/")
        page.wait_for_selector("#fundingflow_form")
        page.screenshot(path=SCREENSHOTS / "admin-flow-change.png", full_page=True)
        seen["flow page width"] = page.evaluate("document.documentElement.scrollWidth")

    def editor_session(browser) -> None:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, editor)
        page.screenshot(path=SCREENSHOTS / "admin-index.png", full_page=True)
        seen["needs attention"] = page.inner_text("#needs-attention-panel")
        page.goto(f"{live_server.url}/admin/core/revision/")
        page.click("#result_list tbody tr th a")
        page.wait_for_selector("table.revision-diff")
        seen["difference"] = page.inner_text("table.revision-diff")
        page.screenshot(path=SCREENSHOTS / "admin-review.png", full_page=True)
        page.check("input[name=decision][value=approve]")
        page.click("input[name=_save]")
        seen["decided"] = page.inner_text(".messagelist")

        page.goto(f"{live_server.url}/admin/ventures/venture/{venture.pk}/history/")
        seen["newest version"] = page.locator("#change-history tbody tr").first.inner_text()

    chromium(archivist_session)
    chromium(editor_session)

    assert "waits for an Editor" in seen["saved"]
    assert NEW_DESCRIPTION not in seen["public"]
    assert seen["flow page width"] <= 1280
    assert "changes to published records\t1" in seen["needs attention"].lower()
    assert published[:30] in seen["difference"] and NEW_DESCRIPTION[:30] in seen["difference"]
    assert "Approved" in seen["decided"]
    venture.refresh_from_db()
    assert venture.description == NEW_DESCRIPTION
    assert archivist.username in seen["newest version"]
    assert "The article describes the jumpsuits" in seen["newest version"]


def test_a_missing_browser_skips_the_test_unless_services_are_required(tmp_path):
    missing = tmp_path / "chromium"
    with pytest.raises(pytest.skip.Exception, match="needs Chromium"):
        require_browser(missing, required=False)
    with pytest.raises(pytest.fail.Exception, match="needs Chromium"):
        require_browser(missing, required=True)
