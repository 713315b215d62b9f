"""The database itself refuses places, ventures, flows and amounts that break the rules.

Rows are written with ``create``/``update``, which skip model validation, so each test
shows what PostgreSQL and SQLite enforce on their own. Every refused row breaks one
constraint only, and the error must name it.
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.records import Qualifier
from people.factories import OrganizationFactory, PersonFactory
from sources.factories import CitationFactory
from sources.models import Citation
from ventures.factories import (
    ExchangeRateFactory,
    FundingFlowFactory,
    GoodsItemFactory,
    PlaceAliasFactory,
    PlaceFactory,
    SectorFactory,
    StatedConversionFactory,
    VentureFactory,
)
from ventures.models import (
    FundingFlow,
    GoodsItem,
    Place,
    PlaceAlias,
    StatedConversion,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused(constraint: str):
    """Expect the database to refuse the write, naming ``constraint`` in its error.

    The savepoint keeps the test's transaction usable after the error (PostgreSQL
    aborts a transaction on any IntegrityError).
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    assert constraint in str(excinfo.value).lower()


# Vocabularies


@pytest.mark.parametrize(
    ("factory", "field", "constraint"),
    [
        (PlaceFactory, "publication_state", "ventures_place_publication_state_valid"),
        (PlaceFactory, "visibility", "ventures_place_visibility_valid"),
        (PlaceFactory, "kind", "ventures_place_kind_valid"),
        (VentureFactory, "venture_kind", "ventures_venture_kind_valid"),
        (VentureFactory, "status", "ventures_venture_status_valid"),
        (FundingFlowFactory, "publication_state", "ventures_fundingflow_publication_state_valid"),
        (FundingFlowFactory, "visibility", "ventures_fundingflow_visibility_valid"),
        (FundingFlowFactory, "kind", "ventures_flow_kind_valid"),
        (FundingFlowFactory, "status", "ventures_flow_status_valid"),
        (FundingFlowFactory, "basis", "ventures_flow_basis_valid"),
        (ExchangeRateFactory, "source_kind", "ventures_rate_source_kind_valid"),
    ],
)
def test_invalid_choice_is_refused(factory, field, constraint):
    row = factory()
    with refused(constraint):
        type(row).objects.filter(pk=row.pk).update(**{field: "bogus"})


# Slugs and names


@pytest.mark.parametrize(
    ("factory", "field"),
    [(PlaceFactory, "slug"), (SectorFactory, "slug"), (SectorFactory, "name")],
)
def test_duplicate_is_refused(factory, field):
    factory(**{field: "kaesong"})
    with refused(field):
        factory(**{field: "kaesong"})


def test_venture_slug_taken_by_a_person_is_refused():
    PersonFactory(slug="noodle-shop")
    with refused("slug"):
        VentureFactory(slug="noodle-shop")


# Places


def test_place_own_parent_is_refused():
    place = PlaceFactory()
    with refused("ventures_place_not_own_parent"):
        Place.objects.filter(pk=place.pk).update(parent=place)


def test_place_alias_twice_for_one_place_is_refused():
    alias = PlaceAliasFactory(name="Kaeseong")
    with refused("unique"):
        PlaceAlias.objects.create(place=alias.place, name="Kaeseong")


def test_same_alias_for_two_places_is_accepted():
    PlaceAliasFactory(name="Sinuiju")
    assert PlaceAliasFactory(name="Sinuiju").pk


def test_deleting_place_that_contains_places_is_refused():
    province = PlaceFactory()
    PlaceFactory(parent=province)
    with pytest.raises(ProtectedError), transaction.atomic():
        province.delete()


def test_deleting_place_of_a_venture_is_refused():
    venture = VentureFactory(place=PlaceFactory())
    with pytest.raises(ProtectedError), transaction.atomic():
        venture.place.delete()


# Ventures


