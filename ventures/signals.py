"""Keep derived values in step with the rows they come from, in the writing transaction.

- A place's stored search column follows its names (see people.signals).
- A venture's stored funding totals (``Venture.funding_usd_low`` / ``_high``) follow the
  public flows it receives, a part left out beside its whole (``funding_total``): a
  flow written or deleted, moved to another recipient, made part of another flow or no
  longer, or re-estimated; a party published, hidden or restricted (its flows appear in or vanish
  from the public sums); a venture saved (its own save writes the totals it read, so
  they are recomputed after it).
- The changes feed (``core.outbox``) is told which records a change touches.
- A flow's USD estimate follows an approved revision of its amount (``core.review``).
- A flow's ``ends_public`` is the database's (triggers, migration 0009), not this module's.

Fixture loads (``raw``) are handled too, in any order: whichever of a flow and its ends
is saved last brings the sum up to date.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from core import outbox
from core.review import revision_applied
from core.search import forget_keys, schedule_refresh
from people.models import Party
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
from ventures.services import refresh_funding_totals, refresh_usd_estimates


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


@receiver(revision_applied, sender=FundingFlow)
def flow_revision_applied(sender, record, **kwargs):
    # An approved change to the amount or dates changes the estimate derived from them.
    refresh_usd_estimates([record])


@receiver(pre_save, sender=FundingFlow)
def flow_saving(sender, instance, **kwargs):
    """Remember the recipient before the save: a flow moved away leaves its old total.

    The part-of rule only ever pairs a part with a whole to the same venture, so the
    totals a flow's ``whole`` changes are its own recipient's, refreshed below; and the
    parts of a whole that is moved, hidden or deleted are its old or new recipient's.
    """
    instance._recipient_before = (
        FundingFlow.objects.filter(pk=instance.pk).values_list("recipient_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=FundingFlow)
def flow_saved(sender, instance, **kwargs):
    refresh_funding_totals([instance.recipient_id, getattr(instance, "_recipient_before", None)])


@receiver(post_delete, sender=FundingFlow)
def flow_deleted(sender, instance, **kwargs):
    refresh_funding_totals([instance.recipient_id])


def _shown(party: Party) -> tuple[str, str]:
    return (party.publication_state, party.visibility)


@receiver(pre_save)
def party_saving(sender, instance, raw=False, **kwargs):
    """Remember whether the party was public, to tell a visibility change from an edit."""
    if not isinstance(instance, Party) or raw or not instance.pk:
        return
    instance._shown_before = (
        Party.objects.filter(pk=instance.pk).values_list("publication_state", "visibility").first()
    )


@receiver(post_save)
def party_saved(sender, instance, created=False, raw=False, **kwargs):
    """A party shown or hidden shows or hides its flows, and moves the totals they reach."""
    if not isinstance(instance, Party):
        return
    ventures = [instance.pk] if isinstance(instance, Venture) else []
    if raw or created or getattr(instance, "_shown_before", None) != _shown(instance):
        # The database has already re-derived its flows' ``ends_public`` (a trigger).
        ventures += FundingFlow.objects.involving(instance).values_list("recipient_id", flat=True)
    refresh_funding_totals(ventures)


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
