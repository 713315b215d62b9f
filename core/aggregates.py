"""Aggregates into one JSON array, on PostgreSQL and on SQLite.

``DistinctValues`` is what a record stores of its related rows (a venture's kinds of
funding and funders, ``ventures.services.funding_totals``). ``JSONValues`` reads a JSON
column of many rows as one array: a listing's sample of 1,000 ventures is then one
string to decode, not 2,000 values each decoded through the field's converter (about
5 ms of the venture listing at 10×, docs/BENCHMARKS.md).
"""

from __future__ import annotations

from django.db.models import Aggregate, JSONField


class DistinctValues(Aggregate):
    """The distinct values of an expression as a JSON array: in their order on
    PostgreSQL (``jsonb_agg``), in no given order elsewhere (SQLite's
    ``json_group_array``). Both keep a NULL: the caller's filter leaves NULLs out."""

    function = "JSON_GROUP_ARRAY"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSONB_AGG",
            template="%(function)s(DISTINCT %(expressions)s ORDER BY %(expressions)s)",
            **extra_context,
        )


class JSONValues(Aggregate):
    """A JSON column's value in each row, as one JSON array (None over no rows), in no
    given order. SQLite stores JSON as text: ``JSON()`` nests it as JSON, not as a
    string."""

    function = "JSON_GROUP_ARRAY"
    template = "%(function)s(JSON(%(expressions)s))"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="JSONB_AGG", template="%(function)s(%(expressions)s)"
        )
