"""Where synthetic rows go, how they are marked, and how they are taken away again.

The one module of the generator that knows the archive's tables: which model each kind
of row belongs to, the marks that tell a synthetic row from a real one, how rows are
written in bulk (PostgreSQL ``COPY``; batched ``INSERT`` elsewhere), which derived
columns are filled after loading, and the ``DELETE``s of ``remove``. When models move
or gain columns, this module (and the field names in ``world``) is what changes.

Marks, chosen so that no model needs a column of its own:

- parties, places, sectors and sources have slugs starting with ``synthetic-``;
- exchange rates have a ``source`` starting with ``https://synthetic.invalid/`` (sources'
  URLs use the same reserved host, RFC 2606);
- everything else hangs off those: aliases, roles, flows (every synthetic flow has a
  synthetic party at one end, and never a real one), conversions, goods, citations and
  the many-to-many rows.

The generator writes no history rows, as ``loaddata`` writes none for the fixtures: a
synthetic row, like a fixture row, "predates history" for the changes feed. ``remove``
deletes the history rows of synthetic records all the same, in case the site or the
admin edited some after generation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from core.search import key_kinds

PREFIX = "synthetic-"
HOST = "https://synthetic.invalid/"
RATE_SOURCE = f"{HOST}exchange-rates (synthetic approximate annual average; removed with --remove)"

#: Each kind of row the generator writes, and its model.
MODELS: dict[str, str] = {
    "sector": "ventures.Sector",
    "rate": "ventures.ExchangeRate",
    "place": "ventures.Place",
    "place_alias": "ventures.PlaceAlias",
    "party": "people.Party",
    "person": "people.Person",
    "organization": "people.Organization",
    "venture": "ventures.Venture",
    "alias": "people.PartyAlias",
    "role": "people.Role",
    "flow": "ventures.FundingFlow",
    "conversion": "ventures.StatedConversion",
    "goods": "ventures.GoodsItem",
    "source": "sources.Source",
    "citation": "sources.Citation",
}
#: Many-to-many rows: (model, field name).
THROUGH: dict[str, tuple[str, str]] = {
    "venture_sector": ("ventures.Venture", "sectors"),
    "source_author": ("sources.Source", "authors"),
}
#: Kinds whose primary key is also the parent party's (multi-table inheritance).
PARTY_CHILDREN = ("person", "organization", "venture")


def model(kind: str) -> type[models.Model]:
    if kind in THROUGH:
        label, name = THROUGH[kind]
        return apps.get_model(label)._meta.get_field(name).remote_field.through
    return apps.get_model(MODELS[kind])


#: Tables the database fills from the generated rows (keys, summaries, the feed).
DERIVED = ("core.NameKey", "ventures.FlowSummary", "ventures.FlowEndSummary", "core.FeedEvent")


def kinds() -> list[str]:
    return [*MODELS, *THROUGH]


# Writing ------------------------------------------------------------------------------


@dataclass
class Table:
    """A model's concrete columns in order, with the value used when a row omits one."""

    model: type[models.Model]
    fields: list[models.Field]
    defaults: dict[str, object]

    @classmethod
    def of(cls, model: type[models.Model]) -> Table:
        fields = list(model._meta.local_concrete_fields)
        defaults = {f.attname: None if f.primary_key else f.get_default() for f in fields}
        return cls(model, fields, defaults)

    @property
    def name(self) -> str:
        return self.model._meta.db_table


class Writer:
    """Writes rows (dicts keyed by field ``attname``) to their tables in bulk.

    On PostgreSQL each batch is one ``COPY … FROM STDIN`` (psycopg 3's ``cursor.copy``);
    elsewhere one ``executemany`` of an ``INSERT``. Foreign keys are created
    ``DEFERRABLE INITIALLY DEFERRED`` on both backends, so batches of different tables
    may be written in any order inside the generator's transaction.
    """

    def __init__(self, connection: BaseDatabaseWrapper):
        self.connection = connection
        self.tables = {kind: Table.of(model(kind)) for kind in kinds()}
        self.written: dict[str, int] = dict.fromkeys(self.tables, 0)

    def write(self, kind: str, rows: list[dict]) -> None:
        if not rows:
            return
        table = self.tables[kind]
        unknown = set(rows[0]) - set(table.defaults)
        if unknown:
            raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in table.fields)
        defaults = [(f.attname, table.defaults[f.attname]) for f in table.fields]
        # COPY would write a Python list as an array literal; a JSON column takes its text.
        as_json = [isinstance(f, models.JSONField) for f in table.fields]
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(
                            [
                                json.dumps(value) if is_json else value
                                for (name, default), is_json in zip(defaults, as_json, strict=True)
                                for value in (row.get(name, default),)
                            ]
                        )
            else:
                marks = ", ".join(["%s"] * len(table.fields))
                sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"
                prepared = [
                    [
                        f.get_db_prep_save(
                            row.get(f.attname, table.defaults[f.attname]), self.connection
                        )
                        for f in table.fields
                    ]
                    for row in rows
                ]
                cursor.executemany(sql, prepared)
        self.written[kind] += len(rows)


