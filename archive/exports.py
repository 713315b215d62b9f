"""Bulk downloads of the public archive: a JSON Lines dump and a FollowTheMoney export.

Both stream in primary-key order with bounded memory and a query count that grows with
the archive, not with each row: the dump reads each resource through one server-side
cursor (``streamed``) and represents rows with its read serializer compiled once
(``compile_representation``); the FtM export reads keyset batches (``ftm.batches``).
Both hold published public records only, whoever downloads them: an export is a
public artefact. Both carry an ETag, so a mirror can poll cheaply.

The dump's first line gives the changes feed's ``cursor`` as of the moment before the
first record was read; ``/api/v1/changes/?cursor=<that cursor>`` then brings a copy up to
date (a change made while the dump streamed may come again as an event: applying it
twice is harmless).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Manager, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.relations import PKOnlyObject
from rest_framework.renderers import BaseRenderer
from rest_framework.views import APIView

from archive import ftm
from archive.changes import current_cursor
from core.api import (
    ArchiveAPIMixin,
    ConditionalMixin,
    ErrorSerializer,
    absolute_url,
    detail_url,
)
from core.records import PUBLIC
from core.registry import resources
from core.serializers import Summary
from people.serializers import PartySerializer, RecordSerializer, RoleInlineSerializer
from sources.serializers import CITATION_TARGETS, CitationDetailSerializer, SourceSerializer

JSON_LINES = "application/x-ndjson"


class JSONLinesRenderer(BaseRenderer):
    """Only names the format: the views stream their own body."""

    media_type = JSON_LINES
    format = "jsonl"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if data is not None else b""


class AlwaysJSONLines(BaseContentNegotiation):
    """A download is JSON Lines whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str) + "\n"


# Representing rows fast ----------------------------------------------------------------
#
# DRF builds a serializer's fields for every instance it is given and walks them through
# generic lookups; Django reverses every link from the URL patterns. Per row that cost
# ~2 ms (433 lines/s streaming the 10x archive). The dump instead compiles each read
# serializer once: the same bound fields, in the same order, each turned into one
# function, with the record links every row carries formatted from a template.
# tests/api/test_export_rows.py holds the result equal to ``serializer(row).data``.

Represent = Callable[[object], object]
#: A primary key no record has; its digits in a reversed URL mark where a pk goes.
PROBE = 918273645546372819


class Links:
    """The API's addresses, each route reversed once and then formatted."""

    def __init__(self, request):
        self.request = request
        self.details: dict[str, tuple[str, str]] = {}
        self.lists: dict[str, str] = {}

    def detail(self, resource: str, pk: int) -> str:
        """``detail_url(request, resource, pk)``."""
        try:
            head, tail = self.details[resource]
        except KeyError:
            head, _, tail = detail_url(self.request, resource, PROBE).partition(str(PROBE))
            self.details[resource] = head, tail
        return f"{head}{pk}{tail}"

    def query(self, route: str, name: str, value) -> str:
        """``absolute_url(request, route, {name: value})``: the query is ASCII once
        encoded, so making the path absolute first changes nothing."""
        try:
            base = self.lists[route]
        except KeyError:
            base = self.lists[route] = absolute_url(self.request, route) + "?"
        return base + urlencode({name: value})


def _backs(links: Links, serializer, citation) -> dict:
    """``CitationDetailSerializer.get_backs`` with its link from ``Links``."""
    for name, resource in CITATION_TARGETS.items():
        target = getattr(citation, name) if getattr(citation, f"{name}_id") else None
        if target is not None:
            kind = resource or target.kind
            url = links.detail(kind, target.pk)
            return {"type": kind, "id": target.pk, "name": str(target), "url": url}
    raise AssertionError("A citation backs exactly one record.")


#: Serializer methods that only format a link, and the same link from ``Links``.
LINKS = {
    Summary.get_url: lambda links, ser, obj: links.detail(ser.get_resource(obj), obj.pk),
    RecordSerializer.get_url: lambda links, ser, obj: links.detail(ser.resource, obj.pk),
    RoleInlineSerializer.get_url: lambda links, ser, obj: links.detail("role", obj.pk),
    SourceSerializer.get_url: lambda links, ser, obj: links.detail("source", obj.pk),
    CitationDetailSerializer.get_url: lambda links, ser, obj: links.detail("citation", obj.pk),
    PartySerializer.get_funding_flows_url: lambda links, ser, obj: links.query(
        "api:funding-flow-list", "party", obj.slug
    ),
    PartySerializer.get_graph_url: lambda links, ser, obj: links.query(
        "api:graph", "party", obj.pk
    ),
    SourceSerializer.get_citations_url: lambda links, ser, obj: links.query(
        "api:citation-list", "source", obj.slug
    ),
    CitationDetailSerializer.get_backs: _backs,
}


def _method(field: serializers.SerializerMethodField, links: Links) -> Represent:
    serializer = field.parent
    link = LINKS.get(getattr(type(serializer), field.method_name))
    if link is None:
        return getattr(serializer, field.method_name)
    return lambda obj: link(links, serializer, obj)


def _attribute(field: Field) -> Callable[[object], object]:
    """``field.get_attribute``, with a plain ``getattr`` where that is all it does."""
    generic = field.get_attribute
    if type(field).get_attribute is not Field.get_attribute or len(field.source_attrs) != 1:
        return generic
    (name,) = field.source_attrs

    def attribute(instance):
        try:
            value = getattr(instance, name)
        except Exception:  # DRF's own lookup decides: None, a default or a skip.
            return generic(instance)
        return generic(instance) if callable(value) else value

    return attribute


