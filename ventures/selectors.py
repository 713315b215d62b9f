"""Reads for ventures, places and flows: public querysets with their joins declared.

Every public surface starts here, from ``.public()``; related records are prefetched
through public querysets too, because related managers and ``select_related`` ignore
custom managers (DESIGN.md, "Hidden records leak sideways").
"""

from __future__ import annotations

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from people.models import Party, PartyAlias
from ventures.models import FundingFlow, Place, Venture


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


def _funding_total(amount) -> Coalesce:
    totals = (
        FundingFlow.objects.public()
        .filter(recipient=OuterRef("pk"))
        .order_by()
        .values("recipient")
        .annotate(total=Sum(amount))
        .values("total")
    )
    money = DecimalField(max_digits=22, decimal_places=2)
    return Coalesce(Subquery(totals, output_field=money), Value(0), output_field=money)


def public_ventures() -> QuerySet[Venture]:
    """Public ventures with their place, sectors and aliases, and USD funding totals.

    ``funding_usd_low`` / ``funding_usd_high`` sum the USD estimates of the public
    flows a venture receives (0 when it receives none). An open-ended estimate ("more
    than US$4,522") has no high bound, so the high total counts its low bound instead.
    """
    return (
        Venture.objects.public()
        .select_related("place")
        .prefetch_related(
            "sectors",
            Prefetch("aliases", queryset=PartyAlias.objects.order_by("name")),
        )
        .annotate(
            funding_usd_low=_funding_total("usd_low"),
            funding_usd_high=_funding_total(Coalesce("usd_high", "usd_low")),
        )
    )


def public_places() -> QuerySet[Place]:
    return Place.objects.public().select_related("parent").prefetch_related("aliases")


def public_parties() -> QuerySet[Party]:
    return Party.objects.public()
