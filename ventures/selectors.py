"""Reads for ventures, places and flows: public querysets with their joins declared.

Every public surface starts here, from ``.public()``; related records are prefetched
through public querysets too, because related managers and ``select_related`` ignore
custom managers (DESIGN.md, "Hidden records leak sideways").
"""

from __future__ import annotations

from django.db.models import (
    Prefetch,
    QuerySet,
)

from people.models import Party, PartyAlias, Role
from sources.selectors import citations_prefetch
from ventures.models import (
    FundingFlow,
    Place,
    PlaceAlias,
    Venture,
)


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


def public_flows() -> QuerySet[FundingFlow]:
    return FundingFlow.objects.public().select_related("funder", "recipient")


def public_ventures() -> QuerySet[Venture]:
    """Public ventures with their place, sectors and aliases, and USD funding totals.

    ``funding_usd_low`` / ``funding_usd_high`` are stored on the venture: the sums of
    the USD estimates of the public flows it receives (0 when it receives none).
    """
    return (
        Venture.objects.public()
        .select_related("place")
        .prefetch_related(
            "sectors",
            Prefetch("aliases", queryset=PartyAlias.objects.order_by("name")),
        )
    )


def public_places() -> QuerySet[Place]:
    return Place.objects.public().select_related("parent").prefetch_related("aliases")


def public_parties() -> QuerySet[Party]:
    return Party.objects.public()


# ---------------------------------------------------------------------------
# The public site's reads. Related records a page shows are fetched through public
# querysets (``Prefetch``), never through ``select_related`` on a link that may
# point at a hidden record: a venture's place, its operator, a role's person.


def listed_ventures() -> QuerySet[Venture]:
    """``public_ventures`` for the site: the place is prefetched from public places only."""
    return (
        public_ventures()
        .select_related(None)
        .prefetch_related(Prefetch("place", queryset=Place.objects.public()))
    )


def venture_detail() -> QuerySet[Venture]:
    """Public ventures with everything their page shows, fetched through public querysets."""
    return Venture.objects.public().prefetch_related(
        "sectors",
        Prefetch("aliases", queryset=PartyAlias.objects.order_by("name")),
        Prefetch("place", queryset=Place.objects.public()),
        Prefetch("operated_by", queryset=Party.objects.public()),
        citations_prefetch(),
        Prefetch(
            "member_roles",
            queryset=Role.objects.public()
            .select_related("person")
            .prefetch_related(citations_prefetch())
            .order_by("person__name", "kind"),
            to_attr="public_roles",
        ),
    )


def listed_flows() -> QuerySet[FundingFlow]:
    """Public flows with their ends, stated conversions and goods: what a row shows."""
    return public_flows().prefetch_related("conversions", "goods")


def flow_detail() -> QuerySet[FundingFlow]:
    """Public flows with their citations too: what a flow's own page shows."""
    return listed_flows().prefetch_related(citations_prefetch())


def flows_involving(party: Party) -> list[FundingFlow]:
    """Public flows to or from a party, with their quotes: a fixed four queries."""
    return list(flow_detail().involving(party))


def listed_places() -> QuerySet[Place]:
    return Place.objects.public().prefetch_related(
        Prefetch("parent", queryset=Place.objects.public()),
        Prefetch("aliases", queryset=PlaceAlias.objects.order_by("name")),
    )


def place_detail() -> QuerySet[Place]:
    """Public places with their public parent, children and ventures, and citations."""
    return listed_places().prefetch_related(
        Prefetch("children", queryset=Place.objects.public().order_by("name")),
        Prefetch(
            "ventures",
            queryset=Venture.objects.public().prefetch_related("sectors").order_by("name"),
        ),
        citations_prefetch(),
    )
