"""/ventures/: every filter, the sort orders, facet counts, pagination and the URL's state."""

import re
from collections import Counter

import pytest

from people.factories import OrganizationFactory
from people.models import Person, Role, RoleKind
from tests.site.helpers import page
from ventures.factories import FundingFlowFactory, VentureFactory
from ventures.models import Sector, Venture


def slugs(client, query: str = "") -> list[str]:
    response = client.get(f"/ventures/?{query}")
    assert response.status_code == 200, response.context["form"].errors
    return [venture.slug for venture in response.context["page"]]


def facet(client, query: str, name: str) -> dict[str, int]:
    facets = client.get(f"/ventures/?{query}").context["facets"]
    return {value.value: value.count for value in next(f for f in facets if f.name == name).values}


def test_without_filters_every_public_venture_is_listed_by_name(client, archive):
    listed = slugs(client)
    assert len(listed) == Venture.objects.count() == 18
    names = list(Venture.objects.order_by("name").values_list("slug", flat=True))
    assert listed == names


def test_sector_filter_accepts_several_sectors(client, archive):
    assert set(slugs(client, "sector=floristry&sector=software")) == {"flower-is-ria", "nosotek"}


def test_kind_and_status_filters(client, archive):
    assert set(slugs(client, "kind=joint_venture")) == {"noko-jeans", "nosotek"}
    assert set(slugs(client, "kind=joint_venture&status=closed")) == {"noko-jeans"}


def test_a_place_includes_its_cities_and_zones(client, archive):
    in_north_korea = slugs(client, "place=north-korea")
    assert {
        "pyongyang-grocery-stores",
        "unjong-technology-zone",
        "kaeseong-industrial-complex",
    } <= (set(in_north_korea))
    assert "ryu-ae" not in in_north_korea
    assert slugs(client, "place=pyongyang") == ["pyongyang-grocery-stores"]


def test_country_filter(client, archive):
    assert set(slugs(client, "country=KR")) == {
        "flower-is-ria",
        "ryu-ae",
        "the-bridge-startup-accelerator",
    }


def test_founded_year_range(client, archive):
    assert set(slugs(client, "founded_from=2016&founded_to=2019")) == {
        "north-korea-first-startup-fair",
        "ryu-ae",
        "the-bridge-startup-accelerator",
    }
    assert slugs(client, "founded_to=2010") == ["noko-jeans"]


def test_founded_by_a_defector(client, archive):
    assert set(slugs(client, "founded_by_defector=true")) == {"flower-is-ria", "ryu-ae"}
    assert "ryu-ae" not in slugs(client, "founded_by_defector=false")


def test_funded_by_and_funding_kind_and_has_funding(client, archive):
    assert slugs(client, "funded_by=ji-seong-ho") == ["rural-food-stalls-and-crop-lending"]
    assert set(slugs(client, "funding_kind=investment")) == {
        "pyongyang-grocery-stores",
        "rural-grocery-stores",
    }
    assert len(slugs(client, "has_funding=true")) == 4
    assert len(slugs(client, "has_funding=false")) == 14


def test_text_search_combines_with_filters(client, archive):
    assert slugs(client, "q=grocery&place=pyongyang") == ["pyongyang-grocery-stores"]


def test_sorting_by_total_funding_puts_the_largest_first(client, archive):
    ordered = slugs(client, "has_funding=true&ordering=-funding")
    assert ordered[0] == "defector-funded-small-businesses"
    assert ordered[-1] == "rural-food-stalls-and-crop-lending"


def test_sorting_by_founding_year_puts_undated_ventures_last_both_ways(client, archive):
    newest_first = slugs(client, "ordering=-founded")
    oldest_first = slugs(client, "ordering=founded")
    assert newest_first[0] == "ryu-ae"  # 2019
    assert oldest_first[0] == "noko-jeans"  # 2009
    undated = set(Venture.objects.filter(founded_year=None).values_list("slug", flat=True))
    assert set(newest_first[-len(undated) :]) == undated
    assert set(oldest_first[-len(undated) :]) == undated


def test_facet_counts_count_public_ventures_per_value(client, archive):
    sectors = facet(client, "", "sector")
    for sector in Sector.objects.all():
        expected = sector.ventures.count()
        assert sectors.get(sector.slug, 0) == expected, sector.slug
    assert facet(client, "", "kind")["startup"] == 3
    assert facet(client, "", "has_funding") == {"true": 4, "false": 14}


