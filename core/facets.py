"""Facet counts and the "active filters" bar for listings driven by a FilterSet.

A facet counts, for each value of one filter, how many records the listing would show
with that value, given every *other* filter the visitor has set (disjunctive faceting:
ticking a second sector widens the results, so a sector's count must ignore the
sectors already ticked). The listing's own FilterSet does the narrowing, so a count
can never disagree with what the filter returns.

A facet counts over the keys of the public records narrowed by the other filters
(``Narrowing``: one flat query per set of filters, no per-filter subquery), either in
one aggregate query of its own or, for a column read with the keys (``columns``), in
Python. The cost of a page is a fixed number of queries, whatever its size.

Bounded work. An exact count over every matching record costs what the matches number,
so a listing that must answer in the same time at ten times the rows counts at most
``COUNT_CAP`` of them ("1,000+ ventures", as many as its pages reach), and a facet
counts its values over at most ``FACET_SAMPLE`` matching records: past that, each of its
counts is a lower bound, and the facet says so (``Facet.sampled``, shown as "at least").
A listing with exact figures kept on write (``ventures.flow_stats.SummaryStats``) uses
those instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django_filters import FilterSet
from django_filters.constants import EMPTY_VALUES

from core.lookups import Keys
from core.pagination import MAX_PAGES, PER_PAGE, Tally
from core.search import keys_in_name_order

#: Parameters that shape a page without narrowing what it lists.
NOT_NARROWING = frozenset({"ordering", "page"})

#: How far a listing's total is counted: as many records as its pages reach
#: (``core.pagination``: 50 pages of 20); more is shown as "1,000+".
COUNT_CAP = MAX_PAGES * PER_PAGE

#: How many matching records a facet counts its values over, at most.
FACET_SAMPLE = 1_000


class Narrowing:
    """The active filters of a valid FilterSet, each as a subquery of matching keys.

    Filters run over ``records``, the public records the listing starts from, never over
    every row: a search that falls back to near misses only when nothing matches must
    not be swayed by a hidden record that matches.
    """

    def __init__(
        self,
        filterset: FilterSet,
        records: QuerySet,
        *,
        order: tuple[str, ...] = (),
        columns: tuple[str, ...] = (),
    ):
        self.filterset = filterset
        self.records = records
        #: Columns fetched with each key (``sample_rows``), so that facets over a column
        #: of the records themselves are counted from the rows already read, with no
        #: query of their own.
        self.columns = columns
        #: The order keys are fetched in: the listing's own, where an index holds it, so
        #: the fetch is a walk of that index that stops at the cap (and the sample is the
        #: records the listing's pages show first); none, the database's cheapest.
        self.order = order
        #: Whether the order's first column is the parent's (a kind of party in the
        #: parties' name order): a search's keys are then asked of the parent's key
        #: (``keys_in_name_order``). A column of the records' own table (a venture's
        #: ``listed_name``) is sorted with their own key.
        self.order_on_parent = bool(order) and _on_parent(records.model, order[0])
        self.data = {
            name: value
            for name, value in filterset.form.cleaned_data.items()
            if name not in NOT_NARROWING and not _unset(value)
        }
        #: Per set (the filter left out, or None): the rows fetched (key first, then
        #: ``columns``) and the limit asked.
        self._rows: dict[str | None, tuple[list[tuple], int]] = {}

    def apply(self, queryset: QuerySet, *, without: str | None = None) -> QuerySet:
        """``queryset`` narrowed by every active filter except ``without``.

        The filters are applied to ``queryset`` itself, not as ``pk IN (subquery)`` per
        filter: one flat query over the indexed columns, which PostgreSQL can plan as
        one scan, where a semi-join per filter repeated the records' own conditions.
        """
        for name, value in self.data.items():
            if name != without:
                queryset = self.filterset.filters[name].filter(queryset, value)
        return queryset

    def keys(self, *, without: str | None = None, limit: int) -> list:
        """Up to ``limit`` keys of the records ``apply(records, without=...)`` keeps.

        One query per set, in ``order`` (or none: whatever scan is cheapest), stopping at
        the ``limit``-th match. Leaving out a filter that is not set
        leaves the same set, so the listing's count and every facet of an unset filter
        share one fetch; a fetch that came back short holds the whole set and answers any
        later ``limit``.
        """
        return [row[0] for row in self.rows(without=without, limit=limit)]

    def rows(self, *, without: str | None = None, limit: int) -> list[tuple]:
        """``keys``, each as a row ``(key, *columns)``: the same one query per set."""
        key = without if without in self.data else None
        found = self._rows.get(key)
        if found is None or (len(found[0]) == found[1] and found[1] < limit):
            # Keys alone, in the listing's order: a search among them is asked of the
            # key of the table that holds the order (``keys_in_name_order``).
            with keys_in_name_order() if self.order_on_parent else nullcontext():
                records = self.apply(self.records.all(), without=key).order_by(*self.order)
            found = (list(records.values_list("pk", *self.columns)[:limit]), limit)
            self._rows[key] = found
        return found[0][:limit]

    def listed_keys(self) -> list:
        """The keys of the records the listing's pages reach (``COUNT_CAP``) in ``order``:
        read with ``tally``'s count, no query of their own."""
        return self.keys(limit=COUNT_CAP)

    def tally(self, *, without: str | None = None, cap: int | None = None) -> Tally:
        """How many records ``apply(records, without=...)`` keeps, counting no further than
        ``cap`` (``COUNT_CAP`` when not given): past it, ``Tally.more`` says so."""
        cap = COUNT_CAP if cap is None else cap
        found = self.keys(without=without, limit=self._limit(cap))
        return Tally(min(len(found), cap), len(found) > cap)

    def sample(
        self, queryset: QuerySet, *, without: str | None = None, size: int | None = None
    ) -> tuple[QuerySet, bool]:
        """``queryset`` cut to the records of ``sample_keys``, and whether they were cut."""
        keys, cut = self.sample_keys(without=without, size=size)
        return queryset.filter(pk__among=Keys(keys)), cut

    def sample_keys(
        self, *, without: str | None = None, size: int | None = None
    ) -> tuple[list, bool]:
        """At most ``size`` keys of the records ``apply(records, without=...)`` keeps, and
        whether there were more (then counts over them are lower bounds).

        Found once (``keys``) and passed on as a list, so each facet counts over the
        same few rows instead of finding them again in a subquery of its own. Which
        records they are is the first in ``order``, or the database's cheapest choice
        without one. ``size`` is ``FACET_SAMPLE`` when not given.
        """
        rows, cut = self.sample_rows(without=without, size=size)
        return [row[0] for row in rows], cut

    def sample_rows(
        self, *, without: str | None = None, size: int | None = None
    ) -> tuple[list[tuple], bool]:
        """``sample_keys`` as rows ``(key, *columns)``, and whether they were cut."""
        size = FACET_SAMPLE if size is None else size
        found = self.rows(without=without, limit=self._limit(size))
        return found[:size], len(found) > size

    @staticmethod
    def _limit(cap: int) -> int:
        """One fetch serves both the listing's count and the facets' sample: as many keys
        as the larger of the two needs, and one more to tell "more" from "exactly"."""
        return max(cap, COUNT_CAP, FACET_SAMPLE) + 1

    def matching(self, name: str, value) -> QuerySet:
        """Keys of the records one filter keeps for ``value`` (also for yes/no facets)."""
        return self.filterset.filters[name].filter(self.records.all(), value).values("pk")


