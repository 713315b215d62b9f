"""The reads of ventures, flows, places, sectors and rates: one selector each, taking the user.

``<resource>_for(user)`` decides who sees which rows (``visible_to``) and a total order
(name, then id). Every surface (site pages, API, dump, sitemap, graph, counts) starts
there; the shapes below add only the related records a surface shows, prefetched through
querysets visible to the same user, because related managers and ``select_related``
ignore custom managers (DESIGN.md, "Hidden records leak sideways").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Prefetch,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from core.api_lists import join_visible
from core.records import sees_hidden_records
from people.models import Party, Role
from people.selectors import aliases, page_relations, visible_roles
from sources.selectors import citations_prefetch, visible_citations
from ventures.models import (
    LISTED_ORDER,
    ExchangeRate,
    FundingFlow,
    Place,
    PlaceAlias,
    Sector,
    Venture,
)

#: Sums of USD estimates: a flow's bounds are at most 10^17 (20 digits with cents), so 24
#: digits hold the sum of ten thousand of them.
MONEY = DecimalField(max_digits=24, decimal_places=2)


def place_and_descendants(place: Place) -> list[int]:
    """The ids of a place and every place inside it (a country includes its cities)."""
    ids, frontier = {place.pk}, [place.pk]
    while frontier:
        frontier = list(
            Place.objects.filter(parent__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return sorted(ids)


# The selectors.


def ventures_for(user) -> QuerySet[Venture]:
    """Ventures ``user`` may see, by name, then key. The public's are in ``LISTED_ORDER``,
    the same order read from the ventures' own rows (``VentureQuerySet.public``)."""
    if sees_hidden_records(user):
        return Venture.objects.order_by("name", "pk")
    return Venture.objects.public().order_by(*LISTED_ORDER)


def flows_for(user) -> QuerySet[FundingFlow]:
    """Flows ``user`` may see, newest first, with their named ends joined.

    A visible flow's named ends are visible too (``FundingFlowQuerySet.public`` drops a
    flow whose named funder or recipient is hidden), so joining them reveals nothing.
    """
    return FundingFlow.objects.visible_to(user).select_related("funder", "recipient")


def places_for(user) -> QuerySet[Place]:
    return Place.objects.visible_to(user).order_by("name", "pk")


def sectors_for(user) -> QuerySet[Sector]:
    """Reference data, the same for everyone; ``user`` keeps the shape of every read."""
    return Sector.objects.order_by("name", "pk")


def rates_for(user) -> QuerySet[ExchangeRate]:
    """Reference data, the same for everyone; (currency, year) is unique."""
    return ExchangeRate.objects.order_by("currency", "year")


# What the API (and the dump) nests in each representation.


def venture_records(user) -> QuerySet[Venture]:
    # funding_usd_low / funding_usd_high are stored on the venture (public totals).
    ventures = join_visible(
        ventures_for(user), "place", Place.objects.visible_to(user), "visible_place"
    )
    ventures = join_visible(
        ventures, "operated_by", Party.objects.visible_to(user), "visible_operator"
    )
    return ventures.prefetch_related(
        "sectors",
        aliases(),
        visible_roles(user, "member_roles"),
        visible_citations(user),
    )


def flow_records(user) -> QuerySet[FundingFlow]:
    return flows_for(user).prefetch_related("conversions", "goods", visible_citations(user))


def place_records(user) -> QuerySet[Place]:
    places = join_visible(
        places_for(user), "parent", Place.objects.visible_to(user), "visible_parent"
    )
    return places.prefetch_related("aliases", visible_citations(user))


def sector_records(user) -> QuerySet[Sector]:
    return sectors_for(user)


def rate_records(user) -> QuerySet[ExchangeRate]:
    return rates_for(user)


# What the public site's pages show. A related record that may be hidden is prefetched
# into its own attribute from a visible queryset, so a hidden one reads as None.


def listed_ventures(user) -> QuerySet[Venture]:
    return ventures_for(user).prefetch_related(
        "sectors",
        aliases(),
        Prefetch("place", queryset=Place.objects.visible_to(user)),
    )


