"""An Archivist's day in a real browser: log in, edit a venture, cite it, see it in history.

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

from people.factories import PersonFactory
from sources.models import Citation, Source
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


def test_archivist_edits_a_venture_cites_it_and_sees_the_change_in_history(
    live_server, archive, archivist, chromium
):
    archivist.set_password(PASSWORD)
    archivist.save()
    # A record the archivist added yesterday, still waiting for its citation and review.
    PersonFactory(name="Unnamed Sinuiju trader", publication_state="draft", is_unnamed=True)
    venture = Venture.objects.get(slug="ryu-ae")
    source = Source.objects.get(slug="korea-herald-2021-standing-on-their-own")
    flow = FundingFlow.objects.get(amount_as_stated__startswith="20,000 yuan")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = {}

    def session(browser) -> None:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", archivist.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#needs-attention")

        page.goto(f"{live_server.url}/admin/ventures/venture/{venture.pk}/change/")
        page.fill("#id_description", NEW_DESCRIPTION)
        page.click("#citations-group .add-row a")
        row = page.locator("#citations-group tr.dynamic-citations").last
        row.locator(".select2-selection").click()
        page.fill(".select2-container--open .select2-search__field", "Standing on their own")
        page.click(f".select2-results__option:has-text('{source.title[:30]}')")
        row.locator("textarea").fill(NEW_QUOTE)
        page.click("input[name=_continue]")
        seen["saved"] = page.inner_text(".messagelist")

        page.click("a.historylink")
        newest = page.locator("#change-history tbody tr").first
        newest.wait_for()
        seen["newest version"] = newest.inner_text()

        page.goto(f"{live_server.url}/admin/ventures/fundingflow/{flow.pk}/change/")
        page.wait_for_selector("#fundingflow_form")
        page.screenshot(path=SCREENSHOTS / "admin-flow-change.png", full_page=True)

        page.goto(f"{live_server.url}/admin/")
        seen["needs attention"] = page.inner_text("#needs-attention-panel")
        page.screenshot(path=SCREENSHOTS / "admin-index.png", full_page=True)

    chromium(session)

    assert "was changed successfully" in seen["saved"]
    assert venture.citations.filter(source=source, quote=NEW_QUOTE).exists()
    assert Citation.history.filter(quote=NEW_QUOTE).get().history_user == archivist
    assert archivist.username in seen["newest version"]
    assert "Description" in seen["newest version"]
    assert NEW_DESCRIPTION[:40] in seen["newest version"]
    assert "drafts waiting for review" in seen["needs attention"].lower()


def test_a_missing_browser_skips_the_test_unless_services_are_required(tmp_path):
    missing = tmp_path / "chromium"
    with pytest.raises(pytest.skip.Exception, match="needs Chromium"):
        require_browser(missing, required=False)
    with pytest.raises(pytest.fail.Exception, match="needs Chromium"):
        require_browser(missing, required=True)
