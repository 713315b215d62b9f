"""Keep each party's stored search columns in step with its names, and tell the changes
feed (``core.outbox``) which records a change touches.

Signals rather than ``save()`` overrides because ``loaddata`` saves raw (no
``save()``) but still sends ``post_save``, and aliases change a party's names
without saving the party.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import outbox
from core.search import forget_keys, schedule_refresh
from people.models import Organization, Party, PartyAlias, PartyRelation, Role


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


# Changes feed (core.outbox) ----------------------------------------------------------
# Which records a change of a person, organisation, alias, role or relation touches. The outbox
# re-renders each of them at commit and writes an event only where the public view differs.

PARTIES = {"person", "organization", "venture"}


def party_ids(keys) -> set[int]:
    return {pk for resource, pk in keys if resource in PARTIES}


def role_keys(role, was):
    ends = (role.person_id, role.organization_id, *was.values())
    return [("role", role.pk), *(("party", pk) for pk in ends)]


def roles_and_children(keys):
    """A party's roles show it, and so do the other ends of those roles, its child
    organisations (their ``parent``) and its relations either way."""
    parties = party_ids(keys)
    if not parties:
        return
    roles = Role.objects.filter(Q(person__in=parties) | Q(organization__in=parties))
    for pk, person, organization in roles.values_list("pk", "person_id", "organization_id"):
        yield from (("role", pk), ("party", person), ("party", organization))
    children = Organization.objects.filter(parent__in=parties).values_list("pk", flat=True)
    yield from (("organization", pk) for pk in children)
    relations = PartyRelation.objects.filter(Q(party__in=parties) | Q(related__in=parties))
    yield from (("party-relation", pk) for pk in relations.values_list("pk", flat=True))


outbox.track(Party, "party", lambda party, was: [(party.party_kind or party.kind, party.pk)])
outbox.track(PartyAlias, "party", lambda alias, was: [("party", alias.party_id)])
outbox.track(Role, "role", role_keys, watch=("person_id", "organization_id"))
outbox.track(PartyRelation, "party-relation")
outbox.resolve_with("party", lambda ids: Party.objects.filter(pk__in=ids).values_list("kind", "pk"))
outbox.expand(roles_and_children)
