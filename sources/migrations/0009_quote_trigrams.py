from django.db import migrations

from core.migration_operations import on_postgresql

# Quotes searched for a phrase (the site search's quotes, the citations' ?q=) through a
# trigram index of the text as ``icontains`` compares it (UPPER(quote) LIKE UPPER(%s)),
# so a narrow phrase reads the few quotes holding its trigrams instead of scanning every
# quote: "kim seongwon" 260 ms -> 3.5 ms at 160,000 quotes, ~3 s at 1.6 million before.
# PostgreSQL only (pg_trgm, which migration people/0002 installs); SQLite scans, and its
# archives are small.
POSTGRESQL = [
    "CREATE INDEX sources_citation_quote_trgm ON sources_citation"
    " USING gin (UPPER(quote) gin_trgm_ops)"
]
POSTGRESQL_REVERSE = ["DROP INDEX sources_citation_quote_trgm"]


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0008_public_source_order"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
