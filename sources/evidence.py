"""The archive's evidence check, run as a command and kept for the admin's panel.

``check_evidence`` asks three questions of the whole archive:

- which citations' quotes are not in their source's text (``sources.checks``);
- which records no citation backs, per model;
- which records have a stated field no quote supports (``sources.support``).

The answers cost a read of every citation and every record: 99 s for 20,000 ventures
and 100,000 flows, and ten times that at national scale (docs/BENCHMARKS.md), far too
long for a page. ``manage.py verify_citations`` runs the check, prints what fails and
keeps the figures as an ``EvidenceCheck``; the admin index's "Needs attention" panel
reads the newest one and says when it ran. Production runs the command on a schedule
(README.md, "Running in production"); ``load_archive`` runs it once after loading the
fixtures.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone

from people.models import Organization, Person, Role
from sources.checks import cited_condition, failing_citation_ids
from sources.models import Citation, EvidenceCheck
from sources.selectors import CitationFailure, citation_failures
from sources.support import UnsupportedRecord, unsupported_records
from ventures.models import FundingFlow, Place, Venture

#: The records a citation can back, counted when no citation does.
CITED_MODELS = (Person, Organization, Venture, Role, Place, FundingFlow)


def label(model: type[Model]) -> str:
    """How a check names a model in its figures: ``app_label.model_name``."""
    return model._meta.label_lower


@dataclass
class Findings:
    """What one check found, in full: the command prints it, the panel keeps figures."""

    citations: int
    failures: list[CitationFailure]
    uncited: dict[str, int]
    unsupported: list[UnsupportedRecord] | None
    seconds: float = 0.0
    kept: EvidenceCheck | None = field(default=None, repr=False)


def uncited_counts() -> dict[str, int]:
    """Per model (``label``), how many records no citation backs: one anti-join each."""
    return {
        label(model): model._default_manager.order_by().filter(~cited_condition(model)).count()
        for model in CITED_MODELS
    }


def check_evidence(*, quotes_only: bool = False) -> Findings:
    """Check the whole archive and keep the figures as a new ``EvidenceCheck``.

    ``quotes_only`` leaves out the stated-field support (for data loaded without
    per-field citations); the kept check then says it did not look.
    """
    began, started = timezone.now(), time.perf_counter()
    findings = Findings(
        citations=Citation.objects.count(),
        failures=list(citation_failures()),
        uncited=uncited_counts(),
        unsupported=None if quotes_only else list(unsupported_records()),
    )
    findings.seconds = time.perf_counter() - started
    unsupported = None
    if findings.unsupported is not None:
        unsupported = dict(Counter(label(type(r.record)) for r in findings.unsupported))
    findings.kept = EvidenceCheck.objects.create(
        checked_at=began,
        seconds=round(findings.seconds, 3),
        citations=findings.citations,
        failing_quotes=len(findings.failures),
        failing_ids=[failure.citation.pk for failure in findings.failures],
        uncited=findings.uncited,
        unsupported=unsupported,
    )
    return findings


def latest_check() -> EvidenceCheck | None:
    """The newest check the archive kept, or None before the first."""
    return EvidenceCheck.objects.order_by("-checked_at", "-id").first()


#: Citations the quote filter tests again as it lists, at most (~30 µs each with their
#: sources' texts): past this many written, or with their source saved, since the check
#: (a bulk load), they wait for the next check, and the filter says so.
RETEST_LIMIT = 5_000


@dataclass(frozen=True)
class QuoteFailures:
    """The citations whose quote is not in their source's text, as far as is known now."""

    ids: list[int]
    #: The check this starts from (None: there was none, and every citation was tested).
    check: EvidenceCheck | None = None
    #: Whether more than ``RETEST_LIMIT`` citations changed since the check: then
    #: ``ids`` are the check's findings, and the changed citations are not tested again.
    stale: bool = False


def failing_citations_now() -> QuoteFailures:
    """The citations whose quote is not in their source's text now, by id, without
    reading every citation: the newest check's failures, and every citation written
    (its history) or whose source was saved since the check began, tested again. Any
    other citation and its source are as the check read them, so its result stands.
    Before the first check, every citation is tested (``failing_citation_ids``).

    Past ``RETEST_LIMIT`` changed citations (a bulk load since the check: every citation
    of the 50,000 sources ``generate_synthetic`` writes at 10×, a minute to test again),
    the check's own findings, marked ``stale``. A citation loaded without its history
    and whose source is older than the check (a raw bulk load of citations alone) waits
    for the next check.

    The admin's "quote found" filter: 4 s at 164,000 citations when it read them all.
    """
    check = latest_check()
    if check is None:
        return QuoteFailures(failing_citation_ids())
    since = check.checked_at
    written = Citation.history.filter(history_date__gte=since).order_by()
    resourced = Citation.objects.filter(source__updated_at__gte=since).order_by()
    changed = {
        *written.values_list("id", flat=True)[: RETEST_LIMIT + 1],
        *resourced.values_list("pk", flat=True)[: RETEST_LIMIT + 1],
    }
    if len(changed) > RETEST_LIMIT:
        return QuoteFailures(sorted(check.failing_ids), check, stale=True)
    suspects = changed | set(check.failing_ids)
    if not suspects:
        return QuoteFailures([], check)
    # One array, not a parameter per key: PostgreSQL takes 65,535 parameters at most.
    found = failing_citation_ids(Citation.objects.filter(pk__among=sorted(suspects)))
    return QuoteFailures(found, check)
