from django.db import migrations

from core.migration_operations import on_postgresql

# Covering indexes for the venture listing's counts and facets (core.facets.Narrowing):
# each reads the keys of the ventures its filters keep, then counts over at most a
# thousand of them. With these, the columns those reads need are in the index itself, so
# the database walks an index and never visits the tables' rows (an index-only scan):
#
# - the years a venture was founded in, with the columns the facets count (kind, status,
#   place), for "founded from … to …";
# - a sector's ventures, for "sector = …" (the table's own indexes lead with the venture);
# - a venture's public flows, with their funder and kind, for "funded by", "kind of
#   funding" and "has funding" over the sample.
#
# On the 10× bench database (200,000 ventures, 1,000,000 flows) the listing's filtered
# key read went from 46 to 20 ms; docs/BENCHMARKS.md. PostgreSQL only (INCLUDE), as
# migration 0012: SQLite archives are small.
PUBLIC = "publication_state = 'published' AND visibility = 'public' AND ends_public"
POSTGRESQL = [
    "CREATE INDEX ventures_venture_founded_facets ON ventures_venture"
    " (founded_year) INCLUDE (party_ptr_id, venture_kind, status, place_id)",
    "CREATE INDEX ventures_venture_sectors_by_sector ON ventures_venture_sectors"
    " (sector_id, venture_id)",
    "CREATE INDEX ventures_public_flow_recipient_facets ON ventures_fundingflow"
    f" (recipient_id) INCLUDE (funder_id, kind) WHERE {PUBLIC}",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX ventures_public_flow_recipient_facets",
    "DROP INDEX ventures_venture_sectors_by_sector",
    "DROP INDEX ventures_venture_founded_facets",
]



class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0012_flow_order_indexes"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
