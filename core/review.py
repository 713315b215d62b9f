"""Pending revisions: an Archivist's change to a published record waits for an Editor.

A published record is what the public reads, so a change to it is reviewed like a new
record is: the admin stores the changed fields as a ``Revision`` instead of saving them,
and the public keeps seeing the published version. An Editor opens the review queue,
reads the difference against the record as it is now, and approves (the change is
applied, in history under the Archivist's name and reason) or rejects it with a reason.

Why fields and not a copy of the row: the difference is what the Editor reviews, and
applying only the changed fields leaves every other field as the record holds it.
The rows that belong to the record on its page (aliases, citations, goods, conversions,
its roles and flows) wait with it: ``rows`` lists each row added, changed or deleted,
with the fields proposed and the version of the row it was made on. Approval checks the
version the Archivist opened, of the record and of every changed row: if one changed
since, the revision is refused rather than applied over that change
(``core.versions``), and the message names what changed, by whom and when.

Revisions point at their record through a ContentType, since any record model can have
one; nothing but the review queue reads them, so the usual rule against generic keys
for the archive's own links does not apply. Editors' own edits, restrictions (hiding a
person at risk never waits) and drafts (not public) apply at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import Truncator, capfirst

from core.history import record_baseline
from core.records import PublicationState, Record
from core.services import may_publish
from core.versions import RecordChanged, last_change

#: Sent after an approved revision is saved, so an app can refresh what it derives from
#: the record (a flow's USD estimate): ``sender`` is the model, ``record`` the instance.
revision_applied = Signal()


#: What a proposed row change does (``Revision.rows``).
ADD, CHANGE, DELETE = "add", "change", "delete"
DONE = {ADD: "added", CHANGE: "changed", DELETE: "deleted"}


class RevisionState(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Revision(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    base_version = models.PositiveIntegerField(
        help_text="The record's version when the change was made; approval needs it unchanged."
    )
    changes = models.JSONField(
        help_text="Field name → proposed value, as the field writes it to text."
    )
    rows = models.JSONField(
        default=list,
        blank=True,
        help_text="The record's rows added, changed or deleted: model, link to the "
        "record, action, row id and version, proposed fields.",
    )
    reason = models.TextField(help_text="Why the archivist made the change.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=RevisionState, default=RevisionState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "change waiting for review"
        verbose_name_plural = "review queue"
        indexes = [models.Index(fields=["state", "content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=RevisionState.values),
                name="core_revision_state_valid",
                violation_error_message="A revision waits, or is approved or rejected.",
            ),
            models.CheckConstraint(
                condition=models.Q(state=RevisionState.PENDING)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="core_revision_decision_has_editor",
                violation_error_message="An approved or rejected revision names its Editor.",
            ),
        ]

    def __str__(self) -> str:
        return f"Change to {self.content_type.name} {self.object_id} by {self.author}"

    @property
    def record(self) -> Record | None:
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first()

    def diff(self, record: Record | None = None) -> list[tuple[str, str, str]]:
        """(field label, value now, proposed value) for each changed field, as read."""
        record = record if record is not None else self.record
        model = self.content_type.model_class()
        rows = []
        for name, text in self.changes.items():
            field = model._meta.get_field(name)
            now = _shown(field, _current(record, field)) if record is not None else "—"
            rows.append(
                (str(field.verbose_name).capitalize(), now, _shown(field, _parsed(field, text)))
            )
        return rows

    def row_diff(self) -> list[tuple[str, str, str]]:
        """(what, now, proposed) for each proposed row change, as read:
        ("Alias added", "—", "“Kim Sung-won” (kind: Romanisation)")."""
        lines = []
        for change in self.rows:
            model = apps.get_model(change["model"])
            noun = capfirst(model._meta.verbose_name)
            proposed = [
                (field, _parsed(field, text)) for field, text in _fields_of(model, change["fields"])
            ]
            if change["action"] == ADD:
                lines.append((f"{noun} added", "—", _described(proposed)))
                continue
            row = model._base_manager.filter(pk=change["pk"]).first()
            if change["action"] == DELETE:
                now = "(gone already)"
                if row is not None:
                    now = _described(_stored_fields(row, change["link"]))
                lines.append((f"{noun} deleted", now, "—"))
                continue
            named = _named(row) if row is not None else f"{change['pk']} (deleted since)"
            for field, value in proposed:
                now = _shown(field, _current(row, field)) if row is not None else "—"
                label = f"{noun} {named} changed: {field.verbose_name}"
                lines.append((label, now, _shown(field, value)))
        return lines

    def summary(self) -> list[str]:
        """The proposed change in lines of text: "Amount high: 500 → 5000",
        "Alias added: “Kim Sung-won” (kind: Romanisation)"."""
        lines = [f"{label}: {now} → {proposed}" for label, now, proposed in self.diff()]
        for label, now, proposed in self.row_diff():
            if label.endswith(" added"):
                lines.append(f"{label}: {proposed}")
            elif label.endswith(" deleted"):
                lines.append(f"{label}: {now}")
            else:
                lines.append(f"{label}: {now} → {proposed}")
        return lines


def row_change(model: type[models.Model], link: str, action: str, *, row=None, values=None) -> dict:
    """One proposed row change as a revision stores it. ``link`` is the row's key to the
    record; ``values`` (field name → value as a form cleans it) for an added or changed
    row; ``row`` with the version it was read at for a changed or deleted one."""
    return {
        "model": model._meta.label_lower,
        "link": link,
        "action": action,
        "pk": None if row is None else row.pk,
        "version": None if row is None else row.version,
        "fields": {
            name: _written(model._meta.get_field(name), value)
            for name, value in (values or {}).items()
        },
    }


def needs_review(user, record: Record) -> bool:
    """Whether ``user``'s change to ``record`` (as stored) waits for an Editor."""
    stored = (
        type(record)
        ._default_manager.filter(pk=record.pk)
        .values_list("publication_state", flat=True)
    )
    return not may_publish(user) and stored.first() == PublicationState.PUBLISHED


