"""Amounts on the real flows read back exactly as the articles state them."""

from decimal import Decimal

import pytest

from core.records import DatePrecision, Qualifier
from people.models import Party
from ventures.models import AmountBasis, ExchangeRate, FlowKind, FlowStatus, FundingFlow
from ventures.services import estimate_usd, load_rate_table, refresh_usd_estimates


def flow_between(funder: str, recipient: str) -> FundingFlow:
    return FundingFlow.objects.get(funder__slug=funder, recipient__slug=recipient)


@pytest.fixture
def rural_grocery_flow(archive):
    return flow_between("unnamed-defector-financier", "rural-grocery-stores")


def test_yuan_range_per_store_with_the_articles_conversion(rural_grocery_flow):
    flow = rural_grocery_flow
    assert (flow.amount_low, flow.amount_high) == (Decimal("20000"), Decimal("30000"))
    assert flow.amount_qualifier == Qualifier.RANGE
    assert flow.currency == "CNY"
    assert flow.basis == AmountBasis.PER_RECIPIENT
    assert flow.amount_as_stated == "20,000 yuan (S$4,100) to 30,000 yuan"
    conversion = flow.conversions.get()
    assert (conversion.from_amount, conversion.to_currency, conversion.to_amount) == (
        Decimal("20000"),
        "SGD",
        Decimal("4100"),
    )
    assert flow.amount_display == "CNY 20,000–30,000 per recipient"


def test_yuan_range_usd_estimate_uses_the_articles_own_2016_rate(rural_grocery_flow):
    rate = ExchangeRate.objects.get(currency="CNY", year=2016)
    assert rate.source_kind == ExchangeRate.SourceKind.ARTICLE
    # 20,000 / 4,100 yuan per S$ x 1.36 S$ per US$, both conversions from the article.
    assert rate.units_per_usd == Decimal("6.634146")
    assert (rural_grocery_flow.usd_low, rural_grocery_flow.usd_high) == (
        Decimal("3014.71"),
        Decimal("4522.06"),
    )
    assert rural_grocery_flow.usd_rate_years == "2016"


def test_more_in_pyongyang_is_an_open_lower_bound(archive):
    flow = flow_between("unnamed-defector-financier", "pyongyang-grocery-stores")
    assert flow.amount_qualifier == Qualifier.AT_LEAST
    assert (flow.amount_low, flow.amount_high) == (Decimal("30000"), None)
    assert flow.amount_as_stated == "more in Pyongyang"
    assert (flow.usd_low, flow.usd_high) == (Decimal("4522.06"), None)
    assert flow.usd_display == "more than US$4,522"


def test_hundreds_of_thousands_of_dollars_is_an_order_of_magnitude(archive):
    flow = flow_between("unnamed-defector-financier", "defector-funded-small-businesses")
    assert flow.amount_qualifier == Qualifier.ORDER_OF_MAGNITUDE
    assert (flow.amount_low, flow.amount_high) == (Decimal("100000"), Decimal("1000000"))
    assert flow.basis == AmountBasis.CUMULATIVE
    assert flow.channel == "clandestine funding channel"


def test_each_payment_basis_for_us300_to_us500_at_a_time(archive):
    flow = flow_between("ji-seong-ho", "rural-food-stalls-and-crop-lending")
    assert flow.basis == AmountBasis.PER_PAYMENT
    assert (flow.amount_low, flow.amount_high, flow.currency) == (
        Decimal("300"),
        Decimal("500"),
        "USD",
    )
    assert flow.amount_display == "USD 300–500 at a time"
    assert (flow.usd_low, flow.usd_high) == (Decimal("300"), Decimal("500"))


def test_remittances_are_an_approximate_yearly_amount_with_sgd_conversion(archive):
    flow = flow_between(
        "north-korean-defectors-in-south-korea", "defectors-relatives-in-north-korea"
    )
    assert flow.kind == FlowKind.REMITTANCE
    assert flow.amount_qualifier == Qualifier.APPROXIMATE
    assert flow.basis == AmountBasis.PER_YEAR
    assert flow.conversions.get().to_amount == Decimal("13600000")
    funders = Party.objects.get(slug="north-korean-defectors-in-south-korea")
    assert (funders.group_size_qualifier, funders.group_size_high) == (Qualifier.AT_MOST, 30000)


