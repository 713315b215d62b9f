"""Every save checks the version it read in its own UPDATE: of two writers of one
version, exactly one wins, and the other is told (``RecordChanged``), on both backends
and, on PostgreSQL, with two real connections writing at once.

A refused save leaves its transaction needing a rollback, as any failed save does; the
tests give it a savepoint (``transaction.atomic()``), as callers that go on must."""

import pytest
from django.db import transaction

from core.records import Visibility
from core.versions import RecordChanged, changed_since_message, last_change
from people.factories import PartyAliasFactory, PersonFactory
from people.models import PartyAlias, Person
from tests.concurrency import another_writer
from ventures.factories import FundingFlowFactory, GoodsItemFactory


@pytest.mark.django_db
def test_each_save_raises_the_version_by_one():
    person = PersonFactory()
    assert person.version == 1
    person.save()
    person.save(update_fields=["description"])
    assert person.version == 3
    assert Person.objects.get(pk=person.pk).version == 3


@pytest.mark.django_db
def test_the_second_of_two_saves_of_one_version_is_refused_and_writes_nothing():
    person = PersonFactory()
    a, b = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    b.visibility = Visibility.RESTRICTED
    b.save()
    a.name = "Typo fixed"
    with pytest.raises(RecordChanged), transaction.atomic():
        a.save()
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility) == (person.name, Visibility.RESTRICTED)


@pytest.mark.django_db
def test_a_save_of_some_fields_is_checked_too():
    person = PersonFactory()
    a, b = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    b.save()
    with pytest.raises(RecordChanged), transaction.atomic():
        a.save(update_fields=["visibility"])


@pytest.mark.django_db
def test_deleting_a_record_changed_since_it_was_read_is_refused():
    person = PersonFactory()
    stale = Person.objects.get(pk=person.pk)
    person.save()
    with pytest.raises(RecordChanged), transaction.atomic():
        stale.delete()
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_changing_an_alias_is_a_change_to_its_party():
    alias = PartyAliasFactory()
    party = Person.objects.get(pk=alias.party_id)
    alias = PartyAlias.objects.get(pk=alias.pk)
    alias.name = "Another spelling"
    alias.save()
    party.description = "Read before the alias changed."
    with pytest.raises(RecordChanged), transaction.atomic():
        party.save()


@pytest.mark.django_db
def test_goods_are_part_of_their_flow():
    goods = GoodsItemFactory(flow=FundingFlowFactory())
    flow = type(goods.flow).objects.get(pk=goods.flow_id)
    goods.delete()
    with pytest.raises(RecordChanged), transaction.atomic():
        flow.save()


@pytest.mark.django_db
def test_the_refusal_names_who_changed_the_record_and_when(django_user_model):
    editor = django_user_model.objects.create_user("brigitte")
    person = PersonFactory()
    stale = Person.objects.get(pk=person.pk)
    person._history_user = editor
    person.save()
    who, when = last_change(stale)
    assert who == "brigitte"
    assert str(person.history.first().history_date.year) in when
    assert changed_since_message(stale).startswith("This person was changed by brigitte at ")


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_one_version_at_once_cannot_both_win(postgres):
    person = PersonFactory()
    a = Person.objects.get(pk=person.pk)

    def b_restricts() -> None:
        b = Person.objects.get(pk=person.pk)
        b.visibility = Visibility.RESTRICTED
        b.save()

    # B has written and holds the row; A's UPDATE waits for B's commit, then finds
    # the version it read gone.
    with another_writer(b_restricts):
        a.name = "Typo fixed"
        with pytest.raises(RecordChanged), transaction.atomic():
            a.save()
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.visibility, stored.version) == (
        person.name,
        Visibility.RESTRICTED,
        2,
    )


@pytest.mark.django_db(transaction=True)
def test_two_connections_deleting_and_editing_at_once_cannot_both_win(postgres):
    person = PersonFactory()
    a = Person.objects.get(pk=person.pk)

    def b_edits() -> None:
        b = Person.objects.get(pk=person.pk)
        b.description = "Kept."
        b.save()

    with another_writer(b_edits), pytest.raises(RecordChanged), transaction.atomic():
        a.delete()
    assert Person.objects.get(pk=person.pk).description == "Kept."
