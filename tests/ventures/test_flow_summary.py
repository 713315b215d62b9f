"""The flow listing's summary table: kept exact on every write, and read as the live sums.

``FlowSummary`` is kept by database triggers (migration ``ventures/0011``); the public
flow listing reads its totals, charts and kind/status/currency facets from it when its
filters are the summary's columns (``ventures.flow_stats.SummaryStats``). Both must be
the live computation's figures exactly, part-of rule included, on both backends.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.facets import grouped_counts
from core.records import PUBLIC, Visibility
from people.factories import OrganizationFactory
from people.models import Party
from ventures import flow_stats
from ventures.api import GROUPS, flow_groups
from ventures.facets import flow_narrowing
from ventures.factories import FundingFlowFactory
from ventures.filters import FundingFlowFilter
from ventures.models import FlowEndSummary, FlowKind, FlowSummary, FundingFlow
from ventures.selectors import listed_flows


def assert_kept():
    assert flow_stats.stored_summary() == flow_stats.live_summary()
    assert flow_stats.stored_ends() == flow_stats.live_ends()


def test_the_summary_holds_the_archive_s_public_flows(archive):
    assert FlowSummary.objects.exists()
    # Every funder and recipient, named or in words: "Chinese investors" has its own row.
    sides = set(FlowEndSummary.objects.values_list("side", flat=True))
    assert sides == {"funder", "recipient"}
    assert FlowEndSummary.objects.filter(party_id=None).exclude(description="").exists()
    assert_kept()


def test_every_kind_of_write_keeps_the_summary(archive):
    flow = FundingFlowFactory(currency="SGD", start_year=2001, usd_low=100, usd_high=200)
    assert_kept()
    flow.start_year, flow.end_year, flow.usd_high = 2002, 2004, None
    flow.save()
    assert_kept()
    # An end changed: from one funder to another, then to words, then to other words.
    flow.funder = OrganizationFactory()
    flow.save()
    assert_kept()
    flow.funder, flow.funder_description = None, "Unnamed donors in Osaka"
    flow.save()
    assert_kept()
    FundingFlow.objects.filter(pk=flow.pk).update(funder_description="Donors in Kobe")
    assert_kept()
    # A bulk update: no save(), no signal; the triggers see it all the same.
    FundingFlow.objects.filter(currency="CNY").update(status="pledged", usd_low=Decimal("7.5"))
    assert_kept()
    FundingFlow.objects.filter(pk=flow.pk).update(visibility=Visibility.RESTRICTED)
    assert_kept()
    # A party hidden in bulk: its flows' ends_public (another trigger) takes them out.
    funder = FundingFlow.objects.public().exclude(funder=None).first().funder_id
    Party.objects.filter(pk=funder).update(visibility=Visibility.RESTRICTED)
    assert_kept()
    Party.objects.filter(pk=funder).update(visibility=Visibility.PUBLIC)
    assert_kept()
    FundingFlow.objects.filter(pk=flow.pk).delete()
    FundingFlow.objects.filter(currency="CNY").delete()
    assert_kept()
    # A group whose last flow went is gone, not left at zero.
    assert not FlowSummary.objects.filter(flows=0).exists()
    assert not FlowSummary.objects.filter(currency="CNY").exists()


FILTERS = [
    "",
    "currency=CNY",
    "currency=USD&year_from=2010",
    "currency=cny&year_from=2015&year_to=2017",
    "kind=investment&kind=loan",
    "status=reported&year_to=2016",
    "year_from=2012&year_to=2012",
    "currency=JPY&kind=donation&status=pledged",
    "currency=cny&kind=donation&kind=loan&status=reported&year_from=2010&year_to=2017",
]


def narrowing_of(query: str):
    filterset = FundingFlowFilter(QueryDict(query), queryset=listed_flows(PUBLIC))
    assert filterset.is_valid(), filterset.errors
    return filterset, flow_narrowing(filterset)


@pytest.mark.parametrize("query", FILTERS)
def test_summary_figures_are_the_live_ones(archive, query):
    # A part and its whole in the same set (the whole counted, the part left out), and
    # a part whose whole the year filter leaves out (the part counted).
    whole = FundingFlowFactory(currency="CNY", start_year=2012, usd_low=1000, usd_high=3000)
    FundingFlowFactory(currency="CNY", start_year=2012, whole=whole, usd_low=400, usd_high=None)
    early = FundingFlowFactory(currency="CNY", start_year=2009, usd_low=50, usd_high=60)
    FundingFlowFactory(currency="CNY", start_year=2016, whole=early, usd_low=5, usd_high=6)
    filterset, narrowing = narrowing_of(query)
    params = QueryDict(query)
    summary = flow_stats.SummaryStats(narrowing)
    flows = filterset.qs

    assert summary.totals() == flow_stats.flow_totals(flows)
    assert summary.by_year(params) == flow_stats.flows_by_year(flows, params)
    assert summary.by_kind(params) == flow_stats.flows_by_kind(flows, params)
    for column in ("kind", "status", "currency"):
        live = grouped_counts(narrowing.apply(FundingFlow.objects.public(), without=column), column)
        assert sorted(summary.counts(column, without=column)) == sorted(live)


@pytest.mark.parametrize("group_by", ["year", "kind", "currency"])
@pytest.mark.parametrize("query", FILTERS)
def test_summary_groups_are_the_live_ones(archive, query, group_by):
    # The API's groups, as ``test_summary_figures_are_the_live_ones`` holds the page's
    # figures: a part beside its whole, a part without one, a part with no estimate.
    whole = FundingFlowFactory(currency="CNY", start_year=2012, usd_low=1000, usd_high=3000)
    FundingFlowFactory(currency="CNY", start_year=2012, whole=whole, usd_low=400, usd_high=None)
    FundingFlowFactory(currency="CNY", start_year=2012, whole=whole, usd_low=None, usd_high=None)
    early = FundingFlowFactory(currency="CNY", start_year=2009, usd_low=50, usd_high=60)
    FundingFlowFactory(currency="CNY", start_year=2016, whole=early, usd_low=5, usd_high=6)
    FundingFlowFactory(currency="USD", start_year=None, end_year=2013, usd_low=7, usd_high=8)
    filterset, narrowing = narrowing_of(query)
    column = GROUPS[group_by]
    live = list(flow_groups(filterset.qs, group_by))
    assert flow_stats.SummaryStats(narrowing).grouped(column) == live


def test_the_part_rule_holds_from_the_summary(archive):
    whole = FundingFlowFactory(currency="SGD", start_year=1990, usd_low=1000, usd_high=3000)
    FundingFlowFactory(currency="SGD", start_year=1990, whole=whole, usd_low=400, usd_high=500)
    _, narrowing = narrowing_of("currency=SGD&year_from=1990&year_to=1990")
    totals = flow_stats.SummaryStats(narrowing).totals()
    assert (totals.count, totals.parts_left_out) == (2, 1)
    assert (totals.usd_low, totals.usd_high) == (1000, 3000)


def test_other_filters_are_computed_live(archive):
    _, narrowing = narrowing_of("q=grocery")
    assert not flow_stats.summarised(narrowing)
    with pytest.raises(ValueError):
        flow_stats.SummaryStats(narrowing)


def test_the_flows_page_shows_the_summary_s_figures(client, archive):
    query = "currency=CNY&year_from=2010&year_to=2020"
    filterset, _ = narrowing_of(query)
    response = client.get(f"/flows/?{query}")
    assert response.status_code == 200
    assert response.context["totals"] == flow_stats.flow_totals(filterset.qs)


#: Every facet column and both years set, each facet's own filter narrowing the others.
EVERY_FILTER = "currency=krw&kind=loan&kind=grant&status=reported&year_from=2010&year_to=2020"


def test_the_flows_page_counts_each_facet_with_every_filter_but_its_own(client, archive):
    for currency, kind, status, start, end in [
        ("KRW", "loan", "reported", 2012, None),
        ("KRW", "loan", "reported", 2012, None),
        ("KRW", "grant", "reported", 2008, 2011),  # overlaps the years
        ("KRW", "grant", "reported", None, 2012),  # no start: year_to leaves it out
        ("KRW", "loan", "pledged", 2014, None),  # only in the status facet
        ("KRW", "donation", "reported", 2013, None),  # only in the kind facet
        ("EUR", "loan", "reported", 2011, None),  # only in the currency facet
        ("KRW", "loan", "reported", 2005, None),  # before the years: in none
    ]:
        FundingFlowFactory(
            currency=currency, kind=kind, status=status, start_year=start, end_year=end
        )
    response = client.get(f"/flows/?{EVERY_FILTER}")
    assert response.status_code == 200
    facets = {facet.name: facet for facet in response.context["facets"]}
    for name in ("kind", "status", "currency"):
        # Live: the public flows, filtered by the listing's FilterSet without this facet.
        others = QueryDict(EVERY_FILTER, mutable=True)
        del others[name]
        filterset = FundingFlowFilter(others, queryset=FundingFlow.objects.public())
        assert filterset.is_valid(), filterset.errors
        live = {}
        for value in filterset.qs.values_list(name, flat=True):
            if value:
                live[value] = live.get(value, 0) + 1
        shown = {value.value: value.count for value in facets[name].values if value.count}
        assert shown == live, name
    kinds = [value.value for value in facets["kind"].values]
    assert kinds == [kind for kind, _ in FlowKind.choices if kind in kinds]
    currencies = [value.value for value in facets["currency"].values]
    assert currencies == sorted(currencies)
    # Each facet widened by leaving out its own filter, and only its own.
    counts = {name: {v.value: v.count for v in facet.values} for name, facet in facets.items()}
    assert (counts["currency"]["KRW"], counts["currency"]["EUR"]) == (3, 1)
    assert counts["kind"] == {"donation": 1, "grant": 1, "loan": 2}
    assert counts["status"] == {"reported": 3, "pledged": 1}


def test_the_flows_page_reads_the_summary_once(client, archive):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/flows/?{EVERY_FILTER}").status_code == 200
    reads = [query["sql"] for query in queries if "ventures_flowsummary" in query["sql"]]
    assert len(reads) == 1, reads


def test_summary_facets_leave_out_only_their_own_filter(archive):
    _, narrowing = narrowing_of(EVERY_FILTER)
    summary = flow_stats.SummaryStats(narrowing)
    # The read is narrowed by the years already: a count without them cannot be told.
    with pytest.raises(ValueError):
        summary.counts("currency", without="year_from")
    with pytest.raises(ValueError):
        summary.counts("start_year", without="kind")


@pytest.mark.parametrize("summary", [FlowSummary, FlowEndSummary])
def test_refresh_rebuilds_and_check_finds_drift(archive, summary):
    summary.objects.filter(pk=summary.objects.values("pk")[:1]).update(flows=99)
    with pytest.raises(CommandError, match="differs from the flows"):
        call_command("refresh_flow_summary", "--check")
    call_command("refresh_flow_summary")
    assert_kept()
    call_command("refresh_flow_summary", "--check")


@pytest.mark.parametrize("side", ["funder", "recipient"])
def test_the_ends_ranking_is_the_live_one(archive, side):
    # A part beside its public whole (no money again), a part whose whole is hidden
    # (its money counts), ends named in words, and ties broken as the live order does.
    whole = FundingFlowFactory(usd_low=9_000_000, usd_high=9_000_000)
    FundingFlowFactory(funder=whole.funder, whole=whole, usd_low=8_000_000, usd_high=None)
    FundingFlowFactory(
        funder=None, funder_description="Unnamed investors", whole=whole, usd_low=5, usd_high=5
    )
    hidden = FundingFlowFactory(publication_state="draft", usd_low=1, usd_high=1)
    FundingFlowFactory(recipient=whole.recipient, whole=hidden, usd_low=7, usd_high=8)
    for _ in range(3):
        FundingFlowFactory(usd_low=None, usd_high=None)
    ranking = flow_stats.EndRanking(side)
    live = flow_groups(FundingFlow.objects.public(), side)
    assert len(ranking) == live.count()
    assert ranking[0 : len(ranking)] == list(live)
    # A page from the middle: read past it by the groups whose parts move them down.
    assert ranking[2:5] == list(live[2:5])
    with pytest.raises(TypeError):
        ranking[3]


def test_the_flow_count_is_the_summary_s_for_the_public_and_live_for_staff(archive):
    FundingFlowFactory(publication_state="draft")
    staff = User.objects.create_user("counter", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_hidden_record"))
    staff = User.objects.get(pk=staff.pk)  # its permissions read afresh
    public = FundingFlow.objects.public().count()
    with CaptureQueriesContext(connection) as queries:
        assert flow_stats.flow_count(PUBLIC) == public
    assert ["ventures_flowsummary" in query["sql"] for query in queries] == [True]
    assert flow_stats.flow_count(staff) == FundingFlow.objects.visible_to(staff).count()
    assert flow_stats.flow_count(staff) == public + 1
