"""The changes feed's transactional outbox: what an anonymous mirror must apply, in order.

The contract (DESIGN.md, "Change feed"): a client that applies every event from the
start, or from a dump's cursor, holds exactly what a fresh anonymous dump holds, and no
anonymous observation changes when only hidden records change.

How it is kept:

1. **Marking.** A save, delete or many-to-many change of a tracked model marks *keys*,
   ``(resource, id)``, on its database connection: the record itself and the records
   that show it (a flow names its funder, a citation its record). Domain apps declare
   this with ``track``; core knows no model. Foreign keys a row pointed at when it was
   loaded are remembered (``watch``), so a flow moved to another funder marks both.
2. **Diff.** At commit, each marked key is rendered as an anonymous reader gets it (the
   function given to ``represent_with``: the API's own serializers) and compared, by
   digest, with its row in ``FeedEvent``. Only a difference writes: ``upsert`` with the
   new representation, or ``remove`` for a record that was public and no longer is. A
   hidden-only edit therefore writes nothing, a record never public never gets a
   ``remove``, and a record has at most one row (the older is deleted: log compaction).
3. **Fan-out.** Where a record's *face* changed (whether it is public, its name as others
   print it, its kind), the records that show it or depend on it, as the domain apps
   declare with ``expand`` (a person's flows, roles and their other ends, a place's
   ventures, a source's citations and what they back, any record's citations), are
   rendered and diffed in turn, until nothing more changes (``propagate``). A person
   unpublished thus removes its flows, roles and citations and changes the totals of the
   ventures those flows fund; a description edit re-renders the person alone. A delete
   marks its dependents before the rows go (``pre_delete``), while its links still exist.
4. **In the same transaction.** The diff runs just before ``COMMIT``, on the connection
   that made the change (``commit`` is wrapped the first time a connection marks a key),
   so the change and its events commit or roll back together, and a transaction's
   intermediate states never reach the feed. A reader on the same connection flushes its
   own pending keys first, so a test (or a view) that reads inside its own transaction
   sees its writes.
5. **Positions safe to read past.** On PostgreSQL the flush takes a transaction-level
   advisory lock (``pg_advisory_xact_lock``) before it reads or writes: outbox writers go
   one at a time from their flush to their commit, so positions are allocated in commit
   order and every row below a committed row is already committed or rolled back. A
   reader that resumes after the last position it saw can never skip a transaction that
   commits late (the "late commit" that a time-ordered cursor loses). This is the
   ordered-commit answer to the gap problem of sequence-ordered outboxes; the other
   standard one, serving only rows below ``pg_snapshot_xmin(pg_current_snapshot())`` as
   PgQ does with txid snapshots, would let writers overlap but needs a cursor made of
   snapshots. The lock is held only from the flush to the commit, the end of the
   transaction. SQLite serialises writers by itself.

Writes that bypass the ORM's signals (raw SQL, ``QuerySet.update``) are not seen;
``reconcile()`` diffs every record and repairs the feed after them.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Min, Model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

from core.models import FeedEvent, FeedOp
from core.records import now

Key = tuple[str, int]
Keys = Callable[[Model, dict], Iterable[Key]]
Expander = Callable[[set[Key]], Iterable[Key]]

#: Any 64-bit number no other part of the project uses as an advisory lock key.
LOCK_KEY = 0x6F7574626F78  # "outbox"
CHUNK = 500


@dataclass(frozen=True)
class Tracked:
    """How a model's rows mark keys: ``name`` is the resource (or a name given to
    ``resolve_with``) that an id of this model stands for."""

    name: str
    keys: Keys
    watch: tuple[str, ...]


_TRACKED: dict[type[Model], Tracked] = {}
_EXPANDERS: list[Expander] = []
_RESOLVERS: dict[str, Callable[[set[int]], Iterable[Key]]] = {}
_REPRESENTER: dict[str, str] = {}


def track(model: type[Model], name: str, keys: Keys | None = None, watch=()) -> None:
    """Mark ``keys(instance, was)`` whenever a row of ``model`` (or a subclass) changes.

    ``was`` holds the ``watch`` attributes as the row was loaded; without ``keys`` a row
    marks ``(name, pk)``.
    """
    _TRACKED[model] = Tracked(name, keys or (lambda row, was: [(name, row.pk)]), tuple(watch))
    _lookup.cache.clear()
    if watch:
        post_init.connect(_remember, sender=model, weak=False)


def expand(function: Expander) -> None:
    """``function(keys)`` gives the records that show (or depend on) any of ``keys``."""
    _EXPANDERS.append(function)


def resolve_with(name: str, function: Callable[[set[int]], Iterable[Key]]) -> None:
    """Keys named ``name`` (e.g. "party") are turned into resources by ``function``."""
    _RESOLVERS[name] = function


def represent_with(path: str) -> None:
    """The dotted path of ``represent(resource, ids) -> {id: (data, face)}``: each record
    an anonymous reader may see, and what others show of it (see ``propagate``)."""
    _REPRESENTER["path"] = path


# Marking -----------------------------------------------------------------------------


def _lookup(model: type[Model]) -> Tracked | None:
    if model not in _lookup.cache:
        _lookup.cache[model] = next((_TRACKED[c] for c in model.__mro__ if c in _TRACKED), None)
    return _lookup.cache[model]


_lookup.cache = {}


def _remember(sender, instance, **kwargs) -> None:
    tracked = _lookup(type(instance))
    # Only what was loaded: reading a deferred field (a row fetched with ``only()``) would
    # fetch the row again, whose post_init would read it again, without end.
    loaded = instance.__dict__
    instance._outbox_was = {name: loaded[name] for name in tracked.watch if name in loaded}


def mark(using: str, keys: Iterable[Key]) -> None:
    """Note ``keys`` as changed in the current transaction of connection ``using``."""
    connection = connections[using]
    _install(connection)
    connection.__dict__.setdefault("_outbox_pending", set()).update(keys)
    if not connection.in_atomic_block:
        # Autocommit: the write has committed on its own; there is no transaction to join.
        flush(using)


def _changed(instance, using: str) -> None:
    tracked = _lookup(type(instance))
    if tracked is None:
        return
    was = getattr(instance, "_outbox_was", {})
    mark(using, tracked.keys(instance, was))
    # Only what was loaded: reading a deferred field (a row fetched with ``only()``) would
    # fetch the row again, whose post_init would read it again, without end.
    loaded = instance.__dict__
    instance._outbox_was = {name: loaded[name] for name in tracked.watch if name in loaded}


def _saved(sender, instance, using, **kwargs) -> None:
    _changed(instance, using)


def _deleting(sender, instance, using, **kwargs) -> None:
    """Before a delete, while its links still exist: a cascade removes many-to-many rows
    and ``SET_NULL`` updates rows without a signal, so the dependents are found now."""
    tracked = _lookup(type(instance))
    if tracked is not None:
        direct = _resolve(set(tracked.keys(instance, getattr(instance, "_outbox_was", {}))))
        mark(using, direct | _dependents(direct))


def _deleted(sender, instance, using, **kwargs) -> None:
    _changed(instance, using)


def _linked(sender, instance, action, reverse, model, pk_set, using, **kwargs) -> None:
    """A many-to-many change marks both sides (a venture's sectors, a source's authors)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    other = _lookup(model)
    if action == "pre_clear":
        pk_set = _linked_ids(sender, instance, model)
    _changed(instance, using)
    if other is not None:
        mark(using, [(other.name, pk) for pk in pk_set or ()])


