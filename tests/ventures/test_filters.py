"""The shared venture and flow FilterSets: what each parameter means, and bad input."""

import pytest
from django.db.models import Q
from django.http import QueryDict

from core.records import PUBLIC
from people.models import Party
from ventures.filters import FundingFlowFilter, VentureFilter
from ventures.models import FundingFlow, Venture
from ventures.selectors import flows_for, listed_ventures


def ventures(query: str) -> list[str]:
    filterset = VentureFilter(QueryDict(query), queryset=listed_ventures(PUBLIC))
    assert filterset.is_valid(), filterset.errors
    return [venture.slug for venture in filterset.qs]


def flows(query: str) -> list[int]:
    filterset = FundingFlowFilter(QueryDict(query), queryset=flows_for(PUBLIC))
    assert filterset.is_valid(), filterset.errors
    return sorted(flow.pk for flow in filterset.qs)


def test_sector_filter_accepts_several_sectors(archive):
    assert set(ventures("sector=floristry&sector=software")) == {"flower-is-ria", "nosotek"}


def test_a_country_includes_its_cities_and_zones(archive):
    in_north_korea = ventures("place=north-korea")
    assert "pyongyang-grocery-stores" in in_north_korea  # placed in Pyongyang
    assert "unjong-technology-zone" in in_north_korea  # placed in Unjong
    assert "ryu-ae" not in in_north_korea
    assert ventures("place=pyongyang") == ["pyongyang-grocery-stores"]


def test_founded_year_range(archive):
    assert set(ventures("founded_from=2016&founded_to=2019")) == {
        "north-korea-first-startup-fair",
        "ryu-ae",
        "the-bridge-startup-accelerator",
    }


def test_founded_by_a_defector(archive):
    assert set(ventures("founded_by_defector=true")) == {"flower-is-ria", "ryu-ae"}
    # "No" is every other listed venture: the two sets split the listing.
    others = set(ventures("")) - {"flower-is-ria", "ryu-ae"}
    assert others and set(ventures("founded_by_defector=false")) == others


def test_funded_by_a_party(archive):
    assert set(ventures("funded_by=ji-seong-ho")) == {"rural-food-stalls-and-crop-lending"}


def test_funding_kind_and_has_funding(archive):
    assert set(ventures("funding_kind=investment")) == {
        "rural-grocery-stores",
        "pyongyang-grocery-stores",
    }
    assert len(ventures("has_funding=true")) == 4


def test_sorting_by_total_funding_puts_the_largest_first(archive):
    ordered = ventures("has_funding=true&ordering=-funding")
    assert ordered[0] == "defector-funded-small-businesses"
    assert ordered[-1] == "rural-food-stalls-and-crop-lending"


def test_restricted_flows_do_not_count_as_funding(archive):
    for flow in FundingFlow.objects.filter(funder__slug="ji-seong-ho"):
        flow.visibility = "restricted"
        flow.save()
    assert ventures("funded_by=ji-seong-ho") == []
    assert "rural-food-stalls-and-crop-lending" not in ventures("has_funding=true")
    venture = listed_ventures(PUBLIC).get(slug="rural-food-stalls-and-crop-lending")
    assert venture.funding_usd_high == 0


def test_a_restricted_party_cannot_be_named_in_a_filter(archive):
    Party.objects.filter(slug="ji-seong-ho").update(visibility="restricted")
    filterset = VentureFilter(QueryDict("funded_by=ji-seong-ho"), queryset=listed_ventures(PUBLIC))
    assert not filterset.is_valid()
    assert "funded_by" in filterset.errors


@pytest.mark.parametrize(
    "query",
    [
        "kind=bogus",
        "founded_from=abc",
        "founded_to=99999",
        "place=nowhere",
        "q=a%00b",
        "ordering=x",
    ],
)
def test_bad_venture_parameters_are_form_errors(archive, query):
    filterset = VentureFilter(QueryDict(query), queryset=listed_ventures(PUBLIC))
    assert not filterset.is_valid()
    assert set(filterset.errors) == {query.split("=")[0]}


def test_flows_by_funder_and_by_either_end(archive):
    north_korea = Party.objects.get(slug="government-of-north-korea")
    assert flows("funder=government-of-north-korea") == sorted(
        FundingFlow.objects.filter(funder=north_korea).values_list("pk", flat=True)
    )
    assert set(flows("party=chongryon")) == set(
        FundingFlow.objects.involving(Party.objects.get(slug="chongryon")).values_list(
            "pk", flat=True
        )
    )


def test_flows_by_year_range_overlap(archive):
    assert flows("year_from=2015&year_to=2015") == sorted(
        FundingFlow.objects.filter(start_year=2015).values_list("pk", flat=True)
    )


def test_flows_by_usd_range(archive):
    """An open-ended flow ("more than US$2.04M") reaches at least its low bound; a flow
    known only as "nearly X" starts from 0: as the summary's totals count them."""
    big = flows("usd_min=1000000")
    reaching = Q(usd_high__gte=1000000) | Q(usd_high__isnull=True, usd_low__gte=1000000)
    assert big == sorted(FundingFlow.objects.filter(reaching).values_list("pk", flat=True))
    assert FundingFlow.objects.filter(usd_high__isnull=True, usd_low__gte=1000000).exists()
    small = flows("usd_max=500")
    within = Q(usd_low__lte=500) | Q(usd_low__isnull=True, usd_high__isnull=False)
    assert small == sorted(FundingFlow.objects.filter(within).values_list("pk", flat=True))
    assert small


def test_flows_by_currency_ignore_case(archive):
    assert flows("currency=jpy") == flows("currency=JPY") != []


def test_flow_search_matches_either_end(archive):
    to_chongryon = flows("q=General Association of Korean Residents in Japan")
    assert to_chongryon == sorted(
        FundingFlow.objects.involving(Party.objects.get(slug="chongryon")).values_list(
            "pk", flat=True
        )
    )


def test_venture_listing_query_count_does_not_grow_with_rows(archive, django_assert_num_queries):
    def evaluate():
        for venture in VentureFilter(QueryDict(""), queryset=listed_ventures(PUBLIC)).qs:
            list(venture.sectors.all())
            list(venture.aliases.all())
            _ = venture.place

    # The ventures, then their sectors, aliases and (visible) places: one query each.
    with django_assert_num_queries(4):
        evaluate()
    assert Venture.objects.count() > 10
