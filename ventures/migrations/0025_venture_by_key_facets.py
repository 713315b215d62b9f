from django.db import migrations

from core.migration_operations import on_postgresql

# The venture listing's keys in its own order (core.facets.Narrowing) walk the public
# parties' (name, id) index and look each party up among the ventures, testing the
# ventures' own filters (founded, kind, status, place) and reading the columns the facets
# count. Through the primary key, each look-up visited the venture's row; with this index
# it is answered from the index alone. /ventures/?founded_from=2005&founded_to=2015 at
# 200,000 ventures: the walk of 5,258 parties 20 → 12.7 ms (docs/BENCHMARKS.md).
# PostgreSQL only (INCLUDE), as migration 0013.
POSTGRESQL = [
    "CREATE INDEX ventures_venture_by_key_facets ON ventures_venture"
    " (party_ptr_id) INCLUDE (founded_year, venture_kind, status, place_id)",
]
POSTGRESQL_REVERSE = ["DROP INDEX ventures_venture_by_key_facets"]


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0024_venture_funding_facets"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
