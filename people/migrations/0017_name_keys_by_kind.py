"""Store each party's name keys (core.NameKey) under its own kind, not "party".

A search of one kind (the ventures' listing, the people's) then reads its own keys
alone (core.search.Searchable). Keys whose party no longer exists are dropped: nothing
could find them.
"""

from django.db import migrations

FORWARD = [
    "DELETE FROM core_namekey WHERE kind = 'party'"
    " AND NOT EXISTS (SELECT 1 FROM people_party p WHERE p.id = core_namekey.record_id)",
    "UPDATE core_namekey SET kind ="
    " (SELECT p.kind FROM people_party p WHERE p.id = core_namekey.record_id)"
    " WHERE kind = 'party'",
]
BACKWARD = [
    "UPDATE core_namekey SET kind = 'party'"
    " WHERE kind IN ('person', 'organization', 'venture')",
]


class Migration(migrations.Migration):
    dependencies = [("people", "0016_attention_counts"), ("core", "0006_revision_rows")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=True)]
