"""Sitemaps of the public site: the listings, and one section per resource with pages.

The sections are the registry's (``core.registry``): each reads its resource's selector
as the public reads it, so a hidden record is never listed.

A section is paged by blocks of ids, not by counting and offsets. At national scale (a
million flows) Django's paging cost a ``COUNT(*)`` per section and page, a deep page
walked every row before it (``OFFSET 990000``), and the index read every record of every
section to find its latest change: 17 s for the index, up to a second a page. Page n of
a section is the public records whose id lies in the n-th block of ``limit`` ids, one
range scan of the primary key; the index reads, for each section, the pages that hold
a record in one query (``IdBlockPaginator.page_range``) and its latest change in
another. A record keeps its page when others are added, hidden or removed.
"""

from __future__ import annotations

from functools import cached_property, partial

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Col, RawSQL
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date

from core.records import PUBLIC
from core.registry import Resource, with_pages


def id_columns(records: QuerySet) -> list[Col]:
    """The id column of each table a record is read from: its own and, for a model that
    extends another (a person is a party), the one it extends.

    PostgreSQL does not carry a range on one side of a join over to the other: with a
    block's range on the person's id alone, it merge-joined the parties from the first,
    so the n-th page of people read n blocks of parties (50 to 100 ms a page at 10x,
    growing with the archive). The ORM names the extended table's id by the extending
    one's (it trims the join), so that column is taken from the query's own join.
    """
    query = records.query
    model = records.model
    columns = [Col(query.get_initial_alias(), model._meta.pk)]
    links = {model._meta.get_ancestor_link(parent) for parent in model._meta.get_parent_list()}
    for alias, join in query.alias_map.items():
        # A join nothing refers to is left out of the SQL, so its column cannot be used.
        if getattr(join, "join_field", None) in links and query.alias_refcount[alias]:
            columns.append(Col(alias, join.join_field.remote_field.get_related_field()))
    return columns


