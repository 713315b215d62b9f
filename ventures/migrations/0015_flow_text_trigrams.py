from django.db import migrations

from core.migration_operations import on_postgresql

# A flow search (the flows listing's and the API's ?q=, the site search's flows) finds
# flows by their purpose, unnamed ends and goods as ``icontains`` compares them
# (UPPER(column) LIKE UPPER(%s)). Trigram indexes of those texts let each be an arm of
# one bitmap of index reads with the ends' keys (ventures.search.matching_flows), so a
# narrow query reads the flows it names instead of scanning every flow: "kim seongwon"
# 1.1 s -> 2.5 ms at a million flows. PostgreSQL only (pg_trgm, which migration
# people/0002 installs); SQLite scans, and its archives are small.
POSTGRESQL = [
    "CREATE INDEX ventures_flow_texts_trgm ON ventures_fundingflow USING gin"
    " (UPPER(purpose) gin_trgm_ops, UPPER(funder_description) gin_trgm_ops,"
    " UPPER(recipient_description) gin_trgm_ops)",
    "CREATE INDEX ventures_goods_item_trgm ON ventures_goodsitem USING gin"
    " (UPPER(item) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX ventures_goods_item_trgm",
    "DROP INDEX ventures_flow_texts_trgm",
]


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0014_largest_flow_index"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
