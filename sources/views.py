"""Public pages of sources: metadata, a link and the cited quotes, never the full text."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.facets import active_filters
from core.pagination import paginate
from core.records import PUBLIC
from people.selectors import organisations_for
from sources.filters import SourceFilter
from sources.selectors import cited_quotes, listed_sources, source_statements, sources_for


@require_GET
def source_list(request):
    filterset = SourceFilter(request.GET, queryset=listed_sources(PUBLIC))
    # The publishers of public sources, as a semi-join with only what the choice shows:
    # as a join made DISTINCT over every column of every organisation it took 130 ms of
    # the page at national scale (50,000 sources).
    published = sources_for(PUBLIC).filter(publisher=OuterRef("pk"))
    publishers = (
        organisations_for(PUBLIC)
        .filter(Exists(published))
        .only("pk", "slug", "name")
        .order_by("name", "pk")
    )
    context = {"filterset": filterset, "form": filterset.form, "publishers": publishers}
    if not filterset.is_valid():
        return render(request, "sources/source_list.html", context, status=400)
    names = {"publisher": {p.slug: p.name for p in publishers}}
    labels = {"q": "Search", "publisher": "Publisher", "year": "Year published"}
    context.update(
        page=paginate(request, filterset.qs),
        chips=active_filters(request.GET, labels, names),
    )
    return render(request, "sources/source_list.html", context)


@require_GET
def source_detail(request, slug):
    source = get_object_or_404(listed_sources(PUBLIC), slug=slug)
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "quotes": cited_quotes(source, PUBLIC),
            "statements": source_statements(source, PUBLIC),
        },
    )
