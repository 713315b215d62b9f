"""Every flow in the model's order (newest year first, undated last, then id), for the
admin's change list, which reads drafts and restricted flows too: the public order's
index (``ventures/0012``) is partial, so the admin's first page of a million flows
joined both ends of every flow and sorted them all (4.6 s at 10x, ``EXPLAIN ANALYZE``).
PostgreSQL only, as the public one: SQLite has no ``NULLS LAST`` in an index.
"""

from django.db import migrations

from core.migration_operations import on_postgresql

POSTGRESQL = [
    "CREATE INDEX ventures_flow_order ON ventures_fundingflow (start_year DESC NULLS LAST, id)",
]
POSTGRESQL_REVERSE = ["DROP INDEX ventures_flow_order"]


class Migration(migrations.Migration):
    dependencies = [("ventures", "0017_flow_end_side_index")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
