"""What the archive's log lines carry, and how they are written.

The request id lives in a context variable set by ``core.middleware``: any log line
written while a request is handled (the access line, a 5xx with its traceback, a
warning from deep in a service) carries it, without passing the request around.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

#: The id of the request being handled in this thread or task, if any.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is
# written out as a field of its own.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    # django.request passes the request object itself: not a loggable value.
    "request",
}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the current request's, or ``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs a 4xx after the middleware has finished, but passes
            # the request along.
            request = getattr(record, "request", None)
            record.request_id = (
                current_request_id.get() or getattr(request, "request_id", None) or "-"
            )
        return True


def _fields(record: logging.LogRecord) -> dict:
    fields = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "request_id": getattr(record, "request_id", "-"),
        "message": record.getMessage(),
    }
    for key, value in record.__dict__.items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = value
    return fields


class JSONFormatter(logging.Formatter):
    """One JSON object per line; a traceback stays inside its line (``exc_info``)."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if record.exc_info:
            fields["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(fields, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``time level logger request_id=… message key=value…``, for reading in a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        # A path may hold an encoded newline; it must not start a forged log line.
        message = fields.pop("message").replace("\r", "\\r").replace("\n", "\\n")
        head = " ".join(
            [
                fields.pop("time"),
                fields.pop("level"),
                fields.pop("logger"),
                f"request_id={fields.pop('request_id')}",
                message,
            ]
        )
        tail = " ".join(f"{key}={json.dumps(value, default=str)}" for key, value in fields.items())
        line = f"{head} {tail}" if tail else head
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
