"""Public pages of ventures, funding flows, places and the network picture.

Views translate a request into selector calls and back. Listings are driven by the
same FilterSets as the API; invalid parameters answer 400 with the form's errors.
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.facets import active_filters
from core.pagination import paginate
from core.records import PUBLIC
from people.selectors import parties_for
from ventures import flow_stats, selectors
from ventures.facets import flow_facets, venture_facets
from ventures.filters import FundingFlowFilter, PlaceFilter, VentureFilter
from ventures.models import PlaceKind
from ventures.network import build_network

VENTURE_FILTER_LABELS = {
    "q": "Search",
    "sector": "Sector",
    "kind": "Kind",
    "place": "Place",
    "country": "Country",
    "status": "Status",
    "founded_from": "Founded in or after",
    "founded_to": "Founded in or before",
    "founded_by_defector": "Founded by a defector",
    "funded_by": "Funded by",
    "funding_kind": "Kind of funding",
    "has_funding": "Has funding",
}

FLOW_FILTER_LABELS = {
    "q": "Search",
    "party": "Funder or recipient",
    "funder": "Funder",
    "recipient": "Recipient",
    "kind": "Kind",
    "status": "Status",
    "currency": "Currency",
    "year_from": "In or after",
    "year_to": "In or before",
    "usd_min": "USD at least",
    "usd_max": "USD at most",
}


def _value_names(facets) -> dict[str, dict[str, str]]:
    return {facet.name: {value.value: value.label for value in facet.values} for facet in facets}


@require_GET
def venture_list(request):
    filterset = VentureFilter(request.GET, queryset=selectors.listed_ventures(PUBLIC))
    context = {"filterset": filterset, "form": filterset.form}
    if not filterset.is_valid():
        return render(request, "ventures/venture_list.html", context, status=400)
    facets = venture_facets(filterset, request.GET)
    context.update(
        page=paginate(request, filterset.qs),
        facets=facets,
        chips=active_filters(request.GET, VENTURE_FILTER_LABELS, _value_names(facets)),
    )
    return render(request, "ventures/venture_list.html", context)


@require_GET
def venture_detail(request, slug):
    venture = get_object_or_404(selectors.venture_page(PUBLIC), slug=slug)
    flows = selectors.flows_involving(venture, PUBLIC)
    context = {
        "venture": venture,
        "received": [flow for flow in flows if flow.recipient_id == venture.pk],
        "given": [flow for flow in flows if flow.funder_id == venture.pk],
    }
    return render(request, "ventures/venture_detail.html", context)


@require_GET
def flow_list(request):
    filterset = FundingFlowFilter(request.GET, queryset=selectors.listed_flows(PUBLIC))
    context = {"filterset": filterset, "form": filterset.form}
    if not filterset.is_valid():
        return render(request, "ventures/flow_list.html", context, status=400)
    flows = filterset.qs
    facets = flow_facets(filterset, request.GET)
    names = _value_names(facets)
    party = filterset.form.cleaned_data.get("party")
    if party is not None:
        names["party"] = {party.slug: party.name}
    context.update(
        page=paginate(request, flows),
        facets=facets,
        totals=flow_stats.flow_totals(flows),
        by_year=flow_stats.flows_by_year(flows, request.GET),
        by_kind=flow_stats.flows_by_kind(flows, request.GET),
        chips=active_filters(request.GET, FLOW_FILTER_LABELS, names),
    )
    return render(request, "ventures/flow_list.html", context)


@require_GET
def flow_detail(request, pk):
    flow = get_object_or_404(selectors.flow_page(PUBLIC), pk=pk)
    return render(request, "ventures/flow_detail.html", {"flow": flow})


@require_GET
def place_list(request):
    filterset = PlaceFilter(request.GET, queryset=selectors.listed_places(PUBLIC))
    context = {"filterset": filterset, "form": filterset.form, "kinds": PlaceKind.choices}
    if not filterset.is_valid():
        return render(request, "ventures/place_list.html", context, status=400)
    context["page"] = paginate(request, filterset.qs)
    return render(request, "ventures/place_list.html", context)


@require_GET
def place_detail(request, slug):
    place = get_object_or_404(selectors.place_page(PUBLIC), slug=slug)
    return render(request, "ventures/place_detail.html", {"place": place})


class NetworkForm(forms.Form):
    """What the network picture shows: every link, or one party's neighbourhood."""

    LINKS = [("all", "Funding flows and roles"), ("flows", "Funding flows"), ("roles", "Roles")]

    party = forms.ModelChoiceField(
        queryset=parties_for(PUBLIC),
        to_field_name="slug",
        required=False,
        label="Around one party",
    )
    links = forms.ChoiceField(choices=LINKS, required=False, label="Links")


@require_GET
def network(request):
    form = NetworkForm(request.GET)
    if not form.is_valid():
        return render(request, "ventures/network.html", {"form": form}, status=400)
    party = form.cleaned_data["party"]
    graph = build_network(party=party, links=form.cleaned_data["links"] or "all")
    return render(
        request, "ventures/network.html", {"form": form, "party": party, "network": graph}
    )
