"""Building blocks every API view shares.

- ``ArchiveViewSet``: a resource's list, detail and writes, with the pagination, formats,
  permissions, conditional GETs and error shape below already wired in.
- Pagination that refuses bad input with a 400 instead of clamping or guessing, and
  reuses the count the ETag needed anyway.
- ``ConditionalMixin``: cheap ETag / Last-Modified on lists, computed *before* the heavy
  query (``ConditionalGetMiddleware`` hashes the finished response, which saves bandwidth
  but not server time; see DESIGN.md).
- Conditional writes: a record's ETag is its version plus a digest of what the reader
  got; PUT, PATCH and DELETE with an ``If-Match`` that no longer matches answer 412, and
  every write is checked against the version it read in the same UPDATE
  (``core.versions``), so two writers never both win.
- One error shape, ``{"detail": ..., "errors": {parameter: [reasons]}}``, for every 4xx.
- ``CSVRenderer``: every list as CSV, nested summaries flattened to dotted columns.
- The token endpoint, and a JSON 404 for any other address under the API.

Serializer building blocks (summaries, citations, cleaned writes) are in
``core.serializers``. Nothing here decides who may see a record: views start from
their resource's selector (``core.registry``), and writes ask
``core.services.review_refusals`` exactly as the admin does.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import threading
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404, QueryDict
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core import outbox, registry, services
from core.api_lists import (
    ALWAYS_RETURNED,
    DETAIL_PARAMETERS,
    LIST_PARAMETERS,
    as_plain_lists,
    csv_plan,
    facet_counts,
    kept_list,
    lean_prefetches,
    lean_representation,
    plain_lists,
    plan_columns,
    refuse_unknown,
    release,
    select_fields,
    without_stored_search,
    without_unread,
    without_unshown_bookkeeping,
)
from core.keyset import BadCursor, Keyset
from core.models import FeedEvent
from core.parsers import BoundedJSONParser
from core.records import PublicationState, Record, Visibility, sees_hidden_records
from core.review import Revision, needs_review, propose
from core.review_api import accepted, change_reason, revision_body
from core.services import ReviewState, review_refusals
from core.spreadsheets import csv_safe
from core.versions import RecordChanged, last_change

ARCHIVE_APPS = ("people", "ventures", "sources")


def absolute_url(request, route: str, query: dict | None = None, **kwargs) -> str:
    """The route's absolute URL (relative without a request), with an optional query.

    Not DRF's ``reverse``, which copies ``?format=csv`` into every link it builds.
    """
    url = (
        _reversed(route, get_script_prefix())
        if not kwargs
        else django_reverse(route, kwargs=kwargs)
    )
    if query:
        url += "?" + urlencode(query)
    return _origin(request) + url if request is not None else url


def detail_url(request, resource: str, pk: int) -> str:
    """A record's API address. A list of fifty records names a few hundred of them, so the
    route is reversed once per process (``reverse`` is most of a summary's cost) and the
    id put in its place."""
    # The router registers each resource under its registry name (archive/api_urls.py);
    # a party's resource is its ``kind``.
    if request is None:
        head, tail = _detail_route(f"api:{resource}-detail", get_script_prefix())
        return f"{head}{int(pk)}{tail}"
    request = getattr(request, "_request", request)
    routes = getattr(request, "_archive_routes", None)
    if routes is None:
        routes = request._archive_routes = {}
    parts = routes.get(resource)
    if parts is None:
        head, tail = _detail_route(f"api:{resource}-detail", get_script_prefix())
        parts = routes[resource] = (_origin(request) + head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"


#: An id no record has, reversed in place of the real one and then replaced by it.
_MARKER = 987654321987654321


@functools.cache
def _reversed(route: str, prefix: str) -> str:
    return django_reverse(route)


@functools.cache
def _detail_route(route: str, prefix: str) -> tuple[str, str]:
    head, tail = django_reverse(route, kwargs={"pk": _MARKER}).split(str(_MARKER))
    return head, tail


def _origin(request) -> str:
    """``scheme://host`` as ``build_absolute_uri`` would prefix a path (asked once per
    request): the paths built here are ASCII and already quoted, so nothing else of
    ``build_absolute_uri`` changes them."""
    request = getattr(request, "_request", request)
    origin = getattr(request, "_archive_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._archive_origin = origin
    return origin


# Errors ------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx response."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For bad input: each offending parameter or field, with its reasons.",
    )


def _reasons(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {reason}" for key, item in value.items() for reason in _reasons(item)]
    if isinstance(value, list | tuple):
        return [reason for item in value for reason in _reasons(item)]
    return [str(value)]


def api_exception_handler(exc, context):
    """DRF's handler, plus model validation and protected deletes, in one error shape.

    Model ``ValidationError`` (from ``full_clean``) becomes a 400 naming the fields; a
    delete blocked by ``PROTECT`` becomes a 409 naming what still refers to the record.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, ProtectedError | RestrictedError):
        blocking = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        exc = Conflict(
            {"detail": "Other records still refer to this one.", "errors": {"id": blocking}}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail", "errors"} and "detail" in data:
        body = {"detail": str(data["detail"])}
        if "errors" in data:
            body["errors"] = {key: _reasons(value) for key, value in data["errors"].items()}
    elif isinstance(data, dict):
        body = {
            "detail": "Invalid input.",
            "errors": {key: _reasons(value) for key, value in data.items()},
        }
    else:
        body = {"detail": "Invalid input.", "errors": {"non_field_errors": _reasons(data)}}
    response.data = body
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the archive's current state."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since the version your If-Match names."


def given_parameters(request) -> QueryDict:
    """The query parameters with a value: an empty one (``?since=``, as an HTML form sends
    an unfilled field) means the same as an absent one, for every parameter of the API."""
    given = QueryDict(mutable=True)
    for name, values in request.query_params.lists():
        values = [value for value in values if value != ""]
        if values:
            given.setlist(name, values)
    return given


def empty_means_absent(result, generator, request, public):
    """Schema hook: say so in the schema (``allowEmptyValue``) for every optional query
    parameter, so a client or fuzzer knows ``?page=`` is ``?page`` left out."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


def schema_truths(result, generator, request, public):
    """Schema hook: what the generated schema would otherwise get wrong.

    - Reads need no credentials: every GET lists "no security" (``{}``) first, so a
      client (or schemathesis' ignored-auth check) knows a token is optional there.
    - Errors are JSON even when the success is CSV: each 4xx/5xx response keeps only
      ``application/json``.
    """
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            security = operation.get("security")
            if method == "get" and security and {} not in security:
                operation["security"] = [{}, *security]
            for code, response in operation.get("responses", {}).items():
                content = response.get("content")
                if str(code)[0] in "45" and content and "application/json" in content:
                    response["content"] = {"application/json": content["application/json"]}
    return result


def selectable_fields(result, generator, request, public):
    """Schema hook: a record read with ``fields=``/``omit=`` may lack any top-level field
    but ``id``, so the records those operations return require only ``id`` (each field's
    description says it is present unless left out). Nested records keep their lists."""
    components = result.get("components", {}).get("schemas", {})

    def named(schema: dict) -> str | None:
        reference = schema.get("$ref")
        return reference.rsplit("/", 1)[-1] if reference else None

    selectable = set()
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            if method != "get" or not {"fields", "omit"} <= names:
                continue
            for code, response in operation.get("responses", {}).items():
                if not str(code).startswith("2"):
                    continue
                record = named(
                    response.get("content", {}).get("application/json", {}).get("schema", {})
                )
                # A list's envelope (``Paginated…List``) names its records in ``results``.
                results = components.get(record, {}).get("properties", {}).get("results")
                if results:
                    record = named(results.get("items", {}))
                if record:
                    selectable.add(record)
    for name in selectable:
        component = components.get(name, {})
        if "required" in component:
            component["required"] = [f for f in component["required"] if f in ALWAYS_RETURNED]
            component["description"] = (
                component.get("description", "")
                + "\n\nEvery field is returned unless `fields=` or `omit=` leaves it out; "
                "`id` always is."
            ).strip()
    return result


def bad_parameter(name: str, reason: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [reason]})


ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input, naming each parameter."),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not visible to you."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}
WRITE_ERROR_RESPONSES = {
    **ERROR_RESPONSES,
    401: OpenApiResponse(ErrorSerializer, description="Writes need a token."),
    403: OpenApiResponse(ErrorSerializer, description="Your groups do not allow this change."),
}


PARSERS = [BoundedJSONParser, FormParser, MultiPartParser]


# Formats -----------------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # A cell starting with "=", "+", "@"… is a formula to a spreadsheet (CSV injection).
    return csv_safe(str(value))


def flatten(row: dict, prefix: str = "") -> dict[str, str]:
    """One CSV row: nested objects become dotted columns (``funder.name``); lists of
    plain values are joined with "; ", lists of objects are kept as JSON text."""
    flat: dict[str, str] = {}
    for key, value in row.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{column}."))
        elif isinstance(value, list):
            if all(not isinstance(item, dict | list) for item in value):
                flat[column] = _csv_cell("; ".join(str(item) for item in value))
            else:
                flat[column] = _csv_cell(json.dumps(value, ensure_ascii=False, default=str))
        else:
            flat[column] = _csv_cell(value)
    return flat


def flatten_planned(row: dict | None, plan: dict, prefix: str = "") -> dict[str, str]:
    """One CSV row with exactly the plan's columns: a nested record that is null leaves
    its columns empty, so every row has every column."""
    flat: dict[str, str] = {}
    for name, sub in plan.items():
        value = None if row is None else row.get(name)
        if sub is None:
            flat.update(
                flatten({name: value}, prefix)
                if not isinstance(value, dict)
                else {
                    f"{prefix}{name}": _csv_cell(json.dumps(value, ensure_ascii=False, default=str))
                }
            )
        else:
            flat.update(
                flatten_planned(value if isinstance(value, dict) else None, sub, f"{prefix}{name}.")
            )
    return flat


class CSVRenderer(BaseRenderer):
    """A list's current page (or one record) as CSV with a header row.

    The header comes from the resource's serializer (``csv_plan`` on the view), so it is
    the same on every page, and present on an empty one. The flow summary adds its
    overall totals as a last row.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = list(data["results"])
            if isinstance(data.get("total"), dict):
                rows.append({"key": None, "label": "Total", **data["total"]})
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        view = (renderer_context or {}).get("view")
        plan = view.csv_plan() if hasattr(view, "csv_plan") else None
        if plan is not None:
            columns = plan_columns(plan)
            flat = [flatten_planned(row, plan) for row in rows]
        else:
            flat = [flatten(row) if isinstance(row, dict) else {"value": str(row)} for row in rows]
            columns = list(dict.fromkeys(column for row in flat for column in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode(self.charset)


class ArchiveAPIMixin:
    """Formats, the error handler and response headers shared by every API view."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    parser_classes = PARSERS

    def get_exception_handler(self):
        return api_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(
            getattr(response, "accepted_renderer", None), CSVRenderer
        ):
            # An error is a JSON object even when the client asked for CSV.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        return response


# Pagination --------------------------------------------------------------------------


def positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise bad_parameter(name, "Must be a whole number of at least 1.")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise bad_parameter(name, f"Must be at most {maximum}.")
    return value


class PagePagination(PageNumberPagination):
    """Numbered pages of the flow summary's groups (a ranking by totals, which has no
    stable key to page by); a bad page or page size is a 400, never clamped."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = positive_int(request, "page_size", self.page_size, self.max_page_size)
        number = positive_int(request, "page", 1)
        paginator = Paginator(queryset, page_size)
        if number > paginator.num_pages:
            raise exceptions.NotFound(
                {
                    "detail": "That page is past the end of the list.",
                    "errors": {"page": [f"There are {paginator.num_pages} pages."]},
                }
            )
        self.page = paginator.page(number)
        return list(self.page)


def wants(request, name: str) -> bool:
    """A yes/no query parameter: ``true`` or ``false`` (or absent); anything else is a 400."""
    raw = given_parameters(request).get(name)
    if raw is None:
        return False
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise bad_parameter(name, "Use true or false.")


class CursorPagination(BasePagination):
    """Keyset pages (``core.keyset``): ``next`` and ``previous`` are signed cursors.

    A deep page costs what the first does, and rows added while a client pages never
    push another row onto a page it already read. The count is a separate,
    whole-list query, so it runs only when asked for (``count=true``).
    """

    page_size = 50
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = positive_int(request, "page_size", self.page_size, self.max_page_size)
        given = given_parameters(request)
        self.count = queryset.count() if wants(request, "count") else None
        keyset = Keyset.of(queryset)
        binding = f"{request.path}|{','.join(given.getlist('ordering'))}"
        values, backwards = None, False
        if "cursor" in given:
            try:
                values, backwards = keyset.decode(given["cursor"], binding)
            except BadCursor as exc:
                raise bad_parameter("cursor", str(exc)) from None
        rows = keyset.page(values, size, backwards, keys_first=getattr(view, "keys_first", False))
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        has_next, has_previous = (True, more) if backwards else (more, values is not None)
        self.next_cursor = keyset.encode(rows[-1], binding) if has_next and rows else None
        self.previous_cursor = (
            keyset.encode(rows[0], binding, backwards=True) if has_previous and rows else None
        )
        return rows

    def link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", cursor)

    def get_paginated_response(self, data):
        body = {"next": self.link(self.next_cursor), "previous": self.link(self.previous_cursor)}
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in zip(("next", "prev"), body.values(), strict=True)
            if url
        ]
        headers = {"Link": ", ".join(links)} if links else {}
        if self.count is not None:
            body["count"] = self.count
            headers["X-Total-Count"] = str(self.count)
        body["results"] = data
        return Response(body, headers=headers)

    def get_schema_operation_parameters(self, view):
        facets = list(getattr(view, "facets", {}))
        parameters = [*CURSOR_PARAMETERS, *FIELD_PARAMETERS]
        if facets:
            parameters.append(
                {
                    "name": "_facet",
                    "in": "query",
                    "required": False,
                    "description": "Add counts per value of this column over the filtered "
                    "list (repeatable). At most 10,000 rows are counted; past that the facet "
                    "says `truncated`.",
                    "schema": {"type": "array", "items": {"type": "string", "enum": facets}},
                    "style": "form",
                    "explode": True,
                }
            )
        return parameters

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                # Each part but the results has its own example, so drf-spectacular can
                # wrap a viewset's one-record example in the envelope.
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "example": None,
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "example": None,
                },
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "How many records the filters select; only with count=true.",
                    "example": 1,
                },
                "facets": {
                    "type": "object",
                    "description": "Counts per value of each `_facet` asked for.",
                    "additionalProperties": FACET_SCHEMA,
                    "example": {},
                },
                "results": schema,
            },
        }


