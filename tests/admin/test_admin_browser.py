"""An Archivist's day in a real browser: a change to a published venture (a field and a
new alias row) waits, an Editor approves it from the review queue, and history shows it
with the archivist's reason.

Runs Debian's Chromium headless through Playwright against pytest-django's live server,
and saves the screenshots in docs/screenshots/. Without /usr/bin/chromium the test skips,
unless REQUIRE_SERVICES is set (as CI does): then it fails.

Every admin page the walks open is audited with axe-core as it stands (``Audit``), at
1280 px and at 375 px, with the same rules as the public pages (tests/site/
test_accessibility.py): the walk is the audit's route, so it costs no extra browser or
login, and pages are audited in the states the archivists see (a form with the quote
picker open, an import preview with its errors, a revision's difference).
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
from tests.site.browser import DESKTOP, PHONE, axe_violations
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


class Audit:
    """axe-core on each page a walk opens, at 1280 px and at 375 px: violations by page."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.failures: dict[str, list[str]] = {}

    def __call__(self, page, name: str) -> None:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            violations = axe_violations(page)
            if violations:
                self.failures[f"{name} at {viewport['width']} px"] = violations
        self.pages.append(name)

    def report(self) -> str:
        return "\n".join(
            f"{page}:\n  " + "\n  ".join(violations) for page, violations in self.failures.items()
        )


#: The changelists an Archivist and an Editor work in, audited in the first walk.
CHANGELISTS = [
    "people/person",
    "people/organization",
    "ventures/venture",
    "ventures/fundingflow",
    "sources/source",
    "sources/citation",
]


def log_in(page, url: str, user, audit: Audit | None = None) -> None:
    page.goto(f"{url}/admin/login/")
    if audit:
        audit(page, "login")
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
    audit = Audit()

    def archivist_session(browser) -> None:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, archivist, audit)
        audit(page, "index (Archivist)")
        for changelist in CHANGELISTS:
            page.goto(f"{live_server.url}/admin/{changelist}/")
            audit(page, f"{changelist} list")
        page.goto(f"{live_server.url}/admin/ventures/venture/{venture.pk}/change/")
        audit(page, "venture change form")
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
        audit(page, "flow change form")
        page.screenshot(path=SCREENSHOTS / "admin-flow-change.png", full_page=True)
        seen["flow page width"] = page.evaluate("document.documentElement.scrollWidth")

        page.goto(f"{live_server.url}/admin/ventures/fundingflow/import/")
        audit(page, "flow import")
        page.set_input_files(
            "#id_import_file",
            files=[{"name": "flows.csv", "mimeType": "text/csv", "buffer": WIDE_CSV.encode()}],
        )
        page.click("input[type=submit][value=Submit]")
        page.wait_for_selector("table.import-preview")
        seen["import width"] = page.evaluate("document.documentElement.scrollWidth")
        seen["import error shown"] = page.locator(".validation-error-container").first.is_visible()
        seen["import error"] = page.inner_text("table.import-preview td.errors")
        audit(page, "flow import preview")
        page.screenshot(path=SCREENSHOTS / "admin-import-preview.png", full_page=True)

    def editor_session(browser) -> None:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, editor)
        audit(page, "index (Editor)")
        page.screenshot(path=SCREENSHOTS / "admin-index.png", full_page=True)
        seen["needs attention"] = page.inner_text("#needs-attention-panel")
        page.goto(f"{live_server.url}/admin/core/revision/")
        audit(page, "review queue")
        page.click("#result_list tbody tr th a")
        page.wait_for_selector("table.revision-diff")
        seen["difference"] = page.inner_text("table.revision-diff")
        audit(page, "revision")
        page.screenshot(path=SCREENSHOTS / "admin-review.png", full_page=True)
        page.check("input[name=decision][value=approve]")
        page.click("input[name=_save]")
        seen["decided"] = page.inner_text(".messagelist")

        page.goto(f"{live_server.url}/admin/ventures/venture/{venture.pk}/history/")
        seen["newest version"] = page.locator("#change-history tbody tr").first.inner_text()
        audit(page, "venture history")
        # An Editor's form has more in it than an Archivist's: delete boxes, every state.
        page.goto(f"{live_server.url}/admin/ventures/fundingflow/{flow.pk}/change/")
        audit(page, "flow change form (Editor)")

    def walk(browser) -> None:
        archivist_session(browser)
        editor_session(browser)

    chromium(walk)

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
    assert not audit.failures, audit.report()


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
    audit = Audit()

    def session(browser) -> None:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, archivist)
        page.goto(f"{live_server.url}/admin/ventures/fundingflow/add/")
        audit(page, "flow add form")
        # select2's boxes are named after their fields (static/archive/admin-names.js).
        seen["named boxes"] = [
            page.get_by_role("combobox", name=name).count() for name in ("Funder", "Recipient")
        ]

        page.click("#id_funder + .select2 .select2-selection")
        page.fill(".select2-container--open .select2-search__field", "Seed Found")
        page.click(".select2-results__option:has-text('Seed Foundation')")

        with page.expect_popup() as opened:
            page.click("#add_id_recipient")
        popup = opened.value
        audit(popup, "which kind of party")
        popup.click("text=Add a new person")
        popup.type("#id_name", "Park Minsu", delay=20)
        popup.wait_for_selector(".similar-names:not([hidden]) a")
        seen["duplicate"] = popup.inner_text(".similar-names")
        audit(popup, "person add form with a possible duplicate")
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
        audit(page, "flow add form with the quote picker open")
        page.screenshot(path=SCREENSHOTS / "admin-flow-add.png", full_page=True)
        page.click(".quote-picker-use")
        row.locator("input[value=recipient]").check()
        seen["width"] = page.evaluate("document.documentElement.scrollWidth")
        page.click("input[name=_save]")
        seen["saved"] = page.inner_text(".messagelist")

    chromium(session)

    assert "Park Min-su" in seen["duplicate"]
    assert "Kim Shopkeeper" in seen["recipient"]
    assert seen["named boxes"] == [1, 1]
    assert not audit.failures, audit.report()
    assert seen["width"] <= 1280
    assert "was added successfully" in seen["saved"], seen["saved"]
    flow = FundingFlow.objects.get(funder=funder)
    recipient = Person.objects.get(name="Kim Shopkeeper")
    assert flow.recipient_id == recipient.pk
    assert {c.target for c in Citation.objects.filter(source=source, quote=QUOTE)} == {
        flow,
        recipient.party_ptr,
    }