def test_a_facet_ignores_its_own_filter_but_applies_the_others(client, archive):
    with_apparel = "sector=apparel"
    # Other sectors still count: ticking a second sector widens the results.
    assert facet(client, with_apparel, "sector")["software"] == 1
    # Other facets count only apparel ventures.
    apparel = Venture.objects.public().filter(sectors__slug="apparel")
    assert facet(client, with_apparel, "kind") == dict(
        Counter(apparel.values_list("venture_kind", flat=True))
    )
    assert facet(client, with_apparel, "status") == dict(
        Counter(apparel.values_list("status", flat=True))
    )
    assert len(Counter(apparel.values_list("venture_kind", flat=True))) > 1


def test_the_place_facet_rolls_counts_up_to_the_country(client, archive):
    places = facet(client, "", "place")
    direct_in_north_korea = Venture.objects.filter(place__slug="north-korea").count()
    assert places["north-korea"] > direct_in_north_korea
    assert places["north-korea"] == len(slugs(client, "place=north-korea"))
    assert places["pyongyang"] == 1
    assert places["kaesong"] == 2


def test_funding_facets_count_ventures_not_flows(client, archive):
    assert facet(client, "", "funding_kind")["investment"] == 2
    assert facet(client, "", "funded_by")["unnamed-defector-financier"] == 3


def test_counts_appear_beside_each_filter_value(client, archive):
    content = page(client, "/ventures/")
    assert re.search(
        r'value="apparel"> <span class="facet__label">Apparel</span> <span class="count">'
        r'<span class="visually-hidden">\(</span>4<',
        content,
    )


def test_the_form_shows_the_state_held_in_the_url(client, archive):
    content = page(
        client, "/ventures/?q=shop&sector=retail&status=unknown&founded_from=2000&ordering=-funding"
    )
    assert 'name="q" value="shop"' in content
    assert 'name="sector" value="retail" checked' in content
    assert 'name="status" value="unknown" checked' in content
    assert 'name="founded_from" min="1800" max="2100" value="2000"' in content
    assert '<option value="-funding" selected>' in content


def test_active_filters_link_to_the_same_search_without_them(client, archive):
    response = client.get("/ventures/?sector=retail&sector=apparel&kind=startup")
    chips = {(chip.label, chip.value): chip.remove_url for chip in response.context["chips"]}
    assert chips[("Sector", "Retail")] == "?sector=apparel&kind=startup"
    assert chips[("Kind", "Startup")] == "?sector=retail&sector=apparel"


def test_pages_keep_the_filters(client, archive):
    retail = Sector.objects.get(slug="retail")
    for number in range(25):
        VentureFactory(name=f"Corner shop {number:02}", sectors=[retail])
    response = client.get("/ventures/?sector=retail&page=2")
    assert response.context["page"].number == 2
    content = response.content.decode()
    assert 'href="?sector=retail&amp;page=1"' in content
    assert len(slugs(client, "sector=retail")) == 20


def test_a_page_number_past_the_end_shows_the_last_page(client, archive):
    response = client.get("/ventures/?page=99")
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages


@pytest.mark.parametrize(
    "query",
    ["kind=bogus", "founded_from=abc", "place=nowhere", "funded_by=nobody", "q=a%00b"],
)
def test_bad_parameters_answer_400_with_the_reason(client, archive, query):
    response = client.get(f"/ventures/?{query}")
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_a_role_that_is_not_public_does_not_make_a_defector_founder(client, archive):
    Role.objects.filter(organization__slug="flower-is-ria", kind=RoleKind.FOUNDER).update(
        visibility="restricted"
    )
    assert "flower-is-ria" not in slugs(client, "founded_by_defector=true")
    assert Person.objects.get(slug="kim-ria").is_defector


@pytest.mark.parametrize("listing", ["/ventures/", "/flows/"])
def test_a_page_past_the_cap_is_refused_with_the_way_to_its_records(
    client, archive, monkeypatch, listing
):
    monkeypatch.setattr("core.pagination.MAX_PAGES", 1)
    funder = OrganizationFactory()
    for _ in range(21):  # more than a page of each
        FundingFlowFactory(funder=funder, recipient=VentureFactory())
    capped = client.get(listing)
    assert capped.context["page"].paginator.num_pages == 1
    assert capped.context["page"].paginator.count > 20  # more records than one page
    refused = client.get(f"{listing}?page=2")
    assert refused.status_code == 400
    assert b"Pages stop at 1. Narrow the filters" in refused.content
    assert client.get(f"{listing}?page=1").status_code == 200
