"""Totals and charts of the flow listing, summed in SQL from the stored USD estimates.

An open-ended estimate ("more than US$4,522") has no high bound, so the high total
counts its low bound instead. Amounts are summed as the articles state them even
where their bases differ (one payment, per year, to date); the page says so. A flow
that is part of another is counted as a flow but its money is not summed with its
whole's (``ventures.services.countable``); ``FlowTotals.parts_left_out`` says how
many were left out of the sums.

Two ways to the same numbers. Live (``LiveStats``; ``flow_totals``, ``flows_by_year``,
``flows_by_kind``): one grouped read of the filtered flows, whose cost grows with the
rows that match. From the summary (``SummaryStats``): when the public listing's filters are
all columns of ``FlowSummary`` (currency, kind, status, years), the per-group counts and
sums that triggers keep on write, O(groups) rows whatever the archive's size; the parts
whose whole is in the same set are found live (few rows) and taken out of the sums, so
the figures are the live ones exactly (``tests/ventures/test_flow_summary.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.template.defaultfilters import pluralize

from core.facets import Narrowing
from core.records import sees_hidden_records
from ventures import amounts
from ventures.models import FlowEndSummary, FlowKind, FlowSummary, FundingFlow
from ventures.services import COUNTING_RULE, MONEY, countable


@dataclass(frozen=True)
class FlowTotals:
    count: int
    estimated: int
    open_ended: int
    usd_low: Decimal
    usd_high: Decimal
    #: Flows left out of the sums because their whole is counted.
    parts_left_out: int = 0
    #: Flows, parts included, with no USD estimate at all (goods in kind, amounts not
    #: stated): the API's ``without_usd``.
    without_usd: int = 0
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


def _usd_sums(summed: Q) -> dict:
    """Low and high USD sums over the flows ``summed`` keeps (``countable``: no part beside
    its whole). An open-ended estimate counts its low bound as its high."""
    money = DecimalField(max_digits=22, decimal_places=2)
    zero = Value(0, output_field=money)
    return {
        "low": Coalesce(Sum("usd_low", filter=summed), zero, output_field=money),
        "high": Coalesce(
            Sum(Coalesce("usd_high", "usd_low"), filter=summed), zero, output_field=money
        ),
    }


def flow_totals(flows: QuerySet[FundingFlow]) -> FlowTotals:
    """Count every flow; sum only the countable ones (no part beside its whole)."""
    return LiveStats(flows).totals()


class LiveStats:
    """The totals and both charts of any filtered set of flows, from one read of it.

    The flows are grouped by year and kind in one query (a few hundred groups at most),
    and the totals, the year chart and the kind chart are sums of those groups. Read as
    four queries (count, totals, by year, by kind), each filtering the whole set again,
    the flow listing searched for "kim" spent 7.5 s in them at a million flows
    (docs/BENCHMARKS.md). Every flow counts; only the countable ones (``countable``)
    add money, estimates and open ends, as ``SummaryStats`` gives them from the summary.
    """

    def __init__(self, flows: QuerySet[FundingFlow]):
        summed = countable(flows)
        has_estimate = Q(usd_low__isnull=False) | Q(usd_high__isnull=False)
        open_ended = Q(usd_low__isnull=False, usd_high__isnull=True)
        self.groups = list(
            flows.order_by()
            .annotate(year=Coalesce("start_year", "end_year"))
            .values("year", "kind")
            .annotate(
                count=Count("pk"),
                unestimated=Count("pk", filter=Q(usd_low__isnull=True, usd_high__isnull=True)),
                counted=Count("pk", filter=summed),
                estimated=Count("pk", filter=summed & has_estimate),
                open_ended=Count("pk", filter=summed & open_ended),
                **_usd_sums(summed),
            )
        )

    def totals(self) -> FlowTotals:
        def total(name: str):
            start = Decimal(0) if name in ("low", "high") else 0
            return sum((row[name] for row in self.groups), start)

        count = total("count")
        return FlowTotals(
            count,
            total("estimated"),
            total("open_ended"),
            total("low"),
            total("high"),
            parts_left_out=count - total("counted"),
            without_usd=total("unestimated"),
        )

    def _by(self, key: str) -> dict:
        """``{value: {"count", "low", "high", "open_ended"}}`` grouped by ``key``."""
        out: dict = {}
        for row in self.groups:
            into = out.setdefault(row[key], _empty_bar())
            for name in ("count", "low", "high", "open_ended"):
                into[name] += row[name]
        return out

    def by_year(self, params: QueryDict) -> list[ChartBar]:
        return _year_bars(dict(sorted(self._by("year").items(), key=_year_order)), params)

    def by_kind(self, params: QueryDict) -> list[ChartBar]:
        return _kind_bars(self._by("kind"), params)


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
    return LiveStats(flows).by_year(params)


def _year_bars(by_year: dict, params: QueryDict) -> list[ChartBar]:
    """Bars from ``{year or None: {"count", "low", "high", "open_ended"}}``."""
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
    return LiveStats(flows).by_kind(params)


def _kind_bars(rows: dict, params: QueryDict) -> list[ChartBar]:
    """Bars from ``{kind: {"count", "low", "high", "open_ended"}}``, in vocabulary order."""
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


# From the summary ------------------------------------------------------------------------

#: The flow listing's filters that are columns of ``FlowSummary``: with only these set,
#: the public listing's totals, charts and kind/status/currency facets come from it.
SUMMARY_FILTERS = frozenset({"currency", "kind", "status", "year_from", "year_to"})


def summarised(narrowing: Narrowing) -> bool:
    """Whether ``narrowing`` (over the public flows) can be answered from the summary."""
    return narrowing.data.keys() <= SUMMARY_FILTERS


def flow_count(user) -> int:
    """How many flows ``user`` may see: for a reader of public flows only, the sum of the
    summary kept on write (O(groups), 8 ms for 20,000 groups at 10x, where counting a
    million flows took 52 ms); for one who sees drafts, a count of ``flows_for(user)``."""
    if sees_hidden_records(user):
        return FundingFlow.objects.visible_to(user).count()
    return FlowSummary.objects.aggregate(flows=Coalesce(Sum("flows"), 0))["flows"]


def summary_for(user, narrowing: Narrowing) -> SummaryStats | None:
    """The figures kept on write, where they answer ``user``'s filtered flows: a reader
    who sees only public flows (the summary holds no other), filtered by the summary's
    columns alone. ``None``: read them live (``LiveStats``), as every other set is.

    The one choice for every surface that shows a set's figures (the flow listing, the
    API's summary), so a total is the same number wherever it is read.
    """
    if sees_hidden_records(user) or not summarised(narrowing):
        return None
    return SummaryStats(narrowing)


class SummaryStats:
    """The public flow listing's totals, charts and column facets, from ``FlowSummary``.

    One read of the summary answers them all. It is narrowed in SQL by the filters that
    are not facets (the years) and grouped by year and the facet columns; which groups the
    currency, kind and status filters keep is told in Python (``keeps``), so the figures
    take every filter and each facet every filter but its own (disjunctive faceting),
    from the same rows. Parts whose whole is in the same set are read live (a semi-join
    from the few parts to their wholes) and taken out of the sums, as ``countable``
    leaves them out; they still count as flows.
    """

    def __init__(self, narrowing: Narrowing):
        if not summarised(narrowing):
            raise ValueError("the summary holds only currency, kind, status and years")
        self.narrowing = narrowing
        #: The facet filters set, told apart in Python; the rest narrowed the read.
        self.chosen = {name: narrowing.data[name] for name in FACETS if name in narrowing.data}
        money = {
            "count": Sum("flows"),
            "estimated": Sum("estimated"),
            "open_ended": Sum("open_ended"),
            "low": Sum("usd_low"),
            "high": Sum("usd_high"),
        }
        summary = FlowSummary.objects.all()
        for name, value in narrowing.data.items():
            if name not in FACETS:
                summary = narrowing.filterset.filters[name].filter(summary, value)
        rows = (
            summary.order_by()
            .annotate(year=Coalesce("start_year", "end_year"))
            .values("year", "start_year", *FACETS)
            .annotate(**money)
        )
        #: ``({"year", *FACETS, *money}, the facet filters set that leave it out)`` per
        #: group of the flows the other filters keep: each filter is told once a group.
        self.rows = [(row, self._missed(row)) for row in rows]
        self.groups = _regroup(
            (row for row, missed in self.rows if not missed), GROUP_COLUMNS, tuple(money)
        )
        public = FundingFlow.objects.public()
        has_estimate = Q(usd_low__isnull=False) | Q(usd_high__isnull=False)
        whole_in_set = Exists(narrowing.apply(public).filter(pk=OuterRef("whole_id")))
        self.parts = list(
            narrowing.apply(public.filter(whole__isnull=False))
            .filter(whole_in_set)
            .order_by()
            .annotate(year=Coalesce("start_year", "end_year"))
            .values(*GROUP_COLUMNS)
            .annotate(
                count=Count("pk"),
                estimated=Count("pk", filter=has_estimate),
                open_ended=Count("pk", filter=Q(usd_low__isnull=False, usd_high__isnull=True)),
                low=Coalesce(Sum("usd_low"), Decimal(0), output_field=DecimalField()),
                high=Coalesce(
                    Sum(Coalesce("usd_high", "usd_low")), Decimal(0), output_field=DecimalField()
                ),
            )
        )

    def _missed(self, row: dict) -> tuple[str, ...]:
        """The facet filters set that leave out the group ``row``: none, it is listed;
        only a facet's own, it counts in that facet."""
        return tuple(
            name for name, value in self.chosen.items() if not keeps(name, value, row[name])
        )

    def _by(self, key: str) -> dict:
        """``{value: {"count", "low", "high"}}`` grouped by ``key`` (year or kind)."""
        out: dict = {}
        for row in self.groups:
            if row["count"]:
                into = out.setdefault(row[key], _empty_bar())
                into["count"] += row["count"]
                into["low"] += row["low"] or 0
                into["high"] += row["high"] or 0
                into["open_ended"] += row["open_ended"] or 0
        for part in self.parts:
            into = out.setdefault(part[key], _empty_bar())
            into["low"] -= part["low"]
            into["high"] -= part["high"]
            into["open_ended"] -= part["open_ended"]
        return out

    def totals(self) -> FlowTotals:
        def total(rows: list[dict], name: str):
            start = Decimal(0) if name in ("low", "high") else 0
            return sum((row[name] or 0 for row in rows), start)

        return FlowTotals(
            total(self.groups, "count"),
            total(self.groups, "estimated") - total(self.parts, "estimated"),
            total(self.groups, "open_ended") - total(self.parts, "open_ended"),
            total(self.groups, "low") - total(self.parts, "low"),
            total(self.groups, "high") - total(self.parts, "high"),
            parts_left_out=total(self.parts, "count"),
            # The groups count every flow, parts included, as ``without_usd`` does.
            without_usd=total(self.groups, "count") - total(self.groups, "estimated"),
        )

    def by_year(self, params: QueryDict) -> list[ChartBar]:
        return _year_bars(dict(sorted(self._by("year").items(), key=_year_order)), params)

    def by_kind(self, params: QueryDict) -> list[ChartBar]:
        return _kind_bars(self._by("kind"), params)

    def grouped(self, column: str) -> list[dict]:
        """The API summary's groups (``ventures.api.flow_groups``, which reads them live)
        by ``column``, one of ``GROUPED``, in its order: ``{"key", "unnamed", "flows",
        "total_usd_low", "total_usd_high", "without_usd"}`` per value, from the rows
        already read. A part beside its whole adds no money but counts as a flow, and as
        one without USD if it has no estimate, as live."""
        if column not in GROUPED:
            raise ValueError(f"the summary groups by {', '.join(GROUPED)}")
        out: dict = {}

        def group(key) -> dict:
            return out.setdefault(
                key,
                {
                    "key": key,
                    "unnamed": "",
                    "flows": 0,
                    "total_usd_low": Decimal(0),
                    "total_usd_high": Decimal(0),
                    "without_usd": 0,
                },
            )

        for row in self.groups:
            into = group(row[column])
            into["flows"] += row["count"]
            into["total_usd_low"] += row["low"] or 0
            into["total_usd_high"] += row["high"] or 0
            into["without_usd"] += row["count"] - row["estimated"]
        for part in self.parts:
            into = group(part[column])
            into["total_usd_low"] -= part["low"]
            into["total_usd_high"] -= part["high"]
        if column == "start_year":
            return sorted(out.values(), key=lambda row: (row["key"] is None, row["key"] or 0))
        return sorted(
            out.values(),
            key=lambda row: (-row["total_usd_high"], -row["flows"], row["key"] is None, row["key"]),
        )

    def ranked_ends(self, side: str) -> EndRanking | None:
        """The API summary's groups by ``side`` (funder or recipient) from
        ``FlowEndSummary``, when no filter is set (it holds every public flow); else
        ``None``: they are read live."""
        if side not in END_SIDES:
            raise ValueError(f"the ends are {', '.join(END_SIDES)}")
        return None if self.narrowing.data else EndRanking(side)

    def counts(self, column: str, *, without: str) -> list[tuple[str, int]]:
        """``(value, flows)`` per value of ``column`` with every filter but ``without``.

        From the rows already read: ``column`` is a facet column, and ``without`` a facet
        filter (or one not set), since the read was narrowed by the others already.
        """
        if column not in FACETS or (without in self.narrowing.data and without not in FACETS):
            raise ValueError(f"the summary's facets are {', '.join(FACETS)}")
        kept = (row for row, missed in self.rows if not missed or missed == (without,))
        return [
            (row[column], row["count"])
            for row in _regroup(kept, (column,), ("count",))
            if row["count"]
        ]


