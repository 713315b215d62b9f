"""CSV import and export of ventures (keyed on their slugs) and funding flows (on their id).

Links are slugs: a venture's place, sectors ("|"-separated) and operator; a flow's
funder and recipient. A flow's USD estimate is derived after each imported flow is
saved, as the admin does; the amount as the archive reads it is exported for checking.
"""

from django.core.exceptions import ValidationError
from import_export import fields

from core.resources import RecordResource, SlugsWidget, SlugWidget
from people.models import Party
from people.resources import PARTY_FIELDS, REVIEW_FIELDS, PartyResource
from ventures.models import FundingFlow, GoodsItem, Place, Sector, Venture
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
    goods = fields.Field(column_name="goods")
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
            "goods",
            "amount",
            "usd_estimate",
        )
        export_order = fields

    carried_columns = ("goods",)
    GOODS_KEYS = ("item", "quantity_qualifier", "quantity_low", "quantity_high", "description")

    def carried_rows(self, column: str, flow) -> list[dict]:
        if column != "goods" or flow is None or flow.pk is None:
            return []
        return [
            {key: getattr(goods, key) for key in self.GOODS_KEYS}
            for goods in flow.goods.order_by("item")
        ]

    def parse_carried(self, column: str, rows: list, flow) -> list[dict]:
        if column != "goods":
            return []
        parsed = []
        for row in rows:
            unknown = set(row) - set(self.GOODS_KEYS)
            if unknown:
                raise ValueError(f"only {', '.join(self.GOODS_KEYS)} for each item")
            item = GoodsItem(**{"quantity_qualifier": "unknown", **row})
            try:
                item.full_clean(exclude=["flow"], validate_constraints=True)
            except ValidationError as error:
                raise ValueError(
                    f"items the archive can hold: {'; '.join(error.messages)}"
                ) from error
            parsed.append({key: getattr(item, key) for key in self.GOODS_KEYS})
        return sorted(parsed, key=lambda goods: goods["item"])

    def write_carried(self, column: str, rows: list[dict], flow) -> None:
        if column != "goods":
            return
        for goods in flow.goods.all():
            goods._change_reason = "Imported"
            goods.delete()
        for row in rows:
            goods = GoodsItem(flow=flow, **row)
            goods._change_reason = "Imported"
            goods.save()

    def before_import(self, dataset, **kwargs):
        # Flows have no natural key: a file of new flows need not carry an empty id column.
        if "id" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="id")
        super().before_import(dataset, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("funder", "recipient")

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        refresh_usd_estimates([instance])
