"""The network page's links: the public flows with both ends named, largest USD estimate
first (undated and unestimated last, then id), as ``ventures.network.build_network``
reads its first ``MAX_LINKS``. Without it PostgreSQL read every public flow and sorted
them for 251 rows (3.9 s of the page's 4.1 s at a million flows, ``EXPLAIN ANALYZE``).
PostgreSQL only, as the other ``NULLS LAST`` indexes (``ventures/0012``, ``0018``).
"""

from django.db import migrations

from core.migration_operations import on_postgresql

POSTGRESQL = [
    "CREATE INDEX ventures_public_flow_network ON ventures_fundingflow"
    " (usd_high DESC NULLS LAST, id)"
    " WHERE publication_state = 'published' AND visibility = 'public' AND ends_public"
    " AND funder_id IS NOT NULL AND recipient_id IS NOT NULL",
]
POSTGRESQL_REVERSE = ["DROP INDEX ventures_public_flow_network"]


class Migration(migrations.Migration):
    dependencies = [("ventures", "0019_attention_counts")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
