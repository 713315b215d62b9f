"""PostgreSQL-only search indexes: pg_trgm GIN on the folded names, GIN on the tsvector.

SQLite has neither extension nor index type; there the migration does nothing and
search falls back to plain substring matching on the same folded column.
"""

from django.db import migrations

from core.migration_operations import on_postgresql

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_party_search_text_trgm"
    " ON people_party USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS people_party_search_vector_gin"
    " ON people_party USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS people_party_search_vector_gin",
    "DROP INDEX IF EXISTS people_party_search_text_trgm",
]



class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