FACET_SCHEMA = {
    "type": "object",
    "required": ["results", "truncated"],
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "value": {"nullable": True},
                    "count": {"type": "integer", "minimum": 0},
                },
            },
        },
        "truncated": {"type": "boolean"},
    },
}

FIELD_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", "maxLength": 500},
    }
    for name, description in (
        ("fields", "Only these top-level fields, comma-separated (`fields=id,name`)."),
        ("omit", "Leave out these top-level fields, comma-separated (`omit=citations`)."),
    )
]

CURSOR_PARAMETERS = [
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "Where the page starts: the `cursor` of a `next` or `previous` link, "
        "as given (opaque and signed). Absent: the first page.",
        "schema": {"type": "string", "maxLength": 2000},
    },
    {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": f"Results per page, 1–{CursorPagination.max_page_size} "
        f"(default {CursorPagination.page_size}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": CursorPagination.max_page_size},
    },
    {
        "name": "count",
        "in": "query",
        "required": False,
        "description": "`true` adds `count` (and `X-Total-Count`): how many records the "
        "filters select. It costs a query over the whole list, so ask only when needed.",
        "schema": {"type": "boolean"},
    },
]


# Conditional GETs --------------------------------------------------------------------


def archive_version() -> datetime | None:
    """The newest change anywhere in the archive, in one cheap query.

    The maximum over every record table's ``updated_at`` and every history table's
    ``history_date`` (both indexed). History catches what ``updated_at`` cannot: a
    citation or alias added, a reference row edited, a record deleted.
    """
    parts = []
    connection = connections[router.db_for_read(Record)]
    quote = connection.ops.quote_name
    for model in apps.get_models():
        if model._meta.app_label not in ARCHIVE_APPS:
            continue
        # A history table copies updated_at; its history_date is what says when.
        for name in ("history_date", "updated_at"):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field in model._meta.local_concrete_fields:
                parts.append(
                    f"SELECT MAX({quote(field.column)}) FROM {quote(model._meta.db_table)}"
                )
                break
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        values = [outbox.as_datetime(row[0]) for row in cursor.fetchall()]
    values = [value for value in values if value is not None]
    return max(values) if values else None


