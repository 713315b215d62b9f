"""An Archivist's day in a real browser: a change to a published venture (a field and a
new alias row) waits, an Editor approves it from the review queue, and history shows it
with the archivist's reason.

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

from people.factories import OrganizationFactory, PersonFactory
from people.models import Person
from sources.factories import QUOTE, SourceFactory
from sources.models import Citation
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
NEW_ALIAS = "Ryu Ae Baby Jumpsuits"
NEW_QUOTE = (
    "They are currently available through some 10 retail channels, including open "
    "marketplaces like Gmarket and Auction."
)


# A flow row with every column the import reads, and bounds that contradict "more than".
WIDE_CSV = (
    "funder,funder_description,recipient,recipient_description,kind,status,channel,purpose,"
    "amount_as_stated,amount_qualifier,amount_low,amount_high,currency,basis,payment_count,"
    "date_as_stated,start_year,publication_state,visibility,goods,citations\n"
    ",A defector in his 40s who declined to be named,,Grocery stores in rural towns,"
    "investment,reported,clandestine funding channel through brokers in China,"
    "Start-up money for grocery stores and noodle shops in rural towns,"
    '"more than 20,000 yuan",at_least,,30000,CNY,per_recipient,,last year,2015,draft,public,[],[]\n'
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
        # A row of the published venture waits in the same revision as its fields.
        page.click("#aliases-group .add-row a")
        page.locator("#aliases-group tr.dynamic-aliases input[name$='-name']").last.fill(NEW_ALIAS)
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

        page.goto(f"{live_server.url}/admin/ventures/fundingflow/import/")
        page.set_input_files(
            "#id_import_file",
            files=[{"name": "flows.csv", "mimeType": "text/csv", "buffer": WIDE_CSV.encode()}],
        )
        page.click("input[type=submit][value=Submit]")
        page.wait_for_selector("table.import-preview")
        seen["import width"] = page.evaluate("document.documentElement.scrollWidth")
        seen["import error shown"] = page.locator(".validation-error-container").first.is_visible()
        seen["import error"] = page.inner_text("table.import-preview td.errors")
        page.screenshot(path=SCREENSHOTS / "admin-import-preview.png", full_page=True)

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
    assert NEW_DESCRIPTION not in seen["public"] and NEW_ALIAS not in seen["public"]
    assert seen["flow page width"] <= 1280
    assert seen["import width"] <= 1280
    assert seen["import error shown"]
    assert "“more than” only a low bound" in seen["import error"]
    assert "changes to published records\t1" in seen["needs attention"].lower()
    assert published[:30] in seen["difference"] and NEW_DESCRIPTION[:30] in seen["difference"]
    assert f"Party alias added\t—\t“{NEW_ALIAS}”" in seen["difference"]
    assert "Approved" in seen["decided"]
    venture.refresh_from_db()
    assert venture.description == NEW_DESCRIPTION
    assert venture.aliases.filter(name=NEW_ALIAS).exists()
    assert archivist.username in seen["newest version"]
    assert "The article describes the jumpsuits" in seen["newest version"]


def test_a_missing_browser_skips_the_test_unless_services_are_required(tmp_path):
    missing = tmp_path / "chromium"
    with pytest.raises(pytest.skip.Exception, match="needs Chromium"):
        require_browser(missing, required=False)
    with pytest.raises(pytest.fail.Exception, match="needs Chromium"):
        require_browser(missing, required=True)


def test_an_archivist_records_a_flow_from_a_new_article_on_one_screen(
    live_server, archivist, chromium, review_groups
):
    archivist.set_password(PASSWORD)
    archivist.save()
    source = SourceFactory(title="Seed money for three shops")
    funder = OrganizationFactory(name="Seed Foundation")
    PersonFactory(name="Park Min-su")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = {}

    def session(browser) -> None:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, archivist)
        page.goto(f"{live_server.url}/admin/ventures/fundingflow/add/")

        page.click("#id_funder + .select2 .select2-selection")
        page.fill(".select2-container--open .select2-search__field", "Seed Found")
        page.click(".select2-results__option:has-text('Seed Foundation')")

        with page.expect_popup() as opened:
            page.click("#add_id_recipient")
        popup = opened.value
        popup.click("text=Add a new person")
        popup.type("#id_name", "Park Minsu", delay=20)
        popup.wait_for_selector(".similar-names:not([hidden]) a")
        seen["duplicate"] = popup.inner_text(".similar-names")
        popup.screenshot(path=SCREENSHOTS / "admin-duplicate-warning.png")
        # Let the duplicate check of the new name answer before saving: SQLite's
        # in-memory test database lets one connection write at a time.
        with popup.expect_response(lambda response: "/similar/" in response.url):
            popup.fill("#id_name", "Kim Shopkeeper")
        with popup.expect_event("close"):
            popup.click("input[name=_save]")
        seen["recipient"] = page.inner_text("#id_recipient + .select2")

        page.select_option("#id_kind", "investment")
        page.fill("#id_amount_as_stated", "20,000 yuan to 30,000 yuan")
        page.select_option("#id_amount_qualifier", "range")
        page.fill("#id_amount_low", "20000")
        page.fill("#id_amount_high", "30000")
        page.fill("#id_currency", "CNY")

        page.click("#citations-group .add-row a")
        row = page.locator("#citations-group tr.dynamic-citations").last
        row.locator(".select2-selection").click()
        page.fill(".select2-container--open .select2-search__field", "Seed money")
        page.click(".select2-results__option:has-text('Seed money for three shops')")
        row.locator(".quote-picker-open").click()
        page.wait_for_selector(".quote-picker-text")
        page.evaluate(
            """(quote) => {
                const box = document.querySelector(".quote-picker-text");
                const node = box.firstChild;
                const start = node.textContent.indexOf(quote);
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + quote.length);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);
            }""",
            QUOTE,
        )
        page.screenshot(path=SCREENSHOTS / "admin-flow-add.png", full_page=True)
        page.click(".quote-picker-use")
        row.locator("input[value=recipient]").check()
        seen["width"] = page.evaluate("document.documentElement.scrollWidth")
        page.click("input[name=_save]")
        seen["saved"] = page.inner_text(".messagelist")

    chromium(session)

    assert "Park Min-su" in seen["duplicate"]
    assert "Kim Shopkeeper" in seen["recipient"]
    assert seen["width"] <= 1280
    assert "was added successfully" in seen["saved"], seen["saved"]
    flow = FundingFlow.objects.get(funder=funder)
    recipient = Person.objects.get(name="Kim Shopkeeper")
    assert flow.recipient_id == recipient.pk
    assert {c.target for c in Citation.objects.filter(source=source, quote=QUOTE)} == {
        flow,
        recipient.party_ptr,
    }