def test_venture_founded_after_closed_is_refused():
    with refused("ventures_venture_founded_before_closed"):
        VentureFactory(founded_year=2018, closed_year=2017)


def test_venture_founded_and_closed_in_one_year_is_accepted():
    assert VentureFactory(founded_year=2018, closed_year=2018).pk


# Partial dates: every prefix of every model that stores one.

PARTIAL_DATES = [
    pytest.param(VentureFactory, "ventures_venture", "founded", id="venture-founded"),
    pytest.param(VentureFactory, "ventures_venture", "closed", id="venture-closed"),
    pytest.param(FundingFlowFactory, "ventures_fundingflow", "start", id="flow-start"),
    pytest.param(FundingFlowFactory, "ventures_fundingflow", "end", id="flow-end"),
]

INVALID_DATES = [
    pytest.param({"month": 3}, "month_needs_year", id="month-without-year"),
    pytest.param({"year": 2015, "month": 13}, "month_needs_year", id="month-13"),
    pytest.param({"year": 2015, "month": 0}, "month_needs_year", id="month-0"),
    pytest.param({"year": 2015, "day": 5}, "day_needs_month", id="day-without-month"),
    pytest.param({"year": 2015, "month": 3, "day": 32}, "day_needs_month", id="day-32"),
    pytest.param({"year": 2015, "month": 3, "day": 0}, "day_needs_month", id="day-0"),
    pytest.param({"year": 1799}, "year_plausible", id="year-1799"),
    pytest.param({"year": 2101}, "year_plausible", id="year-2101"),
]

VALID_DATES = [
    pytest.param({}, id="unknown"),
    pytest.param({"year": 1800}, id="year-1800"),
    pytest.param({"year": 2100, "month": 12}, id="december-2100"),
    pytest.param({"year": 2015, "month": 1, "day": 1}, id="first-day"),
    pytest.param({"year": 2015, "month": 12, "day": 31}, id="last-day"),
]

# Flows start in 2019 by default; clearing every date keeps start-before-end out of
# the way of the constraint under test.
NO_DATES = [
    f"{prefix}_{part}"
    for prefix in ("start", "end", "founded", "closed")
    for part in ("year", "month", "day")
]


def dated(factory, prefix: str, parts: dict):
    model = factory._meta.model
    fields = {name: None for name in NO_DATES if hasattr(model, name)}
    fields.update({f"{prefix}_{part}": value for part, value in parts.items()})
    return factory(**fields)


@pytest.mark.parametrize(("factory", "table", "prefix"), PARTIAL_DATES)
@pytest.mark.parametrize(("parts", "constraint"), INVALID_DATES)
def test_impossible_partial_date_is_refused(factory, table, prefix, parts, constraint):
    with refused(f"{table}_{prefix}_{constraint}"):
        dated(factory, prefix, parts)


@pytest.mark.parametrize(("factory", "table", "prefix"), PARTIAL_DATES)
@pytest.mark.parametrize("parts", VALID_DATES)
def test_partial_date_at_its_bounds_is_accepted(factory, table, prefix, parts):
    assert dated(factory, prefix, parts).pk


# Flows: who gives and who receives


@pytest.mark.parametrize("end", ["funder", "recipient"])
def test_flow_without_party_or_description_is_refused(end):
    with refused(f"ventures_flow_{end}_named_or_described"):
        FundingFlowFactory(**{end: None, f"{end}_description": ""})


@pytest.mark.parametrize("end", ["funder", "recipient"])
def test_flow_with_described_unnamed_party_is_accepted(end):
    flow = FundingFlowFactory(**{end: None, f"{end}_description": "relatives in China"})
    assert flow.pk


def test_flow_funder_is_recipient_is_refused():
    party = OrganizationFactory()
    with refused("ventures_flow_funder_is_not_recipient"):
        FundingFlowFactory(funder=party, recipient=party)


def test_deleting_funder_of_a_flow_is_refused():
    flow = FundingFlowFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        flow.funder.delete()
    assert FundingFlow.objects.filter(pk=flow.pk).exists()


