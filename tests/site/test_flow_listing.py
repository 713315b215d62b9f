"""/flows/: filters, totals as a USD low–high range, and charts by year and by kind."""

from decimal import Decimal

import pytest
from django.db.models import Q

from people.models import Party
from tests.site.helpers import page
from ventures.factories import FundingFlowFactory
from ventures.models import FundingFlow


def ids(client, query: str = "") -> set[int]:
    response = client.get(f"/flows/?{query}")
    assert response.status_code == 200, response.context["form"].errors
    return {flow.pk for flow in response.context["page"]}


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_every_public_flow_is_listed(client, archive):
    assert ids(client) == pks(FundingFlow.objects.all())


def test_funder_recipient_and_either_end(client, archive):
    government = Party.objects.get(slug="government-of-north-korea")
    chongryon = Party.objects.get(slug="chongryon")
    assert ids(client, "funder=government-of-north-korea") == pks(
        FundingFlow.objects.filter(funder=government)
    )
    assert ids(client, "recipient=chongryon") == pks(
        FundingFlow.objects.filter(recipient=chongryon)
    )
    assert ids(client, "party=chongryon") == pks(FundingFlow.objects.involving(chongryon))


def test_kind_status_and_currency(client, archive):
    assert ids(client, "kind=grant&kind=loan") == pks(
        FundingFlow.objects.filter(kind__in=["grant", "loan"])
    )
    assert ids(client, "status=proposed") == pks(FundingFlow.objects.filter(status="proposed"))
    assert ids(client, "currency=jpy") == ids(client, "currency=JPY") == {10, 11}


@pytest.mark.parametrize("asked", ["jpy", "JPY", "Jpy"])
def test_a_currency_asked_in_any_case_is_the_one_ticked_in_its_facet(client, archive, asked):
    facets = {f.name: f for f in client.get(f"/flows/?currency={asked}").context["facets"]}
    ticked = [(value.value, value.count) for value in facets["currency"].selected]
    assert ticked == [("JPY", 2)]


def test_year_range_and_usd_range(client, archive):
    assert ids(client, "year_from=2015&year_to=2015") == pks(
        FundingFlow.objects.filter(start_year=2015)
    )
    # Open-ended flows reach at least their low bound; "nearly X" ones start from 0.
    reaching = Q(usd_high__gte=10**6) | Q(usd_high__isnull=True, usd_low__gte=10**6)
    assert ids(client, "usd_min=1000000") == pks(FundingFlow.objects.filter(reaching))
    small = ids(client, "usd_max=500")
    within = Q(usd_low__lte=500) | Q(usd_low__isnull=True, usd_high__isnull=False)
    assert small == pks(FundingFlow.objects.filter(within))


def test_search_matches_either_end_by_any_name(client, archive):
    chongryon = Party.objects.get(slug="chongryon")
    assert ids(client, "q=General Association of Korean Residents in Japan") == pks(
        FundingFlow.objects.involving(chongryon)
    )


def test_totals_sum_the_usd_estimates_as_a_low_high_range(client, archive):
    totals = client.get("/flows/").context["totals"]
    flows = FundingFlow.objects.all()
    # A part whose whole is listed too (the grocery stores within the defector's total,
    # the ¥287 million within the ¥49.988 billion) is counted but adds no money again.
    parts = flows.filter(whole__isnull=False)
    wholes = flows.filter(whole=None)
    estimated = wholes.filter(Q(usd_low__isnull=False) | Q(usd_high__isnull=False))
    assert totals.count == flows.count()
    assert totals.parts_left_out == parts.count() == 4
    assert totals.estimated == estimated.count() == 5
    assert totals.usd_low == sum(flow.usd_low or 0 for flow in estimated)
    # An open-ended estimate ("more than US$4,522") adds its low bound to the high total.
    assert totals.usd_high == sum(flow.usd_high or flow.usd_low for flow in estimated)
    assert totals.open_ended == 0
    content = page(client, "/flows/")
    # US$367,962,488–639,546,942 at two significant figures; no open end, so no "or more".
    assert "US$370M–640M" in content
    assert "US$370M–640M or more" not in content


def test_totals_follow_the_filters(client, archive):
    totals = client.get("/flows/?recipient=chongryon").context["totals"]
    assert totals.count == 2
    assert totals.parts_left_out == 1
    # The ¥287 million is presumably part of the ¥49.988 billion to date: summed once.
    whole = FundingFlow.objects.get(recipient__slug="chongryon", whole=None)
    assert totals.usd_low == whole.usd_low
    assert "part of another flow listed here" in page(client, "/flows/?recipient=chongryon")


def test_chart_by_kind_counts_flows_of_each_kind(client, archive):
    bars = client.get("/flows/").context["by_kind"]
    expected = {
        kind_label: FundingFlow.objects.filter(kind=kind).count()
        for kind, kind_label in FundingFlow._meta.get_field("kind").choices
    }
    assert {bar.label: bar.count for bar in bars} == {
        label: count for label, count in expected.items() if count
    }
    assert max(bar.share for bar in bars) == 100


