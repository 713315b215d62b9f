"""Totals and charts of the flow listing, summed in SQL from the stored USD estimates.

An open-ended estimate ("more than US$4,522") has no high bound, so the high total
counts its low bound instead. Amounts are summed as the articles state them even
where their bases differ (one payment, per year, to date); the page says so. A flow
that is part of another is counted as a flow but its money is not summed with its
whole's (``ventures.services.countable_flows``); ``FlowTotals.parts_left_out`` says how
many were left out of the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.template.defaultfilters import pluralize

from ventures import amounts
from ventures.models import FlowKind, FundingFlow
from ventures.services import COUNTING_RULE, countable_flows


@dataclass(frozen=True)
class FlowTotals:
    count: int
    estimated: int
    open_ended: int
    usd_low: Decimal
    usd_high: Decimal
    #: Flows left out of the sums because their whole is counted.
    parts_left_out: int = 0
    counting_rule: str = COUNTING_RULE

    @property
    def not_estimated(self) -> int:
        return self.count - self.parts_left_out - self.estimated

    @property
    def usd_display(self) -> str:
        if not self.estimated:
            return ""
        if self.usd_low == self.usd_high:
            return f"US${self.usd_low:,.0f}"
        return f"US${self.usd_low:,.0f}–{self.usd_high:,.0f}"


def _usd_sums(flows: QuerySet[FundingFlow]) -> dict:
    """Low and high USD sums over the countable flows of ``flows`` (no part beside its whole).

    An open-ended estimate counts its low bound as its high.
    """
    money = DecimalField(max_digits=22, decimal_places=2)
    zero = Value(0, output_field=money)
    countable = ~Q(whole__in=flows.order_by().values("pk"))
    return {
        "low": Coalesce(Sum("usd_low", filter=countable), zero, output_field=money),
        "high": Coalesce(
            Sum(Coalesce("usd_high", "usd_low"), filter=countable), zero, output_field=money
        ),
    }


def _open_ended(flows: QuerySet[FundingFlow]) -> Count:
    """How many countable flows of a chart bar have no high bound: its high sum is a floor."""
    countable = ~Q(whole__in=flows.order_by().values("pk"))
    return Count("pk", filter=countable & Q(usd_low__isnull=False, usd_high__isnull=True))


def flow_totals(flows: QuerySet[FundingFlow]) -> FlowTotals:
    """Count every flow; sum only the countable ones (no part beside its whole)."""
    has_estimate = Q(usd_low__isnull=False) | Q(usd_high__isnull=False)
    count = flows.order_by().count()
    totals = (
        countable_flows(flows)
        .order_by()
        .aggregate(
            counted=Count("pk"),
            estimated=Count("pk", filter=has_estimate),
            open_ended=Count("pk", filter=Q(usd_low__isnull=False, usd_high__isnull=True)),
            **_usd_sums(flows),
        )
    )
    return FlowTotals(
        count,
        totals["estimated"],
        totals["open_ended"],
        totals["low"],
        totals["high"],
        parts_left_out=count - totals["counted"],
    )


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    usd_low: Decimal
    usd_high: Decimal
    #: The bar's length as a share of the longest bar, 0–100.
    share: float
    url: str = ""
    #: Flows in the bar whose estimate has no high bound ("more than"): its high is a floor.
    open_ended: int = 0

    @property
    def usd_display(self) -> str:
        """The site's wording (ventures/amounts.py): "US$360M–630M", "US$2M or more"."""
        if not self.usd_high:
            return ""
        return amounts.usd_range(self.usd_low, self.usd_high, bool(self.open_ended))

    @property
    def description(self) -> str:
        """The bar in words, for its tooltip: "2016: 3 flows, US$2M or more"."""
        flows = f"{self.count} flow{pluralize(self.count)}"
        return (
            f"{self.label}: {flows}, {self.usd_display}"
            if self.usd_display
            else f"{self.label}: {flows}"
        )


def _bars(rows: list[tuple[str, int, Decimal, Decimal, str, int]]) -> list[ChartBar]:
    longest = max((row[1] for row in rows), default=0) or 1
    return [
        ChartBar(label, count, low, high, round(100 * count / longest, 1), url, open_ended)
        for label, count, low, high, url, open_ended in rows
    ]


#: A year chart spanning more years than this lists only the years that have flows.
YEAR_CHART_SPAN = 40


def flows_by_year(flows: QuerySet[FundingFlow], params: QueryDict) -> list[ChartBar]:
    """Flows by the year they start (or end, when only that is known); undated last."""
    rows = list(
        flows.order_by()
        .annotate(year=Coalesce("start_year", "end_year"))
        .values("year")
        .annotate(count=Count("pk"), open_ended=_open_ended(flows), **_usd_sums(flows))
        .order_by(F("year").asc(nulls_last=True))
    )
    by_year = {row["year"]: row for row in rows}
    years = [year for year in by_year if year is not None]
    if years and max(years) - min(years) <= YEAR_CHART_SPAN:
        years = list(range(min(years), max(years) + 1))
    empty = {"count": 0, "low": Decimal(0), "high": Decimal(0), "open_ended": 0}
    bars = []
    for year in years:
        row = by_year.get(year, empty)
        url = _with(params, year_from=year, year_to=year)
        bars.append((str(year), row["count"], row["low"], row["high"], url, row["open_ended"]))
    if None in by_year:
        row = by_year[None]
        bars.append(("Undated", row["count"], row["low"], row["high"], "", row["open_ended"]))
    return _bars(bars)


def flows_by_kind(flows: QuerySet[FundingFlow], params: QueryDict) -> list[ChartBar]:
    rows = {
        row["kind"]: row
        for row in flows.order_by()
        .values("kind")
        .annotate(count=Count("pk"), open_ended=_open_ended(flows), **_usd_sums(flows))
    }
    return _bars(
        [
            (
                label,
                rows[kind]["count"],
                rows[kind]["low"],
                rows[kind]["high"],
                _with(params, kind=kind),
                rows[kind]["open_ended"],
            )
            for kind, label in FlowKind.choices
            if kind in rows
        ]
    )


def _with(params: QueryDict, **values) -> str:
    query = params.copy()
    query.pop("page", None)
    for name, value in values.items():
        query.setlist(name, [str(value)])
    return f"?{query.urlencode()}"
