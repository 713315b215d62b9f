"""The public site writes estimates to the precision they have, with qualifier and basis."""

from decimal import Decimal

import pytest

from ventures.amounts import flow_usd, goods_text, round_significant, short_number, usd_range
from ventures.factories import FundingFlowFactory
from ventures.models import AmountBasis, FlowKind


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("355811801.55", "360000000"),
        ("626494548.19", "630000000"),
        ("3014.71", "3000"),
        ("4522.06", "4500"),
        ("2042850.02", "2000000"),
        ("0.456", "0.46"),
        ("0", "0"),
    ],
)
def test_estimates_keep_two_significant_figures(value, rounded):
    assert round_significant(Decimal(value)) == Decimal(rounded)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("355811801.55", "360M"),
        ("1000000", "1M"),
        ("2150000000", "2.2B"),
        ("100000", "100,000"),
        ("4522.06", "4,500"),
        ("300", "300"),
    ],
)
def test_large_figures_read_in_millions_and_billions(value, text):
    assert short_number(Decimal(value)) == text


def test_a_range_an_open_end_and_a_ceiling_each_read_as_they_are():
    assert usd_range(Decimal("355811801.55"), Decimal("626494548.19")) == "US$360M–630M"
    assert usd_range(Decimal("4522.06"), None) == "more than US$4,500"
    assert usd_range(None, Decimal("500")) == "up to US$500"
    assert usd_range(Decimal("10000000"), Decimal("10000000")) == "US$10M"
    assert usd_range(None, None) == ""


def test_a_sum_that_includes_an_open_end_says_it_may_be_more():
    assert usd_range(Decimal("7536.77"), Decimal("12058.83"), open_ended=True) == (
        "US$7,500–12,000 or more"
    )
    assert usd_range(Decimal("4522.06"), Decimal("4522.06"), open_ended=True) == (
        "more than US$4,500"
    )


def test_a_flow_s_estimate_keeps_its_basis():
    flow = FundingFlowFactory.build(
        usd_low=Decimal("10000000"), usd_high=Decimal("10000000"), basis=AmountBasis.PER_YEAR
    )
    assert flow_usd(flow) == "≈ US$10M a year"
    flow.basis = AmountBasis.SINGLE
    assert flow_usd(flow) == "≈ US$10M"
    flow.usd_low = flow.usd_high = None
    assert flow_usd(flow) == ""


class Item:
    def __init__(self, item: str, description: str = ""):
        self.item, self.description = item, description

    def __str__(self) -> str:
        return self.item


def test_goods_are_not_named_twice():
    in_kind = FundingFlowFactory.build(in_kind=True)
    assert goods_text(in_kind, [Item("goods")]) == ""
    assert goods_text(in_kind, [Item("hair dye"), Item("vitamins")]) == "hair dye, vitamins"
    assert goods_text(in_kind, [Item("lamps", "solar")]) == "lamps (solar)"
    unspecified = FundingFlowFactory.build(in_kind=True, kind=FlowKind.UNSPECIFIED)
    assert goods_text(unspecified, [Item("goods")]) == "goods"