#: What the summary's groups are read by: the charts' year (the start, or the end when
#: only that is known), the API's start year, and the facet columns the API groups by.
GROUP_COLUMNS = ("year", "start_year", "kind", "currency")

#: The API summary's ``group_by`` columns the summary answers (``SummaryStats.grouped``).
GROUPED = ("start_year", "kind", "currency")

#: The listing's facets that are columns of ``FlowSummary``: their filters are told in
#: Python (``keeps``), so one read of the summary counts each without its own filter.
FACETS = ("currency", "kind", "status")


def keeps(name: str, value, column_value: str) -> bool:
    """Whether the ``FundingFlowFilter`` filter ``name`` set to its cleaned ``value`` keeps a
    group whose column ``name`` is ``column_value``, as its SQL does on ``FlowSummary``.

    ``currency`` (``filter_currency``) is the code, upper-cased; ``kind`` and ``status``
    (``MultipleChoiceFilter``) are any ticked value. Their form admits only vocabulary
    values, so no "null" choice reaches them; the columns are never null.
    ``tests/ventures/test_flow_summary.py`` holds every facet to the live counts.
    """
    if name == "currency":
        return column_value == value.upper()
    if name in ("kind", "status"):
        return column_value in value
    raise ValueError(f"{name} is not a facet of the summary")


