"""Keep each place's stored search column in step with its names (see people.signals),
and a flow's USD estimate in step with an approved revision (``core.review``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.review import revision_applied
from core.search import schedule_refresh
from ventures.models import FundingFlow, Place, PlaceAlias
from ventures.services import refresh_usd_estimates


@receiver(post_save, sender=Place)
def place_saved(sender, instance, **kwargs):
    schedule_refresh("place", instance.pk)


@receiver(post_save, sender=PlaceAlias)
@receiver(post_delete, sender=PlaceAlias)
def place_alias_changed(sender, instance, **kwargs):
    if Place.objects.filter(pk=instance.place_id).exists():
        schedule_refresh("place", instance.place_id)


@receiver(revision_applied, sender=FundingFlow)
def flow_revision_applied(sender, record, **kwargs):
    # An approved change to the amount or dates changes the estimate derived from them.
    refresh_usd_estimates([record])
