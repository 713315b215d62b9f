"""The resources this app owns, declared once for the router, the dump, the sitemap and tests."""

from core.registry import Resource, register
from sources import selectors
from sources.api import CitationViewSet, SourceViewSet, StatementViewSet
from sources.models import Citation, Source, Statement

register(
    Resource(
        name="source",
        path="sources",
        noun="source",
        plural="sources",
        model=Source,
        selector=selectors.sources_for,
        records=selectors.source_records,
        viewset=SourceViewSet,
        site="sources",
        position=10,
    ),
    Resource(
        name="citation",
        path="citations",
        noun="citation",
        plural="citations",
        model=Citation,
        selector=selectors.citations_for,
        records=selectors.citations_for,
        viewset=CitationViewSet,
        position=100,
    ),
    Resource(
        name="statement",
        path="statements",
        noun="statement",
        plural="statements",
        model=Statement,
        selector=selectors.statements_for,
        records=selectors.statement_records,
        viewset=StatementViewSet,
        position=95,
    ),
)
