"""The site in headless Chromium: search, filter, the network, phones, keyboard, no JavaScript.

Runs against pytest-django's live server with the archive loaded, and saves
screenshots at desktop (1280 px) and phone (375 px) widths to docs/screenshots/.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.site.browser import DESKTOP, PHONE

# Playwright's sync API runs an event loop in this thread; the ORM work these tests
# do (loading fixtures, flushing) is plain synchronous code and safe beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


@pytest.fixture
def desktop(browser, site):
    context = browser.new_context(viewport=DESKTOP, base_url=site)
    errors = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(
        viewport=PHONE, base_url=site, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield context.new_page()
    context.close()


def shoot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"site-{name}.png"), full_page=True)


def test_searching_kaesong_reaches_the_industrial_complex(desktop):
    desktop.goto("/")
    desktop.get_by_label("Search people, organisations, ventures and places").fill("Kaesong")
    desktop.get_by_label("Search people, organisations, ventures and places").press("Enter")
    desktop.wait_for_url("**/search/?q=Kaesong")
    shoot(desktop, "search-desktop")
    desktop.get_by_role("link", name="Kaeseong Industrial Complex", exact=True).click()
    desktop.wait_for_url("**/ventures/kaeseong-industrial-complex/")
    assert desktop.locator("h1").inner_text() == "Kaeseong Industrial Complex"
    shoot(desktop, "venture-desktop")


def test_ticking_a_sector_filters_the_ventures_at_once(desktop):
    desktop.goto("/ventures/")
    # On a wide screen the filters start open; ticking a box applies it.
    desktop.get_by_role("checkbox", name="Apparel").click()
    desktop.wait_for_url("**/ventures/?sector=apparel**")
    assert desktop.locator(".result-count").inner_text().startswith("4 ventures")
    titles = desktop.locator(".results h3").all_inner_texts()
    assert "Noko Jeans" in titles and "Ryu Ae" in titles and len(titles) == 4
    assert desktop.get_by_role("checkbox", name="Apparel").is_checked()
    shoot(desktop, "ventures-desktop")


def test_clicking_a_node_in_the_network_opens_its_page(desktop):
    desktop.goto("/network/")
    assert desktop.locator(".network--enhanced").count() == 1
    desktop.locator('a.node[href="/organisations/chongryon/"]').click()
    desktop.wait_for_url("**/organisations/chongryon/")
    assert desktop.locator("h1").inner_text() == "Chongryon"


def test_the_network_zooms_and_highlights_neighbours(desktop):
    desktop.goto("/network/")
    svg = desktop.locator("svg.network__svg")
    before = svg.get_attribute("viewBox")
    desktop.get_by_role("button", name="Zoom in").click()
    assert svg.get_attribute("viewBox") != before
    desktop.get_by_role("button", name="Reset view").click()
    assert svg.get_attribute("viewBox") == before
    desktop.locator('a.node[href="/organisations/chongryon/"]').hover()
    assert "is-highlighting" in desktop.locator(".network").get_attribute("class")
    near = desktop.locator(".node.is-near").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('href'))"
    )
    assert set(near) == {
        "/organisations/chongryon/",
        "/organisations/government-of-north-korea/",
        "/people/kim-jong-un/",
    }
    desktop.mouse.move(5, 5)
    shoot(desktop, "network-desktop")


def test_a_network_node_opens_with_the_keyboard(desktop):
    desktop.goto("/network/")
    desktop.locator('a.node[href="/people/ji-seong-ho/"]').focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/people/ji-seong-ho/")


def test_the_flows_page_draws_totals_and_charts(desktop):
    desktop.goto("/flows/")
    # The totals count the flows the page lists (all of them fit on one page).
    listed = desktop.eval_on_selector_all(
        "a[href^='/flows/']",
        "links => new Set(links.map(a => a.getAttribute('href'))"
        ".filter(h => /^\\/flows\\/\\d+\\/$/.test(h))).size",
    )
    assert listed > 0
    assert f"{listed} flows." in desktop.locator(".totals").inner_text()
    assert desktop.locator(".chart").count() == 2
    shoot(desktop, "flows-desktop")
    desktop.goto("/")
    shoot(desktop, "home-desktop")
    desktop.goto("/flows/11/")
    shoot(desktop, "flow-desktop")
    desktop.goto("/organisations/chongryon/")
    shoot(desktop, "organisation-desktop")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "home"),
        ("/ventures/", "ventures"),
        ("/flows/", "flows"),
        ("/network/", "network"),
        ("/ventures/kaeseong-industrial-complex/", "venture"),
        ("/search/?q=Kaesong", "search"),
        ("/flows/11/", "flow"),
        ("/organisations/chongryon/", "organisation"),
    ],
)
def test_pages_fit_a_phone_without_sideways_scrolling(phone, path, name):
    phone.goto(path)
    overflow = phone.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], f"{path} is {overflow}px wide"
    shoot(phone, f"{name}-phone")


def test_on_a_phone_the_filters_fold_away_and_still_work(phone):
    phone.goto("/ventures/")
    filters = phone.locator("details.filters")
    assert filters.get_attribute("open") is None
    phone.get_by_text("Filter and sort").click()
    phone.get_by_role("radio", name="Yes").first.click()
    phone.wait_for_url("**founded_by_defector=true**")
    assert phone.locator(".results h3").count() == 2


def test_without_javascript_filters_submit_and_the_network_is_still_drawn(browser, site):
    context = browser.new_context(viewport=DESKTOP, base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/ventures/")
    tab.get_by_text("Filter and sort").click()
    tab.get_by_role("checkbox", name="Software").check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url("**sector=software**")
    assert tab.locator(".results h3").all_inner_texts() == ["Nosotek"]
    tab.goto("/network/")
    assert tab.locator("a.node").count() > 30
    # The node's shape, not the middle of its box (which may fall between shape and label).
    tab.locator('a.node[href="/ventures/ryu-ae/"] use').click()
    tab.wait_for_url("**/ventures/ryu-ae/")
    context.close()


def test_the_keyboard_reaches_the_content_first(desktop):
    desktop.goto("/")
    desktop.keyboard.press("Tab")
    skip = desktop.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "content"


def test_a_ticked_filter_keeps_the_keyboard_focus(desktop):
    desktop.goto("/ventures/")
    desktop.get_by_role("checkbox", name="Retail").focus()
    desktop.keyboard.press("Space")
    desktop.wait_for_url("**sector=retail**")
    focused = desktop.evaluate("[document.activeElement.name, document.activeElement.value]")
    assert focused == ["sector", "retail"]


def test_asking_how_two_parties_are_connected_shows_each_step_and_quote(desktop):
    desktop.goto("/network/")
    desktop.get_by_label("How is").fill("Ahn Myeong-hee")
    desktop.get_by_label("connected to").fill("Ahn Myeong-hee's sister")
    desktop.get_by_role("button", name="Find the links").click()
    desktop.wait_for_url("**/network/?connect=**")
    steps = desktop.locator(".connection-steps > li")
    assert steps.count() == 2
    assert "Ryu Ae" in steps.nth(0).inner_text()
    assert steps.nth(1).locator("blockquote").count() >= 1
    shoot(desktop, "connections-desktop")


def test_without_javascript_the_connection_form_still_answers(browser, site):
    context = browser.new_context(viewport=PHONE, base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/network/")
    tab.get_by_label("How is").fill("Kim Jong Un")
    tab.get_by_label("connected to").fill("Chongryon")
    tab.get_by_role("button", name="Find the links").click()
    tab.wait_for_url("**/network/?connect=**")
    assert "1 shortest chain of 1 link" in tab.locator("#connect").inner_text()
    shoot(tab, "connections-phone")
    context.close()


def test_an_empty_filter_says_so_and_offers_the_way_back(desktop):
    desktop.goto("/ventures/?sector=tourism&kind=startup")
    assert desktop.locator(".result-count").inner_text() == "0 ventures"
    desktop.get_by_role("link", name="Show all ventures").click()
    desktop.wait_for_url("**/ventures/")
    assert desktop.locator(".results h3").count() == 18
    desktop.goto("/ventures/?sector=tourism&kind=startup")
    shoot(desktop, "ventures-empty-desktop")


def test_without_javascript_a_submitted_filter_leaves_no_empty_parameters(browser, site):
    context = browser.new_context(viewport=DESKTOP, base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/flows/")
    tab.get_by_text("Filter and sort").click()
    tab.get_by_role("checkbox", name="Grant").check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url("**/flows/?kind=grant")
    assert tab.url.endswith("/flows/?kind=grant")
    context.close()
