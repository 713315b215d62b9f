"""The site's frame: the home page, site-wide search, robots.txt and the 404 page."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from archive.site_search import nearest_name, search_everything
from core.filters import SearchField
from core.records import PUBLIC
from people.models import PartyKind
from people.selectors import party_counts, recently_changed_parties
from sources.selectors import listed_sources, sources_for
from ventures.flow_stats import flow_count
from ventures.selectors import flows_for

#: How many of the newest sources the home page names.
HOME_SOURCES = 10


def home(request):
    parties = party_counts(PUBLIC)
    counts = {
        "sources": sources_for(PUBLIC).count(),
        "people": parties[PartyKind.PERSON],
        "organisations": parties[PartyKind.ORGANIZATION],
        "ventures": parties[PartyKind.VENTURE],
        "funding flows": flow_count(PUBLIC),
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
        # The newest only: at national scale the archive holds tens of thousands of
        # sources (50,000 took 7 s to list here); the listing pages through them all.
        "sources": listed_sources(PUBLIC)[:HOME_SOURCES],
        "recent": recently_changed_parties(PUBLIC),
        # Ordered by the lower bound, so an open-ended "more than US$2M" counts as
        # what is known of it and is not left out for having no upper bound.
        "largest_flows": flows_for(PUBLIC)
        .filter(usd_low__isnull=False)
        .order_by("-usd_low", "pk")[:5],
    }
    return render(request, "archive/home.html", context)


class SearchForm(forms.Form):
    q = SearchField(label="Search the archive", required=False)


@require_GET
def search(request):
    """Every kind of public record whose names or words match, in any spelling."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "archive/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    context = {"form": form, "query": query, "groups": [], "total": 0, "suggestion": None}
    if query:
        context["groups"] = search_everything(query, PUBLIC)
        context["total"] = sum(group.count for group in context["groups"])
        # A group counted no further than its cap makes the total a lower bound too.
        context["more"] = any(group.more for group in context["groups"])
        if not context["total"]:
            context["suggestion"] = nearest_name(query, PUBLIC)
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
