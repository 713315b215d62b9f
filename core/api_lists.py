"""What an API list takes beyond its filters: field choice, facets, and strict parameters.

- ``fields=`` / ``omit=`` choose a record's top-level fields (comma-separated or
  repeated); an unknown name is a 400 naming it.
- ``_facet=<name>`` (repeatable, as in Datasette) adds counts per value of a column over
  the filtered list. The work is bounded: at most ``FACET_SCAN`` rows are counted, and a
  facet over more says ``"truncated": true``.
- Every query parameter a view does not know is a 400 naming it, so a misspelt filter
  (``?secter=software``) never silently returns the whole list.
- ``csv_plan``: a resource's CSV columns come from its serializer, not from the rows on
  the page, so every page (and an empty one) has the same header.
- ``without_unread``: the prefetches only fields left out by ``fields=``/``omit=`` read
  are not run.
- ``join_visible``: a related record that may be hidden, joined in the list's own query
  and shown only when visible, so a page costs the same queries whatever its rows link.
- ``lean_representation``: a page's records as the read serializer represents them,
  without DRF's per-row, per-field machinery.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.db.models.manager import BaseManager
from django.db.models.query import ModelIterable
from rest_framework import exceptions, fields, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from core.records import by_key, sees_hidden_records
from core.search import STORED_COLUMNS

#: Rows a facet counts at most; past this it says ``truncated``.
FACET_SCAN = 10_000
#: Values a facet lists at most (the most frequent first).
FACET_VALUES = 30

#: Parameters every list takes besides its FilterSet's.
LIST_PARAMETERS = frozenset({"cursor", "page_size", "count", "fields", "omit", "_facet", "format"})
#: Parameters a single record takes.
DETAIL_PARAMETERS = frozenset({"fields", "omit", "format"})


def names(request, parameter: str) -> list[str]:
    """A list parameter, comma-separated or repeated; blanks ignored."""
    values = request.query_params.getlist(parameter)
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def refuse_unknown(request, allowed) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise exceptions.ValidationError(
            {
                name: ["Unknown parameter; see the schema for this address's parameters."]
                for name in unknown
            }
        )


#: A record's identity: ``fields=`` and ``omit=`` never remove it, so every row a client
#: receives can be matched to its record (as JSON:API's sparse fieldsets keep ``id``).
ALWAYS_RETURNED = ("id",)


def select_fields(serializer: serializers.BaseSerializer, request) -> frozenset[str]:
    """Keep only the fields ``fields=`` names, then drop those ``omit=`` names; the
    record's ``id`` stays whatever they say (``omit=id`` is a 400 saying so).

    Returns the attributes only the dropped fields read (``unread``), so that the rows
    need not load them."""
    target = serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    keep, drop = names(request, "fields"), names(request, "omit")
    if not keep and not drop:
        return frozenset()
    known = list(target.fields)
    errors = {}
    kept = [name for name in drop if name in ALWAYS_RETURNED and name in known]
    if kept:
        errors["omit"] = [
            f"{name!r} identifies the record and is always returned." for name in kept
        ]
    for parameter, given in (("fields", keep), ("omit", drop)):
        unknown = [name for name in given if name not in known]
        if unknown:
            errors.setdefault(parameter, [])
            errors[parameter] += [
                f"Unknown field {name!r}; the fields are: {', '.join(known)}." for name in unknown
            ]
    if errors:
        raise exceptions.ValidationError(errors)
    dropped = []
    for name in known:
        if name in ALWAYS_RETURNED:
            continue
        if (keep and name not in keep) or name in drop:
            dropped.append(target.fields.pop(name))
    return _attributes(dropped) - _attributes(target.fields.values())


def _attributes(chosen) -> frozenset[str]:
    """The record attributes fields read first (a ``SerializerMethodField`` or
    ``source="*"`` reads the record itself, which is always loaded)."""
    return frozenset(field.source_attrs[0] for field in chosen if field.source_attrs)


def without_unread(queryset: QuerySet, unread: frozenset[str]) -> QuerySet:
    """``queryset`` without what only fields left out would read: ``?fields=id,name``
    on ventures loads no roles, citations, sectors or aliases, joins no operator, and
    reads none of the bookkeeping columns (timestamps, version, state) it does not show.

    - A prefetch is dropped when its first attribute (a ``Prefetch``'s ``to_attr`` or its
      relation) is one of ``unread``; a declared join (``join_visible``) when its
      ``to_attr`` is.
    - A bookkeeping column (``DEFERRABLE``) is deferred when a left-out field of the same
      name was its only reader (``select_fields``), unless the list is ordered by it.
      A field still shown never finds what it reads missing.
    """
    if not unread:
        return queryset
    queryset = _without_joins(queryset, unread)
    queryset = _rewrite_prefetches(
        queryset, lambda lookup: None if _prefetched_attribute(lookup) in unread else lookup
    )
    return _without_columns(queryset, unread)


#: The columns a list may leave unread: every record's bookkeeping, which only the
#: fields of the same name show. Not the record's own facts: its methods and properties
#: read those whatever fields are shown (a flow's ``amount_display`` reads its amounts,
#: currency and payment count; a ``url``, its slug).
DEFERRABLE = frozenset({"created_at", "updated_at", "version", "publication_state", "visibility"})


def _without_columns(queryset: QuerySet, unread: frozenset[str]) -> QuerySet:
    """``queryset`` deferring the bookkeeping columns (``DEFERRABLE``) only ``unread``
    fields read: on the venture list asked for the raw-SQL view's fields, five columns a
    row, two of them timestamps to parse (~0.3 ms of 17 ms; the operator's join that
    ``_without_joins`` drops is 1.2 ms, docs/BENCHMARKS.md)."""
    ordered = set()
    for term in queryset.query.order_by:
        term = getattr(term, "expression", term)
        name = getattr(term, "name", term)
        if isinstance(name, str):
            ordered.add(name.lstrip("-").split(LOOKUP_SEP)[0])
    columns = [
        field.name
        for field in queryset.model._meta.concrete_fields
        if field.name in unread
        and field.name in DEFERRABLE
        and not field.primary_key
        and not field.is_relation
        and field.name not in ordered
    ]
    return queryset.defer(*columns) if columns else queryset


def _without_joins(queryset: QuerySet, unread: frozenset[str]) -> QuerySet:
    """``queryset`` without the declared joins (``join_visible``) whose ``to_attr`` only
    fields left out read: neither the join nor its visibility subquery is run."""
    joins = _joins_of(queryset)
    dropped = [join for join in joins if join[2] in unread]
    if not dropped:
        return queryset
    queryset = queryset.all()
    query = queryset.query
    relations = {relation for relation, _, _ in dropped}
    if isinstance(query.select_related, dict):
        kept = {
            name: below for name, below in query.select_related.items() if name not in relations
        }
        query.select_related = kept or False
    flags = {flag for _, flag, _ in dropped}
    for flag in flags:
        query.annotations.pop(flag, None)
    if query.annotation_select_mask is not None:
        query.set_annotation_mask(query.annotation_select_mask - flags)
    query._annotation_select_cache = None
    remaining = tuple(join for join in joins if join[2] not in unread)
    queryset._iterable_class = (
        type("VisibleJoins", (_VisibleJoins,), {"joins": remaining}) if remaining else ModelIterable
    )
    return queryset


#: The columns a related record's row may leave unread when the nested serializer
#: showing it has no field of the name: its timestamps (two to parse a row) and version.
NESTED_DEFERRABLE = frozenset({"created_at", "updated_at", "version"})


def without_unshown_bookkeeping(queryset: QuerySet, serializer: serializers.BaseSerializer):
    """``queryset`` not reading the bookkeeping columns (``NESTED_DEFERRABLE``) of the
    records it joins (``select_related``, ``join_visible``) or prefetches through a
    queryset, where the nested serializer that shows them has no field of that name.

    A flow on the list names its funder and recipient, and lists its conversions, goods
    and citations: 250 related rows a page of 50, each with two timestamps no summary
    shows (~440 timestamps parsed a page, ~1.3 ms of 24 ms). The list's own record is
    ``without_unread``'s. A prefetch named by a plain string is given its related
    model's default queryset, as the related manager would use, with the columns left
    out.
    """
    child = getattr(serializer, "child", serializer)
    shown_by = {f.source_attrs[0]: f for f in child.fields.values() if f.source_attrs}
    joins = {relation: to_attr for relation, _, to_attr in _joins_of(queryset)}
    joined = queryset.query.select_related
    deferred = []
    for relation in joined if isinstance(joined, dict) else ():
        model = queryset.model._meta.get_field(relation).related_model
        unshown = _unshown(model, shown_by.get(joins.get(relation, relation)))
        deferred += [f"{relation}{LOOKUP_SEP}{name}" for name in unshown]
    if deferred:
        queryset = queryset.defer(*deferred)

    def lean(lookup):
        through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        if LOOKUP_SEP in through:
            return lookup
        field = shown_by.get(_prefetched_attribute(lookup))
        nested = getattr(field, "child", field)
        if not isinstance(nested, serializers.BaseSerializer):
            return lookup
        if isinstance(lookup, Prefetch) and lookup.queryset is not None:
            rows = lookup.queryset
        else:
            try:
                rows = queryset.model._meta.get_field(through).related_model._default_manager.all()
            except FieldDoesNotExist:
                return lookup
        kept = without_unshown_bookkeeping(rows, nested)
        unshown = _unshown(rows.model, field)
        if unshown:
            kept = kept.defer(*unshown)
        if kept is rows:
            return lookup
        to_attr = lookup.to_attr if isinstance(lookup, Prefetch) else None
        return Prefetch(through, queryset=kept, to_attr=to_attr)

    return _rewrite_prefetches(queryset, lean)


def _joins_of(queryset: QuerySet) -> tuple:
    """The declared joins (``join_visible``) a queryset's rows carry: (relation, flag,
    to_attr) each."""
    return getattr(queryset._iterable_class, "joins", ())


def _unshown(model, field) -> list[str]:
    """The ``NESTED_DEFERRABLE`` columns of ``model`` that the nested serializer ``field``
    shows no field of (none when ``field`` is not a nested serializer)."""
    nested = getattr(field, "child", field)
    if not isinstance(nested, serializers.BaseSerializer) or not hasattr(nested, "fields"):
        return []
    shown = set(nested.fields)
    shown |= {f.source_attrs[0] for f in nested.fields.values() if f.source_attrs}
    concrete = {f.name for f in model._meta.concrete_fields}
    return sorted((NESTED_DEFERRABLE & concrete) - shown)


def without_stored_search(queryset: QuerySet) -> QuerySet:
    """``queryset`` loading none of the columns search keeps for itself
    (``core.search.STORED_COLUMNS``), for its rows, the records it joins
    (``select_related``) and those it prefetches through a queryset: a party's folded
    names and ``tsvector`` are most of its row, and no list or export shows them.
    Filtering on them (``q``) still works."""
    deferred = []

    def walk(model, prefix: str, joined: dict) -> None:
        concrete = {field.name for field in model._meta.concrete_fields}
        deferred.extend(prefix + name for name in STORED_COLUMNS if name in concrete)
        for relation, below in joined.items():
            walk(model._meta.get_field(relation).related_model, f"{prefix}{relation}__", below)

    joined = queryset.query.select_related
    walk(queryset.model, "", joined if isinstance(joined, dict) else {})
    if deferred:
        queryset = queryset.defer(*deferred)
    return _rewrite_prefetches(queryset, _prefetched_without_stored_search)


def _prefetched_without_stored_search(lookup):
    if not isinstance(lookup, Prefetch) or lookup.queryset is None:
        return lookup
    lean = without_stored_search(lookup.queryset)
    if lean is lookup.queryset:
        return lookup
    return Prefetch(lookup.prefetch_through, queryset=lean, to_attr=lookup.to_attr)


def _prefetched_attribute(lookup) -> str:
    path = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
    return path.split(LOOKUP_SEP, 1)[0]


def _rewrite_prefetches(queryset: QuerySet, rewrite: Callable) -> QuerySet:
    """``queryset`` with each prefetch lookup as ``rewrite(lookup)`` gives it (None drops
    it); the same queryset when nothing changes."""
    before = queryset._prefetch_related_lookups
    after = [new for new in map(rewrite, before) if new is not None]
    if len(after) == len(before) and all(a is b for a, b in zip(after, before, strict=True)):
        return queryset
    return queryset.prefetch_related(None).prefetch_related(*after)


#: Where a list's prefetched many-valued relation is kept as a plain list
#: (``as_plain_lists``): ``_listed_sectors`` for ``sectors``.
LISTED = "_listed_"


def plain_lists(serializer: serializers.BaseSerializer) -> frozenset[str]:
    """The relations a plan of ``serializer`` (a list's, or a record's as the dump
    plans it) reads as nested lists straight from the prefetch (``_reads_prefetch``) and
    represents itself: the only ones ``as_plain_lists`` may keep as lists."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    return frozenset(
        field.source_attrs[0]
        for field in serializer.fields.values()
        if _reads_prefetch(field)
        and type(field).to_representation is serializers.ListSerializer.to_representation
    )