class Buffers:
    """Rows collected per table and written in batches, so memory stays bounded."""

    def __init__(self, writer: Writer, batch: int = 20_000):
        self.writer = writer
        self.batch = batch
        self.rows: dict[str, list[dict]] = {kind: [] for kind in writer.tables}

    def add(self, kind: str, row: dict) -> None:
        rows = self.rows[kind]
        rows.append(row)
        if len(rows) >= self.batch:
            self.flush(kind)

    def flush(self, kind: str | None = None) -> None:
        for name in [kind] if kind else list(self.rows):
            self.writer.write(name, self.rows[name])
            self.rows[name] = []


@dataclass
class Ids:
    """Primary keys handed out from the first free id of each table at the start.

    Ids are assigned here rather than by the database so rows can point at each other
    before they are written, and so the same seed gives the same ids relative to the
    start. Party children share their party's id.
    """

    next: dict[str, int] = field(default_factory=dict)

    @classmethod
    def after_existing(cls, connection: BaseDatabaseWrapper) -> Ids:
        ids = cls()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for kind in kinds():
                if kind in PARTY_CHILDREN:
                    continue
                table = model(kind)._meta
                cursor.execute(f"SELECT MAX({quote(table.pk.column)}) FROM {quote(table.db_table)}")
                ids.next[kind] = (cursor.fetchone()[0] or 0) + 1
        return ids

    def take(self, kind: str, count: int = 1) -> int:
        """The first of ``count`` consecutive new ids."""
        first = self.next[kind]
        self.next[kind] = first + count
        return first


def lock_tables(connection: BaseDatabaseWrapper) -> None:
    """Keep other writers out while ids are handed out (PostgreSQL; SQLite has one writer).

    A bulk load or removal is one long transaction on purpose, so a server-wide
    ``statement_timeout`` (a benchmark database sets one) must not cut it short.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model(kind)._meta.db_table) for kind in kinds())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


@contextmanager
def party_triggers_held(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """On PostgreSQL, hold the party triggers that re-derive flows' ``ends_public``
    (migration ``ventures/0009``) and ventures' ``listed_name`` (``ventures/0026``) while
    the load writes parties.

    Each party inserted re-derives the flows that name it, an ``UPDATE`` per party row;
    with the flows' indexes dropped for the load that is a scan of every flow per party
    (hours at 1M flows). The load derives its flows once instead
    (``flows_ends_public``), in the same transaction, and its ventures' names as their
    rows are written after their parties' (``ventures_listed_names`` checks); a rollback
    restores the triggers.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for trigger in PARTY_INSERT_TRIGGERS:
            cursor.execute(f"ALTER TABLE people_party DISABLE TRIGGER {trigger}")
    yield
    with connection.cursor() as cursor:
        for trigger in PARTY_INSERT_TRIGGERS:
            cursor.execute(f"ALTER TABLE people_party ENABLE TRIGGER {trigger}")


#: The triggers on a party's insert that re-derive the rows that name it.
PARTY_INSERT_TRIGGERS = ("ventures_party_shown_insert", "ventures_party_listed_insert")


