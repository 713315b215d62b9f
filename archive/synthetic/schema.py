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

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

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
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row([row.get(name, default) for name, default in defaults])
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
    """Keep other writers out while ids are handed out (PostgreSQL; SQLite has one writer)."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model(kind)._meta.db_table) for kind in kinds())
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def row_count(connection: BaseDatabaseWrapper, kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {model(kind)._meta.db_table}")
        return cursor.fetchone()[0]


@contextmanager
def indexes_built_after(connection: BaseDatabaseWrapper, enabled: bool) -> Iterator[None]:
    """On PostgreSQL, drop the secondary indexes of the written tables during the load,
    and build them again at the end, inside the same transaction.

    Building an index once over every row is far cheaper than growing it a row at a
    time (a trigram GIN index most of all), so a load larger than the archive it joins
    is several times faster this way. Indexes that back a constraint (primary keys,
    uniques) stay, so the constraints are checked as rows arrive. Readers of these
    tables wait until the load commits; if it fails, the rollback restores everything.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    tables = [model(kind)._meta.db_table for kind in kinds()]
    with connection.cursor() as cursor:
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
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # A table with foreign-key checks still queued cannot be indexed: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in definitions:
            cursor.execute(definition)
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
    """Derived columns computed by the database, in one statement per column.

    ``search_text`` and the USD estimates are computed while rows are built, by the
    archive's own functions; the PostgreSQL ``tsvector`` is built here from them with the
    same expression ``archive.search.refresh_party_search`` uses.
    """
    if connection.vendor != "postgresql":
        return
    from archive.search import party_search_vector

    model("party").objects.filter(pk__gte=first_party, pk__lte=last_party).update(
        search_vector=party_search_vector()
    )


def analyze(connection: BaseDatabaseWrapper) -> None:
    """Fresh planner statistics after a bulk load or removal (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for kind in kinds():
            cursor.execute(f"ANALYZE {quote(model(kind)._meta.db_table)}")


# Finding and removing ----------------------------------------------------------------


def _history_table(kind: str) -> str | None:
    history = getattr(model(kind), "history", None)
    return history.model._meta.db_table if history is not None else None


def _tables(kind: str) -> list[str]:
    """A kind's live table and, if it keeps history, its history table."""
    return [t for t in (model(kind)._meta.db_table, _history_table(kind)) if t]


def _ids_sql(kind: str, condition: str) -> str:
    """Ids of rows meeting ``condition`` in the live table and in its history."""
    return " UNION ".join(f"SELECT id FROM {table} WHERE {condition}" for table in _tables(kind))


def _marked(prefix_column: str, prefix: str) -> str:
    return f"{prefix_column} LIKE '{prefix}%'"


#: Temporary id sets, in the order they are built; each may use the ones before it.
ID_SETS: list[tuple[str, str, str]] = [
    ("synthetic_party", "party", _marked("slug", PREFIX)),
    ("synthetic_place", "place", _marked("slug", PREFIX)),
    ("synthetic_sector", "sector", _marked("slug", PREFIX)),
    ("synthetic_source", "source", _marked("slug", PREFIX)),
    (
        "synthetic_flow",
        "flow",
        "funder_id IN (SELECT id FROM synthetic_party)"
        " OR recipient_id IN (SELECT id FROM synthetic_party)",
    ),
    (
        "synthetic_role",
        "role",
        "person_id IN (SELECT id FROM synthetic_party)"
        " OR organization_id IN (SELECT id FROM synthetic_party)",
    ),
]


def _in(column: str, id_set: str) -> str:
    return f"{column} IN (SELECT id FROM {id_set})"


