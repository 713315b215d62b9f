"""Writes that derive stored values: a flow's USD estimate, a venture's funding totals.

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

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import (
    DecimalField,
    Exists,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from core.aggregates import DistinctValues
from core.keyset import batches
from core.records import Qualifier
from core.versions import RecordChanged
from ventures.models import ExchangeRate, FundingFlow, Venture

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


#: How totals count, said wherever a total is shown (flow listing, API summary).
COUNTING_RULE = (
    "Each unit of money is counted once: a flow that is part of another (the rural grocery "
    "stores' investments within the defector's total) is left out when its whole is counted "
    "too; a flow that only refers to another's amount adds nothing of its own."
)


def countable(flows: QuerySet[FundingFlow]) -> Q:
    """Whether a flow of ``flows`` is summed: it is no part, or its whole is not among them.

    ``FundingFlow.clean`` keeps parts one level deep, so leaving out the parts whose
    ``whole`` is in the same set never counts a part and its whole together. A part
    whose whole is filtered out (or hidden) is counted, since it is then all there is.

    The parts are looked up among the few flows that are wholes of some part, not among
    the whole set: as ``whole NOT IN (every flow of the set)`` PostgreSQL hashed the set
    first, and where that did not fit ``work_mem`` (its default 4MB) it compared each
    flow with the set one by one: the unfiltered API summary ran for more than eleven
    minutes at a million flows (docs/BENCHMARKS.md).

    Those wholes are read first, as a list: the condition is then a constant, which a
    grouped read can test in each of its sums without repeating the set's own filter in
    a subquery per sum (the flows page's totals repeat it five times; a search for
    "kim", with two arrays of 30,000 parties in it, spent 150 ms planning them). No
    outer reference either, so the condition also holds inside an aggregate over a
    DISTINCT set.
    """
    wholes = FundingFlow.objects.using(flows.db).filter(whole__isnull=False).values("whole_id")
    among = list(flows.order_by().filter(pk__in=wholes).values_list("pk", flat=True))
    if not among:
        return Q()
    return Q(whole__isnull=True) | ~Q(whole__among=among)


def countable_flows(flows: QuerySet[FundingFlow]) -> QuerySet[FundingFlow]:
    """The flows of ``flows`` to sum (``countable``)."""
    return flows.filter(countable(flows))


def reference_year(flow: FundingFlow) -> int | None:
    """The year whose rate applies: the flow's own, else its earliest citing source's."""
    if flow.start_year or flow.end_year:
        return flow.start_year or flow.end_year
    return earliest_year(citation.source.published_on for citation in flow.citations.all())


def written_years(flow: FundingFlow) -> list[int]:
    """For an undated flow in undated articles: every year its articles can be from.

    The window is the archivist's, set on each undated source from what the article
    mentions (``Source.written_from_year`` / ``written_to_year``), so the USD range does
    not depend on which years the rate table happens to hold. The union over the citing
    sources; empty when none sets a window.
    """
    years: set[int] = set()
    for citation in flow.citations.all():
        source = citation.source
        if source.written_from_year and source.written_to_year:
            years.update(range(source.written_from_year, source.written_to_year + 1))
    return sorted(years)


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
    if year is None and flow.currency != "USD":
        window = written_years(flow)
        if window:
            return _estimate_over(flow, window, rates)
    estimate = estimate_amount(flow.currency, flow.amount_low, flow.amount_high, year, rates)
    return _flag_ambiguous(flow, estimate)


def _estimate_over(flow: FundingFlow, years: list[int], rates: RateTable) -> UsdEstimate:
    """The range over every year of the window; empty if the table lacks any of them."""
    by_year = rates.get(flow.currency, {})
    if any(year not in by_year for year in years):
        return UsdEstimate.none()
    window = {flow.currency: {year: by_year[year] for year in years}}
    estimate = estimate_amount(flow.currency, flow.amount_low, flow.amount_high, None, window)
    label = f"{years[0]}–{years[-1]} (undated: every year the article can be from)"
    return _flag_ambiguous(flow, UsdEstimate(estimate.low, estimate.high, label))


def _flag_ambiguous(flow: FundingFlow, estimate: UsdEstimate) -> UsdEstimate:
    if flow.currency_is_ambiguous and estimate.low is not None:
        note = f"currency assumed {flow.currency}"
        years = f"{estimate.years}; {note}" if estimate.years else note
        return UsdEstimate(estimate.low, estimate.high, years)
    return estimate


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


#: Flows re-estimated at a time when every estimate is recomputed: each batch is read
#: with its citations' sources, which a prefetch names one parameter a flow (PostgreSQL
#: takes 65,535 a statement: reading every flow at once failed at 100,000 flows), and
#: its ventures' totals are refreshed with it, so no venture is locked for longer.
ESTIMATE_BATCH = 2_000


def refresh_usd_estimates(
    flows: Iterable[FundingFlow] | QuerySet[FundingFlow] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute and store the USD estimate of the given flows (or every flow); count the
    changes.

    Flows in hand (a list) are done at once. A queryset, or every flow, is read
    ``ESTIMATE_BATCH`` at a time in key order, each batch in a transaction of its own,
    and ``progress`` is told the flows read and changed so far after each batch."""
    rates = load_rate_table()
    if flows is not None and not isinstance(flows, QuerySet):
        return _store_estimates(flows, rates)
    changed = read = 0
    flows = FundingFlow.objects.all() if flows is None else flows
    for batch in batches(flows.prefetch_related("citations__source"), ESTIMATE_BATCH):
        changed += _store_estimates(batch, rates)
        read += len(batch)
        if progress is not None:
            progress(read, changed)
    return changed


