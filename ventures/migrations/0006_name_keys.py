"""Fill the name keys (core.NameKey) of the places an archive already holds."""

from django.db import migrations

from core.search import record_keys


def fill(apps, schema_editor):
    Place = apps.get_model("ventures", "Place")
    NameKey = apps.get_model("core", "NameKey")
    db = schema_editor.connection.alias
    rows = [
        NameKey(kind="place", record_id=place.pk, key=key, whole=whole)
        for place in Place.objects.using(db).prefetch_related("aliases")
        for key, whole in record_keys([place.name, *(alias.name for alias in place.aliases.all())])
    ]
    NameKey.objects.using(db).bulk_create(rows, batch_size=2000)


def empty(apps, schema_editor):
    apps.get_model("core", "NameKey").objects.using(schema_editor.connection.alias).filter(
        kind="place"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ventures", "0005_constraint_messages"), ("core", "0002_name_keys")]

    operations = [migrations.RunPython(fill, empty, elidable=True)]
