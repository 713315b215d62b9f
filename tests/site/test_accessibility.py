"""Every public page passes axe-core with no violations, on a desktop and on a phone.

axe-core is vendored (static/vendor/axe-core/, from the npm registry) and loaded from the
site's own static files (``tests.site.browser.axe_violations``, which the admin's audit in
tests/admin/test_admin_browser.py shares). Also checked in the browser: the focus ring's
contrast, controls that only work with JavaScript are hidden without it, and a form that
applies a ticked box at once says so first.
"""

import os

import pytest

from tests.site.browser import DESKTOP, PHONE, axe_violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PAGES = [
    "/",
    "/ventures/",
    "/ventures/?sector=apparel",
    "/ventures/?sector=tourism&kind=startup",
    "/ventures/kaeseong-industrial-complex/",
    "/flows/",
    "/flows/?year_from=2030",
    "/flows/11/",
    "/network/",
    "/network/?party=chongryon",
    "/network/?connect=Ahn+Myeong-hee&to=ahn-myeong-hee-sister",
    "/network/?connect=Kim&to=zzzz",
    "/people/",
    "/people/?q=zzzz",
    "/people/ji-seong-ho/",
    "/organisations/",
    "/organisations/chongryon/",
    "/places/",
    "/places/kaesong/",
    "/sources/",
    "/sources/straits-times-2016-defectors-funding-small-businesses/",
    "/search/?q=Kaesong",
    "/no-such-page/",
]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280px", "375px"])
def viewport_tab(request, browser, site):
    context = browser.new_context(viewport=request.param, base_url=site)
    yield context.new_page()
    context.close()


def test_every_public_page_has_no_axe_violations(viewport_tab):
    failures = {}
    for path in PAGES:
        viewport_tab.goto(path)
        violations = axe_violations(viewport_tab)
        if violations:
            failures[path] = violations
    assert failures == {}


def contrast(tab, selector: str) -> float:
    """The focus ring's contrast with the background just outside it (WCAG 1.4.11)."""
    return tab.evaluate(
        """selector => {
        const el = document.querySelector(selector);
        el.focus();
        const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
        const lum = c => {
          const [r, g, b] = c.map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        let bg = el.parentElement;
        const clear = e => getComputedStyle(e).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/);
        while (bg && clear(bg)) bg = bg.parentElement;
        const ring = lum(rgb(getComputedStyle(el).outlineColor));
        const back = lum(rgb(getComputedStyle(bg || document.body).backgroundColor));
        return (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
    }""",
        selector,
    )


def test_the_focus_ring_stands_out_three_to_one(browser, site):
    context = browser.new_context(viewport=DESKTOP, base_url=site)
    tab = context.new_page()
    tab.goto("/ventures/")
    tab.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    for selector in ["main a[href]", ".site-nav a", "#f-q", ".filters button[type=submit]"]:
        assert contrast(tab, selector) >= 3, selector
    context.close()


def test_without_javascript_the_network_has_no_dead_zoom_buttons(browser, site):
    context = browser.new_context(viewport=DESKTOP, base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/network/")
    assert tab.get_by_role("button", name="Zoom in").count() == 0
    assert not tab.locator(".network__tools").is_visible()
    context.close()


def test_a_form_that_applies_at_once_says_so_and_only_with_javascript(browser, site):
    for javascript in (True, False):
        context = browser.new_context(
            viewport=DESKTOP, base_url=site, java_script_enabled=javascript
        )
        tab = context.new_page()
        tab.goto("/people/")
        hint = tab.locator("[data-autosubmit-hint]")
        assert hint.is_visible() is javascript
        context.close()
