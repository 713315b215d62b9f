"""Reviewed writes in the API: an Archivist's write to a published record waits.

The same rule as the admin (``core.review``): a write by someone who may not publish,
to a record the public reads, is stored as a pending ``Revision`` and answered with
``202 Accepted``, the revision in the body and its address in ``Location``. Nothing of
it is written to the record, so its ETag, the public reads and the changes feed stay
as they were until an Editor approves it.

This module only speaks HTTP: what a revision looks like in JSON, the 202 response,
and the reason the writer gives (the ``Change-Reason`` header). The viewsets decide
when a write waits (``core.api.ArchiveViewSet``, ``sources.api.CitationViewSet``).
"""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import unquote

from django.urls import reverse
from rest_framework import status
from rest_framework.response import Response

from core import registry
from core.review import Revision

REASON_HEADER = "Change-Reason"
NO_REASON = "Sent through the API; no reason given"
WAITS = (
    "Your change waits for an Editor's review; until it is approved the public (and this "
    "API, the exports and the changes feed) keep the published version."
)


def change_reason(request) -> str:
    """The writer's reason, from the ``Change-Reason`` header: percent-encoded UTF-8
    (``Spelling%20in%20the%20article``) or plain ASCII."""
    given = request.headers.get(REASON_HEADER, "")
    with suppress(UnicodeError):
        given = given.encode("latin-1").decode("utf-8")
    return unquote(given).strip()[:1000] or NO_REASON


def record_resource(model) -> str | None:
    for resource in registry.resources():
        if resource.model is model:
            return resource.name
    return None


def revision_body(request, revision: Revision) -> dict:
    """A revision as the API shows it: what waits, on which record, and where to see it."""
    model = revision.content_type.model_class()
    resource = record_resource(model)
    record_url = None
    if resource is not None:
        record_url = request.build_absolute_uri(
            reverse(f"api:{resource}-detail", kwargs={"pk": revision.object_id})
        )
    return {
        "id": revision.pk,
        "url": request.build_absolute_uri(reverse("api:revision", args=[revision.pk])),
        "review_url": request.build_absolute_uri(
            reverse("admin:core_revision_change", args=[revision.pk])
        ),
        "state": revision.state,
        "record": {"resource": resource, "id": revision.object_id, "url": record_url},
        "base_version": revision.base_version,
        "reason": revision.reason,
        "author": revision.author.get_username(),
        "created_at": revision.created_at,
        "changes": revision.changes,
        "rows": revision.rows,
        "summary": revision.summary(),
        "decided_at": revision.decided_at,
        "decision_reason": revision.decision_reason,
    }


def accepted(request, revision: Revision) -> Response:
    body = revision_body(request, revision)
    return Response(
        {"detail": WAITS, "revision": body},
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": body["url"]},
    )