def _field(field: Field, links: Links) -> Represent:
    if isinstance(field, serializers.SerializerMethodField):
        return _method(field, links)
    attribute = _attribute(field)
    if isinstance(field, serializers.ListSerializer):
        child = compile_representation(field.child, links)

        def represent(instance):
            value = attribute(instance)
            if value is None:
                return None
            rows = value.all() if isinstance(value, Manager | QuerySet) else value
            return [child(row) for row in rows]

        return represent
    if isinstance(field, serializers.Serializer):
        to_representation = compile_representation(field, links)
    else:
        to_representation = field.to_representation

    def represent(instance):
        value = attribute(instance)
        if value is None or (isinstance(value, PKOnlyObject) and value.pk is None):
            return None
        return to_representation(value)

    return represent


def compile_representation(serializer, links: Links) -> Represent:
    """``serializer.to_representation`` as one function of the instance, built once."""
    if type(serializer).to_representation is not serializers.Serializer.to_representation:
        return serializer.to_representation
    plan = [(field.field_name, _field(field, links)) for field in serializer._readable_fields]

    def represent(instance) -> dict:
        data = {}
        for name, value in plan:
            try:
                data[name] = value(instance)
            except SkipField:
                continue
        return data

    return represent


#: Rows a server-side cursor fetches at a time; prefetches run once per batch.
BATCH = 1000
#: Enough for the hashed visibility subqueries of a 10x archive (~30 MB of ids), for
#: the export's transaction only.
WORK_MEM = "128MB"


def streamed(queryset: QuerySet) -> Iterator:
    """Every row in primary-key order from ONE query through a server-side cursor.

    Keyset batches ran the query again for each batch, and a selector's visibility
    (``IN`` subqueries over every public party, flow and role) costs seconds to plan
    and hash each time: 1.6M citations took ~5 s a batch of 500 at 10x. One cursor
    builds those hashes once. Inside a transaction PostgreSQL streams the cursor
    instead of materialising the whole result first (a ``WITH HOLD`` cursor would).

    The transaction also lets the subqueries' hash tables fit: with PostgreSQL's default
    ``work_mem`` (4 MB) the set of 316k public parties does not, and the planner falls
    back to scanning that set again for every citation (~250 s before the first row).
    """
    with transaction.atomic(using=queryset.db):
        connection = transaction.get_connection(queryset.db)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = %s", [WORK_MEM])
        yield from queryset.order_by("pk").iterator(chunk_size=BATCH)


def dump_lines(request) -> Iterator[str]:
    taken = timezone.now()
    dumped = resources()
    # Read before any record, so every change the dump may miss comes after it.
    cursor = current_cursor()
    meta = {"type": "meta", "taken_at": taken.isoformat(), "cursor": cursor}
    yield line({**meta, "resources": [resource.name for resource in dumped]})
    links = Links(request)
    for resource in dumped:
        # The same read and representation as the API gives an anonymous client.
        serializer = resource.read_serializer(context={"request": request})
        represent = compile_representation(serializer, links)
        for record in streamed(resource.records(PUBLIC)):
            yield line({"type": resource.name, "id": record.pk, "data": represent(record)})


class DownloadView(ArchiveAPIMixin, ConditionalMixin, APIView):
    renderer_classes = [JSONLinesRenderer]
    content_negotiation_class = AlwaysJSONLines
    filename = ""

    def lines(self, request) -> Iterator[str]:
        raise NotImplementedError

    def get(self, request):
        not_modified, headers = self.conditional(self.filename)
        if not_modified is not None:
            return not_modified
        response = StreamingHttpResponse(self.lines(request), content_type=JSON_LINES)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        for name, value in headers.items():
            response[name] = value
        return response


DOWNLOAD_RESPONSES = {
    (200, JSON_LINES): OpenApiResponse(OpenApiTypes.STR, description="One JSON object a line."),
    (429, "application/json"): OpenApiResponse(ErrorSerializer, description="Too many requests."),
}


class ArchiveDumpView(DownloadView):
    """The whole public archive as JSON Lines, one record a line, as the API shows it."""

    filename = "nk-funding-archive.jsonl"

    @extend_schema(
        summary="Bulk download: the public archive as JSON Lines",
        description=__doc__ + "\n\nEach line is `{type, id, data}`; `data` is the record "
        "exactly as its detail endpoint returns it. The first line is "
        "`{type: meta, taken_at, cursor, resources}`: follow `/api/v1/changes/?cursor=` "
        "from that cursor to keep the copy current.",
        responses=DOWNLOAD_RESPONSES,
    )
    def get(self, request):
        return super().get(request)

    def lines(self, request) -> Iterator[str]:
        return dump_lines(request)


class FollowTheMoneyView(DownloadView):
    """The public archive as FollowTheMoney entities, one JSON entity a line."""

    filename = "nk-funding-archive.ftm.json"

    @extend_schema(
        summary="Bulk download: FollowTheMoney entities",
        description=ftm.__doc__,
        responses=DOWNLOAD_RESPONSES,
    )
    def get(self, request):
        return super().get(request)

    def lines(self, request) -> Iterator[str]:
        return (line(entity) for entity in ftm.entities())