def _on_parent(model, name: str) -> bool:
    """Whether ``name`` is a column of ``model``'s parent table (multi-table
    inheritance), not of its own."""
    if name.lstrip("-") in ("pk", model._meta.pk.name):
        return False
    return model._meta.get_field(name.lstrip("-")).model is not model._meta.concrete_model


def distinct_values(records: QuerySet, *columns: str) -> list[tuple]:
    """The distinct ``columns`` (tuples of values) of ``records``: a listing's choices,
    such as the countries its records are in, without reading every record.

    On PostgreSQL, a walk of an index on ``columns`` of the records' own table, one
    step per distinct value (a "loose index scan": each step the first row after the
    last value found), keeping a value only if some record of ``records`` has it (one
    probe that stops at the first). ``records`` may be narrower than its table (the
    public ones): the walk finds the values of every row, the probe keeps the visible.
    A ``DISTINCT`` over the records instead reads them all: 35-40 ms for 36,000 public
    organisations or 99,000 public people at 10x, for 8 countries or 29 pairs. Elsewhere,
    that ``DISTINCT``.

    For columns that hold no NULL after the first (blank strings are fine): a row
    comparison with a NULL in it is unknown, so the walk would step past the other values
    that share the columns before it. A NULL in a single column sorts last and is never
    a choice, as its probe finds no record equal to it.
    """
    records = records.order_by()
    connection = connections[records.db]
    if connection.vendor != "postgresql":
        return list(records.values_list(*columns).distinct())
    quote = connection.ops.quote_name
    meta = records.model._meta
    table = quote(meta.get_field(columns[0]).model._meta.db_table)
    names = [quote(meta.get_field(column).column) for column in columns]
    listed = ", ".join(names)
    found = ", ".join(f"walk.v{index}" for index in range(len(columns)))
    aliases = ", ".join(f"v{index}" for index in range(len(columns)))
    # Some record has the value found: the records' own query for it, its first row.
    # A lateral subquery with a limit, one probe per value; as ``EXISTS`` the planner
    # made it a semi-join that grouped every record (55 ms).
    probe, params = (
        records.filter(
            **{column: RawSQL(f"walk.v{index}", ()) for index, column in enumerate(columns)}
        )
        .values("pk")[:1]
        .query.sql_with_params()
    )
    sql = f"""
        WITH RECURSIVE walk({aliases}) AS (
            (SELECT {listed} FROM {table} ORDER BY {listed} LIMIT 1)
            UNION ALL
            SELECT next.* FROM walk, LATERAL (
                SELECT {listed} FROM {table} WHERE ({listed}) > ({found})
                ORDER BY {listed} LIMIT 1
            ) AS next
        )
        SELECT {aliases} FROM walk, LATERAL ({probe}) AS seen"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _unset(value) -> bool:
    """An empty value, or the empty queryset a multiple-choice field cleans nothing to
    (told without a query), narrows nothing: its set is the listing's own."""
    if isinstance(value, QuerySet):
        return value.query.is_empty()
    return value in EMPTY_VALUES


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    #: Several values may be ticked at once (checkboxes) or only one (radio buttons).
    multiple: bool = True
    #: Counted over this many of the matching records, not all (``FACET_SAMPLE``): each
    #: count is then at least what is shown. 0: counted over every matching record.
    sampled: int = 0
    #: Only the values with the most matches are listed (the rest are reached by the
    #: filter itself), as a long open-ended facet (places) lists.
    cut: bool = False

    @property
    def selected(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]


