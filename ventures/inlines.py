"""Funding flows as a party's page shows them: the flows it gives and the flows it receives.

The Person, Organization and Venture pages all show them, so they live apart from
``ventures.admin``, which builds on ``people.admin``.
"""

from django import forms
from django.contrib import admin

from core.admin_tools import INLINE_ROWS, ArchiveInline, RecordForm
from ventures.models import FundingFlow


@admin.display(description="amount")
def flow_amount(flow: FundingFlow) -> str:
    return flow.amount_display if flow.pk else ""


@admin.display(description="USD estimate")
def flow_usd(flow: FundingFlow) -> str:
    return flow.usd_display if flow.pk else ""


@admin.display(description="period")
def flow_period(flow: FundingFlow) -> str:
    return flow.period if flow.pk else ""


class FlowInlineForm(RecordForm):
    def clean(self):
        cleaned = super().clean()
        # Django leaves an inline's own key out of constraint checks, so the database's
        # "funder is not the recipient" would only show as a crash.
        funder, recipient = cleaned.get("funder"), cleaned.get("recipient")
        if funder is not None and recipient is not None and funder.pk == recipient.pk:
            raise forms.ValidationError("A flow runs between two parties: not to its own funder.")
        return cleaned


class FlowInline(ArchiveInline, admin.TabularInline):
    """Flows seen from one end. The amount and dates are edited on the flow's page,
    where all their columns (and the constraints between them) are in one form."""

    model = FundingFlow
    form = FlowInlineForm
    readonly_fields = (flow_amount, flow_usd, flow_period)
    show_change_link = True
    extra = 0
    shown_at_most = INLINE_ROWS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("funder", "recipient")


class FlowsOutInline(FlowInline):
    fk_name = "funder"
    verbose_name = "funding given"
    verbose_name_plural = "funding given (this record is the funder)"
    fields = (
        "recipient",
        "recipient_description",
        "kind",
        "status",
        flow_amount,
        flow_usd,
        flow_period,
        "publication_state",
        "visibility",
    )
    autocomplete_fields = ("recipient",)


class FlowsInInline(FlowInline):
    fk_name = "recipient"
    verbose_name = "funding received"
    verbose_name_plural = "funding received (this record is the recipient)"
    fields = (
        "funder",
        "funder_description",
        "kind",
        "status",
        flow_amount,
        flow_usd,
        flow_period,
        "publication_state",
        "visibility",
    )
    autocomplete_fields = ("funder",)
