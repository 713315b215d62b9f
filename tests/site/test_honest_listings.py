"""Listings say when nothing matches, keep every amount's qualifier and basis, and read well."""

import csv
import io
import re
from html import unescape

import pytest

from core.facets import distinct_values
from core.records import Visibility
from people.factories import OrganizationFactory, PersonFactory
from people.models import Organization, Person
from sources.models import Source
from tests.site.helpers import page
from ventures.models import FundingFlow


def text(client, url: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page(client, url))))


@pytest.mark.parametrize(
    ("url", "count", "message", "back"),
    [
        ("/ventures/?sector=tourism&kind=startup", "0 ventures", "No ventures match", "/ventures/"),
        ("/flows/?year_from=2030", "0 flows.", "No flows match", "/flows/"),
        ("/people/?q=zzzz", "0 people", "No people match", "/people/"),
        ("/organisations/?q=zzzz", "0 organisations", "No organisations match", "/organisations/"),
        ("/places/?q=zzzz", "0 places", "No places match", "/places/"),
        ("/sources/?q=zzzz", "0 sources", "No sources match", "/sources/"),
    ],
)
def test_a_filter_with_no_results_says_so_with_a_count_and_a_way_back(
    client, archive, url, count, message, back
):
    content = page(client, url)
    words = text(client, url)
    assert count in words and message in words
    assert f'<a href="{back}">Show' in content


def test_an_open_ended_funding_total_keeps_more_than_and_its_basis(client, archive):
    words = text(client, "/ventures/?q=pyongyang")
    # "more in Pyongyang": CNY more than 30,000 per store, US$4,522.06 at least.
    assert "Funding received: ≈ more than US$4,500 per recipient" in words
    assert "≈ US$4,522" not in words


def test_funding_totals_on_different_bases_say_so(client, archive):
    words = text(client, "/ventures/?q=grocery")
    assert "≈ US$3,000–4,500 per recipient" in words


def test_purposes_that_are_sentences_get_no_prefix(client, archive):
    words = text(client, "/organisations/chongryon/")
    assert "For For" not in words
    assert "Purpose: For Chongryon children" in words


def test_goods_are_not_labelled_with_their_own_name(client, archive):
    assert "Goods: goods" not in text(client, "/flows/")
    assert "Goods: goods" not in text(client, "/flows/14/")


def test_each_flow_in_the_listing_is_linked_by_its_ends_not_only_its_kind(client, archive):
    content = unescape(page(client, "/flows/"))
    links = re.findall(r'<a href="/flows/(\d+)/">(.*?)</a>', content)
    assert sorted(int(pk) for pk, _ in links) == sorted(
        FundingFlow.objects.public().values_list("pk", flat=True)
    )
    for _, label in links:
        name = re.sub(r"<[^>]+>", "", label)
        assert " to " in name, name


def test_a_source_names_its_language(client, archive):
    source = Source.objects.first()
    words = text(client, source.get_absolute_url())
    assert "Language English" in words


def test_the_footer_api_link_opens_the_api_documentation(client, archive):
    content = page(client, "/")
    href = re.search(r'<a href="([^"]+)">API</a>', content).group(1)
    assert client.get(href).status_code == 200


def test_facet_counts_are_pluralised(client, archive):
    content = page(client, "/ventures/")
    assert " 1 ventures)" not in content.replace("</span>", " ").replace(
        '<span class="visually-hidden">', ""
    )
    assert '>1<span class="visually-hidden"> venture)</span>' in content


@pytest.mark.parametrize(
    ("listing", "query", "api"),
    [
        ("/ventures/", "sector=apparel", "/api/v1/ventures/"),
        ("/flows/", "currency=JPY", "/api/v1/funding-flows/"),
        ("/people/", "is_defector=true", "/api/v1/people/"),
        ("/organisations/", "q=foundation", "/api/v1/organizations/"),
        ("/places/", "kind=city", "/api/v1/places/"),
        ("/sources/", "year=2016", "/api/v1/sources/"),
    ],
)
def test_a_listing_links_its_own_data_as_json_and_csv_with_the_same_filters(
    client, archive, listing, query, api
):
    response = client.get(f"{listing}?{query}")
    shown = response.context["page"].paginator.count
    assert shown > 0
    content = unescape(response.content.decode())
    json_url = re.search(r'href="([^"]+format=json)"', content).group(1)
    csv_url = re.search(r'href="([^"]+format=csv)"', content).group(1)
    assert json_url == f"{api}?{query}&format=json"
    # Lists count only when asked (count=true); the link itself stays the listing's filters.
    assert client.get(f"{json_url}&count=true").json()["count"] == shown
    rows = list(csv.DictReader(io.StringIO(client.get(csv_url).content.decode())))
    assert len(rows) == shown


def test_empty_parameters_are_dropped_from_a_shared_address(client, archive):
    response = client.get("/ventures/?q=&sector=retail&founded_from=&sector=apparel")
    assert response.status_code == 302
    assert response["Location"] == "/ventures/?sector=retail&sector=apparel"
    response = client.get("/search/?q=")
    assert (response.status_code, response["Location"]) == (302, "/search/")


def test_the_api_keeps_its_own_rules_for_empty_parameters(client, archive):
    assert client.get("/api/v1/ventures/?q=").status_code == 200


def test_the_people_listing_offers_every_country_a_public_person_is_from_or_lives_in(
    client, archive
):
    PersonFactory(origin_country="KP", residence_country="NZ")
    PersonFactory(origin_country="UY", residence_country="", visibility=Visibility.RESTRICTED)
    offered = dict(client.get("/people/").context["countries"])
    assert offered["NZ"] == "New Zealand"  # a country lived in, from no one's origin
    assert "KP" in offered
    assert "UY" not in offered  # only a hidden person's
    assert "" not in offered


def test_the_organisations_listing_offers_the_countries_of_public_organisations(client, archive):
    OrganizationFactory(country="NZ")
    OrganizationFactory(country="UY", visibility=Visibility.RESTRICTED)
    # A country both a hidden and a public organisation are in is offered once.
    OrganizationFactory(country="CL", visibility=Visibility.RESTRICTED)
    OrganizationFactory(country="CL")
    offered = [code for code, _ in client.get("/organisations/").context["countries"]]
    assert "NZ" in offered and offered.count("CL") == 1
    assert "UY" not in offered  # only a hidden organisation's
    public = Organization.objects.public().exclude(country="")
    assert sorted(offered) == sorted(set(public.values_list("country", flat=True)))


@pytest.mark.parametrize(
    ("model", "columns"),
    [(Organization, ("country",)), (Person, ("origin_country", "residence_country"))],
)
def test_distinct_values_are_the_public_records_distinct_values(archive, model, columns):
    # Found by a walk of the index on PostgreSQL, by DISTINCT elsewhere: the same values,
    # and a value only hidden records have is not among them.
    OrganizationFactory(country="UY", visibility=Visibility.RESTRICTED)
    PersonFactory(origin_country="UY", residence_country="UY", visibility=Visibility.RESTRICTED)
    PersonFactory(origin_country="KP", residence_country="")
    public = model.objects.public()
    found = distinct_values(public, *columns)
    assert sorted(found) == sorted(set(public.order_by().values_list(*columns)))
    assert all("UY" not in values for values in found)
    assert len(found) > 1
