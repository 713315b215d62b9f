"""API viewsets for sources, citations and statements.

Each reads through its resource's selector (``sources/selectors.py``, by way of
``sources/registry.py``). A citation has no publication state of its own: it is
visible when its source and the record it backs are both visible (ARCHITECTURE.md,
"Records"). It is a row of the record it backs, so a write to the citations of a
published record by someone who may not publish waits for review with that record,
as on the record's admin page (``core.review``): 202 and a pending revision.
"""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema_view
from rest_framework import status

from core.api import (
    ArchiveViewSet,
    document_resource,
)
from core.review import ADD, CHANGE, DELETE, needs_review, propose, row_change
from core.review_api import accepted, change_reason
from sources.filters import CitationFilter, SourceFilter, StatementFilter
from sources.models import Citation
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

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if v is not None}
        link, record = backed_record(values)
        if record is None or not needs_review(request.user, record):
            return super().create(request, *args, **kwargs)
        Citation(**values).full_clean()
        del values[link]
        return self.wait_for_review(record, row_change(Citation, link, ADD, values=values))

    def update(self, request, *args, **kwargs):
        link, record = backed_record(self.visible_object())
        if record is None or not needs_review(request.user, record):
            return super().update(request, *args, **kwargs)
        partial = kwargs.pop("partial", False)
        with self.guarded_write():
            instance = self.locked_object()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            values, _ = serializer.proposal(instance)
            if not values:
                return self.written(instance, status.HTTP_200_OK)
            row = row_change(Citation, link, CHANGE, row=instance, values=values)
            return self.wait_for_review(record, row)

    def destroy(self, request, *args, **kwargs):
        link, record = backed_record(self.visible_object())
        if record is None or not needs_review(request.user, record):
            return super().destroy(request, *args, **kwargs)
        with self.guarded_write():
            instance = self.locked_object()
            return self.wait_for_review(record, row_change(Citation, link, DELETE, row=instance))

    def wait_for_review(self, record, row: dict):
        with transaction.atomic():
            # The record as stored now: its version is the one approval will check.
            record = type(record)._base_manager.get(pk=record.pk)
            revision = propose(
                record,
                {},
                user=self.request.user,
                reason=change_reason(self.request),
                base_version=record.version,
                rows=[row],
            )
        return accepted(self.request, revision)


def backed_record(citation) -> tuple[str | None, object]:
    """The key and the record a citation (or a citation's values) backs; a party as the
    person, organisation or venture it is, so the review queue links to its page."""
    for link in Citation.TARGETS:
        record = citation.get(link) if isinstance(citation, dict) else getattr(citation, link)
        if record is not None:
            return link, getattr(record, "specific", record)
    return None, None


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
