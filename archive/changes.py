"""The changes feed: what a syncing client must fetch again or drop, in order.

Built on django-simple-history's tables, so it needs no table of its own: every
``save()`` and ``delete()`` of a record (and of the rows that describe one: aliases,
citations, conversions, goods) leaves a history row with its time. Each row becomes an
event naming the record it changed, and the record's *current* state decides the
action: ``upsert`` if the client may see it now (fetch ``url`` again), ``remove`` if not
(deleted, unpublished or restricted: drop it).

A ``remove`` must not reveal a record the client could never have seen, so it is only
given for a record that may once have been public: one with a public history row, or
one whose history does not begin with its creation (it predates history, e.g. loaded
from the fixtures). A flow or role also needs its ends to pass the same test.

Events are ordered by (time, table, history id) and paged with an opaque, signed
cursor, so rows written while a client pages appear after the cursor, never before it.
The same record may appear more than once; applying events in order is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing
from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    DETAIL_ROUTES,
    ERROR_RESPONSES,
    ArchiveAPIMixin,
    absolute_url,
    bad_parameter,
    detail_url,
    given_parameters,
)
from core.records import PublicationState, Visibility, sees_hidden_records
from people.models import Organization, Party, PartyAlias, Person, Role
from sources.api import visible_citations_of
from sources.models import Citation, Source
from ventures.models import (
    ExchangeRate,
    FundingFlow,
    GoodsItem,
    Place,
    PlaceAlias,
    Sector,
    StatedConversion,
    Venture,
)

RESOURCES = list(DETAIL_ROUTES)
PARTY_MODELS = {"person": Person, "organization": Organization, "venture": Venture}
MODELS = {
    **PARTY_MODELS,
    "role": Role,
    "funding-flow": FundingFlow,
    "place": Place,
    "source": Source,
    "sector": Sector,
    "exchange-rate": ExchangeRate,
    "citation": Citation,
}
#: Resources without a review state: every row is public while it exists.
REFERENCE = {"sector", "exchange-rate"}
CURSOR_SALT = "archive.changes"
MAX_PAGE_SIZE = 500


def history(model):
    return model.history.model


@dataclass(frozen=True)
class Feed:
    """One history table and the records each of its rows changes.

    ``targets`` maps a column of the row to the resource it names; "party" is resolved
    to person, organisation or venture from the party's kind.
    """

    model: type
    targets: dict[str, str]


# Order matters only as the tie-break between tables; append, never reorder, or
# cursors already handed out would point elsewhere.
FEEDS = [
    Feed(history(Party), {"id": "party"}),
    Feed(history(Person), {"id": "person"}),
    Feed(history(Organization), {"id": "organization"}),
    Feed(history(Venture), {"id": "venture"}),
    Feed(history(Role), {"id": "role"}),
    Feed(history(FundingFlow), {"id": "funding-flow"}),
    Feed(history(Place), {"id": "place"}),
    Feed(history(Source), {"id": "source"}),
    Feed(history(Sector), {"id": "sector"}),
    Feed(history(ExchangeRate), {"id": "exchange-rate"}),
    Feed(
        history(Citation),
        {
            "id": "citation",
            "party_id": "party",
            "role_id": "role",
            "flow_id": "funding-flow",
            "place_id": "place",
        },
    ),
    Feed(history(PartyAlias), {"party_id": "party"}),
    Feed(history(PlaceAlias), {"place_id": "place"}),
    Feed(history(StatedConversion), {"flow_id": "funding-flow"}),
    Feed(history(GoodsItem), {"flow_id": "funding-flow"}),
]


# Cursor ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Position:
    """Where a client is in the feed: just after this (time, table, history id)."""

    at: datetime
    table: int
    history_id: int

    def rows_after(self, table: int) -> Q:
        """The rows of history table number ``table`` that come after this position."""
        if table > self.table:
            return Q(history_date__gte=self.at)
        if table < self.table:
            return Q(history_date__gt=self.at)
        return Q(history_date__gt=self.at) | Q(history_date=self.at, history_id__gt=self.history_id)

    def encode(self) -> str:
        return signing.dumps([self.at.isoformat(), self.table, self.history_id], salt=CURSOR_SALT)

    @classmethod
    def decode(cls, token: str) -> Position:
        try:
            at, table, history_id = signing.loads(token, salt=CURSOR_SALT)
            return cls(datetime.fromisoformat(at), int(table), int(history_id))
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise bad_parameter("cursor", "Not a cursor this feed gave out.") from exc

    @classmethod
    def start(cls, since: datetime | None) -> Position:
        return cls(since or datetime(1970, 1, 1, tzinfo=UTC), -1, 0)


# Reading the feed --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    position: Position
    values: dict


def read_rows(position: Position, limit: int) -> tuple[list[Row], bool]:
    """The next ``limit`` history rows after ``position`` across every table, in order.

    One indexed query per table (each reads at most ``limit + 1`` rows), merged here.
    """
    rows = []
    for table, feed in enumerate(FEEDS):
        columns = ["history_id", "history_date", *feed.targets]
        if feed.targets.get("id") == "party":
            columns.append("kind")
        found = (
            feed.model.objects.filter(position.rows_after(table))
            .order_by("history_date", "history_id")
            .values(*columns)[: limit + 1]
        )
        rows += [
            Row(Position(values["history_date"], table, values["history_id"]), values)
            for values in found
        ]
    rows.sort(key=lambda row: row.position)
    return rows[:limit], len(rows) > limit


@dataclass
class Event:
    resource: str
    id: int
    changed_at: datetime
    action: str = ""
    url: str | None = None


def events_of(rows: Iterable[Row]) -> list[Event]:
    """Each row's events, parties resolved to their kind (a vanished party's alias or
    citation rows are dropped: its own deletion row speaks for it)."""
    rows = list(rows)
    party_ids = {
        row.values[column]
        for row in rows
        for column, resource in FEEDS[row.position.table].targets.items()
        if resource == "party" and column != "id" and row.values[column] is not None
    }
    kinds = dict(Party.objects.filter(pk__in=party_ids).values_list("pk", "kind"))
    events = []
    for row in rows:
        for column, resource in FEEDS[row.position.table].targets.items():
            record_id = row.values[column]
            if record_id is None:
                continue
            if resource == "party":
                resource = row.values["kind"] if column == "id" else kinds.get(record_id)
                if resource is None:
                    continue
            events.append(Event(resource, record_id, row.position.at))
    return events


def visible_now(resource: str, ids: set[int], user) -> set[int]:
    model = MODELS[resource]
    if resource == "citation":
        records = visible_citations_of(user)
    elif resource in REFERENCE:
        records = model.objects.all()
    else:
        records = model.objects.visible_to(user)
    return set(records.filter(pk__in=ids).values_list("pk", flat=True))


def _history_models(resource: str) -> list[type]:
    if resource in PARTY_MODELS:
        return [history(Party), history(PARTY_MODELS[resource])]
    return [history(MODELS[resource])]


def _last_values(resource: str, ids: set[int], columns: tuple[str, ...]) -> dict[int, tuple]:
    """``columns`` of each record now, or as its last history row left it if deleted."""
    model = MODELS[resource]
    found = {pk: rest for pk, *rest in model.objects.filter(pk__in=ids).values_list("pk", *columns)}
    gone = history(model).objects.filter(id__in=ids - set(found))
    for pk, *rest in gone.order_by("history_date", "history_id").values_list("id", *columns):
        found[pk] = tuple(rest)
    return found


def maybe_once_public(resource: str, ids: set[int]) -> set[int]:
    """The ids that may once have been public (see the module docstring)."""
    if not ids or resource in REFERENCE:
        return set(ids)
    if resource == "citation":
        return _citations_maybe_once_public(ids)
    created, public = set(), set()
    for model in _history_models(resource):
        rows = model.objects.filter(id__in=ids)
        created |= set(rows.filter(history_type="+").values_list("id", flat=True))
        public |= set(
            rows.filter(
                publication_state=PublicationState.PUBLISHED, visibility=Visibility.PUBLIC
            ).values_list("id", flat=True)
        )
    candidates = {pk for pk in ids if pk in public or pk not in created}
    if resource in END_COLUMNS and candidates:
        ends = _last_values(resource, candidates, END_COLUMNS[resource])
        parties = parties_maybe_once_public(
            {party for both in ends.values() for party in both if party is not None}
        )
        candidates = {
            pk
            for pk in candidates
            if all(party is None or party in parties for party in ends.get(pk, ()))
        }
    return candidates


END_COLUMNS = {
    "funding-flow": ("funder_id", "recipient_id"),
    "role": ("person_id", "organization_id"),
}


def parties_maybe_once_public(ids: set[int]) -> set[int]:
    if not ids:
        return set()
    kinds = dict(Party.objects.filter(pk__in=ids).values_list("pk", "kind"))
    gone = history(Party).objects.filter(id__in=ids - set(kinds))
    kinds.update(gone.values_list("id", "kind"))
    for resource, model in PARTY_MODELS.items():
        gone = history(model).objects.filter(id__in=ids - set(kinds))
        kinds.update((pk, resource) for pk in gone.values_list("id", flat=True))
    by_kind: dict[str, set[int]] = defaultdict(set)
    for pk, kind in kinds.items():
        by_kind[kind].add(pk)
    return {pk for kind, group in by_kind.items() for pk in maybe_once_public(kind, group)}


CITATION_ENDS = {
    "source_id": "source",
    "role_id": "role",
    "flow_id": "funding-flow",
    "place_id": "place",
}


def _citations_maybe_once_public(ids: set[int]) -> set[int]:
    """A citation may have been public if its source and the record it backs may."""
    columns = (*CITATION_ENDS, "party_id")
    rows = _last_values("citation", ids, columns)
    passed = {
        resource: maybe_once_public(
            resource, {values[i] for values in rows.values() if values[i] is not None}
        )
        for i, resource in enumerate(CITATION_ENDS.values())
    }
    parties = parties_maybe_once_public(
        {values[-1] for values in rows.values() if values[-1] is not None}
    )
    return {
        pk
        for pk, values in rows.items()
        if all(
            values[i] is None or values[i] in passed[resource]
            for i, resource in enumerate(CITATION_ENDS.values())
        )
        and (values[-1] is None or values[-1] in parties)
    }


def resolve(events: list[Event], user, request) -> list[Event]:
    """Give each event its action, and drop removals the client may not learn of."""
    ids: dict[str, set[int]] = defaultdict(set)
    for event in events:
        ids[event.resource].add(event.id)
    visible = {resource: visible_now(resource, found, user) for resource, found in ids.items()}
    if sees_hidden_records(user):
        removable = {resource: found - visible[resource] for resource, found in ids.items()}
    else:
        removable = {
            resource: maybe_once_public(resource, found - visible[resource])
            for resource, found in ids.items()
        }
    resolved = []
    for event in events:
        if event.id in visible[event.resource]:
            event.action = "upsert"
            event.url = detail_url(request, event.resource, event.id)
        elif event.id in removable[event.resource]:
            event.action = "remove"
        else:
            continue
        resolved.append(event)
    return resolved


# The view ----------------------------------------------------------------------------


class ChangesQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False, help_text="Start at changes made at or after this time (ISO 8601)."
    )
    cursor = serializers.CharField(
        required=False, max_length=500, help_text="Continue from a `next` or `cursor` value."
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
        help_text="upsert: fetch url again. remove: drop the record (deleted, unpublished "
        "or restricted). Removing a party also removes the flows and roles that name it.",
    )
    changed_at = serializers.DateTimeField()
    url = serializers.URLField(allow_null=True)


class ChangesSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True, help_text="The next page; null once you have caught up."
    )
    cursor = serializers.CharField(
        help_text="Where you are: store it, and ask again later with ?cursor= for newer changes."
    )
    results = EventSerializer(many=True)


class ChangesView(ArchiveAPIMixin, APIView):
    """What changed, in order: the feed a syncing client follows."""

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
                    "cursor": "WyIyMDI2LTExLTIzVDEwOjAwOjAwKzAwOjAwIiw1LDQyXQ:1vN…",
                    "results": [
                        {
                            "resource": "person",
                            "id": 101,
                            "action": "upsert",
                            "changed_at": "2026-11-23T09:12:44.120Z",
                            "url": "https://archive.example.org/api/v1/people/101/",
                        },
                        {
                            "resource": "funding-flow",
                            "id": 7,
                            "action": "remove",
                            "changed_at": "2026-11-23T09:30:02.001Z",
                            "url": None,
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
            position = Position.decode(params["cursor"])
        else:
            position = Position.start(params.get("since"))
        rows, more = read_rows(position, params["page_size"])
        events = resolve(events_of(rows), request.user, request)
        if params.get("resource"):
            events = [event for event in events if event.resource in params["resource"]]
        if rows:
            position = rows[-1].position
        cursor = position.encode()
        body = {
            "next": self.link(request, cursor, params) if more else None,
            "cursor": cursor,
            "results": EventSerializer(events, many=True).data,
        }
        return Response(body)

    def link(self, request, cursor: str, params: dict) -> str:
        query = [("cursor", cursor), ("page_size", params["page_size"])]
        query += [("resource", name) for name in sorted(params.get("resource", ()))]
        return absolute_url(request, "api:changes", query)