class IdBlockPaginator:
    """A section's pages as blocks of ``per_page`` ids: page n holds the ids from
    ``(n - 1) * per_page`` up to ``n * per_page``.

    A page holds at most ``per_page`` records (ids are unique), fewer where ids belong
    to hidden or deleted records or to another kind (people, organisations and ventures
    share the parties' ids), and none where a whole block does: the index lists only the
    pages that hold a record (``page_range``), and such a page answers 404 (page 1
    excepted, which answers even for an empty section, as Django's paging does).
    """

    def __init__(self, records: QuerySet, per_page: int):
        self.records = records.order_by("pk")
        self.per_page = per_page
        self.ids = id_columns(records)

    def from_id(self, low: int) -> QuerySet:
        return self.records.filter(*(GreaterThanOrEqual(column, low) for column in self.ids))

    def block(self, low: int, high: int) -> QuerySet:
        return self.from_id(low).filter(*(LessThan(column, high) for column in self.ids))

    @property
    def page_range(self) -> list[int]:
        """The pages that hold a record, in one query: each block of ids from the table's
        first to its last, kept where one of the records lies in it (an index walk
        each, inside the database; the blocks are counted in a recursive CTE, which
        PostgreSQL and SQLite both run). Read as a query a page, the index cost a round
        trip for each page it listed: 160 at 10x, 100 ms of its 110."""
        records = self.records.order_by()
        connection = connections[records.db]
        quote = connection.ops.quote_name
        table = quote(records.model._meta.db_table)
        column = quote(records.model._meta.pk.column)
        # The block's bounds, from the CTE's row: the records' own query, correlated.
        low = RawSQL("block.n * %s", (self.per_page,))
        high = RawSQL("(block.n + 1) * %s", (self.per_page,))
        # The first in id order, as a scalar subquery: each block's probe is then a walk
        # of the primary key that stops at its first public record. As EXISTS,
        # PostgreSQL made it a semi-join without the order and, not knowing a block's
        # bounds when it planned, hashed every venture of each block (30 ms at 10x).
        inner = (
            records.filter(
                *(GreaterThanOrEqual(column_, low) for column_ in self.ids),
                *(LessThan(column_, high) for column_ in self.ids),
            )
            .order_by("pk")
            .values("pk")[:1]
        )
        sql, params = inner.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH RECURSIVE block(n) AS (
                        SELECT (SELECT MIN({column}) FROM {table}) / %s
                        UNION ALL
                        SELECT n + 1 FROM block
                        WHERE n < (SELECT MAX({column}) FROM {table}) / %s
                    )
                    SELECT n FROM block WHERE ({sql}) IS NOT NULL ORDER BY n""",
                [self.per_page, self.per_page, *params],
            )
            return [n + 1 for (n,) in cursor.fetchall()]

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        low = (number - 1) * self.per_page
        records = list(self.block(low, low + self.per_page))
        if not records and number > 1:
            raise EmptyPage("That page contains no results")
        return Page(records, number, self)


class RecordSitemap(Sitemap):
    """Every public record of one resource, by id, with its change date."""

    limit = 10_000

    def __init__(self, resource: Resource):
        super().__init__()
        self.resource = resource

    def items(self) -> QuerySet:
        names = {field.name for field in self.resource.model._meta.get_fields()}
        # Only what a <url> entry needs: the address (slug, or kind and slug for a party)
        # and the change date; no joins.
        fields = [name for name in ("slug", "kind") if name in names]
        records = self.resource.selector(PUBLIC).select_related(None).prefetch_related(None)
        return records.only("pk", "updated_at", *fields)

    @cached_property
    def paginator(self) -> IdBlockPaginator:
        return IdBlockPaginator(self.items(), self.limit)

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        """The section's latest change, read down an index of the public records' change
        times to the first of the section's (Django's own reads every record's). For
        people and organisations that walk is ``people_party_public_changed``, where
        parties changed at the same time are in name order, so it meets one of the
        section's kind within a few rows (~1 ms at 10x; 150-200 ms on ``updated_at``
        alone, where the generator gave every party the same time)."""
        latest = self.items().order_by("-updated_at").values_list("updated_at", flat=True)
        return latest.first()


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


@x_robots_tag
def sitemap_index(request, sitemaps: dict):
    """Django's sitemap index, listing the pages of each section that hold a record.

    Django's lists pages 1 to ``num_pages``; a section paged by ids may have empty
    blocks between its pages, and an empty sitemap is an error to a crawler.
    """
    domain = get_current_site(request).domain
    entries = []
    for section, make in sitemaps.items():
        sitemap = make()
        protocol = sitemap.protocol or request.scheme
        location = f"{protocol}://{domain}" + reverse("sitemap-section", args=[section])
        lastmod = sitemap.get_latest_lastmod()
        for number in sitemap.paginator.page_range:
            address = location if number == 1 else f"{location}?p={number}"
            entries.append(SitemapIndexItem(address, lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def urlset(urls: list[dict]) -> str:
    """The <urlset> of a sitemap page: each URL's location and, if it has one, its day
    of last change in the site's time zone (as Django's template writes it)."""
    zone = timezone.get_current_timezone()
    elements = []
    for url in urls:
        location = f"<loc>{escape(url['location'])}</loc>"
        lastmod = url["lastmod"]
        if lastmod is not None:
            location += f"<lastmod>{lastmod.astimezone(zone).date().isoformat()}</lastmod>"
        elements.append(f"<url>{location}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(elements)}</urlset>\n"
    )


@x_robots_tag
def sitemap_section(request, sitemaps: dict, section: str):
    """One page of a section: Django's sitemap view, written without its template.

    The template cost a 10,000-URL page 0.3 to 0.5 s, most of it formatting dates, three
    times the rest of the page. The archive's sitemaps give each URL a location and a
    change date, nothing else, and that is all that is written.
    """
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = sitemaps[section]()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1),
            site=get_current_site(request),
            protocol=request.scheme,
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404(f"No page {request.GET.get('p')!r} of the sitemap {section!r}") from None
    response = HttpResponse(urlset(urls), content_type="application/xml")
    latest = getattr(sitemap, "latest_lastmod", None)
    if latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


def sitemaps() -> dict[str, type[Sitemap] | partial[Sitemap]]:
    """Each section as something to call: the views build a fresh sitemap per request,
    so what one request reads (its page, its latest change) is not kept for the next."""
    return {"pages": PageSitemap, **{r.site: partial(RecordSitemap, r) for r in with_pages()}}


SITEMAPS = sitemaps()
