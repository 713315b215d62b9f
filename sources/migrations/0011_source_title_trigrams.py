from django.db import migrations

from core.migration_operations import on_postgresql

# Sources searched by title or section (the site's /sources/ and /search/, the API's
# ?q=) through trigram indexes of the text as ``icontains`` compares it
# (UPPER(title) LIKE UPPER(%s)), as migration 0009 does for quotes: the search read
# every public source in the listing's order until it had its page, 57 ms for "kim" at
# 50,000 sources (docs/BENCHMARKS.md). PostgreSQL only (pg_trgm, which migration
# people/0002 installs); SQLite scans, and its archives are small.
POSTGRESQL = [
    "CREATE INDEX sources_source_title_trgm ON sources_source"
    " USING gin (UPPER(title) gin_trgm_ops)",
    "CREATE INDEX sources_source_section_trgm ON sources_source"
    " USING gin (UPPER(section) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX sources_source_title_trgm",
    "DROP INDEX sources_source_section_trgm",
]


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0010_evidence_check"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
