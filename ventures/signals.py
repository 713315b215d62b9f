"""Keep each place's stored search column in step with its names (see people.signals)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.search import forget_keys, schedule_refresh
from ventures.models import Place, PlaceAlias


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