#: Flows a rate written in the admin or the API re-estimates while the writer waits, at
#: most: each is saved with its history and change event (~40 ms at 10×), so a rate
#: whose year and currency a national archive's thousands of flows use is left to
#: ``manage.py estimate_usd``, and the writer is told so.
RATE_WRITE_LIMIT = 200


def re_estimate_for_rates(rates: Iterable[tuple[str, int]]) -> int:
    """Re-estimate the flows the rates written move (``flows_rates_move``), if they are
    few (``RATE_WRITE_LIMIT``); return 0, or how many there are when they are not, which
    then wait for ``manage.py estimate_usd``."""
    moved = flows_rates_move(rates)
    found = len(moved.values_list("pk", flat=True)[: RATE_WRITE_LIMIT + 1])
    if found > RATE_WRITE_LIMIT:
        return moved.count()
    refresh_usd_estimates(moved)
    return 0


def pending_estimates_message(pending: int) -> str:
    return (
        f"{pending:,} funding flows use the rates written: too many to re-estimate while"
        " you wait. Their USD estimates change when manage.py estimate_usd next runs."
    )


def flows_rates_move(rates: Iterable[tuple[str, int]]) -> QuerySet[FundingFlow]:
    """The flows whose estimate a rate for (currency, year) can change: that currency's
    flows dated that year (start, else end), and its undated flows, which take their
    year from the sources citing them or from every year the table holds.

    A rate written or deleted re-estimates these, not every flow (a million at 10×).
    Undated flows are most of them (37,169 move with the yuan's 2016 rate at 10×): an
    undated flow's year is its sources', which this does not read."""
    moved = Q(pk__in=[])
    for currency, year in set(rates):
        undated = Q(start_year__isnull=True, end_year__isnull=True)
        dated = Q(start_year=year) | Q(start_year__isnull=True, end_year=year)
        moved |= Q(currency=currency) & (dated | undated)
    return FundingFlow.objects.filter(moved)


def _store_estimates(flows: Iterable[FundingFlow], rates: RateTable) -> int:
    """The estimates of ``flows`` and their ventures' totals, in one transaction: a batch
    at a time, so that a run over every flow locks no flow or venture for its length
    (an estimate is derived: a run stopped midway is finished by running it again)."""
    changed = 0
    with transaction.atomic(), deferred_funding_totals():
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


