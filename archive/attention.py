"""What needs an archivist's attention: the counts behind the admin index's panel.

Six kinds of loose end, each counted here and listed by a changelist filter with the
same meaning (the links carry the filter's parameter):

- changes to published records waiting in the review queue (``core.review``);
- drafts waiting for an Editor (``publication_state__exact=draft``);
- monetary flows with no USD estimate, usually a missing exchange rate
  (``usd_estimate=missing``);
- records no citation backs (``has_citation=no``);
- records with a stated field no quote supports (``sources.support``), per model;
- citations whose quote is not in their source's text (``quote_found=no``).

The first three are counted as the page is drawn, each no further than ``CAP`` ("1,000+",
as the public listings count): a query per model that stops at the cap, so the page
costs the same at any size of archive. The last three are the evidence check's
(``sources.evidence``): they read every citation and every record, which took 99 s for
the index at 20,000 ventures, so ``manage.py verify_citations`` computes them on a
schedule and the panel shows the newest check's figures with the time it ran. The lists
they link to are live.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse

from core.facets import COUNT_CAP
from core.pagination import Tally
from core.records import PublicationState, sees_hidden_records
from core.review import Revision, RevisionState
from people.models import Party
from sources.evidence import CITED_MODELS, label, latest_check
from sources.models import Citation, EvidenceCheck, Source
from sources.support import SUPPORTED_MODELS
from ventures.models import FundingFlow
from ventures.services import MONETARY_WITHOUT_USD

DRAFT = PublicationState.DRAFT

#: How far a live count goes; past it the panel says "1,000+".
CAP = COUNT_CAP

REVIEWED_MODELS = (*CITED_MODELS, Source)


@dataclass(frozen=True)
class AttentionItem:
    label: str
    count: int
    url: str
    #: Whether there are more than ``count`` (a live count stopped at ``CAP``).
    more: bool = False

    @property
    def shown(self) -> str:
        """The count as the listings write theirs: "1,234", or "1,000+" past the cap."""
        return str(Tally(self.count, self.more))


@dataclass(frozen=True)
class AttentionSection:
    title: str
    items: list[AttentionItem]
    #: Where the figures come from, when not from this page view (the evidence check).
    note: str = ""
    #: False when nothing has counted these yet: the panel then says so, not "None".
    checked: bool = True

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)


def bounded(queryset: QuerySet) -> Tally:
    """How many rows ``queryset`` has, counting no further than ``CAP``: a ``LIMIT`` the
    database stops at."""
    found = queryset.order_by().values("pk")[: CAP + 1].count()
    return Tally(min(found, CAP), found > CAP)


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


def unsupported_items(user, check: EvidenceCheck | None) -> list[AttentionItem]:
    """Per model the user may view: how many records the check found with a field no
    quote supports."""
    if check is None or check.unsupported is None:
        return []
    return [
        AttentionItem(
            str(model._meta.verbose_name_plural).capitalize(),
            check.unsupported.get(label(model), 0),
            _list_url(model),
        )
        for model in SUPPORTED_MODELS
        if _may_view(user, model)
    ]


def check_note(check: EvidenceCheck | None, *, quotes: bool = True) -> str:
    """Where the evidence figures come from: the newest check, and when it ran."""
    if check is None:
        return "Not checked yet: run manage.py verify_citations."
    when = check.when
    if not quotes and check.unsupported is None:
        return f"Not checked by the last evidence check ({when}), which read quotes only."
    return f"As of the evidence check of {when} (manage.py verify_citations); the lists are live."


def _list_url(model: type[Model]) -> str:
    """The model's changelist, or nothing while the admin does not register it."""
    try:
        return _changelist(model, "")
    except NoReverseMatch:
        return ""


def _drafts(model: type[Model]) -> QuerySet:
    """The drafts of ``model``: a person's, an organisation's or a venture's on the
    parties' own table, by kind (an index of drafts by kind), with no join to its own."""
    if issubclass(model, Party) and model.party_kind:
        return Party.objects.filter(kind=model.party_kind, publication_state=DRAFT)
    return model._default_manager.filter(publication_state=DRAFT)


def needs_attention(user) -> list[AttentionSection]:
    """The index panel for ``user``: only models the user may view are counted."""
    check = latest_check()
    uncited, waiting, no_usd = [], [], []
    for model in REVIEWED_MODELS:
        if not _may_view(user, model):
            continue
        name = str(model._meta.verbose_name_plural).capitalize()
        drafts = bounded(_drafts(model))
        url = _changelist(model, "publication_state__exact=draft")
        waiting.append(AttentionItem(name, drafts.value, url, drafts.more))
        if model in CITED_MODELS and check is not None:
            count = check.uncited.get(label(model), 0)
            uncited.append(AttentionItem(name, count, _changelist(model, "has_citation=no")))
        if model is FundingFlow:
            missing = bounded(model._default_manager.filter(MONETARY_WITHOUT_USD))
            url = _changelist(model, "usd_estimate=missing")
            no_usd.append(AttentionItem("Monetary flows", missing.value, url, missing.more))
    failing = []
    if _may_view(user, Citation) and check is not None:
        url = _changelist(Citation, "quote_found=no")
        failing.append(AttentionItem("Citations", check.failing_quotes, url))
    note, checked = check_note(check), check is not None
    supported = checked and check.unsupported is not None
    return [
        AttentionSection("Changes waiting for an Editor", pending_revisions(user)),
        AttentionSection("Records without citations", uncited, note, checked),
        AttentionSection(
            "Stated fields no quote supports",
            unsupported_items(user, check),
            check_note(check, quotes=False),
            supported,
        ),
        AttentionSection("Quotes not found in their source", failing, note, checked),
        AttentionSection("Monetary flows without a USD estimate", no_usd),
        AttentionSection("Drafts waiting for review", waiting),
    ]
