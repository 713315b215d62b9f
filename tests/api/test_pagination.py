"""Pages: stable order, bounded size, and a query count that does not grow with the page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import outbox
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
    """Queries one request costs (the throttle's cache is not the database)."""
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
    # The outbox turns this test's own writes into feed events on the connection's next
    # read (a request commits its writes as it ends); do that now, outside the counts.
    outbox.flush()
    for resource in ("people", "funding-flows", "ventures", "citations", "roles"):
        small = queries(anonymous, f"/api/v1/{resource}/?page_size=2")
        large = queries(anonymous, f"/api/v1/{resource}/?page_size=25")
        assert small == large, resource


def every_page(client, url: str, most: int = 100) -> list[dict]:
    rows = []
    for _ in range(most):
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
        if url is None:
            return rows
    raise AssertionError(f"Still a next page after {most} pages: the cursor does not advance")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/?page_size=7&ordering=name",
        "/api/v1/people/?page_size=7&ordering=-name",
        "/api/v1/ventures/?page_size=4&ordering=-funding",
        "/api/v1/ventures/?page_size=4&ordering=founded",
        "/api/v1/funding-flows/?page_size=3&ordering=usd",
        "/api/v1/funding-flows/?page_size=3&ordering=-year",
        "/api/v1/roles/?page_size=5",
        "/api/v1/citations/?page_size=50",
        "/api/v1/sources/?page_size=2",
    ],
)
def test_cursor_pages_follow_each_other_without_gaps_or_repeats(archive, anonymous, url):
    """Every key order, nullable keys included (undated ventures, flows with no USD)."""
    one_page = anonymous.get(re.sub(r"page_size=\d+", "page_size=500", url)).json()
    seen = [row["id"] for row in every_page(anonymous, url)]
    assert seen == [row["id"] for row in one_page["results"]]
    assert len(seen) == len(set(seen)) > 0


def test_previous_pages_walk_back_to_the_first(archive, anonymous):
    url, pages = "/api/v1/people/?page_size=5&ordering=name", []
    for _ in range(100):
        if not url:
            break
        body = anonymous.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        url = body["next"]
    assert len(pages) > 2
    back = anonymous.get("/api/v1/people/?page_size=5&ordering=name").json()
    for _ in range(len(pages) - 1):
        back = anonymous.get(back["next"]).json()
    walked = [[row["id"] for row in back["results"]]]
    while back["previous"]:
        back = anonymous.get(back["previous"]).json()
        walked.insert(0, [row["id"] for row in back["results"]])
    assert walked == pages


def test_equal_sort_keys_still_page_stably(db, anonymous):
    """Ties on the sort key are broken by id, so no row is on two pages."""
    for _ in range(9):
        PersonFactory(name="Kim")
    ids = [p["id"] for p in every_page(anonymous, "/api/v1/people/?ordering=name&page_size=4")]
    assert ids == sorted(ids)
    assert len(set(ids)) == 9


def test_rows_added_while_paging_never_shift_a_page(db, anonymous):
    """An offset page would show the last row of page 1 again on page 2 after an insert
    before it; a keyset page starts after the last row seen, whatever was added."""
    for index in range(6):
        PersonFactory(name=f"Person {index:02}")
    first = anonymous.get("/api/v1/people/?ordering=name&page_size=3").json()
    PersonFactory(name="Person 00a")  # sorts onto the page already read
    second = anonymous.get(first["next"]).json()
    first_ids = {row["id"] for row in first["results"]}
    assert [row["name"] for row in second["results"]] == ["Person 03", "Person 04", "Person 05"]
    assert not first_ids & {row["id"] for row in second["results"]}


def test_a_deep_page_costs_the_queries_of_the_first(db, anonymous):
    for index in range(30):
        PersonFactory(name=f"Person {index:02}")
    first = anonymous.get("/api/v1/people/?page_size=2")
    url = first.json()["next"]
    for _ in range(10):
        url = anonymous.get(url).json()["next"]
    assert queries(anonymous, url) == queries(anonymous, "/api/v1/people/?page_size=2")


