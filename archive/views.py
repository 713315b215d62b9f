"""The site's frame: the home page (the public listings arrive with their own issue)."""

from django.shortcuts import render

from people.models import Organization, Person
from sources.models import Source
from ventures.models import FundingFlow, Venture


def home(request):
    counts = {
        "sources": Source.objects.public().count(),
        "people": Person.objects.public().count(),
        "organisations": Organization.objects.public().count(),
        "ventures": Venture.objects.public().count(),
        "funding flows": FundingFlow.objects.public().count(),
    }
    sources = (
        Source.objects.public()
        .select_related("publisher")
        .only("title", "published_on", "publisher__name")
    )
    return render(request, "archive/home.html", {"counts": counts, "sources": sources})