def _linked_ids(through: type[Model], instance: Model, model: type[Model]) -> set[int]:
    own = other = None
    for field in through._meta.fields:
        if not field.is_relation:
            continue
        if field.related_model is model and other is None:
            other = field
        elif isinstance(instance, field.related_model):
            own = field
    rows = through.objects.filter(**{own.attname: instance.pk})
    return set(rows.values_list(other.attname, flat=True))


post_save.connect(_saved, weak=False, dispatch_uid="core.outbox.saved")
pre_delete.connect(_deleting, weak=False, dispatch_uid="core.outbox.deleting")
post_delete.connect(_deleted, weak=False, dispatch_uid="core.outbox.deleted")
m2m_changed.connect(_linked, weak=False, dispatch_uid="core.outbox.linked")


def _install(connection) -> None:
    """Flush before this connection commits; forget on rollback (see the docstring)."""
    if "_outbox_installed" in connection.__dict__:
        return
    commit, rollback = connection.commit, connection.rollback

    def rollback_and_forget():
        connection.__dict__.pop("_outbox_pending", None)
        rollback()

    def flush_and_commit():
        if connection.__dict__.get("_outbox_pending"):
            try:
                flush(connection.alias)
            except Exception:
                # The change and its events go together, or neither does.
                rollback_and_forget()
                raise
        commit()

    connection.commit = flush_and_commit
    connection.rollback = rollback_and_forget
    connection._outbox_installed = True


