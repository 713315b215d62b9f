"""Pending revisions: an Archivist's change to a published record waits for an Editor.

A published record is what the public reads, so a change to it is reviewed like a new
record is: the admin stores the changed fields as a ``Revision`` instead of saving them,
and the public keeps seeing the published version. An Editor opens the review queue,
reads the difference against the record as it is now, and approves (the change is
applied, in history under the Archivist's name and reason) or rejects it with a reason.

Why fields and not a copy of the row: the difference is what the Editor reviews, and
applying only the changed fields leaves every other field as the record holds it.
Approval checks the version the Archivist opened: if the record changed since, the
revision is refused rather than applied over that change (``core.versions``).

Revisions point at their record through a ContentType, since any record model can have
one; nothing but the review queue reads them, so the usual rule against generic keys
for the archive's own links does not apply. Editors' own edits, restrictions (hiding a
person at risk never waits) and drafts (not public) apply at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.dispatch import Signal
from django.utils import timezone

from core.records import PublicationState, Record
from core.services import may_publish
from core.versions import RecordChanged

#: Sent after an approved revision is saved, so an app can refresh what it derives from
#: the record (a flow's USD estimate): ``sender`` is the model, ``record`` the instance.
revision_applied = Signal()


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


def needs_review(user, record: Record) -> bool:
    """Whether ``user``'s change to ``record`` (as stored) waits for an Editor."""
    stored = (
        type(record)
        ._default_manager.filter(pk=record.pk)
        .values_list("publication_state", flat=True)
    )
    return not may_publish(user) and stored.first() == PublicationState.PUBLISHED


def propose(record: Record, values: dict, *, user, reason: str, base_version: int) -> Revision:
    """Store ``values`` (field name → value, as a form cleans them) as a pending revision."""
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
        reason=reason,
        author=user,
    )


class RevisionRefused(Exception):
    """The revision cannot be applied; the message says why, in an Editor's words."""


def approve(revision: Revision, editor, reason: str = "") -> Record:
    """Apply the revision to its record in one transaction, only over the version the
    Archivist changed; history records the Archivist as author, with their reason."""
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
            raise RevisionRefused(
                "The record was changed since this change was made, so approving it could "
                "undo that later change. Reject it and ask for the change again."
            )
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
        record._history_user = revision.author
        record._change_reason = f"{revision.reason} (approved by {editor.get_username()})"
        try:
            record.save()
        except RecordChanged as changed:
            raise RevisionRefused("The record was changed while approving; try again.") from changed
        for name, pks in many.items():
            getattr(record, name).set(pks)
        _decide(revision, editor, RevisionState.APPROVED, reason)
        revision_applied.send(sender=model, record=record)
    return record


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


class _Holder:
    """Something ``Field.value_to_string`` can read one attribute from."""

    def __init__(self, attname: str, value):
        setattr(self, attname, value)
