"""Bulk downloads of the public archive: a JSON Lines dump and a FollowTheMoney export.

Both stream in primary-key order with bounded memory and a query count that grows with
the archive, not with each row: the dump reads each resource through one server-side
cursor (``streamed``) and represents rows with its read serializer compiled once, as
the API's lists do (``core.api_lists.representation_plan``); the FtM export reads keyset
batches (``core.keyset.batches``).
Both hold published public records only, whoever downloads them: an export is a
public artefact. Both carry an ETag, so a mirror can poll cheaply.

The dump's first line gives the changes feed's ``cursor`` as of the moment before the
first record was read; ``/api/v1/changes/?cursor=<that cursor>`` then brings a copy up to
date (a change made while the dump streamed may come again as an event: applying it
twice is harmless).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.views import APIView

from archive import ftm
from archive.changes import current_cursor
from core.api import ArchiveAPIMixin, ConditionalMixin, ErrorSerializer
from core.api_lists import (
    as_plain_lists,
    lean_prefetches,
    plain_lists,
    representation_plan,
    without_stored_search,
)
from core.records import PUBLIC
from core.registry import resources

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
                # set_config, not SET: SET takes no bound parameter (server-side binding).
                cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])
        yield from without_stored_search(queryset).order_by("pk").iterator(chunk_size=BATCH)


def dump_lines(request) -> Iterator[str]:
    taken = timezone.now()
    dumped = resources()
    # Read before any record, so every change the dump may miss comes after it.
    cursor = current_cursor()
    meta = {"type": "meta", "taken_at": taken.isoformat(), "cursor": cursor}
    yield line({**meta, "resources": [resource.name for resource in dumped]})
    for resource in dumped:
        # The same read and representation as the API gives an anonymous client, and the
        # same plan its lists follow (links reversed once per route, not once per row).
        serializer = resource.read_serializer(context={"request": request})
        represent = representation_plan(serializer)
        # Nested lists as a list's page reads them (``lean_prefetches``), per batch.
        records = as_plain_lists(resource.records(PUBLIC), plain_lists(serializer))
        for record in streamed(lean_prefetches(without_stored_search(records))):
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
