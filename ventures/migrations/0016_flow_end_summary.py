from django.db import migrations, models

# The API summary's ranking of funders and recipients (``FlowEndSummary``): one row per
# end of the public flows (each funder, each recipient, each end named only in words),
# kept by triggers on every write of a flow as ``FlowSummary`` is (migration 0011), so
# the unfiltered ranking is a walk of an index instead of a grouping of every flow.

VISIBLE = "publication_state = 'published' AND visibility = 'public' AND ends_public"
SUMS = "flows, estimated, usd_low, usd_high"
COLUMNS = f"key, side, party_id, description, {SUMS}"
#: Each side of a flow: its name in the summary, its party column, its words column.
SIDES = (
    ("funder", "funder_id", "funder_description"),
    ("recipient", "recipient_id", "recipient_description"),
)
#: The row's key from its group (``FlowEndSummary.key``): "funder|208|".
KEY = "side || '|' || COALESCE(party_id::text, '') || '|' || description"


def ends(table: str, sign: int) -> str:
    """Each public flow of ``table`` as its two ends, with ``sign`` times its figures."""
    return " UNION ALL ".join(
        f"""SELECT '{side}'::text AS side, {party} AS party_id,
                   CASE WHEN {party} IS NULL THEN {words} ELSE '' END AS description,
                   {sign} AS n,
                   {sign} * CASE WHEN usd_low IS NOT NULL OR usd_high IS NOT NULL
                                 THEN 1 ELSE 0 END AS e,
                   {sign} * COALESCE(usd_low, 0) AS lo,
                   {sign} * COALESCE(usd_high, usd_low, 0) AS hi
            FROM {table} WHERE {VISIBLE}"""
        for side, party, words in SIDES
    )


def pg_upsert(sources: list[tuple[str, int]]) -> str:
    rows = " UNION ALL ".join(ends(table, sign) for table, sign in sources)
    return f"""
        INSERT INTO ventures_flowendsummary AS s ({COLUMNS})
        SELECT {KEY}, side, party_id, description, SUM(n), SUM(e), SUM(lo), SUM(hi)
        FROM ({rows}) AS changed
        GROUP BY side, party_id, description
        HAVING (SUM(n) <> 0 OR SUM(e) <> 0 OR SUM(lo) <> 0 OR SUM(hi) <> 0)
            -- Taking away from a row that is not there leaves it absent, never negative.
            AND (SUM(n) > 0 OR EXISTS (
                SELECT 1 FROM ventures_flowendsummary AS present WHERE present.key = {KEY}))
        -- One lock order for every writer: no deadlock between two bulk writes.
        ORDER BY 1
        ON CONFLICT (key)
        DO UPDATE SET flows = s.flows + EXCLUDED.flows,
                      estimated = s.estimated + EXCLUDED.estimated,
                      usd_low = s.usd_low + EXCLUDED.usd_low,
                      usd_high = s.usd_high + EXCLUDED.usd_high;
        DELETE FROM ventures_flowendsummary WHERE flows = 0;"""


POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION ventures_flow_end_summary_apply() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {pg_upsert([("new_rows", 1)])}
            ELSIF TG_OP = 'UPDATE' THEN {pg_upsert([("old_rows", -1), ("new_rows", 1)])}
            ELSE {pg_upsert([("old_rows", -1)])}
            END IF;
            RETURN NULL;
        END $$""",
    # Statement triggers with transition tables: one upsert per statement.
    """CREATE TRIGGER ventures_flow_end_summary_insert AFTER INSERT ON ventures_fundingflow
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ventures_flow_end_summary_apply()""",
    """CREATE TRIGGER ventures_flow_end_summary_update AFTER UPDATE ON ventures_fundingflow
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ventures_flow_end_summary_apply()""",
    """CREATE TRIGGER ventures_flow_end_summary_delete AFTER DELETE ON ventures_fundingflow
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ventures_flow_end_summary_apply()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER ventures_flow_end_summary_delete ON ventures_fundingflow",
    "DROP TRIGGER ventures_flow_end_summary_update ON ventures_fundingflow",
    "DROP TRIGGER ventures_flow_end_summary_insert ON ventures_fundingflow",
    "DROP FUNCTION ventures_flow_end_summary_apply()",
]


