"""Each kind's description words in an index of its own (PostgreSQL only).

A search of one kind (the ventures' listing, the people's) asks the words of that
kind's parties alone (``core.search._of_listed_model``). Through the index of every
party's words, "kim" at 200,000 ventures read the 31,864 parties whose words hold it,
each then visited to keep the 5,259 ventures (37 ms); through the ventures' own index,
those 5,259 alone (8-11 ms). The index of every party's words stays, for a search of all
parties (the site search, the admin's).
"""

from django.db import migrations

from core.migration_operations import on_postgresql

KINDS = ("person", "organization", "venture")

POSTGRESQL = [
    f"CREATE INDEX people_party_words_{kind} ON people_party USING gin (search_vector)"
    f" WHERE kind = '{kind}'"
    for kind in KINDS
]
POSTGRESQL_REVERSE = [f"DROP INDEX people_party_words_{kind}" for kind in KINDS]


class Migration(migrations.Migration):
    dependencies = [("people", "0017_name_keys_by_kind")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
