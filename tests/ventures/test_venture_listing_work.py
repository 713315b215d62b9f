"""The venture listing's bounded work, and that it still shows the right figures.

The listing's count and its facets count over keys found once per set of filters (a
``LIMIT`` past the cap, no ``ORDER BY``), passed on as a list; the place facet reads
only the counted places and the places above them; on PostgreSQL a page in the listing's
order walks the partial (name, id) index over public parties.
"""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from archive import synthetic
from core import facets, pagination
from core.records import PUBLIC, Visibility
from ventures import facets as venture_facets
from ventures import selectors
from ventures.factories import PlaceFactory, VentureFactory
from ventures.filters import VentureFilter
from ventures.models import Venture


def listing_count(params: QueryDict) -> int:
    filterset = VentureFilter(params, queryset=Venture.objects.public())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def with_value(url: str, name: str, value: str) -> QueryDict:
    """The listing's parameters with one filter set to ``value`` alone, as the facet's
    link sets it (a ticked value of a multiple-choice facet is counted on its own)."""
    params = QueryDict(url.partition("?")[2], mutable=True)
    params.setlist(name, [value])
    return params


@pytest.mark.parametrize(
    "url",
    [
        "/ventures/",
        "/ventures/?sector=retail",
        "/ventures/?founded_from=2000&kind=small_business",
        "/ventures/?country=KP&has_funding=true",
    ],
)
def test_every_facet_count_is_what_its_filter_lists(client, archive, url):
    """Under the sample, each count beside a value is exactly how many ventures the
    listing shows with that value, whatever the other filters are."""
    response = client.get(url)
    assert response.status_code == 200
    checked = 0
    for facet in response.context["facets"]:
        assert facet.sampled == 0
        for value in facet.values:
            expected = listing_count(with_value(url, facet.name, value.value))
            assert (facet.name, value.value, value.count) == (facet.name, value.value, expected)
            checked += 1
    assert checked > 5


