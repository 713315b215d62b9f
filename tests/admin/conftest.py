"""Users in the review groups, and the groups themselves as the data migration makes them."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from tests.groups import review_groups as make_review_groups

# One record of every kind, built with the factories, for pages that need something to show.
from tests.test_admin_pages import records  # noqa: F401


@pytest.fixture
def review_groups(db) -> dict[str, Group]:
    """The groups as the data migrations make them (again, if a flush removed them)."""
    return make_review_groups()


def staff_member(username: str, group: Group) -> User:
    user = User.objects.create_user(username, password="a long and secret passphrase")
    user.is_staff = True
    user.save()
    user.groups.add(group)
    return user


@pytest.fixture
def archivist(review_groups) -> User:
    return staff_member("archie", review_groups["Archivist"])


@pytest.fixture
def editor(review_groups) -> User:
    return staff_member("edie", review_groups["Editor"])


@pytest.fixture
def archivist_client(archivist) -> Client:
    client = Client()
    client.force_login(archivist)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client
