"""The home page, the frame every page shares, robots.txt and the sitemap."""

from core.records import PUBLIC, PublicationState, Visibility
from people.factories import OrganizationFactory, PersonFactory
from people.models import Organization, Person
from people.selectors import organisations_for, people_for
from tests.site.helpers import page
from ventures.factories import VentureFactory
from ventures.models import FundingFlow, Venture
from ventures.selectors import ventures_for


def test_home_says_what_the_archive_is_and_how_it_was_built(client, archive):
    content = page(client, "/")
    assert "Who funds whom in North Korean entrepreneurship" in content
    assert "How it was built" in content
    assert '<form class="big-search" role="search" action="/search/" method="get">' in content


def test_home_counts_public_records_and_links_the_listings(client, archive):
    response = client.get("/")
    assert response.context["counts"]["people"] == Person.objects.count()
    content = response.content.decode()
    assert f'<a href="/people/"><span class="tally__count">{Person.objects.count()}</span>' in (
        content
    )


def test_home_counts_each_kind_as_its_listing_does(client, archive):
    # One grouped read of the parties' kinds: hidden and draft records of each kind are
    # left out, as each kind's own selector leaves them out.
    PersonFactory(visibility=Visibility.RESTRICTED)
    OrganizationFactory(publication_state=PublicationState.DRAFT)
    VentureFactory(visibility=Visibility.RESTRICTED)
    counts = client.get("/").context["counts"]
    assert counts["people"] == people_for(PUBLIC).count() < Person.objects.count()
    assert (
        counts["organisations"] == organisations_for(PUBLIC).count() < Organization.objects.count()
    )
    assert counts["ventures"] == ventures_for(PUBLIC).count() < Venture.objects.count()


def test_home_lists_latest_records_and_largest_flows(client, archive):
    response = client.get("/")
    assert len(response.context["recent"]) == 8
    largest = list(response.context["largest_flows"])
    assert largest[0].pk == 11  # ¥49.988 billion to Chongryon
    # Ordered by the lower bound, so open-ended flows count for what is known of them.
    assert [flow.usd_low for flow in largest] == sorted(
        (flow.usd_low for flow in largest), reverse=True
    )
    kim_to_chongryon = FundingFlow.objects.get(funder__slug="kim-jong-un")
    assert kim_to_chongryon.usd_high is None and kim_to_chongryon in largest
    assert "≈ more than US$2M" in response.content.decode()


def test_every_page_has_one_main_landmark_navigation_and_labelled_search(client, archive):
    for url in ["/", "/ventures/", "/flows/", "/network/", "/people/ji-seong-ho/"]:
        content = page(client, url)
        assert content.count("<main") == 1, url
        assert '<nav class="site-nav" aria-label="Main">' in content
        assert '<label for="site-search-q"' in content
        assert 'style="' not in content, url


def test_every_input_has_a_label(client, archive):
    import re

    for url in [
        "/",
        "/ventures/",
        "/flows/",
        "/people/",
        "/organisations/",
        "/places/",
        "/sources/",
        "/network/",
        "/search/?q=kim",
    ]:
        content = page(client, url)
        for input_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', content):
            assert f'<label for="{input_id}"' in content, (url, input_id)
        # Checkboxes and radio buttons sit inside their label.
        for match in re.finditer(r'<input type="(?:checkbox|radio)"', content):
            before = content[: match.start()]
            assert before.rfind("<label>") > before.rfind("</label>"), url


def test_the_current_section_is_marked_in_the_navigation(client, archive):
    assert '<a href="/flows/" aria-current="page">' in page(client, "/flows/")


def test_robots_txt_points_to_the_sitemap(client, archive):
    content = page(client, "/robots.txt")
    assert "Disallow: /admin/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_the_sitemap_indexes_every_section_and_lists_each_public_record(client, archive):
    index = page(client, "/sitemap.xml")
    for section in ["pages", "ventures", "flows", "people", "organisations", "places", "sources"]:
        assert f"http://testserver/sitemap-{section}.xml" in index
    people = page(client, "/sitemap-people.xml")
    assert people.count("<url>") == Person.objects.count()
    assert "<loc>http://testserver/people/ji-seong-ho/</loc>" in people
    assert "<lastmod>2026-11-23</lastmod>" in people
    assert "<loc>http://testserver/flows/11/</loc>" in page(client, "/sitemap-flows.xml")