def ventures_listed_names(connection: BaseDatabaseWrapper, first_party: int) -> None:
    """Re-derive ``listed_name`` of the ventures written from ``first_party`` on whose
    party was written after them (none: a venture's row follows its party's, whose
    name the row's own trigger reads; this is the check). Only wrong rows are touched,
    as ``flows_ends_public`` does."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ventures_venture AS v SET listed_name = listed_name"
            " WHERE v.party_ptr_id >= %s AND v.listed_name IS DISTINCT FROM"
            " (SELECT p.name FROM people_party p WHERE p.id = v.party_ptr_id"
            " AND p.publication_state = 'published' AND p.visibility = 'public')",
            [first_party],
        )


def flows_ends_public(connection: BaseDatabaseWrapper, first_flow: int) -> None:
    """Re-derive ``ends_public`` of the flows written from ``first_flow`` on whose ends
    were written after them (none: the parties are written first; this is the check).

    Only rows whose value is wrong are touched: rewriting every flow here, with the
    indexes dropped, left broken HOT chains that made PostgreSQL hold back the rebuilt
    indexes from this transaction (``indcheckxmin``), and the funding totals then
    scanned every flow once per venture.
    """
    if connection.vendor != "postgresql":
        return

    def shown(column: str) -> str:
        return (
            f"(f.{column} IS NULL OR EXISTS (SELECT 1 FROM people_party p"
            f" WHERE p.id = f.{column} AND p.publication_state = 'published'"
            " AND p.visibility = 'public'))"
        )

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ventures_fundingflow AS f SET ends_public = ends_public WHERE f.id >= %s"
            f" AND f.ends_public IS DISTINCT FROM ({shown('funder_id')} AND"
            f" {shown('recipient_id')})",
            [first_flow],
        )


def row_count(connection: BaseDatabaseWrapper, kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {model(kind)._meta.db_table}")
        return cursor.fetchone()[0]


@contextmanager
def rebuilt_after(
    connection: BaseDatabaseWrapper, enabled: bool, *, indexes: bool = True
) -> Iterator[None]:
    """On PostgreSQL, drop the foreign keys (and, with ``indexes``, the secondary indexes)
    of the tables the generator writes, and add them back at the end of the transaction.

    Adding a foreign key checks every row in one join, where keeping it checks each
    inserted or deleted row with a trigger call (and a row lock); building an index once
    over every row is far cheaper than growing it a row at a time (a trigram GIN index
    most of all). Bulk loads and bulk deletes larger than the archive they touch are
    several times faster this way, as ``pg_restore`` knows. Every constraint is still
    checked: CHECKs and uniques as rows arrive (their indexes stay), foreign keys when
    they are added back. Readers of these tables wait until the transaction commits;
    if anything fails, the rollback restores indexes and constraints.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    tables = [model(kind)._meta.db_table for kind in kinds()]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT owner.relname, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint AS con
            JOIN pg_class AS owner ON owner.oid = con.conrelid
            WHERE con.contype = 'f' AND owner.relname = ANY(%s)
            ORDER BY 1, 2
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT index.indexrelid::regclass::text, pg_get_indexdef(index.indexrelid)
            FROM pg_index AS index
            JOIN pg_class AS owner ON owner.oid = index.indrelid
            WHERE owner.relname = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = index.indexrelid)
            ORDER BY 1
            """,
            [tables],
        )
        secondary = cursor.fetchall() if indexes else []
        # A table with foreign-key checks still queued (rows written earlier in the
        # same transaction) cannot be altered: run those checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in secondary:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in secondary:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reset_sequences(connection: BaseDatabaseWrapper) -> None:
    """Move each table's id sequence past the ids written here."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [model(kind) for kind in kinds() if kind not in PARTY_CHILDREN]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def fill_derived(connection: BaseDatabaseWrapper, first_party: int, last_party: int) -> None:
    """Derived columns and rows computed after the rows are written.

    ``search_text`` and the USD estimates are computed while rows are built, by the
    archive's own functions; the name keys of search (``core.NameKey``) are written
    here in one COPY by ``core.search.write_keys``, and the PostgreSQL ``tsvector`` is
    built from ``search_text`` with the same expression
    ``people.search.refresh_party_search`` uses.
    """
    from people.search import fill_party_keys, party_search_vector
    from ventures.search import fill_place_keys

    fill_party_keys(first_party, last_party, connection.alias)
    places = model("place").objects.using(connection.alias)
    fill_place_keys(places.filter(slug__startswith=PREFIX))
    if connection.vendor != "postgresql":
        return
    model("party").objects.filter(pk__gte=first_party, pk__lte=last_party).update(
        search_vector=party_search_vector()
    )


