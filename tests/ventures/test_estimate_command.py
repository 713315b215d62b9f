"""``manage.py estimate_usd``: every flow re-estimated a batch at a time, the ventures'
totals kept with them, and the flows left without an estimate reported by currency and
year. Reading every flow at once (with its citations prefetched, one parameter a flow)
failed on PostgreSQL past 65,535 flows."""

import math
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin.pages import admin_url, form_data
from tests.ventures.test_stored_totals import assert_totals_are_fresh
from ventures import services
from ventures.factories import ExchangeRateFactory, FundingFlowFactory, VentureFactory
from ventures.models import ExchangeRate, FundingFlow
from ventures.services import flows_rates_move, refresh_usd_estimates


def estimate() -> str:
    out = StringIO()
    call_command("estimate_usd", stdout=out, stderr=StringIO())
    return out.getvalue()


def estimated(currency: str) -> int:
    return (
        FundingFlow.objects.filter(currency=currency)
        .exclude(usd_low__isnull=True, usd_high__isnull=True)
        .count()
    )


def test_an_archive_as_stored_needs_no_change(archive):
    assert estimate().startswith("0 flow(s) updated.")


def test_a_rate_taken_away_and_given_back(archive):
    """The articles' yuan amounts are undated (their sources' year, 2016, applies); a
    venture's flow dated 2016 is added beside them."""
    FundingFlowFactory(recipient=VentureFactory(), start_year=2016)
    assert estimate().startswith("1 flow(s) updated.")
    had = estimated("CNY")
    rates = list(ExchangeRate.objects.filter(currency="CNY"))
    ExchangeRate.objects.filter(currency="CNY").delete()

    report = estimate()
    assert report.startswith(f"{had} flow(s) updated.")
    assert estimated("CNY") == 0
    assert "1 CNY flow(s) of 2016 have no USD estimate" in report
    assert "add the CNY rate for 2016, then run this again" in report
    undated = FundingFlow.objects.filter(currency="CNY", start_year=None, end_year=None)
    assert f"{undated.count()} CNY flow(s) undated have no USD estimate" in report
    assert "add a CNY rate for the year of the earliest source citing them" in report
    assert_totals_are_fresh()

    ExchangeRate.objects.bulk_create(rates)
    report = estimate()
    assert report.startswith(f"{had} flow(s) updated.")
    assert "CNY flow(s)" not in report
    assert estimated("CNY") == had
    assert_totals_are_fresh()


def test_every_flow_is_read_a_batch_at_a_time(archive, monkeypatch):
    monkeypatch.setattr(services, "ESTIMATE_BATCH", 3)
    had = estimated("CNY")
    ExchangeRate.objects.filter(currency="CNY").delete()
    with CaptureQueriesContext(connection) as captured:
        report = estimate()
    assert report.startswith(f"{had} flow(s) updated.")
    assert estimated("CNY") == 0
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "ventures_fundingflow"."id"')
        and "LIMIT 3" in query["sql"]
    ]
    # Each batch, and the empty read that ends them.
    assert len(reads) == math.ceil(FundingFlow.objects.count() / 3) + 1
    assert_totals_are_fresh()


def test_a_rate_moves_its_currencys_flows_of_its_year_and_the_undated(archive):
    of_2016 = FundingFlowFactory(start_year=2016)
    ended_2016 = FundingFlowFactory(start_year=None, end_year=2016)
    of_2019 = FundingFlowFactory(start_year=2019)
    yen_2016 = FundingFlowFactory(currency="JPY", start_year=2016)
    undated = set(
        FundingFlow.objects.filter(currency="CNY", start_year=None, end_year=None).values_list(
            "pk", flat=True
        )
    )
    assert undated, "the articles' yuan amounts are undated"
    moved = set(flows_rates_move([("CNY", 2016)]).values_list("pk", flat=True))
    assert moved == {of_2016.pk, ended_2016.pk, *undated}
    assert of_2019.pk not in moved and yen_2016.pk not in moved


def test_a_rate_edited_in_the_admin_re_estimates_only_the_flows_it_moves(admin_client, archive):
    rate = ExchangeRate.objects.get(currency="CNY", year=2016)
    ExchangeRateFactory(currency="CNY", year=2019, units_per_usd=Decimal("5"))
    of_2016 = FundingFlowFactory(start_year=2016, amount_low=6000, amount_high=6000)
    of_2019 = FundingFlowFactory(start_year=2019)
    refresh_usd_estimates([of_2016, of_2019])
    # A stored estimate no rate written here can explain: left as it is by a rate of
    # another year, where re-estimating every flow would put it right.
    FundingFlow.objects.filter(pk=of_2019.pk).update(usd_low=1, usd_high=1)

    url = admin_url(ExchangeRate, "change", rate.pk)
    data = form_data(admin_client.get(url))
    data["units_per_usd"] = "6"
    assert admin_client.post(url, data).status_code == 302

    of_2016.refresh_from_db()
    of_2019.refresh_from_db()
    assert of_2016.usd_low == Decimal("1000.00")
    assert of_2019.usd_low == Decimal("1.00")
    assert_totals_are_fresh()


def test_a_rate_many_flows_use_waits_for_the_command_and_says_so(
    admin_client, archive, monkeypatch
):
    """Each flow re-estimated is saved with its history and change event: a rate that
    thousands of flows use is left to ``manage.py estimate_usd``, and the writer told."""
    monkeypatch.setattr(services, "RATE_WRITE_LIMIT", 1)
    rate = ExchangeRate.objects.get(currency="CNY", year=2016)
    moved = flows_rates_move([("CNY", 2016)])
    before = dict(moved.values_list("pk", "usd_low"))
    assert len(before) > 1

    url = admin_url(ExchangeRate, "change", rate.pk)
    data = form_data(admin_client.get(url))
    data["units_per_usd"] = "6"
    page = admin_client.post(url, data, follow=True)
    notes = [str(message) for message in page.context["messages"]]
    assert any(f"{len(before):,} funding flows use the rates written" in n for n in notes)
    assert any("manage.py estimate_usd" in note for note in notes)
    assert dict(moved.values_list("pk", "usd_low")) == before

    estimate()
    assert dict(moved.values_list("pk", "usd_low")) != before
    assert_totals_are_fresh()
