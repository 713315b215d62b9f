from django.db import migrations, models

from core.migration_operations import by_vendor, on_postgresql

# A venture's ``listed_name``: its party's name while the party is published and public,
# NULL otherwise, kept by the database as migration 0009 keeps a flow's ``ends_public``.
# The public venture list (``VentureQuerySet.public``, in ``LISTED_ORDER``) then reads
# the ventures' own table alone: its page is a walk of one index in name order that
# holds the columns its filters test, where it walked the parties' name index and
# looked each party up among the ventures and their sectors (4,935 parties for a page of
# 51 at 200,000 ventures; docs/BENCHMARKS.md).
#
# The venture's row is set on every insert and update, whatever the write says: Django
# writes the whole row back on save, with the value it read. A party's change of name,
# state or visibility touches its venture's row, which sets it again; so does a party
# inserted after its venture's row (a fixture may list them in either order).

PARTY_LISTED = (
    "SELECT p.name FROM people_party p WHERE p.id = {key}"
    " AND p.publication_state = 'published' AND p.visibility = 'public'"
)

POSTGRESQL = [
    f"""CREATE FUNCTION ventures_venture_set_listed_name() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.listed_name := ({PARTY_LISTED.format(key="NEW.party_ptr_id")});
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER ventures_venture_listed_name
        BEFORE INSERT OR UPDATE ON ventures_venture
        FOR EACH ROW EXECUTE FUNCTION ventures_venture_set_listed_name()""",
    # Touching the venture's row runs the trigger above.
    """CREATE FUNCTION ventures_party_listed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE ventures_venture SET listed_name = listed_name
            WHERE party_ptr_id = NEW.id;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER ventures_party_listed_update
        AFTER UPDATE OF name, publication_state, visibility ON people_party
        FOR EACH ROW
        WHEN (NEW.kind = 'venture' AND (OLD.name IS DISTINCT FROM NEW.name
              OR OLD.publication_state IS DISTINCT FROM NEW.publication_state
              OR OLD.visibility IS DISTINCT FROM NEW.visibility))
        EXECUTE FUNCTION ventures_party_listed()""",
    """CREATE TRIGGER ventures_party_listed_insert
        AFTER INSERT ON people_party
        FOR EACH ROW WHEN (NEW.kind = 'venture')
        EXECUTE FUNCTION ventures_party_listed()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER ventures_party_listed_insert ON people_party",
    "DROP TRIGGER ventures_party_listed_update ON people_party",
    "DROP FUNCTION ventures_party_listed()",
    "DROP TRIGGER ventures_venture_listed_name ON ventures_venture",
    "DROP FUNCTION ventures_venture_set_listed_name()",
]

# SQLite: AFTER triggers set the row again (a BEFORE trigger cannot change NEW); its
# triggers do not fire themselves again (recursive_triggers is off).
VENTURE_ROW = (
    "UPDATE ventures_venture SET listed_name = ("
    + PARTY_LISTED.format(key="NEW.party_ptr_id")
    + ") WHERE party_ptr_id = NEW.party_ptr_id"
)
PARTY_ROW = (
    "UPDATE ventures_venture SET listed_name = ("
    + PARTY_LISTED.format(key="NEW.id")
    + ") WHERE party_ptr_id = NEW.id"
)
SQLITE = [
    f"""CREATE TRIGGER ventures_venture_listed_name_insert AFTER INSERT ON ventures_venture
        BEGIN {VENTURE_ROW}; END""",
    f"""CREATE TRIGGER ventures_venture_listed_name_update AFTER UPDATE ON ventures_venture
        WHEN NEW.listed_name IS NOT ({PARTY_LISTED.format(key="NEW.party_ptr_id")})
        BEGIN {VENTURE_ROW}; END""",
    f"""CREATE TRIGGER ventures_party_listed_update
        AFTER UPDATE OF name, publication_state, visibility ON people_party
        WHEN NEW.kind = 'venture'
        BEGIN {PARTY_ROW}; END""",
    f"""CREATE TRIGGER ventures_party_listed_insert AFTER INSERT ON people_party
        WHEN NEW.kind = 'venture'
        BEGIN {PARTY_ROW}; END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {name}"
    for name in (
        "ventures_party_listed_insert",
        "ventures_party_listed_update",
        "ventures_venture_listed_name_update",
        "ventures_venture_listed_name_insert",
    )
]

# The public list's indexes (PostgreSQL only, INCLUDE, as migrations 0013 and 0025):
# - in its order, with the columns its filters and facets read, for a page or a count
#   that walks the names and stops at its limit;
# - by year founded, with the name to sort by, for "founded from … to …" (0013's index
#   over every venture stays, for the lists of those who see hidden ventures);
# - 0025's index by key, with the name, for a search's keys sorted by name.
LISTED = "WHERE listed_name IS NOT NULL"
COLUMNS = "venture_kind, status, place_id"
INDEXES = [
    "CREATE INDEX ventures_venture_listed_order ON ventures_venture"
    f" (listed_name, party_ptr_id) INCLUDE (founded_year, {COLUMNS}) {LISTED}",
    "CREATE INDEX ventures_venture_listed_founded ON ventures_venture"
    f" (founded_year) INCLUDE (party_ptr_id, listed_name, {COLUMNS}) {LISTED}",
    "DROP INDEX ventures_venture_by_key_facets",
    "CREATE INDEX ventures_venture_by_key_facets ON ventures_venture"
    f" (party_ptr_id) INCLUDE (listed_name, founded_year, {COLUMNS})",
]
INDEXES_REVERSE = [
    "DROP INDEX ventures_venture_by_key_facets",
    "CREATE INDEX ventures_venture_by_key_facets ON ventures_venture"
    f" (party_ptr_id) INCLUDE (founded_year, {COLUMNS})",
    "DROP INDEX ventures_venture_listed_founded",
    "DROP INDEX ventures_venture_listed_order",
]


def fill(apps, schema_editor):
    # Every venture once through the trigger.
    schema_editor.execute("UPDATE ventures_venture SET listed_name = listed_name")


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0025_venture_by_key_facets"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalventure",
            name="listed_name",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="venture",
            name="listed_name",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        by_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        on_postgresql(INDEXES, INDEXES_REVERSE),
    ]