def _regroup(rows, key: tuple[str, ...], sums: tuple[str, ...]) -> list[dict]:
    """``rows`` summed per ``key``: ``{*key, *sums}`` per value, in first-seen order."""
    out: dict[tuple, dict] = {}
    for row in rows:
        into = out.get(group := tuple(row[name] for name in key))
        if into is None:
            out[group] = {name: row[name] for name in (*key, *sums)}
        else:
            for name in sums:
                into[name] += row[name]
    return list(out.values())


def _empty_bar() -> dict:
    return {"count": 0, "low": Decimal(0), "high": Decimal(0), "open_ended": 0}


def _year_order(item) -> tuple:
    year = item[0]
    return (year is None, year or 0)


# The ends' ranking -----------------------------------------------------------------------

#: ``FlowEndSummary.side``: the flow's party column and the words for an unnamed end.
END_SIDES = {
    "funder": ("funder", "funder_description"),
    "recipient": ("recipient", "recipient_description"),
}


def _end_words(side: str):
    """An end's group beside its party: its words when it names none, else ''."""
    party, words = END_SIDES[side]
    return Case(When(**{f"{party}__isnull": True}, then=F(words)), default=Value(""))


class EndRanking:
    """Every public flow grouped by its funder or its recipient, the largest first, in
    the shape and order of the API summary's live groups (``ventures.api.flow_groups``),
    read from ``FlowEndSummary`` a page at a time: a sequence a ``Paginator`` pages.

    The stored sums hold every flow; a part whose whole is public (in the set, as
    ``countable`` has it) adds no money. Those parts are few and read live, and only
    lower their group's sums, so a group moves down the ranking and never up: the first
    ``n`` groups are among the first ``n`` + (groups with such parts) rows of the index,
    whose keys are read and which the database then ranks again on the sums as counted.
    """

    def __init__(self, side: str):
        party, _ = END_SIDES[side]
        public = FundingFlow.objects.public()
        parts = (
            public.filter(whole__isnull=False, whole__in=public.values("pk"))
            .order_by()
            .annotate(words=_end_words(side))
            .values_list(f"{party}_id", "words")
            .annotate(low=Sum("usd_low"), high=Sum(Coalesce("usd_high", "usd_low")))
        )
        self.side = side
        #: ``{(party_id, words): (low, high)}`` taken out of the group's stored sums.
        self.taken = {(pk, words): (low or 0, high or 0) for pk, words, low, high in parts}
        #: The index's order (``ventures_flowend_ranking``), the live groups' order.
        self.rows = FlowEndSummary.objects.filter(side=side).order_by(
            F("usd_high").desc(),
            F("flows").desc(),
            F("party_id").asc(nulls_last=True),
            "description",
        )

    #: The live order, on the sums as counted.
    ORDER = (
        F("counted_high").desc(),
        F("flows").desc(),
        F("party_id").asc(nulls_last=True),
        "description",
    )

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            raise TypeError("an EndRanking is read by slices of groups")
        columns = ["party_id", "description", "flows", "estimated", "usd_low", "usd_high"]
        rows = self.rows
        if self.taken:
            # The groups that can reach the slice, ranked again by the database on their
            # counted sums: its order, collation included, is the live order's.
            keys = list(self.rows.values_list("key", flat=True)[: index.stop + len(self.taken)])
            rows = (
                FlowEndSummary.objects.filter(key__among=keys)
                .annotate(counted_low=self._counted(0), counted_high=self._counted(1))
                .order_by(*self.ORDER)
            )
            columns[-2:] = ["counted_low", "counted_high"]
        return [
            {
                "key": pk,
                "unnamed": words,
                "flows": flows,
                "total_usd_low": low,
                "total_usd_high": high,
                "without_usd": flows - estimated,
            }
            for pk, words, flows, estimated, low, high in rows.values_list(*columns)[index]
        ]

    def _counted(self, bound: int):
        """The stored low (0) or high (1) sum less the parts' beside a public whole."""
        stored = "usd_high" if bound else "usd_low"
        taken = [
            When(key=self._key(pk, words), then=Value(sums[bound]))
            for (pk, words), sums in self.taken.items()
        ]
        return F(stored) - Case(*taken, default=Value(0), output_field=MONEY)

    def _key(self, pk, words: str) -> str:
        return f"{self.side}|{'' if pk is None else pk}|{words}"


