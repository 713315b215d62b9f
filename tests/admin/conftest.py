"""Users in the review groups, and the groups themselves as the data migration makes them."""

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

# One record of every kind, built with the factories, for pages that need something to show.
from tests.test_admin_pages import records  # noqa: F401

GROUPS = importlib.import_module("people.migrations.0003_groups")


@pytest.fixture
def review_groups(db):
    """The Archivist and Editor groups.

    A transactional test (the browser test) empties every table when it ends, the
    groups the data migration made included; then this makes them again the same way.
    """
    if Group.objects.filter(name__in=["Archivist", "Editor"]).count() < 2:
        state = MigrationExecutor(connection).loader.project_state(("people", "0003_groups"))
        GROUPS.create_groups(state.apps, SimpleNamespace(connection=connection))
    return {group.name: group for group in Group.objects.filter(name__in=["Archivist", "Editor"])}


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
