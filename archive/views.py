"""The site's frame: the home page, site-wide search, robots.txt and the 404 page."""

from django import forms
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.filters import SearchField
from core.records import PUBLIC
from core.search import search as search_names
from people.models import PartyKind
from people.selectors import (
    organisations_for,
    parties_for,
    people_for,
    recently_changed_parties,
)
from sources.selectors import listed_sources, sources_for
from ventures.selectors import flows_for, places_for, ventures_for

#: How many results of each kind the search page lists before linking to the listing.
SEARCH_LIMIT = 10


def home(request):
    counts = {
        "sources": sources_for(PUBLIC).count(),
        "people": people_for(PUBLIC).count(),
        "organisations": organisations_for(PUBLIC).count(),
        "ventures": ventures_for(PUBLIC).count(),
        "funding flows": flows_for(PUBLIC).count(),
    }
    links = {
        "sources": reverse("sources:source-list"),
        "people": reverse("people:person-list"),
        "organisations": reverse("people:organization-list"),
        "ventures": reverse("ventures:venture-list"),
        "funding flows": reverse("ventures:flow-list"),
    }
    context = {
        "counts": counts,
        "tallies": [(label, count, links[label]) for label, count in counts.items()],
        "sources": listed_sources(PUBLIC),
        "recent": recently_changed_parties(PUBLIC),
        "largest_flows": flows_for(PUBLIC)
        .filter(usd_high__isnull=False)
        .order_by("-usd_high", "pk")[:5],
    }
    return render(request, "archive/home.html", context)


class SearchForm(forms.Form):
    q = SearchField(label="Search the archive", required=False)


@require_GET
def search(request):
    """People, organisations, ventures and places whose names match, in any spelling."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "archive/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    context = {"form": form, "query": query, "groups": [], "total": 0}
    if query:
        parties = search_names(parties_for(PUBLIC), query, vector=True)
        counts = dict(parties.order_by().values_list("kind").annotate(n=Count("pk")))
        places = search_names(places_for(PUBLIC), query)
        # Aliases show why a result matched: "Kaesong" finds the Kaeseong complex.
        parties = parties.prefetch_related("aliases")
        places = places.prefetch_related("aliases")
        groups = [
            (
                label,
                counts.get(kind, 0),
                parties.filter(kind=kind)[:SEARCH_LIMIT],
                reverse(listing),
            )
            for kind, label, listing in (
                (PartyKind.PERSON, "People", "people:person-list"),
                (PartyKind.ORGANIZATION, "Organisations", "people:organization-list"),
                (PartyKind.VENTURE, "Ventures", "ventures:venture-list"),
            )
        ]
        groups.append(
            ("Places", places.count(), places[:SEARCH_LIMIT], reverse("ventures:place-list"))
        )
        context["groups"] = [group for group in groups if group[1]]
        context["total"] = sum(group[1] for group in groups)
    return render(request, "archive/search.html", context)


@require_GET
def robots(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    """The same page for a record that does not exist and one that is not public."""
    return render(request, "archive/404.html", status=404)
