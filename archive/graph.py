"""The funding, role and relation network around one party, to a bounded depth.

Breadth-first from the party: each step reads the flows, roles and relations between
parties that touch the current frontier (three queries), through the user's selectors,
so a hidden party or relationship never becomes a node or an edge. Depth and size are
capped so no request can walk the whole archive.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    ERROR_RESPONSES,
    ArchiveAPIMixin,
    ConditionalMixin,
    bad_parameter,
    detail_url,
    given_parameters,
)
from core.serializers import PartySummary
from people.models import Party
from people.selectors import parties_for, party_relations_for, roles_for
from ventures.selectors import flows_for

MAX_DEPTH = 3
MAX_NODES = 500
MAX_EDGES = 2000


class GraphQuerySerializer(serializers.Serializer):
    party = serializers.CharField(max_length=200, help_text="The party's id or slug.")
    depth = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=MAX_DEPTH,
        help_text=f"How many steps out from the party (1–{MAX_DEPTH}).",
    )


class NodeSerializer(PartySummary):
    depth = serializers.IntegerField(help_text="Steps from the party asked about.")


class EdgeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='"flow:<id>", "role:<id>" or "relation:<id>".')
    type = serializers.ChoiceField(choices=["flow", "role", "relation"])
    url = serializers.URLField()
    source = serializers.IntegerField(
        allow_null=True,
        help_text="Funder, the person holding the role, or the related party (the operator, "
        "founder, backer...); null if unnamed.",
    )
    target = serializers.IntegerField(
        allow_null=True,
        help_text="Recipient, the organisation, or the party the relation is about; null if "
        "unnamed.",
    )
    source_label = serializers.CharField()
    target_label = serializers.CharField()
    kind = serializers.CharField(help_text="The flow's, the role's or the relation's kind.")
    label = serializers.CharField()
    usd_low = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    usd_high = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)


class GraphSerializer(serializers.Serializer):
    party = PartySummary()
    depth = serializers.IntegerField()
    truncated = serializers.BooleanField(
        help_text=f"True when the network passed {MAX_NODES} nodes or {MAX_EDGES} edges."
    )
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)


def find_party(value: str, user) -> Party:
    parties = parties_for(user)
    if value.isascii() and value.isdigit():
        party = parties.filter(pk=int(value)).first() if len(value) <= 18 else None
    else:
        party = parties.filter(slug=value).first()
    if party is None:
        raise bad_parameter("party", "No such party.")
    return party


def network(start: Party, depth: int, user) -> tuple[dict[int, tuple[Party, int]], list, bool]:
    """Nodes (party and its depth), edges, and whether the caps cut the walk short."""
    nodes = {start.pk: (start, 0)}
    edges: dict[str, dict] = {}
    frontier = {start.pk}
    truncated = False
    for level in range(1, depth + 1):
        if not frontier:
            break
        flows = (
            flows_for(user)
            .filter(Q(funder__in=frontier) | Q(recipient__in=frontier))
            .order_by("pk")[: MAX_EDGES + 1]
        )
        roles = (
            roles_for(user)
            .filter(Q(person__in=frontier) | Q(organization__in=frontier))
            .order_by("pk")[: MAX_EDGES + 1]
        )
        relations = (
            party_relations_for(user)
            .filter(Q(party__in=frontier) | Q(related__in=frontier))
            .order_by("pk")[: MAX_EDGES + 1]
        )
        found = [("flow", flow, flow.funder, flow.recipient) for flow in flows]
        found += [("role", role, role.person, role.organization) for role in roles]
        found += [("relation", link, link.related, link.party) for link in relations]
        frontier = set()
        for kind, record, source, target in found:
            if len(edges) >= MAX_EDGES:
                truncated = True
                break
            edges.setdefault(f"{kind}:{record.pk}", (kind, record))
            for party in (source, target):
                if party is None or party.pk in nodes:
                    continue
                if len(nodes) >= MAX_NODES:
                    truncated = True
                    continue
                nodes[party.pk] = (party, level)
                frontier.add(party.pk)
    return nodes, list(edges.values()), truncated


#: Each kind of edge: its API resource, and what it says of its record.
EDGES = {
    "flow": (
        "funding-flow",
        lambda flow: {
            "source": flow.funder_id,
            "target": flow.recipient_id,
            "source_label": flow.funder_label,
            "target_label": flow.recipient_label,
            "label": flow.amount_display,
            "usd_low": flow.usd_low,
            "usd_high": flow.usd_high,
        },
    ),
    "role": (
        "role",
        lambda role: {
            "source": role.person_id,
            "target": role.organization_id,
            "source_label": str(role.person),
            "target_label": str(role.organization),
            "label": role.title,
        },
    ),
    "relation": (
        "party-relation",
        lambda relation: {
            "source": relation.related_id,
            "target": relation.party_id,
            "source_label": relation.related_label,
            "target_label": str(relation.party),
            "label": relation.related_role,
        },
    ),
}


def edge(kind: str, record, request) -> dict:
    resource, describe = EDGES[kind]
    return {
        "id": f"{kind}:{record.pk}",
        "type": kind,
        "url": detail_url(request, resource, record.pk),
        "kind": record.kind,
        "usd_low": None,
        "usd_high": None,
        **describe(record),
    }


class GraphView(ArchiveAPIMixin, ConditionalMixin, APIView):
    """Nodes and edges (flows, roles and relations between parties) around a party."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Funding, role and relation network around a party",
        description=__doc__,
        parameters=[GraphQuerySerializer],
        responses={200: GraphSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "One step around Chongryon",
                summary="?party=chongryon&depth=1",
                response_only=True,
                value={
                    "party": {
                        "id": 210,
                        "name": "Chongryon",
                        "url": "https://archive.example.org/api/v1/organizations/210/",
                        "type": "organization",
                    },
                    "depth": 1,
                    "truncated": False,
                    "nodes": [
                        {
                            "id": 210,
                            "name": "Chongryon",
                            "url": "https://archive.example.org/api/v1/organizations/210/",
                            "type": "organization",
                            "depth": 0,
                        },
                        {
                            "id": 104,
                            "name": "Kim Jong Un",
                            "url": "https://archive.example.org/api/v1/people/104/",
                            "type": "person",
                            "depth": 1,
                        },
                    ],
                    "edges": [
                        {
                            "id": "flow:10",
                            "type": "flow",
                            "url": "https://archive.example.org/api/v1/funding-flows/10/",
                            "source": 104,
                            "target": 210,
                            "source_label": "Kim Jong Un",
                            "target_label": "Chongryon",
                            "kind": "grant",
                            "label": "JPY more than 287,000,000",
                            "usd_low": "2042850.02",
                            "usd_high": None,
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request):
        query = GraphQuerySerializer(data=given_parameters(request))
        query.is_valid(raise_exception=True)
        start = find_party(query.validated_data["party"], request.user)
        depth = query.validated_data["depth"]
        not_modified, headers = self.conditional("graph", start.pk)
        if not_modified is not None:
            return not_modified
        nodes, edges, truncated = network(start, depth, request.user)
        context = {"request": request}
        node_data = []
        for party, level in sorted(nodes.values(), key=lambda item: (item[1], item[0].name)):
            node_data.append({**PartySummary(party, context=context).data, "depth": level})
        body = {
            "party": PartySummary(start, context=context).data,
            "depth": depth,
            "truncated": truncated,
            "nodes": node_data,
            "edges": EdgeSerializer([edge(*item, request) for item in edges], many=True).data,
        }
        return Response(body, headers=headers)
