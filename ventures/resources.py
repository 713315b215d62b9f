"""CSV import and export of ventures (keyed on their slugs) and funding flows (on their id).

Links are slugs: a venture's place, sectors ("|"-separated) and operator; a flow's
funder and recipient. A flow's USD estimate is derived after each imported flow is
saved, as the admin does; the amount as the archive reads it is exported for checking.
"""

from import_export import fields

from core.resources import RecordResource, SlugsWidget, SlugWidget
from people.models import Party
from people.resources import PARTY_FIELDS, REVIEW_FIELDS, PartyResource
from ventures.models import FundingFlow, Place, Sector, Venture
from ventures.services import refresh_usd_estimates


class VentureResource(PartyResource):
    place = fields.Field(attribute="place", column_name="place", widget=SlugWidget(Place))
    sectors = fields.Field(attribute="sectors", column_name="sectors", widget=SlugsWidget(Sector))
    operated_by = fields.Field(
        attribute="operated_by", column_name="operated_by", widget=SlugWidget(Party)
    )

    class Meta(PartyResource.Meta):
        model = Venture
        fields = (
            *PARTY_FIELDS,
            "venture_kind",
            "status",
            "sectors",
            "place",
            "operated_by",
            "founded_year",
            "founded_month",
            "founded_day",
            "closed_year",
            "closed_month",
            "closed_day",
            "size",
            "ownership",
            *REVIEW_FIELDS,
            "aliases",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("place", "operated_by")
            .prefetch_related("sectors")
        )


class FundingFlowResource(RecordResource):
    funder = fields.Field(attribute="funder", column_name="funder", widget=SlugWidget(Party))
    recipient = fields.Field(
        attribute="recipient", column_name="recipient", widget=SlugWidget(Party)
    )
    amount = fields.Field(attribute="amount_display", column_name="amount", readonly=True)
    usd_estimate = fields.Field(attribute="usd_display", column_name="usd_estimate", readonly=True)

    class Meta(RecordResource.Meta):
        model = FundingFlow
        fields = (
            "id",
            "funder",
            "funder_description",
            "recipient",
            "recipient_description",
            "kind",
            "status",
            "channel",
            "purpose",
            "amount_as_stated",
            "amount_qualifier",
            "amount_low",
            "amount_high",
            "currency",
            "basis",
            "payment_count",
            "date_as_stated",
            "start_year",
            "start_month",
            "start_day",
            "end_year",
            "end_month",
            "end_day",
            *REVIEW_FIELDS,
            "amount",
            "usd_estimate",
        )
        export_order = fields

    def before_import(self, dataset, **kwargs):
        # Flows have no natural key: a file of new flows need not carry an empty id column.
        if "id" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="id")
        super().before_import(dataset, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("funder", "recipient")

    def after_save_instance(self, instance, row, **kwargs):
        refresh_usd_estimates([instance])