def venture_page(user) -> QuerySet[Venture]:
    return ventures_for(user).prefetch_related(
        "sectors",
        aliases(),
        Prefetch("place", queryset=Place.objects.visible_to(user)),
        Prefetch("operated_by", queryset=Party.objects.visible_to(user)),
        citations_prefetch(user),
        Prefetch(
            "member_roles",
            queryset=Role.objects.visible_to(user)
            .select_related("person")
            .prefetch_related(citations_prefetch(user))
            .order_by("person__name", "kind", "pk"),
            to_attr="public_roles",
        ),
        *page_relations(user),
    )


def listed_flows(user) -> QuerySet[FundingFlow]:
    """Flows with their ends, stated conversions and goods: what a row shows."""
    return flows_for(user).prefetch_related("conversions", "goods")


def flow_page(user) -> QuerySet[FundingFlow]:
    """Flows with their citations too: what a flow's own page shows."""
    return listed_flows(user).prefetch_related(citations_prefetch(user))


#: How many flows of each direction a party's own page shows. A national archive's
#: busiest funders give thousands (a page of 5,819 flow cards with their quotes was 5.6 MB
#: and took 5 s to build); the rest are one link away, in the flow listing filtered by
#: the party, which pages them and sums them.
PAGE_FLOWS = 20


@dataclass(frozen=True)
class FlowPreview:
    """The first ``PAGE_FLOWS`` flows of one direction of a party's, in the flow
    listing's order, and how many the user may see in all."""

    flows: list[FundingFlow]
    total: int
    #: The flow listing's filter that lists them all: ``funder`` or ``recipient``.
    filter: str

    @property
    def more(self) -> bool:
        return self.total > len(self.flows)

    @property
    def direction(self) -> str:
        return "given" if self.filter == "funder" else "received"


@dataclass(frozen=True)
class PartyFlows:
    received: FlowPreview
    given: FlowPreview


def party_flows(party: Party, user) -> PartyFlows:
    """What a party's page shows of its flows: the first ``PAGE_FLOWS`` it received and
    the first it gave, with their quotes, and how many there are of each.

    The flows involving the party are ranked and counted in each direction by their
    keys alone (window functions over narrow rows: the whole rows of a busy funder's
    5,819 flows with both ends joined spilled their sort to disk, 105 ms), then the
    first of each are read whole: with the prefetches, a fixed five queries however many
    flows the party has. (A flow never runs from a party to itself: the database
    refuses it, so each flow is on one side.)
    """
    side = Case(
        When(recipient=party, then=Value("recipient")),
        default=Value("funder"),
        output_field=CharField(),
    )
    order = FundingFlow._meta.ordering
    ranked = (
        flows_for(user)
        .involving(party)
        .annotate(
            side=side,
            rank=Window(RowNumber(), partition_by=[side], order_by=order),
            side_total=Window(Count("pk"), partition_by=[side]),
        )
        .filter(rank__lte=PAGE_FLOWS)
        .values_list("pk", "side", "side_total")
    )
    keys = {pk: (side, total) for pk, side, total in ranked}
    flows = list(flow_page(user).filter(pk__in=keys)) if keys else []

    def preview(filter_: str) -> FlowPreview:
        shown = [flow for flow in flows if keys[flow.pk][0] == filter_]
        return FlowPreview(shown, keys[shown[0].pk][1] if shown else 0, filter_)

    return PartyFlows(received=preview("recipient"), given=preview("funder"))


def listed_places(user) -> QuerySet[Place]:
    return places_for(user).prefetch_related(
        Prefetch("parent", queryset=Place.objects.visible_to(user)),
        Prefetch("aliases", queryset=PlaceAlias.objects.order_by("name", "pk")),
    )


def place_page(user) -> QuerySet[Place]:
    """Places with their visible parent, children and ventures, and citations."""
    return listed_places(user).prefetch_related(
        Prefetch("children", queryset=places_for(user)),
        Prefetch(
            "ventures",
            queryset=ventures_for(user).prefetch_related("sectors"),
        ),
        citations_prefetch(user),
    )