# Stored funding totals ------------------------------------------------------------------
#
# Each venture stores the USD sums of the public flows it receives, so a listing reads
# two columns instead of summing every listed venture's flows per request. They are
# refreshed in the writing transaction by ``ventures.signals`` whenever a flow is
# written or deleted, a party's visibility changes, or a rate re-estimates flows.

MONEY = DecimalField(max_digits=22, decimal_places=2)

_deferred = threading.local()


def funding_total(amount) -> Coalesce:
    """The sum of ``amount`` over the public flows the outer venture receives (0 if none).

    The flows page's rule (``countable_flows``, ``COUNTING_RULE``), over the venture's
    public flows: a part's money is added only when its whole is not listed, that is,
    when its whole is not itself a public flow to the same venture. So a part is
    counted beside a whole that is hidden, or that another recipient receives.
    """
    public = FundingFlow.objects.public()
    whole_listed = public.filter(pk=OuterRef("whole_id"), recipient=OuterRef("recipient_id"))
    totals = (
        public.filter(recipient=OuterRef("pk"))
        .exclude(Exists(whole_listed))
        .order_by()
        .values("recipient")
        .annotate(total=Sum(amount))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=MONEY), Value(0), output_field=MONEY)


def funding_values(column: str, **conditions) -> Coalesce:
    """The distinct ``column`` values of the public flows the outer venture receives, as
    a JSON array (empty if none): every flow, parts included, as the filters read them."""
    values = (
        FundingFlow.objects.public()
        .filter(recipient=OuterRef("pk"), **conditions)
        .order_by()
        .values("recipient")
        .annotate(values=DistinctValues(column))
        .values("values")
    )
    return Coalesce(Subquery(values, output_field=JSONField()), Value([], JSONField()))


def funding_totals() -> dict[str, Coalesce]:
    """What a venture stores of the public flows it receives, as expressions: the USD
    totals (``Venture.funding_usd_low`` / ``funding_usd_high``) and the kinds and funders
    its facets count (``funding_kinds``, ``funder_ids``).

    An open-ended estimate ("more than US$4,522") has no high bound, so the high total
    counts its low bound instead.
    """
    return {
        "funding_usd_low": funding_total("usd_low"),
        "funding_usd_high": funding_total(Coalesce("usd_high", "usd_low")),
        "funding_kinds": funding_values("kind"),
        "funder_ids": funding_values("funder_id", funder__isnull=False),
    }


def refresh_funding_totals(
    venture_ids: Iterable[int] | None = None, *, using: str = "default"
) -> None:
    """Recompute the stored funding totals of the given ventures (or of every venture).

    Inside ``deferred_funding_totals()`` the ids are collected and refreshed once at
    its end. Otherwise the ventures' rows are locked first, in key order, and summed
    in a statement after the lock: under READ COMMITTED a sum taken in the same
    statement that waited for the lock would miss the flow the other transaction just
    committed, and its total would be silently lost.
    """
    pending = getattr(_deferred, "ids", None)
    if pending is not None and venture_ids is not None:
        pending.update(pk for pk in venture_ids if pk is not None)
        return
    with transaction.atomic(using=using):
        ventures = Venture.objects.using(using)
        if venture_ids is not None:
            ids = sorted({pk for pk in venture_ids if pk is not None})
            if not ids:
                return
            # One array, not a parameter a venture (a rate change may touch 100,000).
            ventures = ventures.filter(pk__among=ids)
            list(ventures.select_for_update().order_by("pk").values_list("pk", flat=True))
        ventures.update(**funding_totals())


@contextmanager
def deferred_funding_totals() -> Iterator[None]:
    """Collect the ventures whose totals a batch of writes touches; refresh them once.

    For writes of many flows at a time (re-estimating after a rate change): one
    ``UPDATE`` at the end instead of one per flow, in the same transaction.
    """
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        ids, _deferred.ids = _deferred.ids, None
        refresh_funding_totals(ids)
    finally:
        _deferred.ids = None
