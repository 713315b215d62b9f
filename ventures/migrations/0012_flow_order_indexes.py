from django.db import migrations

from core.migration_operations import on_postgresql

# The flow listing's order (newest first, undated last, then id) as partial indexes over
# the public flows, so a page of flows (a currency's, or all) is the first rows of an
# index scan, not a sort of every match: the API's keyset pages and the site's pages
# alike. PostgreSQL only: SQLite cannot index NULLS LAST, and its archives are small.
PUBLIC = "publication_state = 'published' AND visibility = 'public' AND ends_public"
POSTGRESQL = [
    "CREATE INDEX ventures_public_flow_currency_order ON ventures_fundingflow"
    f" (currency, start_year DESC NULLS LAST, id) WHERE {PUBLIC}",
    "CREATE INDEX ventures_public_flow_order ON ventures_fundingflow"
    f" (start_year DESC NULLS LAST, id) WHERE {PUBLIC}",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX ventures_public_flow_order",
    "DROP INDEX ventures_public_flow_currency_order",
]



class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0011_flow_summary"),
    ]

    operations = [on_postgresql(POSTGRESQL, POSTGRESQL_REVERSE)]
