"""Request ids and the access log: one structured line per request.

Each request gets an id: the caller's ``X-Request-ID`` when it looks like one (a proxy
or load balancer may have set it, so the same id follows the request through every
log), otherwise a fresh random one. The id is echoed in the response's
``X-Request-ID`` header, stamped on every log line written while the request is
handled (``core.logs``), and shown on the 500 page, so a user's report can be
matched to its traceback.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect

from core.logs import current_request_id

logger = logging.getLogger("archive.request")

# Letters, digits and -_.:@ up to 128 characters: UUIDs, hex ids, AWS trace ids. Anything
# else (spaces, quotes, newlines that would forge log lines) is replaced by a fresh id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}")


def request_id_for(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    if SANE_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class DropEmptyParametersMiddleware:
    """Redirects a page's GET with empty parameters to the same URL without them.

    A plain HTML form submits every field, so without JavaScript a filter form sends
    ``?q=&sector=retail&founded_from=``. An empty parameter means the same as an absent
    one, so the address a reader copies and shares should not carry it. The API (and
    the admin) keep their own rules: ``settings.KEEP_EMPTY_PARAMETERS_UNDER``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith(
            tuple(settings.KEEP_EMPTY_PARAMETERS_UNDER)
        ):
            pairs = [(k, v) for k, values in request.GET.lists() for v in values]
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) < len(pairs):
                query = urlencode(kept)
                return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        return self.get_response(request)


class PublicGZipMiddleware:
    """gzip for anonymous API reads only (Django's ``GZipMiddleware`` otherwise).

    Compressing a response that holds a secret next to text an attacker can inject
    leaks the secret through the compressed size (BREACH). Anonymous reads of the API
    hold no secret (no CSRF token, no session, no token); everything else is sent
    as it is: pages with forms, signed-in responses, and the token endpoint.
    """

    def __init__(self, get_response):
        from django.middleware.gzip import GZipMiddleware

        self.gzip = GZipMiddleware(get_response)
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.compressible(request):
            return self.gzip.process_response(request, response)
        return response

    @staticmethod
    def compressible(request) -> bool:
        from django.conf import settings

        return (
            request.path.startswith("/api/")
            and request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