def sqlite_group(row: str, party: str, words: str) -> tuple[str, str]:
    """The end's description and key, from the flow ``row``'s columns."""
    description = f"(CASE WHEN {row}.{party} IS NULL THEN {row}.{words} ELSE '' END)"
    return description, f"COALESCE(CAST({row}.{party} AS TEXT), '') || '|' || {description}"


def sqlite_change(row: str, op: str) -> str:
    statements = []
    for side, party, words in SIDES:
        description, key = sqlite_group(row, party, words)
        if op == "+":
            statements.append(
                f"""INSERT OR IGNORE INTO ventures_flowendsummary ({COLUMNS})
                VALUES ('{side}|' || {key}, '{side}', {row}.{party}, {description},
                        0, 0, 0, 0);"""
            )
        statements.append(
            f"""UPDATE ventures_flowendsummary SET
                flows = flows {op} 1,
                estimated = estimated {op} (CASE WHEN {row}.usd_low IS NOT NULL
                    OR {row}.usd_high IS NOT NULL THEN 1 ELSE 0 END),
                usd_low = usd_low {op} COALESCE({row}.usd_low, 0),
                usd_high = usd_high {op} COALESCE({row}.usd_high, {row}.usd_low, 0)
            WHERE key = '{side}|' || {key};"""
        )
        if op == "-":
            statements.append(
                f"DELETE FROM ventures_flowendsummary WHERE key = '{side}|' || {key} AND flows = 0;"
            )
    return "\n".join(statements)


def sqlite_visible(row: str) -> str:
    return (
        f"{row}.publication_state = 'published' AND {row}.visibility = 'public'"
        f" AND {row}.ends_public"
    )


# SQLite has row triggers only: each adds or takes away one flow's two ends.
SQLITE = [
    f"""CREATE TRIGGER ventures_flow_end_summary_insert AFTER INSERT ON ventures_fundingflow
        WHEN {sqlite_visible("NEW")} BEGIN {sqlite_change("NEW", "+")} END""",
    f"""CREATE TRIGGER ventures_flow_end_summary_update_old AFTER UPDATE ON ventures_fundingflow
        WHEN {sqlite_visible("OLD")} BEGIN {sqlite_change("OLD", "-")} END""",
    f"""CREATE TRIGGER ventures_flow_end_summary_update_new AFTER UPDATE ON ventures_fundingflow
        WHEN {sqlite_visible("NEW")} BEGIN {sqlite_change("NEW", "+")} END""",
    f"""CREATE TRIGGER ventures_flow_end_summary_delete AFTER DELETE ON ventures_fundingflow
        WHEN {sqlite_visible("OLD")} BEGIN {sqlite_change("OLD", "-")} END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {name}"
    for name in (
        "ventures_flow_end_summary_delete",
        "ventures_flow_end_summary_update_new",
        "ventures_flow_end_summary_update_old",
        "ventures_flow_end_summary_insert",
    )
]


def fill_sql(text: str) -> str:
    """What the triggers keep, computed over every flow (as manage.py
    refresh_flow_summary does)."""
    return f"""
        INSERT INTO ventures_flowendsummary ({COLUMNS})
        SELECT {KEY.replace("::text", text)}, side, party_id, description,
               SUM(n), SUM(e), SUM(lo), SUM(hi)
        FROM ({ends("ventures_fundingflow", 1).replace("::text", text)}) AS every_end
        GROUP BY side, party_id, description"""


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return apply


def fill(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(fill_sql("::text" if postgresql else ""))


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0015_flow_text_trigrams"),
    ]

    operations = [
        migrations.CreateModel(
            name="FlowEndSummary",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("side", models.CharField(max_length=9)),
                ("party_id", models.BigIntegerField(null=True)),
                ("description", models.CharField(blank=True, max_length=200)),
                ("flows", models.IntegerField(default=0)),
                ("estimated", models.IntegerField(default=0)),
                ("usd_low", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
                ("usd_high", models.DecimalField(decimal_places=2, default=0, max_digits=22)),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("side"),
                        models.OrderBy(models.F("usd_high"), descending=True),
                        models.OrderBy(models.F("flows"), descending=True),
                        models.F("party_id"),
                        models.F("description"),
                        name="ventures_flowend_ranking",
                    ),
                    models.Index(
                        condition=models.Q(("flows", 0)),
                        fields=["flows"],
                        name="ventures_flowend_empty",
                    ),
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
