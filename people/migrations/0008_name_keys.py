"""Fill the name keys (core.NameKey) of the parties an archive already holds."""

from django.db import migrations

from core.search import record_keys

BATCH = 2000


def fill(apps, schema_editor):
    Party = apps.get_model("people", "Party")
    NameKey = apps.get_model("core", "NameKey")
    db = schema_editor.connection.alias
    parties = Party.objects.using(db).prefetch_related("aliases").select_related("person")
    rows = []
    for party in parties.order_by("pk").iterator(chunk_size=BATCH):
        person = getattr(party, "person", None)
        names = [party.name, *(alias.name for alias in party.aliases.all())]
        names.append(person.native_name if person else "")
        rows += [
            NameKey(kind="party", record_id=party.pk, key=key, whole=whole)
            for key, whole in record_keys(names)
        ]
        if len(rows) >= BATCH:
            NameKey.objects.using(db).bulk_create(rows)
            rows = []
    NameKey.objects.using(db).bulk_create(rows)


def empty(apps, schema_editor):
    apps.get_model("core", "NameKey").objects.using(schema_editor.connection.alias).filter(
        kind="party"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0007_constraint_messages"), ("core", "0002_name_keys")]

    operations = [migrations.RunPython(fill, empty, elidable=True)]