def test_over_287_million_yen_keeps_its_approximate_won_conversion(archive):
    flow = flow_between("kim-jong-un", "chongryon")
    assert (flow.amount_qualifier, flow.amount_low, flow.amount_high) == (
        Qualifier.AT_LEAST,
        Decimal("287000000"),
        None,
    )
    conversion = flow.conversions.get()
    assert conversion.to_currency == "KRW"
    assert conversion.to_amount == Decimal("2800000000")
    assert conversion.is_approximate


def test_cumulative_yen_in_171_payments_from_an_undated_article(archive):
    flow = flow_between("government-of-north-korea", "chongryon")
    assert flow.basis == AmountBasis.CUMULATIVE
    assert flow.payment_count == 171
    assert flow.amount_low == flow.amount_high == Decimal("49988000000")
    assert flow.conversions.get().to_amount == Decimal("495600000000")
    assert not flow.start and not flow.end
    # Undated flow in an undated article: the estimate spans every JPY year in the table.
    rates = ExchangeRate.objects.filter(currency="JPY")
    strongest = max(r.units_per_usd for r in rates)
    weakest = min(r.units_per_usd for r in rates)
    assert flow.usd_low == (flow.amount_low / strongest).quantize(Decimal("0.01"))
    assert flow.usd_high == (flow.amount_high / weakest).quantize(Decimal("0.01"))
    assert flow.usd_low < flow.usd_high


def test_lamps_last_year_are_goods_in_kind_dated_2015(archive):
    flow = flow_between("unnamed-defector-financier", "three-north-korean-entrepreneurs")
    assert flow.kind == FlowKind.IN_KIND
    assert flow.start.precision == DatePrecision.YEAR
    assert flow.start_year == 2015
    assert flow.date_as_stated.startswith("Last year")
    lamps = flow.goods.get()
    assert (lamps.quantity_qualifier, lamps.quantity_low, lamps.quantity_high) == (
        Qualifier.AT_LEAST,
        3000,
        None,
    )
    assert str(lamps) == "more than 3,000 Chinese LED desk lamps"
    assert flow.usd_low is None and flow.usd_high is None


def test_proposed_and_sought_flows_are_recorded(archive):
    statuses = set(FundingFlow.objects.values_list("status", flat=True))
    assert {FlowStatus.REPORTED, FlowStatus.PROPOSED, FlowStatus.SOUGHT} <= statuses


def test_every_monetary_flow_has_a_usd_estimate(archive):
    missing = [
        flow
        for flow in FundingFlow.objects.all()
        if flow.is_monetary and flow.usd_low is None and flow.usd_high is None
    ]
    assert missing == []


def test_stored_usd_estimates_match_a_fresh_computation(archive):
    rates = load_rate_table()
    for flow in FundingFlow.objects.prefetch_related("citations__source"):
        estimate = estimate_usd(flow, rates)
        assert (flow.usd_low, flow.usd_high, flow.usd_rate_years) == (
            estimate.low,
            estimate.high,
            estimate.years,
        ), flow.pk
    assert refresh_usd_estimates() == 0


def test_a_dated_flow_without_a_rate_for_its_year_gets_no_estimate(archive):
    flow = flow_between("kim-jong-un", "chongryon")
    flow.start_year = 1990
    flow.save()
    refresh_usd_estimates([flow])
    flow.refresh_from_db()
    assert (flow.usd_low, flow.usd_high, flow.usd_rate_years) == (None, None, "")


def test_a_dated_flow_uses_exactly_its_years_rate(archive):
    flow = flow_between("kim-jong-un", "chongryon")
    flow.start_year = 2016
    flow.save()
    refresh_usd_estimates([flow])
    flow.refresh_from_db()
    assert flow.usd_low == (Decimal("287000000") / Decimal("108.66")).quantize(Decimal("0.01"))
    assert flow.usd_rate_years == "2016"
