"""Server errors and database outages: what the user sees, and what the log keeps.

A bug answers 500 with the request id on the page (or in the API's JSON error); a
database that cannot be reached answers 503 with a clear message and Retry-After, never
500. Every 5xx is logged with its traceback and the request id, and every request gets
one structured access line.
"""

import json
import logging
import sys

import pytest
from django.test import Client

from core.logs import JSONFormatter, RequestIdFilter, TextFormatter, current_request_id

pytestmark = pytest.mark.urls("tests.ops.urls")


@pytest.fixture
def client():
    # Like a real server: the exception becomes the error page, not a test failure.
    return Client(raise_request_exception=False)


def records(caplog, logger: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == logger]


def test_a_page_whose_database_is_down_answers_503_with_a_clear_message(db, client, caplog):
    response = client.get("/test-errors/database-down/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "database is not answering" in body
    assert response["X-Request-ID"] in body


def test_the_api_answers_503_in_its_error_shape_when_the_database_is_down(db, client):
    response = client.get("/api/v1/test-errors/database-down/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The archive's database is not answering. Please try again in a minute."
    }


def test_a_bug_shows_the_request_id_on_the_500_page(db, client):
    response = client.get("/test-errors/bug/", HTTP_X_REQUEST_ID="report-me-42")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "report-me-42"
    body = response.content.decode()
    assert "Something went wrong" in body
    assert '<code class="request-id">report-me-42</code>' in body
    assert "ZeroDivisionError" not in body


def test_an_api_bug_answers_500_in_the_error_shape_with_the_request_id(db, client):
    response = client.get("/api/v1/test-errors/bug/", HTTP_X_REQUEST_ID="api-bug-7")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    assert "api-bug-7" in body["detail"]


@pytest.mark.parametrize(
    ("path", "exception"),
    [
        ("/test-errors/bug/", "ZeroDivisionError"),
        ("/api/v1/test-errors/bug/", "ZeroDivisionError"),
        ("/test-errors/database-down/", "OperationalError"),
        ("/api/v1/test-errors/database-down/", "OperationalError"),
    ],
)
def test_every_5xx_is_logged_with_its_traceback_and_request_id(db, client, caplog, path, exception):
    with caplog.at_level(logging.INFO):
        response = client.get(path, HTTP_X_REQUEST_ID="trace-me-1")
    assert response.status_code >= 500
    errors = [r for r in records(caplog, "django.request") if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    error = errors[0]
    # The id a handler writes: core.logs.RequestIdFilter sits on the log handler.
    RequestIdFilter().filter(error)
    assert error.request_id == "trace-me-1"
    assert error.exc_info is not None
    assert error.exc_info[0].__name__ == exception


def test_each_request_logs_one_line_with_method_path_status_duration_and_id(db, client, caplog):
    with caplog.at_level(logging.INFO, logger="archive.request"):
        response = client.get("/healthz?probe=1")
    lines = records(caplog, "archive.request")
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.path, line.status) == ("GET", "/healthz", 200)
    assert line.duration_ms >= 0
    assert line.request_id == response["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept_and_echoed(db, client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-3f2a.9:x@y_z-1")
    assert response["X-Request-ID"] == "lb-3f2a.9:x@y_z-1"


@pytest.mark.parametrize(
    "given",
    ["", "has space", 'quote"d', "new\nline", "x" * 129, "-starts-with-dash", "ünïcode"],
)
def test_an_insane_incoming_request_id_is_replaced_by_a_fresh_one(db, client, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    fresh = response["X-Request-ID"]
    assert fresh != given
    assert len(fresh) == 32
    assert int(fresh, 16) >= 0


def test_each_request_gets_its_own_id(db, client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


def test_json_log_lines_carry_the_fields_and_keep_a_traceback_inside_the_line():
    logger = logging.getLogger("archive.test")
    record = logger.makeRecord(
        "archive.test",
        logging.ERROR,
        __file__,
        1,
        "failed %s",
        ("here",),
        None,
        extra={"status": 500},
    )
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        record.exc_info = sys.exc_info()
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = JSONFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["request_id"] == "abc123"
    assert fields["message"] == "failed here"
    assert fields["status"] == 500
    assert fields["level"] == "ERROR"
    assert "ZeroDivisionError" in fields["exc_info"]


def test_text_log_lines_cannot_be_split_by_a_path_with_a_newline():
    record = logging.getLogger("archive.request").makeRecord(
        "archive.request", logging.INFO, __file__, 1, "GET %s", ("/a\nFAKE line",), None
    )
    RequestIdFilter().filter(record)
    assert "\n" not in TextFormatter().format(record)
