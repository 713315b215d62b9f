"""Keep each place's stored search column in step with its names (see people.signals),
and tell the changes feed (``core.outbox``) which records a change touches."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import outbox
from core.search import forget_keys, schedule_refresh
from ventures.models import (
    ExchangeRate,
    FundingFlow,
    GoodsItem,
    Place,
    PlaceAlias,
    Sector,
    StatedConversion,
    Venture,
)


@receiver(post_save, sender=Place)
def place_saved(sender, instance, **kwargs):
    schedule_refresh("place", instance.pk)


@receiver(post_save, sender=PlaceAlias)
@receiver(post_delete, sender=PlaceAlias)
def place_alias_changed(sender, instance, **kwargs):
    if Place.objects.filter(pk=instance.place_id).exists():
        schedule_refresh("place", instance.place_id)


@receiver(post_delete, sender=Place)
def place_deleted(sender, instance, **kwargs):
    forget_keys("place", [instance.pk])


# Changes feed (core.outbox) ----------------------------------------------------------
# Which records a change of a flow, place, sector or rate touches (see people.signals).

PARTIES = {"person", "organization", "venture"}


def ids_of(keys, *resources: str) -> set[int]:
    return {pk for resource, pk in keys if resource in resources}


def flow_keys(flow, was):
    """A flow shows its ends, and a venture's USD totals count the flows it receives."""
    ends = (flow.funder_id, flow.recipient_id, *was.values())
    return [("funding-flow", flow.pk), *(("party", pk) for pk in ends)]


def part_of_flow(row, was):
    return [("funding-flow", row.flow_id)]


def flows_places_and_sectors(keys):
    """A party's flows (and their other ends, whose totals may change with the flow's
    visibility), the ventures it operates; a place's ventures and child places; a
    sector's ventures."""
    parties = ids_of(keys, *PARTIES)
    if parties:
        flows = FundingFlow.objects.filter(Q(funder__in=parties) | Q(recipient__in=parties))
        for pk, funder, recipient in flows.values_list("pk", "funder_id", "recipient_id"):
            yield from (("funding-flow", pk), ("party", funder), ("party", recipient))
        operated = Venture.objects.filter(operated_by__in=parties).values_list("pk", flat=True)
        yield from (("venture", pk) for pk in operated)
    places = ids_of(keys, "place")
    if places:
        yield from (
            ("venture", pk)
            for pk in Venture.objects.filter(place__in=places).values_list("pk", flat=True)
        )
        yield from (
            ("place", pk)
            for pk in Place.objects.filter(parent__in=places).values_list("pk", flat=True)
        )
    sectors = ids_of(keys, "sector")
    if sectors:
        ventures = Venture.objects.filter(sectors__in=sectors).values_list("pk", flat=True)
        yield from (("venture", pk) for pk in ventures)


outbox.track(FundingFlow, "funding-flow", flow_keys, watch=("funder_id", "recipient_id"))
outbox.track(StatedConversion, "funding-flow", part_of_flow)
outbox.track(GoodsItem, "funding-flow", part_of_flow)
outbox.track(Place, "place")
outbox.track(PlaceAlias, "place", lambda alias, was: [("place", alias.place_id)])
outbox.track(Sector, "sector")
outbox.track(ExchangeRate, "exchange-rate")
outbox.expand(flows_places_and_sectors)
