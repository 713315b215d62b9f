"""Site search counts each kind of record no further than a cap, as the listings do.

At national scale "kim" matches tens of thousands of parties and flows. The search page
shows each kind's first results in the kind's own order and says how many match,
counting no further than ``COUNT_CAP`` ("1,000+ ventures"), so its cost does not grow
with the matches. Here the cap is three records and a group lists two.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import site_search
from people.factories import OrganizationFactory, PersonFactory
from sources.factories import CitationFactory, SourceFactory, StatementFactory
from tests.site.helpers import DRAFT, MARK, RESTRICTED, count_queries
from ventures.factories import FundingFlowFactory, PlaceFactory, VentureFactory

CAP = 3
LISTED = 2

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_cap(monkeypatch):
    monkeypatch.setattr(site_search, "COUNT_CAP", CAP)
    monkeypatch.setattr(site_search, "SEARCH_LIMIT", LISTED)


def search(client, query: str = "quokka"):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    groups = {group.label: group for group in response.context["groups"]}
    return response, groups


def quokka_ventures(count: int) -> list:
    # Created last name first, so that name order is not key order.
    return [VentureFactory(name=f"Quokka Trading {n:02d}") for n in reversed(range(count))]


def test_a_kind_past_the_cap_is_counted_to_the_cap_and_says_there_are_more(client):
    quokka_ventures(CAP + 2)
    response, groups = search(client)
    ventures = groups["Ventures"]
    assert (ventures.count, ventures.more, str(ventures.tally)) == (CAP, True, "3+")
    content = response.content.decode()
    assert '<span class="count">3+</span>' in content
    assert "3+ results for “quokka”." in content
    assert "is counted no further than a listing’s pages reach" in content
    assert '<a href="/ventures/?q=quokka">All 3+ ventures matching “quokka”</a>' in content


def test_a_kind_at_the_cap_is_counted_exactly(client):
    quokka_ventures(CAP)
    response, groups = search(client)
    ventures = groups["Ventures"]
    assert (ventures.count, ventures.more, str(ventures.tally)) == (CAP, False, "3")
    content = response.content.decode()
    assert "3 results for “quokka”." in content
    assert "counted no further" not in content


def test_each_kind_lists_its_first_matches_in_its_own_order_past_the_cap(client):
    ventures = quokka_ventures(CAP + 2)
    PersonFactory(name="Quokka Kim")
    PersonFactory(name="Quokka Bae")
    flows = [FundingFlowFactory(recipient=venture) for venture in ventures]
    _, groups = search(client)
    names = sorted(venture.name for venture in ventures)
    assert [venture.name for venture in groups["Ventures"].results] == names[:LISTED]
    assert [person.name for person in groups["People"].results] == ["Quokka Bae", "Quokka Kim"]
    assert (groups["People"].count, groups["People"].more) == (2, False)
    # Flows newest first, then by key, as their listing orders them.
    newest = sorted(flows, key=lambda flow: (-flow.start_year, flow.pk))
    assert groups["Funding flows"].results == newest[:LISTED]
    assert (groups["Funding flows"].count, groups["Funding flows"].more) == (CAP, True)


def test_quotes_past_the_cap_show_the_first_recorded_of_those_counted(client):
    """Quotes have no listing: the group counts any ``COUNT_CAP + 1`` of them, in the
    order the database finds cheapest, and shows the first recorded of those."""
    source = SourceFactory()
    quotes = [CitationFactory(source=source, quote=f"A quokka, {n}") for n in range(CAP + 2)]
    _, groups = search(client)
    shown = groups["Quotes"].results
    assert (groups["Quotes"].count, groups["Quotes"].more) == (CAP, True)
    assert len(shown) == LISTED
    assert [quote.pk for quote in shown] == sorted(quote.pk for quote in shown)
    assert {quote.pk for quote in shown} <= {quote.pk for quote in quotes}


def test_quotes_up_to_the_cap_show_the_first_recorded(client):
    source = SourceFactory()
    quotes = [CitationFactory(source=source, quote=f"A quokka, {n}") for n in range(CAP)]
    _, groups = search(client)
    assert [quote.pk for quote in groups["Quotes"].results] == [q.pk for q in quotes[:LISTED]]
    assert (groups["Quotes"].count, groups["Quotes"].more) == (CAP, False)


def test_the_quotes_are_counted_in_no_order_on_postgresql(client, postgres):
    """A sort of every matching quote, for the first 1,001, read all 25,000 that hold
    "saessak" at national scale; unordered, the count stops at the cap."""
    CitationFactory(quote="A quokka quote")
    with CaptureQueriesContext(connection) as captured:
        search(client)
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "sources_citation"."id" AS "pk"') and "LIMIT" in q["sql"]
    ]
    assert counts, "the quotes' count"
    assert all("ORDER BY" not in sql for sql in counts), counts


def test_hidden_matches_are_neither_counted_nor_shown(client):
    public = quokka_ventures(2)
    VentureFactory(name=f"Quokka {MARK} Restricted", **RESTRICTED)
    VentureFactory(name=f"Quokka {MARK} Draft", **DRAFT)
    CitationFactory(quote=f"A quokka quote, {MARK} source", source=SourceFactory(**RESTRICTED))
    CitationFactory(quote=f"A quokka quote, {MARK} party", party=PersonFactory(**DRAFT))
    response, groups = search(client)
    ventures = groups["Ventures"]
    assert (ventures.count, ventures.more) == (2, False)
    assert [venture.name for venture in ventures.results] == sorted(v.name for v in public)
    assert "Quotes" not in groups
    assert MARK not in response.content.decode()


def every_kind_matching(count: int) -> None:
    """``count`` more records of every kind the page searches, each matching "quokka"."""
    for n in range(count):
        venture = VentureFactory(name=f"Quokka Venture {n}")
        PersonFactory(name=f"Quokka Person {n}")
        OrganizationFactory(name=f"Quokka Organisation {n}")
        PlaceFactory(name=f"Quokka Place {n}")
        FundingFlowFactory(recipient=venture)
        source = SourceFactory(title=f"The quokka papers, part {n}")
        CitationFactory(source=source, party=venture, quote=f"Quokka quote {n}")
        StatementFactory(source=source, summary=f"Quokka statement {n}")


def test_the_search_page_costs_the_same_queries_however_many_match(client):
    every_kind_matching(1)
    one = count_queries(client, "/search/?q=quokka")
    every_kind_matching(CAP + 2)
    _, groups = search(client)
    assert len(groups) == 8 and all(group.more for group in groups.values()), groups
    assert count_queries(client, "/search/?q=quokka") == one


def name_matches(queries) -> list[str]:
    """The statements that read which records' names match a query (``matching_ids``)."""
    return [q["sql"] for q in queries if "exact AS MATERIALIZED" in q["sql"]]


