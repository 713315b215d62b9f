"""Page-number pagination shared by the public listings."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 20


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The requested page; a page number past the end or not a number gives the nearest page.

    ``page.elided`` lists the page numbers to link, with ``Paginator.ELLIPSIS`` for gaps.
    """
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
