"""Keyset ("cursor") pagination for the API's lists.

An offset page (``LIMIT 50 OFFSET 200000``) makes the database walk past every row
before the page, and rows inserted meanwhile shift what a page holds: a client paging
through the archive sees some rows twice and others never. A keyset page instead asks
for the rows *after* the last one seen, in the list's order with the primary key last
(``(sort key, id) > (last key, last id)``), so a deep page costs what the first does
and an insert only ever appears on a page not yet read.

The cursor carries the last row's sort values, signed (``django.core.signing``) so a
client cannot hand-craft one, and bound to the ordering it was made for. Empty values
sort last in both directions on every backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core import signing
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.expressions import BaseExpression, Col
from django.db.models.lookups import IsNull
from django.db.models.sql.constants import LOUTER
from django.db.models.sql.where import AND

SALT = "core.keyset.cursor"


class BadCursor(ValueError):
    """The cursor was not given out by this list (or for another ordering)."""


@dataclass(frozen=True)
class Key:
    """One sort key: an annotation name on the queryset, its direction and null place."""

    name: str
    descending: bool
    nulls_last: bool = True
    #: Whether the key can be empty at all: a NOT NULL column's keyset condition is a
    #: plain range, which an index in the list's order can start at (with ``OR name IS
    #: NULL`` beside it, PostgreSQL walked the index from the start: row 50,000 of the
    #: ventures took 78 ms instead of 3).
    nullable: bool = True

    def reversed(self) -> Key:
        return Key(self.name, not self.descending, not self.nulls_last, self.nullable)

    def order(self) -> OrderBy:
        place = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        expression = F(self.name)
        return expression.desc(**place) if self.descending else expression.asc(**place)

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def bound(self, value) -> Q | None:
        """A range the rows after ``value`` lie in, on this key alone, for an index in
        the list's order to start at (``name >= x`` beside ``name > x OR (name = x AND id
        > y)``, which no index can start at); None when empty values may follow."""
        if value is None or self.nullable:
            return None
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})

    def after(self, value) -> Q | None:
        """Rows strictly after ``value`` on this key alone (None: there are none)."""
        if value is None:
            return None if self.nulls_last else Q(**{f"{self.name}__isnull": False})
        strict = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nulls_last and self.nullable:
            return strict | Q(**{f"{self.name}__isnull": True})
        return strict


def _expression(item) -> tuple[BaseExpression | str, bool]:
    """One ``order_by`` item as (expression or field path, descending)."""
    if isinstance(item, str):
        return item.lstrip("-"), item.startswith("-")
    if isinstance(item, OrderBy):
        return item.expression, item.descending
    if isinstance(item, BaseExpression):
        return item, False
    raise TypeError(f"Cannot page by {item!r}")


@dataclass
class Keyset:
    """A queryset ordered by annotated sort keys (``keyset_0``…) with the primary key last."""

    queryset: QuerySet
    keys: list[Key]

    @classmethod
    def of(cls, queryset: QuerySet) -> Keyset:
        """Each key of the queryset's order becomes an annotation, so a related field
        (``person__name``), an expression (``Coalesce``) or an annotation is read back
        from the row by one name, compared in SQL by that name, and decoded by its type."""
        ordering = list(queryset.query.order_by)
        if not ordering and queryset.query.default_ordering:
            ordering = list(queryset.model._meta.ordering)
        annotations, keys, pk_descending = {}, [], False
        for index, item in enumerate(ordering):
            expression, descending = _expression(item)
            if expression in ("pk", "id", queryset.model._meta.pk.name):
                pk_descending = descending  # unique: later keys never decide
                break
            name = f"keyset_{index}"
            annotations[name] = F(expression) if isinstance(expression, str) else expression
            keys.append(Key(name, descending))
        keys.append(Key("pk", pk_descending, nullable=False))
        queryset = queryset.annotate(**annotations) if annotations else queryset
        keys = [
            Key(key.name, key.descending, key.nulls_last, _nullable(queryset, key.name))
            if key.name != "pk"
            else key
            for key in keys
        ]
        return cls(queryset, keys)

    def _field(self, key: Key):
        if key.name == "pk":
            return self.queryset.model._meta.pk
        return self.queryset.query.annotations[key.name].output_field

    def values_of(self, row) -> list:
        return [getattr(row, key.name) for key in self.keys]

    def encode(self, row, binding: str, backwards: bool = False) -> str:
        raw = [_jsonable(value) for value in self.values_of(row)]
        return signing.dumps({"b": binding, "v": raw, "r": backwards}, salt=SALT, compress=True)

    def decode(self, cursor: str, binding: str) -> tuple[list, bool]:
        try:
            payload = signing.loads(cursor, salt=SALT)
        except (signing.BadSignature, ValueError, UnicodeError, OverflowError) as exc:
            raise BadCursor("This is not a cursor this list gave out.") from exc
        if not isinstance(payload, dict) or payload.get("b") != binding:
            raise BadCursor("This cursor belongs to another list or ordering.")
        raw = payload.get("v")
        if not isinstance(raw, list) or len(raw) != len(self.keys):
            raise BadCursor("This is not a cursor this list gave out.")
        try:
            values = [
                None if value is None else self._field(key).to_python(value)
                for key, value in zip(self.keys, raw, strict=True)
            ]
        except Exception as exc:  # a field's own parse error, whatever its class
            raise BadCursor("This is not a cursor this list gave out.") from exc
        return values, bool(payload.get("r"))

    def page(
        self, values: list | None, size: int, backwards: bool = False, *, keys_first: bool = False
    ) -> list:
        """Up to ``size + 1`` rows after (or, backwards, before) ``values``, in list order.

        The extra row only says whether there is more; it is dropped by the caller.

        ``keys_first``: the page's keys are found first, in a subquery that reads keys
        alone, and its rows are then read by key. Where an index holds the list's order
        and the columns its filters test, that subquery walks the index alone; read
        whole, each row the walk passed over was read from the table first, to be
        dropped by a filter (3,273 rows for a page of 51 ventures at 200,000,
        docs/BENCHMARKS.md).
        """
        keys = [key.reversed() for key in self.keys] if backwards else self.keys
        queryset = self.queryset.order_by(*(key.order() for key in keys))
        if values is not None:
            queryset = queryset.filter(after(keys, values))
            bound = keys[0].bound(values[0])
            if bound is not None:
                queryset = queryset.filter(bound)
        if keys_first:
            queryset = queryset.filter(pk__in=queryset.values("pk")[: size + 1])
        return list(queryset[: size + 1])


def _nullable(queryset: QuerySet, name: str) -> bool:
    """Whether the annotation ``name`` may be NULL: only a plain column of a NOT NULL
    field (through no outer join), or one the queryset's own filter keeps non-empty
    (``listed_name IS NOT NULL``, the public ventures), is known not to be; any other
    expression may be."""
    expression = queryset.query.annotations[name]
    if not isinstance(expression, Col):
        return True
    if expression.target.null and not _kept_non_empty(queryset, expression):
        return True
    alias = queryset.query.alias_map.get(expression.alias)
    return alias is None or getattr(alias, "join_type", None) == LOUTER


def _kept_non_empty(queryset: QuerySet, column: Col) -> bool:
    """Whether ``queryset`` keeps only rows where ``column`` is not NULL: an ``IS NOT
    NULL`` on it among the conditions its filter ANDs together at the top."""
    where = queryset.query.where
    if where.negated or where.connector != AND:
        return False
    return any(
        isinstance(condition, IsNull)
        and condition.rhs is False
        and isinstance(condition.lhs, Col)
        and (condition.lhs.alias, condition.lhs.target) == (column.alias, column.target)
        for condition in where.children
    )


def after(keys: list[Key], values: list) -> Q:
    """Rows after ``values`` in the order ``keys`` give: on the first key that differs."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        step = key.after(value)
        if step is not None:
            condition |= prefix & step
        prefix &= key.equal(value)
    return condition


def _jsonable(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def batches(queryset: QuerySet, size: int) -> Iterator[list]:
    """Every row of ``queryset``, ``size`` at a time in primary-key order (keyset, so each
    batch is an index range scan, and its prefetches name at most ``size`` keys)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