def reader_version(user) -> tuple[str, datetime | None]:
    """What a reader's view of the archive is at: a token for ETags, and its time.

    For the public (and every user who sees only public records), the changes feed's
    outbox position (``core.outbox``): it moves exactly when something an anonymous
    reader can see changes, so an edit to a hidden record changes no public ETag or
    Last-Modified, and it is one indexed MAX, read before any list query. Those who see
    hidden records get ``archive_version()``, which hidden edits move too.
    """
    if sees_hidden_records(user):
        moment = archive_version()
        return f"t{moment}", moment
    position, moment = outbox.latest(router.db_for_read(FeedEvent) or DEFAULT_DB_ALIAS)
    return f"p{position}", moment


def etag_for(request, *parts) -> str:
    """A quoted ETag from what decides the response: who asks, what, in which format."""
    user = request.user
    scope = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    renderer = getattr(request, "accepted_renderer", None)
    key = "|".join(
        str(part)
        for part in (scope, request.get_full_path(), getattr(renderer, "format", ""), *parts)
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def record_etag(record, data, fmt: str) -> str:
    """A record's ETag: its version, and a digest of what the reader got.

    The version changes with every save of the record (and of its aliases, goods and
    conversions); the digest also changes when something the record shows changes (a
    new citation, a renamed funder), so a 304 is never stale and an If-Match names
    exactly what the writer saw. The format is part of it, as the bytes differ.
    """
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(f"{fmt}|{body}".encode()).hexdigest()[:24]
    return f'"v{record.version}-{digest}"'


class ConditionalMixin:
    """ETag and Last-Modified on reads, and 304 for a client that already has them.

    Both come from ``reader_version()`` plus what identifies this response (its path,
    format and reader), computed before the page is fetched and serialized.
    """

    def conditional(self, *parts) -> tuple[Response | None, dict[str, str]]:
        token, version = reader_version(self.request.user)
        etag = etag_for(self.request, token, *parts)
        headers = {"ETag": etag}
        last_modified = None
        if version is not None:
            last_modified = int(version.timestamp())
            headers["Last-Modified"] = http_date(last_modified)
        answer = get_conditional_response(
            self.request._request, etag=etag, last_modified=last_modified
        )
        if answer is not None:
            return Response(status=answer.status_code, headers=headers), headers
        return None, headers

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            # Revalidate every time: the ETag makes that cheap.
            patch_cache_control(response, no_cache=True)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True)
        return response


