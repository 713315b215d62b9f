"""The columns a set of public flows' totals and charts read, in one narrow index.

``ventures.flow_stats.LiveStats`` groups a filtered set of flows by year and kind, with
their counts and USD sums, where no summary kept on write answers the filter: a search
("kim": the flows of 29,584 parties, 98,000 of a million). PostgreSQL read every flow's
row for it (0.38 s of a 0.57 s query, the rows ~300 bytes wide); this index holds what
the query reads of the public flows (about 80 bytes each, 56 MB at a million flows), so
the same read is an index-only scan: 0.22 s. Keyed by the ends, which a search by a
party's name tests first. PostgreSQL only, as the other ``INCLUDE`` indexes: SQLite has
no form of them, and its archives are small.
"""

from django.db import migrations

from core.migration_operations import on_postgresql

POSTGRESQL = [
    "CREATE INDEX ventures_public_flow_totals ON ventures_fundingflow"
    " (funder_id, recipient_id)"
    " INCLUDE (id, currency, kind, start_year, end_year, usd_low, usd_high, whole_id)"
    " WHERE publication_state = 'published' AND visibility = 'public' AND ends_public",
]
POSTGRESQL_REVERSE = ["DROP INDEX ventures_public_flow_totals"]


class Migration(migrations.Migration):
    dependencies = [("ventures", "0022_flow_stated_text_trigrams")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
