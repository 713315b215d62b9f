"""The review groups: Archivists add and change records; Editors also publish and delete.

Publishing is the permission ``people.publish_record``, created here on the Party content
type because it covers every kind of record (``core.services`` checks it). Only this
migration grants it, to Editors; it can also be granted to one person in the admin.

The model lists are frozen here, as a migration's data must be: a model added later
needs its own migration to join the groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {
    "people": ["party", "person", "organization", "partyalias", "role"],
    "ventures": [
        "place",
        "placealias",
        "sector",
        "venture",
        "fundingflow",
        "statedconversion",
        "goodsitem",
        "exchangerate",
    ],
    "sources": ["source", "citation"],
}
ARCHIVIST_ACTIONS = ("add", "change", "view")
EDITOR_ACTIONS = ("add", "change", "delete", "view")
PUBLISH = ("publish_record", "Can publish, unpublish and make public any record")


def create_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    # Django creates model permissions after all migrations have run; the groups need
    # them now, on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    party_type, _ = ContentType.objects.using(db).get_or_create(app_label="people", model="party")
    publish, _ = Permission.objects.using(db).get_or_create(
        content_type=party_type, codename=PUBLISH[0], defaults={"name": PUBLISH[1]}
    )

    def model_permissions(actions):
        codenames = [
            f"{action}_{model}"
            for models in MODELS.values()
            for model in models
            for action in actions
        ]
        return Permission.objects.using(db).filter(
            content_type__app_label__in=MODELS, codename__in=codenames
        )

    archivist, _ = Group.objects.using(db).get_or_create(name="Archivist")
    archivist.permissions.set(model_permissions(ARCHIVIST_ACTIONS))
    editor, _ = Group.objects.using(db).get_or_create(name="Editor")
    editor.permissions.set([*model_permissions(EDITOR_ACTIONS), publish])


def remove_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(
        name__in=["Archivist", "Editor"]
    ).delete()
    apps.get_model("auth", "Permission").objects.using(db).filter(
        content_type__app_label="people", codename=PUBLISH[0]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_search_indexes"),
        # It also ran after ventures 0002 and sources 0001, whose models it grants. That
        # edge, from people back to the apps built on it, made the apps' histories a
        # cycle that no squash can replace; a new database runs the squashes, whose
        # last (sources) runs this after every table. What had applied people 0002
        # before ventures 0001 was a database of the archive's first day.
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
