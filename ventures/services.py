"""Writes that derive stored values for flows: the USD estimate from ``ExchangeRate``.

The estimate answers "roughly how many US dollars is this?" so flows stated in yuan,
yen, Singapore dollars and US dollars can be summed and sorted. It is derived, never
typed: ``refresh_usd_estimates`` recomputes it from the flow's stated amount and the
rate table, and a test checks that the stored values match a fresh computation.

Which year's rate:
- the flow's own year (start, else end) when the article dates it;
- otherwise the publication year of the earliest source that cites it, since an
  undated amount is reported as of the article's date;
- otherwise (an undated flow in an undated article) every year the table holds for
  that currency: the low bound uses the strongest-dollar year and the high bound the
  weakest, so the range honestly widens with what is not known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from core.records import Qualifier
from core.versions import RecordChanged
from ventures.models import ExchangeRate, FundingFlow

CENT = Decimal("0.01")

#: Flows that state an amount but have no USD estimate: usually a missing rate.
MONETARY_WITHOUT_USD = ~Q(amount_qualifier=Qualifier.UNKNOWN) & Q(
    usd_low__isnull=True, usd_high__isnull=True
)


@dataclass(frozen=True)
class UsdEstimate:
    low: Decimal | None
    high: Decimal | None
    years: str

    @classmethod
    def none(cls) -> UsdEstimate:
        return cls(None, None, "")


RateTable = dict[str, dict[int, Decimal]]


def load_rate_table() -> RateTable:
    table: RateTable = defaultdict(dict)
    for currency, year, units in ExchangeRate.objects.values_list(
        "currency", "year", "units_per_usd"
    ):
        table[currency][year] = units
    return table


def reference_year(flow: FundingFlow) -> int | None:
    """The year whose rate applies: the flow's own, else its earliest citing source's."""
    if flow.start_year or flow.end_year:
        return flow.start_year or flow.end_year
    return earliest_year(citation.source.published_on for citation in flow.citations.all())


def earliest_year(published_on: Iterable[date | None]) -> int | None:
    """The earliest year among the citing sources' dates; None when all are undated."""
    years = [day.year for day in published_on if day]
    return min(years) if years else None


def _years_label(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return f"{min(years)}–{max(years)} (undated: every year in the table)"


def estimate_usd(flow: FundingFlow, rates: RateTable) -> UsdEstimate:
    """The USD low/high for one flow's stated amount; empty when it cannot be known."""
    if not flow.is_monetary:
        return UsdEstimate.none()
    year = None if flow.currency == "USD" else reference_year(flow)
    return estimate_amount(flow.currency, flow.amount_low, flow.amount_high, year, rates)


def estimate_amount(
    currency: str,
    low: Decimal | None,
    high: Decimal | None,
    year: int | None,
    rates: RateTable,
) -> UsdEstimate:
    """The USD low/high of a stated amount, given the year whose rate applies.

    ``estimate_usd`` for rows that are not model instances: a bulk load (the synthetic
    data generator) that knows each flow's reference year calls this directly, so its
    stored estimates are the ones ``refresh_usd_estimates`` would compute.
    """
    if currency == "USD":
        units = {None: Decimal(1)}
    else:
        by_year = rates.get(currency, {})
        if year is not None:
            units = {year: by_year[year]} if year in by_year else {}
        else:
            units = dict(by_year)
        if not units:
            return UsdEstimate.none()

    def convert(amount: Decimal | None, per_usd: Decimal) -> Decimal | None:
        if amount is None:
            return None
        return (amount / per_usd).quantize(CENT, rounding=ROUND_HALF_UP)

    strongest_dollar = max(units.values())
    weakest_dollar = min(units.values())
    years = sorted(year for year in units if year is not None)
    return UsdEstimate(
        low=convert(low, strongest_dollar),
        high=convert(high, weakest_dollar),
        years=_years_label(years),
    )


@transaction.atomic
def refresh_usd_estimates(flows: Iterable[FundingFlow] | None = None) -> int:
    """Recompute and store the USD estimate of the given (or every) flow; count the changes."""
    rates = load_rate_table()
    if flows is None:
        flows = FundingFlow.objects.prefetch_related("citations__source")
    changed = 0
    for flow in flows:
        try:
            changed += _store_estimate(flow, rates)
        except RecordChanged:
            # Edited since it was read: compute again from what the editor saved.
            flow.refresh_from_db()
            changed += _store_estimate(flow, rates)
    return changed


def _store_estimate(flow: FundingFlow, rates: RateTable) -> int:
    estimate = estimate_usd(flow, rates)
    stored = UsdEstimate(flow.usd_low, flow.usd_high, flow.usd_rate_years)
    if stored == estimate:
        return 0
    flow.usd_low, flow.usd_high, flow.usd_rate_years = estimate.low, estimate.high, estimate.years
    # A savepoint, so a refused save leaves the surrounding transaction usable.
    with transaction.atomic():
        flow.save(update_fields=["usd_low", "usd_high", "usd_rate_years"])
    return 1
