"""Public pages of people and organisations: listings and one page each."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_countries import countries

from core.facets import Narrowing, active_filters, choice_facet, distinct_values, grouped_counts
from core.pagination import paginate
from core.records import PUBLIC
from people import selectors
from people.filters import OrganizationFilter, PersonFilter
from people.models import OrganizationKind
from ventures.selectors import flows_involving


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
    context.update(
        page=paginate(request, filterset.qs),
        chips=active_filters(request.GET, labels, names),
    )
    return render(request, "people/person_list.html", context)


def _received_and_given(party):
    flows = flows_involving(party, PUBLIC)
    return (
        [flow for flow in flows if flow.recipient_id == party.pk],
        [flow for flow in flows if flow.funder_id == party.pk],
    )


@require_GET
def person_detail(request, slug):
    person = get_object_or_404(selectors.person_page(PUBLIC), slug=slug)
    received, given = _received_and_given(person)
    context = {"person": person, "received": received, "given": given}
    return render(request, "people/person_detail.html", context)


@require_GET
def organization_list(request):
    filterset = OrganizationFilter(request.GET, queryset=selectors.listed_organisations(PUBLIC))
    codes = [code for (code,) in distinct_values(selectors.organisations_for(PUBLIC), "country")]
    context = {"filterset": filterset, "form": filterset.form, "countries": _country_choices(codes)}
    if not filterset.is_valid():
        return render(request, "people/organization_list.html", context, status=400)
    organisations = selectors.organisations_for(PUBLIC)
    others = Narrowing(filterset, organisations).apply(organisations, without="kind")
    kinds = choice_facet(
        "kind",
        "Kind",
        grouped_counts(others, "org_kind"),
        dict(OrganizationKind.choices),
        request.GET,
    )
    names = {"kind": dict(OrganizationKind.choices), "country": dict(context["countries"])}
    context.update(
        page=paginate(request, filterset.qs),
        kinds=kinds,
        chips=active_filters(
            request.GET, {"q": "Search", "kind": "Kind", "country": "Country"}, names
        ),
    )
    return render(request, "people/organization_list.html", context)


@require_GET
def organization_detail(request, slug):
    organization = get_object_or_404(selectors.organisation_page(PUBLIC), slug=slug)
    received, given = _received_and_given(organization)
    context = {"organization": organization, "received": received, "given": given}
    return render(request, "people/organization_detail.html", context)
