"""API viewsets for ventures, funding flows (with their summary), places, sectors and rates.

Each reads through its resource's selector (``ventures/selectors.py``, by way of
``ventures/registry.py``); related records that may be hidden (a venture's place or
operator, a place's parent) are prefetched there through visible querysets into
``visible_*`` attributes.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    ERROR_RESPONSES,
    ArchiveViewSet,
    PagePagination,
    document_resource,
    given_parameters,
    positive_int,
)
from core.api_lists import csv_plan
from core.serializers import PartySummary
from people.models import Party
from people.selectors import parties_for
from ventures.facets import flow_narrowing
from ventures.filters import (
    ExchangeRateFilter,
    FundingFlowFilter,
    PlaceFilter,
    SectorFilter,
    VentureFilter,
)
from ventures.flow_stats import END_SIDES, GROUPED, LiveStats, summary_for
from ventures.models import FlowKind, FundingFlow
from ventures.selectors import MONEY
from ventures.serializers import (
    ExchangeRateSerializer,
    ExchangeRateWriteSerializer,
    FundingFlowSerializer,
    FundingFlowWriteSerializer,
    PlaceSerializer,
    PlaceWriteSerializer,
    SectorSerializer,
    SectorWriteSerializer,
    VentureSerializer,
    VentureWriteSerializer,
)
from ventures.services import (
    COUNTING_RULE,
    countable,
    re_estimate_for_rates,
    refresh_usd_estimates,
)

#: On a rate's write: how many flows it moves that wait for ``manage.py estimate_usd``
#: (more than ``ventures.services.RATE_WRITE_LIMIT``).
PENDING_HEADER = "X-USD-Estimates-Pending"


@extend_schema_view(
    **document_resource(
        VentureSerializer,
        VentureWriteSerializer,
        "venture",
        "ventures",
        [
            OpenApiExample(
                "Ventures in a sector",
                summary="GET /api/v1/ventures/?sector=software",
                response_only=True,
                # One record: the paginator wraps it in its envelope (next, previous, results).
                value={
                    "id": 311,
                    "url": "https://archive.example.org/api/v1/ventures/311/",
                    "name": "Nosotek",
                    "slug": "nosotek",
                    "kind": "joint_venture",
                    "sectors": [
                        {
                            "id": 5,
                            "name": "Software",
                            "url": "https://archive.example.org/api/v1/sectors/5/",
                        }
                    ],
                    "funding_usd_low": "0.00",
                    "funding_usd_high": "0.00",
                },
            )
        ],
    )
)
class VentureViewSet(ArchiveViewSet):
    """Businesses, joint ventures, zones and programmes, with sectors, place and funding."""

    read_serializer_class = VentureSerializer
    write_serializer_class = VentureWriteSerializer
    filterset_class = VentureFilter
    # The public list's order and the columns most filters test are in one index of the
    # ventures' own table (migration 0026): a page's keys are read from it alone, then
    # its rows by key (``Keyset.page``).
    keys_first = True
    facets = {
        "kind": "venture_kind",
        "status": "status",
        "sector": "sectors__slug",
        "founded": "founded_year",
    }


# The funding summary -----------------------------------------------------------------

GROUPS = {
    "funder": "funder",
    "recipient": "recipient",
    "year": "start_year",
    "kind": "kind",
    "currency": "currency",
}


def totals_of(flows: QuerySet[FundingFlow]) -> dict:
    """Counts of every flow; USD sums that leave out a part whose whole is in ``flows``."""
    summed = countable(flows)
    return {
        "flows": Count("pk"),
        "total_usd_low": Coalesce(Sum("usd_low", filter=summed), Value(0), output_field=MONEY),
        "total_usd_high": Coalesce(
            Sum(Coalesce("usd_high", "usd_low"), filter=summed), Value(0), output_field=MONEY
        ),
        "without_usd": Count("pk", filter=Q(usd_low__isnull=True, usd_high__isnull=True)),
    }


class TotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="flows", help_text="How many flows.")
    usd_low = serializers.DecimalField(
        source="total_usd_low",
        max_digits=24,
        decimal_places=2,
        help_text="Sum of the low USD estimates (a flow known only as 'nearly X' adds 0).",
    )
    usd_high = serializers.DecimalField(
        source="total_usd_high",
        max_digits=24,
        decimal_places=2,
        help_text="Sum of the high USD estimates (an open-ended flow adds its low bound).",
    )
    without_usd = serializers.IntegerField(
        help_text="Flows with no USD estimate (goods in kind, amounts not stated)."
    )


class FlowGroupSerializer(TotalsSerializer):
    key = serializers.CharField(allow_null=True, help_text="The group's value; null if none.")
    label = serializers.CharField()
    party = PartySummary(allow_null=True, help_text="The funder or recipient, when grouped so.")


class FlowSummarySerializer(serializers.Serializer):
    counting_rule = serializers.CharField(help_text="How the totals count parts and wholes.")
    group_by = serializers.ChoiceField(choices=list(GROUPS), allow_null=True)
    total = TotalsSerializer()
    count = serializers.IntegerField(help_text="How many groups.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FlowGroupSerializer(many=True)


class SummaryQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(GROUPS), required=False)


def flow_groups(flows: QuerySet[FundingFlow], group_by: str) -> QuerySet:
    """Totals per group: by party (an unnamed end groups by its description), year,
    kind or currency. Years run in order; other groups from the largest."""
    column = GROUPS[group_by]
    unnamed = Value("")
    if group_by in ("funder", "recipient"):
        unnamed = Case(
            When(**{f"{column}__isnull": True}, then=F(f"{column}_description")), default=unnamed
        )
    groups = flows.order_by().values(key=F(column), unnamed=unnamed).annotate(**totals_of(flows))
    if group_by == "year":
        return groups.order_by(F("key").asc(nulls_last=True))
    return groups.order_by("-total_usd_high", "-flows", F("key").asc(nulls_last=True), "unnamed")


def group_label(group_by: str, group: dict, party: Party | None) -> str:
    key = group["key"]
    if group_by in ("funder", "recipient"):
        return party.name if party else group["unnamed"]
    if group_by == "year":
        return str(key) if key is not None else "undated"
    if group_by == "kind":
        return FlowKind(key).label
    return key or "no currency (goods or amount not stated)"


@extend_schema_view(
    **document_resource(FundingFlowSerializer, FundingFlowWriteSerializer, "flow", "funding flows")
)
class FundingFlowViewSet(ArchiveViewSet):
    """Flows of money or goods from a funder to a recipient, with amounts as stated."""

    read_serializer_class = FundingFlowSerializer
    write_serializer_class = FundingFlowWriteSerializer
    filterset_class = FundingFlowFilter
    filtered_actions = ("list", "summary")
    facets = {"kind": "kind", "status": "status", "currency": "currency", "year": "start_year"}

    def allowed_parameters(self) -> set[str]:
        if self.action == "summary":
            return {*self.filterset_class.base_filters, "group_by", "page", "page_size", "format"}
        return super().allowed_parameters()

    def csv_plan(self) -> dict | None:
        if self.action == "summary":
            return csv_plan(FlowGroupSerializer())
        return super().csv_plan()

    def after_write(self, flow) -> None:
        if flow.pk is not None:
            refresh_usd_estimates([flow])

    @extend_schema(
        summary="Totals of funding flows",
        description="The count and USD low/high totals of the flows the filters select, "
        "overall and per group (`group_by`). Same filters as the flow list.",
        parameters=[
            OpenApiParameter(
                "group_by",
                OpenApiTypes.STR,
                enum=list(GROUPS),
                description="Group by funder, recipient, year (start year), kind or currency.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page of groups, from 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Groups per page."),
        ],
        responses={200: FlowSummarySerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Every flow to Chongryon, by funder",
                summary="?recipient=chongryon&group_by=funder",
                response_only=True,
                value={
                    "group_by": "funder",
                    "total": {
                        "count": 2,
                        "usd_low": "357854651.57",
                        "usd_high": "628537398.21",
                        "without_usd": 0,
                    },
                    "count": 2,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "key": "208",
                            "label": "Government of North Korea",
                            "party": {
                                "id": 208,
                                "name": "Government of North Korea",
                                "url": "https://archive.example.org/api/v1/organizations/208/",
                                "type": "organization",
                            },
                            "count": 1,
                            "usd_low": "355811801.55",
                            "usd_high": "626494548.19",
                            "without_usd": 0,
                        },
                        {
                            "key": "104",
                            "label": "Kim Jong Un",
                            "party": {
                                "id": 104,
                                "name": "Kim Jong Un",
                                "url": "https://archive.example.org/api/v1/people/104/",
                                "type": "person",
                            },
                            "count": 1,
                            "usd_low": "2042850.02",
                            "usd_high": "2042850.02",
                            "without_usd": 0,
                        },
                    ],
                },
            )
        ],
    )
    @action(detail=False, methods=["get"], url_path="summary")
    def summary(self, request):
        query = SummaryQuerySerializer(data=given_parameters(request))
        query.is_valid(raise_exception=True)
        group_by = query.validated_data.get("group_by")
        # Checked even without groups to page through: bad input is refused, not ignored.
        positive_int(request, "page", 1)
        positive_int(request, "page_size", PagePagination.page_size, PagePagination.max_page_size)
        filterset = self.valid_filterset()
        flows = filterset.qs.order_by()
        # The site's figures, read as the flow listing reads them (``summary_for``): from
        # the summary kept on write where it answers, else live. A part whose whole is in
        # the same set adds no money again (COUNTING_RULE).
        summary = summary_for(request.user, flow_narrowing(filterset))
        figures = (summary or LiveStats(flows)).totals()
        total = {
            "flows": figures.count,
            "total_usd_low": figures.usd_low,
            "total_usd_high": figures.usd_high,
            "without_usd": figures.without_usd,
        }
        not_modified, headers = self.conditional("summary", total["flows"])
        if not_modified is not None:
            return not_modified
        page, parties = [], {}
        paginator = PagePagination()
        if group_by:
            column = GROUPS[group_by]
            groups = None
            if summary is not None and column in GROUPED:
                groups = summary.grouped(column)
            elif summary is not None and group_by in END_SIDES:
                groups = summary.ranked_ends(group_by)
            if groups is None:
                groups = flow_groups(flows, group_by)
            page = paginator.paginate_queryset(groups, request, self)
            if group_by in ("funder", "recipient"):
                keys = [group["key"] for group in page if group["key"] is not None]
                parties = parties_for(request.user).in_bulk(keys)
        results = []
        for group in page:
            party = parties.get(group["key"]) if parties else None
            results.append(
                {
                    **group,
                    "key": None if group["key"] is None else str(group["key"]),
                    "label": group_label(group_by, group, party),
                    "party": party,
                }
            )
        context = self.get_serializer_context()
        body = {
            "counting_rule": COUNTING_RULE,
            "group_by": group_by,
            "total": TotalsSerializer(total, context=context).data,
            "count": paginator.page.paginator.count if group_by else 0,
            "next": paginator.get_next_link() if group_by else None,
            "previous": paginator.get_previous_link() if group_by else None,
            "results": FlowGroupSerializer(results, many=True, context=context).data,
        }
        return Response(body, headers=headers)


@extend_schema_view(**document_resource(PlaceSerializer, PlaceWriteSerializer, "place", "places"))
class PlaceViewSet(ArchiveViewSet):
    """Countries, provinces, counties, cities and zones; places nest through ``parent``."""

    read_serializer_class = PlaceSerializer
    write_serializer_class = PlaceWriteSerializer
    filterset_class = PlaceFilter
    facets = {"kind": "kind", "country": "country"}


@extend_schema_view(
    **document_resource(SectorSerializer, SectorWriteSerializer, "sector", "sectors")
)
class SectorViewSet(ArchiveViewSet):
    """The controlled vocabulary of business sectors (reference data: no review state)."""

    read_serializer_class = SectorSerializer
    write_serializer_class = SectorWriteSerializer
    filterset_class = SectorFilter
    reviewed = False


@extend_schema_view(
    **document_resource(
        ExchangeRateSerializer,
        ExchangeRateWriteSerializer,
        "exchange rate",
        "exchange rates",
    )
)
class ExchangeRateViewSet(ArchiveViewSet):
    """Units of a currency per US dollar by year: the table behind every USD estimate."""

    read_serializer_class = ExchangeRateSerializer
    write_serializer_class = ExchangeRateWriteSerializer
    filterset_class = ExchangeRateFilter
    facets = {"currency": "currency", "year": "year", "source_kind": "source_kind"}
    reviewed = False

    def get_object(self):
        rate = super().get_object()
        # A rate moved to another currency or year leaves the old one's flows to redo too.
        self.rates_before = [(rate.currency, rate.year)]
        return rate

    def after_write(self, rate) -> None:
        moved = [(rate.currency, rate.year), *getattr(self, "rates_before", ())]
        self.pending_estimates = re_estimate_for_rates(moved)

    def finalize_response(self, request, response, *args, **kwargs):
        # Too many flows to re-estimate in the request: how many wait for the command.
        pending = getattr(self, "pending_estimates", 0)
        if pending:
            response[PENDING_HEADER] = str(pending)
        return super().finalize_response(request, response, *args, **kwargs)
