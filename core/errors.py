"""The pages and API answers for a server error, and for a database that is down.

Django calls ``server_error`` (``handler500``) for any exception a view or middleware
did not handle, with the exception still in ``sys.exc_info()``; ``django.request`` has
already logged it with its traceback and the request id. A database that cannot be
reached is not a bug in the archive: it answers 503 with ``Retry-After``, and the next
request connects afresh (Django drops a broken connection when the request ends).

Anything under /api/ answers in the API's error shape, ``{"detail": ...}``; pages get
HTML. Neither touches the database, which may be what failed.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from core.logs import current_request_id

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30

UNAVAILABLE = "The archive's database is not answering. Please try again in a minute."


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether the exception says the database could not be reached or was lost.

    ``OperationalError`` covers refused and dropped connections (and timeouts);
    ``InterfaceError`` a connection that was closed under us.
    """
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request) -> HttpResponse:
    exc = sys.exc_info()[1]
    request_id = getattr(request, "request_id", None) or current_request_id.get() or "-"
    if database_unavailable(exc):
        status, detail, template = 503, UNAVAILABLE, "503.html"
    else:
        status, template = 500, "500.html"
        detail = (
            "Something went wrong on our side and it has been logged. "
            f"If you report it, quote request id {request_id}."
        )
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        # No request context: context processors (the user, messages) would read the
        # session from the database.
        body = render_to_string(template, {"detail": detail, "request_id": request_id})
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _api_or_page(request, status: int, detail: str, page) -> HttpResponse:
    """The API's error shape under /api/, Django's own page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    return page()


def bad_request(request, exception=None) -> HttpResponse:
    """``handler400``: a request Django refused before any view (a bad Host, a body too
    large, too many fields)."""
    from django.views import defaults

    return _api_or_page(
        request,
        400,
        "The request could not be read (too large, too many fields, or malformed).",
        lambda: defaults.bad_request(request, exception),
    )


def permission_denied(request, exception=None) -> HttpResponse:
    from django.views import defaults

    return _api_or_page(
        request,
        403,
        "You may not do this.",
        lambda: defaults.permission_denied(request, exception),
    )


def csrf_failure(request, reason="") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a signed-in browser's write without its CSRF token."""
    from django.views import csrf

    return _api_or_page(
        request,
        403,
        "A write from a signed-in browser needs its CSRF token; API clients send "
        '"Authorization: Token <token>" instead.',
        lambda: csrf.csrf_failure(request, reason),
    )
