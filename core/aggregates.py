"""Aggregates into one JSON array, on PostgreSQL and on SQLite.

``DistinctValues`` is what a record stores of its related rows (a venture's kinds of
funding and funders, ``ventures.services.funding_totals``).
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
