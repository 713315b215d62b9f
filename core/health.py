"""Probes for a load balancer or orchestrator.

- ``/healthz``: the process answers (liveness). It touches nothing else, so a database
  outage does not get healthy app servers restarted.
- ``/readyz``: this process can serve the archive (readiness): the database answers
  and every migration in the code has been applied. 503 otherwise, with JSON naming the
  check that failed, so a new release is not sent traffic before ``migrate`` ran.

Neither needs a session, a user or CSRF; both answer GET and HEAD only.
"""

from __future__ import annotations

import functools
import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.errors import database_unavailable

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database(alias: str = DEFAULT_DB_ALIAS) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


@functools.cache
def migrations_in_code() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Every migration the code holds, with those it replaces if it is a squash.

    Read from disk once per process (the code does not change under it); reading them
    on every probe cost ~100 ms.
    """
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return {key: tuple(graph.nodes[key].replaces or ()) for key in graph.nodes}


def unapplied(
    key: tuple[str, str], replaces: tuple[tuple[str, str], ...], applied
) -> list[tuple[str, str]]:
    """What ``migrate`` would apply for ``key``, as Django decides it: a squash is applied
    when every migration it replaces is (its own row says nothing more); when none is, it
    is the squash that runs; when some are, the rest of the history it replaces."""
    if not replaces:
        return [] if key in applied else [key]
    left = [old for old in replaces if old not in applied]
    return [key] if len(left) == len(replaces) else left


def check_migrations(alias: str = DEFAULT_DB_ALIAS) -> str:
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    missing = sorted(
        name
        for key, replaces in migrations_in_code().items()
        for name in unapplied(key, replaces, applied)
    )
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in missing)
        return f"{len(missing)} unapplied: {names}"
    return "ok"


CHECKS = {"database": check_database, "migrations": check_migrations}


@never_cache
@require_safe
def readyz(request) -> JsonResponse:
    checks = dict.fromkeys(CHECKS, "not checked")
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            logger.warning("readiness check %s failed: %s", name, exc)
            checks[name] = "unreachable"
            break
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