def live_ends(using: str = "default") -> dict[tuple, tuple]:
    """What ``FlowEndSummary`` should hold, computed now: ``{(side, party_id,
    description): (flows, estimated, usd_low, usd_high)}``."""
    money = DecimalField(max_digits=22, decimal_places=2)
    out = {}
    for side, (party, _) in END_SIDES.items():
        rows = (
            FundingFlow.objects.using(using)
            .public()
            .order_by()
            .annotate(words=_end_words(side))
            .values_list(f"{party}_id", "words")
            .annotate(
                flows=Count("pk"),
                estimated=Count("pk", filter=Q(usd_low__isnull=False) | Q(usd_high__isnull=False)),
                low=Coalesce(Sum("usd_low"), Value(0), output_field=money),
                high=Coalesce(Sum(Coalesce("usd_high", "usd_low")), Value(0), output_field=money),
            )
        )
        out.update({(side, pk, words): tuple(sums) for pk, words, *sums in rows})
    return out


def stored_ends(using: str = "default") -> dict[tuple, tuple]:
    """What ``FlowEndSummary`` holds, in the shape of ``live_ends``."""
    rows = FlowEndSummary.objects.using(using).values_list(
        "side", "party_id", "description", "flows", "estimated", "usd_low", "usd_high"
    )
    return {tuple(row[:3]): tuple(row[3:]) for row in rows}


