"""Reconciliation: match a spreadsheet's names against the archive (OpenRefine).

The endpoint speaks the Reconciliation Service API (v0.2), the protocol OpenRefine and
OpenSanctions' yente use: ``GET /api/v1/reconcile/`` answers the service manifest; a
``queries`` parameter (form field or query string) holding a JSON batch
``{"q0": {"query": "Kaeseong", "type": "place", "limit": 3}, ...}`` answers candidates
per query, each with an id, name, types, a 0–100 score and ``match`` when it is an
unambiguous exact match.

Candidates come from the archive's own search (``core.search``), so every spelling the
search knows finds them (Kaesong / Kaeseong / 개성, Ji Seong-ho / Ji Seong Ho); the score
says how close the query is to the nearest of the record's names. Only records the
asker may see are candidates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Model, Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERROR_RESPONSES, ArchiveAPIMixin, absolute_url, given_parameters
from core.api_lists import refuse_unknown
from core.search import compact, search
from people.models import Organization, PartyAlias, Person
from ventures.models import Place, PlaceAlias, Venture

#: Queries one request may hold (OpenRefine sends 10 at a time by default).
MAX_QUERIES = 50
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
#: Candidates read per query before scoring.
SCAN = 50


@dataclass(frozen=True)
class EntityType:
    id: str
    name: str
    model: type[Model]
    path: str  # the API's collection, for ids and the view URL
    aliases: type[Model]

    def candidates(self, user, query: str) -> QuerySet:
        records = self.model.objects.visible_to(user)
        return search(records, query).prefetch_related(
            Prefetch("aliases", queryset=self.aliases.objects.order_by("name"))
        )[:SCAN]


TYPES = {
    entity.id: entity
    for entity in (
        EntityType("person", "Person", Person, "people", PartyAlias),
        EntityType("organization", "Organization", Organization, "organizations", PartyAlias),
        EntityType("venture", "Venture", Venture, "ventures", PartyAlias),
        EntityType("place", "Place", Place, "places", PlaceAlias),
    )
}


def names_of(record) -> list[str]:
    names = [record.name, *(alias.name for alias in record.aliases.all())]
    native = getattr(record, "native_name", "")
    return [*names, native] if native else names


def score(query: str, names: list[str]) -> float:
    """0–100: 100 when the query is one of the names in any spelling (case, accents,
    hyphens, spacing aside), else how much of the nearest name it shares."""
    wanted = compact(query)
    best = 0.0
    for name in names:
        have = compact(name)
        if have and have == wanted:
            return 100.0
        best = max(best, SequenceMatcher(None, wanted, have).ratio() * 100)
    return round(best, 1)


def reconcile_one(user, request, query: dict) -> list[dict]:
    text = query["query"]
    types = [TYPES[query["type"]]] if query.get("type") else list(TYPES.values())
    results = []
    for entity in types:
        for record in entity.candidates(user, text):
            names = names_of(record)
            results.append(
                {
                    "id": f"{entity.path}/{record.pk}",
                    "name": record.name,
                    "type": [{"id": entity.id, "name": entity.name}],
                    "score": score(text, names),
                    "description": (getattr(record, "description", "") or "")[:200],
                    "match": False,
                }
            )
    results.sort(key=lambda result: (-result["score"], result["name"], result["id"]))
    results = results[: query.get("limit", DEFAULT_LIMIT)]
    exact = [result for result in results if result["score"] == 100.0]
    if len(exact) == 1:
        exact[0]["match"] = True
    return results


def parse_queries(raw: str) -> dict[str, dict]:
    """The ``queries`` batch, checked: a 400 names what is wrong, never a 500."""

    def refuse(reason: str) -> exceptions.ValidationError:
        return exceptions.ValidationError({"queries": [reason]})

    try:
        batch = json.loads(raw)
    except (ValueError, RecursionError):
        raise refuse(
            'Must be a JSON object of queries, e.g. {"q0": {"query": "Kaesong"}}.'
        ) from None
    if not isinstance(batch, dict) or not batch:
        raise refuse("Must be a non-empty JSON object of queries keyed by your own ids.")
    if len(batch) > MAX_QUERIES:
        raise refuse(f"At most {MAX_QUERIES} queries per request.")
    checked = {}
    for key, query in batch.items():
        if not isinstance(query, dict) or not isinstance(query.get("query"), str):
            raise refuse(f'{key}: each query is an object with a text "query".')
        text = query["query"].strip()
        if not text or len(text) > 200 or "\x00" in text:
            raise refuse(f'{key}: "query" must be 1–200 characters.')
        kind = query.get("type")
        if isinstance(kind, list):  # OpenRefine may send a list of types
            kind = kind[0] if len(kind) == 1 else None
        if kind is not None and kind not in TYPES:
            raise refuse(f'{key}: "type" must be one of {", ".join(TYPES)}.')
        limit = query.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
            raise refuse(f'{key}: "limit" must be a whole number from 1 to {MAX_LIMIT}.')
        checked[str(key)] = {"query": text, "type": kind, "limit": limit}
    return checked


def manifest(request) -> dict:
    base = absolute_url(request, "api:index")
    return {
        "versions": ["0.2"],
        "name": "North Korean entrepreneurship funding archive",
        "identifierSpace": base,
        "schemaSpace": absolute_url(request, "api:schema"),
        "defaultTypes": [{"id": entity.id, "name": entity.name} for entity in TYPES.values()],
        "view": {"url": base + "{{id}}/"},
        "batchSize": MAX_QUERIES,
    }


RECONCILE_EXAMPLE = {
    "q0": {
        "result": [
            {
                "id": "places/9",
                "name": "Kaesong",
                "type": [{"id": "place", "name": "Place"}],
                "score": 100.0,
                "description": "",
                "match": True,
            }
        ]
    }
}


class ReconcileView(ArchiveAPIMixin, APIView):
    """The OpenRefine reconciliation service over people, organisations, ventures, places."""

    renderer_classes = [JSONRenderer]

    def answer(self, request, raw: str | None) -> Response:
        if raw is None:
            return Response(manifest(request))
        batch = parse_queries(raw)
        return Response(
            {
                key: {"result": reconcile_one(request.user, request, query)}
                for key, query in batch.items()
            }
        )

    @extend_schema(
        summary="Reconcile names (OpenRefine)",
        description="Without `queries`: the service manifest. With `queries`, a JSON object "
        "of queries (`query`, optional `type` and `limit`): candidates for each, best first, "
        "with a 0–100 `score` and `match` for an unambiguous exact match.",
        parameters=[
            OpenApiParameter(
                "queries",
                OpenApiTypes.STR,
                description="A JSON batch, e.g. "
                '{"q0": {"query": "Kaeseong", "type": "place", "limit": 3}}.',
                examples=[
                    OpenApiExample(
                        "One place", value='{"q0": {"query": "Kaeseong", "type": "place"}}'
                    )
                ],
            )
        ],
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
        examples=[OpenApiExample("Candidates", value=RECONCILE_EXAMPLE, response_only=True)],
        auth=[],
    )
    def get(self, request):
        refuse_unknown(request, {"queries"})
        return self.answer(request, given_parameters(request).get("queries"))

    @extend_schema(
        summary="Reconcile names (OpenRefine), as a form post",
        description="The same as GET, with `queries` as a form field (what OpenRefine sends).",
        request={
            "application/x-www-form-urlencoded": {
                "type": "object",
                "properties": {"queries": {"type": "string"}},
            }
        },
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
        auth=[],
    )
    def post(self, request):
        raw = request.data.get("queries") if hasattr(request.data, "get") else None
        if raw is not None and not isinstance(raw, str):
            raw = json.dumps(raw)
        if raw == "":
            raw = None
        return self.answer(request, raw)
