"""Public pages of people and organisations: listings and one page each."""

from collections import Counter

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_countries import countries

from core import facets
from core.facets import Narrowing, active_filters, choice_facet, distinct_values
from core.pagination import render_listing
from core.records import PUBLIC
from people import selectors
from people.filters import OrganizationFilter, PersonFilter
from people.models import OrganizationKind
from ventures.selectors import party_flows


def _country_choices(codes) -> list[tuple[str, str]]:
    return sorted(((code, countries.name(code)) for code in set(codes) if code), key=lambda c: c[1])


@require_GET
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=selectors.listed_people(PUBLIC))
    # Both columns at once (a few dozen distinct pairs), found by their index, not by
    # reading every public person: 40 ms -> ~1 ms at 99,000 public people.
    pairs = distinct_values(selectors.people_for(PUBLIC), "origin_country", "residence_country")
    codes = [code for pair in pairs for code in pair]
    context = {"filterset": filterset, "form": filterset.form, "countries": _country_choices(codes)}
    if not filterset.is_valid():
        return render(request, "people/person_list.html", context, status=400)
    organization = filterset.form.cleaned_data.get("organization")
    names = {"organization": {organization.slug: organization.name}} if organization else {}
    labels = {"q": "Search", "country": "Country", "is_defector": "Defector"}
    labels["organization"] = "Has a role in"
    names["is_defector"] = {"true": "Yes", "false": "No"}
    names["country"] = dict(context["countries"])
    context["chips"] = active_filters(request.GET, labels, names)
    narrowing = Narrowing(filterset, selectors.people_for(PUBLIC), order=("name", "pk"))
    return render_listing(
        request, "people/person_list.html", context, narrowing, selectors.listed_people(PUBLIC)
    )


@require_GET
def person_detail(request, slug):
    person = get_object_or_404(selectors.person_page(PUBLIC), slug=slug)
    context = {"person": person, "flows": party_flows(person, PUBLIC)}
    return render(request, "people/person_detail.html", context)


@require_GET
def organization_list(request):
    filterset = OrganizationFilter(request.GET, queryset=selectors.listed_organisations(PUBLIC))
    codes = [code for (code,) in distinct_values(selectors.organisations_for(PUBLIC), "country")]
    context = {"filterset": filterset, "form": filterset.form, "countries": _country_choices(codes)}
    if not filterset.is_valid():
        return render(request, "people/organization_list.html", context, status=400)
    narrowing = Narrowing(
        filterset,
        selectors.organisations_for(PUBLIC),
        order=("name", "pk"),
        columns=("org_kind",),
    )
    # Counted over the first FACET_SAMPLE matches of the other filters, read with the
    # listing's own keys when no kind is ticked (one walk for both), as the venture
    # listing's facets are: a facet over more says "at least".
    found, cut = narrowing.sample_rows(without="kind")
    kinds = choice_facet(
        "kind",
        "Kind",
        Counter(kind for _, kind in found).items(),
        dict(OrganizationKind.choices),
        request.GET,
    )
    kinds.sampled = facets.FACET_SAMPLE if cut else 0
    names = {"kind": dict(OrganizationKind.choices), "country": dict(context["countries"])}
    context.update(
        kinds=kinds,
        chips=active_filters(
            request.GET, {"q": "Search", "kind": "Kind", "country": "Country"}, names
        ),
    )
    return render_listing(
        request,
        "people/organization_list.html",
        context,
        narrowing,
        selectors.listed_organisations(PUBLIC),
    )


@require_GET
def organization_detail(request, slug):
    organization = get_object_or_404(selectors.organisation_page(PUBLIC), slug=slug)
    context = {"organization": organization, "flows": party_flows(organization, PUBLIC)}
    return render(request, "people/organization_detail.html", context)