# Flushing ----------------------------------------------------------------------------


def flush(using: str | None = None) -> int:
    """Write the events of the keys marked on ``using``; returns how many were written."""
    using = using or router.db_for_write(FeedEvent) or DEFAULT_DB_ALIAS
    connection = connections[using]
    keys = connection.__dict__.pop("_outbox_pending", None)
    if not keys:
        return 0
    with transaction.atomic(using=using):
        _serialise_writers(connection)
        return propagate(keys, using)


def _serialise_writers(connection) -> None:
    """Outbox writers take turns from here to their commit (see the module docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _resolve(keys: set[Key]) -> set[Key]:
    named: dict[str, set[int]] = defaultdict(set)
    resolved = set()
    for resource, pk in keys:
        if pk is None:
            continue
        if resource in _RESOLVERS:
            named[resource].add(pk)
        else:
            resolved.add((resource, pk))
    for name, ids in named.items():
        resolved.update(_RESOLVERS[name](ids))
    return resolved


def propagate(keys: set[Key], using: str) -> int:
    """Render the marked keys; where a record's *face* changed, render its dependents
    too, and so on until nothing more changes. Returns the number of events written.

    A record's face is what other records show of it or decide by: whether it is
    public, its name as others print it (``str``), its kind, a source's article URL.
    A change that leaves the face alone (a person's description) reaches no one else,
    so it costs one record's rendering, not its whole neighbourhood's.
    """
    rendered: set[Key] = set()
    frontier = _resolve(set(keys))
    written = 0
    while frontier:
        rendered |= frontier
        count, changed_faces = write_events(frontier, using)
        written += count
        frontier = _resolve(_dependents(changed_faces)) - rendered
    return written


def _dependents(keys: set[Key]) -> set[Key]:
    found = set()
    for function in _EXPANDERS:
        found |= _each_batch(function, keys)
    return found


def _each_batch(function: Expander, keys: set[Key]) -> set[Key]:
    """``function`` over ``keys`` in batches, so no query binds more ids than SQLite takes."""
    found = set()
    for batch in _chunks(sorted(keys, key=lambda key: (key[0], key[1] or 0))):
        found.update(function(set(batch)))
    return found


def digest(data) -> str:
    return hashlib.sha256(canonical(data).encode()).hexdigest()


def canonical(data) -> str:
    return json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))


def write_events(keys: set[Key], using: str) -> tuple[int, set[Key]]:
    """Diff each key's anonymous representation with its row; write what differs.

    Returns how many events were written and the keys whose face changed.
    """
    represent = import_string(_REPRESENTER["path"])
    by_resource: dict[str, set[int]] = defaultdict(set)
    for resource, pk in keys:
        by_resource[resource].add(pk)
    moment = now()
    new, stale, changed_faces = [], [], set()
    events = FeedEvent.objects.using(using)
    for resource in sorted(by_resource):
        for ids in _chunks(sorted(by_resource[resource])):
            shown = represent(resource, set(ids))
            rows = events.filter(resource=resource, public_id__in=ids).only("op", "digest", "face")
            existing = {row.public_id: row for row in rows}
            for pk in ids:
                row = existing.get(pk)
                event = _event(resource, pk, shown.get(pk), row, moment)
                if event is None:
                    continue
                new.append(event)
                if row is not None:
                    stale.append(row.pk)
                if event.face != (row.face if row and row.op == FeedOp.UPSERT else ""):
                    changed_faces.add((resource, pk))
    for positions in _chunks(stale):
        events.filter(pk__in=positions).delete()
    events.bulk_create(new, batch_size=CHUNK)
    return len(new), changed_faces


def _event(resource, pk, shown, row, moment) -> FeedEvent | None:
    """The event for one key, or None if the feed already says what is true."""
    if shown is not None:
        data, face = shown
        data = json.loads(canonical(data))
        value = digest(data)
        if row is not None and row.op == FeedOp.UPSERT and row.digest == value:
            return None
        return FeedEvent(
            resource=resource, public_id=pk, op=FeedOp.UPSERT, data=data, digest=value,
            face=digest(face), changed_at=moment,
        )  # fmt: skip
    if row is not None and row.op == FeedOp.UPSERT:
        return FeedEvent(resource=resource, public_id=pk, op=FeedOp.REMOVE, changed_at=moment)
    return None


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reconcile(every: Callable[[], Iterable[Key]], using: str | None = None) -> int:
    """Diff ``every()`` key (each record an anonymous reader may see) and every record
    the feed holds as public, in batches: for writes no signal saw (raw SQL, ``COPY``,
    a generator). Returns the number of events written."""
    using = using or router.db_for_write(FeedEvent) or DEFAULT_DB_ALIAS
    connection = connections[using]
    with transaction.atomic(using=using):
        _serialise_writers(connection)
        known = FeedEvent.objects.using(using).filter(op=FeedOp.UPSERT)
        keys = set(every()) | set(known.values_list("resource", "public_id"))
        return sum(write_events(set(batch), using)[0] for batch in _chunks(sorted(keys)))


# Reading -----------------------------------------------------------------------------


def _reader(using: str | None) -> str:
    using = using or router.db_for_write(FeedEvent) or DEFAULT_DB_ALIAS
    flush(using)  # this connection's own uncommitted changes, if it has any
    return using


def events_after(position: int, limit: int, resources=None, using=None) -> list[FeedEvent]:
    """Up to ``limit`` events after ``position``, in order."""
    rows = FeedEvent.objects.using(_reader(using)).filter(position__gt=position)
    if resources:
        rows = rows.filter(resource__in=resources)
    return list(rows.order_by("position")[:limit])


def latest(using=None) -> tuple[int, datetime | None]:
    """The last position written and when it was written: two indexed MAXes.

    Written as SQL rather than an ORM aggregate: the statement never changes, and every
    public list, detail and 304 reads it first, for its ETag (``core.api``); compiling
    it was a twentieth of an API list's time.
    """
    connection = connections[_reader(using)]
    quote = connection.ops.quote_name
    meta = FeedEvent._meta
    position, moment = (quote(meta.get_field(name).column) for name in ("position", "changed_at"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({position}), MAX({moment}) FROM {quote(meta.db_table)}")
        last, changed = cursor.fetchone()
    return last or 0, as_datetime(changed)


def as_datetime(value) -> datetime | None:
    """A time read by raw SQL, aware: SQLite hands raw aggregates back as naive text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def head(using=None) -> int:
    """The last position written: a cursor that skips everything up to now."""
    return latest(using)[0]


def position_before(moment: datetime, using=None) -> int:
    """A position just before the first event at or after ``moment``."""
    rows = FeedEvent.objects.using(_reader(using)).filter(changed_at__gte=moment)
    first = rows.aggregate(first=Min("position"))["first"]
    return first - 1 if first is not None else head(using)


def last_public_change(using=None) -> datetime | None:
    """When anything an anonymous reader can see last changed (for ``Last-Modified``)."""
    return latest(using)[1]
