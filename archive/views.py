"""The site's frame: the home page, site-wide search, robots.txt and the 404 page."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from archive.site_search import nearest_name, search_everything
from core.filters import SearchField
from people.models import Organization, Person
from people.selectors import recently_changed_parties
from sources.models import Source
from sources.selectors import public_sources
from ventures.models import FundingFlow, Venture
from ventures.selectors import public_flows


def home(request):
    counts = {
        "sources": Source.objects.public().count(),
        "people": Person.objects.public().count(),
        "organisations": Organization.objects.public().count(),
        "ventures": Venture.objects.public().count(),
        "funding flows": FundingFlow.objects.public().count(),
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
        "sources": public_sources(),
        "recent": recently_changed_parties(),
        "largest_flows": public_flows().filter(usd_high__isnull=False).order_by("-usd_high")[:5],
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
        context["groups"] = search_everything(query)
        context["total"] = sum(group.count for group in context["groups"])
        if not context["total"]:
            context["suggestion"] = nearest_name(query)
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
