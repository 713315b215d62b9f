"""Fixtures for the production-profile tests (servers are in tests/ops/servers.py)."""

import pytest
from django.conf import settings

from tests.ops.servers import ThrowawayCluster, collect_static, require_throwaway_cluster


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files as `collectstatic` writes them with DEBUG off (hashed names)."""
    root = tmp_path_factory.mktemp("static_root")
    collect_static(root)
    return root


@pytest.fixture(scope="module")
def cluster():
    """A migrated PostgreSQL server of this module's own, for stopping and starting.

    Runs with the PostgreSQL suite only (it is slow to set up, and it is PostgreSQL's
    behaviour under test), like the ``postgres`` fixture.
    """
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
    require_throwaway_cluster()
    server = ThrowawayCluster()
    try:
        server.create()
        yield server
    finally:
        server.remove()