def as_plain_lists(queryset: QuerySet, names: frozenset[str]) -> QuerySet:
    """``queryset`` with each prefetched many-valued relation of its own kept as a list.

    Django keeps a prefetched relation as a queryset per record, built through the
    record's related manager (``_apply_rel_filters``: a clone and a filter per row, about
    3 ms for a relation over 50 rows); with ``to_attr`` it sets a plain list instead. A
    list's plan (``representation_plan``) reads ``_listed_<name>`` first, so the list
    pays for no manager, and every other reader (a detail, the dump, the feed, a page)
    still finds the relation where it always was. Only the relations of ``names``
    (``plain_lists``: read by the plan, nothing else) are kept so; nested and
    single-valued lookups, and those with a ``to_attr`` of their own, stay as they are.
    """

    def as_list(lookup):
        through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        own = not isinstance(lookup, Prefetch) or lookup.to_attr is None
        plain = through in names and LOOKUP_SEP not in through
        if not (own and plain and _many_valued(queryset.model, through)):
            return lookup
        rows = lookup.queryset if isinstance(lookup, Prefetch) else None
        return Prefetch(through, queryset=rows, to_attr=LISTED + through)

    return _rewrite_prefetches(queryset, as_list) if names else queryset


def lean_prefetches(queryset: QuerySet) -> QuerySet:
    """``queryset`` with each of its prefetched lists of rows (a one-level ``Prefetch``
    with a ``to_attr``, as ``as_plain_lists`` leaves them) read by the page itself: rows
    whose foreign key points at the record (a flow's conversions, goods and citations),
    or the records a many-to-many of its own links (a venture's sectors).

    Django's prefetch reads such a list in one query too, but builds it through the
    related manager: a filter ``flow__in=[…]`` whose every row is checked and turned into
    a parameter, the manager's own queryset, and the bookkeeping of a prefetch that may
    go several levels deep; about a tenth of a list's time (docs/BENCHMARKS.md). Here
    each list is one query of its rows among the page's keys, as one array
    (``__among``), sorted to their records in Python; a row that points at its record
    has the record cached, as Django caches it. The rows, their order and the number of
    queries are the prefetch's.
    """
    lean, kept = [], []
    for lookup in queryset._prefetch_related_lookups:
        reader = _lean_reader(queryset.model, lookup)
        if reader is None:
            kept.append(lookup)
        else:
            lean.append(reader)
    if not lean:
        return queryset
    queryset = queryset.prefetch_related(None).prefetch_related(*kept)
    base = queryset._iterable_class
    queryset._iterable_class = type(
        f"Lean{base.__name__}", (_LeanPrefetches, base), {"lean": tuple(lean)}
    )
    return queryset