def analyze(connection: BaseDatabaseWrapper) -> None:
    """Settle the tables after a bulk load or removal (PostgreSQL): fresh planner
    statistics, dead rows reclaimed and the visibility map set (so index-only scans
    work), as on an archive that has been running for a while. Inside an outer
    transaction (tests) only ``ANALYZE`` can run.
    """
    if connection.vendor != "postgresql":
        return
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    quote = connection.ops.quote_name
    tables = [model(kind)._meta.db_table for kind in kinds()]
    # What the load derives from those rows (search keys, the flow summary, the feed):
    # with no fresh statistics on them the planner guesses, and a search at 10x took 80
    # times its plan's work (docs/BENCHMARKS.md, "At 10x: the plan, not the work").
    tables += [apps.get_model(label)._meta.db_table for label in DERIVED]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{verb} {quote(table)}")


# Finding and removing ----------------------------------------------------------------


def _history_table(kind: str) -> str | None:
    history = getattr(model(kind), "history", None)
    return history.model._meta.db_table if history is not None else None


def _tables(kind: str) -> list[str]:
    """A kind's live table and, if it keeps history, its history table."""
    return [t for t in (model(kind)._meta.db_table, _history_table(kind)) if t]


def _ids_sql(kind: str, condition: str) -> str:
    """Ids of rows meeting ``condition`` in the live table and in its history."""
    return " UNION ".join(
        f"SELECT id FROM {table} WHERE {condition.format(t=table)}" for table in _tables(kind)
    )


def _marked(column: str, prefix: str) -> str:
    return f"{{t}}.{column} LIKE '{prefix}%'"


def _in(column: str, id_set: str) -> str:
    """``column`` holds an id of the set: an index probe into the set's primary key.

    ``EXISTS`` rather than ``IN (SELECT …)``: a large ``IN`` list that outgrows
    ``work_mem`` turns into a scan of the list per row (SCALE-NOTES.md, trap 1).
    """
    return f"EXISTS (SELECT 1 FROM {id_set} AS x WHERE x.id = {{t}}.{column})"


def _any(*conditions: str) -> str:
    return " OR ".join(f"({condition})" for condition in conditions)


#: Temporary id sets, in the order they are built; each may use the ones before it.
ID_SETS: list[tuple[str, str, str]] = [
    ("synthetic_party", "party", _marked("slug", PREFIX)),
    ("synthetic_place", "place", _marked("slug", PREFIX)),
    ("synthetic_sector", "sector", _marked("slug", PREFIX)),
    ("synthetic_source", "source", _marked("slug", PREFIX)),
    (
        "synthetic_flow",
        "flow",
        _any(_in("funder_id", "synthetic_party"), _in("recipient_id", "synthetic_party")),
    ),
    (
        "synthetic_role",
        "role",
        _any(_in("person_id", "synthetic_party"), _in("organization_id", "synthetic_party")),
    ),
]

#: What to delete, dependants first: (kind, condition on both live and history rows).
DELETIONS: list[tuple[str, str]] = [
    (
        "citation",
        _any(
            _in("source_id", "synthetic_source"),
            _in("party_id", "synthetic_party"),
            _in("role_id", "synthetic_role"),
            _in("flow_id", "synthetic_flow"),
            _in("place_id", "synthetic_place"),
        ),
    ),
    ("conversion", _in("flow_id", "synthetic_flow")),
    ("goods", _in("flow_id", "synthetic_flow")),
    ("flow", _in("id", "synthetic_flow")),
    ("role", _in("id", "synthetic_role")),
    ("alias", _in("party_id", "synthetic_party")),
    ("place_alias", _in("place_id", "synthetic_place")),
    (
        "venture_sector",
        _any(_in("venture_id", "synthetic_party"), _in("sector_id", "synthetic_sector")),
    ),
    (
        "source_author",
        _any(_in("source_id", "synthetic_source"), _in("person_id", "synthetic_party")),
    ),
    ("source", _in("id", "synthetic_source")),
    ("venture", _in("party_ptr_id", "synthetic_party")),
    ("organization", _in("party_ptr_id", "synthetic_party")),
    ("person", _in("party_ptr_id", "synthetic_party")),
    ("party", _in("id", "synthetic_party")),
    ("place", _in("id", "synthetic_place")),
    ("sector", _in("id", "synthetic_sector")),
    ("rate", _marked("source", HOST)),
]

