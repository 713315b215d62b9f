"""Public pages of ventures, funding flows, places and the network picture.

Views translate a request into selector calls and back. Listings are driven by the
same FilterSets as the API; invalid parameters answer 400 with the form's errors.
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.facets import active_filters
from core.pagination import paginate, render_listing, render_page
from core.records import PUBLIC
from people.selectors import parties_for
from ventures import flow_stats, selectors
from ventures.amounts import attach_funding_summaries
from ventures.connections import connections, find_party
from ventures.facets import flow_facets, flow_narrowing, venture_facets, venture_narrowing
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
    narrowing = venture_narrowing(filterset)
    facets = venture_facets(narrowing, request.GET)
    context.update(
        facets=facets,
        chips=active_filters(request.GET, VENTURE_FILTER_LABELS, _value_names(facets)),
    )
    return render_listing(
        request,
        "ventures/venture_list.html",
        context,
        narrowing,
        selectors.listed_ventures(PUBLIC),
        # Whether a venture's total is open-ended and on which bases, for its page only.
        each_page=lambda page: attach_funding_summaries(page, selectors.flows_for(PUBLIC)),
    )


@require_GET
def venture_detail(request, slug):
    venture = get_object_or_404(selectors.venture_page(PUBLIC), slug=slug)
    context = {"venture": venture, "flows": selectors.party_flows(venture, PUBLIC)}
    return render(request, "ventures/venture_detail.html", context)


@require_GET
def flow_list(request):
    filterset = FundingFlowFilter(request.GET, queryset=selectors.listed_flows(PUBLIC))
    context = {"filterset": filterset, "form": filterset.form}
    if not filterset.is_valid():
        return render(request, "ventures/flow_list.html", context, status=400)
    flows = filterset.qs
    narrowing = flow_narrowing(filterset)
    # The public listing filtered by the summary's columns reads the figures kept on
    # write (O(groups), exact); any other filter computes them live, in one read of its
    # flows. Both give the totals and the charts alike.
    summary = flow_stats.summary_for(PUBLIC, narrowing)
    facets = flow_facets(narrowing, request.GET, summary)
    stats = summary if summary is not None else flow_stats.LiveStats(flows)
    totals = stats.totals()
    by_year, by_kind = stats.by_year(request.GET), stats.by_kind(request.GET)
    names = _value_names(facets)
    party = filterset.form.cleaned_data.get("party")
    if party is not None:
        names["party"] = {party.slug: party.name}
    context.update(
        facets=facets,
        totals=totals,
        by_year=by_year,
        by_kind=by_kind,
        chips=active_filters(request.GET, FLOW_FILTER_LABELS, names),
    )
    return render_page(request, "ventures/flow_list.html", context, flows, totals.count)


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

    LINKS = [
        ("all", "Flows, roles and relations"),
        ("flows", "Funding flows"),
        ("roles", "Roles"),
        ("relations", "Relations"),
    ]

    party = forms.ModelChoiceField(
        queryset=parties_for(PUBLIC),
        to_field_name="slug",
        required=False,
        label="Around one party",
    )
    links = forms.ChoiceField(choices=LINKS, required=False, label="Links")


class PartyNameField(forms.CharField):
    """A public party named by its slug or by a name in any spelling."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        party, candidates = find_party(value, PUBLIC)
        if party is None:
            if candidates:
                names = "; ".join(candidate.name for candidate in candidates)
                raise forms.ValidationError(f"“{value}” could be several parties: {names}.")
            raise forms.ValidationError(f"No party in the archive is called “{value}”.")
        return party


class ConnectionForm(forms.Form):
    """How is one party connected to another: LittleSis' "common connections"."""

    connect = PartyNameField(label="How is", required=False, max_length=200)
    to = PartyNameField(label="connected to", required=False, max_length=200)


@require_GET
def network(request):
    form = NetworkForm(request.GET)
    connect = ConnectionForm(request.GET)
    context = {"form": form, "connect": connect}
    if not (form.is_valid() and connect.is_valid()):
        return render(request, "ventures/network.html", context, status=400)
    party = form.cleaned_data["party"]
    start, end = connect.cleaned_data["connect"], connect.cleaned_data["to"]
    if start and end:
        context.update(start=start, end=end, connections=connections(start, end, PUBLIC))
    graph = build_network(party=party, links=form.cleaned_data["links"] or "all")
    context.update(party=party, network=graph)
    return render(request, "ventures/network.html", context)