# Keeping the summary ---------------------------------------------------------------------

SUMMARY_GROUP = ("currency", "kind", "status", "start_year", "end_year")
SUMMARY_SUMS = ("flows", "estimated", "open_ended", "usd_low", "usd_high")
END_SUMS = ("flows", "estimated", "usd_low", "usd_high")


def live_summary(using: str = "default") -> dict[tuple, tuple]:
    """What ``FlowSummary`` should hold: the public flows grouped, computed now."""
    money = DecimalField(max_digits=22, decimal_places=2)
    rows = (
        FundingFlow.objects.using(using)
        .public()
        .order_by()
        .values_list(*SUMMARY_GROUP)
        .annotate(
            flows=Count("pk"),
            estimated=Count("pk", filter=Q(usd_low__isnull=False) | Q(usd_high__isnull=False)),
            open_ended=Count("pk", filter=Q(usd_low__isnull=False, usd_high__isnull=True)),
            low=Coalesce(Sum("usd_low"), Value(0), output_field=money),
            high=Coalesce(Sum(Coalesce("usd_high", "usd_low")), Value(0), output_field=money),
        )
    )
    return {tuple(row[:5]): tuple(row[5:]) for row in rows}


def stored_summary(using: str = "default") -> dict[tuple, tuple]:
    """What ``FlowSummary`` holds, in the shape of ``live_summary``."""
    rows = FlowSummary.objects.using(using).values_list(*SUMMARY_GROUP, *SUMMARY_SUMS)
    return {tuple(row[:5]): tuple(row[5:]) for row in rows}