def test_deleting_recipient_of_a_flow_is_refused():
    flow = FundingFlowFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        flow.recipient.delete()


def test_deleting_flow_deletes_its_citations_goods_and_conversions():
    flow = FundingFlowFactory()
    citation = CitationFactory(flow=flow)
    goods = GoodsItemFactory(flow=flow)
    conversion = StatedConversionFactory(flow=flow)
    flow.delete()
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert not GoodsItem.objects.filter(pk=goods.pk).exists()
    assert not StatedConversion.objects.filter(pk=conversion.pk).exists()


# Flows: the amount


def test_flow_amount_low_above_high_is_refused():
    with refused("ventures_fundingflow_amount_low_le_high"):
        FundingFlowFactory(
            amount_qualifier=Qualifier.RANGE,
            amount_low=Decimal("30000"),
            amount_high=Decimal("20000"),
        )


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "bound"),
    [
        (Qualifier.AT_LEAST, Decimal("-0.01"), None, "low"),
        (Qualifier.AT_MOST, None, Decimal("-0.01"), "high"),
    ],
)
def test_flow_negative_amount_is_refused(qualifier, low, high, bound):
    with refused(f"ventures_fundingflow_amount_{bound}_not_negative"):
        FundingFlowFactory(amount_qualifier=qualifier, amount_low=low, amount_high=high)


SHAPES_REFUSED = [
    pytest.param(Qualifier.EXACT, 1, 2, id="exact-low-below-high"),
    pytest.param(Qualifier.EXACT, 1, None, id="exact-without-high"),
    pytest.param(Qualifier.EXACT, None, 1, id="exact-without-low"),
    pytest.param(Qualifier.APPROXIMATE, 1, 2, id="approximate-low-below-high"),
    pytest.param(Qualifier.APPROXIMATE, None, None, id="approximate-without-bounds"),
    pytest.param(Qualifier.RANGE, 1, None, id="range-without-high"),
    pytest.param(Qualifier.RANGE, None, 2, id="range-without-low"),
    pytest.param(Qualifier.ORDER_OF_MAGNITUDE, None, None, id="magnitude-without-bounds"),
    pytest.param(Qualifier.AT_LEAST, 1, 2, id="at-least-with-high"),
    pytest.param(Qualifier.AT_LEAST, None, None, id="at-least-without-low"),
    pytest.param(Qualifier.AT_MOST, 1, 2, id="at-most-with-low"),
    pytest.param(Qualifier.AT_MOST, None, None, id="at-most-without-high"),
    pytest.param(Qualifier.UNKNOWN, 1, None, id="unknown-with-low"),
    pytest.param(Qualifier.UNKNOWN, None, 2, id="unknown-with-high"),
    pytest.param(Qualifier.UNKNOWN, 1, 1, id="unknown-with-both"),
    pytest.param("bogus", 1, 1, id="invalid-qualifier"),
]

SHAPES_ACCEPTED = [
    pytest.param(Qualifier.EXACT, 0, 0, id="exact-zero"),
    pytest.param(Qualifier.APPROXIMATE, 3000, 3000, id="approximate"),
    pytest.param(Qualifier.RANGE, 20000, 30000, id="range"),
    pytest.param(Qualifier.RANGE, 20000, 20000, id="range-of-one-value"),
    pytest.param(Qualifier.ORDER_OF_MAGNITUDE, 100000, 999999, id="magnitude"),
    pytest.param(Qualifier.AT_LEAST, 3000, None, id="at-least"),
    pytest.param(Qualifier.AT_MOST, None, 30000, id="at-most"),
    pytest.param(Qualifier.UNKNOWN, None, None, id="unknown"),
]


