"""Trigram indexes of a flow's amount as stated and its channel, the two texts of the
admin's flow search (``FundingFlowAdmin.search_fields``) that ``ventures/0015`` left out.

The admin's search finds its rows from one word (``core.admin_tools.RelatedSearchMixin``):
the flows whose own texts hold it, in one read, joined to the flows of each end that
holds it. With every text indexed, that read is a bitmap of index reads; with two left
out, PostgreSQL read all of a million flows for it (1.0 s a word). PostgreSQL only, as
``ventures/0015``: SQLite scans, and its archives are small.
"""

from django.db import migrations

from core.migration_operations import on_postgresql

POSTGRESQL = [
    "CREATE INDEX ventures_flow_stated_trgm ON ventures_fundingflow USING gin"
    " (UPPER(amount_as_stated) gin_trgm_ops, UPPER(channel) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP INDEX ventures_flow_stated_trgm"]


class Migration(migrations.Migration):
    dependencies = [("ventures", "0021_flow_end_order_indexes")]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