def refresh_flow_summary(using: str = "default") -> int:
    """Rebuild ``FlowSummary`` and ``FlowEndSummary`` from the flows, in one transaction;
    the rows written.

    The triggers keep it on every write; this is for after a restore that skipped
    triggers, or to prove it (``manage.py refresh_flow_summary --check``). Writers of
    flows wait for it (a SHARE lock on PostgreSQL), so no change falls between the
    read and the write.
    """
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE ventures_fundingflow IN SHARE MODE")
        FlowSummary.objects.using(using).all().delete()
        rows = [
            FlowSummary(
                key=FlowSummary.key_of(*group),
                **dict(zip(SUMMARY_GROUP, group, strict=True)),
                **dict(zip(SUMMARY_SUMS, sums, strict=True)),
            )
            for group, sums in live_summary(using).items()
        ]
        FlowSummary.objects.using(using).bulk_create(rows, batch_size=1000)
        FlowEndSummary.objects.using(using).all().delete()
        ends = [
            FlowEndSummary(
                key=f"{side}|{'' if pk is None else pk}|{words}",
                side=side,
                party_id=pk,
                description=words,
                **dict(zip(END_SUMS, sums, strict=True)),
            )
            for (side, pk, words), sums in live_ends(using).items()
        ]
        FlowEndSummary.objects.using(using).bulk_create(ends, batch_size=1000)
    return len(rows) + len(ends)
