"""API test fixtures: clients with tokens for each kind of user, and a clean throttle.

The Archivist and Editor groups are the admin's own, as ``people/migrations/0003_groups``
makes them: an Archivist adds and changes records but deletes nothing and publishes
nothing; an Editor may do all of it.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.groups import review_groups as make_review_groups


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; one test's requests must not throttle another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def review_groups(db) -> dict[str, Group]:
    """The groups as the data migrations make them (again, if a flush removed them)."""
    return make_review_groups()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def staff_member(username: str, group: Group) -> User:
    user = User.objects.create_user(username, password=f"pw-{username}-long-enough")
    user.is_staff = True
    user.save()
    user.groups.add(group)
    return user


@pytest.fixture
def anonymous(db):
    return APIClient()


@pytest.fixture
def outsider(db):
    """A token, but no group and no staff flag: reads like the public, writes nothing."""
    return client_for(User.objects.create_user("outsider", password="pw-outsider-long-enough"))


@pytest.fixture
def archivist(review_groups):
    return client_for(staff_member("archivist", review_groups["Archivist"]))


@pytest.fixture
def editor(review_groups):
    return client_for(staff_member("editor", review_groups["Editor"]))
