"""Headless Chromium for the browser tests: Debian's own, never a downloaded one.

``launch()`` starts /usr/bin/chromium through Playwright. When it is missing the
tests skip with the reason, unless REQUIRE_SERVICES is set (as in CI): then they fail.
``axe_violations()`` audits the open page with axe-core, for the public pages and the
admin alike.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: axe-core, vendored from the npm registry and served with the site's own static files,
#: so the audit runs under the site's Content-Security-Policy and needs no network.
AXE = "/static/vendor/axe-core/axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def require_chromium() -> None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if REQUIRE_SERVICES:
        pytest.fail(reason)
    pytest.skip(reason)


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)


def axe_violations(tab) -> list[str]:
    """axe-core's violations on the page open in ``tab``, every rule axe runs by default.

    One line each: the rule id, what it asks for, and the elements that break it.
    """
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.add_script_tag(url=AXE)
    return tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