# Permissions -------------------------------------------------------------------------


class ArchivePermission(DjangoModelPermissions):
    """Anyone reads; writes need the model permission the admin needs (add, change,
    delete). Publishing is checked separately, by ``review_refusals``."""

    authenticated_users_only = False

    def has_permission(self, request, view):
        # Reads need no model permission (``perms_map`` asks none of GET, HEAD, OPTIONS),
        # so do not build the list's queryset, prefetches and all, only to learn its model:
        # that was a third of a 304's time.
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)


# Viewsets ----------------------------------------------------------------------------


class GivenParametersFilterBackend(DjangoFilterBackend):
    """django-filter, reading an empty parameter (``?kind=``) as an absent one."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = given_parameters(request)
        return kwargs


class ArchiveSchema(AutoSchema):
    """Documents the filter parameters on every action that honours them, not only
    ``list`` (the flow summary takes the flow filters too)."""

    def get_filter_backends(self):
        if getattr(self.view, "action", None) in getattr(self.view, "filtered_actions", ()):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()


def with_stable_order(queryset: QuerySet) -> QuerySet:
    """The queryset's order with the primary key last, so pages never overlap or skip."""
    ordering = list(queryset.query.order_by)
    if not ordering and queryset.query.default_ordering:
        ordering = list(queryset.model._meta.ordering)
    if ordering and ordering[-1] in ("pk", "id", "-pk", "-id"):
        return queryset.order_by(*ordering)
    return queryset.order_by(*ordering, "pk")