#: The annotation that says which record a many-to-many row was read for.
_OWNER = "_lean_owner"


def _lean_reader(model, lookup) -> tuple | None:
    """How ``lean_prefetches`` reads ``lookup``: (``to_attr``, the rows, the filter on
    the page's keys, the attribute giving each row's record, the foreign key to cache
    the record on or None); None when it is left to Django."""
    if not isinstance(lookup, Prefetch) or lookup.to_attr is None:
        return None
    if LOOKUP_SEP in lookup.prefetch_through:
        return None
    try:
        relation = model._meta.get_field(lookup.prefetch_through)
    except FieldDoesNotExist:
        return None
    rows = lookup.queryset
    if rows is not None and rows.query.is_sliced:
        return None  # the first few of each record's: Django's own windowed prefetch
    if relation.one_to_many:
        field = relation.field
        if not _targets_primary_key(model, field.target_field):
            return None
        rows = field.model._default_manager.all() if rows is None else rows
        rows = _ordered_by_own_column(rows, field)
        return (lookup.to_attr, rows, f"{field.name}__among", field.attname, field)
    if relation.many_to_many and not relation.auto_created and relation.model is model:
        # A many-to-many field of the record's own (not one reached backwards), through
        # Django's own table: the rows joined to it once, named by their record.
        if not relation.remote_field.through._meta.auto_created:
            return None
        path = relation.related_query_name()
        rows = relation.related_model._default_manager.all() if rows is None else rows
        return (lookup.to_attr, rows, path, _OWNER, None)
    return None


