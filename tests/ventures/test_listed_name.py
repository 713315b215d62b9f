"""A venture's ``listed_name`` is its party's name while the party is published and
public, and NULL otherwise, whatever writes the rows.

The database keeps it (triggers, migration ``ventures/0026``), on both backends. The
public venture list filters and sorts by it (``VentureQuerySet.public``,
``LISTED_ORDER``), so each test here compares it with the party's own state, read in
Python, after every kind of write.
"""

import json

import pytest
from django.core import serializers

from core.records import PUBLIC, PublicationState, Visibility
from people.models import Party
from ventures.factories import VentureFactory
from ventures.models import Venture
from ventures.selectors import ventures_for


def listed_by_state() -> dict[int, str | None]:
    """Each venture's listed name as the rule gives it, from its party's columns."""
    return {
        pk: name
        if state == PublicationState.PUBLISHED and visibility == Visibility.PUBLIC
        else None
        for pk, name, state, visibility in Venture.objects.values_list(
            "pk", "name", "publication_state", "visibility"
        )
    }


def stored() -> dict[int, str | None]:
    return dict(Venture.objects.values_list("pk", "listed_name"))


def assert_listed() -> None:
    assert stored() == listed_by_state()


def test_the_archive_s_ventures_are_listed_by_their_names(archive):
    assert_listed()
    assert Venture.objects.filter(listed_name__isnull=False).count() > 10


def test_every_kind_of_write_keeps_it(archive):
    venture = VentureFactory(name="Alpha Noodles")
    draft = VentureFactory(name="Beta Market", publication_state=PublicationState.DRAFT)
    assert stored()[venture.pk] == "Alpha Noodles"
    assert stored()[draft.pk] is None
    assert_listed()

    # A save writes the whole row back with the value the instance read (None here).
    venture.name = "Alpha Noodle House"
    venture.save()
    assert stored()[venture.pk] == "Alpha Noodle House"
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert stored()[draft.pk] == "Beta Market"
    assert_listed()

    # Bulk updates of the parties: no save(), no signal.
    Party.objects.filter(pk=venture.pk).update(visibility=Visibility.RESTRICTED)
    assert stored()[venture.pk] is None
    Party.objects.filter(pk=venture.pk).update(visibility=Visibility.PUBLIC, name="Gamma")
    assert stored()[venture.pk] == "Gamma"
    Party.objects.filter(pk__in=[venture.pk, draft.pk]).update(
        publication_state=PublicationState.DRAFT
    )
    assert_listed()
    Party.objects.filter(pk__in=[venture.pk, draft.pk]).update(
        publication_state=PublicationState.PUBLISHED
    )
    assert_listed()

    # A write of the venture's row that says otherwise does not stick.
    Venture.objects.filter(pk=venture.pk).update(listed_name="Forged")
    assert stored()[venture.pk] == "Gamma"
    Venture.objects.filter(pk=venture.pk).update(status="closed")
    assert stored()[venture.pk] == "Gamma"

    # A stale instance saved after a rename elsewhere.
    stale = Venture.objects.get(pk=venture.pk)
    Party.objects.filter(pk=venture.pk).update(name="Delta")
    stale.status = "active"
    stale.save(update_fields=["status"])
    assert stored()[venture.pk] == "Delta"
    assert_listed()

    # Deleted: gone with its row.
    draft.delete()
    assert draft.pk not in stored()
    assert_listed()


def test_a_party_loaded_after_its_venture_s_row(archive):
    """A fixture may list a venture's own row before its party's: the venture is listed
    once the party arrives."""
    pk = Party.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    rows = [
        {
            "model": "ventures.venture",
            "pk": pk,
            "fields": {"venture_kind": "startup", "status": "unknown"},
        },
        {
            "model": "people.party",
            "pk": pk,
            "fields": {
                "publication_state": "published",
                "visibility": "public",
                "kind": "venture",
                "name": "Epsilon Software",
                "slug": "epsilon-software",
            },
        },
    ]
    for row in serializers.deserialize("json", json.dumps(rows)):
        row.save()
    assert stored()[pk] == "Epsilon Software"
    assert_listed()


def test_the_public_list_reads_the_ventures_own_rows(archive):
    """In name order, then key, as the parties' names give it; and no join to the
    parties to find or sort the public ones."""
    VentureFactory(name="Alpha Noodles")
    VentureFactory(name="Alpha Noodles")
    VentureFactory(name="Zeta Hidden", visibility=Visibility.RESTRICTED)
    public = [(name, pk) for pk, name in listed_by_state().items() if name is not None]
    assert list(ventures_for(PUBLIC).values_list("name", "pk")) == sorted(public)
    assert "people_party" not in str(ventures_for(PUBLIC).values("pk").query)


@pytest.mark.django_db
def test_a_venture_without_a_listed_name_is_not_public():
    venture = VentureFactory(name="Theta Trading", publication_state=PublicationState.DRAFT)
    assert not Venture.objects.public().filter(pk=venture.pk).exists()
    assert not ventures_for(PUBLIC).filter(pk=venture.pk).exists()
    Party.objects.filter(pk=venture.pk).update(publication_state=PublicationState.PUBLISHED)
    assert Venture.objects.public().filter(pk=venture.pk).exists()