#: The records an anonymous reader reads, per thread and resource (``get_queryset``).
_anonymous_reads = threading.local()


class ArchiveViewSet(ArchiveAPIMixin, ConditionalMixin, viewsets.ModelViewSet):
    """A resource: list and detail for everyone, writes for those the admin lets write.

    Subclasses give ``read_serializer_class``, ``write_serializer_class`` and
    ``filterset_class``. The rows come from the resource's ``records(user)`` in the
    registry (``core.registry``), the same read every other surface starts from: the
    router registers each viewset under its resource's name, its ``basename``.
    """

    permission_classes = [ArchivePermission]
    pagination_class = CursorPagination
    filter_backends = [GivenParametersFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]{1,18}"
    read_serializer_class: type[serializers.Serializer]
    write_serializer_class: type[serializers.Serializer]
    #: Whether writes go through the publication review (records do, reference rows not).
    reviewed = True
    #: The actions the filter parameters apply to (and are documented for).
    filtered_actions = ("list",)
    schema = ArchiveSchema()
    #: ``_facet`` names and the column each counts (reference values only: a facet on a
    #: link to a record that may be hidden would reveal it).
    facets: dict[str, str] = {}
    #: What only the fields ``fields=``/``omit=`` left out read (``select_fields``).
    unread: frozenset[str] = frozenset()
    #: Whether a page's keys are read before its rows (``Keyset.page``): for a list whose
    #: order and filtered columns one index of its own table holds.
    keys_first = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            refuse_unknown(request, self.allowed_parameters())

    def allowed_parameters(self) -> set[str]:
        if self.action in self.filtered_actions:
            return {*self.filterset_class.base_filters, *LIST_PARAMETERS}
        return set(DETAIL_PARAMETERS)

    #: The list's ``plan_key`` (``kept_list``), None when its plan is not kept.
    plan_key: tuple | None = None

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "list" and kwargs.get("many") and not args:
            # Trimmed once per field choice and reader, then kept (``kept_list``):
            # ``release`` it after use.
            serializer, self.unread, self.plan_key = kept_list(serializer, self.request)
        elif self.action in ("list", "retrieve"):
            self.unread = select_fields(serializer, self.request)
        return serializer

    def csv_plan(self) -> dict:
        if self.action not in ("list", "retrieve"):
            return None
        serializer = self.get_serializer(many=self.action == "list")
        try:
            return csv_plan(serializer)
        finally:
            if self.action == "list":
                release(serializer)

    def get_queryset(self):
        declared = registry.resource(self.basename)
        user = self.request.user
        if getattr(user, "is_authenticated", False):
            return declared.records(user)
        # Every anonymous reader reads the same rows: their read (the selector, its joins
        # and prefetches, ~1-3 ms of building querysets) is built once per resource and
        # thread, and each request evaluates its own copy, never the kept one.
        reads = _anonymous_reads.__dict__.setdefault("reads", {})
        if self.basename not in reads:
            reads[self.basename] = declared.records(user)
        return reads[self.basename].all()

    def filter_queryset(self, queryset):
        # Filters select lists; a detail or a write answers for its id alone.
        if self.action in self.filtered_actions:
            queryset = super().filter_queryset(queryset)
        return with_stable_order(queryset)

    def valid_filterset(self) -> FilterSet:
        """The list's FilterSet over the reader's records, valid, or a 400 naming each
        field and its reason, as ``filter_queryset`` refuses it: for an action that needs
        the filters themselves as well as their rows (the flow summary's figures)."""
        filterset = GivenParametersFilterBackend().get_filterset(
            self.request, self.get_queryset(), self
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.read_serializer_class

    def list(self, request, *args, **kwargs):
        # The ETag needs no query but the archive's version, so a 304 runs no list query.
        not_modified, headers = self.conditional("list")
        if not_modified is not None:
            return not_modified
        queryset = self.filter_queryset(self.get_queryset())
        facets = facet_counts(queryset, self.facets, request)
        # The fields asked for first, so a page loads only what they show.
        serializer = self.get_serializer(many=True)
        try:
            # Neither the fields dropped nor the search columns no field shows are read.
            shown = without_stored_search(without_unread(queryset, self.unread))
            shown = without_unshown_bookkeeping(shown, serializer)
            shown = as_plain_lists(shown, plain_lists(serializer))
            shown = lean_prefetches(shown)
            serializer.instance = self.paginate_queryset(shown)
            response = self.get_paginated_response(
                lean_representation(serializer, key=self.plan_key)
            )
        finally:
            release(serializer)
        if facets is not None:
            response.data["facets"] = facets
        for name, value in headers.items():
            response[name] = value
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.visible_object()
        data = self.get_serializer(record).data
        etag = record_etag(record, data, request.accepted_renderer.format)
        _, version = reader_version(request.user)
        headers = {"ETag": etag}
        last_modified = None
        if version is not None:
            last_modified = int(version.timestamp())
            headers["Last-Modified"] = http_date(last_modified)
        answer = get_conditional_response(request._request, etag=etag, last_modified=last_modified)
        if answer is not None:
            return Response(status=answer.status_code, headers=headers)
        return Response(data, headers=headers)

    def visible_object(self):
        """The record the URL names, if the user may see it; read once per request."""
        if getattr(self, "_visible_object", None) is None:
            try:
                self._visible_object = self.get_object()
            except Http404:
                raise exceptions.NotFound("No such record.") from None
        return self._visible_object

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_review(None, serializer.validated_data)
        instance = serializer.save()
        self.after_write(instance)
        return self.written(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with self.guarded_write():
            instance = self.locked_object()
            before = ReviewState.of(instance) if self.reviewed else None
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.check_review(before, serializer.validated_data)
            if self.reviewed and needs_review(request.user, instance):
                return self.propose_write(serializer, instance)
            self.after_write(serializer.save())
            return self.written(instance, status.HTTP_200_OK)

    def propose_write(self, serializer, instance) -> Response:
        """A write to a published record by someone who may not publish: nothing of it is
        written but a pending revision (``core.review``), answered 202. Restricting never
        waits, as in the admin."""
        values, rows = serializer.proposal(instance)
        if values.get("visibility") == Visibility.RESTRICTED:
            del values["visibility"]
            services.restrict([instance], self.request.user)
        if not values and not rows:
            return self.written(instance, status.HTTP_200_OK)
        revision = propose(
            instance,
            values,
            user=self.request.user,
            reason=change_reason(self.request),
            base_version=instance.version,
            rows=rows,
        )
        return accepted(self.request, revision)

    def destroy(self, request, *args, **kwargs):
        with self.guarded_write():
            instance = self.locked_object()
            instance._history_user = request.user
            instance.delete()
            self.after_write(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def written(self, instance, code: int) -> Response:
        """The record as a read returns it, with its new ETag; or 204 if the write hid it
        from the writer."""
        fresh = self.get_queryset().filter(pk=instance.pk).first()
        if fresh is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self.read_serializer_class(fresh, context=self.get_serializer_context()).data
        headers = {"ETag": record_etag(fresh, data, self.request.accepted_renderer.format)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = data["url"]
        return Response(data, status=code, headers=headers)

    # Concurrent writes ---------------------------------------------------------------

    @contextmanager
    def guarded_write(self):
        """One transaction for the write; a change that slipped in is a 412 or 409."""
        try:
            with transaction.atomic():
                yield
        except RecordChanged as changed:
            raise self.refusal(changed.record, during=True) from changed

    def locked_object(self):
        """The record to write, read after locking its row, and checked against If-Match.

        The lock (``SELECT … FOR UPDATE`` on PostgreSQL) makes a concurrent writer of the
        same record, or of a row that is part of it, wait until this write commits; so
        what If-Match is compared with stays true until the write.
        """
        model = self.get_queryset().model
        owner = model._meta.get_field("version").model._meta.concrete_model
        list(owner._base_manager.select_for_update().filter(pk=self.kwargs["pk"]).values("pk"))
        instance = self.visible_object()
        header = self.request.headers.get("If-Match")
        if header is not None and not self.if_match_passes(instance, header):
            raise self.refusal(instance, during=False)
        return instance

    def if_match_passes(self, instance, header: str) -> bool:
        tags = parse_etags(header)
        if "*" in tags:
            return True
        data = self.read_serializer_class(instance, context=self.get_serializer_context()).data
        current = {record_etag(instance, data, r.format) for r in self.get_renderers()}
        return bool(current & set(tags))

    def refusal(self, record, during: bool) -> exceptions.APIException:
        """Nothing was written: say who changed the record and when, as the admin does."""
        who, when = last_change(record)
        if "If-Match" in self.request.headers:
            reason = (
                f"The record was changed by {who} at {when}; your If-Match names an "
                "earlier version (or is not an ETag this API gave)."
            )
            return PreconditionFailed(
                {
                    "detail": "This record changed since you read it; nothing was saved. "
                    "Read it again (GET), then send your change with its new ETag.",
                    "errors": {"If-Match": [reason]},
                }
            )
        moment = "while your request was being processed" if during else "since you read it"
        return Conflict(
            {
                "detail": f"This record was changed by {who} at {when} {moment}; nothing "
                "was saved. Read it again and retry, with If-Match to be sure.",
            }
        )

    def after_write(self, instance) -> None:
        """Recompute what is derived from the record (USD estimates, for flows and rates)."""

    def check_review(self, before: ReviewState | None, data: dict) -> None:
        """Refuse (403) a publication change the writer's groups do not allow."""
        if not self.reviewed:
            return
        fallback = before or ReviewState(PublicationState.DRAFT, Visibility.PUBLIC)
        after = ReviewState(
            data.get("publication_state", fallback.publication_state),
            data.get("visibility", fallback.visibility),
        )
        refusals = review_refusals(self.request.user, before, after)
        if refusals:
            raise exceptions.PermissionDenied(
                {
                    "detail": "Your groups do not allow this publication change.",
                    "errors": {field: [reason] for field, reason in refusals.items()},
                }
            )


HIDDEN_BY_WRITE = OpenApiResponse(
    None, description="Written, but no longer visible to you (you restricted it)."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag a read of this record gave. If the record changed since, the "
    "write is refused with 412 and nothing is saved. Without it the write is still "
    "refused (409) if the record changes while the request is processed, but not if it "
    "changed before.",
)
CHANGED_RESPONSES = {
    409: OpenApiResponse(ErrorSerializer, description="Changed while being written; retry."),
    412: OpenApiResponse(ErrorSerializer, description="Changed since the If-Match version."),
}


def document_resource(read, write, noun: str, plural: str, list_examples=()) -> dict:
    """``extend_schema_view`` arguments for a resource's seven operations."""
    return {
        "list": extend_schema(
            summary=f"List {plural}",
            description=f"Published public {plural} (Archivists and Editors also see drafts "
            "and restricted records), filtered by the parameters below, one page at a time. "
            "`?format=csv` gives the same page as CSV.",
            responses={200: read(many=True), **ERROR_RESPONSES},
            examples=list(list_examples),
        ),
        "retrieve": extend_schema(
            summary=f"One {noun}",
            description=f"One {noun} with its related records as summaries and its citations. "
            "A record you may not see answers 404, exactly like one that does not exist.",
            responses={200: read, **ERROR_RESPONSES},
            parameters=[
                OpenApiParameter(p["name"], OpenApiTypes.STR, description=p["description"])
                for p in FIELD_PARAMETERS
            ],
        ),
        "create": extend_schema(
            summary=f"Create a {noun}",
            description="Needs a token with the `add` permission. A new record starts as a "
            "draft unless your groups may publish.",
            request=write,
            responses={201: read, 204: HIDDEN_BY_WRITE, **WRITE_ERROR_RESPONSES},
        ),
        "update": extend_schema(
            summary=f"Replace a {noun}",
            description="Send the ETag of your read as If-Match, so a change made since "
            "is not overwritten.",
            request=write,
            parameters=[IF_MATCH],
            responses={
                200: read,
                204: HIDDEN_BY_WRITE,
                **WRITE_ERROR_RESPONSES,
                **CHANGED_RESPONSES,
            },
        ),
        "partial_update": extend_schema(
            summary=f"Change a {noun}",
            description="Only an Editor may change `publication_state` or make a restricted "
            "record public. Send the ETag of your read as If-Match.",
            request=write,
            parameters=[IF_MATCH],
            responses={
                200: read,
                204: HIDDEN_BY_WRITE,
                **WRITE_ERROR_RESPONSES,
                **CHANGED_RESPONSES,
            },
        ),
        "destroy": extend_schema(
            summary=f"Delete a {noun}",
            description="Needs the `delete` permission (Editors). 409 while other records "
            "still refer to it, or if it changes while being deleted; 412 if it changed "
            "since the If-Match version.",
            parameters=[IF_MATCH],
            responses={
                204: None,
                **WRITE_ERROR_RESPONSES,
                **CHANGED_RESPONSES,
                409: OpenApiResponse(
                    ErrorSerializer, description="Still referred to, or changed meanwhile."
                ),
            },
        ),
    }


class IndexView(ArchiveAPIMixin, APIView):
    """``/api/v1/``: where everything is, so a client can start from one address."""

    renderer_classes = [JSONRenderer]
    routes: dict[str, str] = {}

    @extend_schema(
        summary="Index of the API",
        description="Every resource list and every other address of the API, by name.",
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
        auth=[],
    )
    def get(self, request):
        refuse_unknown(request, {"format"})
        return Response(
            {
                "name": "North Korean entrepreneurship funding archive API",
                "version": "v1",
                "documentation": absolute_url(request, "api:docs"),
                "resources": {
                    name: absolute_url(request, route) for name, route in self.routes.items()
                },
            }
        )


class RevisionView(ArchiveAPIMixin, APIView):
    """``/api/v1/revisions/{id}/``: a change waiting for an Editor (``core.review_api``),
    for its author and for those who may see hidden records; anyone else gets 404."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="A change waiting for review",
        description="What an Archivist's write to a published record proposed (the "
        "`Location` of its 202 answer), and whether an Editor approved or rejected it.",
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        refuse_unknown(request, {"format"})
        revision = Revision.objects.select_related("author", "content_type").filter(pk=pk)
        revision = revision.first()
        user = request.user
        mine = revision is not None and user.is_authenticated and revision.author_id == user.pk
        if revision is None or not (mine or sees_hidden_records(user)):
            raise exceptions.NotFound("No such change.")
        return Response(revision_body(request, revision))


class NotFoundView(ArchiveAPIMixin, APIView):
    """Any other address under the API: a 404 in the API's error shape."""

    renderer_classes = [JSONRenderer]
    schema = None

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound("No such API address; see /api/v1/docs/.")

    post = put = patch = delete = get


# Tokens ------------------------------------------------------------------------------


class PasswordGuessThrottle(AnonRateThrottle):
    """Password guesses per client address, counted apart from (and far below) reads.

    Counts live in Django's default cache: shared by every worker and server when the
    cache is (``CACHE_URL``). The client address is the one ``NUM_PROXIES`` trusted
    proxies report, so a forged ``X-Forwarded-For`` does not reset the count.
    """

    scope = "auth"


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send it as "Authorization: Token <token>".')


class ObtainTokenView(ArchiveAPIMixin, ObtainAuthToken):
    """Trade a username and password for the token that authorises writes.

    Throttled like every anonymous request (DRF's own view is not), so it cannot be
    used to guess passwords at speed.
    """

    renderer_classes = [JSONRenderer]
    parser_classes = PARSERS
    throttle_classes = [PasswordGuessThrottle, AnonRateThrottle]

    @extend_schema(
        summary="Obtain an API token",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, **ERROR_RESPONSES},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
