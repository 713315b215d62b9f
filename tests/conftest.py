"""Shared test fixtures: the archive loaded from the article fixtures, and backend gates."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

FIXTURES = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))

# CI sets REQUIRE_SERVICES=1: there a test that needs PostgreSQL must run, not skip.
REQUIRE_SERVICES = os.getenv("REQUIRE_SERVICES", "") not in ("", "0", "false")


@pytest.fixture
def archive(db):
    """The whole archive as built from the five articles."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def postgres(db):
    """Skip (or, under REQUIRE_SERVICES, fail) unless the suite runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://… to run it"
        if REQUIRE_SERVICES and os.getenv("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(reason)
        pytest.skip(reason)
