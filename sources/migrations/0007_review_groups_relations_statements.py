"""Archivists and Editors may write relations between parties and statements.

``people.0003_groups`` froze its model lists, as a migration's data must be; the models
added since join the groups here, with the same actions: Archivists add, change and
view; Editors also delete.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {"people": ["partyrelation"], "sources": ["statement"]}
ACTIONS = {
    "Archivist": ("add", "change", "view"),
    "Editor": ("add", "change", "delete", "view"),
}


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    # Django creates model permissions after all migrations have run; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(db).filter(name__in=ACTIONS):
        for app_label, models in MODELS.items():
            codenames = [f"{a}_{m}" for m in models for a in ACTIONS[group.name]]
            group.permissions.add(
                *Permission.objects.using(db).filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(db).filter(name__in=ACTIONS):
        for app_label, models in MODELS.items():
            group.permissions.remove(
                *Permission.objects.using(db).filter(
                    content_type__app_label=app_label,
                    content_type__model__in=models,
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_view_hidden_permission"),
        ("people", "0010_choice_and_unique_messages"),
        ("sources", "0006_choice_and_unique_messages"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
