"""Keep each party's stored search columns in step with its names.

Signals rather than ``save()`` overrides because ``loaddata`` saves raw (no
``save()``) but still sends ``post_save``, and aliases change a party's names
without saving the party.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.search import forget_keys, schedule_refresh
from people.models import Party, PartyAlias


@receiver(post_save)
def party_saved(sender, instance, **kwargs):
    if isinstance(instance, Party):
        schedule_refresh("party", instance.pk)


@receiver(post_save, sender=PartyAlias)
@receiver(post_delete, sender=PartyAlias)
def alias_changed(sender, instance, **kwargs):
    if Party.objects.filter(pk=instance.party_id).exists():
        schedule_refresh("party", instance.party_id)


@receiver(post_delete)
def party_deleted(sender, instance, **kwargs):
    # Only the party row itself: deleting a venture deletes its party row too.
    if type(instance) is Party:
        forget_keys("party", [instance.pk])
