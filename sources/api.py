"""API viewsets for sources, citations and statements.

Each reads through its resource's selector (``sources/selectors.py``, by way of
``sources/registry.py``). A citation has no publication state of its own: it is
visible when its source and the record it backs are both visible (ARCHITECTURE.md,
"Records").
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view

from core.api import (
    ArchiveViewSet,
    document_resource,
)
from sources.filters import CitationFilter, SourceFilter, StatementFilter
from sources.serializers import (
    CitationDetailSerializer,
    CitationWriteSerializer,
    SourceSerializer,
    SourceWriteSerializer,
    StatementSerializer,
    StatementWriteSerializer,
)


@extend_schema_view(
    **document_resource(SourceSerializer, SourceWriteSerializer, "source", "sources")
)
class SourceViewSet(ArchiveViewSet):
    """The news articles every record cites: metadata and a link (text for staff only)."""

    read_serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    filterset_class = SourceFilter
    facets = {"language": "language"}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full_text": True}


@extend_schema_view(
    **document_resource(CitationDetailSerializer, CitationWriteSerializer, "citation", "citations")
)
class CitationViewSet(ArchiveViewSet):
    """Verbatim quotes from the sources, each backing one party, role, flow, place or
    relation."""

    read_serializer_class = CitationDetailSerializer
    write_serializer_class = CitationWriteSerializer
    filterset_class = CitationFilter
    reviewed = False


@extend_schema_view(
    **document_resource(StatementSerializer, StatementWriteSerializer, "statement", "statements")
)
class StatementViewSet(ArchiveViewSet):
    """Statistics, findings and events the articles state, each with its own quote;
    visible only when its source and the parties it names are."""

    read_serializer_class = StatementSerializer
    write_serializer_class = StatementWriteSerializer
    filterset_class = StatementFilter
    facets = {"kind": "kind"}