def test_chart_by_year_fills_gaps_and_puts_undated_flows_last(client, archive):
    FundingFlowFactory(
        funder=Party.objects.get(slug="the-bridge"),
        recipient=Party.objects.get(slug="ryu-ae"),
        start_year=2018,
    )
    bars = client.get("/flows/").context["by_year"]
    assert [bar.label for bar in bars] == ["2015", "2016", "2017", "2018", "Undated"]
    assert [bar.count for bar in bars] == [
        1,
        1,
        0,
        1,
        FundingFlow.objects.filter(start_year=None).count(),
    ]
    assert bars[0].url == "?year_from=2015&year_to=2015"


def test_charts_are_drawn_without_javascript(client, archive):
    content = page(client, "/flows/")
    assert "<figcaption" in content and "Flows by year" in content and "Flows by kind" in content
    assert '<svg viewBox="0 0 100 10" preserveAspectRatio="none"' in content
    assert '<rect x="0" y="0" width="100.0" height="10">' in content


def open_ended_flow(year: int, usd_low: str, **fields) -> FundingFlow:
    """A flow of "more than" a sum in US dollars: its estimate has no high bound."""
    return FundingFlowFactory(
        funder=Party.objects.get(slug="the-bridge"),
        recipient=Party.objects.get(slug="ryu-ae"),
        start_year=year,
        amount_as_stated=f"more than US${usd_low}",
        amount_qualifier="at_least",
        amount_low=Decimal(usd_low),
        amount_high=None,
        currency="USD",
        basis="single",
        usd_low=Decimal(usd_low),
        usd_high=None,
        **fields,
    )


def chart_row(content: str, chart: str, label: str) -> str:
    """The row of ``label`` in the chart ``chart`` ("by-year"), as HTML."""
    figure = content.split(f'<figcaption id="{chart}-caption">')[1].split("</figure>")[0]
    return next(row for row in figure.split("<tr>") if f">{label}<" in row)


def test_a_bar_with_an_open_ended_amount_says_or_more(client, archive):
    open_ended_flow(2018, "2040000", kind="scholarship")
    bounded = FundingFlowFactory(
        funder=Party.objects.get(slug="the-bridge"),
        recipient=Party.objects.get(slug="ryu-ae"),
        start_year=2018,
        kind="scholarship",
        usd_low=Decimal("3000"),
        usd_high=Decimal("4500"),
    )
    content = page(client, "/flows/")
    for chart, label in (("by-year", "2018"), ("by-kind", bounded.get_kind_display())):
        row = chart_row(content, chart, label)
        # The USD cell (the bar's text alternative) and the bar's own title.
        assert '<td class="usd">US$2M or more</td>' in row, row
        assert f"<title>{label}: 2 flows, US$2M or more</title>" in row, row


def test_a_bar_of_open_ended_amounts_only_says_more_than(client, archive):
    open_ended_flow(2018, "4522.06")
    row = chart_row(page(client, "/flows/"), "by-year", "2018")
    assert '<td class="usd">more than US$4,500</td>' in row, row
    assert "<title>2018: 1 flow, more than US$4,500</title>" in row, row


def test_a_bar_without_open_ended_amounts_says_no_more(client, archive):
    FundingFlowFactory(
        funder=Party.objects.get(slug="the-bridge"),
        recipient=Party.objects.get(slug="ryu-ae"),
        start_year=2018,
        usd_low=Decimal("3000"),
        usd_high=Decimal("4500"),
    )
    row = chart_row(page(client, "/flows/"), "by-year", "2018")
    assert '<td class="usd">US$3,000–4,500</td>' in row, row
    assert "<title>2018: 1 flow, US$3,000–4,500</title>" in row, row


def test_kind_facet_counts_beside_each_kind(client, archive):
    facets = {f.name: f for f in client.get("/flows/?currency=JPY").context["facets"]}
    assert {value.value: value.count for value in facets["kind"].values} == {"grant": 2}
    currencies = {value.value: value.count for value in facets["currency"].values}
    assert currencies == {"CNY": 2, "JPY": 2, "USD": 4}


def test_amounts_read_as_stated_with_the_usd_estimate_beside(client, archive):
    content = page(client, "/flows/")
    assert "<q>20,000 yuan (S$4,100) to 30,000 yuan</q>" in content
    assert "SGD 4,100 for CNY 20,000, as the article converts it" in content
    assert "≈ US$3,000–4,500 per recipient" in content


@pytest.mark.parametrize(
    "query", ["year_from=abc", "kind=bogus", "funder=nobody", "usd_min=-5", "currency=TOOLONG"]
)
def test_bad_parameters_answer_400(client, archive, query):
    assert client.get(f"/flows/?{query}").status_code == 400
