"""Sitemaps of the public site: the listings, and one section per resource with pages.

The sections are the registry's (``core.registry``): each reads its resource's selector
as the public reads it, so a hidden record is never listed.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.records import PUBLIC
from core.registry import Resource, with_pages


class RecordSitemap(Sitemap):
    """Every public record of one resource, in the selector's order, with its change date."""

    limit = 10_000

    def __init__(self, resource: Resource):
        super().__init__()
        self.resource = resource

    def items(self):
        names = {field.name for field in self.resource.model._meta.get_fields()}
        # Only what a <url> entry needs: the address (slug, or kind and slug for a party)
        # and the change date; no joins.
        fields = [name for name in ("slug", "kind") if name in names]
        records = self.resource.selector(PUBLIC).select_related(None).prefetch_related(None)
        return records.only("pk", "updated_at", *fields)

    def lastmod(self, record):
        return record.updated_at


class PageSitemap(Sitemap):
    """The listings and the home page."""

    def items(self):
        return [
            "home",
            "ventures:venture-list",
            "ventures:flow-list",
            "ventures:network",
            "people:person-list",
            "people:organization-list",
            "ventures:place-list",
            "sources:source-list",
        ]

    def location(self, name):
        return reverse(name)


def sitemaps() -> dict[str, Sitemap]:
    return {"pages": PageSitemap(), **{r.site: RecordSitemap(r) for r in with_pages()}}


SITEMAPS = sitemaps()