def test_the_search_page_reads_the_parties_a_query_names_once(client, postgres):
    # Its people, organisations and ventures, and the flows they fund or receive, ask
    # which parties "quokka" names: one read serves both (``core.search.shared_matches``).
    every_kind_matching(2)
    with CaptureQueriesContext(connection) as queries:
        _, groups = search(client)
    assert groups["Funding flows"].count == 2
    read = name_matches(queries.captured_queries)
    assert len(read) == len(set(read)) == 2  # the parties, and the places: once each
    # Outside the page, each search reads afresh: a write between two is never missed.
    with CaptureQueriesContext(connection) as queries:
        search(client)
        FundingFlowFactory(recipient=VentureFactory(name="Quokka Venture late"))
        _, groups = search(client)
    assert groups["Funding flows"].count == 3
    assert len(name_matches(queries.captured_queries)) == 4


@pytest.mark.parametrize(
    "url",
    ["/ventures/?q=quokka", "/people/?q=quokka", "/organisations/?q=quokka", "/flows/?q=quokka"],
)
def test_a_listing_reads_its_search_s_matches_once(client, postgres, url):
    # Its page is looked up by the keys its count read (core.pagination.render_listing):
    # reading the page through the FilterSet again searched a second time, and sorted
    # every match again (80-120 ms and 210 ms for "kim" at 10x).
    every_kind_matching(2)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    read = name_matches(queries.captured_queries)
    assert read and len(read) == len(set(read)), read


def test_a_listing_s_search_lists_its_matches_in_the_listing_s_order(client):
    # Its page is looked up by the keys its count read, in name order, then id.
    every_kind_matching(3)
    VentureFactory(name="Quokka Venture 1")  # the same name twice: then by id
    VentureFactory(name=f"Quokka Venture {MARK}", **DRAFT)
    content = client.get("/ventures/?q=quokka").content.decode()
    found = re.findall(r">(Quokka Venture [^<]*)</a>", content)
    assert found == ["Quokka Venture 0", "Quokka Venture 1", "Quokka Venture 1", "Quokka Venture 2"]