@pytest.mark.parametrize(("qualifier", "low", "high"), SHAPES_REFUSED)
def test_flow_amount_contradicting_qualifier_is_refused(qualifier, low, high):
    with refused("ventures_fundingflow_amount_bounds_match_qualifier"):
        FundingFlowFactory(amount_qualifier=qualifier, amount_low=low, amount_high=high)


@pytest.mark.parametrize(("qualifier", "low", "high"), SHAPES_ACCEPTED)
def test_flow_amount_matching_qualifier_is_accepted(qualifier, low, high):
    flow = FundingFlowFactory(amount_qualifier=qualifier, amount_low=low, amount_high=high)
    assert flow.pk


def test_flow_amount_without_currency_is_refused():
    with refused("ventures_flow_amount_has_currency"):
        FundingFlowFactory(currency="")


def test_flow_without_amount_or_currency_is_accepted():
    assert FundingFlowFactory(in_kind=True).currency == ""


def test_flow_no_payments_is_refused():
    with refused("ventures_flow_payment_count_positive"):
        FundingFlowFactory(payment_count=0)


def test_flow_one_payment_is_accepted():
    assert FundingFlowFactory(payment_count=1).pk


def test_flow_start_after_end_is_refused():
    with refused("ventures_flow_start_before_end"):
        FundingFlowFactory(start_year=2020, end_year=2019)


def test_flow_starting_and_ending_in_one_year_is_accepted():
    assert FundingFlowFactory(start_year=2019, end_year=2019).pk


@pytest.mark.parametrize(
    ("usd_low", "usd_high"),
    [
        pytest.param(Decimal("4350"), Decimal("2900"), id="low-above-high"),
        pytest.param(Decimal("-1"), None, id="negative-low"),
        pytest.param(None, Decimal("-1"), id="negative-high"),
    ],
)
def test_flow_usd_bounds_out_of_order_are_refused(usd_low, usd_high):
    with refused("ventures_flow_usd_bounds_ordered"):
        FundingFlowFactory(usd_low=usd_low, usd_high=usd_high)


@pytest.mark.parametrize(
    ("usd_low", "usd_high"),
    [(Decimal("2900"), Decimal("4350")), (Decimal("0"), Decimal("0")), (Decimal("2900"), None)],
)
def test_flow_usd_bounds_in_order_are_accepted(usd_low, usd_high):
    assert FundingFlowFactory(usd_low=usd_low, usd_high=usd_high).pk


# Currency codes: three upper-case letters wherever a currency is stored.

CURRENCIES = [
    pytest.param(FundingFlowFactory, "currency", "ventures_fundingflow", id="flow"),
    pytest.param(
        StatedConversionFactory, "to_currency", "ventures_statedconversion", id="conversion"
    ),
    pytest.param(ExchangeRateFactory, "currency", "ventures_exchangerate", id="rate"),
]


@pytest.mark.parametrize(("factory", "field", "table"), CURRENCIES)
@pytest.mark.parametrize("code", ["cny", "Cny", "CN", "C"])
def test_currency_not_three_upper_case_letters_is_refused(factory, field, table, code):
    with refused(f"{table}_{field}_iso4217"):
        factory(**{field: code})


@pytest.mark.parametrize(("factory", "field", "table"), CURRENCIES)
@pytest.mark.parametrize("code", ["C1Y", "US$"])
def test_currency_with_characters_other_than_letters_is_refused(factory, field, table, code):
    with refused(f"{table}_{field}_iso4217"):
        factory(**{field: code})


@pytest.mark.parametrize(
    ("factory", "field", "table"),
    [param for param in CURRENCIES if param.id != "flow"],
)
def test_empty_currency_is_refused_where_a_currency_is_required(factory, field, table):
    with refused(f"{table}_{field}_iso4217"):
        factory(**{field: ""})


# Stated conversions


