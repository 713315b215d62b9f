"""What each test finds in the database: the archive when it asks, empty tables when not.

tests/conftest.py commits the archive once per test database and hides it inside the
transaction of tests that do not ask for it; these tests hold that contract, including
after transactional tests, and for tests that share data built once (``shared_data``).
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from people.factories import PersonFactory
from people.models import Party, PartyAlias, Person
from sources.models import Citation, Source
from tests.conftest import FIXTURES, archive_tables, shared_data
from ventures.factories import VentureFactory
from ventures.models import FundingFlow, Venture

REVIEW_GROUPS = {"Archivist", "Editor"}


def archive_row_count() -> int:
    return sum(
        model._base_manager.count() for model in (Party, Venture, FundingFlow, Source, Citation)
    )


def test_a_database_test_that_does_not_ask_finds_the_archive_tables_empty(db):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in archive_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            assert cursor.fetchone() == (0,), table


def test_a_test_that_asks_finds_the_whole_archive(archive):
    assert Source.objects.count() == 5
    rows = [row for path in FIXTURES for row in json.loads(Path(path).read_text())]
    cited = sum(1 for row in rows if row["model"] == "sources.citation")
    assert Citation.objects.count() == cited


def test_a_test_may_delete_the_archive_and_the_next_one_still_has_it(archive):
    FundingFlow.objects.all().delete()
    Person.objects.all().delete()
    Venture.objects.all().delete()
    assert not Person.objects.exists()
    assert not Venture.objects.exists()


def test_the_archive_is_whole_again_after_a_test_deleted_from_it(archive):
    assert Person.objects.filter(slug="ji-seong-ho").exists()
    assert Venture.objects.filter(slug="ryu-ae").exists()


def test_the_data_migrations_groups_are_there_for_database_tests(db):
    assert set(Group.objects.values_list("name", flat=True)) >= REVIEW_GROUPS
    assert Group.objects.get(name="Editor").permissions.exists()


@pytest.mark.django_db
def test_a_test_marked_django_db_that_does_not_ask_finds_the_archive_tables_empty():
    assert archive_row_count() == 0
    PersonFactory(name="Marked Max")
    assert archive_row_count() == 1


@pytest.mark.django_db
def test_the_next_marked_test_finds_none_of_the_rows_the_last_one_wrote():
    assert archive_row_count() == 0
    assert set(Group.objects.values_list("name", flat=True)) >= REVIEW_GROUPS


def test_foreign_keys_stay_deferred_until_checked_as_at_the_end_of_a_test(db):
    # The tests that start from empty archive tables share the transaction that emptied
    # them; its checks ran there, and the foreign keys are deferred for the test as in a
    # transaction of its own: a dangling row is refused when checked, not when written.
    written = []
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyAlias.objects.bulk_create([PartyAlias(party_id=987654321, name="Nobody's alias")])
        written.append(True)
        connection.check_constraints()
    assert written == [True]
    assert not PartyAlias.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_does_not_ask_finds_the_archive_tables_empty():
    assert archive_row_count() == 0
    assert set(Group.objects.values_list("name", flat=True)) >= REVIEW_GROUPS


def test_a_transactional_test_that_asks_finds_the_archive_committed(transactional_db, archive):
    assert Source.objects.count() == 5
    assert Group.objects.get(name="Editor").permissions.exists()


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_groups_come_back_with_their_permissions():
    # Runs after the transactional tests above, which Django ended with a flush.
    editor = Group.objects.get(name="Editor")
    assert editor.permissions.filter(codename="delete_venture").exists()


@shared_data()
def shared_person():
    """A person built once for the consecutive tests below that ask for it."""
    return PersonFactory(name="Shared Sam").pk


@shared_data(base="shared_person")
def shared_friend():
    """A second person, built on ``shared_person``."""
    return PersonFactory(name="Friend Fay").pk


@shared_data(archive=True)
def shared_beside_the_archive():
    """A person built once beside the archive."""
    return PersonFactory(name="Beside Bo").pk


def test_shared_data_is_there_as_built_over_empty_archive_tables(shared_person):
    assert list(Party.objects.values_list("pk", "name")) == [(shared_person, "Shared Sam")]
    assert not Source.objects.exists()


def test_a_test_may_change_shared_data(shared_person):
    Person.objects.filter(pk=shared_person).update(name="Changed")
    PersonFactory(name="Another")
    VentureFactory(name="Shared venture")
    assert Party.objects.count() == 3


def test_shared_data_is_as_built_again_after_a_test_changed_it(shared_person):
    assert list(Party.objects.values_list("pk", "name")) == [(shared_person, "Shared Sam")]


def test_shared_data_built_on_another_holds_both(shared_person, shared_friend):
    assert set(Party.objects.values_list("pk", "name")) == {
        (shared_person, "Shared Sam"),
        (shared_friend, "Friend Fay"),
    }


def test_shared_data_beside_the_archive_finds_it_whole(shared_beside_the_archive):
    assert Source.objects.count() == 5
    assert Person.objects.get(pk=shared_beside_the_archive).name == "Beside Bo"
    assert Person.objects.filter(slug="ji-seong-ho").exists()


def test_shared_data_asked_for_beside_the_archive_is_built_beside_it(shared_person, archive):
    assert Source.objects.count() == 5
    assert Person.objects.get(pk=shared_person).name == "Shared Sam"


def test_after_shared_data_a_test_that_does_not_ask_finds_the_archive_tables_empty(db):
    assert archive_row_count() == 0


@pytest.mark.django_db(transaction=True)
def test_after_shared_data_a_transactional_test_finds_none_of_it():
    assert archive_row_count() == 0
    assert set(Group.objects.values_list("name", flat=True)) >= REVIEW_GROUPS
