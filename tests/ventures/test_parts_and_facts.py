"""Parts and wholes in totals, and each kind of fact the articles state, as the fixtures hold it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.records import Qualifier
from people.models import DateQualifier, PartyRelation, Role
from sources.models import Statement
from ventures.flow_stats import LiveStats, flow_totals
from ventures.models import (
    ExchangeRate,
    FlowKind,
    FlowStatus,
    FundingFlow,
    Recurrence,
    Venture,
)
from ventures.services import countable_flows, refresh_usd_estimates


def test_a_part_is_not_summed_with_its_whole(archive):
    by_defector = FundingFlow.objects.filter(funder__slug="unnamed-defector-financier")
    whole = by_defector.get(amount_as_stated="hundreds of thousands of dollars")
    parts = by_defector.filter(whole=whole)
    assert parts.count() == 2
    totals = flow_totals(by_defector)
    assert totals.count == by_defector.count()
    assert totals.parts_left_out == 2
    assert (totals.usd_low, totals.usd_high) == (whole.usd_low, whole.usd_high)
    assert set(countable_flows(by_defector)) == set(by_defector.filter(whole=None))


def test_the_totals_test_each_sum_without_filtering_the_set_again(archive):
    # The wholes among the set are read first; the grouped read then names the set's
    # own filter once, not again in a subquery for each of its five sums.
    by_defector = FundingFlow.objects.filter(funder__slug="unnamed-defector-financier")
    with CaptureQueriesContext(connection) as queries:
        stats = LiveStats(by_defector)
    grouped = queries.captured_queries[-1]["sql"]
    assert grouped.count("unnamed-defector-financier") == 1
    assert stats.totals().parts_left_out == 2
    assert LiveStats(FundingFlow.objects.filter(whole__isnull=False)).totals().parts_left_out == 0


def test_a_part_is_summed_when_its_whole_is_not_listed(archive):
    rural = FundingFlow.objects.filter(recipient__slug="rural-grocery-stores")
    totals = flow_totals(rural)
    assert totals.parts_left_out == 0
    assert totals.usd_low == rural.get().usd_low > 0


def test_parts_nest_one_level_only(archive):
    whole = FundingFlow.objects.get(amount_as_stated="hundreds of thousands of dollars")
    part = whole.parts.first()
    whole.whole = FundingFlow.objects.get(payment_count=171)
    with pytest.raises(ValidationError, match="has parts of its own"):
        whole.clean()
    other = FundingFlow.objects.get(amount_as_stated="$2,000")
    other.whole = part
    with pytest.raises(ValidationError, match="is itself part of another flow"):
        other.clean()


def test_a_recurring_amount_stated_by_reference_to_another_flow(archive):
    such_sums = FundingFlow.objects.get(recipient_description__startswith="Schools in Japan")
    assert such_sums.recurrence == Recurrence.YEARLY
    assert such_sums.amount_like.amount_as_stated.startswith("over ¥287 million")
    assert not such_sums.is_monetary  # it adds nothing of its own to a total
    assert such_sums.amount_like.basis == "per_year"


def test_a_flow_that_stopped_at_an_unknown_date(archive):
    stopped = FundingFlow.objects.get(status=FlowStatus.STOPPED)
    assert stopped.end_year is None
    assert stopped.citations.get().quote.endswith("had stopped sending money.")


def test_a_barter_of_goods_for_goods(archive):
    barter = FundingFlow.objects.get(kind=FlowKind.TRADE)
    given = {item.item: item.in_return for item in barter.goods.all()}
    assert given == {"tiles": False, "Japanese made clothes": True}
    assert barter.funder.slug == "lee-jia-mother" and barter.funder.specific.is_unnamed


def test_an_ambiguous_currency_is_marked_and_its_estimate_says_so(archive):
    flow = FundingFlow.objects.get(amount_as_stated="hundreds of thousands of dollars")
    assert flow.currency_is_ambiguous and flow.currency == "USD"
    assert "currency assumed USD" in flow.usd_rate_years
    earned = FundingFlow.objects.get(kind=FlowKind.EARNINGS)
    assert earned.currency_is_ambiguous and earned.recipient.slug == "kang-ho-dong"


def test_statistics_are_statements_with_their_quotes(archive):
    income = Statement.objects.get(unit="percent of household income")
    assert (income.quantity_low, income.quantity_high) == (Decimal(80), None)
    assert income.quantity_qualifier == Qualifier.AT_LEAST
    assert "over 80%" in income.quote and income.quantity_as_stated == "over 80%"
    assert income.said_by.slug == "institute-for-peace-and-unification-studies"
    defections = Statement.objects.get(unit="defectors a year")
    assert defections.quantity_low == 1000 and "every year" in defections.quote


def test_relations_between_organisations_with_dates_and_quotes(archive):
    run_by = PartyRelation.objects.get(party__slug="asan-nanum-foundation")
    assert (run_by.kind, run_by.related.slug) == ("operator", "hyundai-group")
    assert run_by.citations.get().quote.endswith("run by conglomerate Hyundai Group")
    founded = PartyRelation.objects.get(kind="co_founder")
    assert founded.related is None and "two Koreas" in founded.related_description
    assert (founded.start_year, founded.start_as_stated) == (2010, "in 2010")
    backed = PartyRelation.objects.get(party__slug="kaeseong-industrial-district-foundation")
    assert backed.kind == "backer" and "government-backed" in backed.citations.get().quote


def test_a_relation_to_a_hidden_party_is_not_public(archive):
    run_by = PartyRelation.objects.get(party__slug="asan-nanum-foundation")
    assert run_by in PartyRelation.objects.public()
    run_by.related.visibility = "restricted"
    run_by.related.save()
    assert run_by not in PartyRelation.objects.public()


def test_relative_and_approximate_dates_keep_the_phrase(archive):
    accelerator = Venture.objects.get(slug="the-bridge-startup-accelerator")
    assert accelerator.founded_year == 2016
    assert accelerator.founded_qualifier == DateQualifier.RELATIVE
    assert accelerator.founded_as_stated == "five years ago"
    escaped = Statement.objects.get(about__slug="unnamed-defector-financier")
    assert (escaped.year_low, escaped.year_high, escaped.date_qualifier) == (2000, 2003, "early")
    assert escaped.date_as_stated in escaped.quote
    role = Role.objects.get(person__slug="ahn-myeong-hee", kind="founder")
    assert (role.start_year, role.start_as_stated) == (2019, "In 2019")


def test_rates_are_the_cited_figures_and_krw_comes_from_the_article(archive):
    assert ExchangeRate.objects.get(currency="JPY", year=2021).units_per_usd == Decimal("109.8429")
    assert "109.8429" in ExchangeRate.objects.get(currency="JPY", year=2021).source
    krw = ExchangeRate.objects.get(currency="KRW", year=2021)
    expected = Decimal("109.8429") * Decimal("495.6") / Decimal("49.988")
    assert abs(krw.units_per_usd - expected) < Decimal("0.000001")
    assert krw.source_kind == "article"


def test_an_undated_flow_uses_its_article_s_window_not_whatever_years_the_table_holds(archive):
    to_date = FundingFlow.objects.get(payment_count=171)
    before = (to_date.usd_low, to_date.usd_high, to_date.usd_rate_years)
    assert before[2].startswith("2012–2023")
    ExchangeRate.objects.create(
        currency="JPY", year=2005, units_per_usd="110.11", source_kind="official", source="Test."
    )
    refresh_usd_estimates()
    to_date.refresh_from_db()
    assert (to_date.usd_low, to_date.usd_high, to_date.usd_rate_years) == before
