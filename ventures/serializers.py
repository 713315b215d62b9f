"""API representations of ventures, funding flows, places, sectors and exchange rates.

As in ``people.serializers``: related records are summaries read from the
``visible_*`` attributes the viewsets prefetch; writes take ids and save through
``full_clean``. A flow's USD estimate is derived (``ventures.services``), never written.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    absolute_url,
    detail_url,
)
from core.serializers import (
    MAX_NESTED,
    ArchiveModelSerializer,
    CleanModelSerializer,
    PartySummary,
    PlaceSummary,
    SectorSummary,
    SlugLinkField,
    VisibleRelatedField,
)
from people.models import Party
from people.serializers import (
    PARTY_FIELDS,
    PARTY_LINKS,
    RECORD_FIELDS,
    WRITABLE_PARTY_FIELDS,
    WRITABLE_RECORD_FIELDS,
    PartySerializer,
    PartyWriteSerializer,
    RecordSerializer,
    RoleInlineSerializer,
)
from ventures.models import (
    ExchangeRate,
    FundingFlow,
    GoodsItem,
    Place,
    Sector,
    StatedConversion,
    Venture,
)

MONEY = {"max_digits": 24, "decimal_places": 2, "read_only": True}


class VentureSerializer(PartySerializer):
    resource = "venture"
    kind = serializers.CharField(source="venture_kind", read_only=True)
    sectors = SectorSummary(many=True, read_only=True)
    place = PlaceSummary(source="visible_place", read_only=True, allow_null=True)
    operated_by = PartySummary(source="visible_operator", read_only=True, allow_null=True)
    roles = RoleInlineSerializer(source="visible_roles", many=True, read_only=True)
    funding_usd_low = serializers.DecimalField(
        **MONEY, help_text="Sum of the low USD estimates of the public flows it receives."
    )
    funding_usd_high = serializers.DecimalField(
        **MONEY,
        help_text="Sum of their high USD estimates (an open-ended flow counts its low bound).",
    )

    class Meta:
        model = Venture
        fields = [
            *PARTY_FIELDS,
            "kind",
            "sectors",
            "place",
            "status",
            "founded_year",
            "founded_month",
            "founded_day",
            "closed_year",
            "closed_month",
            "closed_day",
            "size",
            "ownership",
            "operated_by",
            "roles",
            "funding_usd_low",
            "funding_usd_high",
            *PARTY_LINKS,
        ]


class StatedConversionSerializer(ArchiveModelSerializer):
    class Meta:
        model = StatedConversion
        fields = ["from_amount", "to_currency", "to_amount", "is_approximate", "as_stated"]


class GoodsItemSerializer(ArchiveModelSerializer):
    class Meta:
        model = GoodsItem
        fields = ["item", "quantity_low", "quantity_high", "quantity_qualifier", "description"]


FLOW_FIELDS = [
    "funder_description",
    "recipient_description",
    "kind",
    "status",
    "channel",
    "purpose",
    "amount_low",
    "amount_high",
    "amount_qualifier",
    "amount_as_stated",
    "currency",
    "basis",
    "payment_count",
    "start_year",
    "start_month",
    "start_day",
    "end_year",
    "end_month",
    "end_day",
    "date_as_stated",
]


class FundingFlowSerializer(RecordSerializer):
    resource = "funding-flow"
    funder = PartySummary(read_only=True, allow_null=True)
    recipient = PartySummary(read_only=True, allow_null=True)
    amount_display = serializers.CharField(
        read_only=True, help_text='The amount as a reader says it: "CNY 20,000–30,000".'
    )
    conversions = StatedConversionSerializer(many=True, read_only=True)
    goods = GoodsItemSerializer(many=True, read_only=True)

    class Meta:
        model = FundingFlow
        fields = [
            "id",
            "url",
            "funder",
            "recipient",
            *FLOW_FIELDS,
            "amount_display",
            "usd_low",
            "usd_high",
            "usd_rate_years",
            "conversions",
            "goods",
            "citations",
            *RECORD_FIELDS,
        ]


class PlaceSerializer(RecordSerializer):
    resource = "place"
    parent = PlaceSummary(source="visible_parent", read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    ventures_url = serializers.SerializerMethodField(help_text="The ventures in this place.")

    class Meta:
        model = Place
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "parent",
            "country",
            "description",
            "aliases",
            "ventures_url",
            "citations",
            *RECORD_FIELDS,
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_ventures_url(self, place) -> str:
        return absolute_url(self.context.get("request"), "api:venture-list", {"place": place.slug})


class SectorSerializer(ArchiveModelSerializer):
    url = serializers.SerializerMethodField()
    ventures_url = serializers.SerializerMethodField(help_text="The ventures in this sector.")

    class Meta:
        model = Sector
        fields = ["id", "url", "name", "slug", "description", "ventures_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, sector) -> str:
        return detail_url(self.context.get("request"), "sector", sector.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ventures_url(self, sector) -> str:
        return absolute_url(
            self.context.get("request"), "api:venture-list", {"sector": sector.slug}
        )


class ExchangeRateSerializer(ArchiveModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ExchangeRate
        fields = ["id", "url", "currency", "year", "units_per_usd", "source_kind", "source"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, rate) -> str:
        return detail_url(self.context.get("request"), "exchange-rate", rate.pk)


# Writes ------------------------------------------------------------------------------


class VentureWriteSerializer(PartyWriteSerializer):
    kind = serializers.ChoiceField(
        source="venture_kind", choices=Venture._meta.get_field("venture_kind").choices
    )
    sectors = SlugLinkField(
        slug_field="slug", many=True, queryset=Sector.objects.all(), required=False
    )
    place = VisibleRelatedField(Place, required=False, allow_null=True)
    operated_by = VisibleRelatedField(Party, required=False, allow_null=True)

    class Meta:
        model = Venture
        fields = [
            *WRITABLE_PARTY_FIELDS,
            "kind",
            "sectors",
            "place",
            "status",
            "founded_year",
            "founded_month",
            "founded_day",
            "closed_year",
            "closed_month",
            "closed_day",
            "size",
            "ownership",
            "operated_by",
            *WRITABLE_RECORD_FIELDS,
        ]


class FundingFlowWriteSerializer(CleanModelSerializer):
    """Conversions and goods are replaced wholesale when given; USD is recomputed."""

    funder = VisibleRelatedField(Party, required=False, allow_null=True)
    recipient = VisibleRelatedField(Party, required=False, allow_null=True)
    conversions = StatedConversionSerializer(many=True, required=False, max_length=MAX_NESTED)
    goods = GoodsItemSerializer(many=True, required=False, max_length=MAX_NESTED)
    children = {"conversions": "conversions", "goods": "goods"}

    class Meta:
        model = FundingFlow
        fields = [
            "funder",
            "recipient",
            *FLOW_FIELDS,
            "conversions",
            "goods",
            *WRITABLE_RECORD_FIELDS,
        ]


class PlaceWriteSerializer(CleanModelSerializer):
    parent = VisibleRelatedField(Place, required=False, allow_null=True)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=MAX_NESTED,
        help_text="Other names.",
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "slug",
            "kind",
            "parent",
            "country",
            "description",
            "aliases",
            *WRITABLE_RECORD_FIELDS,
        ]

    def _split(self, validated_data):
        if "aliases" in validated_data:
            validated_data["aliases"] = [{"name": name} for name in validated_data["aliases"]]
        return super()._split(validated_data)

    children = {"aliases": "aliases"}


class SectorWriteSerializer(CleanModelSerializer):
    class Meta:
        model = Sector
        fields = ["name", "slug", "description"]


class ExchangeRateWriteSerializer(CleanModelSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "year", "units_per_usd", "source_kind", "source"]
