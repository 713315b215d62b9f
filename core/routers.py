"""Reads to a replica, writes to the primary: the database router behind
``DATABASE_REPLICA_URL`` (archive/settings.py installs it only when that is set).

A replica lags its primary, so a request must never read what it has just written
from the replica (an archivist saving a form and seeing the old value, or worse, an
optimistic-lock check passing against a stale version). Three rules keep reads on
the primary:

- a request with an unsafe method (POST, PUT, PATCH, DELETE) reads from the primary
  from its start, since whatever it reads is what it is about to change;
- once anything has been written during a request (or outside one, in a command),
  every later read of that request goes to the primary too;
- a read inside a transaction on the primary stays in it.

The pin lives in a context variable, reset when Django starts each request
(``request_started``), so it never leaks from one request to the next, in threads or
in async code.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_pinned: ContextVar[bool] = ContextVar("read_from_primary", default=False)


def pin_to_primary() -> None:
    """Send every later read of this request (or command) to the primary."""
    _pinned.set(True)


def request_method(environ=None, scope=None) -> str:
    if environ is not None:
        return environ.get("REQUEST_METHOD", "GET")
    if scope is not None:
        return scope.get("method", "GET")
    return "GET"


def start_request(sender, environ=None, scope=None, **kwargs) -> None:
    _pinned.set(request_method(environ, scope).upper() not in SAFE_METHODS)


request_started.connect(start_request, dispatch_uid="core.routers.start_request")


class ReplicaRouter:
    """Reads go to ``replica`` unless the request is pinned to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # One database seen two ways: a row read from the replica may be linked to one
        # from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