#: What to delete, dependants first: (kind, condition on both live and history rows).
DELETIONS: list[tuple[str, str]] = [
    (
        "citation",
        " OR ".join(
            [
                _in("source_id", "synthetic_source"),
                _in("party_id", "synthetic_party"),
                _in("role_id", "synthetic_role"),
                _in("flow_id", "synthetic_flow"),
                _in("place_id", "synthetic_place"),
            ]
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
        f"{_in('venture_id', 'synthetic_party')} OR {_in('sector_id', 'synthetic_sector')}",
    ),
    (
        "source_author",
        f"{_in('source_id', 'synthetic_source')} OR {_in('person_id', 'synthetic_party')}",
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
#: ``on_delete=PROTECT`` would. (kind, column, id set, what to say)
PROTECTED_LINKS = [
    ("venture", "place_id", "synthetic_place", "a real venture is placed in a synthetic place"),
    ("place", "parent_id", "synthetic_place", "a real place lies inside a synthetic place"),
    ("source", "publisher_id", "synthetic_party", "a real source has a synthetic publisher"),
]


class RealRecordsDependOnSynthetic(Exception):
    """Removing the synthetic rows would break a real record that points at one."""


def _own_key(kind: str) -> str:
    return "party_ptr_id" if kind in PARTY_CHILDREN else "id"


def remove(
    connection: BaseDatabaseWrapper, progress: Callable[[str], None] = lambda _: None
) -> dict[str, int]:
    """Delete every synthetic row and its history; return the rows deleted per kind.

    Call inside a transaction: a refusal or an error leaves everything as it was.
    """
    deleted: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, kind, condition in ID_SETS:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {name} (id bigint PRIMARY KEY)")
            cursor.execute(f"INSERT INTO {name} (id) {_ids_sql(kind, condition)}")
        for kind, column, id_set, reason in PROTECTED_LINKS:
            table = model(kind)._meta.db_table
            own = _own_key(kind)
            cursor.execute(
                f"SELECT {own} FROM {table} WHERE {_in(column, id_set)}"
                f" AND {own} NOT IN (SELECT id FROM {_protected_owner_set(kind)})"
                f" ORDER BY {own} LIMIT 5"
            )
            rows = [row[0] for row in cursor.fetchall()]
            if rows:
                raise RealRecordsDependOnSynthetic(
                    f"{reason}: {model(kind)._meta.verbose_name} id(s) "
                    f"{', '.join(map(str, rows))}. Change them first."
                )
        for kind, column, id_set in CLEARED_LINKS:
            table = model(kind)._meta.db_table
            cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {_in(column, id_set)}")
        for kind, condition in DELETIONS:
            progress(kind)
            total = 0
            for table in _tables(kind):
                cursor.execute(f"DELETE FROM {table} WHERE {condition}")
                total += max(cursor.rowcount, 0)
            deleted[kind] = total
        for name, _, _ in ID_SETS:
            cursor.execute(f"DROP TABLE {name}")
    return deleted


def _protected_owner_set(kind: str) -> str:
    return {"venture": "synthetic_party", "place": "synthetic_place", "source": "synthetic_source"}[
        kind
    ]


def existing(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """How many synthetic parties, places, sources, flows and rates the database holds."""
    quote = connection.ops.quote_name
    checks = {
        "parties": ("party", _marked("slug", PREFIX)),
        "places": ("place", _marked("slug", PREFIX)),
        "sources": ("source", _marked("slug", PREFIX)),
        "ventures": (
            "venture",
            f"party_ptr_id IN (SELECT id FROM people_party WHERE {_marked('slug', PREFIX)})",
        ),
        "rates": ("rate", _marked("source", HOST)),
    }
    counts = {}
    with connection.cursor() as cursor:
        for name, (kind, condition) in checks.items():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(model(kind)._meta.db_table)} WHERE {condition}"
            )
            counts[name] = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT COUNT(*) FROM {model('flow')._meta.db_table} WHERE funder_id IN "
            f"(SELECT id FROM people_party WHERE {_marked('slug', PREFIX)}) OR recipient_id IN "
            f"(SELECT id FROM people_party WHERE {_marked('slug', PREFIX)})"
        )
        counts["flows"] = cursor.fetchone()[0]
    return counts


def real_slugs(kind: str, slugs: Iterable[str]) -> dict[str, int]:
    """Ids of existing real rows (sectors, places) by slug, for the generator to reuse."""
    slugs = list(slugs)
    rows = model(kind).objects.filter(slug__in=slugs).values_list("slug", "pk")
    return {slug: pk for slug, pk in rows if not slug.startswith(PREFIX)}
