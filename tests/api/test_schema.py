"""The OpenAPI schema, its docs page, and a schemathesis run against the live API.

The schemathesis run fuzzes every GET operation's parameters, with data that fits the
schema and data that does not, and checks: no server error, responses (status, content
type, headers, body) as the schema says, and bad input refused. Examples are few and
the run is bounded so the suite stays quick.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

EXAMPLES = 6
# Every check of `--checks all` that judges one response, except
# positive_data_acceptance: a schema-valid string is not always an existing record's
# slug (`?funder=nobody`), and the API rightly answers that with a 400 naming it.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    use_after_free,
]


def test_the_schema_is_openapi_3_and_documents_every_resource(db, anonymous):
    response = anonymous.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for resource in (
        "sources",
        "people",
        "organizations",
        "ventures",
        "roles",
        "funding-flows",
        "places",
        "sectors",
        "exchange-rates",
        "citations",
    ):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    for extra in ("funding-flows/summary", "graph", "changes", "auth/token"):
        assert f"/api/v1/{extra}/" in paths
    assert "/api/v1/exports/ftm.json" in paths


def parameters(schema: dict, path: str) -> set[str]:
    return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}


def test_every_parameter_is_declared(db, anonymous):
    schema = anonymous.get("/api/v1/schema/?format=json").json()
    assert {"q", "updated_since", "ordering", "sector", "cursor", "page_size", "format"} <= (
        parameters(schema, "/api/v1/ventures/")
    )
    summary = parameters(schema, "/api/v1/funding-flows/summary/")
    assert {"group_by", "recipient", "funder", "year_from", "page"} <= summary
    assert {"party", "depth"} <= parameters(schema, "/api/v1/graph/")
    assert {"since", "cursor", "resource", "page_size"} <= parameters(schema, "/api/v1/changes/")


def test_operations_have_descriptions_and_examples(db, anonymous):
    schema = anonymous.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") or operation.get("description"), (path, method)
    summary = schema["paths"]["/api/v1/funding-flows/summary/"]["get"]
    assert summary["responses"]["200"]["content"]["application/json"]["examples"]


def test_the_docs_page_is_served_from_static_files(db, anonymous):
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert anonymous.get("/api/v1/redoc/").status_code == 200


@contextmanager
def served_in_this_transaction():
    """Let a raw WSGI app run inside the test's transaction, as Django's test client does:
    closing "old" connections at the end of each request would end the transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(
        AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "auth": "100000/minute"}
    )


def fuzz(operation, mode: GenerationMode, failures: list[str], headers=None) -> None:
    checks = [*CHECKS, negative_data_rejection] if mode == GenerationMode.NEGATIVE else CHECKS
    if headers and "Authorization" in headers:
        # The token is a real one: ignored_auth would take it for a made-up credential.
        checks = [check for check in checks if check is not ignored_auth]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # a fixed seed: the same cases on every run
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        # gzip is transport, not schema: a raw WSGI call does not undo it as HTTP clients do.
        response = case.call(headers={"Accept-Encoding": "identity", **(headers or {})})
        try:
            case.validate_response(response, checks=checks)
        except Exception as failure:
            failures.append(f"{mode} {operation.label}: {failure}")
            raise

    recorded = len(failures)
    try:
        run()
    except Unsatisfiable:
        pass  # nothing to negate: the operation takes no parameter a client could get wrong
    except Exception:
        if len(failures) == recorded:
            raise
        del failures[recorded:-1]  # Hypothesis shrank them to the last; report that one


def test_schemathesis_finds_no_server_error_and_no_schema_violation(archive, unthrottled):
    with served_in_this_transaction() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
        failures: list[str] = []
        operations = [result.ok() for result in schema.get_all_operations()]
        reads = [op for op in operations if op.method.upper() == "GET"]
        assert len(reads) >= 25
        for operation in reads:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(operation, mode, failures)
    assert not failures, "\n\n".join(failures)


def test_schemathesis_finds_no_server_error_in_writes(archive, unthrottled, editor):
    """Writes as an Editor: whatever the body, a 2xx or a 4xx, never a 500."""
    token = editor._credentials["HTTP_AUTHORIZATION"]
    with served_in_this_transaction() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
        failures: list[str] = []
        writes = [
            result.ok()
            for result in schema.get_all_operations()
            if result.ok().method.upper() in ("POST", "PUT", "PATCH", "DELETE")
            and "auth/token" not in result.ok().path
        ]
        assert len(writes) >= 30
        for operation in writes:
            fuzz(operation, GenerationMode.POSITIVE, failures, {"Authorization": token})
    assert not failures, "\n\n".join(failures)


def test_the_schema_says_reads_need_no_token_and_errors_are_json(db, anonymous):
    schema = anonymous.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get" and operation.get("security"):
                assert {} in operation["security"], path
            for code, response in operation.get("responses", {}).items():
                if code[0] in "45" and response.get("content"):
                    assert set(response["content"]) == {"application/json"}, (path, code)
    people = schema["paths"]["/api/v1/people/"]["get"]
    assert {"cursor", "count", "fields", "omit", "_facet"} <= {
        p["name"] for p in people["parameters"]
    }
