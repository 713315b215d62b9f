"""The changes feed: what a syncing client must store or drop, in commit order.

Served from the outbox ``core.outbox`` writes in the same transaction as each change.
Every event is the *latest* public change of one record: ``upsert`` carries the record
exactly as its detail endpoint shows it to anyone (``data``; fetching ``url`` gives the
same or newer), ``remove`` says a record that was public no longer is (deleted,
unpublished, restricted, or hidden with the party it links to). When a change reaches
other records (a person unpublished hides its flows, roles and citations; a deleted flow
changes its venture's USD totals; a renamed organisation shows in every flow it funds),
each of them gets its own event.

The feed is the same for everyone: it is the public archive's. A change that only hidden
records see leaves it untouched, cursor included. Events are ordered by their position,
which an opaque, signed cursor carries; a newer change of a record moves it to the end,
so applying the events in order is all a client does.
"""

from __future__ import annotations

from django.core import signing
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core import outbox, registry
from core.api import (
    ERROR_RESPONSES,
    ArchiveAPIMixin,
    absolute_url,
    bad_parameter,
    detail_url,
    given_parameters,
)
from core.models import FeedOp
from core.records import PUBLIC

RESOURCES = [resource.name for resource in registry.resources()]
CURSOR_SALT = "archive.changes.position"
MAX_PAGE_SIZE = 500


# What the outbox stores ----------------------------------------------------------------


def represent(resource: str, ids: set[int]) -> dict[int, tuple[dict, list]]:
    """Each record of ``ids`` an anonymous reader may see, as the dump and its detail
    endpoint give it (links relative to the host: ``absolute_links`` completes them),
    with its face: what other records show of it (summaries and citations print
    ``str``, a party's kind makes its URL, a source's article URL is in every citation)."""
    declared = registry.resource(resource)
    records = declared.records(PUBLIC).filter(pk__in=ids)
    serializer = declared.read_serializer
    return {
        record.pk: (
            serializer(record, context={"request": None}).data,
            [str(record), getattr(record, "kind", ""), getattr(record, "url", "")],
        )
        for record in records
    }


def every_public_key():
    """Every record an anonymous reader may see, for ``outbox.reconcile``."""
    for declared in registry.resources():
        for pk in (
            declared.selector(PUBLIC).prefetch_related(None).values_list("pk", flat=True).iterator()
        ):
            yield declared.name, pk


def absolute_links(data, request):
    """The stored representation with its own links made absolute, as the API gives them."""
    if isinstance(data, dict):
        return {
            key: request.build_absolute_uri(value)
            if (key == "url" or key.endswith("_url")) and isinstance(value, str)
            and value.startswith("/")
            else absolute_links(value, request)
            for key, value in data.items()
        }  # fmt: skip
    if isinstance(data, list):
        return [absolute_links(item, request) for item in data]
    return data


# Cursor ------------------------------------------------------------------------------


#: Signed without a timestamp: the same position is always the same cursor.
SIGNER = signing.Signer(salt=CURSOR_SALT)


def encode_cursor(position: int) -> str:
    return SIGNER.sign_object(position)


def decode_cursor(token: str) -> int:
    try:
        position = SIGNER.unsign_object(token)
    except signing.BadSignature as exc:
        raise bad_parameter("cursor", "Not a cursor this feed gave out.") from exc
    if not isinstance(position, int) or position < 0:
        raise bad_parameter("cursor", "Not a cursor this feed gave out.")
    return position


def current_cursor() -> str:
    """A cursor after every event committed so far (a dump's starting point)."""
    return encode_cursor(outbox.head())


# The view ----------------------------------------------------------------------------


class ChangesQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False, help_text="Start at changes made at or after this time (ISO 8601)."
    )
    cursor = serializers.CharField(
        required=False,
        max_length=500,
        help_text="Continue from a `next` or `cursor` value, or from a dump's `cursor`.",
    )
    resource = serializers.MultipleChoiceField(
        choices=RESOURCES, required=False, help_text="Only these resources (repeatable)."
    )
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=100
    )

    def validate(self, attrs):
        if "since" in attrs and "cursor" in attrs:
            raise serializers.ValidationError(
                {"cursor": ["Give since to start, or cursor to continue; not both."]}
            )
        return attrs


class EventSerializer(serializers.Serializer):
    resource = serializers.ChoiceField(choices=RESOURCES)
    id = serializers.IntegerField()
    action = serializers.ChoiceField(
        choices=["upsert", "remove"],
        help_text="upsert: store `data` (the record as its detail endpoint shows it). "
        "remove: drop the record (deleted, unpublished or restricted).",
    )
    changed_at = serializers.DateTimeField()
    url = serializers.URLField(allow_null=True)
    data = serializers.DictField(
        allow_null=True, help_text="The record as its detail endpoint returns it; null on remove."
    )


class ChangesSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True, help_text="The next page; null once you have caught up."
    )
    cursor = serializers.CharField(
        help_text="Where you are: store it, and ask again later with ?cursor= for newer changes."
    )
    results = EventSerializer(many=True)


def as_event(row, request) -> dict:
    upsert = row.op == FeedOp.UPSERT
    return {
        "resource": row.resource,
        "id": row.public_id,
        "action": row.op,
        "changed_at": row.changed_at,
        "url": detail_url(request, row.resource, row.public_id) if upsert else None,
        "data": absolute_links(row.data, request) if upsert else None,
    }


class ChangesView(ArchiveAPIMixin, APIView):
    """What changed, in commit order: the feed a syncing client follows."""

    @extend_schema(
        summary="Changes feed (sync)",
        description=__doc__,
        parameters=[ChangesQuerySerializer],
        responses={200: ChangesSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Since yesterday",
                summary="?since=2026-11-22T00:00:00Z",
                response_only=True,
                value={
                    "next": None,
                    "cursor": "NDI:1vNfQx:8Zt…",
                    "results": [
                        {
                            "resource": "sector",
                            "id": 3,
                            "action": "upsert",
                            "changed_at": "2026-11-23T09:12:44.120Z",
                            "url": "https://archive.example.org/api/v1/sectors/3/",
                            "data": {
                                "id": 3,
                                "url": "https://archive.example.org/api/v1/sectors/3/",
                                "name": "Food service",
                                "slug": "food-service",
                            },
                        },
                        {
                            "resource": "funding-flow",
                            "id": 7,
                            "action": "remove",
                            "changed_at": "2026-11-23T09:30:02.001Z",
                            "url": None,
                            "data": None,
                        },
                    ],
                },
            )
        ],
    )
    def get(self, request):
        query = ChangesQuerySerializer(data=given_parameters(request))
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if "cursor" in params:
            position = decode_cursor(params["cursor"])
        elif "since" in params:
            position = outbox.position_before(params["since"])
        else:
            position = 0
        size = params["page_size"]
        rows = outbox.events_after(position, size + 1, sorted(params.get("resource", ())))
        more = len(rows) > size
        rows = rows[:size]
        if rows:
            position = rows[-1].position
        cursor = encode_cursor(position)
        body = {
            "next": self.link(request, cursor, params) if more else None,
            "cursor": cursor,
            "results": EventSerializer([as_event(row, request) for row in rows], many=True).data,
        }
        return Response(body)

    def link(self, request, cursor: str, params: dict) -> str:
        query = [("cursor", cursor), ("page_size", params["page_size"])]
        query += [("resource", name) for name in sorted(params.get("resource", ()))]
        return absolute_url(request, "api:changes", query)
