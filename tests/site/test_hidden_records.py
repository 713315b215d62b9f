"""Draft and restricted records never appear on the public site, not even by their existence.

The strongest form of the rule: every public page reads exactly the same, byte for byte,
before and after hidden records are added, however they are linked to public ones.
Counts, facets, totals, charts, the network, search and the sitemap are all pages.
"""

import pytest

from core.records import Visibility
from people.factories import OrganizationFactory
from sources.factories import SourceFactory
from sources.models import Source
from tests.site.helpers import MARK, create_hidden_records, create_sideways_records, page

PAGES = [
    "/",
    "/ventures/",
    "/ventures/?sector=apparel",
    "/ventures/?place=north-korea",
    "/ventures/?place=pyongyang&founded_from=2010",
    "/ventures/?has_funding=true&ordering=-funding",
    "/ventures/?founded_by_defector=true",
    "/ventures/?funded_by=chongryon",
    "/ventures/?q=zedhidden",
    "/ventures/?q=nosotekk",
    "/search/?q=nosotekk",
    "/flows/",
    "/flows/?party=the-bridge",
    "/flows/?recipient=ryu-ae",
    "/flows/?year_from=1990&year_to=2000",
    "/flows/?q=zedhidden",
    "/network/",
    "/network/?party=the-bridge",
    "/network/?party=ryu-ae",
    "/network/?party=ji-seong-ho",
    "/people/",
    "/people/?q=zedhidden",
    "/people/?organization=the-bridge",
    "/organisations/",
    "/places/",
    "/places/?q=zedhidden",
    "/sources/",
    "/search/?q=zedhidden",
    "/search/?q=Person",
    "/ventures/ryu-ae/",
    "/organisations/the-bridge/",
    "/organisations/chongryon/",
    "/people/ji-seong-ho/",
    "/places/pyongyang/",
    "/places/north-korea/",
    "/sources/straits-times-2016-defectors-funding-small-businesses/",
    "/sitemap.xml",
    "/sitemap-people.xml",
    "/sitemap-ventures.xml",
    "/sitemap-flows.xml",
    "/sitemap-places.xml",
    "/sitemap-organisations.xml",
    "/sitemap-sources.xml",
    "/robots.txt",
]

HIDDEN_URLS = [
    "/people/zedhidden-person/",
    "/people/zedhidden-draft-person/",
    "/ventures/zedhidden-venture/",
    "/ventures/zedhidden-draft-venture/",
    "/organisations/zedhidden-org/",
    "/places/zedhidden-place/",
    "/sources/zedhidden-source/",
]


def test_hidden_records_change_no_public_page(client, archive):
    before = {url: page(client, url) for url in PAGES}
    create_hidden_records()
    for url in PAGES:
        assert page(client, url) == before[url], url


def test_no_public_page_names_a_hidden_record(client, archive):
    create_hidden_records()
    for url in PAGES:
        assert MARK.lower() not in page(client, url).lower() or "q=zedhidden" in url, url


@pytest.mark.parametrize("url", HIDDEN_URLS)
def test_a_hidden_record_answers_exactly_like_one_that_never_existed(client, archive, url):
    create_hidden_records()
    hidden = client.get(url)
    missing = client.get(url.replace("zedhidden", "never-existed"))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_hidden_flows_answer_404(client, archive):
    from ventures.models import FundingFlow

    create_hidden_records()
    hidden = FundingFlow.objects.exclude(pk__in=FundingFlow.objects.public())
    assert hidden.count() == 4
    for flow in hidden:
        response = client.get(flow.get_absolute_url())
        assert response.status_code == 404
        assert response.content == client.get("/flows/999999/").content


@pytest.mark.parametrize(
    "query",
    [
        "funded_by=zedhidden-person",
        "place=zedhidden-place",
        "funded_by=zedhidden-org",
    ],
)
def test_naming_a_hidden_record_in_a_filter_reads_like_naming_nothing(client, archive, query):
    create_hidden_records()
    hidden = client.get(f"/ventures/?{query}")
    missing = client.get(f"/ventures/?{query.replace('zedhidden', 'never-existed')}")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.content == missing.content


def test_a_hidden_party_cannot_centre_the_network(client, archive):
    create_hidden_records()
    hidden = client.get("/network/?party=zedhidden-person")
    missing = client.get("/network/?party=never-existed-person")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.content == missing.content


def test_a_venture_in_a_hidden_place_shows_no_place(client, archive):
    venture = create_sideways_records()
    for url in [venture.get_absolute_url(), "/ventures/", "/ventures/?founded_from=2018"]:
        content = page(client, url)
        assert "Venture in an unlisted place" in content
        assert MARK not in content, url


def test_a_venture_in_a_hidden_place_is_in_no_public_place_or_country(client, archive):
    create_sideways_records()
    for query in ["place=north-korea", "country=KP"]:
        listed = [v.slug for v in client.get(f"/ventures/?{query}").context["page"]]
        assert "venture-in-an-unlisted-place" not in listed, query
    places = {f.name: f for f in client.get("/ventures/").context["facets"]}["place"]
    assert MARK.lower() not in {value.value for value in places.values}


def test_a_source_hides_its_hidden_publisher_authors_and_quotes(client, archive):
    create_sideways_records()
    for url in [
        "/sources/article-with-an-unlisted-publisher/",
        "/sources/",
        "/ventures/venture-in-an-unlisted-place/",
        "/",
    ]:
        assert MARK not in page(client, url), url
    content = page(client, "/sources/article-with-an-unlisted-publisher/")
    assert "No publisher named" in content
    assert "We are betting on people." not in content  # it backs a hidden person


def test_an_organisation_hides_its_hidden_parent(client, archive):
    create_sideways_records()
    for url in [
        "/organisations/organisation-with-an-unlisted-parent/",
        "/organisations/?q=unlisted",
    ]:
        content = page(client, url)
        assert "Organisation with an unlisted parent" in content
        assert MARK not in content, url


def test_a_quote_from_a_hidden_source_does_not_back_a_public_record(client, archive):
    create_hidden_records()
    assert "sentence about Ryu Ae" not in page(client, "/ventures/ryu-ae/")


def test_the_sitemap_lists_public_records_only(client, archive):
    create_hidden_records()
    create_sideways_records()
    content = "".join(
        page(client, f"/sitemap-{section}.xml")
        for section in ["people", "organisations", "ventures", "places", "sources", "flows"]
    )
    assert "venture-in-an-unlisted-place" in content
    assert MARK.lower() not in content.lower()


def test_the_sources_listing_offers_the_publishers_of_public_sources_only(client, archive):
    public_press = OrganizationFactory(name="Public Press")
    SourceFactory(publisher=public_press)
    # A public publisher of hidden sources only, and a hidden publisher of a public one.
    quiet_press = OrganizationFactory(name="Quiet Press")
    SourceFactory(publisher=quiet_press, visibility=Visibility.RESTRICTED)
    hidden_press = OrganizationFactory(name="Hidden Press", visibility=Visibility.RESTRICTED)
    SourceFactory(publisher=hidden_press)
    offered = [publisher.name for publisher in client.get("/sources/").context["publishers"]]
    assert "Public Press" in offered
    assert "Quiet Press" not in offered and "Hidden Press" not in offered
    expected = (
        Source.objects.public()
        .filter(publisher__publication_state="published", publisher__visibility="public")
        .values_list("publisher__name", flat=True)
        .distinct()
    )
    assert sorted(offered) == sorted(set(expected))
