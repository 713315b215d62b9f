from django.db import migrations

from core.migration_operations import on_postgresql

# The admin's source search (core.admin_tools.RelatedSearchMixin) through an index for
# each of a source's own search fields, so that it finds its rows from one word in one
# bitmap read: it read every source's full text with UPPER(...) LIKE, three times a list
# (its count, the date hierarchy's first and last day, its years): 8-18 s at 50,000
# sources (docs/BENCHMARKS.md).
#
# - The full text's words, kept by PostgreSQL in a generated column (a tsvector with the
#   "simple" configuration) and indexed. Not a model field: no form, serializer, export
#   or history reads or writes it (core.admin_tools._words_hold). An index of the
#   expression alone made every row's text go through the parser again whenever the
#   planner scanned: 43 s for "kim", which nearly every source holds.
# - The slug and the URL by trigrams, as icontains compares them (title and section
#   have theirs from 0011).
#
# Adding the column computes it for every source: 2.5 min at 50,000 sources of 4 kB.
# PostgreSQL only; SQLite searches as Django does, and its archives are small.
POSTGRESQL = [
    "ALTER TABLE sources_source ADD COLUMN IF NOT EXISTS full_text_words tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, full_text)) STORED",
    "CREATE INDEX IF NOT EXISTS sources_source_full_text_words_gin ON sources_source"
    " USING gin (full_text_words)",
    "CREATE INDEX IF NOT EXISTS sources_source_url_trgm ON sources_source"
    " USING gin (UPPER(url) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS sources_source_slug_trgm ON sources_source"
    " USING gin (UPPER(slug) gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX sources_source_slug_trgm",
    "DROP INDEX sources_source_url_trgm",
    "ALTER TABLE sources_source DROP COLUMN full_text_words",
]


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0011_source_title_trigrams"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
