"""Pages: stable order, bounded size, and a query count that does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.factories import OrganizationFactory, PersonFactory, RoleFactory
from sources.factories import CitationFactory
from ventures.factories import FundingFlowFactory, PlaceFactory, SectorFactory, VentureFactory

LISTS = [
    "people",
    "organizations",
    "ventures",
    "roles",
    "funding-flows",
    "places",
    "sectors",
    "exchange-rates",
    "sources",
    "citations",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("resource", LISTS)
def test_a_page_costs_the_same_queries_at_any_size(archive, anonymous, resource):
    small = queries(anonymous, f"/api/v1/{resource}/?page_size=2")
    large = queries(anonymous, f"/api/v1/{resource}/?page_size=20")
    whole = queries(anonymous, f"/api/v1/{resource}/?page_size=500")
    # A tiny page may skip a prefetch none of its rows needs (no place has a parent).
    assert small <= large == whole


def test_rich_pages_stay_flat_too(db, anonymous):
    """Many related rows per record: prefetched, never fetched per row."""
    for _ in range(25):
        person = PersonFactory()
        RoleFactory(person=person)
        CitationFactory(party=person)
        flow = FundingFlowFactory(recipient=person)
        CitationFactory(flow=flow)
    for _ in range(25):
        VentureFactory(
            sectors=[SectorFactory()], place=PlaceFactory(), operated_by=OrganizationFactory()
        )
    for resource in ("people", "funding-flows", "ventures", "citations", "roles"):
        small = queries(anonymous, f"/api/v1/{resource}/?page_size=2")
        large = queries(anonymous, f"/api/v1/{resource}/?page_size=25")
        assert small == large, resource


def test_pages_follow_each_other_without_gaps_or_repeats(archive, anonymous):
    seen, url = [], "/api/v1/people/?page_size=7&ordering=name"
    while url:
        body = anonymous.get(url).json()
        seen += [person["id"] for person in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == anonymous.get("/api/v1/people/").json()["count"]


def test_equal_sort_keys_still_page_stably(db, anonymous):
    """Ties on the sort key are broken by id, so no row is on two pages."""
    for _ in range(9):
        PersonFactory(name="Kim")
    first = anonymous.get("/api/v1/people/?ordering=name&page_size=4&page=1").json()["results"]
    second = anonymous.get("/api/v1/people/?ordering=name&page_size=4&page=2").json()["results"]
    ids = [p["id"] for p in first + second]
    assert ids == sorted(ids)
    assert len(set(ids)) == 8


def test_page_links_and_total_are_in_headers_too(archive, anonymous):
    response = anonymous.get("/api/v1/people/?page_size=5&page=2")
    assert response["X-Total-Count"] == str(response.json()["count"])
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]


def test_the_largest_page_is_allowed(archive, anonymous):
    assert anonymous.get("/api/v1/citations/?page_size=500").status_code == 200
    assert anonymous.get("/api/v1/citations/?page_size=501").status_code == 400
