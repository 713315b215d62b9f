"""A party's flows in the flows' order (newest year first, undated last, then id), from
each end: the admin's inlines on a person's, organisation's or venture's page read the
first twenty with how many there are (``core.admin_tools.VersionedInlineFormSet``), and
the flow listing filtered by a funder or recipient pages them in that order.

Without them PostgreSQL walked every flow in the listing order's index
(``ventures/0018``), filtering for the party, to stop at twenty: 1.9 s for a person
with 2,876 of a million flows (``EXPLAIN ANALYZE``). PostgreSQL only, as the other
``NULLS LAST`` indexes: SQLite has no form of them.
"""

from django.db import migrations

from core.migration_operations import on_postgresql

POSTGRESQL = [
    "CREATE INDEX ventures_flow_funder_order ON ventures_fundingflow"
    " (funder_id, start_year DESC NULLS LAST, id)",
    "CREATE INDEX ventures_flow_recipient_order ON ventures_fundingflow"
    " (recipient_id, start_year DESC NULLS LAST, id)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX ventures_flow_funder_order",
    "DROP INDEX ventures_flow_recipient_order",
]


class Migration(migrations.Migration):
    dependencies = [("ventures", "0020_flow_network_index")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
