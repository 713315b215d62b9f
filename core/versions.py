"""Optimistic locking: no save or delete silently overwrites a change made since the
record was read.

Every table an archivist or integrator edits carries ``version``, an integer that each
save raises by one. A save of a record read from the database is the statement
``UPDATE … SET version = v + 1 … WHERE id = … AND version = v``: the check and the write
are one statement, so of two concurrent saves of version ``v`` exactly one matches a
row (PostgreSQL makes the second wait for the first's lock, then finds the row changed).
The other raises ``RecordChanged`` and writes nothing. A delete first claims the row the
same way.

Forms and the API carry the version their user read (the admin's hidden
``opened_version``, the API's ``ETag``) and put it on the instance before saving, so the
check covers the whole time between reading and writing, not only one request.

A row that is part of a record (a party's or place's aliases, a flow's conversions and
goods: the rows an API write replaces with the record) claims that record's version when
it is saved or deleted, so a change to the part is a change to the whole: a write that
read the record before it is refused, and the record's row lock keeps two writers of the
same record's parts in turn.

Rows written raw (``loaddata``, a restore) are not read first and are not checked: they
replace the row with what the file says, version included.

We wrote this rather than use django-concurrency: it offers the same guarded UPDATE,
but its admin integration covers neither inline rows nor django-simple-history's
revert form, and its messages do not say who changed the record and when.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models, router, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from core.loading import load


class RecordChanged(Exception):
    """A save or delete found the record changed (or deleted) since it was read.

    Nothing was written; as after any failed save, the surrounding transaction must be
    rolled back (to a savepoint, ``transaction.atomic()``, if the caller goes on).
    """

    def __init__(self, record: models.Model, read_version: int | None):
        self.record = record
        self.read_version = read_version
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} changed since version {read_version}"
        )


class Versioned(models.Model):
    """A ``version`` column that every save checks and raises (see the module docstring)."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save; a save of an older version is refused.",
    )

    #: The foreign key to the record this row is part of, if any (see the module
    #: docstring): saving or deleting the row claims that record's version first.
    part_of: str | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A save of some fields still raises the version, or a second writer of other
        # fields would not notice it.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        with transaction.atomic(using=router.db_for_write(type(self)), savepoint=False):
            self.claim_whole()
            super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        # Built at the cost of its columns, not through ``__init__`` (``core.loading``).
        return load(cls, db, field_names, values)

    def claim_whole(self) -> None:
        """Claim the record this row is part of (see ``part_of``)."""
        if self.part_of is not None:
            whole = getattr(self, self.part_of)
            if whole is not None and whole.pk is not None:
                whole.claim()

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        field = self._meta.get_field("version")
        # A multi-table child saves its parent's table first; the version lives there.
        if base_qs.model._meta.concrete_model is not field.model._meta.concrete_model or (
            self._state.adding
        ):
            # Not read from the database (loaddata, a restore, a row given its pk):
            # written as it is, like any raw row.
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        read = self.version
        values = [(f, m, read + 1 if f is field else v) for f, m, v in values]
        updated = super()._do_update(
            base_qs.filter(version=read), using, pk_val, values, update_fields, True
        )
        if not updated:
            raise RecordChanged(self, read)
        self.version = read + 1
        return True

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(type(self)), savepoint=False):
            self.claim_whole()
            if self.pk is not None and not self._state.adding:
                self.claim()
            return super().delete(*args, **kwargs)

    def claim(self) -> None:
        """Raise the version if it is still the one read, or raise ``RecordChanged``.

        The row stays locked until the transaction ends, so nobody changes it between
        this check and the write that follows.
        """
        owner = self._meta.get_field("version").model._meta.concrete_model
        read = self.version
        claimed = owner._base_manager.filter(pk=self.pk, version=read).update(
            version=F("version") + 1
        )
        if not claimed:
            raise RecordChanged(self, read)
        self.version = read + 1


def stored_version(record: models.Model) -> int | None:
    """The version stored now for ``record``'s row; None when it no longer exists."""
    owner = record._meta.get_field("version").model._meta.concrete_model
    return owner._base_manager.filter(pk=record.pk).values_list("version", flat=True).first()


def last_change(record: models.Model) -> tuple[str, str]:
    """Who last changed the record (or a row that is part of it) and when, in words:
    ("edie", "12 March 2025, 14:03:09 UTC").

    From the history tables; a change written without a user (a script, an import run
    from the shell) is "someone's".
    """
    latest = [_latest_history(type(record), {record._meta.pk.attname: record.pk})]
    for model in apps.get_models():
        part_of = getattr(model, "part_of", None)
        if part_of is not None and isinstance(record, model._meta.get_field(part_of).related_model):
            latest.append(_latest_history(model, {f"{part_of}_id": record.pk}))
    latest = [row for row in latest if row is not None]
    if not latest:
        return "someone", "a moment ago"
    newest = max(latest, key=lambda row: row.history_date)
    user = newest.history_user
    who = (user.get_full_name() or user.get_username()) if user is not None else "someone"
    when = timezone.localtime(newest.history_date).strftime("%-d %B %Y, %H:%M:%S %Z")
    return who, when


def _latest_history(model: type[models.Model], lookup: dict):
    history = get_history_manager_for_model(model)
    return (
        history.filter(**lookup)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


def changed_since_message(record: models.Model) -> str:
    """What an archivist reads when their save is refused."""
    if stored_version(record) is None:
        return (
            f"This {record._meta.verbose_name} was deleted since you opened it; nothing was saved."
        )
    who, when = last_change(record)
    return (
        f"This {record._meta.verbose_name} was changed by {who} at {when} since you opened "
        "it; nothing was saved. Reload the page to see their change, then make yours again."
    )