def test_the_listing_count_and_facets_fetch_each_set_of_keys_once(client, archive):
    cap = max(facets.COUNT_CAP, facets.FACET_SAMPLE) + 1

    def fetches(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum(f"LIMIT {cap}" in query["sql"] for query in queries)

    # One set: every facet's filter is unset, so they share the listing's own keys.
    assert fetches("/ventures/") == 1
    # Two filters set: the listing's keys, and each set filter's facet leaves it out.
    # (founded_from has no facet of its own.)
    assert fetches("/ventures/?sector=retail&founded_from=2000") == 2
    assert fetches("/ventures/?sector=retail&kind=small_business&founded_from=2000") == 3


@pytest.mark.parametrize("url", ["/ventures/", "/ventures/?sector=retail&kind=small_business"])
def test_kind_status_place_and_country_are_counted_from_the_rows_the_keys_came_with(
    client, archive, url
):
    # The keys are read with each venture's kind, status and place, and the places with
    # their country: those four facets cost no query of their own.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    grouped = [query["sql"] for query in queries if "GROUP BY" in query["sql"]]
    for column in ("venture_kind", "status", "place_id", "country"):
        assert not [sql for sql in grouped if f'GROUP BY "ventures_venture"."{column}"' in sql]
        assert not [sql for sql in grouped if f'GROUP BY "ventures_place"."{column}"' in sql]
    assert len(grouped) == 1  # sectors: another table's rows
    # Kinds of funding, "has funding" and "funded by" count what the sample's ventures
    # store of the flows they receive, read with the keys: no query of their own, and
    # no flow read.
    cap = max(facets.COUNT_CAP, facets.FACET_SAMPLE) + 1
    fetched = [q["sql"] for q in queries if f"LIMIT {cap}" in q["sql"]]
    for column in ("funding_kinds", "funder_ids"):
        assert all(f'"ventures_venture"."{column}"' in sql for sql in fetched)
    assert not [q for q in queries if "JSONB_AGG" in q["sql"] or "JSON_GROUP_ARRAY" in q["sql"]]
    flows = [q["sql"] for q in queries if 'FROM "ventures_fundingflow"' in q["sql"]]
    assert not [sql for sql in flows if "COUNT(" in sql or "DISTINCT" in sql]


@pytest.mark.parametrize(
    "url",
    ["/ventures/?x=", "/ventures/?sector=retail", "/ventures/?founded_from=1990&has_funding=true"],
)
def test_a_page_is_read_by_the_keys_the_count_read_and_is_the_listing_s_page(client, archive, url):
    # Every page a listing links is among the keys its count read, in its order: a page
    # looks its twenty keys up instead of filtering and sorting the listing again.
    synthetic.generate(ventures=80, flows=160, seed=3)
    url = url.replace("?x=", "?")
    params = QueryDict(url.partition("?")[2])
    filterset = VentureFilter(params, queryset=selectors.listed_ventures(PUBLIC))
    assert filterset.is_valid()
    expected = [venture.slug for venture in filterset.qs]
    assert expected
    shown = []
    for number in range(1, (len(expected) - 1) // pagination.PER_PAGE + 2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}&page={number}")
        shown += [venture.slug for venture in response.context["page"].object_list]
        ordered = [
            q["sql"] for q in queries if 'ORDER BY "ventures_venture"."listed_name"' in q["sql"]
        ]
        page_read = ordered[-1]  # after the keys' fetch: the page's own rows
        assert '"ventures_venture"."party_ptr_id" IN (' in page_read
        assert "LIMIT" not in page_read
    assert shown == expected


def test_sampled_facets_count_over_the_same_sample(client, archive, monkeypatch):
    monkeypatch.setattr(facets, "FACET_SAMPLE", 4)
    response = client.get("/ventures/")
    by_name = {facet.name: facet for facet in response.context["facets"]}
    for name in ("kind", "status", "founded_by_defector", "has_funding"):
        assert by_name[name].sampled == 4
        assert sum(value.count for value in by_name[name].values) == 4
    assert response.context["page"].paginator.count == Venture.objects.public().count()


def test_place_facet_rolls_up_through_hidden_places_and_lists_only_public_ones(client, archive):
    country = PlaceFactory(name="Aardland", slug="aardland", country="KP", parent=None)
    hidden = PlaceFactory(
        name="Hidden province",
        slug="hidden-province",
        parent=country,
        visibility=Visibility.RESTRICTED,
    )
    town = PlaceFactory(name="Aardtown", slug="aardtown", parent=hidden)
    VentureFactory.create_batch(2, place=town, founded_year=1901)
    VentureFactory(place=country, founded_year=1901)

    response = client.get("/ventures/?founded_to=1901")
    place = next(facet for facet in response.context["facets"] if facet.name == "place")
    shown = {value.value: (value.count, value.depth) for value in place.values}
    assert shown["aardland"] == (3, 0)
    # Its parent is hidden: the town is listed at the top, and the province not at all.
    assert shown["aardtown"] == (2, 0)
    assert "hidden-province" not in shown
    assert listing_count(QueryDict("founded_to=1901&place=aardland")) == 3


def test_place_facet_lists_the_most_counted_places_in_their_tree_and_says_so(
    client, archive, monkeypatch
):
    country = PlaceFactory(name="Aardland", slug="aardland", parent=None)
    big = PlaceFactory(name="Bigtown", slug="bigtown", parent=country)
    small = PlaceFactory(name="Smalltown", slug="smalltown", parent=None)
    VentureFactory.create_batch(2, place=big, founded_year=1901)
    VentureFactory(place=small, founded_year=1901)
    monkeypatch.setattr(venture_facets, "PLACE_LIMIT", 2)

    response = client.get("/ventures/?founded_to=1901")
    place = next(facet for facet in response.context["facets"] if facet.name == "place")
    # The two most counted (Aardland 2, Bigtown 2), in their tree; Smalltown left out.
    assert [(value.value, value.count, value.depth) for value in place.values] == [
        ("aardland", 2, 0),
        ("bigtown", 2, 1),
    ]
    assert place.cut
    assert "Only the places with the most matches are listed" in response.content.decode()

    monkeypatch.setattr(venture_facets, "PLACE_LIMIT", 3)
    response = client.get("/ventures/?founded_to=1901")
    place = next(facet for facet in response.context["facets"] if facet.name == "place")
    assert not place.cut
    assert "Only the places with the most matches" not in response.content.decode()


def test_a_chosen_place_with_no_matches_stays_listed(client, archive):
    PlaceFactory(name="Emptyville", slug="emptyville", parent=None)
    response = client.get("/ventures/?place=emptyville")
    place = next(facet for facet in response.context["facets"] if facet.name == "place")
    chosen = [value for value in place.values if value.selected]
    assert [(value.value, value.count) for value in chosen] == [("emptyville", 0)]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["", "sector=retail&founded_from=2000&founded_to=2020"])
def test_a_page_in_listing_order_walks_the_public_name_index(postgres, archive, query):
    """The selectors' order over public ventures (their listed name, then id) matches the
    ventures' own partial index, so a page is read in index order, stopping at its last
    row (planned here with sorts and sequential scans discouraged, as the planner
    prefers them on a table this small)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    filterset = VentureFilter(QueryDict(query), queryset=selectors.listed_ventures(PUBLIC))
    assert filterset.is_valid(), filterset.errors
    assert "ventures_venture_listed_order" in filterset.qs[:20].explain()
    assert "ventures_venture_listed_order" in selectors.venture_records(PUBLIC)[:50].explain()
