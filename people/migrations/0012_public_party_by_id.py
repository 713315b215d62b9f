from django.db import migrations

from core.migration_operations import on_postgresql

# The public parties by id, with their name and slug: the listings' counts and facets
# look up a few thousand parties by key to ask "is it public?" and, for a facet's values
# (funders), "what is it called?"; with the answer in the index, each lookup is an
# index-only probe, not a visit to the party's row (docs/BENCHMARKS.md). PostgreSQL only
# (INCLUDE), as ventures' migration 0012.
POSTGRESQL = [
    "CREATE INDEX people_party_public_by_id ON people_party (id) INCLUDE (name, slug)"
    " WHERE publication_state = 'published' AND visibility = 'public'"
]
POSTGRESQL_REVERSE = ["DROP INDEX people_party_public_by_id"]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_public_name_order"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