def list_query(client, url: str) -> str:
    """The SQL of the page's own rows (the statement with the LIMIT)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return next(q["sql"] for q in captured if "LIMIT" in q["sql"] and "ORDER BY" in q["sql"])


@pytest.mark.parametrize(
    ("factory", "url", "column"),
    [
        (PersonFactory, "/api/v1/people/?page_size=2", "name"),
        # Public ventures are in their listed name's order: a column that may be NULL,
        # which the public list's own filter keeps non-empty.
        (VentureFactory, "/api/v1/ventures/?page_size=2", "listed_name"),
    ],
)
def test_a_deep_page_on_a_name_starts_where_an_index_in_list_order_can(
    db, anonymous, factory, url, column
):
    """A listed name is never empty: the page after a cursor asks for ``name >= last``
    (a range an index on (name, id) starts at) and no ``name IS NULL`` (which made
    PostgreSQL walk the index from its first entry: 78 ms for row 50,000 at 10x)."""
    for index in range(7):
        factory(name=f"Record {index % 3}")
    seen = []
    while url:
        page = anonymous.get(url).json()
        seen += [row["id"] for row in page["results"]]
        if page["next"]:
            sql = list_query(anonymous, page["next"])
            name = connection.ops.quote_name(column)
            assert re.search(rf"{name} >= ", sql), sql
            assert "IS NULL" not in sql.replace("IS NOT NULL", ""), sql
        url = page["next"]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7


def test_a_deep_page_on_a_key_that_may_be_empty_still_finds_the_empty_ones(db, anonymous):
    """Flows without a start year sort last: the page after a dated flow must still
    reach them, so that key keeps its ``IS NULL`` and gets no range."""
    for year in (2001, 2002, None, None, 2003):
        FundingFlowFactory(start_year=year, end_year=year)
    seen, url = [], "/api/v1/funding-flows/?page_size=2&ordering=year"
    while url:
        page = anonymous.get(url).json()
        seen += [row["start_year"] for row in page["results"]]
        url = page["next"]
    assert seen == [2001, 2002, 2003, None, None]


@pytest.mark.parametrize(
    "cursor",
    ["bogus", "WyJhIl0:1abc:xyz", "", "e30:" + "x" * 40],
)
def test_a_cursor_the_list_did_not_give_is_a_400(archive, anonymous, cursor):
    response = anonymous.get(f"/api/v1/people/?cursor={cursor}")
    if cursor == "":
        assert response.status_code == 200  # empty means absent
        return
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_a_cursor_is_bound_to_its_list_and_ordering(archive, anonymous):
    people = anonymous.get("/api/v1/people/?page_size=2&ordering=name").json()["next"]
    cursor = people.split("cursor=")[1].split("&")[0]
    other_order = anonymous.get(f"/api/v1/people/?page_size=2&ordering=-name&cursor={cursor}")
    other_list = anonymous.get(f"/api/v1/organizations/?page_size=2&cursor={cursor}")
    assert other_order.status_code == other_list.status_code == 400


def test_counts_only_when_asked(archive, anonymous, django_assert_num_queries):
    plain = queries(anonymous, "/api/v1/sectors/")
    counted = queries(anonymous, "/api/v1/sectors/?count=true")
    assert counted == plain + 1
    response = anonymous.get("/api/v1/people/?page_size=5&count=true")
    assert response["X-Total-Count"] == str(response.json()["count"])
    assert 'rel="next"' in response["Link"]
    assert "X-Total-Count" not in anonymous.get("/api/v1/people/").headers
    assert anonymous.get("/api/v1/people/?count=maybe").json()["errors"]["count"]


def test_the_largest_page_is_allowed(archive, anonymous):
    assert anonymous.get("/api/v1/citations/?page_size=500").status_code == 200
    assert anonymous.get("/api/v1/citations/?page_size=501").status_code == 400
