"""The review workflow: who may publish, and the writes that publish, unpublish and restrict.

A record reaches the public only when it is published and public (``RecordQuerySet.public``).
Changing what the public may see is an Editor's decision, with one exception:

- publishing, unpublishing and making a restricted record public need the permission
  ``people.publish_record`` (the ``Editor`` group has it; superusers have every permission);
- restricting a record needs only the right to change it, because hiding a person at risk
  must not wait for review;
- a new record starts as a draft unless its author may publish.

``review_refusals`` is the one rule; the admin forms, the admin actions, the CSV import and
these services all ask it. The permission lives on the Party content type (it is created by
``people/migrations/0003_groups.py``) because it covers every kind of record, and a
permission checked with ``user.has_perm`` can be granted to a group or to one person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.history import record_baseline
from core.records import PublicationState, Record, Visibility

PUBLISH_PERMISSION = "people.publish_record"

ONLY_EDITORS_PUBLISH = "Only an Editor can publish or unpublish; an Editor reviews drafts."
ONLY_EDITORS_REVEAL = "Only an Editor can make a restricted record public."
NEW_RECORDS_ARE_DRAFTS = "A new record starts as a draft; an Editor reviews and publishes it."


@dataclass(frozen=True)
class ReviewState:
    publication_state: str
    visibility: str

    @classmethod
    def of(cls, record: Record) -> ReviewState:
        return cls(record.publication_state, record.visibility)


def may_publish(user) -> bool:
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


def review_refusals(user, before: ReviewState | None, after: ReviewState) -> dict[str, str]:
    """The review changes (field → reason) ``user`` may not make; empty when all are allowed.

    ``before`` is the stored state, or None for a record that does not exist yet.
    """
    if may_publish(user):
        return {}
    refusals = {}
    if before is None:
        if after.publication_state != PublicationState.DRAFT:
            refusals["publication_state"] = NEW_RECORDS_ARE_DRAFTS
        return refusals
    if after.publication_state != before.publication_state:
        refusals["publication_state"] = ONLY_EDITORS_PUBLISH
    if before.visibility == Visibility.RESTRICTED and after.visibility == Visibility.PUBLIC:
        refusals["visibility"] = ONLY_EDITORS_REVEAL
    return refusals


def _apply(records: Iterable[Record], user, reason: str, **values: str) -> int:
    """Set ``values`` on each record that differs, one ``save()`` each so history records it.

    ``QuerySet.update`` would be one query, but django-simple-history never sees it.
    """
    changed = 0
    records = list(records)
    with transaction.atomic():
        record_baseline(records)
        for record in records:
            before = ReviewState.of(record)
            after = ReviewState(**{**before.__dict__, **values})
            if after == before:
                continue
            if review_refusals(user, before, after):
                raise PermissionDenied(ONLY_EDITORS_PUBLISH)
            record.publication_state = after.publication_state
            record.visibility = after.visibility
            record._history_user = user
            record._change_reason = reason
            record.save(update_fields=["publication_state", "visibility"])
            changed += 1
    return changed


def publish(records: Iterable[Record], user) -> int:
    """Publish the records; returns how many changed. Needs ``people.publish_record``."""
    return _apply(records, user, "Published", publication_state=PublicationState.PUBLISHED)


def unpublish(records: Iterable[Record], user) -> int:
    """Return the records to draft; returns how many changed. Needs ``people.publish_record``."""
    return _apply(records, user, "Unpublished", publication_state=PublicationState.DRAFT)


def restrict(records: Iterable[Record], user) -> int:
    """Hide the records from the public whatever their state; anyone who may edit may do it."""
    return _apply(records, user, "Restricted", visibility=Visibility.RESTRICTED)


def make_public(records: Iterable[Record], user) -> int:
    """Lift the restriction; returns how many changed. Needs ``people.publish_record``."""
    return _apply(records, user, "Made public", visibility=Visibility.PUBLIC)
