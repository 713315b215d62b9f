"""Probes for a load balancer or orchestrator.

- ``/healthz``: the process answers (liveness). It touches nothing else, so a database
  outage does not get healthy app servers restarted.
- ``/readyz``: this process can serve the archive (readiness): the database answers
  and every migration in the code has been applied. 503 otherwise, with JSON naming the
  check that failed, so a new release is not sent traffic before ``migrate`` ran.

Neither needs a session, a user or CSRF; both answer GET and HEAD only.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from archive.errors import database_unavailable

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


def check_migrations(alias: str = DEFAULT_DB_ALIAS) -> str:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan)
        return f"{len(plan)} unapplied: {names}"
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
