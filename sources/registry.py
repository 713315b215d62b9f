"""The resources this app owns, declared once for the router, the dump, the sitemap and tests."""

from core.registry import Resource, register
from sources import selectors
from sources.api import CitationViewSet, SourceViewSet
from sources.models import Citation, Source

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
)