#: Real rows that may point at synthetic ones through a nullable link: cleared, as
#: ``on_delete=SET_NULL`` would. (kind, column, id set)
CLEARED_LINKS = [
    ("organization", "parent_id", "synthetic_party"),
    ("venture", "operated_by_id", "synthetic_party"),
]
#: Real rows that may point at synthetic ones through a protected link: refused, as
#: ``on_delete=PROTECT`` would. (kind, its own key, link, linked set, own set, message)
PROTECTED_LINKS = [
    (
        "venture",
        "party_ptr_id",
        "place_id",
        "synthetic_place",
        "synthetic_party",
        "a real venture is placed in a synthetic place",
    ),
    (
        "place",
        "id",
        "parent_id",
        "synthetic_place",
        "synthetic_place",
        "a real place lies inside a synthetic place",
    ),
    (
        "source",
        "id",
        "publisher_id",
        "synthetic_party",
        "synthetic_source",
        "a real source has a synthetic publisher",
    ),
]


class RealRecordsDependOnSynthetic(Exception):
    """Removing the synthetic rows would break a real record that points at one."""


def _collect_ids(cursor, vendor: str) -> None:
    for name, kind, condition in ID_SETS:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (id bigint PRIMARY KEY)")
        cursor.execute(f"INSERT INTO {name} (id) {_ids_sql(kind, condition)}")
        if vendor == "postgresql":
            cursor.execute(f"ANALYZE {name}")


def _refuse_protected(cursor) -> None:
    for kind, own, column, linked, owners, reason in PROTECTED_LINKS:
        table = model(kind)._meta.db_table
        cursor.execute(
            f"SELECT {own} FROM {table} WHERE {_in(column, linked).format(t=table)}"
            f" AND NOT {_in(own, owners).format(t=table)} ORDER BY {own} LIMIT 5"
        )
        found = [row[0] for row in cursor.fetchall()]
        if found:
            raise RealRecordsDependOnSynthetic(
                f"{reason}: {model(kind)._meta.verbose_name} id(s) "
                f"{', '.join(map(str, found))}. Change them first."
            )


def remove(
    connection: BaseDatabaseWrapper, progress: Callable[[str], None] = lambda _: None
) -> dict[str, int]:
    """Delete every synthetic row and its history; return the rows deleted per kind.

    Call inside a transaction: a refusal or an error leaves everything as it was.
    """
    deleted: dict[str, int] = {}
    with connection.cursor() as cursor:
        _collect_ids(cursor, connection.vendor)
        _refuse_protected(cursor)
        for kind, column, id_set in CLEARED_LINKS:
            table = model(kind)._meta.db_table
            condition = _in(column, id_set).format(t=table)
            cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {condition}")
        # Search's name keys name their records by kind and id, with no foreign key.
        party_kinds = ", ".join(f"'{kind}'" for kind in key_kinds("party"))
        cursor.execute(
            f"DELETE FROM {apps.get_model('core', 'NameKey')._meta.db_table} WHERE"
            f" (kind IN ({party_kinds}) AND record_id IN (SELECT id FROM synthetic_party))"
            " OR (kind = 'place' AND record_id IN (SELECT id FROM synthetic_place))"
        )
        for kind, condition in DELETIONS:
            progress(kind)
            total = 0
            for table in _tables(kind):
                cursor.execute(f"DELETE FROM {table} WHERE {condition.format(t=table)}")
                total += max(cursor.rowcount, 0)
            deleted[kind] = total
        for name, _, _ in ID_SETS:
            cursor.execute(f"DROP TABLE {name}")
    return deleted


def existing(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """How many synthetic parties, ventures, places, sources, flows and rates there are."""
    party = model("party")._meta.db_table
    marked = _marked("slug", PREFIX).format(t="p")

    def party_at(column: str) -> str:
        return f"EXISTS (SELECT 1 FROM {party} AS p WHERE p.id = {{t}}.{column} AND {marked})"

    checks = {
        "parties": ("party", _marked("slug", PREFIX)),
        "ventures": ("venture", party_at("party_ptr_id")),
        "places": ("place", _marked("slug", PREFIX)),
        "sources": ("source", _marked("slug", PREFIX)),
        "flows": ("flow", _any(party_at("funder_id"), party_at("recipient_id"))),
        "rates": ("rate", _marked("source", HOST)),
    }
    counts = {}
    with connection.cursor() as cursor:
        for name, (kind, condition) in checks.items():
            table = model(kind)._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {condition.format(t=table)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def real_slugs(kind: str, slugs: Iterable[str]) -> dict[str, int]:
    """Ids of existing real rows (sectors, places) by slug, for the generator to reuse."""
    slugs = list(slugs)
    rows = model(kind).objects.filter(slug__in=slugs).values_list("slug", "pk")
    return {slug: pk for slug, pk in rows if not slug.startswith(PREFIX)}
