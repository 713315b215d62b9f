"""``field__among=[…]``: ``field__in=[…]`` for long lists of keys, as one parameter.

A listing's counts and facets filter by the keys they read first (``core.facets``): a
thousand venture ids in each of five queries. ``__in`` makes each id a parameter of its
own, which Django prepares through the field, psycopg quotes and PostgreSQL parses one
by one; at 200,000 ventures that was ~15 ms of the venture listing's ~115 ms in Python
alone (docs/BENCHMARKS.md). ``__among`` sends the list as one array
(``column = ANY(%s)``) on PostgreSQL, which plans it as it plans ``IN``; elsewhere it is
``IN`` as before. The values are keys, already of the column's type: they are not
prepared through the field.

The array is cast to the column's own type. psycopg sends Python ints as the smallest
integer type that holds them (``integer[]`` for ids below 2³¹), and ``bigint = ANY
(integer[])`` is a cross-type operator PostgreSQL cannot hash (its two sides hash with
different functions): a filter over a long list then compares each row with every key
in turn. At 200,000 ventures, the site search's ~40,000 ids for "kim" took 14.8 s to
test against each venture that way, 0.16 s hashed as ``bigint[]``.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup
from django.db.models.fields.related import ForeignObject


class Among(Lookup):
    lookup_name = "among"

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("__among takes a list of keys; use __in for a subquery.")
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        values = self.rhs
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            cast = self.lhs.output_field.cast_db_type(connection)
            array = f"%s::{cast}[]" if cast else "%s"
            return f"{column} = ANY({array})", (*params, values)
        return f"{column} IN ({', '.join(['%s'] * len(values))})", (*params, *values)


def register() -> None:
    Field.register_lookup(Among)
    ForeignObject.register_lookup(Among)