@pytest.mark.parametrize(
    ("from_amount", "to_amount"),
    [
        pytest.param(Decimal("0"), Decimal("4100"), id="from-zero"),
        pytest.param(Decimal("-20000"), Decimal("4100"), id="from-negative"),
        pytest.param(Decimal("20000"), Decimal("0"), id="to-zero"),
        pytest.param(Decimal("20000"), Decimal("-4100"), id="to-negative"),
    ],
)
def test_conversion_amount_not_positive_is_refused(from_amount, to_amount):
    with refused("ventures_conversion_amounts_positive"):
        StatedConversionFactory(from_amount=from_amount, to_amount=to_amount)


def test_conversion_twice_for_one_flow_is_refused():
    conversion = StatedConversionFactory()
    with refused("unique"):
        StatedConversion.objects.create(
            flow=conversion.flow,
            from_amount=conversion.from_amount,
            to_currency=conversion.to_currency,
            to_amount=Decimal("4000"),
            as_stated="(S$4,000)",
        )


def test_conversion_of_one_amount_into_two_currencies_is_accepted():
    conversion = StatedConversionFactory(to_currency="SGD")
    other = StatedConversionFactory(flow=conversion.flow, to_currency="USD", to_amount=3000)
    assert other.pk


# Goods in kind


def test_goods_item_twice_for_one_flow_is_refused():
    goods = GoodsItemFactory(item="LED desk lamps")
    with refused("unique"):
        GoodsItemFactory(flow=goods.flow, item="LED desk lamps")


def test_goods_quantity_low_above_high_is_refused():
    with refused("ventures_goodsitem_quantity_low_le_high"):
        GoodsItemFactory(quantity_qualifier=Qualifier.RANGE, quantity_low=30, quantity_high=20)


# A negative quantity also breaks the column check Django adds for a positive integer
# field; either way the error names the column.
@pytest.mark.parametrize(
    ("qualifier", "low", "high", "column"),
    [
        (Qualifier.AT_LEAST, -1, None, "quantity_low"),
        (Qualifier.AT_MOST, None, -1, "quantity_high"),
    ],
)
def test_goods_negative_quantity_is_refused(qualifier, low, high, column):
    with refused(column):
        GoodsItemFactory(quantity_qualifier=qualifier, quantity_low=low, quantity_high=high)


@pytest.mark.parametrize(("qualifier", "low", "high"), SHAPES_REFUSED)
def test_goods_quantity_contradicting_qualifier_is_refused(qualifier, low, high):
    with refused("ventures_goodsitem_quantity_bounds_match_qualifier"):
        GoodsItemFactory(quantity_qualifier=qualifier, quantity_low=low, quantity_high=high)


@pytest.mark.parametrize(("qualifier", "low", "high"), SHAPES_ACCEPTED)
def test_goods_quantity_matching_qualifier_is_accepted(qualifier, low, high):
    goods = GoodsItemFactory(quantity_qualifier=qualifier, quantity_low=low, quantity_high=high)
    assert goods.pk


# Exchange rates


def test_exchange_rate_twice_for_one_year_is_refused():
    ExchangeRateFactory(currency="CNY", year=2019)
    with refused("unique"):
        ExchangeRateFactory(currency="CNY", year=2019)


def test_exchange_rates_for_two_currencies_in_one_year_are_accepted():
    ExchangeRateFactory(currency="CNY", year=2019)
    assert ExchangeRateFactory(currency="SGD", year=2019, units_per_usd=Decimal("1.36")).pk


@pytest.mark.parametrize("units_per_usd", [Decimal("0"), Decimal("-6.9")])
def test_exchange_rate_not_positive_is_refused(units_per_usd):
    with refused("ventures_rate_positive"):
        ExchangeRateFactory(units_per_usd=units_per_usd)


def test_the_smallest_honest_exchange_rate_is_accepted_and_below_it_refused():
    # No currency has been worth 100 US dollars; core.records.RATES says why.
    assert ExchangeRateFactory(units_per_usd=Decimal("0.01")).pk
    with refused("ventures_rate_within_bounds"):
        ExchangeRateFactory(units_per_usd=Decimal("0.009999"))
