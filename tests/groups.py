"""The Archivist and Editor groups as the data migrations make them.

A transactional test empties every table when it ends, the groups and permissions the
data migrations made included; ``review_groups`` makes them again the same way, by
running those migrations' own functions.
"""

import importlib
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

GROUPS = importlib.import_module("people.migrations.0003_groups")
VIEW_HIDDEN = importlib.import_module("people.migrations.0005_view_hidden_permission")
NEWER_MODELS = importlib.import_module("sources.migrations.0007_review_groups_relations_statements")


def review_groups() -> dict[str, Group]:
    names = ["Archivist", "Editor"]
    complete = (
        Group.objects.filter(name__in=names).count() == 2
        and Permission.objects.filter(codename=VIEW_HIDDEN.VIEW_HIDDEN[0]).exists()
        and Group.objects.filter(name="Editor", permissions__codename="add_statement").exists()
    )
    if not complete:
        # The state after every migration: the history's nodes are not in the graph
        # of a database the squashes built.
        state = MigrationExecutor(connection).loader.project_state()
        editor = SimpleNamespace(connection=connection)
        GROUPS.create_groups(state.apps, editor)
        VIEW_HIDDEN.grant(state.apps, editor)
        NEWER_MODELS.grant(state.apps, editor)
    return {group.name: group for group in Group.objects.filter(name__in=names)}
