"""Public pages of sources: metadata, a link and the cited quotes, never the full text."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.facets import active_filters, distinct_values
from core.pagination import paginate
from core.records import PUBLIC
from people.selectors import organisations_for
from sources.filters import SourceFilter
from sources.selectors import cited_quotes, listed_sources, source_statements, sources_for


@require_GET
def source_list(request):
    filterset = SourceFilter(request.GET, queryset=listed_sources(PUBLIC))
    # The publishers of public sources: their keys found by a walk of the publisher index
    # (a step per publisher), not by reading every public source (a semi-join grouping
    # 45,000 sources for 203 publishers took 50 ms at 10x; a join made DISTINCT, 130 ms).
    published = [pk for (pk,) in distinct_values(sources_for(PUBLIC), "publisher")]
    publishers = (
        organisations_for(PUBLIC)
        .filter(pk__among=published)
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
