"""Page-number pagination shared by the public listings, capped in depth.

Page numbers are for people browsing; a deep page is an ``OFFSET`` that reads and
discards every row before it, so its cost grows with its depth. The site stops at
``MAX_PAGES`` and answers a deeper page with a 400 that says how to reach those records
(narrow the filters, change the sort); the API pages by cursor instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

PER_PAGE = 20

#: The deepest page the site serves: 1,000 records at 20 a page.
MAX_PAGES = 50


@dataclass(frozen=True)
class Tally:
    """A count that stops at a cap: ``value`` records, and more when ``more``."""

    value: int
    more: bool = False

    def __str__(self) -> str:
        return f"{self.value:,}+" if self.more else f"{self.value:,}"


class PageBeyondLimit(BadRequest):
    """A page number past ``MAX_PAGES``: refused, with the way to the records instead."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            f"Pages stop at {limit}. Narrow the filters or change the sort order"
            " to reach the records beyond it."
        )


class CappedPaginator(Paginator):
    """A paginator that links at most ``MAX_PAGES`` pages and can be given its count.

    A listing that has already counted its records (the facets count the same set)
    passes ``count`` so the total is not counted twice; a ``Tally`` that stopped at its
    cap makes ``count`` a lower bound (``more``), shown as "1,000+".
    """

    def __init__(self, object_list, per_page, *, count: int | Tally | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.more = False
        if isinstance(count, Tally):
            self.count, self.more = count.value, count.more
        elif count is not None:
            self.count = count

    @property
    def tally(self) -> Tally:
        """The count as shown: "1,234", or "1,000+" when counting stopped at a cap."""
        return Tally(self.count, self.more)

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        """More records match than the pages reach."""
        return self.more or self.count > MAX_PAGES * self.per_page


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int = PER_PAGE,
    count: int | Tally | None = None,
) -> Page:
    """The requested page; not a number or past the end gives the nearest page.

    Raises ``PageBeyondLimit`` (a 400) for a page past ``MAX_PAGES`` that has records.
    ``page.elided`` lists the page numbers to link, with ``Paginator.ELLIPSIS`` for gaps.
    """
    paginator = CappedPaginator(queryset, per_page, count=count)
    number = request.GET.get("page")
    if number and number.isdigit() and int(number) > MAX_PAGES and paginator.capped:
        raise PageBeyondLimit(MAX_PAGES)
    page = paginator.get_page(number)
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


class ByKeys:
    """A listing's records read by keys already found in its order, page by page.

    A listing whose count read the keys of its first ``COUNT_CAP`` records in its own
    order (``core.facets.Narrowing``) has every page it links among them: a page is then
    its twenty keys looked up, not the filtered listing found again and sorted. What a
    paginator needs of its ``object_list``: a length and slices, in order.
    """

    ordered = True

    def __init__(self, queryset: QuerySet, keys: list):
        self.queryset = queryset
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    def count(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice):
            raise TypeError("ByKeys reads pages: slice it")
        keys = self.keys[index]
        found = {record.pk: record for record in self.queryset.filter(pk__in=keys)}
        return [found[key] for key in keys if key in found]


def render_listing(
    request: HttpRequest, template: str, context: dict, narrowing, listed: QuerySet, each_page=None
) -> HttpResponse:
    """A listing filtered through ``narrowing`` (a ``core.facets.Narrowing`` in the
    listing's order) with its page: counted no further than the pages reach ("1,000+
    ventures"), and in that order (no ``ordering=``) a page is its twenty keys looked up
    in ``listed`` (``ByKeys``), since the keys the count read hold every page it links;
    else its FilterSet's records. A search keeps the listing's order (``core.search``
    narrows, it does not sort): its page is its keys too, where reading it again over
    every match sorted 26,000 ventures named "kim" a second time (210 ms at 10×).

    The count comes first: its one fetch holds the listed keys too, where asking for the
    keys first fetched them twice."""
    tally = narrowing.tally()
    data = narrowing.filterset.form.cleaned_data
    if data.get("ordering"):
        records = narrowing.filterset.qs
    else:
        records = ByKeys(listed, narrowing.listed_keys())
    return render_page(request, template, context, records, tally, each_page)


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    records,
    count: int | Tally,
    each_page=None,
) -> HttpResponse:
    """The listing with its page of records (``each_page`` may add to the page's rows);
    a page past the cap is a 400 whose form says why."""
    try:
        context["page"] = paginate(request, records, count=count)
    except PageBeyondLimit as refused:
        context["form"].add_error(None, refused.args[0])
        return render(request, template, context, status=400)
    if each_page is not None:
        each_page(context["page"])
    return render(request, template, context)