def _ordered_by_own_column(rows: QuerySet, field) -> QuerySet:
    """``rows`` in their own order, where a term naming the foreign key ``field`` (a
    conversion's ``ordering = ["flow", "from_amount"]``) names its column instead.

    Ordered by the relation, Django joins the record's table to sort by the record's own
    order; the rows are sorted to their records in Python anyway, so only the order
    within one record counts, and the column gives the same. The join cost a page of 50
    flows 0.5-1 ms a list (its conversions and its goods, docs/BENCHMARKS.md)."""
    query = rows.query
    ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    by_column = [
        term.replace(field.name, field.attname, 1)
        if isinstance(term, str) and term.lstrip("-") == field.name
        else term
        for term in ordering
    ]
    return rows.order_by(*by_column) if by_column != list(ordering) else rows


def _targets_primary_key(model, target) -> bool:
    pk = model._meta.pk
    return target == pk or target.model is getattr(pk, "related_model", None)


class _LeanPrefetches(ModelIterable):
    """Rows with the lists ``lean_prefetches`` took over read for the whole page."""

    #: How each list is read (``_lean_reader``).
    lean: tuple = ()

    def __iter__(self):
        # A batch at a time, as ``QuerySet.iterator()`` prefetches per chunk: a page is
        # one batch, a whole table streamed (an export) never held at once.
        rows = iter(super().__iter__())
        while batch := list(islice(rows, LEAN_BATCH)):
            keys = [row.pk for row in batch]
            for to_attr, rows_of, among, owner, field in self.lean:
                by_record: dict = {}
                for related in _read(rows_of, among, owner, keys):
                    by_record.setdefault(getattr(related, owner), []).append(related)
                for row in batch:
                    found = by_record.get(row.pk, [])
                    if field is not None:
                        for related in found:
                            field.set_cached_value(related, row)
                    row.__dict__[to_attr] = found
            yield from batch


