"""Seeing hidden records becomes a permission of its own, given to Archivists and Editors.

Until now every active staff account saw drafts, restricted records and the sources'
full text, whatever its groups. ``people.view_hidden_record`` (on the Party content type,
like ``people.publish_record``, because it covers every kind of record) is what
``core.records.sees_hidden_records`` now asks. Superusers have every permission.
"""

from django.db import migrations

VIEW_HIDDEN = ("view_hidden_record", "Can see drafts, restricted records and full texts")
GROUPS = ("Archivist", "Editor")


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    party_type, _ = ContentType.objects.using(db).get_or_create(app_label="people", model="party")
    permission, _ = Permission.objects.using(db).get_or_create(
        content_type=party_type, codename=VIEW_HIDDEN[0], defaults={"name": VIEW_HIDDEN[1]}
    )
    for group in Group.objects.using(db).filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Permission").objects.using(db).filter(
        content_type__app_label="people", codename=VIEW_HIDDEN[0]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_record_versions"),
        ("people", "0003_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