def selected_values(params: QueryDict, name: str) -> list[str]:
    return [value for value in params.getlist(name) if value]


def choice_facet(
    name: str,
    label: str,
    rows: Iterable[tuple[object, int]],
    labels: dict[str, str],
    params: QueryDict,
    *,
    multiple: bool = True,
    keep_order: bool = False,
) -> Facet:
    """A facet from ``(value, count)`` rows, with ticked values kept even at zero.

    Values are listed in the order of ``labels`` (a vocabulary's own order), unless
    ``keep_order`` keeps the order of the rows (e.g. largest first).
    """
    counts = {str(value): count for value, count in rows if value not in (None, "")}
    chosen = set(selected_values(params, name))
    order = list(counts) if keep_order else [value for value in labels if value in counts]
    order += [value for value in labels if value in chosen and value not in counts]
    values = [
        FacetValue(value, labels.get(value, value), counts.get(value, 0), value in chosen)
        for value in order
    ]
    return Facet(name, label, values, multiple)


def yes_no_facet(name: str, label: str, yes: int, total: int, params: QueryDict) -> Facet:
    chosen = params.get(name, "").lower()
    return Facet(
        name,
        label,
        [
            FacetValue("true", "Yes", yes, chosen in ("true", "1", "yes")),
            FacetValue("false", "No", total - yes, chosen in ("false", "0", "no")),
        ],
        multiple=False,
    )


def grouped_counts(
    queryset: QuerySet, column: str, *, distinct: bool = True
) -> list[tuple[object, int]]:
    """``(value, count)`` for each value of ``column`` in ``queryset``: one query.

    ``distinct`` counts each record once where a filter joins a many-valued relation
    (a venture in two ticked sectors); a listing whose filters never do passes False
    and saves the sort that ``COUNT(DISTINCT …)`` costs.
    """
    count = Count("pk", distinct=distinct)
    return list(queryset.order_by().values_list(column).annotate(count=count))


@dataclass(frozen=True)
class ActiveFilter:
    """One value the visitor has set, with the link that removes it."""

    label: str
    value: str
    remove_url: str


def active_filters(
    params: QueryDict, labels: dict[str, str], names: dict[str, dict[str, str]]
) -> list[ActiveFilter]:
    """Every set parameter in ``labels`` as a removable chip; ``names`` maps values to text."""
    chips = []
    for name, label in labels.items():
        for value in selected_values(params, name):
            rest = params.copy()
            rest.setlist(name, [v for v in params.getlist(name) if v != value])
            rest.pop("page", None)
            query = rest.urlencode()
            text = names.get(name, {}).get(value, value)
            chips.append(ActiveFilter(label, text, f"?{query}" if query else "?"))
    return chips
