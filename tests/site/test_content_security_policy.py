"""Every kind of page works under the Content-Security-Policy, in headless Chromium.

The policy (archive/settings.py) allows no inline script or style. Each page below is
loaded with the policy the server sends, and the browser must report no violation, in
the console or as a ``securitypolicyviolation`` event, and no script error: the public
pages, the admin (lists, forms, history, import and export) and the API docs (Swagger
UI and Redoc from drf-spectacular-sidecar).
"""

import os

import pytest
from django.contrib.auth.models import User

from people.models import Person
from sources.models import Source
from tests.site.browser import DESKTOP
from ventures.models import FundingFlow, Venture

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Redoc shows a "by Redocly" logo from its makers' CDN; the policy blocks it, which is
# the policy doing its job (no third-party requests), and Redoc hides the broken image.
EXPECTED_BLOCKS = {"/api/v1/redoc/": {"https://cdn.redoc.ly/redoc/logo-mini.svg"}}

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({blocked: event.blockedURI, directive: event.violatedDirective});
});
"""

PASSWORD = "pw-csp-admin-long-enough"


def public_pages() -> list[str]:
    venture = Venture.objects.public().order_by("pk").first()
    person = Person.objects.public().order_by("pk").first()
    flow = FundingFlow.objects.public().order_by("pk").first()
    source = Source.objects.public().order_by("pk").first()
    return [
        "/",
        "/ventures/",
        "/ventures/?sector=retail&ordering=-funding",
        "/flows/",
        "/network/",
        "/people/",
        "/organisations/",
        "/places/",
        "/sources/",
        "/search/?q=Kaesong",
        venture.get_absolute_url(),
        person.get_absolute_url(),
        flow.get_absolute_url(),
        source.get_absolute_url(),
        "/no-such-page/",
    ]


def admin_pages() -> list[str]:
    venture = Venture.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/ventures/venture/",
        "/admin/ventures/venture/?venture_kind__exact=joint_venture",
        f"/admin/ventures/venture/{venture.pk}/change/",
        f"/admin/ventures/venture/{venture.pk}/history/",
        "/admin/ventures/fundingflow/add/",
        "/admin/people/person/",
        "/admin/ventures/fundingflow/import/",
        "/admin/ventures/fundingflow/export/",
        "/admin/auth/user/add/",
    ]


def open_tab(browser, url: str):
    context = browser.new_context(viewport=DESKTOP, base_url=url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_lines = []
    page.errors = []
    page.on("console", lambda message: page.console_lines.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


@pytest.fixture
def tab(browser, site):
    context, page = open_tab(browser, site)
    yield page
    context.close()


@pytest.fixture
def admin_tab(browser, live_server, transactional_db, archive):
    """A tab on a live server that sees what the test commits (a user to log in as)."""
    context, page = open_tab(browser, live_server.url)
    yield page
    context.close()


def visit(tab, path: str) -> None:
    tab.console_lines.clear()
    tab.errors.clear()
    response = tab.goto(path, wait_until="networkidle")
    assert response.headers["content-security-policy"], path
    expected = EXPECTED_BLOCKS.get(path, set())
    violations = [v for v in tab.evaluate("window.__cspViolations") if v["blocked"] not in expected]
    console = [
        line
        for line in tab.console_lines
        if "Content Security Policy" in line and not any(url in line for url in expected)
    ]
    assert (violations, console, tab.errors) == ([], [], []), path


def test_public_pages_run_under_the_policy(tab):
    for path in public_pages():
        visit(tab, path)
    tab.goto("/network/", wait_until="networkidle")
    assert tab.locator("svg circle, svg .node").count() > 0


def test_the_admin_runs_under_the_policy(admin_tab):
    tab = admin_tab
    User.objects.create_superuser("csp-admin", "csp@example.org", PASSWORD)
    visit(tab, "/admin/login/")
    tab.fill("#id_username", "csp-admin")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url("**/admin/")
    for path in admin_pages():
        visit(tab, path)
    # The export page's "Select all" was an inline handler; it is wired from a file now.
    tab.goto("/admin/ventures/fundingflow/export/", wait_until="networkidle")
    fields = tab.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1
    tab.uncheck("#select-all-toggle")
    assert all(not box.is_checked() for box in fields.all())
    tab.check("#select-all-toggle")
    assert all(box.is_checked() for box in fields.all())


def test_swagger_ui_renders_the_api_under_the_policy(tab):
    visit(tab, "/api/v1/docs/")
    tab.wait_for_selector(".opblock", timeout=20_000)
    assert tab.locator(".opblock").count() > 10


def test_redoc_renders_the_api_under_the_policy(tab):
    visit(tab, "/api/v1/redoc/")
    tab.wait_for_selector("[role=menuitem]", timeout=20_000)
    assert tab.get_by_text("List ventures").count() > 0