def propose(
    record: Record,
    values: dict,
    *,
    user,
    reason: str,
    base_version: int,
    rows: Iterable[dict] = (),
) -> Revision:
    """Store ``values`` (field name → value, as a form cleans them) and ``rows``
    (``row_change``) as one pending revision."""
    model = type(record)
    changes = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        changes[name] = _written(field, value)
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=record.pk,
        base_version=base_version,
        changes=changes,
        rows=list(rows),
        reason=reason,
        author=user,
    )


class RevisionRefused(Exception):
    """The revision cannot be applied; the message says why, in an Editor's words."""


def approve(revision: Revision, editor, reason: str = "") -> Record:
    """Apply the revision to its record and rows in one transaction, only over the
    versions the Archivist changed; history records the Archivist as author, with their
    reason."""
    if not may_publish(editor):
        raise RevisionRefused("Only an Editor approves changes to published records.")
    model = revision.content_type.model_class()
    with transaction.atomic(using=router.db_for_write(model)):
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != RevisionState.PENDING:
            raise RevisionRefused("This change was already decided.")
        record = model._default_manager.filter(pk=revision.object_id).first()
        if record is None:
            raise RevisionRefused("The record was deleted since this change was made.")
        if record.version != revision.base_version:
            who, when = last_change(record)
            raise RevisionRefused(
                f"The record was changed since this change was made, by {who} at {when}, "
                "so approving it could undo that later change. Reject it and ask for the "
                "change again."
            )
        why = f"{revision.reason} (approved by {editor.get_username()})"
        try:
            _apply_fields(record, revision, why)
            for change in revision.rows:
                _apply_row(record, change, revision.author, why)
        except RecordChanged as changed:
            raise RevisionRefused("The record was changed while approving; try again.") from changed
        except IntegrityError as broken:
            raise RevisionRefused(
                "The change no longer fits the archive (a row it adds exists already, or a "
                "link it needs is gone). Reject it and ask for the change again."
            ) from broken
        _decide(revision, editor, RevisionState.APPROVED, reason)
        revision_applied.send(sender=model, record=record)
    return record


def _apply_fields(record: Record, revision: Revision, why: str) -> None:
    if not revision.changes:
        return
    model = type(record)
    many = {}
    for name, text in revision.changes.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[name] = _parsed(field, text)
        else:
            setattr(record, field.attname, _parsed(field, text))
    try:
        record.full_clean(exclude=[])
    except ValidationError as invalid:
        raise RevisionRefused(
            "The change no longer passes the record's checks: " + "; ".join(invalid.messages)
        ) from invalid
    record_baseline([record])
    record._history_user = revision.author
    record._change_reason = why
    record.save()
    for name, pks in many.items():
        getattr(record, name).set(pks)


