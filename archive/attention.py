"""What needs an archivist's attention: the counts behind the admin index's panel.

Four kinds of loose end, each counted here and listed by a changelist filter with the
same meaning (the links carry the filter's parameter):

- records no citation backs (``has_citation=no``);
- citations whose quote is not in their source's text (``quote_found=no``);
- monetary flows with no USD estimate, usually a missing exchange rate
  (``usd_estimate=missing``);
- drafts waiting for an Editor (``publication_state__exact=draft``).

The page costs a fixed number of queries however large the archive: one aggregate per
record model and two for the quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Model, Q
from django.urls import reverse

from core.records import PublicationState
from people.models import Organization, Person, Role
from sources.checks import cited_condition, failing_citation_ids
from sources.models import Citation, Source
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
        AttentionSection("Records without citations", uncited),
        AttentionSection("Quotes not found in their source", failing),
        AttentionSection("Monetary flows without a USD estimate", no_usd),
        AttentionSection("Drafts waiting for review", waiting),
    ]
