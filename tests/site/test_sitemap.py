"""The sitemap: an index of each section's pages, and each page a block of ids.

A crawler reads the index, then every page it lists. At national scale (a million
flows) each must cost what its own rows cost, however large the archive
(``archive/sitemaps.py``): a page is one query, and the index two per section.
"""

import re

import pytest

from archive.sitemaps import RecordSitemap
from core.registry import with_pages
from people.factories import OrganizationFactory, PersonFactory
from sources.factories import SourceFactory
from tests.site.helpers import (
    MARK,
    RESTRICTED,
    count_queries,
    create_hidden_records,
    create_sideways_records,
    page,
)
from ventures.factories import FundingFlowFactory, PlaceFactory, VentureFactory

SECTIONS = [declared.site for declared in with_pages()]
LOC = re.compile(r"<loc>http://testserver(.*?)</loc>")

#: Ids per page in the tests that page the small fixture archive: it then spreads over
#: many pages, with blocks of ids that hold no public record of a section between them.
SMALL = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(RecordSitemap, "limit", SMALL)


def listed_pages(client) -> list[str]:
    return LOC.findall(page(client, "/sitemap.xml"))


def section_of(url: str) -> str:
    return url.removeprefix("/sitemap-").partition(".xml")[0]


def public_urls(section: str) -> list[str]:
    """The pages of a section's records that the visibility rule itself calls public."""
    (declared,) = [item for item in with_pages() if item.site == section]
    return sorted(record.get_absolute_url() for record in declared.model.objects.public())


def test_the_pages_list_every_public_record_once_and_nothing_else(client, archive, small_pages):
    create_hidden_records()
    create_sideways_records()
    listed = {section: [] for section in SECTIONS}
    for url in listed_pages(client):
        if section_of(url) in listed:
            urls = LOC.findall(page(client, url))
            assert 1 <= len(urls) <= SMALL, url
            listed[section_of(url)] += urls
    for section, urls in listed.items():
        assert sorted(urls) == public_urls(section), section
        assert not any(MARK.lower() in url for url in urls), section


def test_every_page_is_one_query_however_deep(client, archive, small_pages):
    pages = [url for url in listed_pages(client) if section_of(url) in SECTIONS]
    assert any("?p=" in url for url in pages)
    assert {url: count_queries(client, url) for url in pages} == dict.fromkeys(pages, 1)


def test_hidden_records_add_no_page_to_the_index(client, archive, small_pages):
    before = page(client, "/sitemap.xml")
    # Their ids come after every public record's, so they fill blocks of their own.
    create_hidden_records()
    assert page(client, "/sitemap.xml") == before


def test_a_block_of_hidden_records_is_skipped_by_the_index_and_not_found(
    client, archive, small_pages
):
    hidden = [PlaceFactory(**RESTRICTED) for _ in range(2 * SMALL)]
    later = PlaceFactory()
    # The block after the first hidden id's lies wholly among the hidden ids.
    empty = hidden[0].pk // SMALL + 2
    pages = listed_pages(client)
    assert f"/sitemap-places.xml?p={empty}" not in pages
    page(client, f"/sitemap-places.xml?p={empty}", status=404)
    (last,) = [url for url in pages if url.endswith(f"?p={later.pk // SMALL + 1}")]
    assert f"<loc>http://testserver{later.get_absolute_url()}</loc>" in page(client, last)


@pytest.mark.parametrize("number", ["0", "-1", "x", "99999"])
def test_a_page_that_is_not_listed_is_not_found(client, archive, number):
    page(client, f"/sitemap-flows.xml?p={number}", status=404)


def test_an_empty_section_is_left_out_of_the_index_but_its_first_page_answers(client, db):
    assert listed_pages(client) == ["/sitemap-pages.xml"]
    for section in SECTIONS:
        assert "<url>" not in page(client, f"/sitemap-{section}.xml")


def add_records(count: int) -> None:
    for _ in range(count):
        PersonFactory()
        OrganizationFactory()
        VentureFactory()
        PlaceFactory()
        SourceFactory()
        FundingFlowFactory()


def test_the_index_and_pages_cost_the_same_queries_with_one_record_or_many(client, db):
    urls = ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS)]
    add_records(1)
    one = {url: count_queries(client, url) for url in urls}
    add_records(40)
    many = {url: count_queries(client, url) for url in urls}
    assert many == one
    assert all(one[f"/sitemap-{section}.xml"] == 1 for section in SECTIONS)


def test_the_index_costs_the_same_queries_however_many_pages_it_lists(client, db, small_pages):
    add_records(1)
    one = count_queries(client, "/sitemap.xml")
    pages = len(listed_pages(client))
    add_records(40)
    assert len(listed_pages(client)) > pages + 20  # blocks of three ids: many more pages
    assert count_queries(client, "/sitemap.xml") == one


def test_a_party_page_bounds_the_ids_of_both_its_tables(client, archive, django_assert_num_queries):
    # A person is a party: with the block's range on people_person alone, PostgreSQL
    # read people_party from its first row to the block's on every page.
    with django_assert_num_queries(1) as captured:
        page(client, "/sitemap-people.xml")
    (sql,) = [query["sql"] for query in captured.captured_queries]
    for column in ('"people_person"."party_ptr_id"', '"people_party"."id"'):
        assert re.search(rf"{re.escape(column)} >= \d+", sql), column
        assert re.search(rf"{re.escape(column)} < \d+", sql), column
