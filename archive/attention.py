"""What needs an archivist's attention: the counts behind the admin index's panel.

Five kinds of loose end, each counted here and listed by a changelist filter with the
same meaning (the links carry the filter's parameter):

- records no citation backs (``has_citation=no``);
- citations whose quote is not in their source's text (``quote_found=no``);
- monetary flows with no USD estimate, usually a missing exchange rate
  (``usd_estimate=missing``);
- drafts waiting for an Editor (``publication_state__exact=draft``);
- records with a stated field no quote supports (``sources.support``), per model;
- changes to published records waiting in the review queue (``core.review``).

The page costs a fixed number of queries however large the archive: one aggregate per
record model and two for the quotes. The support check reads every record's citations
(a few prefetching queries per model), so its cost grows with the archive like the
quote check's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Model, Q
from django.urls import NoReverseMatch, reverse

from core.records import PublicationState, sees_hidden_records
from core.review import Revision, RevisionState
from people.models import Organization, Person, Role
from sources.checks import cited_condition, failing_citation_ids
from sources.models import Citation, Source
from sources.support import SUPPORTED_MODELS, unsupported_records
from ventures.models import FundingFlow, Place, Venture
from ventures.services import MONETARY_WITHOUT_USD

CITED_MODELS = (Person, Organization, Venture, Role, Place, FundingFlow)
REVIEWED_MODELS = (*CITED_MODELS, Source)


@dataclass(frozen=True)
class AttentionItem:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class AttentionSection:
    title: str
    items: list[AttentionItem]

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)


def _changelist(model: type[Model], query: str) -> str:
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{query}"


def _may_view(user, model: type[Model]) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def pending_revisions(user) -> list[AttentionItem]:
    """Changes to published records waiting in the review queue (``core.review``)."""
    if not sees_hidden_records(user):
        return []
    count = Revision.objects.filter(state=RevisionState.PENDING).count()
    url = reverse("admin:core_revision_changelist")
    return [AttentionItem("Changes to published records", count, url)]


def unsupported_items(user) -> list[AttentionItem]:
    """Per model the user may view: how many records have a field no quote supports."""
    models = [model for model in SUPPORTED_MODELS if _may_view(user, model)]
    counts = dict.fromkeys(models, 0)
    for unsupported in unsupported_records(models):
        counts[type(unsupported.record)] += 1
    return [
        AttentionItem(str(model._meta.verbose_name_plural).capitalize(), count, _list_url(model))
        for model, count in counts.items()
    ]


def _list_url(model: type[Model]) -> str:
    """The model's changelist, or nothing while the admin does not register it."""
    try:
        return _changelist(model, "")
    except NoReverseMatch:
        return ""


def needs_attention(user) -> list[AttentionSection]:
    """The index panel for ``user``: only models the user may view are counted."""
    drafts = Q(publication_state=PublicationState.DRAFT)
    uncited, waiting, no_usd = [], [], []
    for model in REVIEWED_MODELS:
        if not _may_view(user, model):
            continue
        counts = {"drafts": Count("pk", filter=drafts)}
        if model in CITED_MODELS:
            counts["uncited"] = Count("pk", filter=~cited_condition(model))
        if model is FundingFlow:
            counts["no_usd"] = Count("pk", filter=MONETARY_WITHOUT_USD)
        totals = model._default_manager.aggregate(**counts)
        name = str(model._meta.verbose_name_plural).capitalize()
        waiting.append(
            AttentionItem(
                name, totals["drafts"], _changelist(model, "publication_state__exact=draft")
            )
        )
        if "uncited" in totals:
            uncited.append(
                AttentionItem(name, totals["uncited"], _changelist(model, "has_citation=no"))
            )
        if "no_usd" in totals:
            no_usd.append(
                AttentionItem(
                    "Monetary flows", totals["no_usd"], _changelist(model, "usd_estimate=missing")
                )
            )
    failing = []
    if _may_view(user, Citation):
        failing.append(
            AttentionItem(
                "Citations",
                len(failing_citation_ids()),
                _changelist(Citation, "quote_found=no"),
            )
        )
    return [
        AttentionSection("Changes waiting for an Editor", pending_revisions(user)),
        AttentionSection("Records without citations", uncited),
        AttentionSection("Stated fields no quote supports", unsupported_items(user)),
        AttentionSection("Quotes not found in their source", failing),
        AttentionSection("Monetary flows without a USD estimate", no_usd),
        AttentionSection("Drafts waiting for review", waiting),
    ]
