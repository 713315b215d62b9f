"""API viewsets for sources and citations.

A citation has no publication state of its own: it is visible when its source and
the record it backs are both visible (ARCHITECTURE.md, "Records").
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema_view

from core.api import (
    ArchiveViewSet,
    document_resource,
)
from core.records import sees_hidden_records
from people.models import Organization, Party, Person, Role
from sources.filters import CitationFilter, SourceFilter
from sources.models import Citation, Source
from sources.serializers import (
    CitationDetailSerializer,
    CitationWriteSerializer,
    SourceSerializer,
    SourceWriteSerializer,
)
from ventures.models import FundingFlow, Place


@extend_schema_view(
    **document_resource(SourceSerializer, SourceWriteSerializer, "source", "sources")
)
class SourceViewSet(ArchiveViewSet):
    """The news articles every record cites: metadata and a link (text for staff only)."""

    read_serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    filterset_class = SourceFilter
    facets = {"language": "language"}

    def visible_queryset(self, user) -> QuerySet[Source]:
        sources = Source.objects.visible_to(user).prefetch_related(
            Prefetch(
                "publisher",
                queryset=Organization.objects.visible_to(user),
                to_attr="visible_publisher",
            ),
            Prefetch(
                "authors", queryset=Person.objects.visible_to(user), to_attr="visible_authors"
            ),
        )
        # Articles run to tens of kilobytes; read the text only for those who see it.
        return sources if sees_hidden_records(user) else sources.defer("full_text")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full_text": True}


def visible_citations_of(user) -> QuerySet[Citation]:
    """Citations whose source and backed record ``user`` may both see."""
    backs_visible = (
        Q(party__in=Party.objects.visible_to(user))
        | Q(role__in=Role.objects.visible_to(user))
        | Q(flow__in=FundingFlow.objects.visible_to(user))
        | Q(place__in=Place.objects.visible_to(user))
    )
    return Citation.objects.filter(backs_visible, source__in=Source.objects.visible_to(user))


@extend_schema_view(
    **document_resource(CitationDetailSerializer, CitationWriteSerializer, "citation", "citations")
)
class CitationViewSet(ArchiveViewSet):
    """Verbatim quotes from the sources, each backing one party, role, flow or place."""

    read_serializer_class = CitationDetailSerializer
    write_serializer_class = CitationWriteSerializer
    filterset_class = CitationFilter
    reviewed = False

    def visible_queryset(self, user) -> QuerySet[Citation]:
        citations = visible_citations_of(user).defer("source__full_text")
        return citations.select_related(
            "source",
            "party",
            "role__person",
            "role__organization",
            "flow__funder",
            "flow__recipient",
            "place",
        )
