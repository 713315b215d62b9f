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

Integer keys are sent as the array's text (``array_text``: ``'{1,2,3}'``), which
PostgreSQL parses as it casts it. psycopg adapts a list of Python ints one value at a
time: 18 ms for the 29,584 parties "kim" names, in each of the statements a flow search
takes part in (its page, its keys, its totals), against 2.6 ms as text.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Expression, Field, Lookup, Q, QuerySet
from django.db.models.expressions import Col, RawSQL
from django.db.models.fields.related import ForeignObject


class Keys:
    """A long list of keys for ``__among``, handed to the lookup as it is.

    Django walks a list or a tuple given to a filter value by value, for expressions to
    resolve (``Query.resolve_lookup_value``) and, on a relation, for records of the wrong
    model (``Query.check_related_objects``): about 0.9 µs a key, 26 ms in each filter on
    the 30,000 parties "kim" names, against 0.03 ms as ``Keys`` (docs/BENCHMARKS.md). A
    ``Keys`` is neither a sequence nor iterable, so both pass it by, and ``__among``
    takes its list; any other lookup refuses it. For keys read from the database, whose
    type is the column's already.
    """

    __slots__ = ("values",)

    def __init__(self, values):
        self.values = values if isinstance(values, list) else list(values)

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        return f"Keys({len(self.values)})"


class Among(Lookup):
    lookup_name = "among"

    def get_prep_lookup(self):
        if isinstance(self.rhs, Keys):
            return self.rhs.values
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
            if cast in INTEGER_TYPES:
                values = array_text(values)
            return f"{column} = ANY({array})", (*params, values)
        return f"{column} IN ({', '.join(['%s'] * len(values))})", (*params, *values)


#: The column types whose keys are sent as an array's text.
INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})


def array_text(keys) -> str:
    """PostgreSQL's text of an array of integer keys, ``'{1,2,3}'``, for a parameter cast
    to an integer array (``%s::bigint[]``): one string, where psycopg adapts a list of
    ints value by value. ``int()`` of each key, so nothing but digits reaches the text."""
    return "{" + ",".join(str(int(key)) for key in keys) + "}"


def keys_as_set(field: str, keys: list) -> Q:
    """``field__among=keys`` as a set the database joins, ``field IN (SELECT unnest(keys))``:
    the same rows. Planning ``= ANY(array)`` estimates each of the array's values in turn
    (41-47 ms for the 30,000 parties "kim" names, 25 ms for the 49,121 sources whose words
    hold it, in each statement the list is in), where a set is joined by one hash of its
    keys. For a long list that a statement reads past (``__among`` stays the form for a
    short one, whose index probes the planner estimates well)."""
    return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (array_text(keys),))})


def key_among(queryset: QuerySet, keys) -> QuerySet:
    """``queryset.filter(pk__among=keys)``, asked of the table that holds the records'
    own key: for a kind of party (multi-table inheritance), the parties' table.

    Django names the kind's copy of the key for a filter on it (``people_person.
    party_ptr_id``): the same values, but PostgreSQL can then only join every match to
    its party and sort them all for a list in the parties' name order (150 ms for the
    26,885 people "kim" finds at 10x). Asked of ``people_party.id``, the list walks the
    parties' name index and takes the matches as they come (21 ms)."""
    key = queryset.model._meta.pk
    if key.remote_field is None or not key.remote_field.parent_link:
        return queryset.filter(pk__among=Keys(keys))
    return queryset.filter(Among(ParentKey(), Keys(keys)))


class ParentKey(Expression):
    """The key of the model's parent on the parent's own table (``people_party.id`` for a
    person), through the query's join to it, which Django would trim to the child's copy
    of the key."""

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        parent = query.get_meta().pk.target_field
        found = query.setup_joins([parent.name], query.get_meta(), query.get_initial_alias())
        return Col(found.joins[-1], parent)


def register() -> None:
    Field.register_lookup(Among)
    ForeignObject.register_lookup(Among)
