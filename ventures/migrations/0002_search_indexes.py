"""PostgreSQL-only trigram index on places' folded names (see people 0002)."""

from django.db import migrations

from core.migration_operations import on_postgresql

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ventures_place_search_text_trgm"
    " ON ventures_place USING gin (search_text gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS ventures_place_search_text_trgm"]



class Migration(migrations.Migration):
    dependencies = [("ventures", "0001_initial")]

    operations = [on_postgresql(FORWARD, BACKWARD)]