def _apply_row(record: Record, change: dict, author, why: str) -> None:
    """Add, change or delete one row of the record, if it is still as it was read."""
    model = apps.get_model(change["model"])
    noun = model._meta.verbose_name
    link = model._meta.get_field(change["link"])
    if change["action"] == ADD:
        row = model(**{link.name: record})
    else:
        row = model._base_manager.filter(pk=change["pk"]).first()
        if row is None:
            raise RevisionRefused(
                f"A {noun} this change touches (id {change['pk']}) was deleted since it "
                "was made. Reject it and ask for the change again."
            )
        if row.version != change["version"]:
            who, when = last_change(row)
            raise RevisionRefused(
                f"The {noun} {_named(row)} was changed since this change was made, by "
                f"{who} at {when}, so approving it could undo that later change. Reject it "
                "and ask for the change again."
            )
        if getattr(row, link.attname) == record.pk:
            # The row claims the record this approval holds, at its current version.
            setattr(row, link.name, record)
        record_baseline([row])
    row._history_user = author
    row._change_reason = why
    if change["action"] == DELETE:
        row.delete()
        return
    for field, text in _fields_of(model, change["fields"]):
        setattr(row, field.attname, _parsed(field, text))
    try:
        row.full_clean()
    except ValidationError as invalid:
        raise RevisionRefused(
            f"The {noun} {_named(row)} no longer passes its checks: " + "; ".join(invalid.messages)
        ) from invalid
    row.save()


def reject(revision: Revision, editor, reason: str) -> None:
    if not may_publish(editor):
        raise RevisionRefused("Only an Editor rejects changes to published records.")
    if not reason.strip():
        raise RevisionRefused("Say why the change is rejected, for the archivist who made it.")
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != RevisionState.PENDING:
            raise RevisionRefused("This change was already decided.")
        _decide(revision, editor, RevisionState.REJECTED, reason)


def _decide(revision: Revision, editor, state: str, reason: str) -> None:
    revision.state = state
    revision.decided_by = editor
    revision.decided_at = timezone.now()
    revision.decision_reason = reason
    revision.save()


def _written(field, value):
    """A form's cleaned value as JSON: a key or keys by primary key, the rest as text."""
    if field.many_to_many:
        return sorted(obj.pk for obj in value)
    if field.is_relation:
        return None if value is None else value.pk
    if value is None:
        return None
    return field.value_to_string(_Holder(field.attname, value))


def _parsed(field, text):
    if field.many_to_many:
        return list(text)
    if text is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(text)
    return field.to_python(text)


def _current(record, field):
    if field.many_to_many:
        return sorted(getattr(record, field.name).values_list("pk", flat=True))
    return getattr(record, field.attname)


def _shown(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(
            str(obj) for obj in field.related_model._default_manager.filter(pk__in=value)
        )
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(field, models.BooleanField):
        return "yes" if value else "no"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _fields_of(model, written: dict):
    return [(model._meta.get_field(name), text) for name, text in written.items()]


def _stored_fields(row, link: str) -> list:
    fields = [
        field
        for field in row._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != link
    ]
    return [(field, _current(row, field)) for field in fields]


def _described(values: list) -> str:
    """A row in words: its first value quoted, the others named in brackets."""
    shown = [(field, _shown(field, value)) for field, value in values]
    shown = [(field, text) for field, text in shown if text != "—"]
    if not shown:
        return "—"
    (_, first), rest = shown[0], shown[1:]
    text = f"“{Truncator(first).chars(120)}”"
    if rest:
        details = ", ".join(f"{field.verbose_name}: {Truncator(t).chars(80)}" for field, t in rest)
        text += f" ({details})"
    return text


def _named(row) -> str:
    """A row by its name, in quotation marks once (a citation quotes itself)."""
    text = Truncator(str(row)).chars(80)
    return text if text.startswith("“") else f"“{text}”"


class _Holder:
    """Something ``Field.value_to_string`` can read one attribute from."""

    def __init__(self, attname: str, value):
        setattr(self, attname, value)
