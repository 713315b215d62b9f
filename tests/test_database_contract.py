"""What each test finds in the database: the archive when it asks, empty tables when not.

tests/conftest.py commits the archive once per test database and hides it inside the
transaction of tests that do not ask for it; these tests hold that contract, including
after transactional tests, which Django ends by emptying every table.
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from people.models import Party, Person
from sources.models import Citation, Source
from tests.conftest import FIXTURES, archive_tables
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
