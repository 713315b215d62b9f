"""A venture's ``listed_name`` under concurrent writers, on PostgreSQL with real
connections.

A party's change and a write of its venture's row meet on the venture's row: the party's
trigger touches it, and the venture's own trigger reads the party. Whichever commits
first, the second waits for it and then reads what it committed, so the name stored is
the party's last, never a stale one.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from core.records import Visibility
from people.models import Party
from tests.concurrency import another_writer
from ventures.factories import VentureFactory
from ventures.models import Venture

pytestmark = pytest.mark.django_db(transaction=True)


def listed(venture) -> str | None:
    return Venture.objects.values_list("listed_name", flat=True).get(pk=venture.pk)


def test_a_venture_written_while_its_party_is_renamed(postgres):
    venture = VentureFactory(name="Old Noodles")

    def rename():
        Party.objects.filter(pk=venture.pk).update(name="New Noodles")

    with another_writer(rename), transaction.atomic():
        Venture.objects.filter(pk=venture.pk).update(status="closed")
    assert listed(venture) == "New Noodles"


def test_a_party_renamed_while_its_venture_is_written(postgres):
    venture = VentureFactory(name="Old Noodles")

    def close():
        Venture.objects.filter(pk=venture.pk).update(status="closed")

    with another_writer(close), transaction.atomic():
        Party.objects.filter(pk=venture.pk).update(name="New Noodles")
    assert listed(venture) == "New Noodles"
    assert Venture.objects.get(pk=venture.pk).status == "closed"


def test_a_stale_venture_saved_while_its_party_is_hidden(postgres):
    venture = VentureFactory(name="Old Noodles")
    stale = Venture.objects.get(pk=venture.pk)

    def hide():
        Party.objects.filter(pk=venture.pk).update(visibility=Visibility.RESTRICTED)

    with another_writer(hide), transaction.atomic():
        stale.status = "closed"
        stale.save(update_fields=["status"])
    assert listed(venture) is None
    assert not Venture.objects.public().filter(pk=venture.pk).exists()
