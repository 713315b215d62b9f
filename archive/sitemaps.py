"""Sitemaps of the public site: one section per kind of record, public records only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from people.models import Organization, Person
from sources.models import Source
from ventures.models import FundingFlow, Place, Venture


class RecordSitemap(Sitemap):
    """Every public record of one model, newest change first, with its change date."""

    model = None
    fields: tuple[str, ...] = ("slug",)
    limit = 10_000

    def items(self):
        return self.model.objects.public().order_by("pk").only("pk", "updated_at", *self.fields)

    def lastmod(self, record):
        return record.updated_at


class PersonSitemap(RecordSitemap):
    model = Person
    fields = ("slug", "kind")


class OrganizationSitemap(RecordSitemap):
    model = Organization
    fields = ("slug", "kind")


class VentureSitemap(RecordSitemap):
    model = Venture
    fields = ("slug", "kind")


class PlaceSitemap(RecordSitemap):
    model = Place


class SourceSitemap(RecordSitemap):
    model = Source


class FlowSitemap(RecordSitemap):
    model = FundingFlow
    fields = ()


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


SITEMAPS = {
    "pages": PageSitemap,
    "ventures": VentureSitemap,
    "flows": FlowSitemap,
    "people": PersonSitemap,
    "organisations": OrganizationSitemap,
    "places": PlaceSitemap,
    "sources": SourceSitemap,
}
