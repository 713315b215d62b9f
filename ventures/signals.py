"""Keep derived values in step with the rows they come from, in the writing transaction.

- A place's stored search column follows its names (see people.signals).
- A venture's stored funding totals (``Venture.funding_usd_low`` / ``_high``) follow the
  public flows it receives: a flow written or deleted, moved to another recipient, or
  re-estimated; a party published, hidden or restricted (its flows appear in or vanish
  from the public sums); a venture saved (its own save writes the totals it read, so
  they are recomputed after it).
- A flow's ``ends_public`` is the database's (triggers, migration 0007), not this module's.

Fixture loads (``raw``) are handled too, in any order: whichever of a flow and its ends
is saved last brings the sum up to date.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from core.search import schedule_refresh
from people.models import Party
from ventures.models import FundingFlow, Place, PlaceAlias, Venture
from ventures.services import refresh_funding_totals


@receiver(post_save, sender=Place)
def place_saved(sender, instance, **kwargs):
    schedule_refresh("place", instance.pk)


@receiver(post_save, sender=PlaceAlias)
@receiver(post_delete, sender=PlaceAlias)
def place_alias_changed(sender, instance, **kwargs):
    if Place.objects.filter(pk=instance.place_id).exists():
        schedule_refresh("place", instance.place_id)


@receiver(pre_save, sender=FundingFlow)
def flow_saving(sender, instance, **kwargs):
    """Remember the recipient before the save: a flow moved away leaves its old total."""
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