def _read(rows: QuerySet, among: str, owner: str, keys: list) -> QuerySet:
    if owner == _OWNER:  # a many-to-many: ``among`` is the path back to the record
        return rows.filter(**{f"{among}__among": keys}).annotate(**{_OWNER: F(among)})
    return rows.filter(**{among: keys})


#: Rows whose nested lists ``lean_prefetches`` reads at once: more than any page holds.
LEAN_BATCH = 1_000


def _many_valued(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(field.many_to_many or field.one_to_many)


# Declared joins --------------------------------------------------------------------


class _VisibleJoins(ModelIterable):
    """Rows with each joined relation copied to its ``to_attr`` when its flag says the
    reader may see it, and None when not."""

    joins: tuple[tuple[str, str, str], ...] = ()

    def __iter__(self):
        for row in super().__iter__():
            for relation, flag, to_attr in self.joins:
                shown = getattr(row, flag) is not None
                setattr(row, to_attr, getattr(row, relation) if shown else None)
            yield row


def join_visible(queryset: QuerySet, relation: str, visible: QuerySet, to_attr: str) -> QuerySet:
    """``queryset`` with the record ``relation`` links to in ``to_attr``, or None if it
    is not in ``visible`` (the related model's ``visible_to(user)``).

    What a ``Prefetch(relation, visible, to_attr=...)`` gives, but in the list's own
    query (a join, and a lookup by primary key in the visible rows asking whether it
    may be shown): a prefetch with no ids to look up runs no query, so a page whose rows
    link nothing would cost a query less than one whose rows do. The rule of who sees
    what stays the related model's ``visible_to``.
    """
    flag = f"{to_attr}_shown"
    # A scalar subquery, looked up by primary key for each row of the page: PostgreSQL
    # would turn an EXISTS into a hash of every visible row, built before the LIMIT.
    shown = by_key(visible, relation)
    queryset = queryset.select_related(relation).annotate(**{flag: shown})
    joins = (*_joins_of(queryset), (relation, flag, to_attr))
    queryset._iterable_class = type("VisibleJoins", (_VisibleJoins,), {"joins": joins})
    return queryset


# Lean lists ------------------------------------------------------------------------


def lean_representation(serializer: serializers.ListSerializer, key: tuple | None = None) -> list:
    """``serializer.data`` of a list, the same JSON, at a fraction of the cost.

    DRF represents each row by walking its serializer's fields, asking each for its
    attribute and its representation, and builds every nested serializer's fields anew
    for every request; at fifty records with citations, roles and summaries that is
    most of a list's time (docs/BENCHMARKS.md). Here the read serializer, as
    ``fields=``/``omit=`` left it, is turned once per request into plain functions:
    each field's own ``get_attribute`` and representation, except that a nested record
    or list is represented by its own plan, a ``SerializerMethodField`` calls its method
    directly, and integers and text are converted as DRF would (``int``, ``str``).
    Anything else keeps its field's ``to_representation``, so the output cannot drift
    from the detail's (``tests/api/test_lean_lists.py`` compares them on every resource).

    With the ``key`` of a serializer ``kept_list`` gave, its plan was made once per key
    and process thread and is kept: building a serializer's fields and its plan is
    about 2 ms a request. The kept plan reads the request from the serializer's context,
    which ``kept_list`` set for this request.
    """
    kept = _plans.__dict__.get("plans", {}).get(key) if key is not None else None
    if kept is not None and kept[0] is serializer:
        represent = kept[1]
    else:
        represent = representation_plan(serializer.child)
    return [represent(row) for row in serializer.instance]


def kept_list(
    serializer: serializers.ListSerializer, request
) -> tuple[serializers.ListSerializer, frozenset[str], tuple | None]:
    """A list's serializer as ``fields=``/``omit=`` trim it (``select_fields``), what
    only the fields they left out read, and its ``plan_key``.

    A key already planned in this thread gives its kept serializer, already trimmed, with
    this request's context: a list asking again for the same fields builds no fields
    (DRF's ``get_fields`` and every nested serializer's, ~3-4 ms on ventures). Only a valid choice
    is kept: an unknown field is a 400 every time. ``release`` the serializer after its
    response, so that no request or page stays alive with it.
    """
    key = plan_key(serializer, request)
    if key is None:
        return serializer, select_fields(serializer, request), None
    plans = _plans.__dict__.setdefault("plans", {})
    if key not in plans:
        _keep(plans, key, serializer, select_fields(serializer, request))
    root = plans[key][0]
    root._context = serializer._context
    return root, root.unread, key


def release(serializer: serializers.ListSerializer) -> None:
    """Drop what a kept serializer held for one response: its request, page and data."""
    serializer._context, serializer.instance = {}, None
    serializer.__dict__.pop("_data", None)


def _keep(plans: dict, key: tuple, serializer, unread: frozenset[str]) -> None:
    if len(plans) >= MAX_PLANS:
        plans.clear()  # ``fields=`` choices are many: keep memory bounded
    serializer.unread = unread
    plans[key] = (serializer, representation_plan(serializer.child))


#: The plans already made, per thread and ``plan_key``, by ``kept_list``: each the
#: trimmed serializer (with its ``unread``) and its plan.
_plans = threading.local()
#: Plans kept per thread at most.
MAX_PLANS = 200


def plan_key(serializer: serializers.ListSerializer, request) -> tuple | None:
    """What a list's plan depends on besides its serializer class: the fields the request
    chooses, who reads (a serializer's ``get_fields`` may drop a field for the public:
    a source's text), and the context's own entries (a source list's ``full_text``).
    None when the context holds something that cannot be a key."""
    user = request.user
    reader = (user.is_authenticated, user.is_staff, sees_hidden_records(user))
    extra = tuple(
        sorted(
            (name, value)
            for name, value in serializer._context.items()
            if name not in ("request", "view", "format")
        )
    )
    chosen = (frozenset(names(request, "fields")), frozenset(names(request, "omit")))
    key = (type(serializer.child), *chosen)
    key = (*key, reader, extra)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def representation_plan(serializer: serializers.BaseSerializer) -> Callable:
    """``serializer.to_representation`` as one function of a record, built once: what
    ``lean_representation`` gives a list's page, and the JSON Lines dump every row."""
    if type(serializer).to_representation is not serializers.Serializer.to_representation:
        return serializer.to_representation  # a representation of its own: keep it
    steps = [
        (field.field_name, _attribute_getter(field), _converter(field))
        for field in serializer._readable_fields
    ]

    def represent(instance) -> dict:
        row = {}
        for name, attribute_of, convert in steps:
            try:
                value = attribute_of(instance)
            except SkipField:
                continue
            if value is None or (type(value) is PKOnlyObject and value.pk is None):
                row[name] = None
            else:
                row[name] = convert(value)
        return row

    return represent


def _attribute_getter(field: fields.Field) -> Callable:
    """The field's ``get_attribute``; for a nested list the selector prefetched, the
    prefetched rows themselves (what ``manager.all()`` returns, without building a
    related manager and its filters for every row)."""
    attribute_of = field.get_attribute
    if type(field).get_attribute is not fields.Field.get_attribute:
        return attribute_of  # a related field's own rules
    if not field.source_attrs:
        return _itself  # source="*", as a SerializerMethodField reads its record
    if len(field.source_attrs) != 1:
        return attribute_of
    name = field.source_attrs[0]
    if _reads_prefetch(field):

        def prefetched(instance):
            listed = instance.__dict__.get(LISTED + name)
            if listed is not None:
                return listed  # as_plain_lists
            try:
                return instance._prefetched_objects_cache[name]
            except (AttributeError, KeyError):
                return attribute_of(instance)

        return prefetched

    def attribute(instance):
        # A plain attribute as DRF reads it; anything else (a callable, a missing
        # attribute, a mapping) is left to DRF's own rules.
        try:
            value = getattr(instance, name)
        except Exception:
            return attribute_of(instance)
        return attribute_of(instance) if callable(value) else value

    return attribute


def _reads_prefetch(field: fields.Field) -> bool:
    """Whether a plan reads ``field``, a nested list of one plain attribute, straight from
    its record's prefetch (``_attribute_getter``)."""
    return (
        isinstance(field, serializers.ListSerializer)
        and type(field).get_attribute is fields.Field.get_attribute
        and len(field.source_attrs) == 1
    )


def _itself(instance):
    return instance


def _converter(field: fields.Field) -> Callable:
    kind = type(field)
    if isinstance(field, serializers.ListSerializer):
        if kind.to_representation is not serializers.ListSerializer.to_representation:
            return field.to_representation
        child = representation_plan(field.child)

        def represent_list(data) -> list:
            items = data.all() if isinstance(data, BaseManager) else data
            return [child(item) for item in items]

        return represent_list
    if isinstance(field, serializers.BaseSerializer):
        return representation_plan(field)
    if kind.to_representation is fields.SerializerMethodField.to_representation:
        return getattr(field.parent, field.method_name)
    if kind.to_representation is fields.IntegerField.to_representation:
        return int
    if kind.to_representation is fields.CharField.to_representation:
        return str
    return field.to_representation


# CSV -------------------------------------------------------------------------------


def csv_plan(serializer: serializers.BaseSerializer) -> dict:
    """The columns a serializer's rows flatten to: a nested record becomes dotted columns
    (``funder.name``), anything else one column."""
    target = serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer
    plan = {}
    for name, field in target.fields.items():
        if isinstance(field, serializers.Serializer):
            plan[name] = csv_plan(field)
        else:
            plan[name] = None
    return plan


def plan_columns(plan: dict, prefix: str = "") -> list[str]:
    columns = []
    for name, sub in plan.items():
        if sub is None:
            columns.append(f"{prefix}{name}")
        else:
            columns.extend(plan_columns(sub, f"{prefix}{name}."))
    return columns


# Facets ----------------------------------------------------------------------------


def facet_counts(queryset: QuerySet, facets: dict[str, str], request) -> dict | None:
    """Counts per value of each facet asked for, over the filtered ``queryset``."""
    asked = names(request, "_facet")
    if not asked:
        return None
    unknown = [name for name in asked if name not in facets]
    if unknown:
        choices = ", ".join(facets) or "none"
        raise exceptions.ValidationError(
            {
                "_facet": [
                    f"Cannot facet by {name!r}; this list facets by: {choices}." for name in unknown
                ]
            }
        )
    # The first FACET_SCAN rows of the filtered list, as a subquery each facet groups.
    keys = queryset.order_by("pk").values("pk")
    scanned = queryset.model._base_manager.filter(pk__in=keys[:FACET_SCAN])
    truncated = queryset.order_by("pk")[FACET_SCAN : FACET_SCAN + 1].exists()
    result = {}
    for name in dict.fromkeys(asked):
        column = facets[name]
        rows = (
            scanned.values(column)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", column)[:FACET_VALUES]
        )
        result[name] = {
            "results": [{"value": row[column], "count": row["count"]} for row in rows],
            "truncated": truncated,
        }
    return result
